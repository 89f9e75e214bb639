// The residency fast-track pages: company applications, the prefecture officer's review, the
// immigration case list (deadline colours) and the dashboard. One module; <body data-page>.
import { API, call, requireLogin, logout, token } from "./api.js";
import { esc } from "./dom.js";
import { setDict, apply, t, toggle, lang } from "./i18n.js";

setDict({
  title_company: { ja: "外国人エンジニア受入れ · 企業", en: "Foreign engineers · company" },
  title_review: { ja: "外国人エンジニア受入れ · 県の審査", en: "Foreign engineers · prefecture review" },
  title_cases: { ja: "外国人エンジニア受入れ · 入管", en: "Foreign engineers · immigration" },
  title_dashboard: { ja: "外国人エンジニア受入れ · ダッシュボード", en: "Foreign engineers · dashboard" },
  logout: { ja: "ログアウト", en: "Sign out" }, zone: { ja: "産業拠点特区（熊本県・宮城県）", en: "Industrial hub zone (Kumamoto, Miyagi)" },
  nav_company: { ja: "申請", en: "Applications" }, nav_review: { ja: "審査", en: "Review" }, nav_cases: { ja: "案件一覧", en: "Cases" }, nav_dashboard: { ja: "ダッシュボード", en: "Dashboard" }, nav_talent: { ja: "半導体人材", en: "Talent" },
  certapp: { ja: "企業認定の申請", en: "Company certification application" },
  certhelp: { ja: "県の基準に沿って自動判定し、県の担当者が審査します。", en: "Checked against the prefecture's criteria, then reviewed by its officer." },
  corp: { ja: "法人番号（13桁）", en: "Corporate number (13 digits)" }, jsic: { ja: "日本標準産業分類", en: "JSIC code" },
  withholding: { ja: "前年の源泉徴収税額（円）", en: "Prior-year withholding tax (JPY)" }, offices: { ja: "事業所のある都道府県", en: "Office prefectures" },
  registered: { ja: "商業登記あり", en: "Commercially registered" }, listed: { ja: "上場企業", en: "Listed" },
  antisocial: { ja: "反社会的勢力との関係あり", en: "Ties to organised crime" }, arrears: { ja: "地方税の滞納あり", en: "Local tax arrears" },
  year: { ja: "年度", en: "Year" }, sales: { ja: "売上高", en: "Net sales" }, profit: { ja: "営業利益", en: "Operating profit" }, assets: { ja: "純資産", en: "Net assets" },
  fileapp: { ja: "申請する", en: "File the application" }, mycerts: { ja: "自社の認定申請", en: "Our applications" },
  coeapp: { ja: "在留資格認定証明書の交付申請", en: "Certificate of Eligibility application" },
  coehelp: { ja: "有効な認定があれば処理目標は30日です。個人情報は暗号化して保存されます。", en: "With a valid certificate the target is 30 days. Personal data is stored encrypted." },
  aname: { ja: "氏名（旅券どおり）", en: "Name (as in passport)" }, nationality: { ja: "国籍（ISO 3文字）", en: "Nationality (ISO alpha-3)" },
  dob: { ja: "生年月日", en: "Date of birth" }, sex: { ja: "性別", en: "Sex" }, passport: { ja: "旅券番号", en: "Passport number" },
  pexpiry: { ja: "旅券の有効期限", en: "Passport expiry" }, entry: { ja: "入国予定日", en: "Planned entry" }, port: { ja: "入国予定港", en: "Port of entry" },
  education: { ja: "最終学歴", en: "Education" }, major: { ja: "専攻", en: "Major" }, jobtitle: { ja: "職種", en: "Job title" }, salary: { ja: "月額報酬（円）", en: "Monthly salary (JPY)" },
  filecase: { ja: "申請を提出", en: "File the case" }, mycases: { ja: "自社の案件", en: "Our cases" },
  queue: { ja: "審査待ちの申請", en: "Applications to review" }, prefcases: { ja: "県内企業の在留資格案件", en: "CoE cases of the prefecture's companies" },
  caselist: { ja: "在留資格認定証明書の案件（未処理）", en: "Open Certificate of Eligibility cases" }, applicant: { ja: "申請者", en: "Applicant" },
  medianchart: { ja: "処理日数の中央値（月別・県別）", en: "Median processing days by month and prefecture" },
  charthelp: { ja: "実線：認定企業、破線：それ以外。点線は特区の目標（30日）。デモの数値は合成データです。", en: "Solid: certified companies; dashed: others. Dotted: the fast-track target (30 days). Demo figures are synthetic." },
  draft: { ja: "下書き", en: "Draft" }, submitted: { ja: "審査待ち", en: "Submitted" }, under_review: { ja: "審査中", en: "Under review" },
  certified: { ja: "認定済", en: "Certified" }, rejected: { ja: "不認定", en: "Rejected" }, expired: { ja: "期限切れ", en: "Expired" }, revoked: { ja: "取消", en: "Revoked" },
  filed: { ja: "受付", en: "Filed" }, awaiting_documents: { ja: "書類待ち", en: "Awaiting documents" }, granted: { ja: "交付", en: "Granted" }, refused: { ja: "不交付", en: "Refused" }, withdrawn: { ja: "取下げ", en: "Withdrawn" },
  on_track: { ja: "順調", en: "On track" }, at_risk: { ja: "期限注意", en: "At risk" }, breached: { ja: "期限超過", en: "Breached" },
  pass: { ja: "適合", en: "Pass" }, fail: { ja: "不適合", en: "Fail" }, needs_review: { ja: "要審査", en: "Needs review" },
  reason: { ja: "判断理由", en: "Reason" }, evidence: { ja: "確認した資料", en: "Evidence examined" },
  certify: { ja: "認定する", en: "Certify" }, reject: { ja: "不認定", en: "Reject" }, certificate: { ja: "認定書", en: "Certificate" },
  case: { ja: "案件", en: "Case" }, prefecture: { ja: "県", en: "Prefecture" }, filedon: { ja: "受付日", en: "Filed" },
  days: { ja: "経過/目標", en: "Days / target" }, due: { ja: "処理期限", en: "Due" }, status: { ja: "期限", en: "Deadline" }, state: { ja: "状態", en: "State" },
  actions: { ja: "操作", en: "Actions" }, reqdocs: { ja: "書類を請求", en: "Request documents" }, grant: { ja: "交付", en: "Grant" }, refuse: { ja: "不交付", en: "Refuse" },
  open: { ja: "申請者を表示（記録されます）", en: "Open applicant (audited)" }, kumamoto: { ja: "熊本県", en: "Kumamoto" }, miyagi: { ja: "宮城県", en: "Miyagi" },
  opencases: { ja: "未処理の案件", en: "Open cases" }, paused: { ja: "停止中", en: "paused" }, certco: { ja: "認定企業", en: "certified" }, other: { ja: "その他", en: "others" },
  supplydocs: { ja: "追加書類の提出", en: "Supply the requested documents" },
  supplyhelp: { ja: "入管から書類の提出を求められた案件です。求められた書類を選んで提出してください。提出すると審査が再開します。", en: "Immigration asked for documents on these cases. Choose the files and send them; the review then resumes." },
  uploadlimits: { ja: "PDF・PNG・JPEG、1ファイル{mb}MBまで、一度に{n}ファイルまで。書類は暗号化して保存されます。", en: "PDF, PNG or JPEG, up to {mb} MB a file and {n} files at a time. Documents are stored encrypted." },
  requested: { ja: "求められた書類", en: "Requested" }, requestedon: { ja: "請求日", en: "Requested on" },
  choosefiles: { ja: "ファイルを選ぶ", en: "Choose files" }, senddocs: { ja: "書類を提出する", en: "Send the documents" },
  docsent: { ja: "{id} の書類を提出しました。審査が再開されました。", en: "Documents sent for {id}. The review has resumed." },
  badtype: { ja: "{f}：PDF・PNG・JPEGのファイルではありません", en: "{f}: not a PDF, PNG or JPEG file" },
  toolarge: { ja: "{f}：{mb}MBを超えています", en: "{f}: larger than {mb} MB" }, toomany: { ja: "一度に{n}ファイルまでです", en: "At most {n} files at a time" },
  sending: { ja: "送信中…", en: "Sending…" }, nofile: { ja: "選ばれていません", en: "No file chosen" }, nfiles: { ja: "{n}件のファイル", en: "{n} file(s)" }, nodocs: { ja: "書類はまだありません", en: "No documents yet" },
  documents: { ja: "書類", en: "Documents" }, kind: { ja: "書類の種類", en: "Kind" }, file: { ja: "ファイル", en: "File" }, size: { ja: "大きさ", en: "Size" },
  download: { ja: "開く（記録されます）", en: "Open (audited)" },
  none: { ja: "ありません", en: "None" }, target: { ja: "目標 {n}日", en: "target {n} d" }, month: { ja: "決定月", en: "Month of decision" }, mediandays: { ja: "中央値（日）", en: "Median days" },
});
const $ = (id) => document.getElementById(id);
const PAGE = document.body.dataset.page;
const NAV = { company: ["company", "dashboard", "talent"], prefecture_officer: ["review", "dashboard", "talent"], immigration_officer: ["cases", "dashboard"] };
const HREF = { company: "/residency/company", review: "/residency/review", cases: "/residency/cases", dashboard: "/residency/dashboard", talent: "/talent" };
const pill = (state) => `<span class="pill ${{ certified: "ok", granted: "ok", on_track: "ok", pass: "ok", fail: "bad", needs_review: "warn", rejected: "bad", refused: "bad", breached: "bad", at_risk: "warn", submitted: "warn", under_review: "warn", awaiting_documents: "live" }[state] ?? ""}">${esc(t(state))}</span>`;
const text = (c) => (lang() === "ja" ? c.text_ja : c.text_en);
let me, profile, today = "";
const flag = (name, value = "1") => { document.body.dataset[name] = value; };

function caseTable(rows, actions = () => "") {
  if (!rows.length) return `<p class="muted">${t("none")}</p>`;
  return `<table><thead><tr><th>${t("case")}</th><th>${t("prefecture")}</th><th>${t("state")}</th><th>${t("filedon")}</th><th>${t("days")}</th>
    <th>${t("status")}</th><th>${t("due")}</th>${actions(null) ? `<th>${t("actions")}</th>` : ""}</tr></thead><tbody>${rows.map((r) => `
    <tr class="st-${esc(r.status ?? "closed")}" data-case="${esc(r.case_id)}" data-status="${esc(r.status ?? "")}"><td>${esc(r.case_id)}${r.certified_company ? ` <span class="pill ok">${t("certco")}</span>` : ""}</td>
    <td>${esc(t(r.prefecture))}</td><td data-docs="${(r.documents ?? []).length}">${pill(r.state)}${(r.documents ?? []).length ? `<br><span class="docs">${t("documents")} ${r.documents.length}</span>` : ""}</td><td>${esc(r.filed_on ?? "—")}</td><td>${esc(r.days_elapsed ?? "—")} / ${esc(r.target_days ?? "—")}${r.paused ? ` (${t("paused")})` : ""}</td>
    <td>${r.status ? pill(r.status) : "—"}</td><td>${esc(r.due_on ?? "—")}</td>${actions(r) ? `<td>${actions(r)}</td>` : ""}</tr>`).join("")}</tbody></table>`;
}
function verdictList(cert) {
  if (!cert.verdict) return "";
  const crit = Object.fromEntries(cert.criteria.map((c) => [c.code, c]));
  return `<table><tbody>${cert.verdict.checks.map((c) => `<tr data-code="${esc(c.code)}"><td><code>${esc(c.code)}</code><br>${esc(text(crit[c.code]))}</td><td>${pill(c.result)}</td>
    <td class="muted">${esc(c.text)}</td></tr>`).join("")}</tbody></table>`;
}
function certCard(cert, officer) {
  let html = `<div class="item" data-cert="${esc(cert.case_id)}"><b>${esc(cert.case_id)}</b> ${pill(cert.state)}
    <dl class="kv"><dt>${t("corp")}</dt><dd>${esc(cert.corporate_number)} · ${esc(t(cert.prefecture))}</dd>
    ${cert.certificate ? `<dt>${t("certificate")}</dt><dd>${esc(cert.certificate.number)} · ${esc(cert.certificate.issued_on)} – ${esc(cert.certificate.valid_until)}</dd>` : ""}</dl>${verdictList(cert)}`;
  if (officer && ["submitted", "under_review"].includes(cert.state)) {
    for (const code of cert.verdict?.needs_review ?? []) {
      html += `<div class="actions" data-decide="${esc(code)}"><b>${esc(code)}</b><input data-reason class="grow2" placeholder="${esc(t("reason"))}">
        <input data-evidence class="grow" placeholder="${esc(t("evidence"))}"><button class="secondary" data-result="pass">${t("pass")}</button><button class="danger" data-result="fail">${t("fail")}</button></div>`;
    }
    html += `<div class="actions"><button class="primary" data-certify ${cert.verdict?.eligible ? "" : "disabled"}>${t("certify")}</button>
      <input data-rejectreason class="grow" placeholder="${esc(t("reason"))}"><button class="danger" data-reject>${t("reject")}</button></div><p class="error" data-err></p>`;
  }
  return html + "</div>";
}

// -- company --------------------------------------------------------------------------------
function finRows() {
  const y = Number(today.slice(0, 4)) || 2025;
  return [[y - 1, 800000000, -2000000, 150000000], [y - 2, 700000000, -3000000, 140000000]].map((r) =>
    `<tr>${r.map((v, i) => `<td><input type="number" data-fin="${i}" value="${v}" ${i === 0 ? "readonly" : ""}></td>`).join("")}</tr>`).join("");
}
async function renderCompany() {
  const [certs, cases] = await Promise.all([call("/residency/certifications"), call("/residency/cases?scope=all")]);
  $("certs").innerHTML = certs.length ? certs.map((c) => certCard(c, false)).join("") : `<p class="muted">${t("none")}</p>`;
  $("cases").innerHTML = caseTable(cases);
  renderUploads(cases.filter((r) => r.state === "awaiting_documents"));
}

// -- company: documents immigration asked for -----------------------------------------------
const MB = 1_000_000;
const limits = () => profile.uploads || { max_document_bytes: 3 * MB, max_documents: 5 };
const kb = (n) => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1000))} KB`);
const TYPES = ["application/pdf", "image/png", "image/jpeg"];
function uploadItem(r) {
  const req = r.requests[r.requests.length - 1] || { items: [], requested_on: "" };
  return `<div class="upload-item" data-upload="${esc(r.case_id)}">
    <div class="upload-head"><b>${esc(r.case_id)}</b> ${pill(r.state)} <span class="muted">${t("requestedon")} ${esc(req.requested_on)}</span></div>
    <p class="requested">${t("requested")}：${req.items.map((i) => `<b>${esc(i)}</b>`).join("、")}</p>
    <label class="filepick"><input type="file" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" data-files>
      <span class="pickbutton">${t("choosefiles")}</span><span class="picked" data-picked>${t("nofile")}</span></label>
    <table class="chosen" data-chosen hidden><thead><tr><th>${t("file")}</th><th>${t("size")}</th><th>${t("kind")}</th></tr></thead><tbody></tbody></table>
    <div class="actions"><button class="primary big" data-send disabled>${t("senddocs")}</button></div><p class="error" data-err role="alert"></p></div>`;
}
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
function fileProblem(file) {
  const { max_document_bytes: max } = limits();
  if (!TYPES.includes(file.type) && !/\.(pdf|png|jpe?g)$/i.test(file.name)) return t("badtype", { f: file.name });
  if (file.size > max) return t("toolarge", { f: file.name, mb: max / MB });
  return "";
}
function renderUploads(rows) {
  const { max_document_bytes: max, max_documents: n } = limits();
  $("uploadlimits").textContent = t("uploadlimits", { mb: max / MB, n });
  $("uploadcard").hidden = !rows.length && !$("uploadok").textContent;
  $("uploads").innerHTML = rows.map(uploadItem).join("");
  $("uploads").querySelectorAll("[data-upload]").forEach((item) => {
    const id = item.dataset.upload, input = item.querySelector("[data-files]"), send = item.querySelector("[data-send]");
    const err = item.querySelector("[data-err]"), chosen = item.querySelector("[data-chosen]");
    const items = rows.find((r) => r.case_id === id).requests.at(-1)?.items ?? ["document"];
    input.onchange = () => {
      const files = [...input.files];
      const problems = files.map(fileProblem).filter(Boolean);
      if (files.length > n) problems.push(t("toomany", { n }));
      err.textContent = problems.join(" / ");
      chosen.hidden = !files.length;
      item.querySelector("[data-picked]").textContent = files.length ? t("nfiles", { n: files.length }) : t("nofile");
      chosen.querySelector("tbody").innerHTML = files.map((f, i) => `<tr><td>${esc(f.name)}</td><td>${kb(f.size)}</td>
        <td><select data-kind="${i}">${items.map((k, j) => `<option ${j === Math.min(i, items.length - 1) ? "selected" : ""}>${esc(k.slice(0, 64))}</option>`).join("")}</select></td></tr>`).join("");
      send.disabled = !files.length || problems.length > 0;
    };
    send.onclick = async () => {
      const files = [...input.files];
      err.textContent = ""; send.disabled = true; send.textContent = t("sending");
      try {
        const documents = await Promise.all(files.map(async (f, i) => ({
          kind: chosen.querySelector(`[data-kind="${i}"]`).value, filename: f.name, content_base64: await base64Of(f) })));
        await call(`/residency/cases/${id}/documents`, { method: "POST", body: { documents } });
        $("uploadok").textContent = t("docsent", { id });
        await renderCompany();
        flag("docsSent", id);  // after the lists show the case back under review
      } catch (e) {
        const at = /documents\.(\d+)/.exec(e.message || ""), name = at ? files[Number(at[1])]?.name || "" : "";
        err.textContent = e.status === 415 ? t("badtype", { f: name }) : e.status === 413 ? t("toolarge", { f: name, mb: max / MB }) : e.message;
        send.disabled = false; send.textContent = t("senddocs");
      }
    };
  });
}
async function initCompany() {
  $("corp").value = profile.corporate_number || "";
  $("offices").value = profile.prefecture || "";
  $("fin").innerHTML = finRows();
  $("certform").onsubmit = async (e) => {
    e.preventDefault();
    const fin = [...$("fin").querySelectorAll("tr")].map((tr) => {
      const v = [...tr.querySelectorAll("input")].map((i) => Number(i.value));
      return { year: v[0], net_sales_jpy: v[1], operating_profit_jpy: v[2], net_assets_jpy: v[3] };
    });
    const wht = $("wht").value === "" ? null : Number($("wht").value);
    try {
      $("certerr").textContent = "";
      const draft = await call("/residency/certifications", { method: "POST", body: {
        prefecture: profile.prefecture, corporate_number: $("corp").value.trim(), registered: $("registered").checked, listed: $("listed").checked,
        office_prefectures: $("offices").value.split(/[,\s、]+/).filter(Boolean), jsic: $("jsic").value.trim(),
        antisocial_ties: $("antisocial").checked, tax_arrears: $("arrears").checked, withholding_tax_jpy: wht, financials: fin } });
      await call(`/residency/certifications/${draft.case_id}/submit`, { method: "POST" });
      flag("certFiled", draft.case_id);
    } catch (err) { $("certerr").textContent = err.message; }
    await renderCompany();
  };
  $("caseform").onsubmit = async (e) => {
    e.preventDefault();
    try {
      $("caseerr").textContent = "";
      const c = await call("/residency/cases", { method: "POST", body: {
        applicant: { nationality: $("anat").value.trim(), name: $("aname").value.trim(), date_of_birth: $("adob").value, sex: $("asex").value,
          passport_number: $("apass").value.trim(), passport_expiry: $("apexp").value, planned_entry_date: $("aentry").value,
          planned_entry_port: $("aport").value.trim(), education: $("aedu").value.trim(), major: $("amajor").value.trim() },
        employer: { capital_jpy: 10000000, net_sales_jpy: 800000000, employees: 120, foreign_employees: 4 },
        job: { title: $("jtitle").value.trim(), duties: "semiconductor process engineering", monthly_salary_jpy: Number($("jsalary").value), contract_months: null } } });
      flag("caseFiled", c.case_id);
    } catch (err) { $("caseerr").textContent = err.message; }
    await renderCompany();
  };
  await renderCompany();
}

// -- prefecture officer ---------------------------------------------------------------------
async function renderReview() {
  const [queue, cases] = await Promise.all([call("/residency/certifications?state=submitted&state=under_review"), call("/residency/cases")]);
  $("queue").innerHTML = queue.length ? queue.map((c) => certCard(c, true)).join("") : `<p class="muted">${t("none")}</p>`;
  $("cases").innerHTML = caseTable(cases);
  $("queue").querySelectorAll("[data-cert]").forEach((card) => {
    const id = card.dataset.cert, err = card.querySelector("[data-err]");
    const act = async (fn) => { try { await fn(); } catch (e) { if (err) err.textContent = e.message; return; } await renderReview(); };
    card.querySelectorAll("[data-decide]").forEach((row) => row.querySelectorAll("[data-result]").forEach((b) => { b.onclick = () => act(async () => {
      const reason = row.querySelector("[data-reason]").value.trim(), ev = row.querySelector("[data-evidence]").value.trim();
      if (!reason || !ev) { (reason ? row.querySelector("[data-evidence]") : row.querySelector("[data-reason]")).focus(); throw new Error(t("reason") + " / " + t("evidence")); }
      await call(`/residency/certifications/${id}/decisions`, { method: "POST", body: { code: row.dataset.decide, result: b.dataset.result, reason, evidence: [ev] } });
      flag("decided", id);
    }); }));
    const c = card.querySelector("[data-certify]");
    if (c) c.onclick = () => act(async () => { await call(`/residency/certifications/${id}/certify`, { method: "POST", body: {} }); flag("certified", id); });
    const r = card.querySelector("[data-reject]");
    if (r) r.onclick = () => act(async () => {
      const reason = card.querySelector("[data-rejectreason]").value.trim();
      const code = (card.querySelector("[data-decide]")?.dataset.decide) || "STABLE_MANAGEMENT";
      if (!reason) throw new Error(t("reason"));
      await call(`/residency/certifications/${id}/reject`, { method: "POST", body: { rejections: [{ code, reason }] } });
    });
  });
}

// -- immigration ----------------------------------------------------------------------------
async function renderCases() {
  const rows = await call("/residency/cases");
  $("legend").innerHTML = ["on_track", "at_risk", "breached"].map((s) => `${pill(s)} ${rows.filter((r) => r.status === s).length}`).join(" &nbsp; ");
  $("cases").innerHTML = caseTable(rows, (r) => (r === null ? true : `<button class="secondary" data-open="${esc(r.case_id)}">${t("open")}</button>
    ${r.state !== "awaiting_documents" ? `<button class="secondary" data-req="${esc(r.case_id)}">${t("reqdocs")}</button>
    <button class="primary" data-grant="${esc(r.case_id)}">${t("grant")}</button><button class="danger" data-refuse="${esc(r.case_id)}">${t("refuse")}</button>` : ""}`));
  const on = (sel, fn) => $("cases").querySelectorAll(sel).forEach((b) => { b.onclick = async () => { try { await fn(b); } catch (e) { alert(e.message); } await renderCases(); }; });
  on("[data-req]", (b) => call(`/residency/cases/${encodeURIComponent(b.dataset.req)}/request-documents`, { method: "POST", body: { items: [lang() === "ja" ? "納税証明書" : "tax certificate"] } }));
  on("[data-grant]", (b) => call(`/residency/cases/${encodeURIComponent(b.dataset.grant)}/decide`, { method: "POST", body: { granted: true, reason: "requirements met" } }));
  on("[data-refuse]", (b) => call(`/residency/cases/${encodeURIComponent(b.dataset.refuse)}/decide`, { method: "POST", body: { granted: false, reason: "requirements not met" } }));
  on("[data-open]", async (b) => {
    const c = await call(`/residency/cases/${encodeURIComponent(b.dataset.open)}?purpose=${encodeURIComponent("case examination")}`), a = c.applicant || {};
    $("detailcard").hidden = false;
    $("detail").innerHTML = `<dl class="kv"><dt>${t("case")}</dt><dd>${esc(c.case_id)}</dd><dt>${t("aname")}</dt><dd>${esc(a.name)}</dd><dt>${t("nationality")}</dt><dd>${esc(a.nationality)}</dd>
      <dt>${t("dob")}</dt><dd>${esc(a.date_of_birth)}</dd><dt>${t("passport")}</dt><dd>${esc(a.passport_number)}</dd><dt>${t("jobtitle")}</dt><dd>${esc(c.job.title)} · ¥${Number(c.job.monthly_salary_jpy).toLocaleString()}</dd></dl>
      <h3>${t("documents")}</h3>${c.documents.length ? `<table id="doclist"><thead><tr><th>${t("kind")}</th><th>${t("file")}</th><th>${t("size")}</th><th></th></tr></thead><tbody>
      ${c.documents.map((d) => `<tr data-doc="${esc(d.sha256)}"><td>${esc(d.kind)}</td><td>${esc(d.filename)}</td><td>${esc(kb(d.size_bytes))}</td>
        <td><button class="secondary" data-get="${esc(d.sha256)}" data-name="${esc(d.filename)}">${t("download")}</button></td></tr>`).join("")}</tbody></table>` : `<p class="muted">${t("nodocs")}</p>`}`;
    $("detail").querySelectorAll("[data-get]").forEach((btn) => { btn.onclick = () => openDocument(c.case_id, btn.dataset.get, btn.dataset.name).catch((e) => alert(e.message)); });
    $("detailcard").scrollIntoView({ block: "start" });
    flag("opened", c.case_id);
  });
  flag("cases", String(rows.length));
}

// An audited read of one document's bytes; saved under its own file name.
async function openDocument(caseId, sha, name) {
  const r = await fetch(`${API}/residency/cases/${caseId}/documents/${sha}?purpose=${encodeURIComponent("case examination")}`,
    { headers: { Authorization: `Bearer ${token()}` } });
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).detail || r.statusText);
  const url = URL.createObjectURL(await r.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name || `${sha.slice(0, 12)}` });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// -- dashboard ------------------------------------------------------------------------------
const NS = "http://www.w3.org/2000/svg";
const COLOURS = { kumamoto: "#0b4f8a", miyagi: "#c2410c" };
function svgEl(name, attrs = {}, txt) { const e = document.createElementNS(NS, name); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (txt !== undefined) e.textContent = txt; return e; }
function medianChart(container, medians, target) {
  const W = 980, H = 360, pad = { l: 48, r: 16, t: 40, b: 46 };
  const months = [...new Set(medians.map((m) => m.month))].sort();
  const top = Math.max(target, ...medians.map((m) => m.median_days)) * 1.15;
  const x = (m) => pad.l + (months.indexOf(m) + 0.5) * (W - pad.l - pad.r) / Math.max(1, months.length);
  const y = (v) => H - pad.b - (H - pad.t - pad.b) * v / top;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": t("medianchart"), id: "median-chart" });
  for (let k = 0; k <= 4; k++) {
    const v = top * k / 4;
    svg.append(svgEl("line", { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), stroke: "#e5e7eb" }));
    svg.append(svgEl("text", { x: pad.l - 6, y: y(v) + 4, "font-size": 12, "text-anchor": "end", fill: "#4a5663" }, Math.round(v)));
  }
  svg.append(svgEl("line", { x1: pad.l, x2: W - pad.r, y1: y(target), y2: y(target), stroke: "#4a5663", "stroke-dasharray": "2 4", "stroke-width": 1.5 }));
  svg.append(svgEl("text", { x: W - pad.r, y: y(target) - 5, "font-size": 12, "text-anchor": "end", fill: "#4a5663" }, t("target", { n: target })));
  months.forEach((m) => svg.append(svgEl("text", { x: x(m), y: H - pad.b + 18, "font-size": 12, "text-anchor": "middle", fill: "#17212b" }, m)));
  svg.append(svgEl("text", { x: pad.l, y: H - 6, "font-size": 12, fill: "#4a5663" }, t("month")));
  let lx = pad.l;
  for (const p of Object.keys(COLOURS)) for (const cert of [true, false]) {
    const s = medians.filter((m) => m.prefecture === p && m.certified_company === cert).sort((a, b) => a.month.localeCompare(b.month));
    if (!s.length) continue;
    svg.append(svgEl("polyline", { points: s.map((m) => `${x(m.month)},${y(m.median_days)}`).join(" "), fill: "none", stroke: COLOURS[p], "stroke-width": 2.5, "stroke-dasharray": cert ? "" : "7 5", "data-series": `${p}-${cert}` }));
    for (const m of s) { const c = svgEl("circle", { cx: x(m.month), cy: y(m.median_days), r: 3.5, fill: COLOURS[p] }); c.append(svgEl("title", {}, `${t(p)} ${m.month}: ${m.median_days} (${m.cases})`)); svg.append(c); }
    svg.append(svgEl("line", { x1: lx, x2: lx + 26, y1: 16, y2: 16, stroke: COLOURS[p], "stroke-width": 2.5, "stroke-dasharray": cert ? "" : "7 5" }));
    const label = `${t(p)} · ${cert ? t("certco") : t("other")}`;
    svg.append(svgEl("text", { x: lx + 32, y: 20, "font-size": 13, fill: "#17212b" }, label));
    lx += 60 + label.length * (lang() === "ja" ? 13 : 7);
  }
  container.replaceChildren(svg);
}
async function renderDashboard() {
  const d = await call("/residency/dashboard"), prefs = Object.keys(d.by_prefecture);
  const by = (k) => esc(prefs.map((p) => `${t(p)} ${d.by_prefecture[p][k]}`).join(" · "));
  $("kpis").innerHTML = [["opencases", d.open, "open", ""], ["at_risk", d.at_risk, "at_risk", "warn"], ["breached", d.breached, "breached", "bad"]]
    .map(([k, v, f, cls]) => `<div class="card kpi ${cls}"><div class="l">${t(k)}</div><div class="v" id="kpi-${esc(f)}">${esc(v)}</div><div class="by">${by(f)}</div></div>`).join("")
    + `<div class="card kpi"><div class="l">${t("mediandays")} · ${t("certco")}</div><div class="v">${esc(median(d.medians.filter((m) => m.certified_company).map((m) => m.median_days)))}</div><div class="by">${esc(d.on)}</div></div>`;
  medianChart($("chart"), d.medians, Math.min(...Object.values(d.target_days), 30));
  flag("chart", d.medians.length ? "drawn" : "empty");
}
function median(v) { if (!v.length) return "—"; const s = [...v].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; }

const RENDER = { company: renderCompany, review: renderReview, cases: renderCases, dashboard: renderDashboard };
function render() {
  apply(); $("lang").textContent = lang() === "ja" ? "English" : "日本語";
  $("zone").textContent = t("zone");
  $("nav").innerHTML = (NAV[me.role] || []).map((p) => `<a href="${HREF[p]}" class="${p === PAGE ? "on" : ""}">${t(`nav_${p}`)}</a>`).join("");
  if (PAGE === "company" && $("fin")) { /* keep typed values on a language switch */ }
}
me = await requireLogin({ company: ["company"], review: ["prefecture_officer"], cases: ["immigration_officer"],
  dashboard: ["company", "prefecture_officer", "immigration_officer"] }[PAGE]);
profile = await call("/residency/profile");
today = (await call("/clock").catch(() => ({ local: "" }))).local?.slice(0, 10) || "";
$("clock").textContent = today;
render();
$("out").onclick = logout;
$("lang").onclick = async () => { toggle(); render(); await RENDER[PAGE](); };
if (PAGE === "company") await initCompany(); else await RENDER[PAGE]();
window.kizunaReady = true;
