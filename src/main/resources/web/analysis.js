// The assessment page: regime complex, governance paths and military-AI participation from /api/analysis/*.
// Tables are the API's own tables (the rows its CSV gives); charts are SVG drawn here from the same data.
Object.assign(I18N.en, {
an_title: "Assessment of the AI-governance regime complex",
  an_intro: "Every table and chart is computed from the registry's records; each gives its data back as CSV.",
  an_scope: "Records", an_scope_all: "All records", an_scope_seed: "Seed papers only", an_scope_no_agora: "All but the AGORA imports",
  an_report: "Printable report:", an_report_html: "HTML", an_report_pdf: "PDF", an_report_slow: "(written on request: up to a minute)",
  an_tab_complex: "Regime complex", an_tab_paths: "Governance paths", an_tab_military: "Military-AI participation",
  an_complex_help: "International institutions and how they relate: nested, overlapping, parallel or disjoint; fragmentation and convergence over time; who sits at the core; which risk layers each organisational form covers; who is represented.",
  an_paths_help: "Profiles of each jurisdiction's instruments and institutions, and its placement on the power, security or development path, compared with the seed.",
  an_military_help: "Who develops military AI systems — government military, traditional defence firms or new commercial firms — by country and deployment type, from the bundled dataset of the systems the seed names (the scope does not apply to it).",
  an_loading: "Computing the analysis…", an_jurisdictions: "Jurisdictions (codes, comma-separated)", an_compare: "Compare",
  an_seed_default: "The seed's seven", an_jurisdictions_hint: "e.g. US, EU, GB (United Kingdom), IN, CN, JP, RU; at most 60",
  an_csv: "Data (CSV)", an_table_csv: "Table as CSV", an_all_csv: "All tables of this analysis (CSV)", an_show_all: "Show all {n} rows",
  an_err_unknown_jurisdiction: "Unknown jurisdiction '{value}': use the codes the registry uses, e.g. US, EU, GB (the United Kingdom), CN.",
  an_err_too_many: "Give at most 60 different jurisdictions (got {got}).",
  an_rows_shown: "{shown} of {n} rows", an_no_rows: "No rows.", an_error: "The analysis failed: {detail}", an_yes: "yes", an_no: "no",
  an_chart_pairs: "Pairs of institutions by relation", an_chart_fragmentation: "Fragmentation of the regime complex over time",
  an_chart_convergence: "Convergence: builds-on links and the longest chain", an_chart_similarity: "Convergence: mean text similarity of normative instruments",
  an_chart_core: "Core and periphery: degree of the most central nodes (k-core number in brackets)",
  an_chart_coverage: "Institutions covering each risk layer, by organisational form",
  an_chart_representation: "Developing-country representation relative to the registry's states (1 = proportional)",
  an_chart_network: "Network of institutions: nested and overlapping pairs", an_network_help: "Circles are institutions (larger = more links); hover for the name, click to open the record. The whole registry as a graph:",
  an_graphml: "GraphML export", an_chart_paths: "Profiles compared: shares of each jurisdiction's instruments",
  an_chart_paths_n: "Instruments per jurisdiction", an_chart_military: "Developer-type shares within each deployment type (the seed's figures 2–5)",
  an_gaps: "Coverage gaps (risk layer × form with no institution): {gaps}", an_agree: "{agree} of {n} placements agree with the seed.",
  an_notes: "Method notes", an_all_years: "All (undated too)", an_neither: "Neither (bills, unclassified)", // values
  // columns
  });
Object.assign(I18N.zh, {
an_title: "人工智能治理机制复合体评估",
  an_intro: "所有表格和图表均由注册库记录计算得出；每一项都可以导出为 CSV 数据。",
  an_scope: "记录范围", an_scope_all: "全部记录", an_scope_seed: "仅种子论文所涉记录", an_scope_no_agora: "不含 AGORA 导入记录",
  an_report: "可打印报告：", an_report_html: "网页版", an_report_pdf: "PDF 版", an_report_slow: "（按需生成：最长约一分钟）",
  an_tab_complex: "机制复合体", an_tab_paths: "治理路径", an_tab_military: "人工智能军事化参与",
  an_complex_help: "国际机制及其相互关系：嵌套、重叠、平行或互不相交；碎片化与趋同随时间的变化；谁处于核心；各组织形式覆盖哪些风险层次；成员的代表性。",
  an_paths_help: "各法域治理文件与机构的特征，以及其在权力、安全或发展路径上的归类，并与种子论文对照。",
  an_military_help: "人工智能军事系统由谁开发——政府军事部门、传统军工企业还是新式商业主体——按国家和部署类型统计，数据来自种子论文所列系统的内置数据集（记录范围不影响该数据）。",
  an_loading: "正在计算分析……", an_jurisdictions: "法域（代码，以逗号分隔）", an_compare: "比较",
  an_seed_default: "种子论文的七个法域", an_jurisdictions_hint: "例如 US、EU、GB（英国）、IN、CN、JP、RU；最多 60 个",
  an_csv: "数据（CSV）", an_table_csv: "表格数据（CSV）", an_all_csv: "本分析全部表格（CSV）", an_show_all: "显示全部 {n} 行",
  an_err_unknown_jurisdiction: "未知的法域“{value}”：请使用注册库所用的代码，例如 US、EU、GB（英国）、CN。",
  an_err_too_many: "最多可比较 60 个不同的法域（现为 {got} 个）。",
  an_rows_shown: "显示 {shown} / {n} 行", an_no_rows: "没有数据。", an_error: "分析失败：{detail}", an_yes: "是", an_no: "否",
  an_chart_pairs: "机制对关系分类", an_chart_fragmentation: "机制复合体碎片化指数随时间变化",
  an_chart_convergence: "趋同：承继关系数量与最长承继链", an_chart_similarity: "趋同：规范性文件的平均文本相似度",
  an_chart_core: "核心与边缘：最核心节点的度数（括号内为 k 核数）",
  an_chart_coverage: "各风险层次的覆盖机构数（按组织形式）",
  an_chart_representation: "发展中国家代表性相对于注册库国家基线（1 = 按比例）",
  an_chart_network: "机制网络：嵌套与重叠关系", an_network_help: "圆点代表国际机制（越大关联越多）；悬停可见名称，点击打开记录。整个注册库的关系图：",
  an_graphml: "GraphML 导出", an_chart_paths: "特征比较：各法域文件中各类文件的占比",
  an_chart_paths_n: "各法域的文件数量", an_chart_military: "各部署类型中各类开发主体的占比（对应原文图2–5）",
  an_gaps: "覆盖空白（无任何机制覆盖的风险层次 × 组织形式）：{gaps}", an_agree: "{n} 个归类中有 {agree} 个与种子论文一致。",
  an_notes: "方法说明", an_all_years: "全部（含无日期）", an_neither: "两者皆非（法案、未归类）", });

const ANALYSES = ["complex", "paths", "military"];
const DEFAULT_JURISDICTIONS = "US,EU,GB,IN,CN,JP,RU";
const COLORS = ["#0b5cad", "#d9822b", "#2e8b57", "#a23b72", "#7a7a7a", "#c0392b", "#5e4fa2", "#1b9e9e", "#b8860b"];
const MAX_ROWS = 60; // a longer table shows its first rows and a button for the rest
const VALUE_COLUMNS = new Set(["kind", "computed_path", "seed_path", "computed_type", "seed_type", "deployment", "developer_type",
  "risk_layer", "dimension", "factor", "indicator", "function"]);
const CODE_LIST_COLUMNS = new Set(["by_type", "actors_by_type"]);
const state = { tab: "complex", scope: "all", jurisdictions: DEFAULT_JURISDICTIONS, data: {}, seq: {} };

function tv(v) { const k = "v_" + v; return I18N.en[k] ? t(k) : String(v); }
function colLabel(c) { const k = "c_" + c; return I18N.en[k] ? t(k) : (label("org_form", c) !== c ? label("org_form", c) : c); }
// digits: decimals shown (a table passes one count per column, so 0.250 does not sit beside 0); integers keep none unless asked
function fmtNum(x, digits) {
  if (typeof x !== "number") return x == null ? "" : String(x);
  const d = Number.isInteger(x) && digits == null ? 0 : digits == null ? 3 : digits;
  return x.toLocaleString(currentLang() === "zh" ? "zh-CN" : "en", { minimumFractionDigits: d, maximumFractionDigits: d });
}
function nameOf(data, key) { const n = (data.names || {})[key]; return n ? pick(n) || key : key; }
// a record named in the page's language (its id in the tooltip), linked to its page
function recordLink(data, id, text) {
  const n = (data.names || {})[id];
  if (!n) return document.createTextNode(text || id || "");
  return el("a", { href: "/record.html?id=" + encodeURIComponent(n.id), class: "record-link", "data-id": n.id, title: n.id, text: text || pick(n) || id });
}
function jurLabel(data, code) { const n = (data.names || {})[code]; return n ? pick(n) + punctParen(code) : code; }
function riskLabel(code) { return I18N.en["v_" + code] ? tv(code) : label("risk_categories", code); }

// ---------- API ----------
function query(name, extra) {
  const p = new URLSearchParams();
  if (state.scope !== "all") p.set("scope", state.scope);
  if (name === "paths") p.set("jurisdictions", state.jurisdictions);
  for (const k in (extra || {})) p.set(k, extra[k]);
  const s = p.toString();
  return "/api/analysis/" + name + (s ? "?" + s : "");
}
// bom: a spreadsheet opened by double-click then reads the Chinese names as UTF-8
function csvUrl(name, table) { return query(name, table ? { format: "csv", table, bom: "true" } : { format: "csv", bom: "true" }); }
function key(name) { return name + "|" + state.scope + "|" + (name === "paths" ? state.jurisdictions : ""); }

async function load(name) {
  const sec = document.getElementById(name);
  const k = key(name);
  const my = (state.seq[name] || 0) + 1;
  state.seq[name] = my; // an answer still on its way for an earlier choice is dropped
  sec.querySelector(".section-error").hidden = true;
  clearFieldErrors(name); // also when the answer is already at hand: the error was about another input
  if (state.data[k]) { render(name); sec.querySelector(".loading").hidden = true; sec.removeAttribute("aria-busy"); return; }
  const loading = sec.querySelector(".loading");
  loading.hidden = false;
  sec.setAttribute("aria-busy", "true");
  try {
    const res = await fetch(query(name));
    const body = await res.json().catch(() => ({}));
    if (state.seq[name] !== my) return; // a newer request for this section has started
    if (!res.ok) { showProblem(name, body, res.status); return; }
    state.data[k] = body;
    render(name);
  } catch (e) {
    if (state.seq[name] === my) showProblem(name, { detail: String(e.message || e) }, 0);
  } finally {
    if (state.seq[name] === my) { loading.hidden = true; sec.removeAttribute("aria-busy"); sec.dataset.loaded = key(name); }
  }
}
function clearFieldErrors(name) {
  for (const id of ["scope-error"].concat(name === "paths" ? ["jurisdictions-error"] : [])) {
    const e = document.getElementById(id); e.hidden = true; e.textContent = "";
  }
  document.getElementById("jurisdictions").removeAttribute("aria-invalid");
}
// A 400 names its field: show it next to that input; anything else goes at the top of the section.
function showProblem(name, body, status) {
  let detail = body.detail || body.title || String(status);
  // the two refusals a reader meets here are said in the page's own words (detail_en: the English when the server translated)
  const en = body.detail_en || detail;
  if (body.field === "jurisdictions" && body.value != null) detail = t("an_err_unknown_jurisdiction", { value: body.value });
  else if (body.field === "jurisdictions" && /^(jurisdictions: )?at most \d+/.test(en)) detail = t("an_err_too_many", { got: (en.match(/got (\d+)/) || [])[1] || "?" });
  const box = body.field === "jurisdictions" ? document.getElementById("jurisdictions-error")
    : body.field === "scope" ? document.getElementById("scope-error") : null;
  if (box) {
    box.textContent = detail; box.hidden = false;
    if (body.field === "jurisdictions") document.getElementById("jurisdictions").setAttribute("aria-invalid", "true");
  }
  const sec = document.getElementById(name);
  sec.querySelector(".an-body").replaceChildren();
  if (!box) { const e = sec.querySelector(".section-error"); e.textContent = t("an_error", { detail }); e.hidden = false; }
}

// ---------- tables ----------
function table(data, name, tableName, opts) {
  opts = opts || {};
  const tb = (data.tables || []).find(x => x.name === tableName);
  if (!tb) return null;
  const wrap = el("figure", { class: "an-table", "data-table": tableName });
  wrap.append(el("figcaption", null, el("span", { class: "caption", text: pick(tb.title) }), " ",
    el("a", { class: "csv-link", href: csvUrl(name, tableName), "data-table": tableName, text: t("an_table_csv") })));
  const idx = c => tb.columns.indexOf(c);
  // a record id beside its name column says nothing more to a reader: the name carries the link instead
  // (the military dataset's own row ids too: its two name columns and its registry link say which system a row is)
  const hidden = i => tb.columns[i] === "id" && (idx("name") >= 0 && !tb.columns.includes("registry_id") || tb.name === "military_systems")
    || tb.columns[i] === "developer_zh"; // the developer column reads in the page's language (cell), the CSV keeps both
  // one number format per column: decimals for all its numbers when any has a fraction
  const digits = tb.columns.map((c, i) => tb.rows.some(r => typeof r[i] === "number" && !Number.isInteger(r[i])) ? (c === "betweenness" ? 1 : 3) : 0);
  const thead = el("thead", null, el("tr", null, ...tb.columns.filter((c, i) => !hidden(i)).map(c => el("th", { scope: "col", "data-col": c, text: colLabel(c) }))));
  const tbody = el("tbody");
  const rows = tb.rows;
  const draw = limit => {
    tbody.replaceChildren();
    for (const r of rows.slice(0, limit)) {
      const tr = el("tr", { "data-key": r[0] == null ? "" : String(r[0]) });
      r.forEach((v, i) => { if (!hidden(i)) tr.append(el("td", { "data-col": tb.columns[i] }, cell(data, tb, tb.columns[i], v, r, idx, digits[i]))); });
      tbody.append(tr);
    }
  };
  const limit = opts.all ? rows.length : MAX_ROWS;
  draw(limit);
  wrap.append(el("div", { class: "table-wrap" }, el("table", { class: "data", "data-table": tableName }, thead, tbody)));
  if (!rows.length) wrap.append(el("p", { class: "meta", text: t("an_no_rows") }));
  if (rows.length > limit) {
    const more = el("p", { class: "meta more-rows" }, t("an_rows_shown", { shown: limit, n: rows.length }) + " ");
    more.append(el("button", { type: "button", class: "linklike show-all", text: t("an_show_all", { n: rows.length }),
      onclick: () => { draw(rows.length); more.remove(); } }));
    wrap.append(more);
  }
  return wrap;
}
// the complex's pair reasons are composed by the server from ids and a relation code: say them with names, in the page's language
function reasonText(data, v) {
  let m = v.match(/^structural: (\S+) (\S+) (\S+)$/);
  if (m && I18N.en["r_rel_" + m[2]]) return t("r_structural", { rel: t("r_rel_" + m[2], { a: nameOf(data, m[1]), b: nameOf(data, m[3]) }) });
  m = v.match(/^members and issues of (\S+) are a subset$/);
  if (m && I18N.en.r_subset) return t("r_subset", { x: nameOf(data, m[1]) });
  return v;
}
// a path's decided_by ("instruments=7; power_share=0.08 < 0.25; …"): the measures and connecting phrases in the
// page's language; English whole when a word is left without a name (half-translated reads worse than either)
function formulaText(v) {
  if (currentLang() === "en") return v;
  const s = v.replace(" both > 0 (all links)", " " + t("r_both_all_links")).replace(" but not all links ", " " + t("r_but_not_all_links") + " ")
    .split(" and ").join(" " + t("r_and") + " ").split("; ").join("；")
    .replace(/fewer than (\d+) instruments/g, (_, n) => t("r_fewer_than", { n }));
  let whole = true;
  const out = s.replace(/[A-Za-z][A-Za-z_]+/g, w => I18N.en["v_" + w] ? t("v_" + w) : I18N.en["c_" + w] ? t("c_" + w) : (whole = false, w));
  return whole ? out : v;
}
// a military typology's decided_by ("systems_with_deployment=4; new_commercial_share=0.25; deployment_types=[…]; …"):
// one labelled line per measure in the page's language (labels.json r_mil_*); the server's text whole if a part is unknown
function militaryWhy(v) {
  const list = s => { const l = s.replace(/^\[|\]$/g, "").split(", ").filter(Boolean).map(tv); return l.length ? l.join(currentLang() === "zh" ? "、" : ", ") : t("r_mil_none"); };
  const parts = v.split("; ").map(p => {
    let m;
    if ((m = p.match(/^systems_with_deployment=(\d+)$/))) return t("r_mil_systems", { n: m[1] });
    if ((m = p.match(/^new_commercial_share=([\d.]+)$/))) return t("r_mil_share", { share: m[1] });
    if ((m = p.match(/^deployment_types=(\[.*\])$/))) return t("r_mil_types", { list: list(m[1]) });
    if ((m = p.match(/^new_commercial_in=(\[.*\])$/))) return t("r_mil_in", { list: list(m[1]) });
    if ((m = p.match(/^new_commercial_share < ([\d.]+)$/))) return t("r_mil_share_below", { x: m[1] });
    if (p === "all three deployment types, new commercial developers in >= 2") return t("r_mil_all_three");
    if (p === "new commercial developers most present in interventional deployment") return t("r_mil_most_interventional");
    return null;
  });
  if (!I18N.en.r_mil_systems || parts.includes(null)) return v;
  return el("ul", { class: "why" }, ...parts.map(p => el("li", { text: p })));
}
function cell(data, tb, col, v, row, idx, digits) {
  if (col === "developer" && currentLang() === "zh" && idx("developer_zh") >= 0 && row[idx("developer_zh")]) v = row[idx("developer_zh")];
  if (v == null || v === "") return "";
  if (col === "registry_id" || ((col === "id" || col === "a" || col === "b") && !tb.columns.includes("registry_id"))) return recordLink(data, v);
  if (col === "name" && idx("id") >= 0 && !tb.columns.includes("registry_id")) { const n = (data.names || {})[row[idx("id")]]; return n ? recordLink(data, row[idx("id")]) : v; }
  if (col === "jurisdiction" || col === "country") return recordLink(data, v, jurLabel(data, v));
  if (col === "type") return label("type", v);
  if (col === "risk_layer") return riskLabel(v);
  if (col === "agrees" || col === "example_only") return v === true ? t("an_yes") : v === false ? t("an_no") : v == null ? "" : String(v);
  if (VALUE_COLUMNS.has(col)) return tv(v);
  if (col === "reason") return reasonText(data, String(v));
  if (col === "decided_by") return tb.name === "military_typology" ? militaryWhy(String(v)) : formulaText(String(v));
  if (CODE_LIST_COLUMNS.has(col)) return String(v).split("; ").map(p => { const i = p.lastIndexOf(" "); return label("type", p.substring(0, i)) + " " + p.substring(i + 1); }).join("; ");
  if (col === "top_types") return String(v);
  if (tb.name.startsWith("paths_eu_us") && (col === "EU" || col === "US") && typeof v === "string")
    return v.split("; ").map(p => { const i = p.lastIndexOf(" "); return i > 0 ? label("type", p.substring(0, i)) + " " + p.substring(i + 1) : p; }).join("; ");
  // the EU–US tables hold a count or a share per row: the row's indicator says which (a count is not 24.000)
  if (tb.name.startsWith("paths_eu_us") && (col === "EU" || col === "US") && typeof v === "number" && idx("indicator") >= 0) {
    const ind = String(row[idx("indicator")]);
    return fmtNum(v, ind === "share" || ind.endsWith("_share") || ind.startsWith("share_") ? 3 : 0);
  }
  if (col === "year") return String(v); // a year, not a quantity: no thousands separator
  if (col === "as_of") return v === "all" ? t("an_all_years") : String(v);
  return typeof v === "number" ? fmtNum(v, digits) : fmtNum(v);
}

// ---------- charts (SVG) ----------
const SVGNS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const k in (attrs || {})) e.setAttribute(k, attrs[k]);
  for (const c of children) if (c != null) e.append(c);
  return e;
}
function stext(x, y, s, attrs) { return svg("text", Object.assign({ x, y }, attrs || {}), String(s)); }
function titled(node, s) { node.append(svg("title", null, s)); return node; }
function chartFigure(name, tableName, title, svgNode, legend, extra) {
  const fig = el("figure", { class: "an-chart", "data-table": tableName });
  fig.append(el("figcaption", null, el("span", { class: "caption", text: title }), " ",
    el("a", { class: "csv-link", href: csvUrl(name, tableName), "data-table": tableName, text: t("an_csv") })));
  svgNode.setAttribute("role", "img");
  svgNode.setAttribute("aria-label", title);
  fig.append(svgNode);
  if (legend && legend.length > 1)
    fig.append(el("ul", { class: "legend" }, ...legend.map((l, i) => el("li", null, el("span", { class: "swatch c" + (i % COLORS.length) }), l))));
  if (extra) fig.append(extra);
  return fig;
}
// Grid steps for an axis up to max: counts get whole steps (0, 10, … 50 rather than 0, 12.5, … 50)
function tickSteps(max, whole) {
  if (!whole || !Number.isInteger(max)) return 4;
  return max <= 4 ? Math.max(1, max) : max % 4 === 0 ? 4 : max % 5 === 0 ? 5 : 4;
}
// A tick's label: at most two decimals, and none that add nothing ("12.5", not "12.500")
function tickNum(v) {
  return (+v.toFixed(2)).toLocaleString(currentLang() === "zh" ? "zh-CN" : "en", { maximumFractionDigits: 2 });
}
function niceMax(m) {
  if (!(m > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(m))), f = m / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
// Charts are drawn at their panel's width (at most 720), so on a phone their text keeps its size instead of shrinking
// with the picture; the page draws them again when that width changes (the resize listener below).
let drawnWidth = null, resizeTimer = null;
function chartWidth() {
  const shown = [...document.querySelectorAll(".an-body")].map(b => b.clientWidth).filter(w => w > 0); // hidden tabs measure 0
  return Math.round(Math.max(300, Math.min(720, shown.length ? Math.max(...shown) : 720)));
}
// Lines over a category axis (years): series = [{label, values}] (null = no point).
function lineChart(xs, series, opts) {
  opts = opts || {};
  const W = chartWidth(), H = 300, L = 52, R = 16, T = 14, B = 36, pw = W - L - R, ph = H - T - B;
  const max = opts.max || niceMax(Math.max(0, ...series.flatMap(s => s.values.filter(v => v != null))));
  const X = i => L + (xs.length <= 1 ? pw / 2 : i * pw / (xs.length - 1)), Y = v => T + ph - v / max * ph;
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart line-chart" });
  const steps = tickSteps(max, series.every(s => s.values.every(v => v == null || Number.isInteger(v))));
  for (let k = 0; k <= steps; k++) {
    const v = max * k / steps;
    g.append(svg("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v), class: "grid" }), stext(L - 6, Y(v) + 4, tickNum(v), { "text-anchor": "end", class: "tick" }));
  }
  const step = Math.ceil(xs.length / Math.max(4, Math.floor(pw / 56))); // a year label needs about 56 px
  xs.forEach((x, i) => { if (i % step === 0 || i === xs.length - 1) g.append(stext(X(i), H - B + 18, x, { "text-anchor": "middle", class: "tick" })); });
  series.forEach((s, si) => {
    let d = "";
    s.values.forEach((v, i) => { if (v != null) d += (d && s.values[i - 1] != null ? "L" : "M") + X(i).toFixed(1) + "," + Y(v).toFixed(1); });
    g.append(svg("path", { d, class: "series c" + (si % COLORS.length), fill: "none" }));
    s.values.forEach((v, i) => { if (v != null) g.append(titled(svg("circle", { cx: X(i), cy: Y(v), r: 3.2, class: "dot c" + (si % COLORS.length) }), s.label + " · " + xs[i] + punctColon() + fmtNum(v))); });
  });
  return g;
}
// Width of a 12 px label, estimated per character (wide CJK and full-width forms about 12 px, others about 7): the chart is
// built before it is in the page, so it cannot measure; estimating high keeps a label's start inside the picture.
function textWidth(s) { let w = 0; for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0) > 0xffff ? 12.5 : 7; return w; }
// s cut at its end with "…" to fit px (the whole label goes in the tooltip)
function fitText(s, px) {
  if (textWidth(s) <= px) return s;
  const chars = [...s];
  while (chars.length && textWidth(chars.join("") + "…") > px) chars.pop();
  return chars.join("") + "…";
}
// Horizontal bars: rows = [{label, values: [..]}]; stacked or grouped; one colour per value index.
function barChart(rows, seriesLabels, opts) {
  opts = opts || {};
  const stacked = !!opts.stacked, n = seriesLabels.length;
  const W = chartWidth(), L = Math.min(opts.labelWidth || 230, Math.round(W * 0.36)), R = 56, T = 8, B = 26, band = stacked || n === 1 ? 24 : 8 + n * 9;
  const H = T + B + rows.length * band, pw = W - L - R;
  const total = r => r.values.reduce((a, b) => a + (b || 0), 0);
  const max = opts.max || niceMax(Math.max(0, ...rows.map(r => stacked ? total(r) : Math.max(0, ...r.values.map(v => v || 0)))));
  const X = v => L + v / max * pw;
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart bar-chart" });
  const steps = opts.percent ? 4 : tickSteps(max, rows.every(r => r.values.every(v => v == null || Number.isInteger(v))));
  for (let k = 0; k <= steps; k++) {
    const v = max * k / steps;
    g.append(svg("line", { x1: X(v), x2: X(v), y1: T, y2: H - B, class: "grid" }), stext(X(v), H - B + 16, opts.percent ? Math.round(v * 100) + "%" : tickNum(v), { "text-anchor": "middle", class: "tick" }));
  }
  if (opts.refLine != null && opts.refLine <= max) g.append(svg("line", { x1: X(opts.refLine), x2: X(opts.refLine), y1: T, y2: H - B, class: "ref" }));
  rows.forEach((r, ri) => {
    const y0 = T + ri * band;
    const lab = fitText(r.label, L - 10);
    g.append(titled(stext(L - 6, y0 + band / 2 + 4, lab, { "text-anchor": "end", class: "label" }), r.label));
    let acc = 0;
    r.values.forEach((v, i) => {
      if (v == null) return;
      const bh = stacked || n === 1 ? band - 8 : 8, y = stacked || n === 1 ? y0 + 4 : y0 + 4 + i * 9;
      const x = stacked ? X(acc) : L;
      const w = Math.max(0, X(v) - L);
      g.append(titled(svg("rect", { x, y, width: w, height: bh, class: "bar c" + (i % COLORS.length) }),
        r.label + " · " + seriesLabels[i] + punctColon() + (opts.percent ? (v * 100).toFixed(1) + "%" : fmtNum(v))));
      acc += v;
    });
    const end = stacked ? total(r) : Math.max(0, ...r.values.map(v => v || 0));
    if (r.note != null) g.append(stext(X(end) + 4, y0 + band / 2 + 4, r.note, { class: "tick" }));
  });
  return g;
}
// Institutions linked by nested / overlapping pairs, laid out by a small seeded force simulation.
function networkChart(data) {
  const pairs = data.result.pairs.filter(p => p.kind === "nested" || p.kind === "overlapping");
  const deg = new Map();
  for (const p of pairs) for (const x of [p.a, p.b]) deg.set(x, (deg.get(x) || 0) + 1);
  const ids = [...deg.keys()].sort((a, b) => deg.get(b) - deg.get(a) || (a < b ? -1 : 1)).slice(0, 80);
  const keep = new Set(ids), edges = pairs.filter(p => keep.has(p.a) && keep.has(p.b));
  const W = 720, H = 480, n = ids.length;
  if (!n) return null;
  const pos = ids.map((id, i) => ({ id, x: W / 2 + Math.cos(i * 2.39996) * (30 + 200 * Math.sqrt(i / n)), y: H / 2 + Math.sin(i * 2.39996) * (30 + 200 * Math.sqrt(i / n)) * 0.9, dx: 0, dy: 0 }));
  const at = new Map(pos.map((p, i) => [p.id, i]));
  const kk = Math.sqrt(W * H / n) * 0.6;
  for (let it = 0, temp = 40; it < 250; it++, temp *= 0.985) {
    for (const p of pos) { p.dx = 0; p.dy = 0; }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const a = pos[i], b = pos[j], dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 1), f = kk * kk / d2;
      a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
    }
    for (const e of edges) {
      const a = pos[at.get(e.a)], b = pos[at.get(e.b)], dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1), f = d / kk;
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const p of pos) {
      p.dx += (W / 2 - p.x) * 0.02; p.dy += (H / 2 - p.y) * 0.02; // gravity keeps separate components on screen
      const d = Math.max(Math.sqrt(p.dx * p.dx + p.dy * p.dy), 0.01), s = Math.min(d, temp) / d;
      p.x = Math.min(W - 20, Math.max(20, p.x + p.dx * s)); p.y = Math.min(H - 14, Math.max(14, p.y + p.dy * s));
    }
  }
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart network" });
  for (const e of edges) {
    const a = pos[at.get(e.a)], b = pos[at.get(e.b)];
    g.append(titled(svg("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1), class: "edge " + e.kind }),
      nameOf(data, e.a) + " — " + nameOf(data, e.b) + punctColon() + tv(e.kind)));
  }
  // the best-linked nodes are labelled, in order of degree, each only where it overlaps no label placed before it
  // (the others name themselves on hover)
  const labelled = new Set(ids.slice(0, 12)), boxes = [];
  const nodes = [];
  for (const p of pos) {
    const r = 3 + Math.sqrt(deg.get(p.id)) * 1.6;
    const a = svg("a", { href: "/record.html?id=" + encodeURIComponent(p.id), class: "node", "data-id": p.id });
    a.append(titled(svg("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1) }), nameOf(data, p.id)));
    nodes.push(a);
    if (!labelled.has(p.id)) continue;
    const s = fitText(nameOf(data, p.id), 150), w = textWidth(s) * 10 / 12; // node labels are 10 px
    const x = p.x + r + 2 + w > W ? p.x - r - 2 - w : p.x + r + 2;
    const box = { x0: x - 2, x1: x + w + 2, y0: p.y - 8, y1: p.y + 6 };
    if (boxes.some(b => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
    boxes.push(box);
    a.append(stext(x, p.y + 4, s, { class: "node-label" }));
  }
  g.append(...nodes);
  return g;
}

// ---------- sections ----------
function render(name) {
  const data = state.data[key(name)];
  if (!data) return;
  const body = document.getElementById(name).querySelector(".an-body");
  drawnWidth = chartWidth();
  body.replaceChildren(...({ complex: renderComplex, paths: renderPaths, military: renderMilitary }[name](data, name)).filter(Boolean));
  body.append(el("p", { class: "meta" }, el("a", { class: "csv-link all-csv", href: csvUrl(name), text: t("an_all_csv") })));
}
function renderComplex(d, name) {
  const r = d.result, out = [];
  const kinds = ["nested", "overlapping", "parallel", "disjoint"];
  out.push(chartFigure(name, "complex_counts", t("an_chart_pairs"),
    barChart(kinds.map(k => ({ label: tv(k), values: [r.counts[k]], note: fmtNum(r.counts[k]) })), [t("c_pairs")], { labelWidth: 140 })));
  out.push(table(d, name, "complex_counts"));
  // the "all" row (undated records too) is not a year: the table keeps it, the line over time does not
  const frag = r.fragmentation.filter(f => /^\d{4}$/.test(String(f.asOf)));
  const years = frag.map(f => f.asOf);
  out.push(chartFigure(name, "complex_fragmentation", t("an_chart_fragmentation"),
    lineChart(years, [{ label: t("c_index"), values: frag.map(f => f.index) },
      { label: t("c_issue_dispersion"), values: frag.map(f => f.issueDispersion) },
      { label: t("c_overlap_share"), values: frag.map(f => f.overlapShare) }], { max: 1 }),
    [t("c_index"), t("c_issue_dispersion"), t("c_overlap_share")]));
  out.push(table(d, name, "complex_fragmentation"));
  const cv = r.convergence, cy = cv.map(p => p.asOf);
  out.push(chartFigure(name, "complex_convergence", t("an_chart_convergence"),
    lineChart(cy, [{ label: t("c_builds_on_links"), values: cv.map(p => p.buildsOnLinks) }, { label: t("c_longest_builds_on_chain"), values: cv.map(p => p.longestChain) }]),
    [t("c_builds_on_links"), t("c_longest_builds_on_chain")]));
  out.push(chartFigure(name, "complex_convergence", t("an_chart_similarity"),
    lineChart(cy, [{ label: t("c_mean_tfidf_cosine"), values: cv.map(p => p.meanSimilarity) }], { max: niceMax(Math.max(0.05, ...cv.map(p => p.meanSimilarity || 0))) })));
  out.push(table(d, name, "complex_convergence"));
  const nodes = r.focus.concat(r.topCentral.filter(x => !r.focus.some(f => f.id === x.id)));
  out.push(chartFigure(name, "complex_core", t("an_chart_core"),
    barChart(nodes.map(x => ({ label: nameOf(d, x.id), values: [x.degree], note: fmtNum(x.degree) + punctParen(x.core) })), [t("c_degree")])));
  out.push(table(d, name, "complex_core"));
  const forms = Object.keys(Object.values(r.coverage)[0] || {});
  out.push(chartFigure(name, "complex_coverage", t("an_chart_coverage"),
    barChart(Object.entries(r.coverage).map(([risk, row]) => ({ label: riskLabel(risk), values: forms.map(f => row[f]), note: fmtNum(forms.reduce((a, f) => a + row[f], 0)) })),
      forms.map(colLabel), { stacked: true, labelWidth: 170 }), forms.map(colLabel)));
  out.push(table(d, name, "complex_coverage"));
  if (r.coverageGaps.length) out.push(el("p", { class: "meta gaps", text: t("an_gaps", { gaps: r.coverageGaps.map(g => g.split(" × ").map((x, i) => i ? colLabel(x) : riskLabel(x)).join(" × ")).join("; ") }) }));
  out.push(chartFigure(name, "complex_representation", t("an_chart_representation"),
    barChart(r.representation.map(x => ({ label: nameOf(d, x.id), values: [x.developingRatio], note: fmtNum(x.developingRatio, 2) })), [t("c_developing_ratio")], { refLine: 1 })));
  const rt = r.representationTest;
  const zh = currentLang() === "zh";
  if (rt && rt.claim) out.push(el("p", { class: "meta representation-test", text: t("s_representation_test", { claim: zh && rt.claim_zh || rt.claim, verdict: tv(rt.verdict),
    under: rt.initiatives_under_represented, tested: rt.initiatives_tested, median: fmtNum(rt.median_ratio_to_baseline, 2), proxy: zh && rt.proxy_zh || rt.proxy }) }));
  out.push(table(d, name, "complex_representation"));
  const net = networkChart(d);
  if (net) out.push(chartFigure(name, "complex_pairs", t("an_chart_network"), net, [tv("nested"), tv("overlapping")],
    el("p", { class: "meta" }, t("an_network_help") + " ", el("a", { href: "/api/export?format=graphml", text: t("an_graphml") }))));
  out.push(table(d, name, "complex_pairs"));
  const notes = currentLang() === "zh" && (r.notesZh || []).length ? r.notesZh : r.notes || [];
  if (notes.length) out.push(el("details", { class: "notes" }, el("summary", { text: t("an_notes") }), el("ul", null, ...notes.map(n => el("li", { text: n })))));
  return out;
}
function renderPaths(d, name) {
  const r = d.result, out = [];
  const shares = ["hardShare", "regulatoryShare", "promotionShare", "powerShare", "ethicalShare", "privateShare"];
  const shareCols = ["hard_share", "regulatory_share", "promotion_share", "power_share", "ethical_share", "private_share"];
  out.push(el("p", { class: "summary paths-summary", text: t("an_agree", { agree: r.summary.agree_with_seed, n: r.summary.compared }) }));
  out.push(chartFigure(name, "paths_profiles", t("an_chart_paths"),
    barChart(r.profiles.map(p => ({ label: jurLabel(d, p.jurisdiction), values: shares.map(s => p[s]) })), shareCols.map(colLabel), { max: 1, percent: true }),
    shareCols.map(colLabel)));
  out.push(chartFigure(name, "paths_profiles", t("an_chart_paths_n"),
    barChart(r.profiles.map(p => ({ label: jurLabel(d, p.jurisdiction), values: [p.hard, p.soft, p.neither], note: fmtNum(p.instruments) })),
      [t("c_hard"), t("c_soft"), t("an_neither")], { stacked: true }), [t("c_hard"), t("c_soft"), t("an_neither")]));
  out.push(table(d, name, "paths_placement", { all: true }));
  out.push(table(d, name, "paths_profiles", { all: true }));
  out.push(table(d, name, "paths_eu_us_dimensions", { all: true }));
  out.push(table(d, name, "paths_eu_us_factors", { all: true }));
  return out;
}
function renderMilitary(d, name) {
  const r = d.result, out = [];
  const types = ["government_military", "traditional_defence", "new_commercial"];
  const rows = r.shares.filter(s => s.systems > 0).map(s => ({ label: jurLabel(d, s.country) + " · " + tv(s.deployment),
    values: types.map(x => s.byDeveloperType[x]), note: "n=" + s.systems }));
  out.push(chartFigure(name, "military_shares", t("an_chart_military"), barChart(rows, types.map(tv), { stacked: true, max: 1, percent: true, labelWidth: 260 }), types.map(tv)));
  out.push(table(d, name, "military_typology", { all: true }));
  out.push(table(d, name, "military_shares", { all: true }));
  out.push(table(d, name, "military_categories", { all: true }));
  out.push(table(d, name, "military_systems", { all: true }));
  return out;
}

// ---------- page state ----------
function readUrl() {
  const p = new URLSearchParams(location.search);
  state.scope = ["all", "seed", "no-agora"].includes(p.get("scope")) ? p.get("scope") : "all";
  state.jurisdictions = p.get("jurisdictions") || DEFAULT_JURISDICTIONS;
  const h = location.hash.replace("#", "");
  state.tab = ANALYSES.includes(h) ? h : "complex";
}
function writeUrl() {
  const u = new URL(location.href);
  u.searchParams.delete("scope"); u.searchParams.delete("jurisdictions");
  if (state.scope !== "all") u.searchParams.set("scope", state.scope);
  if (state.jurisdictions !== DEFAULT_JURISDICTIONS) u.searchParams.set("jurisdictions", state.jurisdictions);
  u.hash = state.tab;
  history.replaceState(null, "", u);
}
function reportLinks() {
  const scope = state.scope !== "all" ? "&scope=" + encodeURIComponent(state.scope) : "";
  document.getElementById("report-html").href = "/api/analysis/report?lang=" + currentLang() + "&format=html" + scope;
  document.getElementById("report-pdf").href = "/api/analysis/report?lang=" + currentLang() + "&format=pdf" + scope;
}
function showTab(tab) {
  state.tab = tab;
  for (const a of ANALYSES) {
    document.getElementById(a).hidden = a !== tab;
    const link = document.getElementById("tab-" + a);
    link.setAttribute("aria-selected", String(a === tab));
    link.classList.toggle("active", a === tab);
  }
  writeUrl();
  load(tab);
}
function renderAll() { reportLinks(); for (const a of ANALYSES) render(a); }
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (chartWidth() !== drawnWidth) { drawnWidth = chartWidth(); for (const a of ANALYSES) render(a); } }, 200);
});

document.querySelectorAll(".an-tabs a").forEach(a => a.addEventListener("click", e => { e.preventDefault(); showTab(a.dataset.tab); }));
document.getElementById("scope").addEventListener("change", e => { state.scope = e.target.value; reportLinks(); writeUrl(); load(state.tab); });
document.getElementById("paths-form").addEventListener("submit", e => {
  e.preventDefault();
  state.jurisdictions = document.getElementById("jurisdictions").value.split(",").map(s => s.trim()).filter(Boolean).join(",") || DEFAULT_JURISDICTIONS;
  writeUrl(); load("paths");
});
document.getElementById("paths-default").addEventListener("click", () => {
  document.getElementById("jurisdictions").value = DEFAULT_JURISDICTIONS;
  state.jurisdictions = DEFAULT_JURISDICTIONS; writeUrl(); load("paths");
});
window.addEventListener("hashchange", () => { const h = location.hash.replace("#", ""); if (ANALYSES.includes(h) && h !== state.tab) showTab(h); });
(async () => {
  readUrl();
  document.getElementById("scope").value = state.scope;
  document.getElementById("jurisdictions").value = state.jurisdictions;
  applyI18n();
  document.title = t("an_title") + " — " + t("brand");
  onLangToggle(() => { document.title = t("an_title") + " — " + t("brand"); renderAll(); });
  reportLinks();
  await loadVocab().catch(() => null); // labels fall back to codes without it
  // column and value names are shared with the printable report (/api/analysis/labels)
  const labels = await fetch("/api/analysis/labels").then(r => r.ok ? r.json() : {}).catch(() => ({}));
  Object.assign(I18N.en, labels.en || {});
  Object.assign(I18N.zh, labels.zh || {});
  const dl = document.getElementById("jurisdiction-list");
  for (const c of DEFAULT_JURISDICTIONS.split(",").concat(["FR", "DE", "IL", "KR", "CA", "AU", "SG", "BR", "INTL"])) dl.append(el("option", { value: c }));
  showTab(state.tab);
})();
