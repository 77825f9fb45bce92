"""Certificate business (CE-5, B-7) in headless Chromium: hfjx_admin applies for a change of name
and employer from 申请业务 with an evidence image (shrunk and uploaded in the page), sees it in
已申请业务; hefei_admin finds it in 证书业务审核, reads the detail with the evidence and approves it;
the certificate shows the new name. A reissue applied for through the API is rejected in the
browser with its reason. A 单位更名 over the new employer is previewed, applied for, approved,
and its progress bar runs to the end; 证书业务总览 counts it all. Every step is photographed
(cb-NN-…) and checked for console errors and CSP violations."""
import struct
import zlib

from selenium.webdriver.common.by import By

from conftest import assert_clean, wait_css, wait_until
from console_pages import button, click_menu, open_console, text, wait_page, wait_toast
from test_assessment import confirm_dialog, reopen
from test_certificates import approved_scores


def png(path, width=240, height=160):
    """A real PNG (a grey form with a dark band) written to `path`."""
    rows = b"".join(b"\x00" + (b"\x30\x30\x30" if 60 <= y < 80 else b"\xe0\xe4\xea") * width for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def upload_evidence(driver, path):
    dialog = wait_css(driver, "dialog[open]")
    dialog.find_element(By.CSS_SELECTOR, ".evidence input[type=file]").send_keys(str(path))
    wait_until(driver, lambda d: d.execute_script(
        "const i = document.querySelector('dialog[open] .evidence-list img'); return i && i.complete && i.naturalWidth > 0"), 15, "evidence")
    return dialog


def test_business_apply_review_rename(desktop, browser, base_url, shot, api, sms_code, tmp_path):
    plan, students = approved_scores(api, sms_code)
    province = api.login("sheng_admin")
    api.post(f"/api/v1/test-plans/{plan['id']}/certificates", {}, province)
    listed = api.get(f"/api/v1/certificates?testPlanId={plan['id']}", province)["certificates"]
    first, second = listed[0], listed[1]
    image = png(tmp_path / "申请表.png")
    employer = f"安徽业务测试{plan['id']}建设公司"
    d = desktop

    # The unit: 申请业务 → 变更 on one certificate, name and employer, with the evidence.
    open_console(d, base_url, "hfjx_admin", f"/certificate-business/apply?query={first['number']}")
    wait_until(d, lambda x: first["number"] in text(x, "main table"), 10, "certificate row")
    shot(d, "cb-01-apply-list")
    button(d.find_element(By.CSS_SELECTOR, "main tbody tr"), "变更").click()
    dialog = upload_evidence(d, image)
    dialog.find_element(By.NAME, "newName").send_keys("业务改名")
    dialog.find_element(By.NAME, "newEmployer").send_keys(employer)
    dialog.find_element(By.NAME, "reason").send_keys("户籍姓名变更，入职新单位")
    shot(d, "cb-02-change-dialog")
    dialog.find_element(By.CSS_SELECTOR, ".dialog-foot button:last-child").click()
    wait_toast(d, "变更申请已提交")
    wait_until(d, lambda x: "/certificate-business/" in x.current_url and "待审核" in text(x, "main"), 15, "business detail")
    assert "业务改名" in text(d, "main") and "合肥市住房和城乡建设局" in text(d, "main")
    shot(d, "cb-03-applied-detail", full_page=True)
    click_menu(d, "已申请业务")
    wait_until(d, lambda x: first["number"] in text(x, "main table"), 10, "applied list")
    shot(d, "cb-04-applied-list")
    assert_clean(d)

    # The city: 证书业务审核 → the detail with its evidence → 审核通过.
    city = browser("desktop")
    open_console(city, base_url, "hefei_admin", "/certificate-business/review")
    wait_until(city, lambda x: first["number"] in text(x, "main table"), 10, "waiting")
    shot(city, "cb-05-review-queue")
    button(city.find_element(By.XPATH, f"//main//tr[contains(., '{first['number']}')]"), "审核").click()
    wait_page(city)
    wait_until(city, lambda x: x.execute_script("const i = document.querySelector('.images img'); return i && i.complete && i.naturalWidth > 0"), 10, "evidence image")
    shot(city, "cb-06-review-detail", full_page=True)
    button(city, "审核通过").click()
    confirm_dialog(city)
    wait_toast(city, "已审核通过")
    wait_until(city, lambda x: "审核通过" in text(x, ".details") and "审核记录" in text(x, "main"), 10, "approved")
    shot(city, "cb-07-approved", full_page=True)
    assert_clean(city)
    reopen(d, f"{base_url}/#/certificates/{first['id']}")
    wait_until(d, lambda x: "业务改名" in text(x, ".details") and employer in text(x, ".details"), 10, "changed certificate")
    assert "变更" in text(d, "main table")
    shot(d, "cb-08-certificate-changed", full_page=True)

    # A reissue applied for through the API, rejected in the browser with its reason.
    admin = api.login("hfjx_admin")
    evidence = api.upload("/api/v1/certificate-business-files?fileName=form.png", image.read_bytes(), admin)
    reissue = api.post("/api/v1/certificate-business", {"kind": "BUSINESS_KIND_REISSUE", "certificateId": second["id"],
                                                        "reason": "证书遗失", "evidenceFileIds": [evidence["id"]]}, admin)
    reopen(city, f"{base_url}/#/certificate-business/{reissue['id']}")
    button(city, "审核不通过").click()
    confirm_dialog(city, "未附遗失声明")
    wait_toast(city, "已审核不通过")
    wait_until(city, lambda x: "未附遗失声明" in text(x, "main"), 10, "rejected")
    shot(city, "cb-09-rejected")

    # B-7: 单位更名 over the new employer — previewed, applied for, approved, its progress bar run.
    click_menu(d, "申请业务")
    wait_css(d, "main table")
    button(d, "单位更名").click()
    dialog = wait_css(d, "dialog[open]")
    dialog.find_element(By.NAME, "oldEmployer").send_keys(employer)
    button(dialog, "预览").click()
    wait_until(d, lambda x: "将更新 1 本有效证书" in text(x, "dialog[open]"), 10, "preview")
    dialog.find_element(By.NAME, "newEmployer").send_keys(employer.replace("建设公司", "建设集团"))
    upload_evidence(d, image)
    shot(d, "cb-10-rename-dialog")
    dialog.find_element(By.CSS_SELECTOR, ".dialog-foot button:last-child").click()
    wait_toast(d, "更名申请已提交")
    wait_until(d, lambda x: "涉及 1 本有效证书" in text(x, "main"), 15, "rename detail")
    rename_url = d.current_url
    rename_id = rename_url.rsplit("/", 1)[1]
    api.post(f"/api/v1/certificate-business/{rename_id}/review", {"approve": True, "comment": ""}, api.login("hefei_admin"))
    reopen(d, rename_url)
    wait_until(d, lambda x: "已完成：1 / 1 本" in text(x, ".progress"), 20, "rename progress")
    shot(d, "cb-11-rename-progress", full_page=True)
    reopen(d, f"{base_url}/#/certificates/{first['id']}")
    wait_until(d, lambda x: employer.replace("建设公司", "建设集团") in text(x, ".details"), 10, "renamed")
    assert_clean(d)

    # 证书业务总览, for the city.
    click_menu(city, "证书业务总览")
    wait_until(city, lambda x: "合计" in text(x, "main table"), 10, "overview")
    shot(city, "cb-12-overview")
    assert "单位更名" in text(city, "main table")
    assert_clean(city)
