// The venue fields of a class (name, address, the geofence's centre and radius, and which
// coordinate system the centre is given in), and reading them for the API's Venue message.
import { h } from "/shared/dom.js";
import { input } from "/shared/forms.js";

/** The venue's fields for a form-grid (named as the API's error `fields`); venue (optional) fills them. */
export function venueFields(venue) {
  const v = venue || {};
  const system = h("fieldset", { class: "field wide", dataset: { field: "venue.coordinateSystem" } },
    h("legend", null, "坐标系"),
    h("div", { class: "checks" },
      h("label", { class: "check" }, h("input", { type: "radio", name: "venue.coordinateSystem", value: "COORDINATE_SYSTEM_WGS84", checked: true }), "WGS-84（GPS、手机定位）"),
      h("label", { class: "check" }, h("input", { type: "radio", name: "venue.coordinateSystem", value: "COORDINATE_SYSTEM_GCJ02" }), "GCJ-02（国测局坐标，高德/腾讯地图拾取）")),
    h("div", { class: "hint muted" }, "在高德地图、腾讯地图上拾取的坐标是 GCJ-02，请选第二项；系统统一换算为 WGS-84 保存。"),
    h("div", { class: "field-error", role: "alert" }));
  return [
    input("场地名称", "venue.name", { maxlength: "100", value: v.name || "" }, { required: true }),
    input("场地地址", "venue.address", { maxlength: "200", value: v.address || "" }, { required: true, wide: true }),
    input("纬度", "venue.latitude", { type: "number", step: "any", min: "-90", max: "90", value: v.latitude ? String(v.latitude) : "" }, { required: true, hint: "例如 31.820587" }),
    input("经度", "venue.longitude", { type: "number", step: "any", min: "-180", max: "180", value: v.longitude ? String(v.longitude) : "" }, { required: true, hint: "例如 117.227239" }),
    input("签到范围（米）", "venue.radiusMeters", { type: "number", min: "10", max: "5000", inputmode: "numeric", value: String(v.radiusMeters || 200) }, { required: true, hint: "学员在此半径内方可正常签到" }),
    system,
  ];
}

/** The Venue message from the form's values; throws a field error when one is missing. */
export function readVenue(v) {
  const fail = (name, message) => { throw { message, fields: [{ field: name, message }] }; };
  const get = (k) => v["venue." + k] || "";
  if (!get("name")) fail("venue.name", "请填写场地名称");
  if (!get("address")) fail("venue.address", "请填写场地地址");
  const latitude = Number(get("latitude")), longitude = Number(get("longitude")), radius = Number(get("radiusMeters"));
  if (!get("latitude") || !(latitude >= -90 && latitude <= 90)) fail("venue.latitude", "请填写场地纬度（-90 至 90）");
  if (!get("longitude") || !(longitude >= -180 && longitude <= 180)) fail("venue.longitude", "请填写场地经度（-180 至 180）");
  if (!(radius >= 10 && radius <= 5000)) fail("venue.radiusMeters", "签到范围应为10至5000米");
  return { name: get("name"), address: get("address"), latitude, longitude, radiusMeters: Math.round(radius),
    coordinateSystem: get("coordinateSystem") || "COORDINATE_SYSTEM_WGS84" };
}
