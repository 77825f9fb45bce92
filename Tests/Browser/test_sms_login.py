"""The SMS-code sign-in of both front ends against the API's shape: `POST /api/v1/sms-codes
{login, purpose: "SMS_PURPOSE_LOGIN"}`, then `POST /api/v1/sessions {login, smsCode}` with an
empty password. The console's 短信验证码登录 tab (an institution admin) and the student pages'
验证码登录 (a demo student); the codes are read from the development outbox. The phones are the
demo data's (each phone takes one code a minute)."""
from selenium.webdriver.common.by import By

from conftest import assert_clean, sms_outbox_last_id, wait_css, wait_until
from console_pages import button, wait_page

ADMIN, ADMIN_PHONE = "hfjx_admin", "13800000005"
STUDENT, STUDENT_PHONE = "340101199003071236", "13900000001"


def test_console_sms_code_sign_in(desktop, base_url, shot, sms_code):
    d = desktop
    d.get(base_url + "/#/plans")
    wait_css(d, "form.login-form")
    button(d, "短信验证码登录").click()
    form = wait_css(d, "form.sms-login")
    form.find_element(By.NAME, "login").send_keys(ADMIN)
    after = sms_outbox_last_id()
    button(form, "获取验证码").click()
    code = sms_code(ADMIN_PHONE, after)
    form.find_element(By.NAME, "smsCode").send_keys(code)
    shot(d, "sms-login-console")
    button(form, "登录").click()
    wait_css(d, ".topbar")
    wait_page(d)
    assert "合肥建校管理员" in d.find_element(By.CSS_SELECTOR, ".topbar").text
    assert_clean(d)


def test_student_sms_code_sign_in(phone, base_url, shot, sms_code):
    p = phone
    p.get(base_url + "/m/#/login")
    wait_css(p, "form input[name=login]")
    button(p, "验证码登录").click()
    wait_css(p, "input[name=smsCode]")
    p.find_element(By.NAME, "login").send_keys(STUDENT)
    after = sms_outbox_last_id()
    button(p, "获取验证码").click()
    code = sms_code(STUDENT_PHONE, after)
    p.find_element(By.NAME, "smsCode").send_keys(code)
    shot(p, "sms-login-student")
    p.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_until(p, lambda x: "#/login" not in x.current_url and x.find_elements(By.CSS_SELECTOR, "main[data-page][aria-busy=false]"), 15)
    assert "#/login" not in p.current_url
    shot(p, "sms-login-student-home")
    assert_clean(p)
