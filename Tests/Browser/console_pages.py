"""Helpers for driving the console (/) in the browser tests: sign in, wait for a page, pick
menu entries, fill forms."""
from selenium.webdriver.common.by import By

from conftest import wait_css, wait_until


def wait_page(driver, timeout=15):
    """Waits until the current page has rendered and no list is still loading; returns its h1."""
    wait_until(driver, lambda d: d.execute_script(
        "const m = document.getElementById('main');"
        "return !!m && m.dataset.ready === '1' && !m.querySelector('.loading');"), timeout,
        f"page not ready: {driver.current_url}")
    return driver.find_element(By.CSS_SELECTOR, "main h1")


def sign_in(driver, user, password="Demo2026a"):
    """Fills the sign-in form (the current page must be it) and waits for the next page."""
    wait_css(driver, "form.login-form input[name=login]")
    field = driver.find_element(By.NAME, "login")
    field.clear()
    field.send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    wait_css(driver, ".topbar")
    return wait_page(driver)


def open_console(driver, base_url, user, hash_path="/"):
    """Opens base_url/#hash_path, signs in as `user`, and waits for that page."""
    driver.get(f"{base_url}/#{hash_path}")
    return sign_in(driver, user)


def menu(driver):
    """The menu's entries: {title: hash path}."""
    return {a.get_attribute("textContent").strip(): a.get_attribute("data-path") for a in driver.find_elements(By.CSS_SELECTOR, ".sidebar a")}


def click_menu(driver, title):
    if driver.find_elements(By.CSS_SELECTOR, ".menu-toggle") and driver.find_element(By.CSS_SELECTOR, ".menu-toggle").is_displayed():
        driver.find_element(By.CSS_SELECTOR, ".menu-toggle").click()
    driver.find_element(By.XPATH, f"//nav[@id='sidebar']//a[normalize-space()='{title}']").click()
    return wait_page(driver)


def set_value(driver, element, value):
    """Sets an input's value the way typing would (for date-time inputs whose typing depends on the locale)."""
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                          "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)


def button(root, text):
    """The first button (or link styled as one) whose text is `text` under root."""
    return root.find_element(By.XPATH, f".//*[self::button or self::a][normalize-space()='{text}']")


def row_with(driver, text):
    """The table row containing `text`."""
    return driver.find_element(By.XPATH, f"//main//tr[.//*[contains(normalize-space(), '{text}')]]")


def field_error(driver, name):
    """The error text shown at the field named `name`, and whether its control points to it."""
    control = driver.find_element(By.CSS_SELECTOR, f"[name='{name}']")
    slot = driver.find_element(By.CSS_SELECTOR, f".field[data-field='{name}'] .field-error")
    described = (control.get_attribute("aria-describedby") or "").split()
    return slot.text, slot.get_attribute("id") in described or not slot.get_attribute("id")


def wait_toast(driver, text, timeout=10):
    """Waits for a toast (the short message at the bottom) containing `text`; returns its text."""
    return wait_until(driver, lambda d: next((t.text for t in d.find_elements(By.CSS_SELECTOR, ".toast") if text in t.text), False),
                      timeout, f"no toast with {text!r}")


def shanghai_input(unix):
    """Unix seconds as the value of an <input type=datetime-local> in Asia/Shanghai."""
    import datetime
    return datetime.datetime.fromtimestamp(unix, datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%dT%H:%M")


def text(driver, selector):
    """The text of the first element matching `selector` ("" if none), read in one step so a
    re-render between finding and reading cannot make it stale."""
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", selector)
