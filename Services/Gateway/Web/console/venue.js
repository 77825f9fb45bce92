// The venue fields of a class (name, address, the geofence's centre and radius, and which
// coordinate system the centre is given in), and reading them for the API's Venue message.
import { h } from "/shared/dom.js";
import { input } from "/shared/forms.js";

/** The venue's fields for a form-grid; venue (optional) fills them. */
export function venueFields(venue) {
  const v = venue || {};
  const system = h("fieldset", { class: "field wide", dataset: { field: "coordinateSystem" } },
    h("legend", null, "坐标系"),
    h("div", { class: "checks" },
      h("label", { class: "check" }, h("input", { type: "radio", name: "coordinateSystem", value: "COORDINATE_SYSTEM_WGS84", checked: true }), "WGS-84（GPS、手机定位）"),
      h("label", { class: "check" }, h("input", { type: "radio", name: "coordinateSystem", value: "COORDINATE_SYSTEM_GCJ02" }), "GCJ-02（国测局坐标，高德/腾讯地图拾取）")),
    h("div", { class: "hint muted" }, "在高德地图、腾讯地图上拾取的坐标是 GCJ-02，请选第二项；系统统一换算为 WGS-84 保存。"),
    h("div", { class: "field-error", role: "alert" }));
  return [
    input("场地名称", "venueName", { maxlength: "100", value: v.name || "" }, { required: true }),
    input("场地地址", "venueAddress", { maxlength: "200", value: v.address || "" }, { required: true, wide: true }),
    input("纬度", "latitude", { type: "number", step: "any", min: "-90", max: "90", value: v.latitude ? String(v.latitude) : "" }, { required: true, hint: "例如 31.820587" }),
    input("经度", "longitude", { type: "number", step: "any", min: "-180", max: "180", value: v.longitude ? String(v.longitude) : "" }, { required: true, hint: "例如 117.227239" }),
    input("签到范围（米）", "radiusMeters", { type: "number", min: "50", max: "2000", inputmode: "numeric", value: String(v.radiusMeters || 200) }, { required: true, hint: "学员在此半径内方可正常签到" }),
    system,
  ];
}

/** The Venue message from the form's values; throws a field error when one is missing. */
export function readVenue(v) {
  const fail = (name, message) => { throw { message, fields: [{ field: name, message }] }; };
  if (!v.venueName) fail("venueName", "请填写场地名称");
  if (!v.venueAddress) fail("venueAddress", "请填写场地地址");
  const latitude = Number(v.latitude), longitude = Number(v.longitude), radius = Number(v.radiusMeters);
  if (!v.latitude || !(latitude >= -90 && latitude <= 90)) fail("latitude", "请填写场地纬度（-90 至 90）");
  if (!v.longitude || !(longitude >= -180 && longitude <= 180)) fail("longitude", "请填写场地经度（-180 至 180）");
  if (!(radius > 0)) fail("radiusMeters", "请填写签到范围");
  return { name: v.venueName, address: v.venueAddress, latitude, longitude, radiusMeters: Math.round(radius),
    coordinateSystem: v.coordinateSystem || "COORDINATE_SYSTEM_WGS84" };
}
