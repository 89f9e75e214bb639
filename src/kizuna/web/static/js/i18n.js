// Japanese first; English on the toggle (remembered per browser).
const KEY = "kizuna.lang";
let dict = {};
export function lang() { return localStorage.getItem(KEY) || "ja"; }
export function setDict(d) { dict = d; }
export function t(key, vars = {}) {
  const entry = dict[key];
  let s = entry ? (entry[lang()] ?? entry.ja) : key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}
export function apply(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
}
export function toggle() { localStorage.setItem(KEY, lang() === "ja" ? "en" : "ja"); }
export function fmtTime(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleTimeString(lang() === "ja" ? "ja-JP" : "en-GB",
    { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Tokyo" });
}
