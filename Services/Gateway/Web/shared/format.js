// Display formatting: times in Asia/Shanghai, the API's enum names as Chinese labels, numbers.

const TZ = "Asia/Shanghai";
const dateFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });
const dateTimeFmt = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});
const numberFmt = new Intl.NumberFormat("zh-CN");
const moneyFmt = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });

function toDate(unix) {
  if (unix === undefined || unix === null || unix === "" || Number(unix) === 0) return null;
  return new Date(Number(unix) * 1000);
}

/** "2026-03-07" for Unix seconds (Asia/Shanghai); "—" when absent. */
export function date(unix) {
  const d = toDate(unix);
  return d ? dateFmt.format(d).replace(/\//g, "-") : "—";
}

/** "2026-03-07 14:05" for Unix seconds (Asia/Shanghai); "—" when absent. */
export function dateTime(unix) {
  const d = toDate(unix);
  return d ? dateTimeFmt.format(d).replace(/\//g, "-") : "—";
}

/** Unix seconds → "YYYY-MM-DD" for an <input type=date> (Asia/Shanghai); "" when absent. */
export function dateInputValue(unix) {
  const d = toDate(unix);
  return d ? dateFmt.format(d).replace(/\//g, "-") : "";
}

/** "YYYY-MM-DD" from an <input type=date> → Unix seconds at 00:00 Asia/Shanghai (endOfDay: 23:59:59). */
export function unixFromDateInput(value, endOfDay = false) {
  if (!value) return 0;
  const ms = Date.parse(value + "T00:00:00+08:00");
  if (Number.isNaN(ms)) return 0;
  return Math.floor(ms / 1000) + (endOfDay ? 86399 : 0);
}

const timeFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "14:05" for Unix seconds (Asia/Shanghai); "—" when absent. */
export function time(unix) {
  const d = toDate(unix);
  return d ? timeFmt.format(d) : "—";
}

/** Minutes after 00:00 → "08:30" (a template lesson's time of day). */
export function hhmm(minutes) {
  const m = Number(minutes) || 0;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "08:30" → minutes after 00:00 (NaN when not HH:MM). */
export function minutesOf(value) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(value || "").trim());
  return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** 12345 → "12,345"; "—" when absent. */
export function number(n) {
  return n === undefined || n === null || n === "" ? "—" : numberFmt.format(Number(n));
}

/** Amount in fen (分) → "¥123.45". */
export function money(fen) {
  return fen === undefined || fen === null ? "—" : moneyFmt.format(Number(fen) / 100);
}

const LABELS = {
  EnrollmentState: { SUBMITTED: "待审核", APPROVED: "已确认", REJECTED: "已驳回", WITHDRAWN: "已撤回" },
  PlanState: { DRAFT: "草稿", SUBMITTED: "已上报", ACCEPTED: "已受理", APPROVED: "已通过", REJECTED: "已驳回" },
  PlanKind: { NEW_CERTIFICATE: "新取证", CONTINUING_EDUCATION: "继续教育" },
  PlanAction: { SUBMIT: "上报", WITHDRAW: "撤回", ACCEPT: "受理", APPROVE: "通过", REJECT: "驳回", CLOSE: "提前结束" },
  PhotoState: { PENDING: "待确认", CONFIRMED: "已确认", RETURNED: "已退回" },
  FileKind: { ID_FRONT: "身份证人像面", ID_BACK: "身份证国徽面", EDUCATION: "学历证书", PHOTO: "证件照" },
  EmploymentStatus: { EMPLOYED: "在职", UNEMPLOYED: "待业" },
  OrgKind: {
    PROVINCE: "省住建厅", CITY_AUTHORITY: "地市主管部门", PROVINCE_DIRECT: "省直属单位",
    TRAINING_INSTITUTION: "培训机构", CE_BASE: "继续教育基地", ENTERPRISE: "企业",
  },
  ClassState: { DRAFT: "草稿", SUBMITTED: "已提交", APPROVED: "已通过", REJECTED: "未通过", IN_TRAINING: "培训中", FINISHED: "已结业" },
  TeacherRole: { SAFETY: "安全知识教师", THEORY: "理论教师", PRACTICE: "实操教师", ASSESSOR: "考评员" },
  SignInState: { ACCEPTED: "已签到", PENDING: "待审核", REJECTED: "已驳回" },
  TestPlanState: { DRAFT: "未上报", SUBMITTED: "待受理", ACCEPTED: "已受理", APPROVED: "已审核", REJECTED: "审核未通过" },
  ScoreState: { NOT_REPORTED: "未上报", REPORTED: "待受理", ACCEPTED: "已受理", APPROVED: "已审核", NOT_APPROVED: "未通过" },
  Sitting: { PRESENT: "正常", ABSENT: "缺考", CHEATED: "违纪" },
  Result: { PASSED: "合格", FAILED: "不合格", ABSENT: "缺考", CHEATED: "违纪" },
  CertificateStatus: { VALID: "有效", CANCELLED: "已注销", EXPIRED: "已过期", VOIDED: "已作废" },
  BusinessKind: { CHANGE: "变更", REISSUE: "补办", CANCEL: "注销", RENAME: "单位更名" },
  BusinessState: { PENDING: "待审核", APPROVED: "审核通过", REJECTED: "审核不通过" },
  PushState: { PENDING: "未推送", PUSHED: "已推送", FAILED: "推送失败" },
  LookupResult: { FOUND: "查到", NOT_FOUND: "未查到", CHALLENGED: "要求验证", CHALLENGE_FAILED: "验证未通过", LIMITED: "超出次数" },
};

const PREFIX = {
  EnrollmentState: "ENROLLMENT_STATE_", PlanState: "PLAN_STATE_", PlanKind: "PLAN_KIND_",
  PlanAction: "PLAN_ACTION_", PhotoState: "PHOTO_STATE_", FileKind: "FILE_KIND_",
  EmploymentStatus: "EMPLOYMENT_STATUS_", OrgKind: "ORG_KIND_",
  ClassState: "CLASS_STATE_", TeacherRole: "TEACHER_ROLE_", SignInState: "SIGN_IN_STATE_",
  TestPlanState: "TEST_PLAN_STATE_", ScoreState: "SCORE_STATE_", Sitting: "SITTING_", Result: "RESULT_",
  CertificateStatus: "CERTIFICATE_STATUS_", PushState: "PUSH_STATE_", LookupResult: "LOOKUP_RESULT_",
  BusinessKind: "BUSINESS_KIND_", BusinessState: "BUSINESS_STATE_",
};

/** The short enum value ("ENROLLMENT_STATE_SUBMITTED" → "SUBMITTED"). */
export function enumValue(type, value) {
  const p = PREFIX[type] || "";
  return typeof value === "string" && value.startsWith(p) ? value.slice(p.length) : String(value || "");
}

/** Chinese label for an enum value: label("PlanState", "PLAN_STATE_DRAFT") → "草稿"; "—" if unknown. */
export function label(type, value) {
  const v = enumValue(type, value);
  return (LABELS[type] && LABELS[type][v]) || (v && v !== "UNSPECIFIED" ? v : "—");
}

/** The query-string spelling of an enum value ("PLAN_STATE_DRAFT" → "draft"). */
export function enumParam(type, value) {
  return enumValue(type, value).toLowerCase();
}

/** [value, label] pairs for a select, in the order above. */
export function options(type) {
  return Object.entries(LABELS[type] || {}).map(([k, v]) => [k.toLowerCase(), v]);
}

/** "张三" / "" → "—": a value or a dash for empty cells. */
export function orDash(v) {
  return v === undefined || v === null || v === "" ? "—" : String(v);
}

const partsFmt = new Intl.DateTimeFormat("en-CA", {
  timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

/** Unix seconds → "YYYY-MM-DDTHH:mm" (Asia/Shanghai) for an <input type=datetime-local>; "" when absent. */
export function dateTimeInputValue(unix) {
  const d = toDate(unix);
  if (!d) return "";
  const p = Object.fromEntries(partsFmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "YYYY-MM-DDTHH:mm" from an <input type=datetime-local>, read as Asia/Shanghai → Unix seconds (0 if empty). */
export function unixFromDateTimeInput(value) {
  if (!value) return 0;
  const ms = Date.parse(value + (value.length === 16 ? ":00" : "") + "+08:00");
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const SKILL_LEVELS = { 0: "普工", 1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工" };

/** A certificate's level code as its name (SPEC §0: 普工 0, 初级工 5 … 高级技师 1); 9 (professional
 * posts, which have no level) and an empty code as "—". */
export function skillLevel(code) {
  return SKILL_LEVELS[code] || "—";
}
