"""Browser tests of the console (/) and the student pages (/m/) in headless Chromium.

Run by scripts/browser-test.sh, which starts a throw-away stack and sets the environment; see
docs/CONSOLE.md ("Browser tests"). Against a stack already running (scripts/dev-stack.sh, or
/work/webdev.py in front of one):

    BROWSER_BASE_URL=http://127.0.0.1:8080 \
    BROWSER_DB_URL=postgresql://identity@127.0.0.1:55432/training \
    .dev-browser/venv/bin/python -m pytest Tests/Browser

Environment:
  BROWSER_BASE_URL     the gateway (default http://127.0.0.1:8280, the stack of browser-test.sh)
  BROWSER_DB_URL       identity's database, for the development SMS outbox
                       (default postgresql://identity@127.0.0.1:55632/training)
  BROWSER_SCREENSHOTS  where shot() writes PNGs (default Tests/Browser/screenshots/, git-ignored)
  BROWSER_CHROMIUM, BROWSER_CHROMEDRIVER  the executables (default Debian's chromium, chromedriver)

Fixtures: base_url, desktop, phone, browser (a factory), shot, sms_code, api.
Plain functions (import them: `from conftest import wait_css, page_performance`): shot,
console_errors, csp_violations, assert_clean, wait_css, wait_until, wait_loaded, wait_quiet,
page_performance, clear_performance, sms_outbox_last_id.
"""
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
BASE_URL = os.environ.get("BROWSER_BASE_URL", "http://127.0.0.1:8280").rstrip("/")
DB_URL = os.environ.get("BROWSER_DB_URL", "postgresql://identity@127.0.0.1:55632/training")
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", HERE / "screenshots"))

#: The two sizes every page is tried and photographed at: (width, height) in CSS pixels.
DESKTOP_SIZE = (1366, 768)
PHONE_SIZE = (390, 844)
#: What the student pages see: a phone's WeChat browser (the mini-program's web-view).
PHONE_USER_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN")


def _executable(variable, *candidates):
    for candidate in [os.environ.get(variable)] + list(candidates):
        if candidate and (os.path.isfile(candidate) or shutil.which(candidate)):
            return shutil.which(candidate) or candidate
    pytest.exit(f"no {candidates[-1]} (Debian: apt-get install chromium chromium-driver; or set {variable})", 2)


# Installed before any page script: records CSP violations (the console shows them too, but
# this also catches those the browser reports only as events), outside the page's CSP.
_CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI,
                               source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


def make_driver(kind="desktop"):
    """A new headless Chromium (fresh profile: no cookies, empty cache) for `kind`: "desktop"
    (a 1366×768 window) or "phone" (390×844, touch, a WeChat user agent). The caller quits it;
    the `desktop`/`phone`/`browser` fixtures do that for you."""
    options = webdriver.ChromeOptions()
    options.binary_location = _executable("BROWSER_CHROMIUM", "/usr/lib/chromium/chromium", "chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                 "--disable-background-networking", "--disable-sync", "--hide-scrollbars",
                 "--lang=zh-CN", "--force-device-scale-factor=1",
                 # A fake camera and microphone, allowed without asking (photo capture on /m/).
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    if kind == "phone":
        width, height = PHONE_SIZE
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1, "touch": True, "mobile": True},
            "userAgent": PHONE_USER_AGENT,
        })
        options.add_argument(f"--window-size={width},{height}")
    elif kind == "desktop":
        options.add_argument("--window-size=%d,%d" % DESKTOP_SIZE)
    else:
        raise ValueError(f"kind must be desktop or phone, not {kind!r}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_executable("BROWSER_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.kind = kind
    driver.set_page_load_timeout(30)
    if kind == "desktop":
        # The window's inner size is the viewport in new headless; set it exactly.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": DESKTOP_SIZE[0], "height": DESKTOP_SIZE[1], "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _CSP_RECORDER})
    return driver


# ---------------------------------------------------------------------------------------------
# Fixtures

@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so driver fixtures can photograph a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


def _file_name(test_name):
    return re.sub(r"[^\w.-]+", "_", test_name)


def _driver_fixture(request, kind):
    driver = make_driver(kind)
    yield driver
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            shot(driver, "FAILED-" + _file_name(request.node.name))
        except Exception:  # noqa: BLE001 — the failure itself is what matters
            pass
    driver.quit()


@pytest.fixture(scope="session")
def base_url():
    """The gateway's origin, without a trailing slash: `base_url + "/m/"`."""
    return BASE_URL


@pytest.fixture
def desktop(request):
    """A Chromium at 1366×768 with a fresh profile; screenshots of it end in `-desktop.png`."""
    yield from _driver_fixture(request, "desktop")


@pytest.fixture
def phone(request):
    """A Chromium emulating a 390×844 touch phone (WeChat user agent); `-phone.png`."""
    yield from _driver_fixture(request, "phone")


@pytest.fixture
def browser(request):
    """A factory for more browsers in one test (two users at once): `browser("phone")`.
    Every browser it made is quit at the end."""
    made = []

    def make(kind="desktop"):
        driver = make_driver(kind)
        made.append(driver)
        return driver

    yield make
    report = getattr(request.node, "report_call", None)
    for index, driver in enumerate(made):
        if report is not None and report.failed:
            try:
                shot(driver, f"FAILED-{_file_name(request.node.name)}-{index}")
            except Exception:  # noqa: BLE001
                pass
        driver.quit()


@pytest.fixture(name="shot")
def shot_fixture():
    """`shot(driver, name)`: see `shot`."""
    return shot


@pytest.fixture(name="sms_code")
def sms_code_fixture():
    """`sms_code(phone_number)`: see `sms_code`."""
    return sms_code


@pytest.fixture(scope="session")
def api(base_url):
    """An `API` client of the gateway, for setting up what a test needs."""
    return API(base_url)


# ---------------------------------------------------------------------------------------------
# Screenshots, the browser log, waiting

def shot(driver, name, full_page=False):
    """Saves the viewport (or, with `full_page`, the whole scrollable page) as
    `<BROWSER_SCREENSHOTS>/<name>-<desktop|phone>.png`; returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{getattr(driver, 'kind', 'browser')}.png"
    if full_page:
        import base64
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(data["data"]))
    else:
        driver.save_screenshot(str(path))
    return path


# A 4xx answer of the API is the page's to handle (401 → sign-in, 400 → the message at its
# field), yet Chromium logs each as "Failed to load resource"; those are not errors of the page.
# The browser's own request for /favicon.ico (made when a page links no icon) is not the page's.
_API_STATUS = re.compile(r"(/api/v1/\S*|/favicon\.ico) - Failed to load resource: the server responded with a status of 4\d\d")


def console_errors(driver, ignore=()):
    """The browser log's SEVERE entries since the last call (reading the log empties it), less
    4xx answers of /api/v1 (and of the browser's own /favicon.ico request) and any entry
    matching one of the `ignore` regexes."""
    errors = []
    for entry in driver.get_log("browser"):
        if entry.get("level") != "SEVERE":
            continue
        message = entry.get("message", "")
        if _API_STATUS.search(message) or any(re.search(pattern, message) for pattern in ignore):
            continue
        errors.append(message)
    return errors


def csp_violations(driver):
    """Content-Security-Policy violations of the current document (since it loaded)."""
    return driver.execute_script("return window.__cspViolations || []")


def assert_clean(driver, ignore=()):
    """Fails with the details when the page logged errors or violated its CSP."""
    violations = csp_violations(driver)
    errors = console_errors(driver, ignore)
    assert not violations, f"CSP violations on {driver.current_url}: {json.dumps(violations, ensure_ascii=False)}"
    assert not errors, f"console errors on {driver.current_url}:\n" + "\n".join(errors)


def wait_until(driver, condition, timeout=10, message=""):
    """Waits until `condition(driver)` is truthy and returns its value."""
    return WebDriverWait(driver, timeout).until(condition, message)


def wait_css(driver, selector, timeout=10, visible=True):
    """The first element matching the CSS `selector`, once it exists (and is displayed)."""
    def find(d):
        for element in d.find_elements(By.CSS_SELECTOR, selector):
            if not visible or element.is_displayed():
                return element
        return False
    try:
        return WebDriverWait(driver, timeout).until(find)
    except TimeoutException:
        raise TimeoutException(f"no {'visible ' if visible else ''}{selector!r} on {driver.current_url} after {timeout} s") from None


def wait_loaded(driver, timeout=15):
    """Waits for the document's load event (module scripts have run by then)."""
    wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete", timeout)


def wait_quiet(driver, quiet_ms=300, timeout=15):
    """Waits for the load event, then until no new resource (fetch, image, module) has finished
    for `quiet_ms`: the page's first API calls have answered. A heuristic; prefer waiting for
    the element the test needs."""
    wait_loaded(driver, timeout)
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = driver.execute_script("return performance.getEntriesByType('resource').length")
        if count != last:
            last, since = count, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
        time.sleep(0.05)
    raise TimeoutException(f"{driver.current_url} kept loading for {timeout} s")


# ---------------------------------------------------------------------------------------------
# Performance (the page budget, docs/BENCHMARKS.md)

_PERFORMANCE = """
const nav = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource').map(r => ({
  url: r.name, type: r.initiatorType, transferred: r.transferSize, encoded: r.encodedBodySize,
  decoded: r.decodedBodySize, start: r.startTime, duration: r.duration, end: r.responseEnd}));
const marks = {};
for (const m of performance.getEntriesByType('mark')) marks[m.name] = m.startTime;
return {
  navigation: nav ? {url: nav.name, transferred: nav.transferSize, encoded: nav.encodedBodySize,
    decoded: nav.decodedBodySize, duration: nav.duration, responseEnd: nav.responseEnd,
    domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd} : null,
  resources: resources, marks: marks, now: performance.now()};
"""


def page_performance(driver):
    """What the current document cost, from the Performance API (times in ms since navigation
    start, sizes in bytes; transferred = headers + body as sent, 0 when from the cache):

      {"navigation": {url, transferred, encoded, decoded, duration, responseEnd, domInteractive,
                      domContentLoaded, load},
       "resources": [{url, type, transferred, encoded, decoded, start, duration, end}, …],
       "api": the resources whose URL has /api/v1/ (the page's fetches),
       "static": the other resources (scripts, styles, images),
       "marks": {name: time} of performance.mark() calls (e.g. a page's "ready"),
       "transferred": navigation + every resource, "api_transferred", "static_transferred",
       "api_time": summed duration of the API fetches, "api_end": when the last one ended}

    Hash navigation keeps the document: call `clear_performance` before moving to the next page
    to measure that page's fetches alone. The resource buffer holds 250 entries."""
    data = driver.execute_script(_PERFORMANCE)
    nav = data["navigation"] or {"transferred": 0}
    data["api"] = [r for r in data["resources"] if "/api/v1/" in r["url"]]
    data["static"] = [r for r in data["resources"] if "/api/v1/" not in r["url"]]
    data["api_transferred"] = sum(r["transferred"] for r in data["api"])
    data["static_transferred"] = sum(r["transferred"] for r in data["static"])
    data["transferred"] = nav["transferred"] + data["api_transferred"] + data["static_transferred"]
    data["api_time"] = sum(r["duration"] for r in data["api"])
    data["api_end"] = max((r["end"] for r in data["api"]), default=0)
    return data


def clear_performance(driver):
    """Forgets the resource entries so far (not the navigation entry) and the marks."""
    driver.execute_script("performance.clearResourceTimings(); performance.clearMarks();")


# ---------------------------------------------------------------------------------------------
# The development SMS outbox

def sms_outbox_last_id():
    """The newest outbox row's id (0 when empty): pass it to `sms_code(…, after=)` to wait for a
    code sent after this point."""
    out = _psql("SELECT coalesce(max(id), 0) FROM sms_outbox")
    return int(out or 0)


def sms_code(phone_number, after=0, timeout=10):
    """The code in the newest message to `phone_number` in identity's development outbox
    (`sms_outbox`, written by OutboxSMSSender) with an id above `after`, waiting up to
    `timeout` seconds for it to arrive."""
    if not re.fullmatch(r"\+?\d{5,20}", phone_number):
        raise ValueError(f"not a phone number: {phone_number!r}")
    deadline = time.monotonic() + timeout
    while True:
        text = _psql(f"SELECT text FROM sms_outbox WHERE phone = '{phone_number}' AND id > {int(after)} "
                     "ORDER BY id DESC LIMIT 1")
        match = re.search(r"验证码是(\d{4,8})", text) or re.search(r"(\d{6})", text)
        if match:
            return match.group(1)
        if time.monotonic() > deadline:
            raise AssertionError(f"no SMS code to {phone_number} in the outbox after {timeout} s")
        time.sleep(0.2)


def _psql(sql, role="identity"):
    """Runs `sql` as a service's role (its own schema: identity by default)."""
    url = DB_URL.replace("://identity@", f"://{role}@", 1)
    result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(f"psql {url}: {result.stderr.strip()}")
    return result.stdout.strip()


# ---------------------------------------------------------------------------------------------
# The HTTP API, for test setup

class APIError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} → {status}: {json.dumps(body, ensure_ascii=False)}")
        self.status, self.body = status, body


class API:
    """Calls the gateway's /api/v1 with a bearer token (no cookies, no CSRF token needed):

        token = api.login("hfjx_admin")
        plans = api.get("/api/v1/enrollment-plans", token)
        api.post("/api/v1/enrollment-plans", {...}, token)
        status, body = api.request("POST", "/api/v1/sessions", {...})  # any status

    Bodies are JSON; the answer is the decoded JSON (None when empty). `call` and its short
    forms raise APIError (with .status and .body) on a status other than 2xx."""

    def __init__(self, base_url):
        self.base_url = base_url

    def request(self, method, path, body=None, token=None, headers=None):
        """(status, decoded body) whatever the status."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, (json.loads(raw) if raw else None)
        except ValueError:
            return status, raw.decode(errors="replace")

    def call(self, method, path, body=None, token=None, headers=None):
        """The decoded body of a 2xx answer; any other status raises APIError."""
        status, decoded = self.request(method, path, body, token, headers)
        if not 200 <= status < 300:
            raise APIError(method, path, status, decoded)
        return decoded

    def login(self, login, password="Demo2026a"):
        """A session token for `login` (a username, or a student's ID number)."""
        return self.call("POST", "/api/v1/sessions", {"login": login, "password": password})["session"]["token"]

    def get(self, path, token=None):
        return self.call("GET", path, token=token)

    def upload(self, path, content, token, content_type="image/png"):
        """POSTs raw bytes (a file upload route); the decoded JSON answer."""
        request = urllib.request.Request(self.base_url + path, data=content, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def post(self, path, body=None, token=None):
        return self.call("POST", path, body if body is not None else {}, token=token)

    def put(self, path, body=None, token=None):
        return self.call("PUT", path, body if body is not None else {}, token=token)

    def patch(self, path, body=None, token=None):
        return self.call("PATCH", path, body if body is not None else {}, token=token)

    def delete(self, path, token=None):
        return self.call("DELETE", path, token=token)
