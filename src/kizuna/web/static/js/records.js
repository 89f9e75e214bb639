// The operator's flight log records: a daily inspection before flying (the configured check
// items of the aircraft's kind), an inspection and maintenance record, the printable log.
// Every value reaches the page through textContent; no HTML is built from data.
import { call, callText, requireLogin, logout } from "./api.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";

setDict({
  title: { ja: "飛行日誌", en: "Flight log" }, logout: { ja: "ログアウト", en: "Sign out" }, console: { ja: "運航コンソール", en: "Console" },
  incidents: { ja: "事故等報告", en: "Incidents" }, inspection: { ja: "日常点検記録", en: "Daily inspection" },
  aircraft: { ja: "機体", en: "Aircraft" }, date: { ja: "実施日", en: "Date" }, place: { ja: "実施場所", en: "Place" },
  inspector: { ja: "実施者", en: "Inspector" }, remarks: { ja: "備考", en: "Remarks" }, record: { ja: "記録する", en: "Record" },
  items_help: { ja: "各項目の結果を選んでください（全項目必須）。", en: "Give each item its result (every item is required)." },
  allpass: { ja: "すべて異常なし", en: "All pass" }, pass: { ja: "異常なし", en: "Pass" }, fail: { ja: "異常あり", en: "Fail" },
  maintenance: { ja: "点検整備記録", en: "Inspection and maintenance" }, performer: { ja: "実施者", en: "Performed by" },
  work: { ja: "点検・修理・改造・整備の内容", en: "Work done" }, parts: { ja: "交換部品（読点・カンマ区切り）", en: "Parts replaced (comma-separated)" },
  reason: { ja: "実施理由", en: "Reason" }, log: { ja: "飛行日誌（機上携行用）", en: "Flight log (to carry on board)" },
  log_help: { ja: "飛行記録・日常点検記録・点検整備記録を国土交通省の様式で印刷します。", en: "Prints the flight, daily inspection and maintenance records in MLIT's layout." },
  print: { ja: "印刷用の飛行日誌を開く", en: "Open the printable log" }, saved: { ja: "記録しました", en: "Recorded" },
  since: { ja: "前回機体認証からの総飛行時間 {h}", en: "Flight time since certification {h}" },
  flights: { ja: "{reg}: 飛行 {n} 回・日常点検 {i} 件・点検整備 {m} 件", en: "{reg}: {n} flights, {i} inspections, {m} maintenance records" },
});
const $ = (id) => document.getElementById(id);
function el(tag, { cls, text, attrs } = {}, ...children) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(c);
  return e;
}
// The service's day in Japan (the demo runs on a simulated clock).
const today = async () => (await call("/clock")).local.slice(0, 10);
const hms = (s) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}`;
let me, fleet, checklist = null;

async function loadChecklist() {
  checklist = await call(`/orgs/${me.organisation_id}/records/checklist?registration=${encodeURIComponent($("aircraft").value)}`);
  renderItems();
}
function renderItems() {
  if (!checklist) return;
  $("items").replaceChildren(...checklist.items.map((i) => {
    const name = `item-${i.id}`;
    const choice = (result) => el("label", { cls: "check" }, el("input", { attrs: { type: "radio", name, value: result, "data-item": i.id } }), el("span", { text: t(result) }));
    return el("li", { attrs: { "data-item": i.id } }, el("b", { text: lang() === "ja" ? i.ja : i.en }),
      el("span", { cls: "muted", text: lang() === "ja" ? i.check_ja : i.check_en }), choice("pass"), choice("fail"));
  }));
}
async function recordInspection(ev) {
  ev.preventDefault();
  const items = checklist.items.map((i) => {
    const picked = document.querySelector(`input[name="item-${i.id}"]:checked`);
    return picked ? { item: i.id, result: picked.value } : null;
  }).filter(Boolean);
  try {
    await call(`/orgs/${me.organisation_id}/daily-inspections`, { method: "POST", body: {
      registration: $("aircraft").value, date: $("i-date").value, place: $("i-place").value,
      inspector: $("i-inspector").value, items, remarks: $("i-remarks").value } });
    $("i-msg").className = "ok"; $("i-msg").textContent = t("saved");
    await summary();
  } catch (e) { $("i-msg").className = "error"; $("i-msg").textContent = e.message; }
}
async function recordMaintenance(ev) {
  ev.preventDefault();
  const parts = $("m-parts").value.split(/[,、]/).map((x) => x.trim()).filter(Boolean);
  try {
    const r = await call(`/orgs/${me.organisation_id}/maintenance`, { method: "POST", body: {
      registration: $("aircraft").value, date: $("m-date").value, place: $("m-place").value, performer: $("m-performer").value,
      work: $("m-work").value, parts_replaced: parts, reason: $("m-reason").value, remarks: $("m-remarks").value } });
    $("m-msg").className = "ok"; $("m-msg").textContent = `${t("saved")} · ${t("since", { h: hms(r.flight_time_since_certification_s) })}`;
    await summary();
  } catch (e) { $("m-msg").className = "error"; $("m-msg").textContent = e.message; }
}
async function summary() {
  const log = await call(`/orgs/${me.organisation_id}/flight-log?lang=${lang()}`);
  $("summary").replaceChildren(...log.aircraft.map((a) => el("li", { text: t("flights", {
    reg: a.registration, n: a.flights.length, i: a.daily_inspections.length, m: a.maintenance.length }) })));
}
function render() { apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語"; $("zone").textContent = me.organisation_id; renderItems(); }

me = await requireLogin(["operator"]);
fleet = await call(`/orgs/${me.organisation_id}/fleet/status`);
$("aircraft").replaceChildren(...fleet.aircraft.map((a) => el("option", { text: `${a.registration} (${a.model})`, attrs: { value: a.registration } })));
const day = await today();
$("i-date").value = day; $("m-date").value = day;
render();
$("lang").onclick = () => { toggle(); render(); summary(); };
$("out").onclick = logout;
$("aircraft").onchange = loadChecklist;
$("inspection").onsubmit = recordInspection;
$("maintenance").onsubmit = recordMaintenance;
$("all-pass").onclick = () => document.querySelectorAll('#items input[value="pass"]').forEach((r) => { r.checked = true; });
$("print").onclick = async () => {
  const html = await callText(`/orgs/${me.organisation_id}/flight-log.html`);
  window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank", "noopener");
};
await loadChecklist();
await summary();
