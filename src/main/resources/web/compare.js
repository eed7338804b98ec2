// Side by side: 2 to 4 registry records (?ids=a,b,c), one row a field, the rows where they differ marked.
const MAX_COMPARED = 4;
const asked = [...new Set((new URLSearchParams(location.search).get("ids") || "").split(",").map(s => s.trim()).filter(Boolean))];
const ids = asked.slice(0, MAX_COMPARED), left = asked.slice(MAX_COMPARED); // those past the fourth are named, not dropped unsaid
let recs = [];

const names = {}; // issuers are stored as ids: shown by their names (a missing one stays an id)
async function load() {
  recs = await Promise.all(ids.map(async id => {
    const r = await fetch("/api/records/" + encodeURIComponent(id));
    return r.ok ? await r.json() : { id, missing: true };
  }));
  const issuers = [...new Set(recs.flatMap(r => (r.issuers || []).slice(0, 50)))];
  await Promise.all(issuers.map(async i => {
    const r = await fetch("/api/records/" + encodeURIComponent(i));
    if (r.ok) names[i] = (await r.json()).name;
  }));
  await loadJurisdictions(recs.map(r => r.jurisdiction));
  render();
}
const list = (r, f) => (r[f] || []).map(x => label(f, x)).join(listSep());
const ROWS = [
  ["compare_name", r => pick(r.name)], ["compare_other_name", r => otherName(r.name)],
  ["kind", r => label("kind", r.kind)], ["type", r => label("type", r.type)], ["jurisdiction", r => r.jurisdiction && jurisdictionName(r.jurisdiction)],
  ["date", r => r.date], ["date_effective", r => r.date_effective], ["date_end", r => r.date_end],
  ["binding", r => r.binding && label("binding", r.binding)], ["status", r => r.status && label("status", r.status)],
  ["governance_layers", r => list(r, "governance_layers")], ["risk_categories", r => list(r, "risk_categories")],
  ["lifecycle", r => list(r, "lifecycle")], ["org_form", r => r.org_form && label("org_form", r.org_form)],
  ["issuers", r => (r.issuers || []).map(i => pick(names[i] || {}) || i).join(listSep())], ["compare_summary", r => pick(r.summary)]];
function render() {
  const note = document.getElementById("compare-note");
  note.textContent = ids.length < 2 ? t("compare_need", { n: MAX_COMPARED }) : left.length ? t("compare_left", { n: MAX_COMPARED, ids: left.join(listSep()) }) : "";
  const head = document.querySelector("#compare thead"), body = document.querySelector("#compare tbody");
  head.replaceChildren(el("tr", null, el("th", { scope: "col", text: t("field") }),
    ...recs.map(r => el("th", { scope: "col", "data-id": r.id }, r.missing ? el("span", { class: "error", text: t("not_found_id", { id: r.id }) })
      : el("a", { href: "/record.html?id=" + encodeURIComponent(r.id), text: pick(r.name || {}) || r.id })))));
  body.replaceChildren();
  const onlyDiff = document.getElementById("only-diff").checked;
  for (const [key, get] of ROWS) {
    const vals = recs.map(r => r.missing ? "" : (get(r) || ""));
    if (vals.every(v => !v)) continue;
    const differs = new Set(vals).size > 1;
    if (onlyDiff && !differs) continue;
    body.append(el("tr", { class: differs ? "differs" : "same", "data-field": key }, el("th", { scope: "row", text: t(key) }),
      ...vals.map(v => el("td", { text: v }))));
  }
}
document.getElementById("only-diff").addEventListener("change", render);
(async () => {
  applyI18n();
  onLangToggle(render);
  await loadVocab();
  load();
})();
