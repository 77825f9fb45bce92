"""Every console page each role's menu offers, at 1366×768 and 390×844: it renders without
console errors or CSP violations, shows no raw JSON or error codes, and is photographed. The
first load's transferred bytes (budget: under 300 KB) and each page's API time are printed
(docs/BENCHMARKS.md)."""
import pytest
from selenium.webdriver.common.by import By

from conftest import assert_clean, clear_performance, page_performance, wait_css
from console_pages import menu, open_console, wait_page

BUDGET = 300 * 1024
ROLES = ["hfjx_admin", "hfjx_reviewer", "hefei_admin", "sheng_admin", "hfjj_admin"]
RAW = ("INVALID_ARGUMENT", "PERMISSION_DENIED", "UNAUTHENTICATED", "NOT_FOUND", '{"code"', "undefined", "[object Object]", "NaN")


def test_first_load_is_within_the_budget(desktop, base_url, shot):
    desktop.get(base_url + "/")
    wait_css(desktop, "form.login-form")
    first = page_performance(desktop)
    print(f"\nconsole first load (sign-in page): {first['transferred']} B transferred "
          f"({first['static_transferred']} B static in {len(first['static'])} files), "
          f"DOM interactive {first['navigation']['domInteractive']:.0f} ms, load {first['navigation']['load']:.0f} ms")
    assert first["transferred"] < BUDGET
    open_console(desktop, base_url, "hfjx_admin")
    after = page_performance(desktop)
    print(f"console after signing in (home): {after['transferred']} B transferred in total, "
          f"{len(after['static'])} static files")
    assert after["transferred"] < BUDGET
    shot(desktop, "tour-first-load-home")


@pytest.mark.parametrize("kind", ["desktop", "phone"])
@pytest.mark.parametrize("user", ROLES)
def test_every_menu_page(request, base_url, shot, kind, user):
    driver = request.getfixturevalue(kind)
    open_console(driver, base_url, user)
    entries = menu(driver)
    assert entries.get("首页") == "/"
    timings = []
    for title, path in entries.items():
        clear_performance(driver)
        driver.get(f"{base_url}/#{path}")
        heading = wait_page(driver)
        assert heading.text == title
        text = driver.find_element(By.TAG_NAME, "main").text
        assert not any(raw in text for raw in RAW), f"{path}: {text[:300]}"
        perf = page_performance(driver)
        timings.append(f"{path} {perf['api_time']:.0f} ms in {len(perf['api'])} calls")
        shot(driver, f"tour-{user}-{path.strip('/').replace('/', '_') or 'home'}", full_page=True)
        assert_clean(driver)
    print(f"\n{user} ({kind}) API time per page: " + "; ".join(timings))
