"""The console's scenarios of issue 12 in headless Chromium: (1) an institution administrator
creates and publishes plans (one through the authority's approval); (3) the reviewer rejects an
enrollment with a reason and approves the resubmission; (4) a city authority sees only its own
subtree; (5) a bad input shows the Chinese message at its field, and an expired session returns
to sign-in and then to the page the user was on. The student's side of (2)/(3) is test_m_*'s;
here the enrollment is made through the API. Every step is photographed."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_clean, wait_css, wait_until
from console_pages import (button, click_menu, field_error, menu, open_console, row_with, set_value,
                           shanghai_input, sign_in, text, wait_page, wait_toast)
from console_setup import enroll, enrollment_form, make_plan, register_student, upload


def unique(prefix):
    return f"{prefix} {int(time.time() * 1000) % 10_000_000}"


def fill_plan(driver, name, posts, days=20, approval=False):
    now = int(time.time())
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "headcount").send_keys("40")
    set_value(driver, driver.find_element(By.NAME, "startUnix"), shanghai_input(now - 60))
    set_value(driver, driver.find_element(By.NAME, "endUnix"), shanghai_input(now + days * 86400))
    for code in posts:
        driver.find_element(By.CSS_SELECTOR, f"input[name=posts][value='{code}']").click()
    if approval:
        driver.find_element(By.NAME, "requiresApproval").click()


def test_1_institution_admin_creates_and_publishes_a_plan(desktop, browser, base_url, shot):
    d = desktop
    d.get(base_url + "/")
    wait_css(d, "form.login-form")
    shot(d, "c1-01-sign-in")
    assert sign_in(d, "hfjx_admin").text == "首页"
    assert "报名计划" in menu(d) and "机构管理" not in menu(d)
    shot(d, "c1-02-home")
    click_menu(d, "报名计划")
    shot(d, "c1-03-plans")
    button(d, "新建报名计划").click()
    wait_page(d)
    name = unique("浏览器测试 新取证计划")
    fill_plan(d, name, ["011", "021"])
    shot(d, "c1-04-plan-form", full_page=True)
    button(d, "保存").click()
    assert wait_page(d).text == name
    wait_toast(d, "报名计划已发布")
    details = d.find_element(By.CSS_SELECTOR, "main dl.details").text
    assert "报名中" in details and "施工员（土建）、质量员（土建）" in details
    shot(d, "c1-05-plan-published")

    # A plan that needs the authority's approval: draft → 上报 → 受理 → 通过.
    click_menu(d, "报名计划")
    button(d, "新建报名计划").click()
    wait_page(d)
    second = unique("浏览器测试 审批计划")
    fill_plan(d, second, ["030"], approval=True)
    button(d, "保存").click()
    wait_page(d)
    assert "草稿" in d.find_element(By.CSS_SELECTOR, "main dl.details").text
    plan_url = d.current_url
    button(d, "上报审批").click()
    button(wait_css(d, "dialog"), "上报").click()
    wait_until(d, lambda x: "已上报" in text(x, "main dl.details"))
    shot(d, "c1-06-plan-submitted")

    city = browser("desktop")
    open_console(city, base_url, "hefei_admin", "/enrollment/plans?state=submitted")
    row_with(city, second)
    shot(city, "c1-07-authority-plans")
    city.get(plan_url)
    wait_page(city)
    button(city, "受理").click()
    button(wait_css(city, "dialog"), "受理").click()
    wait_until(city, lambda x: "已受理" in text(x, "main dl.details"))
    button(city, "审核通过").click()
    button(wait_css(city, "dialog"), "通过").click()
    wait_until(city, lambda x: "报名中" in text(x, "main dl.details"))
    shot(city, "c1-08-authority-approved")
    assert_clean(city)

    d.refresh()
    wait_page(d)
    assert "报名中" in d.find_element(By.CSS_SELECTOR, "main dl.details").text
    assert_clean(d)


def test_3_reviewer_rejects_with_a_reason_then_approves_the_resubmission(desktop, base_url, shot, api, sms_code):
    admin = api.login("hfjx_admin")
    plan = make_plan(api, admin, unique("浏览器测试 审核计划"))
    student, number, _ = register_student(api, sms_code, name="审核测试")
    enrollment = enroll(api, student, plan["id"])

    d = desktop
    open_console(d, base_url, "hfjx_reviewer", f"/enrollment/review?planId={plan['id']}")
    assert set(menu(d)) == {"首页", "报名审核", "我的学员", "报名人员查询", "照片确认", "通知公告"}
    shot(d, "c3-01-pending")
    button(row_with(d, "审核测试"), "审核").click()
    wait_page(d)
    shot(d, "c3-02-detail", full_page=True)
    button(d, "驳回").click()
    dialog = wait_css(d, "dialog")
    button(dialog, "驳回").click()  # no reason chosen: the dialog says so at the reasons
    wait_until(d, lambda x: "请至少选择一个驳回原因" in dialog.text)
    dialog.find_element(By.CSS_SELECTOR, "input[value=id_image]").click()
    dialog.find_element(By.NAME, "rejectComment").send_keys("身份证人像面反光，请重新拍摄")
    shot(d, "c3-03-reject-dialog")
    button(dialog, "驳回").click()
    wait_toast(d, "已驳回")
    wait_page(d)
    d.get(f"{base_url}/#/enrollment/review?state=rejected&planId={plan['id']}")
    wait_page(d)
    row = row_with(d, "审核测试")
    assert "已驳回" in row.text
    shot(d, "c3-04-rejected-list")

    mine = api.get(f"/api/v1/enrollments/{enrollment['id']}", student)
    assert mine["state"] == "ENROLLMENT_STATE_REJECTED" and mine["rejectReasons"] == ["id_image"]
    form = mine["form"]
    form["idFrontFileId"] = upload(api, student, "id_front")
    api.put(f"/api/v1/enrollments/{enrollment['id']}", {"form": form}, student)

    d.get(f"{base_url}/#/enrollment/review?state=submitted&planId={plan['id']}")
    wait_page(d)
    button(row_with(d, "审核测试"), "审核").click()
    wait_page(d)
    assert "待审核" in d.find_element(By.CSS_SELECTOR, "main dl.details").text  # the resubmission
    button(d, "审核通过").click()
    wait_toast(d, "已确认")
    wait_page(d)
    click_menu(d, "我的学员")
    assert "审核测试" in d.find_element(By.CSS_SELECTOR, "main").text
    shot(d, "c3-05-my-students")
    assert api.get(f"/api/v1/enrollments/{enrollment['id']}", student)["state"] == "ENROLLMENT_STATE_APPROVED"

    # The printable forms are console pages from the enrollment's JSON.
    d.get(f"{base_url}/#/enrollment/print/{enrollment['id']}/form")
    wait_page(d)
    sheet = d.find_element(By.CSS_SELECTOR, ".printable").text
    assert "培训报名表" in sheet and number in sheet and "已确认" in sheet
    shot(d, "c3-06-print-form", full_page=True)
    d.get(f"{base_url}/#/enrollment/print/{enrollment['id']}/commitment")
    wait_page(d)
    assert "个人报名承诺书" in d.find_element(By.CSS_SELECTOR, ".printable").text
    shot(d, "c3-07-print-commitment")
    assert_clean(d)


def test_4_a_city_authority_sees_only_its_own_subtree(desktop, base_url, shot):
    d = desktop
    open_console(d, base_url, "luan_admin", "/org/organisations")
    tree = d.find_element(By.CSS_SELECTOR, "ul.tree").text
    assert "六安市住房和城乡建设局" in tree and "六安市建设培训中心" in tree
    for other in ("合肥", "安徽省住房和城乡建设厅", "省建设行业职业技能培训中心"):
        assert other not in tree
    shot(d, "c4-01-luan-tree")
    click_menu(d, "报名计划")
    institutions = [o.text for o in d.find_elements(By.CSS_SELECTOR, "select[name=orgId] option")]
    assert institutions == ["全部", "六安市建设培训中心"]
    orgs = {td.text for td in d.find_elements(By.CSS_SELECTOR, "main tbody td[data-label='培训机构']")}
    assert orgs <= {"六安市建设培训中心"}
    shot(d, "c4-02-luan-plans")
    click_menu(d, "用户管理")
    assert "hfjx" not in d.find_element(By.CSS_SELECTOR, "main").text
    click_menu(d, "报名人员查询")
    assert all("合肥" not in td.text for td in d.find_elements(By.CSS_SELECTOR, "main tbody td[data-label='培训机构']"))
    shot(d, "c4-03-luan-personnel")
    assert_clean(d)


def test_5a_a_bad_input_shows_the_chinese_message_at_its_field(desktop, base_url, shot):
    d = desktop
    open_console(d, base_url, "hfjx_admin", "/enrollment/plans/new")
    fill_plan(d, unique("浏览器测试 窗口过长"), ["011"], days=45)
    button(d, "保存").click()
    wait_until(d, lambda x: field_error(x, "endUnix")[0])
    message, linked = field_error(d, "endUnix")
    assert message == "报名时间不能超过31天（一个月）" and linked
    assert d.switch_to.active_element.get_attribute("name") == "endUnix"
    assert "INVALID_ARGUMENT" not in d.find_element(By.TAG_NAME, "body").text
    shot(d, "c5-01-plan-window-error")

    click_menu(d, "用户管理")
    button(d, "新增用户").click()
    dialog = wait_css(d, "dialog")
    dialog.find_element(By.NAME, "username").send_keys("9号用户")
    dialog.find_element(By.NAME, "name").send_keys("测试")
    dialog.find_element(By.NAME, "initialPassword").send_keys("Demo2026a")
    button(dialog, "创建").click()
    wait_until(d, lambda x: field_error(x, "username")[0])
    message, linked = field_error(d, "username")
    assert "用户名" in message and linked
    shot(d, "c5-02-user-error")
    assert_clean(d)


def test_5b_an_expired_session_returns_to_sign_in_and_then_to_the_page(desktop, base_url, shot, api):
    d = desktop
    open_console(d, base_url, "hfjx_admin", "/enrollment/plans?state=approved")
    page = d.current_url
    token = next(c["value"] for c in d.get_cookies() if c["name"] == "session")
    api.delete("/api/v1/sessions/current", token)  # signed out from outside

    click_menu_link = d.find_element(By.XPATH, "//nav[@id='sidebar']//a[normalize-space()='用户管理']")
    click_menu_link.click()
    wait_css(d, "form.login-form")
    assert "登录已失效" in d.find_element(By.CSS_SELECTOR, ".bare").text
    shot(d, "c5-03-expired")
    sign_in(d, "hfjx_admin")
    assert d.current_url.endswith("#/system/users") and d.find_element(By.CSS_SELECTOR, "main h1").text == "用户管理"

    # The cookie gone (expired): a reload of a page with filters comes back to it after sign-in.
    d.get(page)
    wait_page(d)
    d.delete_cookie("session")
    d.refresh()
    wait_css(d, "form.login-form")
    shot(d, "c5-04-sign-in-again")
    sign_in(d, "hfjx_admin")
    assert d.current_url == page
    assert d.find_element(By.CSS_SELECTOR, "select[name=state]").get_attribute("value") == "approved"
    shot(d, "c5-05-back-on-the-page")
    assert_clean(d)


def credit_code(seed):
    """A unified social credit code with a valid GB 32100 check character."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "91340100" + f"{seed % 10**9:09d}"
    return body + chars[(31 - sum(chars.index(c) * w for c, w in zip(body, weights)) % 31) % 31]


def test_an_enterprise_registers_and_its_city_authority_approves(desktop, browser, base_url, shot, api, tmp_path):
    from console_setup import PNG
    image = tmp_path / "licence.png"
    image.write_bytes(PNG)
    hefei = next(o for o in api.get("/api/v1/organisations?kind=city_authority", api.login("sheng_admin"))["organisations"]
                 if o["divisionCode"] == "3401")
    d = desktop
    d.get(base_url + "/")
    wait_css(d, "form.login-form")
    button(d, "企业注册申请").click()
    wait_css(d, "input[name=creditCode]")
    name = unique("浏览器测试建筑有限公司")
    d.find_element(By.NAME, "name").send_keys(name)
    d.find_element(By.NAME, "creditCode").send_keys(credit_code(int(time.time())))
    # A visitor (no session) chooses the reviewing authority by name from the open list.
    authority = Select(d.find_element(By.NAME, "cityAuthorityId"))
    authority.select_by_visible_text(hefei["name"])
    assert authority.first_selected_option.get_attribute("value") == str(hefei["id"])
    d.find_element(By.NAME, "licenceImage").send_keys(str(image))
    d.find_element(By.NAME, "qualificationImages").send_keys(str(image))
    button(d, "提交申请").click()  # the commitment not accepted: said at the commitment
    wait_until(d, lambda x: "请阅读并同意企业承诺书" in text(x, ".field[data-field=commitmentAccepted]"))
    d.find_element(By.NAME, "commitmentAccepted").click()
    shot(d, "ce-01-register", full_page=True)
    button(d, "提交申请").click()
    wait_until(d, lambda x: "申请已提交" in text(x, "h1"))
    shot(d, "ce-02-registered")

    city = browser("desktop")
    open_console(city, base_url, "hefei_admin", "/org/enterprises?state=submitted")
    button(row_with(city, name), "审核").click()
    wait_page(city)
    wait_until(city, lambda x: len(x.find_elements(By.CSS_SELECTOR, ".images img")) == 2)
    wait_until(city, lambda x: x.execute_script(
        "return [...document.querySelectorAll('.images img')].every(i => i.complete && i.naturalWidth > 0)"), message="the images did not load")
    shot(city, "ce-03-review")
    button(city, "通过").click()
    button(wait_css(city, "dialog"), "通过").click()
    wait_toast(city, "已通过")
    assert_clean(city)


def test_the_reviewer_confirms_and_returns_photos_from_one_list(desktop, base_url, shot, api, sms_code):
    admin = api.login("hfjx_admin")
    plan = make_plan(api, admin, unique("浏览器测试 照片计划"))
    tail = "".join("零一二三四五六七八九"[int(c)] for c in str(int(time.time() * 1000))[-4:])
    names = ["照确" + tail, "照退" + tail]  # student names: Chinese characters only
    for name in names:
        student, _, _ = register_student(api, sms_code, name=name)
        enroll(api, student, plan["id"])
        api.put("/api/v1/me/photo", {"fileId": upload(api, student, "photo")}, student)

    d = desktop
    open_console(d, base_url, "hfjx_reviewer", "/enrollment/photos")
    keep, back = (row_with(d, name) for name in names)
    wait_until(d, lambda x: x.execute_script(
        "return [...document.querySelectorAll('.photo-cell img')].every(i => i.complete && i.naturalWidth > 0)"), message="the photos did not load")
    assert "待确认" in keep.text and "**" in keep.text  # the ID number masked
    shot(d, "cp-01-pending")
    button(keep, "确认").click()
    wait_toast(d, "照片已确认")
    wait_page(d)
    button(row_with(d, names[1]), "退回").click()
    dialog = wait_css(d, "dialog")
    dialog.find_element(By.NAME, "comment").send_keys("背景不是白色")
    button(dialog, "退回").click()
    wait_toast(d, "照片已退回，学员将收到通知")
    wait_page(d)
    assert not any(name in text(d, "main") for name in names), "both left the pending list"
    d.get(f"{base_url}/#/enrollment/photos?state=returned")
    wait_page(d)
    assert "背景不是白色" in row_with(d, names[1]).text
    shot(d, "cp-02-returned")
    assert_clean(d)
