"""Test data the console's browser tests make through the HTTP API: a plan, a registered
student with an enrollment (the student's part is the /m/ tests'; here it is only setup)."""
import base64
import random
import time

# A 1×1 PNG: the uploads' content type is checked by magic bytes, not by size.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(rng=random):
    """A GB 11643 ID number of 合肥 (340101) with a valid birth date and check character."""
    body = "340101" + f"{rng.randint(1970, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + f"{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def unique_phone():
    return "139" + f"{int(time.time() * 1000) % 100000000:08d}"


def make_plan(api, token, name, posts=("011", "021"), days=20, requires_approval=False):
    now = int(time.time())
    return api.post("/api/v1/enrollment-plans", {
        "name": name, "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": list(posts), "headcount": 50,
        "startUnix": now - 60, "endUnix": now + days * 86400, "requiresApproval": requires_approval}, token)


def register_student(api, sms_code, name="测试学员"):
    """A new real-name-verified student; returns (token, id number, phone)."""
    from conftest import sms_outbox_last_id
    phone, number = unique_phone(), id_number()
    before = sms_outbox_last_id()
    api.post("/api/v1/sms-codes", {"phone": phone, "purpose": "SMS_PURPOSE_REGISTER"})
    code = sms_code(phone, after=before)
    api.post("/api/v1/students", {"idNumber": number, "name": name, "password": "Demo2026a", "phone": phone, "smsCode": code})
    return api.login(number), number, phone


def upload(api, token, kind):
    return api.upload(f"/api/v1/files?kind={kind}&fileName={kind}.png", PNG, token)["id"]


def enrollment_form(api, token, plan_id, post="011", **changes):
    form = {
        "planId": plan_id, "post": post, "commitmentNoticeAccepted": True,
        "employmentStatus": "EMPLOYMENT_STATUS_EMPLOYED", "employerName": "合肥测试建设有限公司", "employerDivisionCode": "3401",
        "gender": "男", "education": "大专", "school": "安徽建筑大学", "major": "土木工程",
        "workHistory": "2015年至今 合肥测试建设有限公司 施工现场技术员", "achievements": "参与住宅项目三项",
        "personalCommitment": "本人承诺所填报信息真实、准确、完整。",
        "idFrontFileId": upload(api, token, "id_front"), "idBackFileId": upload(api, token, "id_back"),
        "educationFileId": upload(api, token, "education"),
    }
    form.update(changes)
    return form


def enroll(api, token, plan_id, post="011"):
    """Submits an enrollment of the student in the plan; returns it."""
    return api.post("/api/v1/enrollments", {"form": enrollment_form(api, token, plan_id, post)}, token)
