// The permit pack: the operator records evidence and answers queries; the prefecture's
// regulator accepts or queries each item. Every value reaches the page through textContent
// (el() below): nothing from the API is ever parsed as HTML.
import { call, callText, requireLogin, logout } from "./api.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";

setDict({
  title: { ja: "申請パック", en: "Permit pack" }, logout: { ja: "ログアウト", en: "Sign out" },
  application: { ja: "申請", en: "Application" }, print: { ja: "印刷用の申請パック", en: "Printable pack" },
  matrix: { ja: "適合マトリクス（項目ごとの審査）", en: "Compliance matrix (item by item)" },
  item: { ja: "項目", en: "Item" }, required: { ja: "要求", en: "Required" }, evidence: { ja: "運航者の根拠", en: "Operator's evidence" },
  state: { ja: "状態", en: "Status" }, review: { ja: "審査", en: "Review" }, act: { ja: "操作", en: "Action" },
  history: { ja: "審査の履歴（照会と回答）", en: "Review history (queries and answers)" },
  missing: { ja: "申請前チェック: 不足 {n} 件", en: "Before filing: {n} missing" }, nomissing: { ja: "申請前チェック: 不足なし", en: "Before filing: nothing missing" },
  version: { ja: "パック版 v{v}", en: "Pack version v{v}" },
  addevidence: { ja: "根拠を記録", en: "Record evidence" }, save: { ja: "保存", en: "Save" },
  document: { ja: "文書", en: "Document" }, section: { ja: "節・章", en: "Section" }, certificate: { ja: "証明書番号", en: "Certificate no." },
  accept: { ja: "了承", en: "Accept" }, query: { ja: "照会", en: "Query" }, querytext: { ja: "照会の内容（不足している点）", en: "What is missing" },
  answer: { ja: "回答する", en: "Answer" }, answertext: { ja: "回答の内容", en: "Your answer" },
  pending: { ja: "未審査", en: "pending" }, accepted: { ja: "了承", en: "accepted" }, queried: { ja: "照会中", en: "queried" }, answered: { ja: "回答済", en: "answered" },
  a_evidence: { ja: "根拠を記録", en: "evidence recorded" }, round: { ja: "第{n}回", en: "round {n}" },
  submitted: { ja: "審査中", en: "Under review" }, approved: { ja: "許可済", en: "Approved" }, rejected: { ja: "却下", en: "Rejected" }, draft: { ja: "下書き", en: "Draft" },
  expired: { ja: "期限切れ", en: "Expired" }, revoked: { ja: "取消", en: "Revoked" },
  loading: { ja: "申請パックを作成しています（数秒かかります）…", en: "Preparing the pack (a few seconds)…" },
  none: { ja: "申請はありません", en: "No applications" }, back: { ja: "ダッシュボードへ戻る", en: "Back to the dashboard" },
  saved: { ja: "保存しました", en: "Saved" },
});

const $ = (id) => document.getElementById(id);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}
function bi(ja, en) { return [ja, el("span", { class: "en" }, en)]; }

const me = await requireLogin(["operator", "regulator", "admin"]);
$("who").textContent = me.subject || "";
$("lang").onclick = () => { toggle(); render(); };
$("out").onclick = logout;
const home = me.role === "regulator" ? "/regulator" : "/console";
$("back").href = home;

const params = new URLSearchParams(location.search);
let apps = [], selected = null, pack = null;

async function loadApps() {
  apps = me.role === "operator" ? await call(`/orgs/${encodeURIComponent(me.organisation_id)}/permits/applications`)
    : await call("/permits/applications");
  // Those under review first.
  apps.sort((a, b) => (a.state !== "submitted") - (b.state !== "submitted"));
  const wanted = apps.find((a) => a.organisation_id === params.get("org") && a.record.versions.at(-1).application.id === params.get("app"));
  selected = wanted || apps[0] || null;
}
function appOf(a) { return a.record.versions.at(-1).application; }
function base() { return `/orgs/${encodeURIComponent(selected.organisation_id)}/permits/applications/${encodeURIComponent(appOf(selected).id)}`; }
function titleOf(ap) { return lang() === "en" ? ap.title : (ap.title_ja || ap.title); }

async function loadPack() {
  if (!selected) { pack = null; return; }
  $("status").textContent = t("loading");
  pack = await call(`${base()}/pack`);
  $("status").textContent = "";
}

function statusPill(cls, value, text) { return el("span", { class: `pill ${cls}-${value}` }, text); }
function canEvidence(row) { return me.role === "operator" && ["draft", "submitted"].includes(pack.state) && /^(M1A|M1B|M1C|M2|OSO\d\d|TMPR|CONTAINMENT)$/.test(row.id); }

async function act(path, method, body) {
  try {
    pack = await call(`${base()}/pack/${path}`, { method, body });
    $("status").textContent = t("saved");
    render();
  } catch (e) { $("status").textContent = e.message; $("status").className = "error"; }
}

function evidenceForm(row) {
  const inputs = ["document", "section", "certificate"].map((k) => el("input", { name: k, "aria-label": t(k), placeholder: t(k), value: row.evidence?.[k] || "" }));
  const form = el("form", { class: "inline", hidden: "" }, ...inputs, el("button", { class: "primary", type: "submit" }, t("save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()]));
    act(`evidence/${row.id}`, "PUT", body);
  });
  const open = el("button", { class: "secondary", type: "button", onclick: () => { form.hidden = !form.hidden; } }, t("addevidence"));
  return [open, form];
}
function textForm(label, button, onSend, cls = "secondary") {
  const box = el("textarea", { "aria-label": label, placeholder: label });
  const form = el("form", { class: "inline" }, box, el("button", { class: cls, type: "submit" }, button));
  form.addEventListener("submit", (e) => { e.preventDefault(); if (box.value.trim()) onSend(box.value.trim()); });
  return form;
}
function actions(row) {
  const cell = el("td", { class: "act" });
  if (canEvidence(row)) cell.append(...evidenceForm(row));
  if (me.role === "operator" && pack.state === "submitted" && row.review.status === "queried") {
    cell.append(textForm(t("answertext"), t("answer"), (c) => act(`answer/${row.id}`, "POST", { comment: c }), "primary"));
  }
  if (me.role === "regulator" && pack.state === "submitted") {
    cell.append(el("button", { class: "secondary", type: "button", onclick: () => act(`review/${row.id}`, "POST", { decision: "accepted", comment: "" }) }, t("accept")));
    cell.append(textForm(t("querytext"), t("query"), (c) => act(`review/${row.id}`, "POST", { decision: "queried", comment: c }), "danger"));
  }
  return cell;
}
function evidenceText(ev) {
  if (!ev) return "—";
  const parts = [["document", ev.document], ["section", ev.section], ["certificate", ev.certificate]].filter(([, v]) => v);
  return el("span", {}, ...parts.flatMap(([k, v], i) => [i ? el("br") : null, `${t(k)}: ${v}`]));
}
function render() {
  apply();
  document.title = `Kizuna — ${t("title")}`;
  $("lang").textContent = lang() === "ja" ? "English" : "日本語";
  $("back").textContent = t("back");
  const select = $("app");
  select.replaceChildren(...apps.map((a, i) => el("option", { value: String(i) }, `${titleOf(appOf(a))} (${t(a.state)})`)));
  if (!selected) { $("app-title").textContent = t("none"); return; }
  select.value = String(apps.indexOf(selected));
  $("app-title").textContent = titleOf(appOf(selected));
  if (!pack) return;
  $("app-state").textContent = t(pack.state);
  $("app-state").className = `pill ${pack.state === "approved" ? "ok" : pack.state === "rejected" ? "bad" : "warn"}`;
  $("pack-version").textContent = t("version", { v: pack.version });
  const c = pack.completeness;
  $("check-card").className = `card ${c.count ? "some" : "none"}`;
  $("check-title").textContent = c.count ? t("missing", { n: c.count }) : t("nomissing");
  const en = lang() === "en";
  $("missing").replaceChildren(...c.missing.map((m) => el("li", {}, el("span", { class: "code" }, m.item), " ", en ? m.text : m.text_ja)));
  $("warnings").replaceChildren(...c.warnings.map((w) => el("li", {}, en ? w.text : w.text_ja)));
  const rows = pack.items.map((r) => {
    const rv = r.review;
    const review = el("td", { "data-label": t("review") }, statusPill("rv", rv.status, t(rv.status)), rv.round ? ` ${t("round", { n: rv.round })}` : "",
      rv.comment ? el("div", { class: "comment" }, rv.comment) : null);
    return el("tr", { id: `item-${r.id}` },
      el("td", {}, el("span", { class: "code" }, r.id), " ", ...(en ? [r.title] : bi(r.title_ja, r.title)),
        r.detail ? el("div", { class: "comment muted" }, en ? r.detail : r.detail_ja) : null),
      el("td", { "data-label": t("required") }, r.required ?? "—"),
      el("td", { class: "evidence", "data-label": t("evidence") }, evidenceText(r.evidence)),
      el("td", { "data-label": t("state") }, statusPill("st", r.status, en ? r.status_text : r.status_text_ja)),
      review, actions(r));
  });
  $("matrix").tBodies[0].replaceChildren(...rows);
  $("history").replaceChildren(...pack.review.history.map((h) => el("li", {},
    `${h.at.slice(0, 16).replace("T", " ")} `, el("span", { class: "code" }, h.item), ` ${h.action === "evidence" ? t("a_evidence") : t(h.action)}`,
    h.round ? ` (${t("round", { n: h.round })})` : "", ` — ${h.by}`, h.comment ? `: ${h.comment}` : "", ` · v${h.pack_version}`)));
}

$("app").onchange = async (e) => { selected = apps[Number(e.target.value)]; pack = null; render(); await loadPack(); render(); };
$("print").onclick = async () => {
  const html = await callText(`${base()}/pack.html`);
  window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank");
};
await loadApps();
render();
await loadPack();
render();
