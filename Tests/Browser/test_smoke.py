"""The two front ends load at both sizes with no console errors and no CSP violations."""
import pytest

from conftest import assert_clean, page_performance, wait_loaded, wait_quiet


@pytest.mark.parametrize("kind", ["desktop", "phone"])
@pytest.mark.parametrize("path,name", [("/", "smoke-console"), ("/m/", "smoke-m")])
def test_page_loads_clean(request, base_url, shot, kind, path, name):
    driver = request.getfixturevalue(kind)
    driver.get(base_url + path)
    wait_quiet(driver)
    assert driver.title, f"{path} has no <title>"
    width = driver.execute_script("return window.innerWidth")
    assert width == (1366 if kind == "desktop" else 390)
    performance = page_performance(driver)
    assert performance["navigation"]["transferred"] > 0
    shot(driver, name)
    assert_clean(driver)


def test_console_errors_are_seen(desktop, base_url):
    """The harness itself: an error thrown by the page is reported."""
    desktop.get(base_url + "/")
    wait_loaded(desktop)
    desktop.execute_script("setTimeout(() => { throw new Error('smoke test error'); }, 0)")
    desktop.execute_script("return new Promise(r => setTimeout(r, 50))")
    with pytest.raises(AssertionError, match="smoke test error"):
        assert_clean(desktop)


def test_csp_violations_are_seen(desktop, base_url):
    """The harness and the gateway's page CSP together: an inline script is refused and reported."""
    desktop.get(base_url + "/")
    wait_loaded(desktop)
    desktop.execute_script("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                           "document.body.append(s);")
    desktop.execute_script("return new Promise(r => setTimeout(r, 50))")
    assert desktop.execute_script("return window.inlineRan") is None
    with pytest.raises(AssertionError, match="script-src"):
        assert_clean(desktop)


def test_sms_code_and_api(api, sms_code):
    """The harness's API client and outbox reader: a registration code sent through the API is
    the one sms_code() reads."""
    from conftest import sms_outbox_last_id
    phone_number = "13900001234"
    before = sms_outbox_last_id()
    api.post("/api/v1/sms-codes", {"phone": phone_number, "purpose": "SMS_PURPOSE_REGISTER"})
    code = sms_code(phone_number, after=before)
    assert code.isdigit() and len(code) == 6
    token = api.login("hfjx_admin")
    assert api.get("/api/v1/me", token)["user"]["username"] == "hfjx_admin"
    status, body = api.request("GET", "/api/v1/me")
    assert status == 401 and body["message"]
