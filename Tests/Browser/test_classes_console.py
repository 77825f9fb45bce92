"""The classes pages of the console (CL-1 … CL-5, B-2) in headless Chromium: hfjx_admin records a
teacher (and the certificate photo), builds a course template in the lessons table, applies for
a class from a closed plan with that template, submits it; hefei_admin refuses it from 开班审核
with a reason (required); the institution sees why, saves the schedule and resubmits; the city
approves it with the batch buttons; the institution starts training and opens the venue's QR
page, whose code is the API's; 考勤 lists the roster; 操作日志 shows the steps. The plan and its
student are made through the API (classes_setup). Every step is photographed (cl-NN-…) and
checked for console errors and CSP violations."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from classes_setup import POST, VENUE, closed_plan_with_students, day_start, ensure_teachers, lesson_now, unique, venue_code
from conftest import assert_clean, wait_css, wait_until
from console_pages import button, click_menu, open_console, row_with, set_value, text, wait_page, wait_toast
from console_setup import id_number
from test_student_mobile import camera_jpeg


def shanghai_date(unix):
    import datetime
    return datetime.datetime.fromtimestamp(unix, datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d")


def fill(driver, name, value, root=None):
    el = (root or driver).find_element(By.NAME, name)
    el.clear()
    el.send_keys(value)


def test_institution_applies_for_a_class_and_the_city_approves_it(desktop, browser, base_url, shot, api, sms_code, tmp_path):
    admin = api.login("hfjx_admin")
    plan, _ = closed_plan_with_students(api, sms_code, ["开班学员甲"])
    teachers = ensure_teachers(api, admin)   # the theory teacher of the trade and two safety teachers
    d = desktop

    # 师资及考评员: a new safety teacher through the form, then the certificate photo.
    open_console(d, base_url, "hfjx_admin", "/classes/teachers")
    assert "培训管理" in d.find_element(By.ID, "sidebar").text
    shot(d, "cl-01-teachers")
    button(d, "新增师资").click()
    wait_page(d)
    name = unique("张教师")[:12]
    fill(d, "name", name)
    fill(d, "idNumber", id_number())
    Select(d.find_element(By.NAME, "role")).select_by_visible_text("安全知识教师")
    fill(d, "qualification", "安全生产培训师资证 AQ-2026-001")
    fill(d, "phone", "13912345678")
    shot(d, "cl-02-teacher-form")
    button(d, "保存").click()
    wait_toast(d, "已保存")
    wait_page(d)
    photo = tmp_path / "certificate.jpg"
    camera_jpeg(d, photo, "建筑施工安全培训师资证", width=1000, height=700)
    d.find_element(By.CSS_SELECTOR, "input[type=file][name=photo]").send_keys(str(photo))
    wait_toast(d, "资格证书照片已上传")
    wait_css(d, ".images img")
    shot(d, "cl-03-teacher-photo")
    click_menu(d, "师资及考评员")
    row = row_with(d, name)
    assert "安全知识教师" in row.text and "*" in row.text   # the ID number masked as the API lists it
    assert_clean(d)

    # 课程模板: four lessons of 12 hours (the trade's 48), the total shown as rows are added.
    click_menu(d, "课程模板")
    button(d, "新建课程模板").click()
    wait_page(d)
    template_name = unique("砌筑工课程")
    fill(d, "name", template_name)
    Select(d.find_element(By.NAME, "post")).select_by_value(POST)
    for i in range(4):
        if i:
            button(d, "＋ 添加课程").click()
        row = d.find_elements(By.CSS_SELECTOR, ".lessons-table tbody tr")[i]
        fill(d, "content", f"第{i + 1}讲 砌筑工艺", row)
        Select(row.find_element(By.NAME, "teacherId")).select_by_value(str(teachers[i % 3]))
        set_value(d, row.find_element(By.NAME, "day"), str(i + 1))
        set_value(d, row.find_element(By.NAME, "start"), "08:00")
        set_value(d, row.find_element(By.NAME, "end"), "20:00")
        fill(d, "place", "实训楼 201", row)
        set_value(d, row.find_element(By.NAME, "hours"), "12")
    assert "合计 48 学时，共 4 节课" in text(d, ".lesson-total")
    shot(d, "cl-04-template-form", full_page=True)
    button(d, "保存").click()
    wait_toast(d, "课程模板已保存")
    wait_page(d)
    assert "48" in row_with(d, template_name).text
    shot(d, "cl-05-templates")
    assert_clean(d)

    # 开班申请: the closed plan, its post, the template from a day 8 days on, the venue.
    click_menu(d, "开班申请")
    Select(d.find_element(By.NAME, "planId")).select_by_value(str(plan["id"]))
    wait_until(d, lambda x: len(Select(x.find_element(By.NAME, "post")).options) > 1)
    Select(d.find_element(By.NAME, "post")).select_by_value(POST)
    wait_until(d, lambda x: any(template_name in o.text for o in Select(x.find_element(By.NAME, "templateId")).options))
    Select(d.find_element(By.NAME, "templateId")).select_by_visible_text(
        next(o.text for o in Select(d.find_element(By.NAME, "templateId")).options if template_name in o.text))
    set_value(d, d.find_element(By.NAME, "firstDay"), shanghai_date(day_start(int(time.time())) + 8 * 86400 + 3600))
    class_name = unique("砌筑工浏览器测试班")
    fill(d, "name", class_name)
    fill(d, "venue.name", VENUE["name"])
    fill(d, "venue.address", VENUE["address"])
    fill(d, "venue.latitude", str(VENUE["latitude"]))
    fill(d, "venue.longitude", str(VENUE["longitude"]))
    shot(d, "cl-06-apply", full_page=True)
    button(d, "保存为草稿").click()
    wait_until(d, lambda x: text(x, "main h1") == class_name, 15, "the new class's page")
    wait_page(d)
    details = text(d, "main dl.details")
    assert "草稿" in details and "已排 48 / 规定 48 学时" in details
    assert d.find_elements(By.CSS_SELECTOR, "form[aria-label='编辑课程表'] .lessons-table tbody tr")
    shot(d, "cl-07-class-draft", full_page=True)
    class_url = d.current_url
    class_id = int(class_url.rstrip("/").split("/")[-1].split("?")[0])
    assert [b.text for b in d.find_elements(By.CSS_SELECTOR, ".review-actions button")] == ["提交开班申请", "删除"]
    button(d, "提交开班申请").click()
    button(wait_css(d, "dialog"), "提交").click()
    wait_until(d, lambda x: "已提交" in text(x, "main dl.details"))
    assert [b.text for b in d.find_elements(By.CSS_SELECTOR, ".review-actions button")] == ["撤回申请"]
    assert "提交开班申请" in text(d, "ol.timeline")
    shot(d, "cl-08-class-submitted")
    assert_clean(d)

    # 开班审核 (hefei_admin): the class awaits; first refused (a reason is required).
    city = browser("desktop")
    open_console(city, base_url, "hefei_admin", "/classes/review")
    button(row_with(city, class_name), "不通过").click()
    dialog = wait_css(city, "dialog")
    button(dialog, "不通过").click()
    wait_until(city, lambda x: "请填写不通过原因" in dialog.text)
    dialog.find_element(By.NAME, "comment").send_keys("培训场地地址请写明楼层和教室")
    shot(city, "cl-09-reject-dialog")
    button(dialog, "不通过").click()
    wait_toast(city, "开班审核不通过：已完成")
    assert_clean(city)

    # The institution sees 未通过 with the reason, saves the schedule again and resubmits.
    d.refresh()
    wait_page(d)
    assert "未通过" in text(d, "main dl.details") and "培训场地地址请写明楼层和教室" in text(d, "main")
    assert "审核未通过" in text(d, "ol.timeline")
    shot(d, "cl-10-class-rejected", full_page=True)
    d.find_element(By.NAME, "venue.address").send_keys(" 实训楼二层 201")
    button(d, "保存课程表").click()
    wait_toast(d, "课程表已保存")
    wait_until(d, lambda x: "实训楼二层 201" in text(x, "main dl.details"), 10, "the saved venue")   # the page drawn again
    d.execute_script("window.scrollTo(0, 0)")   # the buttons are at the top, under the fixed bar when scrolled into view
    button(d, "提交开班申请").click()
    button(wait_css(d, "dialog"), "提交").click()
    wait_until(d, lambda x: "已提交" in text(x, "main dl.details"))
    assert_clean(d)

    # The city: checked and approved with the batch button.
    city.refresh()
    wait_page(city)
    row = row_with(city, class_name)
    row.find_element(By.CSS_SELECTOR, "input.pick").click()
    shot(city, "cl-11-review-queue")
    button(city, "批量通过").click()
    dialog = wait_css(city, "dialog")
    dialog.find_element(By.NAME, "comment").send_keys("同意开班")
    button(dialog, "通过").click()
    wait_until(city, lambda x: "审核通过：成功 1 个" in text(x, ".batch-results"))
    shot(city, "cl-12-review-done")
    city.get(class_url)
    wait_page(city)
    assert "已通过" in text(city, "main dl.details") and "审核通过" in text(city, "ol.timeline")
    shot(city, "cl-13-authority-class", full_page=True)
    assert_clean(city)

    # The institution: 开始培训, the first lesson moved to now (through the API), the QR page.
    lesson_now(api, admin, class_id)
    d.refresh()   # the same hash: get() would not load the page again
    wait_page(d)
    assert [b.text for b in d.find_elements(By.CSS_SELECTOR, ".review-actions button")] == ["开始培训"]
    button(d, "开始培训").click()
    button(wait_css(d, "dialog"), "开始培训").click()
    wait_until(d, lambda x: "培训中" in text(x, "main dl.details"))
    shot(d, "cl-14-class-training", full_page=True)
    first = api.get(f"/api/v1/classes/{class_id}", admin)["lessons"][0]
    button(d.find_element(By.CSS_SELECTOR, "main table tbody tr"), "签到二维码").click()
    wait_page(d)
    img = wait_css(d, ".venue-qr-img")
    wait_until(d, lambda x: (img.get_attribute("src") or "").startswith("data:image/svg+xml;base64,"))
    digits = lambda x: "".join(text(x, ".venue-code-digits").split())
    wait_until(d, lambda x: len(digits(x)) == 8)
    before = venue_code(api, admin, class_id, first["id"])["code"]
    shown = digits(d)
    after = venue_code(api, admin, class_id, first["id"])["code"]
    assert shown in (before, after), f"the page shows {shown}, the API {before}/{after}"
    assert "秒后更换" in text(d, ".venue-countdown")
    assert d.execute_script("return document.querySelector('.venue-qr svg') === null")
    shot(d, "cl-15-venue-qr")
    button(d, "深色背景").click()
    shot(d, "cl-16-venue-qr-dark")
    assert_clean(d)

    # 考勤 for that lesson: the roster, nobody signed in yet.
    d.get(f"{base_url}/#/classes/attendance?classId={class_id}&lessonId={first['id']}")
    wait_page(d)
    wait_css(d, ".attendance-counts")
    assert "应到人数" in text(d, ".attendance-counts")
    assert "未签到" in text(d, "main .table-wrap") or "本节课尚无签到记录" in text(d, "main .table-wrap")
    shot(d, "cl-17-attendance-empty")
    assert_clean(d)

    # 操作日志, 培训与考勤: the class's steps with their Chinese names.
    d.get(f"{base_url}/#/system/log?service=training")
    wait_page(d)
    log = text(d, "main .table-wrap")
    assert all(step in log for step in ("创建班级", "提交开班申请", "开始培训")), log[:500]
    shot(d, "cl-18-operation-log")
    assert_clean(d)
