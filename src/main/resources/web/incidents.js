// The incident monitor: trend chart (server-drawn SVG, its data as CSV), alerts, and incident search.
const DOMAINS_ZH = { "1": "歧视与有害内容", "2": "隐私与安全", "3": "虚假信息", "4": "恶意行为者与滥用", "5": "人机交互",
  "6": "社会经济与环境", "7": "人工智能系统的安全、故障与局限" };
const LAYERS = { "intrinsic-safety": ["Intrinsic safety", "内生安全"], "application-security": ["Application security", "应用安全"],
  "national-security": ["National security", "国家安全"], "geopolitical": ["Geopolitical", "地缘政治"] };
let TOPICS = {};
const TOPICS_GONE = {}; // deleted topics' names, from their alerts
let FACET_VALUES = {}; // facet -> values that occur, to show a series key's lower-cased value as the data spells it
let FACET_NAMES = {}; // facet -> value -> {en, zh}: countries by the registry's names, sectors and harm types by the glossary
let inc = { items: [], total: 0, offset: 0, last: null };
let searchSeq = 0; // answers to searches overtaken by a newer one are dropped

// A tail below double precision is stored as 0; "0" would read as impossible, the explanation says < 1e-15.
// A tiny tail in powers of ten ("6.45×10⁻⁵", not Java's %.3g "6.45e-05"), here and in the explanation beside it
// (sci), so the card shows one number one way; the API keeps its numbers and text.
function tailText(p) {
  const x = Number(p);
  if (x < 1e-15) return "< 10⁻¹⁵";
  return x < 1e-4 ? sci(x.toExponential(2)) : x.toPrecision(3);
}
const SUPERSCRIPT = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
// Every number in e-notation in a text ("= 6.45e-05", "< 1e-15") in powers of ten ("= 6.45×10⁻⁵", "< 10⁻¹⁵").
function sci(text) {
  return String(text).replace(/\b(\d(?:\.\d+)?)e([+-]?)0*(\d+)\b/g, (m, mant, sign, exp) => {
    const power = "10" + [...(sign === "-" ? "-" : "") + exp].map(c => SUPERSCRIPT[c]).join("");
    return mant === "1" ? power : mant + "×" + power;
  });
}
// The monitors by name in the page's language; a source without one (a feed's id) as stored.
const SOURCES = { aiaaic: ["AIAAIC", "AIAAIC"], aiid: ["AI Incident Database", "AI 事件数据库"], "aiid-report": ["AI Incident Database (report)", "AI 事件数据库（报告）"],
  feed: ["News feeds", "新闻订阅源"], public: ["Public reports", "公众报告"], api: ["API", "接口提交"], jsonl: ["JSON lines import", "JSON Lines 导入"] };
function sourceLabel(s) { return SOURCES[s] ? SOURCES[s][currentLang() === "zh" ? 1 : 0] : s; }

function domainLabel(d) {
  if (!d) return "";
  const n = d.split(".")[0].trim(); // numbered in both languages, as the English names and the chart are
  return currentLang() === "zh" && DOMAINS_ZH[n] ? n + ". " + DOMAINS_ZH[n] : d;
}
function layerLabel(l) { return LAYERS[l] ? LAYERS[l][currentLang() === "zh" ? 1 : 0] : l; }
function topicLabel(id) { return TOPICS[id] ? pick(TOPICS[id]) : TOPICS_GONE[id] ? pick(TOPICS_GONE[id]) : id; }
function facetLabel(f, v) {
  const spelt = (FACET_VALUES[f] || []).find(x => x.toLowerCase() === String(v).toLowerCase())
    // a series keys its risk domain by number ("risk_domain=4"): named as the domain it stands for
    || (f === "risk_domain" && /^\d+$/.test(v) ? (FACET_VALUES[f] || []).find(x => x.startsWith(v + ".")) : null) || v;
  if (f === "risk_domain") return domainLabel(spelt);
  if (f === "topic") return topicLabel(v);
  if (f === "risk_layer") return layerLabel(spelt);
  if (f === "source") return sourceLabel(spelt);
  const n = (FACET_NAMES[f] || {})[spelt];
  return n ? (currentLang() === "zh" ? n.zh : n.en) || spelt : spelt;
}
// An incident or record known only to the year (an AIAAIC entry: "Occurred: 2023") is stored as 1 January; show "2023".
// a date known only to its year or month shows that, not its first day
function shownDate(date, precision) { return date && precision === "year" ? date.substring(0, 4) : date && precision === "month" ? date.substring(0, 7) : date; }
function viaLabel(via) { return via.split("/").map(v => I18N.en["via_" + v.replace(/-/g, "_")] ? t("via_" + v.replace(/-/g, "_")) : v).join(" + "); }
function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

// The chart's years: the last N calendar years, this one included (a monthly chart over four decades is unreadable);
// the address keeps the choice ("chart_since=5"), not a date, so a bookmark stays "the last five years".
function sinceFrom() {
  const n = Number(document.getElementById("trend-since").value);
  return Number.isInteger(n) && n > 0 ? (new Date().getFullYear() - n + 1) + "-01-01" : null;
}
function trendParams() {
  const p = new URLSearchParams();
  p.set("granularity", document.getElementById("granularity").value);
  const from = sinceFrom();
  // "the last 10 years" starts at the first period with data, not with years of zeros before the data begins
  if (from) { p.set("from", from); p.set("trim_start", "true"); }
  const topic = document.getElementById("trend-topic").value;
  if (topic) p.set("topic", topic);
  for (const sel of document.querySelectorAll("#trend-form select.chart-filter")) if (sel.value) p.set(sel.dataset.facet, sel.value);
  const split = document.getElementById("trend-split").value;
  if (split) p.set("split", split);
  if (document.getElementById("standardize").checked && shareMeaningful()) p.set("standardize", "true");
  return p;
}
// All incidents are 100 % of all incidents: the share needs a topic, a filter or lines split by a facet
function shareMeaningful() {
  return !!document.getElementById("trend-topic").value || chartFiltered() || !!document.getElementById("trend-split").value;
}
// The series the alerts watch for the chart's choice: granularity, topic and filters ("granularity=month;topic=military;country=cn").
function alertSeries() {
  const topic = document.getElementById("trend-topic").value;
  let key = "granularity=" + document.getElementById("granularity").value + (topic ? ";topic=" + topic : "");
  for (const sel of document.querySelectorAll("#trend-form select.chart-filter")) if (sel.value) key += ";" + sel.dataset.facet + "=" + sel.value;
  // a share chart subscribes to the share: its alerts test the share of all incidents, not the count (all incidents have no share)
  if (document.getElementById("standardize").checked && key.includes(";")) key += ";standardize=true";
  return key;
}
function chartFiltered() { return [...document.querySelectorAll("#trend-form select.chart-filter")].some(sel => sel.value); }
// The page's state lives in its address, so a view can be bookmarked or sent: the search's filters as they are, the chart's
// choices prefixed "chart_". Only what differs from the defaults is written.
let showingIncident = null; // set while the page shows one incident from a link
let restoring = true; // while the page opens a view or goes back to one, the address is rewritten, not pushed
let viewSearch = location.search; // the view's address; a jump to an anchor (the skip link) changes only the fragment
let searchedParams = new URLSearchParams(); // the search last sent
function saveView() {
  const u = new URL(location.href);
  // the language is the viewer's choice (kept by the page), not part of a view: an entry with lang=en would turn a
  // Chinese page half English on Back
  for (const k of [...u.searchParams.keys()]) u.searchParams.delete(k);
  if (showingIncident) u.searchParams.set("incident", showingIncident);
  for (const [k, v] of searchedParams) u.searchParams.set(k, v); // what was searched, not what is typed and not sent
  for (const [k, v] of trendParams()) if (!(k === "granularity" && v === "month") && k !== "from" && k !== "trim_start") u.searchParams.set("chart_" + k, v);
  const since = document.getElementById("trend-since").value;
  if (since !== "10") u.searchParams.set("chart_since", since);
  viewSearch = u.search;
  signinReturn(u);
  if (u.href === location.href) return;
  // each search, filter or chart choice is a step Back returns from
  if (restoring) history.replaceState(null, "", u);
  else history.pushState(null, "", u);
}
// Signing in comes back to this view
function signinReturn(u) {
  const a = document.querySelector("#signin-hint a");
  const here = u || new URL(location.href);
  if (a) a.href = "/filings/index.html?next=" + encodeURIComponent(here.pathname + here.search);
}
// The form as the page first drew it, for going back to a view that set fewer fields than the one shown
const VIEW_FIELDS = "#iq, #incident-form select[data-facet], #incident-form [data-param], #granularity, #trend-since, #trend-topic,"
  + " #trend-form select.chart-filter, #trend-split, #standardize";
let viewDefaults = [];
function captureDefaults() { viewDefaults = [...document.querySelectorAll(VIEW_FIELDS)].map(e => [e, e.type === "checkbox" ? e.checked : e.value]); }
// Terms of an opened address the form cannot hold (a date that is none, a share of nothing) are said, not dropped in silence
let ignoredTerms = [];
function unheldTerms(p) {
  const held = new Map(incidentParams());
  for (const [k, v] of trendParams()) if (k !== "from" && k !== "trim_start") held.set("chart_" + k, v);
  held.set("chart_since", document.getElementById("trend-since").value);
  return [...p].filter(([k, v]) => k !== "lang" && k !== "incident" && String(held.get(k) ?? "").toLowerCase() !== v.trim().toLowerCase())
    .map(([k, v]) => k + "=" + v);
}
function resetView() { for (const [e, v] of viewDefaults) { if (e.type === "checkbox") e.checked = v; else e.value = v; } }
window.addEventListener("popstate", async () => {
  if (location.search === viewSearch) return; // the same view, another anchor
  viewSearch = location.search;
  const p = new URLSearchParams(location.search);
  restoring = true;
  try {
    resetView();
    restoreView(p);
    ignoredTerms = unheldTerms(p);
    searchedParams = incidentParams();
    showingIncident = p.get("incident");
    drawTrend();
    if (showingIncident) await showIncident(showingIncident);
    else await searchIncidents(false);
  } finally { restoring = false; }
});
function restoreView(p) {
  const set = (id, v) => {
    const e = document.getElementById(id);
    if (!e || v == null) return;
    if (e.type === "checkbox") e.checked = v === "true";
    else if (e.tagName === "SELECT") { // a hand-written address may spell a value in another case ("cn" for CN)
      const o = [...e.options].find(x => x.value.toLowerCase() === v.toLowerCase());
      if (o) e.value = o.value;
      else if (e.matches(FACET_SELECTS) && v.trim()) {
        // a filter no incident has yet (country=AQ) is kept, so the answer is "none" (or the server's reason), not every incident
        addOption(e, v);
        e.value = v;
      } // a period or range the form does not offer (chart_granularity=evil) leaves the form's default
    } else e.value = v;
  };
  set("iq", p.get("q"));
  for (const sel of document.querySelectorAll("#incident-form select[data-facet]")) set(sel.id, p.get(sel.dataset.facet));
  for (const x of document.querySelectorAll("#incident-form [data-param]")) set(x.id, p.get(x.dataset.param));
  set("granularity", p.get("chart_granularity"));
  set("trend-since", p.get("chart_since"));
  set("trend-topic", p.get("chart_topic"));
  for (const sel of document.querySelectorAll("#trend-form select.chart-filter")) set(sel.id, p.get("chart_" + sel.dataset.facet));
  set("trend-split", p.get("chart_split"));
  set("standardize", p.get("chart_standardize"));
}
function drawTrend() {
  const shareOk = shareMeaningful();
  if (!shareOk) document.getElementById("standardize").checked = false; // not kept ticked to apply later unasked
  document.getElementById("standardize").disabled = !shareOk;
  document.getElementById("standardize-hint").hidden = shareOk;
  const p = trendParams();
  if (document.readyState === "complete") saveView();
  // every topic's monthly series is always watched, so its Atom feed is worth following without an account
  const topic = document.getElementById("trend-topic").value;
  document.getElementById("series-feed-wrap").hidden = !topic || chartFiltered();
  if (topic) {
    const a = document.getElementById("series-feed");
    a.href = "/api/incidents/feed.atom?series=" + encodeURIComponent("granularity=month;topic=" + topic);
    a.textContent = t("series_feed", { series: seriesLabel("granularity=month;topic=" + topic) });
  }
  const box = document.getElementById("subscribe-series");
  if (box) box.textContent = t("subscribe_series", { series: seriesLabel(alertSeries()) });
  const csv = new URLSearchParams(p); csv.set("format", "csv"); csv.set("bom", "true");
  document.getElementById("trend-csv").href = "/api/incidents/trends?" + csv.toString();
  const data = new URLSearchParams(p);
  p.set("lang", currentLang());
  const img = document.getElementById("trend-chart");
  // drawn at the panel's width (a 900 px chart shrunk to a phone's 300 px was unreadable), within what the route allows
  const [w, h] = chartSize();
  p.set("width", String(w));
  p.set("height", String(h));
  img.width = w; img.height = h; // the box keeps the chart's proportions before it has loaded
  const err = document.getElementById("trend-error");
  err.hidden = true;
  img.hidden = false;
  img.onerror = async () => { // a chart the server refuses (more points than it draws): why, in the page's words
    let body = {};
    try { body = await (await fetch(img.src)).json(); } catch (e) { /* the server down: the generic message */ }
    img.hidden = true;
    // the API's reason names from and to, which this form offers as its Years choice: said in the form's own terms
    const big = body.field && /^(\w+[:：]\s*)?(\d+)[^\d×]*×\s*(\d+)/.exec(body.detail || ""); // in either language
    if (big) big.splice(1, 1);
    err.textContent = big ? t(big[2] === "1" ? "chart_too_big_1" : "chart_too_big", { periods: big[1], series: big[2] }) : formProblem(body, CHART_FIELDS, t("error"));
    err.hidden = false;
  };
  img.src = "/api/incidents/trends/chart.svg?" + p.toString();
  const split = document.getElementById("trend-split");
  img.alt = t("trends") + colonSep() + seriesLabel(alertSeries()) // what is drawn, not just "a chart"
    + (p.has("standardize") && !alertSeries().includes("standardize") ? " · " + t("share_series") : "")
    + (split.value ? " · " + t("split_by") + colonSep() + split.options[split.selectedIndex].text : "");
  trendReady = trendNotes(data);
}
let trendReady = Promise.resolve(); // the notes under the chart, drawn: what is above the search has its height
function chartSize() {
  const img = document.getElementById("trend-chart");
  const box = img.parentElement ? img.parentElement.clientWidth : 0;
  const pad = img.parentElement ? parseFloat(getComputedStyle(img.parentElement).paddingLeft) * 2 || 0 : 0;
  const w = box > 0 ? Math.max(300, Math.min(2400, Math.round(box - pad - 2))) : 900;
  return [w, w >= 700 ? 420 : 360];
}
let chartWidth = null;
window.addEventListener("resize", () => { // redrawn only when the width changed enough to matter
  clearTimeout(window.chartResize);
  window.chartResize = setTimeout(() => { const [w] = chartSize(); if (chartWidth && Math.abs(w - chartWidth) > 40) drawTrend(); }, 300);
});
// What the chart leaves out and what its red marks are, in the page's words: the trend's JSON says both
let notesSeq = 0;
async function trendNotes(params) {
  chartWidth = chartSize()[0];
  const seq = ++notesSeq;
  const split = params.has("split");
  if (!split) params.set("spikes", "true"); // marked on the chart only when it draws one line
  let body;
  try {
    const res = await fetch("/api/incidents/trends?" + params.toString());
    body = res.ok ? await res.json() : {};
  } catch (e) { body = {}; }
  if (seq !== notesSeq) return; // the chart changed meanwhile
  const note = document.getElementById("trend-not-counted");
  const n = Number(body.year_precision_not_counted || 0);
  // by month, week or day an incident known only by its year (an AIAAIC entry) is in no period; by year, one whose
  // year the range cuts through
  const m = Number(body.month_precision_not_counted || 0), fmt = x => x.toLocaleString(currentLang() === "zh" ? "zh-CN" : "en");
  // likewise an incident known only by its month (a report dated "2024-03"): in no week or day; by month, cut by the range
  const notes = [];
  if (n > 0) notes.push(t(body.granularity === "year" ? "year_only_cut" : "year_only_not_counted", { n: fmt(n) }));
  if (m > 0) notes.push(t(body.granularity === "year" || body.granularity === "month" ? "month_only_cut" : "month_only_not_counted", { n: fmt(m) }));
  // the last period of a snapshot's data is drawn as a fall unless said: 2025 up to 23 March against all of 2024
  if (body.cut_periods && body.cut_periods.length) notes.push(t("cut_periods", { periods: body.cut_periods.join(", ") }));
  // the chart breaks its line at a gap in the ingest: said in words too, for a reader who cannot see the break
  const gaps = body.gap_periods || [];
  if (gaps.length) notes.push(t("gap_note", { n: fmt(gaps.length), first: gaps[0], last: gaps[gaps.length - 1] }));
  if (body.partial_period) notes.push(t("partial_period", { period: body.partial_period, date: body.latest_incident_date })
    + (body.partial_period_year_only ? " " + t("partial_period_yo", { n: body.partial_period_year_only, m: body.partial_period_total }) : ""));
  note.textContent = notes.join(" ");
  note.hidden = !notes.length;
  const spikes = split ? [] : (body.spikes || []).slice().reverse(); // newest first
  const ol = document.getElementById("trend-spikes");
  ol.replaceChildren();
  for (const sp of spikes) {
    const text = sp.explanation ? zhPercent(sci(currentLang() === "zh" ? sp.explanation.zh : sp.explanation.en)) : "";
    ol.append(el("li", { class: "spike", "data-period": sp.period }, el("strong", { text: sp.period }), punctColon() + text));
  }
  document.getElementById("trend-spikes-box").hidden = !spikes.length;
}
// Chinese writes "4.05%", not "4.05 %" (alerts stored before the explanation said so too)
function zhPercent(text) { return currentLang() === "zh" ? String(text).replace(/(\d) %/g, "$1%") : text; }

// "granularity=month;topic=military" -> "Military · Month"
// One order whatever the key's: the topic, the risk domain, other facets by name, then the share and the period. A
// subscription's stored key and the form's series line had named one series in two orders (outside QA).
const SERIES_RANK = { topic: 0, risk_domain: 1, standardize: 3, granularity: 4 };
function seriesLabel(key) {
  const parts = [], gran = { year: "g_year", month: "g_month", week: "g_week", day: "g_day" };
  let g = null;
  const rank = kv => { const k = kv.split("=")[0]; return [SERIES_RANK[k] ?? 2, k]; };
  const ordered = (key || "").split(";").sort((a, b) => { const [ra, ka] = rank(a), [rb, kb] = rank(b); return ra - rb || (ka < kb ? -1 : ka > kb ? 1 : 0); });
  for (const kv of ordered) {
    const [k, v] = kv.split("=");
    if (k === "granularity") g = gran[v] ? t(gran[v]) : v;
    else if (k === "standardize") { if (v === "true") parts.push(t("share_series")); }
    else if (k === "topic" || k === "risk_domain") parts.push(facetLabel(k, v));
    else if (k) parts.push((I18N[currentLang()]["facet_" + k] ? t("facet_" + k) : k) + punctColon() + facetLabel(k, k === "country" ? v.toUpperCase() : v));
  }
  return (parts.length ? parts : [t("all_incidents")]).concat(g ? [g] : []).join(" · ");
}

async function loadAlerts() {
  const ol = document.getElementById("alerts");
  // the newest period first: an alert found late for 2022 is not news above one for last month
  const body = await (await fetch("/api/incidents/alerts?limit=10&order=period")).json();
  ol.replaceChildren();
  if (!body.items || !body.items.length) { ol.append(el("li", { class: "meta", text: t("no_alerts") })); return; }
  for (const a of body.items) {
    const topic = (a.series.match(/(?:^|;)topic=([^;]+)/) || [])[1];
    if (topic && a.topic_name) TOPICS_GONE[topic] = a.topic_name; // a deleted topic's alerts: named as it was
    const text = a.explanation ? zhPercent(sci(currentLang() === "zh" ? a.explanation.zh : a.explanation.en)) : "";
    // rounded as the explanation rounds it; a share alert's baseline is the count its share would give, "expected"
    const figures = t(a.method === "share" ? "alert_figures_share" : "alert_figures", { count: a.count, baseline: Number(a.baseline).toFixed(2), p: tailText(a.probability) });
    const href = alertSearch(a.series, a.period);
    ol.append(el("li", { class: "hit alert", "data-id": a.id, "data-period": a.period },
      // found for an older period (a new series or topic, late data): history, not news
      el("div", { class: "hit-title", text: seriesLabel(a.series) + " · " + a.period + (a.backfill ? " · " + t("alert_backfill") : "") }),
      el("div", { class: "meta", text: figures }),
      el("div", { class: "snippet", text: text }),
      href ? el("a", { class: "alert-incidents", href, text: t("alert_incidents") }) : null));
  }
}
// The incidents an alert counted: the search with the series' filters over the period's dates (the search counts an
// incident dated only by its year in a range holding its whole year, as the trend does). None when the form lacks a filter.
function alertSearch(series, period) {
  const p = new URLSearchParams(), form = new Set([...document.querySelectorAll("#incident-form select[data-facet]")].map(s => s.dataset.facet));
  let g = null;
  for (const part of String(series).split(";")) {
    const [k, v] = part.split("=");
    if (k === "granularity") g = v;
    else if (k === "standardize") continue;
    else if (form.has(k)) p.set(k, k === "country" ? v.toUpperCase() : v);
    else return null;
  }
  const range = periodDates(g, period);
  if (!range) return null;
  p.set("from", range[0]);
  p.set("to", range[1]);
  p.set("sort", "date");
  // no lang: a link copied and sent on opens in its reader's language (a lang in the address would also become theirs)
  return "/incidents.html?" + p.toString();
}
// "2024", "2024-09", "2024-W14" (ISO week) or "2024-09-30" as its first and last day
function periodDates(g, period) {
  const iso = d => d.toISOString().slice(0, 10), day = (y, m, dd) => new Date(Date.UTC(y, m, dd));
  let m;
  if (g === "year" && (m = /^(\d{4})$/.exec(period))) return [iso(day(+m[1], 0, 1)), iso(day(+m[1], 11, 31))];
  if (g === "month" && (m = /^(\d{4})-(\d{2})$/.exec(period))) return [iso(day(+m[1], +m[2] - 1, 1)), iso(day(+m[1], +m[2], 0))];
  if (g === "day" && /^\d{4}-\d{2}-\d{2}$/.test(period)) return [period, period];
  if (g === "week" && (m = /^(\d{4})-W(\d{2})$/.exec(period))) {
    const jan4 = day(+m[1], 0, 4), monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (+m[2] - 1) * 7 * 86400000);
    return [iso(monday), iso(new Date(monday.getTime() + 6 * 86400000))];
  }
  return null;
}

const FACET_SELECTS = "#incident-form select[data-facet], #trend-topic, #trend-form select.chart-filter";
function facetOf(sel) { return sel.id === "trend-topic" ? "topic" : sel.dataset.facet; }
function addOption(sel, v) { sel.append(el("option", { value: v, text: facetLabel(facetOf(sel), v) })); }
async function loadFacets() {
  const topics = await (await fetch("/api/incidents/topics")).json();
  TOPICS = {};
  for (const tp of topics.items || []) TOPICS[tp.id] = tp.name;
  const [facets, names] = await Promise.all([fetch("/api/incidents/facets").then(r => r.json()),
    fetch("/api/incidents/facets/labels").then(r => r.ok ? r.json() : {})]);
  FACET_VALUES = facets;
  FACET_NAMES = names;
  const collator = new Intl.Collator(currentLang() === "zh" ? "zh-CN" : "en", { numeric: true });
  for (const sel of document.querySelectorAll(FACET_SELECTS)) {
    const f = facetOf(sel);
    const keep = sel.value;
    const first = sel.options[0];
    sel.replaceChildren(first);
    // the trend offers every topic, also one that counts nothing yet; the search only values that occur
    const values = sel.id === "trend-topic" ? Object.keys(TOPICS) : facets[f] || [];
    // named values in the order of their names in the page's language (countries by name, not code)
    const options = values.map(v => ({ v, text: facetLabel(f, v) }));
    if (FACET_NAMES[f]) options.sort((a, b) => collator.compare(a.text, b.text));
    for (const o of options) sel.append(el("option", { value: o.v, text: o.text }));
    if (keep && !values.includes(keep)) addOption(sel, keep); // kept from the address
    sel.value = keep;
  }
}

function incidentParams() {
  const p = new URLSearchParams();
  const q = document.getElementById("iq").value.trim();
  if (q) p.set("q", q);
  for (const sel of document.querySelectorAll("#incident-form select[data-facet]")) if (sel.value) p.set(sel.dataset.facet, sel.value);
  for (const x of document.querySelectorAll("#incident-form [data-param]")) if (x.value) p.set(x.dataset.param, x.value);
  return p;
}
async function searchIncidents(append) {
  const p = incidentParams();
  const share = new URLSearchParams(p); // the records feed takes the same facets; full text and order stay a search's
  share.delete("q");
  share.delete("sort");
  document.getElementById("records-feed").href = "/api/incidents/records.atom" + (share.toString() ? "?" + share.toString() : "");
  document.getElementById("records-feed-no-q").hidden = !p.get("q"); // the words were dropped without a word (outside QA)
  showingIncident = null;
  if (!restoring) ignoredTerms = []; // said once, for the address as opened
  searchedParams = new URLSearchParams(p);
  saveView();
  p.set("limit", "20");
  p.set("offset", append ? String(inc.items.length) : "0");
  const seq = ++searchSeq;
  let res, body;
  try {
    // an address opened with a longer q (the box takes 1,000): said here, not sent to be refused (a console error)
    if ([...(p.get("q") || "")].length > 1000) { res = { ok: false }; body = { field: "q", detail: "q" + colonSep() + t("q_too_long") }; }
    else {
      res = await fetch("/api/incidents?" + p.toString());
      body = await res.json();
    }
  } catch (e) { // no answer at all (the server down): an error, not the previous search's list under the new query
    res = { ok: false };
    body = { detail: t("search_unreachable") };
  }
  if (seq !== searchSeq) return; // a newer search was sent meanwhile: its answer is the one to show
  if (!res.ok) {
    // what was listed answered other filters: it goes, so the error is not read beside results it does not describe
    inc = { items: [], total: 0, offset: 0, last: null };
    document.getElementById("incidents").replaceChildren();
    document.getElementById("incident-more").hidden = true;
    document.getElementById("incident-summary").textContent = formProblem(body, SEARCH_FIELDS, t("error")) || t("error");
    return;
  }
  const shown = append ? inc.items.length : 0;
  inc.items = append ? inc.items.concat(body.items) : body.items;
  inc.total = body.total;
  inc.last = body;
  renderIncidents();
  // after More, the keyboard goes on from the first new result, not from the button that moved below them
  if (append) { const next = document.querySelectorAll("#incidents li.incident .hit-title")[shown]; if (next) next.focus(); }
}
function renderIncidents(keepOpen) {
  if (!inc.last) return;
  // redrawn in another language, the incidents whose records were open stay open
  const open = keepOpen ? new Set([...document.querySelectorAll("#incidents li.incident")]
    .filter(li => { const u = li.querySelector("ul.records"); return u && !u.hidden; }).map(li => li.dataset.id)) : new Set();
  const partial = inc.last.year_precision_not_listed; // dated only by a year the range cuts through: maybe in it, maybe not
  document.getElementById("incident-summary").textContent = (inc.total === 1 ? t("incident_1") : inc.total ? t("incident_count", { n: inc.total }) : t("no_results"))
    + (partial ? " " + t("year_only_not_listed", { n: partial }) : "")
    + (inc.last.relaxed ? " " + t("relaxed_note") : "") + (inc.last.fuzzy ? " " + t("fuzzy_note") : "") // as the registry's search says it
    + (inc.last.truncated ? " " + t("truncated_note") : "") // the count is of the best 5,000 records' incidents, not all
    + (ignoredTerms.length ? " " + t("search_ignored", { what: ignoredTerms.join(listSep()) }) : "");
  const ol = document.getElementById("incidents");
  ol.replaceChildren();
  for (const i of inc.items) {
    const meta = [shownDate(i.date, i.date_precision), i.record_count === 1 ? t("records_1") : t("records_n", { n: i.record_count }), (i.sources || []).map(sourceLabel).join(listSep()), domainLabel(i.risk_domain),
      (i.risk_layers || []).map(layerLabel).join(listSep()), (i.countries || []).map(c => facetLabel("country", c)).join(listSep()), (i.topics || []).map(topicLabel).join(listSep())].filter(Boolean).join(" · ");
    const recs = el("ul", { class: "records", id: uid("records"), hidden: "" });
    const title = markLang(el("button", { type: "button", class: "hit-title linklike", text: i.title || ("#" + i.id), "aria-expanded": "false", "aria-controls": recs.id,
      onclick: () => toggleRecords(i.id, recs) }), i.title);
    // the number is what editors merge by, and the link is one to share: ?incident=N opens it with its records
    const link = el("a", { class: "incident-link", href: "/incidents.html?incident=" + encodeURIComponent(i.id), text: "#" + i.id });
    ol.append(el("li", { class: "hit incident", "data-id": i.id }, title, el("div", { class: "meta" }, link, " · " + meta), recs));
    if (open.has(String(i.id))) toggleRecords(i.id, recs);
  }
  document.getElementById("incident-more").hidden = inc.items.length >= inc.total;
}
async function showIncident(id) {
  const res = await fetch("/api/incidents/" + encodeURIComponent(id));
  const body = await res.json().catch(() => ({}));
  const summary = document.getElementById("incident-summary");
  if (!res.ok) {
    inc = { items: [], total: 0, offset: 0, last: null }; // the list answered another view: the toggle asks this one again
    showingIncident = String(id);
    document.getElementById("incidents").replaceChildren();
    document.getElementById("incident-more").hidden = true;
    // ids are the smallest member record's, so a link to an incident an editor merged away leads on to the one it joined
    if (body.merged_into) summary.replaceChildren(el("a", { href: "/incidents.html?incident=" + encodeURIComponent(body.merged_into),
      text: t("incident_merged", { id, into: body.merged_into }) }));
    else summary.textContent = res.status === 404 ? t("incident_not_found", { id }) : body.detail || t("error");
    return;
  }
  inc = { items: [body], total: 1, offset: 0, last: body };
  showingIncident = String(body.id);
  saveView(); // the address names the incident shown, to bookmark or send
  renderIncidents();
  await toggleRecords(body.id, document.querySelector("#incidents li.incident ul.records"));
}
// "AI Incident Database 672", "AIAAIC AIAAIC1430", "API · Example Magazine": a key the store made up from the URL
// ("url:2d0b…") means nothing to a reader, so the outlet (or the URL's host) stands there; an outlet that is only the
// source's own name ("AI Incident Database") is not said twice, and is said in the page's language
function recordSource(r) {
  const derived = /^(url|sha):[0-9a-f]+$/.test(r.source_id || "");
  const own = SOURCES[r.source] && r.outlet && SOURCES[r.source].some(n => n.toLowerCase() === r.outlet.trim().toLowerCase());
  let host = null;
  try { host = safeUrl(r.url) ? new URL(r.url).hostname.replace(/^www\./, "") : null; } catch (e) { host = null; }
  const outlet = own ? null : r.outlet || (derived ? host : null);
  return [sourceLabel(r.source) + (derived || !r.source_id ? "" : " " + r.source_id), outlet].filter(Boolean).join(" · ");
}
async function toggleRecords(id, ul) {
  const button = ul.parentElement && ul.parentElement.querySelector("button.hit-title");
  if (!ul.hidden) { ul.hidden = true; if (button) button.setAttribute("aria-expanded", "false"); return; }
  const body = await (await fetch("/api/incidents/" + encodeURIComponent(id) + "/records")).json();
  ul.replaceChildren();
  for (const r of body.items || []) {
    const href = safeUrl(r.url);
    const head = markLang(href ? el("a", { href: href, rel: "noopener noreferrer", target: "_blank", text: r.title || r.url }) : el("span", { text: r.title || "" }),
      r.title, r.title ? r.language : null);
    const conf = r.risk_domain_confidence != null ? punctParen(t("confidence", { n: Math.round(r.risk_domain_confidence * 100) })) : "";
    const meta = [recordSource(r), shownDate(r.date, r.date_precision), domainLabel(r.risk_domain) + conf,
      r.linked_by && r.linked_by !== "single" ? t("linked_by", { via: viaLabel(r.linked_by) }) : null].filter(Boolean).join(" · ");
    // asks twice, as every other editor's change on this page does (it had split at the first click)
    const split = EDITOR && body.items.length > 1
      ? el("button", { type: "button", class: "linklike split-record", text: t("split_out"), onclick: ev => {
        const b = ev.currentTarget;
        if (!b.dataset.armed) { b.dataset.armed = "1"; b.textContent = t("split_confirm"); return; }
        decide(id, "split", withNote({ records: [r.id] }, ul), ul);
      } }) : "";
    ul.append(el("li", { class: "record-row", "data-source": r.source, "data-source-id": r.source_id }, head, el("div", { class: "meta", text: meta }), split));
  }
  if (EDITOR) { // an editor's decisions are kept and never undone by a re-run (docs/incidents.md)
    const other = el("input", { type: "number", min: "1", class: "merge-with", placeholder: t("incident_no"), "aria-label": t("lbl_merge_with") });
    const note = el("input", { type: "text", maxlength: "2000", class: "decision-note", placeholder: t("review_note"), "aria-label": t("review_note") });
    const merge = el("button", { type: "button", class: "merge-into", text: t("merge_into"),
      onclick: ev => {
        const b = ev.currentTarget, n = Number(other.value);
        if (!Number.isInteger(n) || n < 1) { showDecisionError(ul, t("merge_needs_number")); other.focus(); return; }
        if (b.dataset.armed !== String(n)) { b.dataset.armed = String(n); b.textContent = t("merge_confirm", { id: n }); return; }
        decide(id, "merge", withNote({ with: n }, ul), ul);
      } });
    other.addEventListener("input", () => { delete merge.dataset.armed; merge.textContent = t("merge_into"); });
    ul.append(el("li", { class: "editor-row" }, other, " ", merge, " ", note));
    // the suggested merges that involve this incident, each one click away
    const sug = await fetch("/api/incidents/suggestions?limit=5&incident=" + encodeURIComponent(id));
    for (const x of sug.ok ? (await sug.json()).items || [] : []) {
      const o = String(x.a.incident_id) === String(id) ? x.b : x.a;
      ul.append(el("li", { class: "suggest-row", "data-with": o.incident_id },
        el("span", { class: "meta", text: t("suggest_for", { id: o.incident_id }) + " " }),
        markLang(el("a", { href: "/incidents.html?incident=" + encodeURIComponent(o.incident_id), text: o.title || "#" + o.incident_id }), o.title),
        el("span", { class: "meta", text: " · " + t(SUGGEST_REASON[x.reason] || "suggest_refused", { s: x.score.toFixed(2) }) + " " }),
        el("button", { type: "button", class: "linklike suggest-merge-here", text: t("suggest_merge"), onclick: ev => {
          // asked twice: a merge by one click on a row read as text had joined two events (outside QA)
          const b = ev.currentTarget;
          if (!b.dataset.armed) { b.dataset.armed = "1"; b.textContent = t("suggest_merge_confirm", { id: o.incident_id }); return; }
          decide(id, "merge", { with: o.incident_id }, ul);
        } })));
    }
  }
  ul.hidden = false;
  if (button) button.setAttribute("aria-expanded", "true");
}
function showDecisionError(ul, text) {
  for (const old of ul.querySelectorAll(".decision-error")) old.remove(); // one message: the latest
  ul.append(el("li", { class: "meta error decision-error", role: "alert", text }));
}
// After a merge or split the editor sees its result: the incident that kept the records, opened.
// the editor's reason, kept with the decision (the box under the incident's records; none: no note)
function withNote(payload, ul) {
  const box = ul.querySelector("input.decision-note");
  const note = box ? box.value.trim() : "";
  return note ? Object.assign(payload, { note: note }) : payload;
}
async function decide(id, action, payload, ul) {
  const res = await send("POST", "/api/incidents/" + encodeURIComponent(id) + "/" + action, payload);
  const out = await res.json().catch(() => ({}));
  // the API's field name ("with：不能将事件与其自身合并") is no words on the page: the box is named by its label
  if (!res.ok) { showDecisionError(ul, String(out.detail || out.title || res.status).replace(/^(?:with|records)[:：]\s*/, "")); return; }
  loadDecisions();
  loadSuggestions();
  await showIncident(out.incident_id != null ? out.incident_id : id);
  document.getElementById("incident-summary").textContent = action === "merge"
    ? t("merged_done", { id: out.incident_id }) : t("split_done", { id: out.new_incident_id });
}

// In UTC as the other pages write times (fmtTime), not the browser's locale and zone unnamed; to the second, since a
// delivery's retry moves its next attempt by 30 s and "Send again" must show that it took
function when(iso) {
  const d = iso ? new Date(iso) : null;
  return !iso ? t("never") : isNaN(d) ? iso : d.toISOString().slice(0, 19).replace("T", " ") + " UTC";
}
// The feeds the monitor polls and what its last round did: where the early warnings come from.
async function loadSources() {
  const [st, feeds] = await Promise.all([
    fetch("/api/incidents/monitor").then(r => r.json()), fetch("/api/incidents/feeds").then(r => r.json())]);
  const wait = st.state === "waiting_for_lease" && st.waiting_for_lease; // this server's loop waits for another holder
  document.getElementById("monitor-status").textContent = t(wait ? "monitor_waiting" : st.running ? "monitor_running" : "monitor_stopped", {
    round: when(st.last_round_at), cluster: when(st.last_cluster_at), pending: st.pending_deliveries || 0,
    // the holder (host and pid) is shown to editors only; the public reads "another process"
    holder: !(wait && wait.holder) ? "" : currentLang() === "zh" ? "（" + wait.holder + "）" : " (" + wait.holder + ")",
    until: wait ? when(wait.until) : "" })
    + (!st.records_waiting_for_clustering ? "" : st.cluster_due_at ? t("records_waiting_due", { due: when(st.cluster_due_at) }) : t("records_waiting"));
  const ul = document.getElementById("feeds");
  ul.replaceChildren();
  await whoAmI();
  document.getElementById("feed-form").hidden = !EDITOR; // the secretariat chooses the sources
  const active = (feeds.items || []).filter(f => f.active);
  if (!active.length) { ul.append(el("li", { class: "meta", text: t(EDITOR ? "no_feeds_editor" : "no_feeds") })); return; }
  for (const f of active) {
    const href = safeUrl(f.url);
    const status = f.last_status ? t("feed_" + f.last_status.replace("-", "_")) : t("never_polled");
    const controls = [];
    if (EDITOR) {
      controls.push(el("button", { type: "button", class: "linklike feed-poll", text: t("poll_now"), onclick: async () =>
        feedDone(await send("POST", "/api/incidents/feeds/" + encodeURIComponent(f.id) + "/poll"), "poll_queued") }));
      const rm = el("button", { type: "button", class: "linklike feed-remove", text: t("remove"), onclick: async () => {
        if (!rm.dataset.armed) { rm.dataset.armed = "1"; rm.textContent = t("remove_confirm"); return; }
        feedDone(await send("DELETE", "/api/incidents/feeds/" + encodeURIComponent(f.id)), null);
      } });
      controls.push(" · ", rm);
    }
    ul.append(el("li", { class: "hit feed", "data-id": f.id, "data-status": f.last_status || "" },
      href ? el("a", { class: "hit-title", href, rel: "noopener noreferrer", text: f.name || f.url }) : el("span", { class: "hit-title", text: f.name || f.url }),
      // a feed never polled says so once ("not polled yet · polled never" said it twice)
      el("div", { class: "meta", text: t(f.last_polled_at ? "feed_line" : "feed_line_new", { status, polled: when(f.last_polled_at), n: f.items_added, every: Math.round(f.interval_seconds / 60) }) }),
      f.last_error ? el("div", { class: "meta feed-error", text: f.last_error }) : "",
      f.next_page ? el("div", { class: "meta feed-paging", text: t("feed_catching_up") }) : "",
      f.items_added ? feedItemsToggle(f.id) : "", controls.length ? el("div", {}, ...controls) : ""));
  }
}
const FEED_FIELDS = { url: ["feed_url", "ff-url"], name: ["feed_name", "ff-name"], interval_seconds: ["feed_every", "ff-every"] };
async function feedDone(res, okKey) {
  const status = document.getElementById("feed-status");
  const body = await res.json().catch(() => ({}));
  status.classList.toggle("error", !res.ok);
  // a URL already listed updates that feed (200, "updated"): said, not "Added", which read as a second feed
  const key = okKey === "feed_added" && body.outcome === "updated" ? "feed_updated" : okKey;
  status.textContent = res.ok ? (key ? t(key) : "") : (formProblem(body, FEED_FIELDS) || String(res.status));
  if (res.ok) loadSources();
  return res.ok;
}
document.getElementById("feed-form").addEventListener("submit", async e => {
  e.preventDefault();
  const minutes = Number(document.getElementById("ff-every").value || 15);
  const ok = await feedDone(await send("POST", "/api/incidents/feeds", { url: document.getElementById("ff-url").value.trim(),
    name: document.getElementById("ff-name").value.trim() || null, interval_seconds: Math.round(minutes * 60) }), "feed_added");
  if (ok) { document.getElementById("ff-url").value = ""; document.getElementById("ff-name").value = ""; }
});
// What a feed brought in, newest first, each with the incident it was merged into.
function feedItemsToggle(id) {
  const ul = el("ul", { class: "records feed-items", id: uid("feed-items"), hidden: "" });
  const button = el("button", { type: "button", class: "linklike feed-items-toggle", text: t("feed_items"), "aria-expanded": "false", "aria-controls": ul.id, onclick: async () => {
    button.setAttribute("aria-expanded", String(ul.hidden));
    if (!ul.hidden) { ul.hidden = true; return; }
    const body = await (await fetch("/api/incidents/feeds/" + encodeURIComponent(id) + "/items?limit=20")).json();
    ul.replaceChildren();
    for (const r of body.items || []) {
      const href = safeUrl(r.url);
      const head = href ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: r.title || r.url }) : el("span", { text: r.title || "" });
      const meta = [r.outlet, r.date, domainLabel(r.risk_domain), r.incident_id ? t("in_incident", { id: r.incident_id }) : t("not_clustered")].filter(Boolean).join(" · ");
      ul.append(el("li", { class: "record-row", "data-record": r.id }, head, el("div", { class: "meta", text: meta })));
    }
    ul.hidden = false;
  } });
  return el("div", {}, button, ul);
}

// Who is signed in (a session with its CSRF token), asked once; the public gets {} or role "public".
let ME = null, EDITOR = null;
async function whoAmI() {
  if (ME === null) {
    ME = await fetch("/api/filings/me").then(r => r.ok ? r.json() : {}).catch(() => ({}));
    if (!ME.csrf) ME = {};
    EDITOR = ["admin", "reviewer", "editor"].includes(ME.role) ? ME : false;
  }
  return ME;
}
async function send(method, url, payload) {
  return fetch(url, { method, headers: { "Content-Type": "application/json", "X-CSRF-Token": ME.csrf || "" },
    body: payload === undefined ? undefined : JSON.stringify(payload) });
}

// Topics: the keyword queries incidents are counted by. Anyone signed in defines their own and changes them; an editor
// changes any (also the built-in military topic, which is never deleted). Every change is kept (GET …/history).
let editingTopic = null;
// a term per line, or separated by ; ；，、 (a line break had been sent inside a term and refused as an invisible character)
function terms(s) { return s.split(/[;；，、\r\n]+/).map(x => x.trim()).filter(Boolean); }
async function loadTopics() {
  await whoAmI();
  const body = await (await fetch("/api/incidents/topics")).json();
  const ul = document.getElementById("topics");
  ul.replaceChildren();
  for (const tp of body.items || []) {
    const may = ME.csrf && (EDITOR || (!tp.builtin && ME.id === tp.created_by));
    const changes = el("ul", { class: "records topic-changes", id: uid("topic-changes"), hidden: "" });
    const buttons = [
      el("button", { type: "button", class: "linklike topic-trend", text: t("topic_trend"), onclick: () => {
        document.getElementById("trend-topic").value = tp.id; drawTrend();
        document.getElementById("trend-panel").scrollIntoView(); } }),
      el("button", { type: "button", class: "linklike topic-changes-toggle", "aria-expanded": "false", "aria-controls": changes.id, text: t("topic_changes"), onclick: ev => {
        ev.currentTarget.setAttribute("aria-expanded", String(changes.hidden));
        topicChanges(tp.id, changes);
      } })];
    if (may) buttons.push(el("button", { type: "button", class: "linklike topic-edit", text: t("edit"), onclick: () => editTopic(tp) }));
    if (may && !tp.builtin) {
      const del = el("button", { type: "button", class: "linklike topic-delete", text: t("delete"), onclick: async () => {
        if (!del.dataset.armed) { del.dataset.armed = "1"; del.textContent = t("delete_confirm"); return; }
        topicDone(await send("DELETE", "/api/incidents/topics/" + encodeURIComponent(tp.id)), "topic_deleted");
      } });
      buttons.push(del);
    }
    // the terms it counts first, in both languages; its exclusions ("-defense lawyer", some 30 for the military topic) folded after them
    const all = (tp.terms_en || []).concat(tp.terms_zh || []);
    const included = [(tp.terms_en || []).filter(x => !x.startsWith("-")).join("; "), (tp.terms_zh || []).filter(x => !x.startsWith("-")).join("; ")].filter(Boolean).join(" | ");
    const excluded = all.filter(x => x.startsWith("-")).map(x => x.substring(1));
    ul.append(el("li", { class: "hit topic", "data-id": tp.id },
      el("span", { class: "hit-title", text: pick(tp.name) }), el("span", { class: "meta", text: " " + tp.id + (tp.builtin ? " · " + t("builtin") : "") }),
      el("div", { class: "snippet topic-terms", text: included }),
      excluded.length ? el("details", { class: "topic-exclusions" }, el("summary", { text: t("exclusions_n", { n: excluded.length }) }),
        el("div", { class: "snippet", text: excluded.join("; ") })) : "",
      el("div", {}, ...buttons.flatMap((b, i) => i ? [" · ", b] : [b])), changes));
  }
  document.getElementById("topic-new").hidden = !ME.csrf;
}
// the store's own changes by name in the page's language ("seed" and "migration" are the product shipping or upgrading a topic)
function actorLabel(by) {
  if (by === "seed") return t("actor_seed");
  if (by === "migration") return t("actor_migration");
  return by || "";
}
async function topicChanges(id, ul) {
  if (!ul.hidden) { ul.hidden = true; return; }
  const body = await (await fetch("/api/incidents/topics/" + encodeURIComponent(id) + "/history")).json();
  const act = { create: "topic_created", update: "topic_updated", delete: "topic_deleted_action" };
  ul.replaceChildren();
  for (const c of body.items || []) {
    ul.append(el("li", { class: "record-row" },
      el("div", { class: "meta", text: t("topic_change_line", { when: when(c.changed_at), action: t(act[c.action] || c.action), by: actorLabel(c.changed_by) }) }),
      el("div", { text: [pick(c.name), (c.terms_en || []).join("; "), (c.terms_zh || []).join("; ")].filter(Boolean).join(" | ") })));
  }
  ul.hidden = false;
}
function editTopic(tp) {
  editingTopic = tp ? tp.id : null;
  const f = document.getElementById("topic-form");
  document.getElementById("tf-id").value = tp ? tp.id : "";
  document.getElementById("tf-id").disabled = !!tp;
  document.getElementById("tf-name-en").value = tp ? tp.name.en : "";
  document.getElementById("tf-name-zh").value = tp && tp.name.zh !== tp.name.en ? tp.name.zh : "";
  document.getElementById("tf-terms-en").value = tp ? (tp.terms_en || []).join("; ") : "";
  document.getElementById("tf-terms-zh").value = tp ? (tp.terms_zh || []).join("; ") : "";
  document.getElementById("topic-status").textContent = "";
  f.hidden = false;
  // into the form it opened: a keyboard or screen-reader user was left on the button, the form somewhere below (outside QA)
  document.getElementById(tp ? "tf-name-en" : "tf-id").focus();
}
// A refusal as the form says it: the field by its label ("标题：…", not "title：…"), its input marked and focused.
// fields: API field → [label key, input id].
function formProblem(body, fields, fallback) {
  const f = body.field;
  // the API's pointer to its own list ("; GET /api/incidents/topics lists them") means nothing on the page, whose menu is that list
  const detail = String(body.detail || body.title || fallback || "").replace(/\s*[;；]\s*GET \/api\/[^;；]*$/, "")
    .replace(/\s*(?:or a label|或)\s*GET \/api\/\S+\s*(?:lists|列出的标签)/, "");
  document.querySelectorAll("[aria-invalid='true']").forEach(x => x.removeAttribute("aria-invalid"));
  if (!f || !fields[f] || !detail) return detail;
  const [key, input] = fields[f], box = document.getElementById(input);
  if (box) { box.setAttribute("aria-invalid", "true"); box.focus(); }
  return detail.replace(new RegExp("^" + f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[:：]\\s*"), t(key) + colonSep());
}
function colonSep() { return currentLang() === "zh" ? "：" : ": "; }
// a field marked by a refusal is unmarked once it is edited (it had stayed marked after a corrected, successful send)
for (const ev of ["input", "change"]) document.addEventListener(ev, e => { if (e.target && e.target.removeAttribute) e.target.removeAttribute("aria-invalid"); });
const TOPIC_FIELDS = { id: ["topic_id", "tf-id"], name_en: ["name_en", "tf-name-en"], name_zh: ["name_zh", "tf-name-zh"],
  terms_en: ["terms_en", "tf-terms-en"], terms_zh: ["terms_zh", "tf-terms-zh"] };
const SUB_FIELDS = { webhook_url: ["webhook_url_label", "sub-webhook"] };
const CHART_FIELDS = { granularity: ["granularity", "granularity"], split: ["split_by", "trend-split"], topic: ["topic", "trend-topic"],
  country: ["chart_country", "trend-country"], risk_domain: ["chart_risk_domain", "trend-risk_domain"] };
const SEARCH_FIELDS = { q: ["lbl_query", "iq"], from: ["from_date", "f-from"], to: ["to_date", "f-to"], sort: ["lbl_sort", "f-sort"],
  topic: ["topic", "f-topic"], country: ["chart_country", "f-country"], risk_domain: ["chart_risk_domain", "f-risk_domain"],
  source: ["lbl_source", "f-source"], sector: ["lbl_sector", "f-sector"], harm_type: ["lbl_harm_type", "f-harm_type"], risk_layer: ["lbl_risk_layer", "f-risk_layer"] };
const REPORT_FIELDS = { title: ["report_title", "rf-title"], url: ["report_url", "rf-url"], published: ["report_date", "rf-date"],
  outlet: ["report_outlet", "rf-outlet"], text: ["report_text", "rf-text"] };
async function topicDone(res, okKey) {
  const status = document.getElementById("topic-status");
  if (!res.ok) {
    const err = await res.json().catch(() => ({}));
    status.textContent = formProblem(err, TOPIC_FIELDS, String(res.status));
    status.classList.add("error");
    return;
  }
  status.classList.remove("error");
  // what the topic will not count (no English or no Chinese term), with the glossary's translations to add
  const saved = await res.json().catch(() => ({}));
  const notes = (saved.notes || []).map(n => n[currentLang() === "zh" ? "zh" : "en"]);
  status.textContent = [t(okKey)].concat(notes).join(" ");
  document.getElementById("topic-form").hidden = true;
  editingTopic = null;
  await loadFacets();
  loadTopics();
}
document.getElementById("topic-new").addEventListener("click", () => editTopic(null));
document.getElementById("tf-cancel").addEventListener("click", () => { document.getElementById("topic-form").hidden = true; editingTopic = null; });
document.getElementById("topic-form").addEventListener("submit", async e => {
  e.preventDefault();
  const payload = { name_en: document.getElementById("tf-name-en").value, name_zh: document.getElementById("tf-name-zh").value,
    terms_en: terms(document.getElementById("tf-terms-en").value), terms_zh: terms(document.getElementById("tf-terms-zh").value) };
  if (editingTopic) topicDone(await send("PUT", "/api/incidents/topics/" + encodeURIComponent(editingTopic), payload), "topic_saved");
  else topicDone(await send("POST", "/api/incidents/topics", Object.assign({ id: document.getElementById("tf-id").value }, payload)), "topic_saved");
});

// Editors' merges and splits, newest first: what was changed by hand, by whom and why (the bookkeeping rows of merges and splits are left out).
async function loadDecisions() {
  const body = await (await fetch("/api/incidents/decisions?limit=50")).json();
  const ol = document.getElementById("decisions");
  ol.replaceChildren();
  const shown = (body.items || []).filter(x => x.part_of == null).slice(0, 10);
  if (!shown.length) { ol.append(el("li", { class: "meta", text: t("no_decisions") })); return; }
  // an unpublished report (waiting for review, or rejected) comes without its title
  const rec = (title, inc, outside) => inc ? markLang(el("a", { href: "/incidents.html?incident=" + encodeURIComponent(inc), text: (title || "") + " (#" + inc + ")" }), title)
    : el("span", { class: "decision-outside", text: (title ? title + " (" : "(") + t(outside === "rejected" ? "report_rejected_outside"
      : outside === "pending" ? "report_pending_outside" : "not_clustered") + ")" });
  for (const x of shown) {
    ol.append(el("li", { class: "hit decision", "data-kind": x.kind },
      el("div", { class: "hit-title", text: t(x.kind === "must_link" ? "decision_merge" : x.action === "apart" ? "decision_apart" : "decision_split") }),
      el("div", {}, rec(x.title_a, x.incident_a, x.outside_a), x.kind === "must_link" ? " + " : " ⟂ ", rec(x.title_b, x.incident_b, x.outside_b)),
      el("div", { class: "meta", text: t("decision_line", { when: when(x.created_at), by: x.editor || "" }) + (x.superseded_by ? " · " + t("decision_replaced") : "") }),
      x.note ? el("div", { class: "snippet", text: x.note }) : ""));
  }
}

// Alert subscriptions of whoever is signed in: to the chart's series, by webhook or by the subscription's Atom feed.
async function loadSubscriptions() {
  await whoAmI();
  const box = document.getElementById("subscribe-box");
  box.hidden = !ME.csrf;
  document.getElementById("signin-hint").hidden = !!ME.csrf; // the forms signing in opens, said where they would be
  signinReturn();
  if (!ME.csrf) return;
  const res = await fetch("/api/incidents/subscriptions");
  const ul = document.getElementById("subscriptions");
  ul.replaceChildren();
  const mine = res.ok ? ((await res.json()).items || []).filter(x => x.active && x.created_by === ME.id) : [];
  if (!mine.length) ul.append(el("li", { class: "meta", text: t("no_subscriptions") }));
  for (const x of mine) {
    const stop = el("button", { type: "button", class: "linklike sub-stop", text: t("stop"), onclick: async () => {
      // asked twice, as removing a feed or a topic is: it cancels the deliveries still waiting (outside QA)
      if (!stop.dataset.armed) { stop.dataset.armed = "1"; stop.textContent = t("stop_confirm"); return; }
      const r = await send("DELETE", "/api/incidents/subscriptions/" + encodeURIComponent(x.id));
      if (r.ok) loadSubscriptions(); else document.getElementById("subscribe-status").textContent = (await r.json().catch(() => ({}))).detail || String(r.status);
    } });
    const log = el("ol", { class: "delivery-log", id: uid("deliveries"), hidden: true });
    // a toggle says whether it is open (a screen reader heard only its words; outside QA)
    const toggle = x.webhook_url ? el("button", { type: "button", class: "linklike sub-log", "aria-expanded": "false", "aria-controls": log.id, text: t("sub_log"), onclick: async () => {
      toggle.setAttribute("aria-expanded", String(log.hidden));
      if (!log.hidden) { log.hidden = true; toggle.textContent = t("sub_log"); return; }
      await showDeliveries(x.id, log);
      log.hidden = false;
      toggle.textContent = t("sub_log_hide");
    } }) : "";
    ul.append(el("li", { class: "hit subscription", "data-id": x.id },
      el("a", { class: "hit-title", href: "/api/incidents/subscriptions/" + encodeURIComponent(x.id) + "/feed.atom", text: seriesLabel(x.series) }),
      x.webhook_url ? el("div", { class: "meta", text: x.webhook_url.replace(/^(https?:\/\/[^/]+).*/i, "$1/…") }) : "",
      // apart by a dot, as a topic's actions are: side by side they read "Stop Deliveries" (outside QA)
      el("div", { class: "meta", text: t("sub_line", { delivered: x.delivered, pending: x.pending, failed: x.failed }) }), stop, toggle ? " · " : "", toggle, log));
  }
}

// A subscription's deliveries, newest first, each with its latest attempt; one that waits or was given up can be sent again.
async function showDeliveries(sub, log) {
  const res = await fetch("/api/incidents/subscriptions/" + encodeURIComponent(sub) + "/deliveries?limit=100");
  const rows = res.ok ? ((await res.json()).items || []) : [];
  const latest = new Map(); // the log has a row per attempt, newest first
  for (const r of rows) if (!latest.has(r.delivery_id)) latest.set(r.delivery_id, r);
  log.replaceChildren();
  if (!latest.size) log.append(el("li", { class: "meta", text: t("no_deliveries") }));
  for (const d of latest.values()) {
    const state = d.status === "delivered" ? t("dl_delivered", { at: when(d.delivered_at) })
      : d.status === "failed" ? t("dl_failed") : d.status === "cancelled" ? t("dl_cancelled") : d.sending_until ? t("dl_sending")
      : d.waiting_behind ? t("dl_behind", { alert: d.waiting_behind_alert })
      : t("dl_pending", { at: when(d.next_attempt_at) }) + (d.send_interrupted ? " · " + t("dl_interrupted") : "");
    const last = [d.http_status, d.error].filter(v => v !== undefined && v !== null && v !== "").join(" · ");
    const again = d.status === "delivered" ? "" : el("button", { type: "button", class: "linklike dl-retry", text: t("send_again"), onclick: async () => {
      const r = await send("POST", "/api/incidents/deliveries/" + encodeURIComponent(d.delivery_id) + "/retry");
      if (r.ok) await showDeliveries(sub, log);
      else document.getElementById("subscribe-status").textContent = (await r.json().catch(() => ({}))).detail || String(r.status);
    } });
    log.append(el("li", { class: "meta delivery", "data-id": d.delivery_id, "data-status": d.status },
      t("dl_line", { alert: d.alert_id, state, attempts: d.attempts }), last ? " · " + t("dl_last", { last }) : "", " ", again));
  }
}
document.getElementById("subscribe-form").addEventListener("submit", async e => {
  e.preventDefault();
  const webhook = document.getElementById("sub-webhook").value.trim();
  const series = alertSeries();
  const res = await send("POST", "/api/incidents/subscriptions", { name: seriesLabel(series), series, webhook_url: webhook || null });
  const body = await res.json().catch(() => ({}));
  const status = document.getElementById("subscribe-status");
  status.classList.toggle("error", !res.ok);
  status.textContent = !res.ok ? formProblem(body, SUB_FIELDS, String(res.status)) : body.secret ? t("subscribed_secret", { secret: body.secret }) : t("subscribed");
  if (res.ok) { document.getElementById("sub-webhook").value = ""; loadSubscriptions(); }
});

// Anyone may report an incident: without a session it is stored as an anonymous report and waits for an editor.
document.getElementById("report-form").addEventListener("submit", async e => {
  e.preventDefault();
  const v = id => document.getElementById(id).value.trim();
  const payload = { title: v("rf-title"), url: v("rf-url") || null, published: v("rf-date") || null, outlet: v("rf-outlet") || null,
    text: v("rf-text") || null }; // the language is told from the text, not from the page
  const res = await send("POST", "/api/incidents/reports", payload);
  // a body over the server's 1 MiB is refused before any field is read: the text is what makes it that large
  const body = res.status === 413 ? { field: "text", detail: "text" + colonSep() + t("report_too_large") } : await res.json().catch(() => ({}));
  const status = document.getElementById("report-status");
  status.classList.toggle("error", !res.ok);
  status.textContent = !res.ok ? formProblem(body, REPORT_FIELDS, String(res.status))
    : body.outcome !== "inserted" ? t("report_known") : body.review === "pending" ? t("report_thanks") : t("report_recorded");
  if (res.ok) { document.getElementById("report-form").reset(); if (EDITOR) loadReviews(); }
});

// Suggested merges, for editors: the pairs the automatic linkage left apart that are worth a look (docs/incidents.md).
const SUGGEST_REASON = { near_threshold: "suggest_near", refused_by_rule: "suggest_refused", same_monitor: "suggest_same" };
let suggestLimit = 10; // "More" adds ten; a decision reloads as many as were shown
async function loadSuggestions() {
  const panel = document.getElementById("suggest-panel");
  await whoAmI();
  panel.dataset.checked = "1";
  if (!EDITOR) { panel.hidden = true; return; }
  const reason = document.getElementById("suggest-reason").value;
  const res = await fetch("/api/incidents/suggestions?limit=" + suggestLimit + (reason ? "&reason=" + encodeURIComponent(reason) : ""));
  if (!res.ok) { panel.hidden = true; return; }
  const body = await res.json();
  panel.hidden = false;
  const ol = document.getElementById("suggestions");
  ol.replaceChildren();
  document.getElementById("suggest-more").hidden = (body.items || []).length < suggestLimit || suggestLimit >= 100;
  if (!(body.items || []).length) { ol.append(el("li", { class: "meta", text: t("suggest_none") })); return; }
  const side = x => el("div", {}, markLang(el("a", { href: "/incidents.html?incident=" + encodeURIComponent(x.incident_id), text: (x.title || "") + " (#" + x.incident_id + ")" }), x.title),
    el("span", { class: "meta", text: " · " + recordSource(x) }));
  const status = document.getElementById("suggest-status");
  for (const x of body.items) {
    const act = (url, payload, done) => el("button", { type: "button", class: done === "suggest_merged" ? "suggest-merge" : "suggest-apart",
      text: t(done === "suggest_merged" ? "suggest_merge" : "suggest_apart"), onclick: async () => {
        const r = await send("POST", url, payload);
        const out = await r.json().catch(() => ({}));
        status.textContent = r.ok ? t(done, { id: out.incident_id }) : out.detail || out.title || String(r.status);
        if (!r.ok) return;
        loadSuggestions();
        loadDecisions();
        if (done === "suggest_merged") await showIncident(out.incident_id); // the merged incident, as after any merge
      } });
    ol.append(el("li", { class: "hit suggestion", "data-a": x.a.record_id, "data-b": x.b.record_id }, side(x.a), side(x.b),
      el("div", { class: "meta", text: t(SUGGEST_REASON[x.reason] || "suggest_refused", { s: x.score.toFixed(2) }) }),
      el("div", {}, act("/api/incidents/" + encodeURIComponent(x.a.incident_id) + "/merge", { with: x.b.incident_id }, "suggest_merged"), " ",
        act("/api/incidents/suggestions/keep-apart", { record_a: x.a.record_id, record_b: x.b.record_id }, "suggest_kept_apart"))));
  }
}
const REVIEW_FIELDS = ["deployers", "developers", "systems", "harmed", "countries", "sectors", "harm_types", "authors", "language"];
function reviewFields(r) {
  const dl = el("dl", { class: "review-fields" });
  for (const f of REVIEW_FIELDS) if (r[f]) dl.append(el("dt", { text: t("rv_" + f) }), el("dd", { "data-field": f, text: r[f] }));
  return dl.childElementCount ? dl : "";
}
// Reports waiting for an editor (anonymous ones, and those of accounts other than editors): shown to a signed-in editor (the secretariat's session, with its CSRF token).
async function loadReviews() {
  const panel = document.getElementById("review-panel");
  await whoAmI();
  panel.dataset.checked = "1"; // whether to show it is known (tests wait for this)
  if (!EDITOR) { panel.hidden = true; return; }
  const res = await fetch("/api/incidents/reports/pending?limit=20");
  if (!res.ok) { panel.hidden = true; return; }
  const body = await res.json();
  panel.hidden = false;
  document.getElementById("review-summary").textContent = t("review_n", { n: body.total });
  const ol = document.getElementById("review");
  ol.replaceChildren();
  for (const r of body.items || []) {
    const href = safeUrl(r.url);
    const head = href ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: r.title || r.url }) : el("span", { text: r.title || "" });
    // the reason kept with the decision (the API took one; the page had no field for it)
    const note = el("input", { type: "text", class: "review-note", maxlength: "500", placeholder: t("review_note"), "aria-label": t("review_note") });
    const decide = decision => el("button", { type: "button", class: "review-" + decision, text: t("review_" + decision), onclick: async ev => {
      // a rejection takes a report off the record: asked twice, as removing a feed is (one click had done it; outside QA)
      if (decision === "reject" && !ev.currentTarget.dataset.armed) { ev.currentTarget.dataset.armed = "1"; ev.currentTarget.textContent = t("review_reject_confirm"); return; }
      const why = note.value.trim();
      const resp = await send("POST", "/api/incidents/reports/" + encodeURIComponent(r.id) + "/review", why ? { decision, note: why } : { decision });
      if (resp.ok) loadReviews();
      else document.getElementById("review-summary").textContent = (await resp.json()).detail || "error";
    } });
    ol.append(el("li", { class: "hit review-item", "data-id": r.id }, head,
      el("div", { class: "meta", text: [r.submitted_by ? t("review_by", { who: r.submitted_by }) : t("review_anon"), r.date, r.outlet,
        domainLabel(r.risk_domain)].filter(Boolean).join(" · ") }),
      // every field the sender gave, since accepting publishes them as they are
      reviewFields(r),
      r.text ? (r.text.length > 300 ? el("details", { class: "snippet" }, el("summary", { text: r.text.substring(0, 300) + "…" }), el("p", { text: r.text }))
        : el("p", { class: "snippet", text: r.text })) : "",
      el("div", {}, note, " ", decide("accept"), " ", decide("reject"))));
  }
}

const STATUS_LINES = ["subscribe-status", "feed-status", "topic-status", "report-status", "suggest-status"];
// a submit the browser's own check blocks sends nothing: the form's last answer, about earlier input, is cleared
document.addEventListener("invalid", e => {
  const form = e.target && e.target.form;
  const status = form && form.id ? document.getElementById(form.id.replace(/-form$/, "-status")) : null;
  if (status) { status.textContent = ""; status.classList.remove("error"); }
}, true);
// a page restored by Back from the browser's cache shows what was true when it was left (a merged incident, say): read anew
window.addEventListener("pageshow", e => { if (e.persisted) location.reload(); });
function renderAll() {
  for (const id of STATUS_LINES) document.getElementById(id).textContent = "";
  for (const e of document.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  if (!inc.last) { if (showingIncident) showIncident(showingIncident); else searchIncidents(false); }
  drawTrend(); loadSources(); loadReviews(); loadSuggestions(); loadDecisions(); loadFacets().then(() => { drawTrend(); loadAlerts(); loadTopics(); loadSubscriptions(); renderIncidents(true); }); }
document.getElementById("trend-form").addEventListener("change", drawTrend);
document.getElementById("incident-form").addEventListener("submit", e => { e.preventDefault(); searchIncidents(false); });
for (const sel of document.querySelectorAll("#incident-form select, #incident-form input[type=date]")) sel.addEventListener("change", () => searchIncidents(false));
document.getElementById("incident-more").addEventListener("click", () => searchIncidents(true));
document.getElementById("suggest-reason").addEventListener("change", () => loadSuggestions());
document.getElementById("suggest-more").addEventListener("click", () => { suggestLimit = Math.min(100, suggestLimit + 10); loadSuggestions(); });
(async () => {
  const p = new URLSearchParams(location.search);
  showingIncident = p.get("incident"); // kept in the address while the page opens it
  applyI18n();
  onLangToggle(renderAll);
  // drawn at once, unless the address names a view: that is drawn when its selects are restored, never first as
  // all incidents (a shared link to the military chart listed all incidents' spikes for a moment)
  if (![...p.keys()].some(k => k.startsWith("chart_"))) drawTrend();
  await loadFacets(); // topic names first: alerts and results show them
  captureDefaults();
  restoreView(p); // the selects hold their options now
  ignoredTerms = unheldTerms(p);
  searchedParams = incidentParams();
  drawTrend();
  loadAlerts();
  loadSources();
  loadTopics();
  loadSubscriptions();
  loadDecisions();
  await whoAmI(); // whether the viewer is an editor decides the controls under an incident's records
  loadReviews();
  loadSuggestions();
  // a link to an incident or to a search lands on it, not on the chart above it
  const linked = p.get("incident") || [...incidentParams().keys()].length > 0;
  if (p.get("incident")) await showIncident(p.get("incident"));
  else await searchIncidents(false);
  restoring = false;
  if (linked) {
    await trendReady;
    document.getElementById("incident-panel").scrollIntoView();
    document.getElementById("incident-panel").dataset.scrolled = "1"; // tests wait for this
  }
})();
