"""Test data the classes browser tests make through the HTTP API: a closed plan with approved
students, teachers, a template, a class submitted and approved, a lesson moved to now (B-5: a
schedule may change after approval) so that its sign-in and sign-out windows are open."""
import time
import uuid

from console_setup import enroll, id_number, make_plan, register_student

#: The venue of the tests: 合肥, near 长江西路 (WGS-84), and a point about 2.2 km north of it.
VENUE = {"name": "合肥建筑职业培训学校 实训楼", "address": "合肥市蜀山区长江西路 100 号", "latitude": 31.8206, "longitude": 117.2272,
         "radiusMeters": 200, "coordinateSystem": "COORDINATE_SYSTEM_WGS84"}
INSIDE = (31.8207, 117.2273)
OUTSIDE = (31.8406, 117.2272)
#: A skill trade the demo institution may train (48 required hours in the shipped catalog).
POST = "T01"
SHANGHAI = 8 * 3600


def unique(prefix):
    return f"{prefix} {int(time.time() * 1000) % 10_000_000}"


def closed_plan_with_students(api, sms_code, names, post=POST):
    """A new-certificate plan of hfjx_admin's institution for `post`, the students `names`
    registered, enrolled and approved, and the enrollment closed early. Returns (plan, students)
    with students [(token, id number, name)]."""
    admin = api.login("hfjx_admin")
    plan = make_plan(api, admin, unique("开班测试计划"), posts=(post,))
    students = []
    for name in names:
        token, number, _ = register_student(api, sms_code, name=name)
        enrollment = enroll(api, token, plan["id"], post=post)
        api.post(f"/api/v1/enrollments/{enrollment['id']}/review", {"approve": True}, admin)
        students.append((token, number, name))
    api.post(f"/api/v1/enrollment-plans/{plan['id']}/actions", {"action": "PLAN_ACTION_CLOSE", "comment": ""}, admin)
    return api.get(f"/api/v1/enrollment-plans/{plan['id']}", admin), students


def teacher(api, token, name, role, specialty=""):
    """A new active teacher of the caller's institution."""
    return api.post("/api/v1/teachers", {"name": name, "idNumber": id_number(), "role": role, "qualification": f"{name} 资格证 {uuid.uuid4().hex[:6]}",
                                         "specialty": specialty, "phone": "139" + str(int(time.time() * 1000))[-8:], "active": True,
                                         "requestId": str(uuid.uuid4())}, token)


def ensure_teachers(api, token, post=POST):
    """At least two safety teachers and one theory teacher of `post` (CL-4: a class's lessons
    must be taught by as many); returns [theory id, safety id, safety id]."""
    listed = api.get("/api/v1/teachers?activeOnly=true&pageSize=100", token)["teachers"]
    safety = [t for t in listed if t["role"] == "TEACHER_ROLE_SAFETY"]
    theory = [t for t in listed if t["role"] == "TEACHER_ROLE_THEORY" and t["specialty"] == post]
    for i in range(2 - len(safety)):
        safety.append(teacher(api, token, f"安全教师{i + 1}", "TEACHER_ROLE_SAFETY"))
    if not theory:
        theory.append(teacher(api, token, "理论教师", "TEACHER_ROLE_THEORY", post))
    return [theory[0]["id"], safety[0]["id"], safety[1]["id"]]


def day_start(unix):
    """00:00 Asia/Shanghai of the day of `unix`."""
    return (unix + SHANGHAI) // 86400 * 86400 - SHANGHAI


def template_lessons(teacher_ids, hours=48, per_lesson=12):
    """Lessons covering `hours` in lessons of `per_lesson` hours, one a day from 08:00."""
    count = -(-hours // per_lesson)
    return [{"content": f"第{i + 1}讲 砌筑工艺与安全", "teacherId": teacher_ids[i % len(teacher_ids)], "day": i, "startMinute": 8 * 60,
             "endMinute": 20 * 60, "place": "实训楼 201", "hours": per_lesson} for i in range(count)]


def approved_class(api, sms_code, names, post=POST):
    """A class of the demo institution with `names` as its students, submitted and approved by
    the city, training started, its first lesson moved to now (sign-in and sign-out open).
    Returns (class, students, admin token)."""
    admin = api.login("hfjx_admin")
    plan, students = closed_plan_with_students(api, sms_code, names, post)
    template = api.post("/api/v1/course-templates", {"name": unique("砌筑工标准课程"), "post": post,
                                                     "lessons": template_lessons(ensure_teachers(api, admin, post)), "requestId": str(uuid.uuid4())}, admin)
    first_day = day_start(int(time.time())) + 8 * 86400
    item = api.post("/api/v1/classes", {"planId": plan["id"], "post": post, "name": unique("砌筑工班"), "templateId": template["id"],
                                        "firstDayUnix": first_day, "venue": VENUE, "requestId": str(uuid.uuid4())}, admin)
    api.post(f"/api/v1/classes/{item['id']}/actions", {"action": "CLASS_ACTION_SUBMIT", "comment": ""}, admin)
    api.post("/api/v1/class-reviews", {"classIds": [item["id"]], "approve": True, "comment": "同意开班"}, api.login("hefei_admin"))
    lesson_now(api, admin, item["id"])
    api.post(f"/api/v1/classes/{item['id']}/actions", {"action": "CLASS_ACTION_START", "comment": ""}, admin)
    return api.get(f"/api/v1/classes/{item['id']}", admin), students, admin


def lesson_now(api, token, class_id):
    """Moves the class's first lesson to [now − 1 min, now + 9 min] (B-5 after approval): sign-in
    is open from 30 minutes before a lesson's start to 15 after, sign-out from 10 minutes before
    its end, so both are open (and the lesson is today's, for 今日课程, except in the first minute
    after midnight in Shanghai)."""
    item = api.get(f"/api/v1/classes/{class_id}", token)
    now = int(time.time())
    lessons = [{k: lesson[k] for k in ("id", "content", "teacherId", "startUnix", "endUnix", "place", "hours")} for lesson in item["lessons"]]
    lessons[0]["startUnix"], lessons[0]["endUnix"] = now - 60, now + 540
    return api.put(f"/api/v1/classes/{class_id}", {"name": item["name"], "venue": VENUE, "lessons": lessons}, token)


def venue_code(api, token, class_id, lesson_id):
    """The venue's current 8-digit code (what the projector shows)."""
    return api.get(f"/api/v1/classes/{class_id}/lessons/{lesson_id}/venue-code", token)


def set_location(driver, base_url, latitude, longitude):
    """Grants the page geolocation and makes the phone be at (latitude, longitude)."""
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base_url, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": latitude, "longitude": longitude, "accuracy": 15})
