// The console's pages: each module exports {menu?, routes}. The app builds the menu (by
// permission, in `groups` order, then menu.order) and the router from this list.
// See docs/CONSOLE.md "Adding a page".
import login from "./login.js";
import enterpriseRegister from "./enterprise-register.js";
import home from "./home.js";
import account from "./account.js";
import plans from "./plans.js";
import review from "./review.js";
import students from "./students.js";
import personnel from "./personnel.js";
import photos from "./photos.js";
import print from "./print.js";
import organisations from "./organisations.js";
import enterprises from "./enterprises.js";
import users from "./users.js";
import roles from "./roles.js";
import oplog from "./oplog.js";
import abnormal from "./abnormal.js";
import notices from "./notices.js";
import settings from "./settings.js";
import catalog from "./catalog.js";
import templates from "./templates.js";
import teachers from "./teachers.js";
import classApply from "./class-apply.js";
import classReview from "./class-review.js";
import attendance from "./attendance.js";
import signInReview from "./sign-in-review.js";
import venueCode from "./venue-code.js";
import classes from "./classes.js";
import testPlanReview from "./test-plan-review.js";
import scores from "./scores.js";
import testPlanPrint from "./test-plan-print.js";
import testPlans from "./test-plans.js";
import certificateSegments from "./certificate-segments.js";
import certificates from "./certificates.js";
import certificateReconciliation from "./certificate-reconciliation.js";
import certificateLookupLog from "./certificate-lookup-log.js";
import certificatePrint from "./certificate-print.js";
import certificateStatistics from "./certificate-statistics.js";
import certificateBusiness from "./certificate-business.js";
import certificateBatches from "./certificate-batches.js";

/** Menu groups, top to bottom; a group without entries the user may open is not shown. */
export const groups = [
  { id: "home", title: "" },
  { id: "enrollment", title: "报名管理" },
  { id: "classes", title: "培训管理" },
  { id: "assessment", title: "考核管理" },
  { id: "certificates", title: "证书管理" },
  { id: "org", title: "机构管理" },
  { id: "system", title: "系统设置" },
  { id: "info", title: "信息服务" },
];

/** Every page module. The first route matching a hash wins, so `classes` (whose `/classes/:id`
 * would match `/classes/templates`) comes after the other pages under `/classes/`, and
 * `testPlans` (`/assessment/plans/:id`) after the pages under `/assessment/plans/:id/`, and
 * `certificates` (`/certificates/:id`) after the other pages under `/certificates/`. */
export const pages = [
  login, enterpriseRegister, home, account,
  plans, review, students, personnel, photos, print,
  organisations, enterprises, users, roles, oplog, abnormal, notices,
  settings, catalog,
  templates, teachers, classApply, classReview, attendance, signInReview, venueCode, classes,
  testPlanReview, scores, testPlanPrint, testPlans,
  certificateSegments, certificateReconciliation, certificateLookupLog, certificatePrint, certificateStatistics, certificateBusiness, certificateBatches,
  certificates,
];
