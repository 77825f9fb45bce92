"""The certificate pages (CE-1, CE-2, CE-4, CE-6, CE-7, B-3, B-4, EN-6) in headless Chromium:
sheng_admin generates a test plan's certificates from its page, finds them in 证书库, opens one,
sets the issuer's print layout, prints it (the print page, then 登记为已打印), looks at the
segments, the registry reconciliation and the lookup log; anyone looks a certificate up on
/verify by number and by ID number and name, and lands there from the QR text with the signature
checked in the browser; the student sees the certificate with its QR and PDF on the phone. The
approved scores are made through the API (assessment_setup). Every step is photographed
(ce-NN-…) and checked for console errors and CSP violations."""
import time
import urllib.parse

from selenium.webdriver.common.by import By

from assessment_setup import finished_class
from conftest import assert_clean, wait_css, wait_until
from console_pages import button, click_menu, open_console, text, wait_page, wait_toast
from test_assessment import confirm_dialog, reopen
from test_classes_mobile import go, sign_in_on_phone


def approved_scores(api, sms_code):
    """A test plan of a finished class with two students, both passed, scores approved by the province."""
    item, students, admin = finished_class(api, sms_code, ["证书学员甲", "证书学员乙"])
    province = api.login("sheng_admin")
    start = (int(time.time()) // 3600 + 24 * 10) * 3600
    plan = api.post("/api/v1/test-plans", {"classId": item["id"], "name": f"{item['name']} 考核", "examStartUnix": start,
                                           "examEndUnix": start + 7200, "place": "一号考场"}, admin)
    for token, action in ((admin, "SUBMIT"), (province, "ACCEPT"), (province, "APPROVE")):
        api.post(f"/api/v1/test-plans/{plan['id']}/actions", {"action": f"TEST_PLAN_ACTION_{action}", "comment": ""}, token)
    for candidate in api.get(f"/api/v1/test-plans/{plan['id']}/candidates", admin)["candidates"]:
        api.put(f"/api/v1/test-plans/{plan['id']}/candidates/{candidate['studentUserId']}/score",
                {"sitting": "SITTING_PRESENT", "theoryTenths": 850, "practiceTenths": 780}, admin)
    for token, action in ((admin, "REPORT"), (province, "ACCEPT"), (province, "APPROVE")):
        api.post(f"/api/v1/test-plans/{plan['id']}/score-actions", {"action": f"SCORE_ACTION_{action}", "comment": ""}, token)
    return plan, students


def test_certificates_from_generation_to_lookup(desktop, browser, base_url, shot, api, sms_code):
    plan, students = approved_scores(api, sms_code)
    d = desktop

    # CE-2: 生成证书 on the test plan, all at once; the library shows them.
    open_console(d, base_url, "sheng_admin", f"/assessment/plans/{plan['id']}")
    shot(d, "ce-01-plan-with-generate")
    button(d, "生成证书").click()
    confirm_dialog(d)
    wait_toast(d, "已生成 2 本证书")
    wait_until(d, lambda x: "/certificates" in x.current_url and len(x.find_elements(By.CSS_SELECTOR, "main tbody tr")) == 2, 15, "library")
    shot(d, "ce-02-library")
    assert "证书学员甲" in text(d, "main table") and "未打印" in text(d, "main table")
    assert_clean(d)

    # CE-4: the detail with its QR and business log.
    d.find_element(By.CSS_SELECTOR, "main tbody tr:first-child a").click()
    wait_page(d)
    wait_until(d, lambda x: x.execute_script("const i = document.querySelector('.certificate-qr img'); return i && i.complete && i.naturalWidth > 0"), 10, "qr")
    detail_url = d.current_url
    shot(d, "ce-03-detail")
    assert "业务日志" in text(d, "main") and "发证" in text(d, "main")
    number = d.find_element(By.XPATH, "//dt[.='证书编号']/following-sibling::dd[1]").text

    # CE-6: the issuer's layout, with its preview, saved.
    click_menu(d, "打印版式")
    wait_css(d, ".layout-preview .certificate-sheet")
    title = d.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("建筑施工现场专业人员岗位证书")
    size = d.find_element(By.NAME, "qr.size")
    size.clear()
    size.send_keys("50")
    button(d, "预览").click()
    shot(d, "ce-04-print-layout", full_page=True)
    button(d, "保存版式").click()
    wait_toast(d, "打印版式已保存")
    assert_clean(d)

    # The print page draws the certificate on that layout; 登记为已打印 counts the print.
    reopen(d, detail_url)
    button(d, "打印证书").click()
    wait_page(d)
    wait_css(d, ".certificate-sheet .sheet-qr")
    assert "建筑施工现场专业人员岗位证书" in text(d, ".certificate-sheet") and number in text(d, ".certificate-sheet")
    shot(d, "ce-05-print-page", full_page=True)
    button(d, "返回证书详情").click()
    wait_page(d)
    button(d, "登记为已打印").click()
    confirm_dialog(d)
    wait_toast(d, "打印状态已更新")
    wait_until(d, lambda x: "已打印" in x.find_element(By.XPATH, "//dt[.='打印状态']/following-sibling::dd[1]").text, 10, "printed")
    shot(d, "ce-06-printed")
    pdf = d.find_element(By.XPATH, "//a[normalize-space()='下载电子证书（PDF）']").get_attribute("href")
    assert pdf.endswith("/certificate.pdf")

    # CE-1 and B-3: the segments, and the registry exchange (the dev stack's simulator takes the pushes).
    click_menu(d, "证书号段")
    assert number[:10] in text(d, "main table")
    shot(d, "ce-07-segments")
    click_menu(d, "全国库对账")
    wait_until(d, lambda x: "合计" in text(x, "main table"), 10, "report")
    shot(d, "ce-08-reconciliation")
    assert_clean(d)

    # CE-8: the statistics, with their SVG charts.
    click_menu(d, "证书统计")
    wait_css(d, "svg.bar-chart rect.bar")
    charts = d.execute_script("return [...document.querySelectorAll('svg.bar-chart')].map((s) => s.textContent).join(' ')")
    assert "合肥" in charts and "有效证书" in text(d, "main")
    shot(d, "ce-08b-statistics", full_page=True)
    assert_clean(d)

    # CE-7: anyone, signed out, by number and by ID number with name; a wrong name is a plain miss.
    anyone = browser("desktop")
    anyone.get(f"{base_url}/verify")
    wait_css(anyone, "form[aria-label='证书查询']")
    anyone.find_element(By.NAME, "number").send_keys(number)
    button(anyone, "查询").click()
    wait_css(anyone, ".result .card dl")
    result = text(anyone, ".result")
    holder = students[0][2] if "甲" in result else students[1][2]
    assert "有效" in result and holder[0] + "*" * (len(holder) - 2) + holder[-1] in result and holder not in result, result
    shot(anyone, "ce-09-verify-by-number")
    button(anyone, "按身份证号码和姓名").click()
    id_number = next(n for (_, n, name) in students if name == holder)
    anyone.find_element(By.NAME, "idNumber").send_keys(id_number)
    anyone.find_element(By.NAME, "name").send_keys(holder[:-1] + "丙")
    button(anyone, "查询").click()
    wait_until(anyone, lambda x: "未查询到" in text(x, ".result"), 10, "miss")
    shot(anyone, "ce-10-verify-miss")
    assert_clean(anyone)

    # The QR landing: the number looked up, the signature checked in the browser.
    province = api.login("sheng_admin")
    listed = api.get(f"/api/v1/certificates?testPlanId={plan['id']}", province)["certificates"]
    qr = next(c for c in listed if c["number"] == number)["qrText"]
    fragment = qr.split("#", 1)[1]
    anyone.get(f"{base_url}/verify#{fragment}")
    anyone.refresh()
    wait_until(anyone, lambda x: "电子签名验证" in text(x, ".result"), 15, "signature")
    assert "验证通过" in text(anyone, ".result .signature"), text(anyone, ".result")
    shot(anyone, "ce-11-qr-landing")
    parts = fragment.split(".")
    parts[2] = "5byg5LiJ"  # another name in the QR: the signature no longer matches
    anyone.get(f"{base_url}/verify#{'.'.join(parts)}")
    anyone.refresh()
    wait_until(anyone, lambda x: "电子签名验证" in text(x, ".result"), 15, "tampered")
    assert "未通过" in text(anyone, ".result .signature")
    shot(anyone, "ce-12-qr-tampered")
    assert_clean(anyone)

    # B-4: the province reads who asked what.
    click_menu(d, "证书查询日志")
    wait_until(d, lambda x: number in text(x, "main table"), 10, "log")
    assert id_number not in text(d, "main table")
    shot(d, "ce-13-lookup-log")
    assert_clean(d)

    # EN-6: the student's certificate on the phone, with the QR and the PDF.
    phone = browser("phone")
    sign_in_on_phone(phone, base_url, id_number)
    go(phone, "#/certificates", "certificates")
    wait_until(phone, lambda x: x.execute_script("const i = document.querySelector('.m-certificate-qr img'); return i && i.complete && i.naturalWidth > 0"), 10, "qr")
    assert number in text(phone, "main") and "下载电子证书（PDF）" in text(phone, "main")
    shot(phone, "ce-14-student-certificate", full_page=True)
    go(phone, "#/me/profile", "profile")
    wait_until(phone, lambda x: number in text(x, "main"), 10, "profile certificates")
    assert_clean(phone)
