"""Test data the assessment browser tests make: a class of the demo institution taken the real
way (plan, enrollments, template, class submitted, approved by the city, training started), its
lessons then moved into the past and every student credited with each in the classes schema
(the sign-in pages have their own tests), training finished and attendance confirmed through
the API; and assessors enough for a test plan (CL-4)."""
import uuid

from classes_setup import POST, VENUE, closed_plan_with_students, day_start, ensure_teachers, template_lessons, teacher, unique
from conftest import _psql


def ensure_assessors(api, token, post=POST, count=8):
    """At least `count` active assessors of `post` at the caller's institution."""
    listed = api.get("/api/v1/teachers?activeOnly=true&pageSize=100", token)["teachers"]
    have = [t for t in listed if t["role"] == "TEACHER_ROLE_ASSESSOR" and t["specialty"] == post]
    for i in range(count - len(have)):
        teacher(api, token, f"考评员{i + 1}", "TEACHER_ROLE_ASSESSOR", post)


def finished_class(api, sms_code, names, post=POST):
    """A class with `names` as its students, finished, attendance confirmed, every student with
    the required hours. Returns (class, students [(token, id number, name)], admin token)."""
    import time
    admin = api.login("hfjx_admin")
    plan, students = closed_plan_with_students(api, sms_code, names, post)
    template = api.post("/api/v1/course-templates", {"name": unique("考核测试课程"), "post": post,
                                                     "lessons": template_lessons(ensure_teachers(api, admin, post)), "requestId": str(uuid.uuid4())}, admin)
    item = api.post("/api/v1/classes", {"planId": plan["id"], "post": post, "name": unique("考核测试班"), "templateId": template["id"],
                                        "firstDayUnix": day_start(int(time.time())) + 8 * 86400, "venue": VENUE, "requestId": str(uuid.uuid4())}, admin)
    api.post(f"/api/v1/classes/{item['id']}/actions", {"action": "CLASS_ACTION_SUBMIT", "comment": ""}, admin)
    api.post("/api/v1/class-reviews", {"classIds": [item["id"]], "approve": True, "comment": "同意开班"}, api.login("hefei_admin"))
    api.post(f"/api/v1/classes/{item['id']}/actions", {"action": "CLASS_ACTION_START", "comment": ""}, admin)
    class_id = int(item["id"])
    _psql(f"""
        UPDATE lessons l SET start_at = l.start_at - m.shift, end_at = l.end_at - m.shift
        FROM (SELECT max(end_at) - now() + interval '1 hour' AS shift FROM lessons WHERE class_id = {class_id}) m WHERE l.class_id = {class_id};
        INSERT INTO attendance (class_id, lesson_id, student_user_id, sign_in_at, sign_out_at, state, credited)
        SELECT l.class_id, l.id, s.student_user_id, l.start_at, l.end_at, 'accepted', true
        FROM lessons l JOIN class_students s ON s.class_id = l.class_id WHERE l.class_id = {class_id};
        """, role="classes")
    for action in ("FINISH", "CONFIRM_ATTENDANCE"):
        api.post(f"/api/v1/classes/{class_id}/actions", {"action": f"CLASS_ACTION_{action}", "comment": ""}, admin)
    ensure_assessors(api, admin, post)
    return api.get(f"/api/v1/classes/{class_id}", admin), students, admin
