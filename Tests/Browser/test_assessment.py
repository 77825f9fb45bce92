"""The assessment pages (AS-1 … AS-4) in headless Chromium: hfjx_admin makes a test plan for a
finished class in 新建考核计划 and reports it; sheng_admin accepts and approves it from 考核审核;
the institution prints the tickets and the sign-in sheet, downloads the template, has a file
with a bad row refused (row, column and reason on screen, nothing saved), imports a good one
after its preview, corrects a score one by one and reports the scores; the province approves
them; the student sees the ticket and then the result in 我的考试 on the phone, and the
progress on the enrollment. The class is made through the API (assessment_setup). Every step
is photographed (as-NN-…) and checked for console errors and CSP violations."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from assessment_setup import finished_class
from conftest import assert_clean, wait_css, wait_until
from console_pages import button, click_menu, open_console, row_with, set_value, shanghai_input, text, wait_page, wait_toast
from test_classes_mobile import go, sign_in_on_phone


def fill(driver, name, value, root=None):
    el = (root or driver).find_element(By.NAME, name)
    el.clear()
    el.send_keys(value)


def confirm_dialog(driver, comment=None):
    """Fills the open dialog's comment (when given) and presses its last button."""
    dialog = wait_css(driver, "dialog[open]")
    if comment is not None:
        dialog.find_element(By.NAME, "comment").send_keys(comment)
    dialog.find_element(By.CSS_SELECTOR, ".dialog-foot button:last-child").click()
    wait_until(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), 10, "dialog still open")


def reopen(driver, url):
    """Loads `url` afresh (the same hash again would not re-render)."""
    driver.get(url)
    driver.refresh()
    return wait_page(driver)


def upload_and_check(driver, path):
    driver.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(str(path))
    button(driver, "校验文件").click()
    return wait_css(driver, ".import-result .notice")


def test_a_test_plan_from_creation_to_approved_scores(desktop, browser, base_url, shot, api, sms_code, tmp_path):
    item, students, admin = finished_class(api, sms_code, ["考核学员甲", "考核学员乙"])
    d = desktop

    # AS-1: the plan through the form; the candidates are the class's eligible students.
    open_console(d, base_url, "hfjx_admin", "/assessment/plans")
    assert "考核管理" in d.find_element(By.ID, "sidebar").text
    button(d, "新建考核计划").click()
    wait_page(d)
    Select(d.find_element(By.NAME, "classId")).select_by_value(str(item["id"]))
    fill(d, "name", f"{item['name']} 考核")
    start = (int(time.time()) // 3600 + 24 * 10) * 3600
    set_value(d, d.find_element(By.NAME, "examStart"), shanghai_input(start))
    set_value(d, d.find_element(By.NAME, "examEnd"), shanghai_input(start + 7200))
    fill(d, "place", "合肥市蜀山区长江西路 100 号 实训楼 3 楼考场")
    shot(d, "as-01-new-plan")
    button(d, "保存考核计划").click()
    wait_toast(d, "考核计划已保存")
    wait_page(d)
    assert "未上报" in text(d, "main .details") and "考核学员甲" in text(d, "main")
    shot(d, "as-02-plan-draft", full_page=True)
    button(d, "上报考核计划").click()
    confirm_dialog(d)
    wait_toast(d, "上报考核计划：已完成")
    wait_until(d, lambda x: "待受理" in text(x, "main .details"), 10, "submitted")
    plan_url = d.current_url
    plan_id = plan_url.rstrip("/").split("/")[-1]
    assert_clean(d)

    # The province accepts (受理) and approves from 考核审核.
    province = browser()
    open_console(province, base_url, "sheng_admin", "/assessment/review")
    name = f"{item['name']} 考核"
    row = row_with(province, name)
    shot(province, "as-03-review-queue")
    button(row, "受理").click()
    confirm_dialog(province)
    wait_toast(province, "受理考核计划：已完成")
    wait_page(province)
    button(row_with(province, name), "通过").click()
    confirm_dialog(province, "同意考核安排")
    wait_toast(province, "考核计划审核通过：已完成")
    assert_clean(province)

    # AS-2: tickets and the sign-in sheet, with full ID numbers; tickets are numbered.
    reopen(d, plan_url)
    assert "已审核" in text(d, "main .details")
    button(d, "准考证").click()
    wait_page(d)
    ticket_text = text(d, "main .sheets")
    assert "考核准考证" in ticket_text and students[0][1] in ticket_text, ticket_text
    shot(d, "as-04-tickets", full_page=True)
    d.find_element(By.XPATH, "//nav[contains(@class,'tabs')]//a[normalize-space()='签到表']").click()
    wait_page(d)
    assert "考生签到表" in text(d, "main") and students[1][1] in text(d, "main")
    shot(d, "as-05-sign-in-sheet", full_page=True)
    assert_clean(d)

    # AS-3: a file with a bad row is refused with the row, the column and why; nothing saved.
    reopen(d, f"{base_url}/#/assessment/plans/{plan_id}/scores")
    printed = api.get(f"/api/v1/test-plans/{plan_id}/candidates?forPrint=true", admin)["candidates"]
    by_name = {c["name"]: c for c in printed}
    header = "准考证号,姓名,身份证号,理论成绩,实操成绩,考试情况\n"
    line = lambda c, theory, practice, sitting="": f"{c['ticketNumber']},{c['name']},{c['idNumber']},{theory},{practice},{sitting}\n"
    bad = tmp_path / "成绩-有误.csv"
    bad.write_text(header + line(by_name["考核学员甲"], "85", "90") + line(by_name["考核学员乙"], "105", "70"), encoding="utf-8")
    note = upload_and_check(d, bad)
    assert "1 处错误" in note.text, note.text
    errors = text(d, ".import-result table")
    assert "第 3 行" in errors and "理论成绩" in errors and "0–100" in errors, errors
    shot(d, "as-06-import-errors", full_page=True)
    assert all(not c.get("sitting") or c["sitting"] == "SITTING_UNSPECIFIED"
               for c in api.get(f"/api/v1/test-plans/{plan_id}/candidates", admin)["candidates"])

    # A good file (GBK, as Chinese Excel saves it): the preview, then the import.
    good = tmp_path / "成绩.csv"
    good.write_bytes((header + line(by_name["考核学员甲"], "85", "90") + line(by_name["考核学员乙"], "", "", "缺考")).encode("gb18030"))
    note = upload_and_check(d, good)
    assert "校验通过" in note.text and "缺考 1" in note.text, note.text
    shot(d, "as-07-import-preview", full_page=True)
    button(d, "确认导入 2 行").click()
    wait_toast(d, "已导入 2 名考生的成绩")
    wait_page(d)
    row = row_with(d, "考核学员甲")
    assert "85" in row.text and "合格" in row.text, row.text
    assert "缺考" in row_with(d, "考核学员乙").text

    # One by one: 学员甲's practice score corrected.
    button(row_with(d, "考核学员甲"), "录入").click()
    dialog = wait_css(d, "dialog[open]")
    practice = dialog.find_element(By.NAME, "practice")
    practice.clear()
    practice.send_keys("88.5")
    shot(d, "as-08-enter-score")
    confirm_dialog(d)
    wait_toast(d, "考核学员甲的成绩已保存")
    wait_page(d)
    assert "88.5" in row_with(d, "考核学员甲").text
    assert_clean(d)

    reopen(d, plan_url)
    button(d, "上报成绩").click()
    confirm_dialog(d)
    wait_toast(d, "上报成绩：已完成")

    # The province accepts and approves the scores.
    reopen(province, f"{base_url}/#/assessment/review?tab=scores")
    button(row_with(province, name), "受理").click()
    confirm_dialog(province)
    wait_toast(province, "受理成绩：已完成")
    wait_page(province)
    shot(province, "as-09-score-review")
    button(row_with(province, name), "通过").click()
    confirm_dialog(province)
    wait_toast(province, "成绩审核通过：已完成")
    reopen(province, plan_url)
    assert "合格 1，不合格 0，缺考 1" in text(province, "main .details")
    shot(province, "as-10-plan-approved", full_page=True)
    assert_clean(province)

    # The student: the result in 我的考试, the progress on the enrollment.
    phone = browser("phone")
    sign_in_on_phone(phone, base_url, students[0][1])
    go(phone, "#/exams", "exams")
    card = text(phone, "main")
    assert "合格" in card and "88.5" in card and by_name["考核学员甲"]["ticketNumber"] in card, card
    shot(phone, "as-11-phone-results")
    enrollment = api.get("/api/v1/me/enrollments", students[0][0])["enrollments"][0]
    go(phone, f"#/enrollments/{enrollment['id']}", "enrollment")
    progress = text(phone, "main")
    assert "办理进度" in progress and "已审核" in progress and "未生成" in progress, progress
    shot(phone, "as-12-phone-progress", full_page=True)
    assert_clean(phone)
