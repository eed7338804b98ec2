const id = new URLSearchParams(location.search).get("id");
let rec = null, rels = [], versions = [], issuerNames = {}, missing = false;

async function load() {
  // no id, or one the registry does not hold: only a message, not empty sections
  const r = id ? await fetch("/api/records/" + encodeURIComponent(id)) : null;
  if (!r || !r.ok) { missing = true; render(); return; }
  rec = await r.json();
  rels = (await (await fetch("/api/records/" + encodeURIComponent(id) + "/relations")).json()).relations;
  versions = (await (await fetch("/api/records/" + encodeURIComponent(id) + "/history")).json()).versions;
  // issuers are stored as ids: show their names (a missing one stays an id)
  await Promise.all((rec.issuers || []).slice(0, 50).map(async i => {
    const r = await fetch("/api/records/" + encodeURIComponent(i));
    if (r.ok) issuerNames[i] = (await r.json()).name;
  }));
  render();
}
function render() {
  if (missing) {
    const e = document.getElementById("error");
    e.hidden = false;
    e.textContent = id ? t("not_found_id", { id }) : t("no_record_given");
    document.title = e.textContent + " — " + t("brand");
    return;
  }
  if (!rec) return;
  document.title = pick(rec.name) + " — " + t("brand");
  document.getElementById("title").textContent = pick(rec.name);
  const other = currentLang() === "zh" ? (rec.name || {}).en : (rec.name || {}).zh;
  document.getElementById("subtitle").textContent = other || "";
  document.getElementById("summary").textContent = pick(rec.summary);
  // same_as: a copy points to the record search counts; that record lists its copies
  const same = document.getElementById("same-as");
  const out = rels.filter(r => r.type === "same_as" && r.direction === "out"), inn = rels.filter(r => r.type === "same_as" && r.direction === "in");
  same.replaceChildren();
  const links = list => list.flatMap((r, n) => [n ? ", " : " ", el("a", { href: "/record.html?id=" + encodeURIComponent(r.other), text: pick(r.other_name) || r.other })]);
  if (out.length) same.append(t("copy_of"), ...links(out));
  else if (inn.length) same.append(t("has_copies"), ...links(inn));
  same.hidden = !out.length && !inn.length;
  const dl = document.getElementById("fields");
  dl.replaceChildren();
  const rows = [["kind", label("kind", rec.kind)], ["type", label("type", rec.type)], ["jurisdiction", rec.jurisdiction],
    ["date", rec.date], ["date_effective", rec.date_effective], ["date_end", rec.date_end], ["binding", rec.binding && label("binding", rec.binding)],
    ["governance_layers", (rec.governance_layers || []).map(x => label("governance_layers", x)).join(listSep())],
    ["risk_categories", (rec.risk_categories || []).map(x => label("risk_categories", x)).join(listSep())],
    ["lifecycle", (rec.lifecycle || []).map(x => label("lifecycle", x)).join(listSep())],
    ["org_form", rec.org_form && label("org_form", rec.org_form)], ["status", rec.status && label("status", rec.status)],
    ["tags", (rec.tags || []).slice(0, 30).join(listSep())], ["papers", (rec.papers || []).join(listSep())]];
  for (const [k, v] of rows) if (v) dl.append(el("dt", { text: t(k) }), el("dd", { "data-field": k, text: v }));
  if ((rec.issuers || []).length) {
    const dd = el("dd", { "data-field": "issuers" });
    rec.issuers.forEach((i, n) => { if (n) dd.append(", "); dd.append(el("a", { href: "/record.html?id=" + encodeURIComponent(i), text: pick(issuerNames[i] || {}) || i })); });
    dl.append(el("dt", { text: t("issuers") }), dd);
  }
  // a published filing's own record: link back to the filing and say what the log holds of it
  if (rec.filing && rec.filing.id) {
    const dd = el("dd", { "data-field": "filing" }, el("a", { href: "/filings/view.html?id=" + encodeURIComponent(rec.filing.id), text: rec.filing.id }),
      " · " + t("filing_commits", { hash: String(rec.filing.content_sha256 || "").slice(0, 12) }));
    dl.append(el("dt", { text: t("filing") }), dd);
  }
  const tb = document.querySelector("#relations tbody");
  tb.replaceChildren();
  for (const r of rels) {
    const cite = (r.sources || []).map(s => s.citation || s.url).join("; ") || (r.papers || []).map(p => "paper " + p).join(listSep());
    tb.append(el("tr", { class: "relation", "data-type": r.type },
      el("td", { text: (r.direction === "out" ? t("out") : t("in")) + " " + label("type", r.type) }),
      el("td", null, el("a", { href: "/record.html?id=" + encodeURIComponent(r.other), text: pick(r.other_name) || r.other })),
      el("td", { text: cite })));
  }
  const hb = document.querySelector("#history tbody");
  hb.replaceChildren();
  for (const v of versions) {
    const btn = v.version > 1 ? el("button", { type: "button", class: "diff-btn", text: t("compare"), onclick: () => showDiff(v.version - 1, v.version) }) : null;
    hb.append(el("tr", { class: "version" }, el("td", { text: "v" + v.version }), el("td", { text: I18N.en["action_" + v.action] ? t("action_" + v.action) : v.action }), el("td", { text: v.actor }),
      el("td", { text: v.created_at }), el("td", null, btn)));
  }
  // a section with nothing in it is left out
  document.getElementById("sec-relations").hidden = !rels.length;
  document.getElementById("sec-history").hidden = !versions.length;
  document.getElementById("sec-sources").hidden = !(rec.sources || []).length;
  const ul = document.getElementById("sources");
  ul.replaceChildren();
  for (const s of rec.sources || []) {
    if (s.url) ul.append(el("li", null, el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", text: s.citation || s.url })));
    else ul.append(el("li", { text: s.citation }));
  }
}
async function showDiff(a, b) {
  const d = await (await fetch("/api/records/" + encodeURIComponent(id) + "/diff?from=" + a + "&to=" + b)).json();
  const box = document.getElementById("diff");
  box.hidden = false;
  const tb = box.querySelector("tbody");
  tb.replaceChildren();
  for (const c of d.changes) tb.append(el("tr", { class: "change" }, el("td", { text: c.field }),
    el("td", { text: c.from == null ? "" : JSON.stringify(c.from) }), el("td", { text: c.to == null ? "" : JSON.stringify(c.to) })));
}
applyI18n();
onLangToggle(render);
loadVocab().then(load);
