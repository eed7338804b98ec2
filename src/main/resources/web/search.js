const FACETS = ["kind", "type", "jurisdiction", "binding", "governance_layers", "risk_categories", "lifecycle", "org_form", "status", "year"];
let state = { q: "", sort: "relevance", filters: {}, copies: false, cursor: null, hits: [], last: null };
// records ticked for side-by-side comparison (compare.html), kept across searches in this tab
let picked = JSON.parse(sessionStorage.getItem("compare") || "[]");
function compareLink() {
  const a = document.getElementById("compare-link");
  a.hidden = picked.length < 2;
  a.href = "/compare.html?ids=" + picked.map(encodeURIComponent).join(",");
  a.textContent = t("compare_selected", { n: picked.length });
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.q = p.get("q") || "";
  state.sort = p.get("sort") || "relevance";
  state.copies = p.get("copies") === "include";
  state.filters = {};
  for (const f of FACETS) { const v = p.getAll(f); if (v.length) state.filters[f] = v; }
}
// A link may hold a filter value or order the search does not know (edited by hand, or from an older version): it is
// dropped with a short note in the page's words, not refused with the API's wording.
let dropped = [];
function known(f, v) {
  if (f === "year") return /^\d{1,4}$/.test(v);
  if (f === "jurisdiction") return true; // any code is a search (an unknown one finds nothing)
  const lists = f === "type" ? [VOCAB.instrument_type, VOCAB.actor_type, VOCAB.relation_type] : [VOCAB[f]];
  return lists.some(l => (l || []).some(term => term.code === v));
}
function dropUnknown() {
  if (![...document.querySelectorAll("#sort option")].some(o => o.value === state.sort)) { dropped.push(["lbl_sort", state.sort]); state.sort = "relevance"; }
  for (const f in state.filters) {
    for (const v of state.filters[f].filter(v => !known(f, v))) dropped.push([f, v]);
    state.filters[f] = state.filters[f].filter(v => known(f, v));
    if (!state.filters[f].length) delete state.filters[f];
  }
  document.getElementById("sort").value = state.sort;
  if (dropped.length) writeUrl();
}
// parts of the query the API read but does not support (title:, OR), as its answer lists them
let ignoredQ = [];
function showDropped() {
  const note = document.getElementById("search-note");
  const all = dropped.concat(ignoredQ.map(v => [v.endsWith(":") ? "q_field_prefix" : "q_operator", v]));
  note.hidden = !all.length;
  note.textContent = t("search_ignored", { what: all.map(([f, v]) => t(f) + (currentLang() === "zh" ? "“" + v + "”" : " “" + v + "”")).join(listSep()) });
}
function writeUrl() {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.copies) p.set("copies", "include");
  for (const f in state.filters) for (const v of state.filters[f]) p.append(f, v);
  history.replaceState(null, "", "?" + p.toString());
}
async function run(append) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  p.set("sort", state.sort);
  p.set("limit", "20");
  p.set("facets", "disjunctive");
  if (state.copies) p.set("copies", "include");
  for (const f in state.filters) for (const v of state.filters[f]) p.append(f, v);
  if (append && state.cursor) p.set("cursor", state.cursor);
  // a failed search must not leave the previous query's results under the new one (they looked like its answer)
  const failed = key => {
    state.last = null;
    state.failure = key; // kept so that the language toggle can say it again in the other language
    state.hits = [];
    ignoredQ = [];
    showDropped();
    document.getElementById("results").replaceChildren();
    document.getElementById("summary").textContent = t(key);
  };
  let res, body;
  try {
    res = await fetch("/api/search?" + p.toString());
    body = await res.json();
  } catch (e) {
    failed("search_unreachable");
    return;
  }
  if (!res.ok) {
    // what the checks above let through: a filter the API refuses is dropped too; anything else in the page's words
    const f = body.field;
    if (f && state.filters[f]) { for (const v of state.filters[f]) dropped.push([f, v]); delete state.filters[f]; writeUrl(); showDropped(); return run(false); }
    if (f === "sort" && state.sort !== "relevance") { dropped.push(["lbl_sort", state.sort]); state.sort = "relevance"; writeUrl(); showDropped(); return run(false); }
    failed(f === "q" ? (body.reason === "only_excluded" ? "search_q_only_excluded" : "search_q_too_long") : "search_failed");
    return;
  }
  state.hits = append ? state.hits.concat(body.hits) : body.hits;
  state.cursor = body.next_cursor;
  state.last = body;
  state.failure = null;
  ignoredQ = body.ignored || [];
  await loadCopyNames(state.hits.map(h => h.copy_of).filter(Boolean));
  await loadJurisdictions([...((body.facets || {}).jurisdiction || []).slice(0, 15).map(b => b.value), ...(state.filters.jurisdiction || []),
    ...state.hits.map(h => h.jurisdiction)]);
  render();
}
// the records copies are the same as, by name (their ids had been shown): fetched once each, a few per page at most
const copyNames = {};
async function loadCopyNames(ids) {
  await Promise.all([...new Set(ids)].filter(id => !(id in copyNames)).map(async id => {
    try {
      const r = await fetch("/api/records/" + encodeURIComponent(id));
      copyNames[id] = r.ok ? (await r.json()).name : null;
    } catch (e) { copyNames[id] = null; }
  }));
}
function render() {
  showDropped();
  if (!state.last) {
    if (state.failure) document.getElementById("summary").textContent = t(state.failure);
    return;
  }
  const body = state.last;
  const summary = document.getElementById("summary");
  summary.replaceChildren(body.total ? t("results", { n: body.total }) : t("no_results"));
  if (body.relaxed) summary.append(el("span", { id: "relaxed-note", text: " " + t("relaxed_note") }));
  if (body.fuzzy) summary.append(el("span", { id: "fuzzy-note", text: " " + t("fuzzy_note") }));
  // records another dataset also holds are one hit; their copies can be shown
  const toggle = (key, vars) => el("button", { type: "button", id: "copies-toggle", class: "linklike", text: t(key, vars),
    onclick: () => { state.copies = !state.copies; go(); } });
  if (!state.copies && body.copies_hidden > 0) summary.append(" ", toggle("copies_hidden", { n: body.copies_hidden }));
  else if (state.copies) summary.append(" ", toggle("copies_shown"));
  // what the search found, as the export gives it (a fallback's hits are no selection, and the export caps at 5,000)
  if (body.total && !body.relaxed && !body.fuzzy && body.total <= 5000) {
    const p = new URLSearchParams({ format: "csv", bom: "true" }); // for spreadsheets, as the other pages' CSV links
    if (state.q) p.set("q", state.q);
    if (state.sort !== "relevance") p.set("sort", state.sort);
    if (state.copies) p.set("copies", "include");
    for (const f in state.filters) for (const v of state.filters[f]) p.append(f, v);
    summary.append(" ", el("a", { id: "export-results", href: "/api/export?" + p.toString(), download: "", text: t("export_results") }));
  }
  const ol = document.getElementById("results");
  ol.replaceChildren();
  for (const h of state.hits) {
    const title = el("a", { href: "/record.html?id=" + encodeURIComponent(h.id), class: "hit-title" });
    const hl = currentLang() === "zh" ? (h.highlights.name_zh || h.highlights.name_en) : (h.highlights.name_en || h.highlights.name_zh);
    // Highlights come from the server HTML-escaped, with only <mark> added.
    if (hl) title.innerHTML = hl; else title.textContent = pick(h.name) || h.id;
    const other = otherName(h.name);
    const meta = el("div", { class: "meta", text: [label("kind", h.kind), label("type", h.type), h.jurisdiction && jurisdictionName(h.jurisdiction), h.date].filter(Boolean).join(" · ") });
    const snip = el("div", { class: "snippet" });
    const s = currentLang() === "zh" ? (h.highlights.summary_zh || h.highlights.summary_en) : (h.highlights.summary_en || h.highlights.summary_zh);
    if (s) snip.innerHTML = s;
    const copy = h.copy_of ? el("div", { class: "copy-of" }, t("copy_of_short") + " ", el("a", { href: "/record.html?id=" + encodeURIComponent(h.copy_of), title: h.copy_of, text: (copyNames[h.copy_of] && pick(copyNames[h.copy_of])) || h.copy_of })) : null;
    const pick4 = el("input", { type: "checkbox", class: "compare-pick", value: h.id });
    pick4.checked = picked.includes(h.id);
    pick4.addEventListener("change", () => {
      if (pick4.checked && picked.length >= 4) { pick4.checked = false; return; } // four columns at most
      picked = pick4.checked ? picked.concat([h.id]) : picked.filter(x => x !== h.id);
      sessionStorage.setItem("compare", JSON.stringify(picked));
      compareLink();
    });
    ol.append(el("li", { class: "hit", "data-id": h.id }, title, other ? el("div", { class: "alt-name", text: other }) : null, meta, copy, snip,
      el("label", { class: "compare-label" }, pick4, " " + t("compare_pick"))));
  }
  compareLink();
  document.getElementById("more").hidden = !state.cursor;
  const aside = document.getElementById("facets");
  aside.replaceChildren();
  if (Object.keys(state.filters).length) aside.append(el("button", { type: "button", id: "clear", text: t("clear"), onclick: () => { state.filters = {}; go(); } }));
  for (const f of FACETS) {
    const buckets = (body.facets || {})[f] || [];
    // a chosen value stays in view (to be unchosen) even when it is not among the top counts
    const shown = buckets.slice(0, f === "year" ? 30 : 15);
    for (const v of state.filters[f] || []) if (!shown.some(b => b.value === v)) shown.push(buckets.find(b => b.value === v) || { value: v, count: 0 });
    if (!shown.length) continue;
    const ul = el("ul");
    for (const b of shown) {
      const active = (state.filters[f] || []).includes(b.value);
      const cb = el("input", { type: "checkbox", "data-facet": f, value: b.value });
      cb.checked = active;
      cb.addEventListener("change", () => {
        const cur = state.filters[f] || [];
        state.filters[f] = cb.checked ? cur.concat([b.value]) : cur.filter(x => x !== b.value);
        if (!state.filters[f].length) delete state.filters[f];
        go();
      });
      // a jurisdiction by its name, its code in the title
      ul.append(el("li", null, el("label", f === "jurisdiction" ? { title: b.value } : null, cb,
        " " + (f === "year" ? b.value : f === "jurisdiction" ? jurisdictionName(b.value) : label(f, b.value)) + " ", el("span", { class: "count", text: "(" + b.count + ")" }))));
    }
    aside.append(el("section", { class: "facet", "data-facet": f }, el("h3", { text: t(f) }), ul));
  }
}
function go() { state.cursor = null; writeUrl(); run(false); }
document.getElementById("search-form").addEventListener("submit", e => {
  e.preventDefault();
  state.q = document.getElementById("q").value.trim();
  state.sort = document.getElementById("sort").value;
  go();
});
document.getElementById("more").addEventListener("click", () => run(true));
(async () => {
  readUrl();
  document.getElementById("q").value = state.q;
  document.getElementById("sort").value = state.sort;
  applyI18n();
  onLangToggle(render);
  await loadVocab();
  dropUnknown();
  showDropped();
  run(false);
})();
