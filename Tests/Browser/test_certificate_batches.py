"""Registration batches (CE-3) in headless Chromium: hfjx_admin creates a batch in 我的批次, uploads a
sheet with errors (shown row by row, nothing imported), then a correct one (previewed, then
确认导入), adds an image and submits; hefei_admin opens it from 审核批次, rejects one person with a
reason, passes the rest and returns only the rejected one; the province approves through the
API and the unit sees the batch 审核通过 with its certificate numbers, and the returned batch
among 审核不通过. Every step is photographed (bt-NN-…) and checked for console errors and CSP
violations."""
from selenium.webdriver.common.by import By

from conftest import assert_clean, wait_css, wait_until
from console_pages import button, click_menu, open_console, text, wait_page, wait_toast
from console_setup import id_number
from test_assessment import confirm_dialog, reopen
from test_certificate_business import png

HEADER = "姓名,身份证号,工作单位,岗位代码,等级\n"


def choose(driver, selector, path):
    driver.find_element(By.CSS_SELECTOR, selector).send_keys(str(path))


def test_batch_import_review_return(desktop, browser, base_url, shot, api, tmp_path):
    d = desktop
    people = [("批次甲", id_number()), ("批次乙", id_number()), ("批次丙", id_number())]
    bad = tmp_path / "有误.csv"
    bad.write_text(HEADER + f"批次甲,{people[0][1]},安徽一建,050,\n批次乙,340102199001011230,安徽一建,999,\n", encoding="utf-8")
    good = tmp_path / "合格人员.csv"
    good.write_text(HEADER + "".join(f"{name},{number},安徽一建,050,\n" for name, number in people), encoding="utf-8")

    # The unit: 我的批次 → 创建批次 → the batch's page.
    open_console(d, base_url, "hfjx_admin", "/certificate-batches")
    button(d, "创建批次").click()
    dialog = wait_css(d, "dialog[open]")
    dialog.find_element(By.NAME, "name").send_keys("浏览器测试批次")
    dialog.find_element(By.CSS_SELECTOR, ".dialog-foot button:last-child").click()
    wait_until(d, lambda x: "批次代码" in text(x, "main") and "上传合格人员" in text(x, "main"), 15, "batch page")
    shot(d, "bt-01-new-batch", full_page=True)

    # A sheet with errors: every error by row and column, nothing imported.
    choose(d, "input[aria-label='选择合格人员文件']", bad)
    wait_until(d, lambda x: "处错误" in text(x, ".import-result"), 15, "errors")
    assert "岗位代码" in text(d, ".import-result table") and "身份证号" in text(d, ".import-result table")
    shot(d, "bt-02-import-errors", full_page=True)
    # A clean one: previewed, then imported.
    choose(d, "input[aria-label='选择合格人员文件']", good)
    wait_until(d, lambda x: "校验通过" in text(x, ".import-result"), 15, "preview")
    shot(d, "bt-03-import-preview", full_page=True)
    button(d, "确认导入 3 人").click()
    wait_toast(d, "已导入 3 人")
    wait_until(d, lambda x: all(name in text(x, "main") for name, _ in people) and "3 人" in text(x, ".details"), 15, "imported")
    choose(d, "input[aria-label='选择批次资料']", png(tmp_path / "现场照片.png"))
    wait_until(d, lambda x: "现场照片.png" in text(x, "main"), 15, "file")
    shot(d, "bt-04-batch-ready", full_page=True)
    button(d, "提交审核").click()
    confirm_dialog(d)
    wait_until(d, lambda x: "审核中" in text(x, ".details"), 10, "submitted")
    batch_url = d.current_url
    assert_clean(d)

    # The city: 审核批次 → the batch → one person rejected with a reason, the rest passed, only the rejected returned.
    city = browser("desktop")
    open_console(city, base_url, "hefei_admin", "/certificate-batches/review")
    wait_until(city, lambda x: "浏览器测试批次" in text(x, "main table"), 10, "queue")
    shot(city, "bt-05-review-queue")
    button(city.find_element(By.XPATH, "//main//tr[contains(., '浏览器测试批次')]"), "审核").click()
    wait_page(city)
    wait_until(city, lambda x: "批次乙" in text(x, "main table"), 10, "candidates")
    row = city.find_element(By.XPATH, "//main//tr[contains(., '批次乙')]")
    button(row, "不通过").click()
    dialog = wait_css(city, "dialog[open]")
    dialog.find_element(By.NAME, "reason").send_keys("工作单位与社保记录不符")
    dialog.find_element(By.CSS_SELECTOR, ".dialog-foot button:last-child").click()
    wait_until(city, lambda x: "工作单位与社保记录不符" in text(x, "main table"), 10, "rejected person")
    button(city, "其余全部通过").click()
    wait_until(city, lambda x: "已通过 2" in text(x, ".details"), 10, "passed")
    shot(city, "bt-06-reviewed-candidates", full_page=True)
    button(city, "仅退回不通过人员").click()
    confirm_dialog(city)
    wait_until(city, lambda x: "省级主管部门审核" in text(x, ".details"), 10, "forwarded")
    assert "退回审核不通过的1人" in text(city, ".timeline")
    shot(city, "bt-07-returned", full_page=True)
    assert_clean(city)

    # The province approves through the API; the unit sees the numbers, and the returned batch.
    province = api.login("sheng_admin")
    batch_id = batch_url.rsplit("/", 1)[1]
    api.post(f"/api/v1/certificate-batches/{batch_id}/pass-remaining", {}, province)
    api.post(f"/api/v1/certificate-batches/{batch_id}/actions", {"action": "BATCH_ACTION_APPROVE", "comment": ""}, province)
    reopen(d, batch_url)
    wait_until(d, lambda x: "审核通过" in text(x, ".details") and "证书编号" in text(x, ".details"), 10, "approved")
    shot(d, "bt-08-approved", full_page=True)
    click_menu(d, "我的批次")
    button(d, "审核不通过").click()
    wait_until(d, lambda x: "浏览器测试批次（退回）" in text(x, "main table"), 10, "returned batch")
    shot(d, "bt-09-returned-batch")
    assert_clean(d)
