"""The student pages (/m/) on a phone: issue 12's scenario 2 and the student half of scenario 3.

A new student registers with an SMS code read from the development outbox, enrolls in an open
plan through every step with three uploads (camera-size JPEG files made by the browser, shrunk
by the page before upload), sees the rejection reason after the institution's reviewer rejects
(set up through the API as hfjx_reviewer), fixes the scan and resubmits, and sees the approval.
Every page it passes through is photographed at 390×844. It prints the first-load bytes of /m/
(budget: under 300 KB, docs/BENCHMARKS.md), the time to interactive and each page's API time,
measured with the Performance API.
"""
import base64
import random
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_clean, clear_performance, page_performance, sms_outbox_last_id, wait_css, wait_until

BUDGET_BYTES = 300 * 1024


def new_id_number():
    """A random GB 11643 ID number (合肥市瑶海区, born 1985–1999) with its check character."""
    body = "340102" + "%04d%02d%02d" % (random.randint(1985, 1999), random.randint(1, 12), random.randint(1, 28)) \
        + "%03d" % random.randint(0, 999)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def camera_jpeg(driver, path, label, width=4000, height=3000):
    """Writes a phone-camera-sized JPEG (about 4–5 MB) that the browser draws: a gradient with
    sensor-like noise and some text, so it neither compresses to nothing nor fits the limit."""
    data = driver.execute_async_script("""
      const [w, h, label, done] = arguments;
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      const g = c.getContext('2d');
      const gr = g.createLinearGradient(0, 0, w, h); gr.addColorStop(0, '#d9e6f5'); gr.addColorStop(1, '#f7efe0');
      g.fillStyle = gr; g.fillRect(0, 0, w, h);
      const img = g.getImageData(0, 0, w, h), px = img.data;
      for (let i = 0; i < px.length; i += 4) { const n = (Math.random() - .5) * 40; px[i] += n; px[i + 1] += n; px[i + 2] += n; }
      g.putImageData(img, 0, 0);
      g.fillStyle = '#1f2328'; g.font = Math.round(h / 10) + 'px sans-serif'; g.fillText(label, w * .1, h * .3);
      g.fillRect(w * .1, h * .45, w * .5, h * .04); g.fillRect(w * .1, h * .55, w * .6, h * .04);
      c.toBlob(b => { const r = new FileReader(); r.onload = () => done(r.result.split(',')[1]); r.readAsDataURL(b); },
               'image/jpeg', 0.92);
    """, width, height, label)
    path.write_bytes(base64.b64decode(data))
    return path.stat().st_size


class Student:
    """Drives /m/ in one phone browser and keeps the per-page API times."""

    def __init__(self, driver, base_url, shot):
        self.d, self.base_url, self._shot = driver, base_url, shot
        self.pages = []   # (name, api calls, api ms, ready ms after the action)
        self.count = 0

    def shot(self, name):
        self.count += 1
        self._shot(self.d, f"m-{self.count:02d}-{name}")

    def shot_full(self, name):
        """The whole scrollable page, for the long ones (the summary before submitting)."""
        self.count += 1
        self._shot(self.d, f"m-{self.count:02d}-{name}", full_page=True)

    def ready(self, page, timeout=15):
        """Waits for <main data-page=page aria-busy=false> (app.js marks each rendered page)."""
        return wait_css(self.d, f'main[data-page="{page}"][aria-busy="false"]', timeout)

    def visit(self, name, page, action, settle=None):
        """Runs `action` (a click or a URL), waits for `page`, photographs it and records the
        API calls the page made (resource timings since the action)."""
        clear_performance(self.d)
        started = self.d.execute_script("return performance.now()")
        action()
        self.ready(page)
        if settle:
            settle()
        perf = page_performance(self.d)
        mark = max(perf["marks"].values()) if perf["marks"] else 0
        ready = mark - started if mark >= started else mark   # a reload starts a new timeline
        self.pages.append((name, len(perf["api"]), sum(r["duration"] for r in perf["api"]), ready))
        assert_clean(self.d)
        self.shot(name)

    def go(self, hash_path):
        return lambda: self.d.execute_script("location.hash = arguments[0]", hash_path)

    def click(self, css=None, text=None, root=None):
        """Clicks the first displayed, enabled element matching `css`, or a button/link whose text is `text`."""
        def find(d):
            scope = root or d
            candidates = scope.find_elements(By.CSS_SELECTOR, css or "button, a.btn, a")
            for el in candidates:
                if el.is_displayed() and el.is_enabled() and (text is None or el.text.strip() == text):
                    return el
            return False
        el = wait_until(self.d, find, 10, f"nothing to click: {css or text}")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        el.click()

    def step(self, title):
        """Waits until the enrollment wizard shows the step called `title`."""
        wait_until(self.d, lambda d: title in d.find_element(By.CSS_SELECTOR, ".m-steps").text, 10, f"step {title}")
        self.ready("enroll")

    def fill(self, name, value):
        el = self.d.find_element(By.NAME, name)
        el.clear()
        el.send_keys(value)

    def upload(self, kind, path, source="album"):
        """Gives the kind's file input (camera or album) a file and waits for the upload."""
        self.d.find_element(By.CSS_SELECTOR, f'input[type=file][data-kind="{kind}"][data-source="{source}"]').send_keys(str(path))
        box = f'.m-upload[data-kind="{kind}"]'
        wait_until(self.d, lambda d: "上传成功" in d.find_element(By.CSS_SELECTOR, box).text
                   or d.find_element(By.CSS_SELECTOR, box + " .field-error").text, 60, f"upload {kind}")
        error = self.d.find_element(By.CSS_SELECTOR, box + " .field-error").text
        assert not error, f"upload {kind}: {error}"
        return self.d.find_element(By.CSS_SELECTOR, box + " .m-upload-status").text


def test_student_registers_enrolls_resubmits_after_rejection_and_is_approved(phone, browser, base_url, shot, sms_code, api, tmp_path):
    # An open plan of the institution whose reviewer will act (no approval needed: open at once).
    admin = api.login("hfjx_admin")
    now = int(time.time())
    plan_name = f"浏览器测试报名计划 {random.randint(100000, 999999)}"
    plan = api.post("/api/v1/enrollment-plans", {
        "name": plan_name, "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": ["011", "021"], "headcount": 50,
        "startUnix": now - 60, "endUnix": now + 20 * 86400}, admin)
    assert plan["state"] == "PLAN_STATE_APPROVED", plan

    id_number, phone_number, password = new_id_number(), "139%08d" % random.randint(0, 99999999), "Xue2026yuan"
    s = Student(phone, base_url, shot)

    # First load of /m/ with an empty cache: the sign-in page.
    phone.get(base_url + "/m/")
    s.ready("login")
    first = page_performance(phone)
    nav = first["navigation"]
    tti = max(first["marks"].values()) if first["marks"] else nav["domContentLoaded"]
    assert_clean(phone)
    s.shot("login")
    assert first["transferred"] < BUDGET_BYTES, f"/m/ first load {first['transferred']} bytes"

    # Register (ID-4): the SMS code from the development outbox.
    s.visit("register", "register", lambda: s.click(css="a[href='#/register']"))
    s.fill("idNumber", id_number)
    s.fill("name", "王小明")
    s.fill("phone", phone_number)
    outbox = sms_outbox_last_id()
    s.click(text="获取验证码")
    s.fill("smsCode", sms_code(phone_number, after=outbox))
    s.fill("password", password)
    s.fill("password2", password)
    s.shot("register-filled")
    s.visit("profile-after-register", "profile", lambda: s.click(css="form button[type=submit]"))
    assert "注册成功" in phone.find_element(By.ID, "view").text

    # The 报名 tab: our plan, 我要报名.
    s.visit("me", "me", s.go("#/me"))
    s.visit("plans", "plans", lambda: s.click(css="nav.m-tabs a[data-tab=enroll]"))
    card = wait_until(phone, lambda d: next((c for c in d.find_elements(By.CSS_SELECTOR, "article.m-item")
                                              if plan_name in c.text), False), 10, "plan card")
    s.visit("enroll-notice", "enroll", lambda: s.click(text="我要报名", root=card))
    assert "告知承诺制告知书" in phone.find_element(By.CSS_SELECTOR, ".m-doc").text

    # The steps of seed 001.
    s.visit("enroll-1-employment", "enroll", lambda: s.click(text="同意"), lambda: s.step("选择就业状态"))
    s.click(css="input[value=EMPLOYMENT_STATUS_EMPLOYED]")
    s.visit("enroll-2-city", "enroll", lambda: s.click(text="下一步"), lambda: s.step("工商注册所在地市"))
    Select(phone.find_element(By.NAME, "employerDivisionCode")).select_by_value("3401")
    s.visit("enroll-3-institution", "enroll", lambda: s.click(text="下一步"), lambda: s.step("选择培训机构"))
    option = wait_until(phone, lambda d: next((l for l in d.find_elements(By.CSS_SELECTOR, "fieldset[data-field=planId] label")
                                                if plan_name in l.text), False), 10, "plan option")
    option.click()
    s.fill("employerName", "合肥浏览器测试建设工程有限公司")
    s.click(css="input[name=gender][value='男']")
    Select(phone.find_element(By.NAME, "education")).select_by_visible_text("大专")
    s.fill("school", "安徽建筑大学")
    s.fill("major", "土木工程")
    s.shot("enroll-3-filled")
    s.visit("enroll-4-post", "enroll", lambda: s.click(text="下一步"), lambda: s.step("选择专业及岗位"))
    s.click(css="input[name=post][value='011']")
    s.visit("enroll-5-history", "enroll", lambda: s.click(text="下一步"), lambda: s.step("工作简历"))
    s.fill("workHistory", "2016年7月至今  合肥浏览器测试建设工程有限公司  施工员")
    s.fill("achievements", "参与合肥某住宅小区二期工程施工管理")
    s.visit("enroll-6-commitment", "enroll", lambda: s.click(text="下一步"), lambda: s.step("个人报名承诺"))
    assert phone.find_element(By.NAME, "personalCommitment").get_attribute("value").startswith("本人承诺")
    s.visit("enroll-7-scans", "enroll", lambda: s.click(text="确认承诺"), lambda: s.step("上传证件扫描件"))

    photos = {kind: tmp_path / f"{kind}.jpg" for kind in ("id_front", "id_back", "education")}
    for kind, label in (("id_front", "居民身份证 人像面"), ("id_back", "居民身份证 国徽面"), ("education", "毕业证书")):
        size = camera_jpeg(phone, photos[kind], label)
        assert size > 2048 * 1024, f"the test photo should be over the API's limit, is {size} bytes"
        status = s.upload(kind, photos[kind], source="camera" if kind == "id_front" else "album")
        # Shrunk in the page: "已上传 224 KB（原图 4.5 MB，已自动压缩）", well under the 2 MB limit.
        m = re.search(r"已上传 (\d+) KB（原图 [\d.]+ MB，已自动压缩）", status)
        assert m and int(m.group(1)) <= 1024, status
    s.shot("enroll-7-uploaded")
    s.visit("enroll-8-confirm", "enroll", lambda: s.click(text="下一步"), lambda: s.step("确认并提交"))
    s.shot_full("enroll-8-confirm-full")
    s.click(text="提交报名")
    wait_css(phone, "dialog[open]")
    s.shot("enroll-8-dialog")
    s.visit("enrollment-submitted", "enrollment", lambda: s.click(text="确认提交"))
    enrollment_id = int(re.search(r"#/enrollments/(\d+)", phone.current_url).group(1))
    assert "待审核" in phone.find_element(By.ID, "view").text

    # The reviewer rejects with a reason and a comment (through the API).
    reviewer = api.login("hfjx_reviewer")
    api.post(f"/api/v1/enrollments/{enrollment_id}/review", {
        "approve": False, "rejectReasons": ["id_image"], "rejectComment": "身份证人像面反光，请重新拍摄"}, reviewer)

    s.visit("home-rejected", "home", s.go("#/"))
    s.visit("messages-rejected", "messages", lambda: s.click(css="nav.m-tabs a[data-tab=messages]"))
    assert "被驳回" in phone.find_element(By.ID, "view").text
    s.visit("enrollments-rejected", "enrollments", s.go("#/enrollments"))
    reason = wait_css(phone, ".m-item .m-reason").text
    assert "身份证照片不清晰或不完整" in reason and "身份证人像面反光，请重新拍摄" in reason, reason
    s.visit("enrollment-rejected", "enrollment", lambda: s.click(css=".m-item"))
    assert "已驳回" in phone.find_element(By.ID, "view").text

    # Fix the scan the reason names and resubmit.
    s.visit("resubmit-summary", "enroll", lambda: s.click(text="修改并重新提交"), lambda: s.step("确认并提交"))
    flagged = phone.find_element(By.CSS_SELECTOR, ".m-flagged")
    assert "证件扫描件" in flagged.text and "需修改" in flagged.text
    s.shot_full("resubmit-summary-full")
    s.visit("resubmit-scans", "enroll", lambda: s.click(text="修改证件扫描件", root=phone.find_element(By.CSS_SELECTOR, ".m-fix-links")),
            lambda: s.step("上传证件扫描件"))
    camera_jpeg(phone, photos["id_front"], "居民身份证 人像面（重拍）", 3000, 4000)
    s.upload("id_front", photos["id_front"], source="camera")
    s.shot("resubmit-scans-uploaded")
    s.visit("resubmit-confirm", "enroll", lambda: s.click(text="下一步"), lambda: s.step("确认并提交"))
    s.click(text="重新提交报名")
    wait_css(phone, "dialog[open]")
    s.visit("enrollment-resubmitted", "enrollment", lambda: s.click(text="确认提交"))
    view = phone.find_element(By.ID, "view").text
    assert "已重新提交" in view and "待审核" in view

    # The reviewer approves; the student sees it.
    api.post(f"/api/v1/enrollments/{enrollment_id}/review", {"approve": True}, reviewer)
    s.visit("enrollment-approved", "enrollment", lambda: phone.refresh())
    s.shot_full("enrollment-approved-full")
    assert "已确认" in phone.find_element(By.ID, "view").text
    # EN-8: the printable forms of the student's own enrollment, from 报名详情's buttons.
    s.visit("print-form", "print", lambda: s.click(text="打印报名表"))
    sheet = phone.find_element(By.CSS_SELECTOR, ".printable").text
    assert "培训报名表" in sheet and plan_name in sheet and "已确认" in sheet
    s.visit("print-commitment", "print", s.go(f"#/enrollments/{enrollment_id}/print/commitment"))
    assert "个人报名承诺书" in phone.find_element(By.CSS_SELECTOR, ".printable").text
    s.visit("enrollments-approved", "enrollments", s.go("#/enrollments?state=approved"))
    assert plan_name in phone.find_element(By.ID, "view").text
    s.visit("home", "home", s.go("#/"))

    # The same student's pages at 1366×768: the phone-wide column, readable on a desktop.
    desk = browser("desktop")
    desk.get(base_url + "/m/")
    wait_css(desk, 'main[data-page="login"][aria-busy="false"]')
    desk.find_element(By.NAME, "login").send_keys(id_number)
    desk.find_element(By.NAME, "password").send_keys(password)
    desk.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    for hash_path, page in (("#/", "home"), ("#/plans", "plans"), ("#/enrollments", "enrollments"),
                            (f"#/enrollments/{enrollment_id}", "enrollment"), ("#/me", "me")):
        desk.execute_script("location.hash = arguments[0]", hash_path)
        wait_css(desk, f'main[data-page="{page}"][aria-busy="false"]')
        assert_clean(desk)
        shot(desk, f"m-desktop-{page}")

    print(f"\n/m/ first load: {first['transferred']} bytes transferred "
          f"({len(first['static'])} files, budget {BUDGET_BYTES}); DOMContentLoaded {nav['domContentLoaded']:.0f} ms; "
          f"sign-in page ready (time to interactive) {tti:.0f} ms")
    print(f"{'page':28} {'API calls':>9} {'API ms':>8} {'ready ms':>9}")
    for name, calls, api_ms, ready in s.pages:
        print(f"{name:28} {calls:9d} {api_ms:8.0f} {ready:9.0f}")
