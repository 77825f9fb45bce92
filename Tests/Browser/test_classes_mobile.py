"""Attendance on the phone (CL-5, B-2) and its review in the console: a class is set up through
the API (classes_setup.approved_class: two students, approved, training started, the first
lesson now). Student 甲, inside the venue's geofence (Chromium's geolocation override), signs in
from 今日课程 with the code the venue's QR shows (read from the venue-code API, typed) and a
photo from the fake camera, and signs out; student 乙 opens the QR's address outside the fence,
and the sign-in waits for review with the flag in Chinese. The institution accepts it in
签到审核 with a reason; 考勤 shows the counts; 乙 signs out with the location permission denied
(the page says so); the institution corrects 乙's record with a reason; the students see their
hours and classes. Every page is
photographed (clm-NN-…) and checked for console errors and CSP violations."""
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By

from classes_setup import INSIDE, OUTSIDE, approved_class, set_location, venue_code
from conftest import assert_clean, wait_css, wait_until
from console_pages import button, open_console, text, wait_page, wait_toast

# Chromium reports the override, yet its network location provider (unreachable here) logs.
IGNORE = (r"Network location provider",)


def sign_in_on_phone(driver, base_url, id_number, path="/m/", then="home"):
    """Opens `path` signed out, signs in on the page it sends to, and waits for page `then`."""
    driver.get(base_url + path)
    wait_css(driver, 'main[data-page="login"][aria-busy="false"]')
    driver.find_element(By.NAME, "login").send_keys(id_number)
    driver.find_element(By.NAME, "password").send_keys("Demo2026a")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_css(driver, f'main[data-page="{then}"][aria-busy="false"]')


def ready(driver, page, timeout=15):
    return wait_css(driver, f'main[data-page="{page}"][aria-busy="false"]', timeout)


def go(driver, hash_path, page):
    driver.execute_script("location.hash = arguments[0]", hash_path)
    return ready(driver, page)


def take_photo(driver):
    """Opens the front (fake) camera and takes the photo."""
    button(driver, "打开摄像头").click()
    wait_until(driver, lambda d: d.execute_script("const v = document.querySelector('video.m-selfie'); return v && v.videoWidth > 0"), 15, "camera")
    button(driver, "拍照").click()
    wait_until(driver, lambda d: "已拍照" in text(d, ".m-upload"), 10, "photo")


def submit_and_wait(driver):
    driver.find_element(By.CSS_SELECTOR, "form.m-sign-form button[type=submit]").click()
    return wait_css(driver, ".m-sign-result", 20)


def test_students_sign_in_inside_and_outside_the_fence_and_the_pending_one_is_accepted(browser, base_url, shot, api, sms_code):
    item, students, admin = approved_class(api, sms_code, ["签到学员甲", "签到学员乙"])
    lesson = item["lessons"][0]
    (_, first_id, _), (_, second_id, second_name) = students

    # 甲: inside the fence, from the home page → 今日课程 → 签到.
    a = browser("phone")
    sign_in_on_phone(a, base_url, first_id)
    set_location(a, base_url, *INSIDE)
    assert "今日课程" in text(a, ".m-grid")
    shot(a, "clm-01-home")
    a.find_element(By.XPATH, "//nav[contains(@class,'m-grid')]//a[contains(., '今日课程')]").click()
    card = ready(a, "lessons").find_element(By.CSS_SELECTOR, ".m-lesson")
    assert lesson["content"] in card.text and "未签到" in card.text
    sign = card.find_element(By.XPATH, ".//button[normalize-space()='签到']")
    assert sign.is_enabled()
    shot(a, "clm-02-lessons")
    assert_clean(a, IGNORE)
    sign.click()
    ready(a, "sign")
    wait_until(a, lambda d: "已获取位置" in text(d, ".m-location"), 20, "location")
    a.find_element(By.NAME, "venueCode").send_keys(venue_code(api, admin, item["id"], lesson["id"])["code"])
    take_photo(a)
    shot(a, "clm-03-sign-in-form", full_page=True)
    result = submit_and_wait(a)
    assert "已签到" in result.text, result.text
    shot(a, "clm-04-signed-in")
    assert_clean(a, IGNORE)

    # 甲 signs out (the lesson's sign-out window is open too).
    go(a, "#/lessons", "lessons")
    out = a.find_element(By.XPATH, "//article[contains(@class,'m-lesson')]//button[normalize-space()='签退']")
    assert out.is_enabled()
    out.click()
    ready(a, "sign")
    wait_until(a, lambda d: "已获取位置" in text(d, ".m-location"), 20, "location")
    a.find_element(By.NAME, "venueCode").send_keys(venue_code(api, admin, item["id"], lesson["id"])["code"])
    assert not a.find_elements(By.CSS_SELECTOR, "video.m-selfie")   # no photo for 签退
    result = submit_and_wait(a)
    assert "签退" in result.text
    shot(a, "clm-05-signed-out")
    assert_clean(a, IGNORE)

    # 乙: the QR's address opened by the phone's scanner (signed out: sign-in first, then back to
    # it), 2 km away: the sign-in waits for review.
    b = browser("phone")
    set_location(b, base_url, *OUTSIDE)
    code = venue_code(api, admin, item["id"], lesson["id"])
    assert code["signInUrl"].endswith(f"/m/#/sign-in?class={item['id']}&lesson={lesson['id']}&code={code['code']}")
    address = urlsplit(code["signInUrl"])
    sign_in_on_phone(b, base_url, second_id, f"{address.path}#{address.fragment}", then="sign")
    assert b.find_element(By.NAME, "venueCode").get_attribute("value") == code["code"]
    wait_until(b, lambda d: "已获取位置" in text(d, ".m-location"), 20, "location")
    take_photo(b)
    result = submit_and_wait(b)
    assert "待审核" in result.text, result.text
    pending = api.get(f"/api/v1/sign-in-reviews?classId={item['id']}", admin)["records"]
    record = next(r for r in pending if r["studentName"] == second_name)
    assert "outside_fence" in record["flags"]
    assert all(label in result.text for label in record["flagLabels"])
    shot(b, "clm-06-pending", full_page=True)
    assert_clean(b, IGNORE)

    # The institution: 签到审核 shows the photo and the flags; accepted with a reason.
    d = browser("desktop")
    open_console(d, base_url, "hfjx_admin", f"/classes/sign-in-review?classId={item['id']}")
    row = d.find_element(By.XPATH, f"//main//tr[.//*[contains(normalize-space(), '{second_name}')]]")
    assert record["flagLabels"][0] in row.text
    wait_until(d, lambda x: x.execute_script("const i = document.querySelector('main .photo-cell img'); return i && i.complete && i.naturalWidth > 0"), 10, "photo")
    shot(d, "clm-07-review-queue")
    button(row, "认可").click()
    dialog = wait_css(d, "dialog")
    button(dialog, "认可").click()   # no reason: refused at the field
    wait_until(d, lambda x: "请填写认可理由" in dialog.text)
    dialog.find_element(By.NAME, "reason").send_keys("经授课教师核实本人到课，定位偏差")
    button(dialog, "认可").click()
    wait_toast(d, "已认可该签到")
    wait_page(d)
    assert second_name not in text(d, "main")
    shot(d, "clm-08-review-done")
    assert_clean(d)

    # 考勤: both signed in, one signed out, none pending; 甲's photo and distance.
    d.get(f"{base_url}/#/classes/attendance?classId={item['id']}&lessonId={lesson['id']}")
    wait_page(d)
    counts = wait_css(d, ".attendance-counts").text
    assert "2\n已签到" in counts and "1\n已签退" in counts and "0\n待审核" in counts, counts
    assert "距场地" in text(d, "main table")
    shot(d, "clm-09-attendance")
    assert_clean(d)

    # 乙 signs out with the location permission denied: the page says so before sending.
    b.execute_cdp_cmd("Browser.setPermission", {"permission": {"name": "geolocation"}, "setting": "denied", "origin": base_url})
    go(b, "#/lessons", "lessons")
    b.find_element(By.XPATH, "//article[contains(@class,'m-lesson')]//button[normalize-space()='签退']").click()
    ready(b, "sign")
    wait_until(b, lambda x: "无法获取位置" in text(x, ".m-location"), 25, "no location")
    b.find_element(By.NAME, "venueCode").send_keys(venue_code(api, admin, item["id"], lesson["id"])["code"])
    shot(b, "clm-10-sign-out-denied")
    result = submit_and_wait(b)
    assert result.text
    shot(b, "clm-11-signed-out-denied")
    assert_clean(b, IGNORE)

    # 修正 (the institution, by hand): a reason is required, and shown on the record.
    d.refresh()
    wait_page(d)
    row = d.find_element(By.XPATH, f"//main//tr[.//*[contains(normalize-space(), '{second_name}')]]")
    button(row, "修正").click()
    dialog = wait_css(d, "dialog")
    button(dialog, "保存修正").click()
    wait_until(d, lambda x: "请填写修正原因" in dialog.text)
    dialog.find_element(By.NAME, "reason").send_keys("学员手机定位失败，经授课教师确认按时签退")
    shot(d, "clm-12-correction")
    button(dialog, "保存修正").click()
    wait_toast(d, "考勤已修正")
    wait_until(d, lambda x: "人工修正：学员手机定位失败" in text(x, "main table"), 15, "the correction on the record")
    shot(d, "clm-13-corrected")
    assert_clean(d)

    # The students' pages: 我的学时 and 我的班级.
    go(a, "#/hours", "hours")
    assert item["name"] in text(a, "#view") and f"已计 {lesson['hours']} 学时" in text(a, "#view")
    shot(a, "clm-14-hours", full_page=True)
    go(b, "#/classes", "classes")
    assert item["name"] in text(b, "#view") and "培训中" in text(b, "#view")
    shot(b, "clm-15-classes")
    assert_clean(a, IGNORE)
    assert_clean(b, IGNORE)
