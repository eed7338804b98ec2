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
    if (!r.ok) return;
    const name = (await r.json()).name || {};
    issuerNames[i] = name;
    // an issuer named in one language that is the same as another record (AGORA's "Government of the United Kingdom"
    // is gb) takes that record's name in the language it lacks
    if (name.zh && name.en) return;
    const rr = await fetch("/api/records/" + encodeURIComponent(i) + "/relations");
    const same = rr.ok ? ((await rr.json()).relations || []).find(x => x.type === "same_as" && x.direction === "out" && x.other_name) : null;
    if (same) issuerNames[i] = { zh: name.zh || same.other_name.zh, en: name.en || same.other_name.en };
  }));
  await loadJurisdictions([rec.jurisdiction]);
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
  document.getElementById("subtitle").textContent = otherName(rec.name);
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
  const rows = [["kind", label("kind", rec.kind)], ["type", label("type", rec.type)], ["jurisdiction", rec.jurisdiction && jurisdictionEl(rec.jurisdiction)],
    ["date", rec.date], ["date_effective", rec.date_effective], ["date_end", rec.date_end], ["binding", rec.binding && label("binding", rec.binding)],
    ["governance_layers", (rec.governance_layers || []).map(x => label("governance_layers", x)).join(listSep())],
    ["risk_categories", (rec.risk_categories || []).map(x => label("risk_categories", x)).join(listSep())],
    ["lifecycle", (rec.lifecycle || []).map(x => label("lifecycle", x)).join(listSep())],
    ["org_form", rec.org_form && label("org_form", rec.org_form)], ["status", rec.status && label("status", rec.status)],
    ["tags", humanTags(rec.tags).slice(0, 30).join(listSep())], ["papers", (rec.papers || []).join(listSep())]];
  for (const [k, v] of rows) if (v) dl.append(el("dt", { text: t(k) }), typeof v === "string" ? el("dd", { "data-field": k, text: v }) : el("dd", { "data-field": k }, v));
  // codes for machines (iso3:CHN, un_m49_region:asia, seed topics): behind a toggle, not among the tags a reader reads
  const codes = (rec.tags || []).filter(machineTag);
  if (codes.length) dl.append(el("dt", { text: t("tag_codes") }), el("dd", { "data-field": "tag_codes", class: "tag-codes" },
    el("details", null, el("summary", { text: t("tag_codes_show", { n: codes.length }) }), el("span", { text: codes.join(listSep()) }))));
  if ((rec.issuers || []).length) {
    const dd = el("dd", { "data-field": "issuers" });
    rec.issuers.forEach((i, n) => {
      if (n) dd.append(listSep());
      // a name only in the other language says which it is (read aloud, and hyphenated, as that language)
      const [name, lang] = pickLang(issuerNames[i]);
      const a = el("a", { href: "/record.html?id=" + encodeURIComponent(i), text: name || i });
      if (lang) a.lang = lang;
      dd.append(a);
    });
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
    hb.append(el("tr", { class: "version" }, el("td", { text: "v" + v.version }), el("td", { text: I18N.en["action_" + v.action] ? t("action_" + v.action) : v.action }),
      el("td", { class: "actor", title: v.actor, text: I18N.en["actor_" + v.actor] ? t("actor_" + v.actor) : v.actor }),
      el("td", { class: "when", title: v.created_at, text: fmtTime(v.created_at) }), el("td", null, btn)));
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
let diff = null;
async function showDiff(a, b) {
  diff = await (await fetch("/api/records/" + encodeURIComponent(id) + "/diff?from=" + a + "&to=" + b)).json();
  renderDiff();
}
const VOCAB_LISTS = ["governance_layers", "risk_categories", "lifecycle"];
// A changed field by its name on the page (name.en: "Name (English)"); its path stays in the title.
function fieldLabel(f) {
  const [base, sub] = f.split(".");
  // a relation's source and target are its two ends: "source" alone is the citation's label (出处)
  const key = { name: "compare_name", summary: "compare_summary", source: "rel_source", target: "rel_target" }[base] || base;
  const name = I18N.en[key] ? t(key) : base;
  return sub === "zh" || sub === "en" ? name + t("in_" + sub) : sub ? name + "." + sub : name;
}
function diffValue(field, v) {
  if (v == null) return "";
  if (typeof v === "boolean") return t(v ? "diff_true" : "diff_false");
  if (typeof v !== "object") return VOCAB_LISTS.includes(field) || ["kind", "type", "binding", "status", "org_form"].includes(field) ? label(field, String(v))
    : field === "jurisdiction" ? jurisdictionName(String(v)) : String(v);
  return JSON.stringify(v);
}
function renderDiff() {
  if (!diff) return;
  const box = document.getElementById("diff");
  box.hidden = false;
  const tb = box.querySelector("tbody");
  tb.replaceChildren();
  for (const c of diff.changes) {
    const cells = [el("td", { class: "field", title: c.field, text: fieldLabel(c.field) })];
    if (Array.isArray(c.from) || Array.isArray(c.to)) {
      // a list: what left it and what joined it, not the two whole lists
      const from = c.from || [], to = c.to || [], key = x => JSON.stringify(x);
      const shown = x => typeof x === "object" ? JSON.stringify(x) : VOCAB_LISTS.includes(c.field) ? label(c.field, x) : String(x);
      const gone = from.filter(x => !to.some(y => key(y) === key(x))), came = to.filter(x => !from.some(y => key(y) === key(x)));
      const items = (list, tag, sign) => list.length ? el("ul", { class: "list-change" }, ...list.map(x => el("li", null, el(tag, { text: sign + " " + shown(x) }))))
        : el("span", { class: "muted", text: t("diff_none") });
      cells.push(el("td", { class: "removed" }, items(gone, "del", "−")), el("td", { class: "added" }, items(came, "ins", "+")));
    } else {
      // a value that was (or became) absent says so, as a list's empty side does
      const side = v => v == null || v === "" ? el("td", null, el("span", { class: "muted", text: t("diff_none") })) : el("td", { text: diffValue(c.field, v) });
      cells.push(side(c.from), side(c.to));
    }
    tb.append(el("tr", { class: "change", "data-field": c.field }, ...cells));
  }
}
/** Tags for machines: with an underscore or a colon right after a word (as the search index reads them); AGORA's collections are read. */
function machineTag(tag) { return !tag.startsWith("collection:") && (tag.includes("_") || /^[^:\s]+:\S/.test(tag)); }
/** The seed's own reader tags in Chinese; AGORA's thematic tags and collections come with the vocabulary (by lower case). */
const TAG_ZH = { membership: "成员资格", signatory: "签署方", landmark: "标志性文件", laws: "法律", agora: "AGORA 数据集" };
function tagZh(tag) {
  const find = list => ((VOCAB && VOCAB[list]) || []).find(term => term.code === tag.toLowerCase());
  if (tag.startsWith("collection:")) { const c = find("agora_collection"); return "AGORA 合集：" + (c ? c.zh : tag.slice(11)); }
  const agora = find("agora_tag");
  return TAG_ZH[tag] || (agora && agora.zh) || tag;
}
function tagEn(tag) { return tag.startsWith("collection:") ? "AGORA collection: " + tag.slice(11) : tag; }
/** The tags a reader reads, once each (AGORA lists many twice, in two cases), in the page's language where known. */
function humanTags(tags) {
  const seen = new Set();
  return (tags || []).filter(x => !machineTag(x)).filter(x => !seen.has(x.toLowerCase()) && seen.add(x.toLowerCase()))
    .map(x => currentLang() === "zh" ? tagZh(x) : tagEn(x));
}
applyI18n();
onLangToggle(() => { render(); renderDiff(); });
loadVocab().then(load);
