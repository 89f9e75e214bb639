// The one escaping path for data shown on a page. A value from a user or the API that goes into
// an HTML template passes through esc() (text and quoted attribute values alike); anything else
// is set with textContent. Pages are served under a CSP with no inline script or style, so
// templates carry no style="" or on*="" attributes either: set styles through element.style.
const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
export function esc(value) { return String(value ?? "").replace(/[&<>"'`]/g, (c) => ENTITIES[c]); }
// Widths given as data-width="NN" (percent) in a template, applied through the CSSOM (allowed
// under the CSP, unlike a style attribute).
export function applyWidths(root) {
  root.querySelectorAll("[data-width]").forEach((el) => { el.style.width = `${Number(el.dataset.width) || 0}%`; });
}
