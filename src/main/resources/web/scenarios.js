// The scenarios page: run a bundled system-dynamics model, compare its scenarios, sweep a parameter, rank sensitivities.
// Charts are SVG drawn here from the API's numbers, so their titles and legends follow the page's language; each has its data as CSV.
Object.assign(I18N.en, {
  sc_err_model: "There is no model \"{id}\" here; showing the first model instead.",
sc_heading: "Scenarios: system-dynamics models", sc_model: "Model", sc_scenario: "Scenario",
  sc_parameters: "Parameters", sc_parameters_help: "Values start at the scenario's; change any and run again. Each box gives the default and the allowed range.",
  sc_reset: "Reset to the scenario's values", sc_outputs: "Variables to draw", sc_run: "Run", sc_running: "Running…",
  sc_result: "Result over time", sc_run_csv: "This run's data (CSV, every variable)", sc_compare: "Compare scenarios",
  sc_compare_help: "Each scenario as the model defines it (without your changes), on one chart.", sc_variable: "Variable",
  sc_compare_run: "Compare", sc_sweep: "Parameter sweep",
  sc_sweep_help: "Runs the model once per value of one parameter (the other values as above) and plots an output's final value.",
  sc_parameter: "Parameter", sc_from: "From", sc_to: "To", sc_steps: "Runs", sc_output: "Output", sc_sweep_run: "Sweep",
  sc_sensitivity: "Sensitivity",
  sc_sens_help: "Which parameters move an output's final value most. One at a time: each non-zero parameter ±δ, scored as an elasticity. Latin hypercube (Monte Carlo): all of them sampled within ±δ, scored by |Spearman ρ|.",
  sc_target: "Output", sc_method: "Method", sc_oat: "One at a time", sc_lhs: "Latin hypercube (Monte Carlo)", sc_delta: "±δ",
  sc_samples: "Samples", sc_sens_run: "Rank parameters", sc_structure: "Model structure",
  sc_default: "default {v}", sc_range: "{min} to {max}", sc_initial: "initial value", sc_paper: "From {paper}",
  sc_time: "Time ({unit})", sc_value: "Value", sc_chart_run: "{model} — {scenario}", sc_chart_compare: "{variable}: scenarios compared",
  sc_chart_sweep: "Final {output} as {param} varies", sc_chart_sens: "Sensitivity of final {target} ({method})",
  sc_score: "Influence", sc_finals_var: "Variable", sc_finals_start: "At {t}", sc_finals_end: "At {t}", sc_units: "Units",
  sc_name: "Name", sc_kind: "Kind", sc_equation: "Equation", sc_doc: "Meaning and source",
  kind_stock: "stock", kind_flow: "flow", kind_aux: "auxiliary", kind_gf: "graphical function", kind_module: "module",
  sc_specs: "{start}–{stop} {unit} · DT {dt} · {method} · {n} variables",
  sc_err_nan: "“{name}” must be a number.", sc_err_range: "“{name}” must be between {min} and {max}.",
  sc_err_field: "{detail}", sc_err_pick: "Choose at least one.", sc_no_params: "This parameter has no non-zero value to perturb.",
  sc_done: "Done in {ms} ms.", sc_warn: "Warnings: {w}", sc_chart_desc: "{n} lines over {points} points each.",
  sc_inflows: "in: {v}", sc_outflows: "out: {v}", sc_no_models: "No models are stored.",
  sc_undefined: "undefined",
  sc_left_out: "Left out: {names}, which ±δ would take outside the range the model declares; a smaller δ keeps them in.",
  sc_undef_oat: "No score for {names}: the output's base value is 0 (or a value is not finite), so its elasticity is undefined. Compare the outputs at low and high in the CSV.",
  sc_undef_lhs: "No score for {names}: the output's final value is the same in every sample (or not finite in one), so its rank correlation is undefined."
});
Object.assign(I18N.zh, {
  sc_err_model: "此处没有模型“{id}”，现显示第一个模型。",
sc_heading: "情景推演：系统动力学模型", sc_model: "模型", sc_scenario: "情景",
  sc_parameters: "参数", sc_parameters_help: "初始值取自所选情景；可修改任一参数后重新运行。每个输入框下注明默认值和允许范围。",
  sc_reset: "恢复为情景设定值", sc_outputs: "绘制的变量", sc_run: "运行", sc_running: "运行中……",
  sc_result: "随时间变化的结果", sc_run_csv: "本次运行数据（CSV，全部变量）", sc_compare: "情景对比",
  sc_compare_help: "按模型定义运行各情景（不含您的修改），绘于同一图中。", sc_variable: "变量",
  sc_compare_run: "对比", sc_sweep: "参数扫描",
  sc_sweep_help: "对某一参数的每个取值各运行一次模型（其余参数取上方的值），绘制输出变量的期末值。",
  sc_parameter: "参数", sc_from: "起", sc_to: "止", sc_steps: "运行次数", sc_output: "输出变量", sc_sweep_run: "扫描",
  sc_sensitivity: "敏感性分析",
  sc_sens_help: "哪些参数对输出变量期末值的影响最大。逐一扰动：每个非零参数 ±δ，以弹性计分；拉丁超立方（蒙特卡洛）：所有参数在 ±δ 内抽样，以斯皮尔曼 |ρ| 计分。",
  sc_target: "输出变量", sc_method: "方法", sc_oat: "逐一扰动", sc_lhs: "拉丁超立方（蒙特卡洛）", sc_delta: "±δ",
  sc_samples: "样本数", sc_sens_run: "参数排序", sc_structure: "模型结构",
  sc_default: "默认 {v}", sc_range: "{min} 至 {max}", sc_initial: "初始值", sc_paper: "出处：{paper}",
  sc_time: "时间（{unit}）", sc_value: "数值", sc_chart_run: "{model} — {scenario}", sc_chart_compare: "{variable}：情景对比",
  sc_chart_sweep: "{param}变化时{output}的期末值", sc_chart_sens: "{target}期末值的敏感性（{method}）",
  sc_score: "影响度", sc_finals_var: "变量", sc_finals_start: "{t} 年值", sc_finals_end: "{t} 年值", sc_units: "单位",
  sc_name: "名称", sc_kind: "类型", sc_equation: "方程", sc_doc: "含义与来源",
  kind_stock: "存量", kind_flow: "流量", kind_aux: "辅助变量", kind_gf: "表函数", kind_module: "模块",
  sc_specs: "{start}—{stop} {unit} · 步长 {dt} · {method} · 共 {n} 个变量",
  sc_err_nan: "“{name}”必须是数字。", sc_err_range: "“{name}”必须介于 {min} 与 {max} 之间。",
  sc_err_field: "{detail}", sc_err_pick: "请至少选择一项。", sc_no_params: "该参数没有可扰动的非零值。",
  sc_done: "用时 {ms} 毫秒。", sc_warn: "警告：{w}", sc_chart_desc: "共 {n} 条曲线，每条 {points} 个点。",
  sc_inflows: "流入：{v}", sc_outflows: "流出：{v}", sc_no_models: "尚未存储任何模型。",
  sc_undefined: "未定义",
  sc_left_out: "未计入：{names}，按 ±δ 扰动会超出模型声明的取值范围；减小 δ 即可计入。",
  sc_undef_oat: "{names}没有得分：输出变量的基准值为 0（或有非有限值），弹性无定义。请比较 CSV 中低值与高值两端的输出。",
  sc_undef_lhs: "{names}没有得分：输出变量的期末值在所有样本中相同（或某一样本中非有限），秩相关无定义。"
});

const S = { models: [], model: null, id: null, scenario: "", values: {}, vars: [], run: null, compare: null, sweep: null, sens: null };
const $ = id => document.getElementById(id);
const COLORS = ["#0b5cad", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#16a085", "#7f8c8d", "#b03a8c"];
const SVGNS = "http://www.w3.org/2000/svg";

// XMILE units are the model's own words (index, dmnl, 1/year, USD bn): said in Chinese unit by unit, the arithmetic kept
const UNITS_ZH = { dmnl: "无量纲", index: "指数", year: "年", years: "年", month: "月", USD: "美元", bn: "十亿", "USD bn": "十亿美元", person: "人", people: "人" };
function unitText(u) {
  if (!u || currentLang() !== "zh") return u || "";
  return String(u).replace(/USD bn|[A-Za-z]+/g, w => UNITS_ZH[w] || w);
}
function zh() { return currentLang() === "zh"; }
function varInfo(name) { return (S.model ? S.model.variables : []).find(v => v.name === name); }
// The variable's name in the page's language; in Chinese the model's own (English) name follows, as it is what the API and CSV use.
function vname(name) { const v = varInfo(name); return v && zh() && v.title.zh !== name ? v.title.zh + "（" + name + "）" : name; }
// The variable's meaning: in Chinese its translation when the model has one, else the model's own English text.
function vdoc(v) { return zh() && v.doc_zh ? { text: v.doc_zh, lang: "zh" } : { text: v.doc || "", lang: "en" }; }
function vshort(name) { const v = varInfo(name); return v ? pick(v.title) : name; }
function scenInfo(name) { return (S.model ? S.model.scenarios : []).find(s => s.name === name); }
function sname(name) { const s = scenInfo(name); return s ? pick(s.title) : name; }
// Numbers as a reader writes them, never 7.704e-4: five significant digits, small ones in fixed notation with four
// (0.0007704); the result is still a number the inputs accept (no grouping separators)
function fmt(x) {
  if (x == null || !isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && a < 1e-3) return x.toFixed(Math.min(100, 3 - Math.floor(Math.log10(a)))).replace(/0+$/, "").replace(/\.$/, "");
  if (a >= 1e6) return x.toFixed(0);
  return String(Number(x.toPrecision(5)));
}
function params() { return S.model.variables.filter(v => v.parameter); }
function scenarioValue(v) {
  const s = scenInfo(S.scenario);
  return s && s.overrides[v.name] != null ? s.overrides[v.name] : v.value;
}
// What the user changed, relative to the chosen scenario: these are the run's explicit overrides.
function edits() {
  const out = {};
  for (const v of params()) {
    const raw = (S.values[v.name] ?? "").trim();
    if (raw !== "" && Number(raw) === scenarioValue(v) && !isNaN(Number(raw))) continue;
    if (raw === "" && S.values[v.name] === undefined) continue;
    out[v.name] = raw;
  }
  return out;
}
// A number goes as a number; anything else goes as typed, so the server names the field in its answer.
function overridesBody(ed) {
  const o = {};
  for (const k in ed) { const n = Number(ed[k]); o[k] = ed[k].trim() !== "" && isFinite(n) ? n : ed[k]; }
  return o;
}

// ---- address ----
function writeUrl() {
  const u = new URL(location.href);
  for (const k of ["model", "scenario", "set", "vars"]) u.searchParams.delete(k);
  u.searchParams.set("model", S.id);
  if (S.scenario) u.searchParams.set("scenario", S.scenario);
  const ed = edits();
  for (const k in ed) u.searchParams.append("set", k + "=" + ed[k]);
  u.searchParams.set("vars", S.vars.join(","));
  history.replaceState(null, "", u);
}
function readUrl() {
  const p = new URLSearchParams(location.search);
  const set = {};
  for (const kv of p.getAll("set")) { const i = kv.lastIndexOf("="); if (i > 0) set[kv.substring(0, i)] = kv.substring(i + 1); }
  return { model: p.get("model"), scenario: p.get("scenario"), set, vars: p.get("vars") };
}

// ---- fetch ----
async function api(method, path, body) {
  let res;
  try {
    res = await fetch(path, body ? { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : { method });
  } catch (down) { // no answer at all: said in the page's language, not the browser's "Failed to fetch"
    const e = new Error(t("search_unreachable"));
    e.problem = {};
    throw e;
  }
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) { const e = new Error((data && data.detail) || res.statusText); e.problem = data || {}; e.status = res.status; throw e; }
  return data;
}
// Writes a message that a language switch can say again.
function say(elem, key, vars) {
  elem.textContent = key ? t(key, vars) : "";
  if (key) { elem.dataset.say = key; elem.dataset.sayVars = JSON.stringify(vars || {}); } else delete elem.dataset.say;
}
function sayAgain() {
  for (const e of document.querySelectorAll("[data-say]")) {
    const vars = JSON.parse(e.dataset.sayVars);
    if (vars.varName) vars.name = vname(vars.varName);
    e.textContent = t(e.dataset.say, vars);
  }
}
// Disables the button and says it is running until the job ends.
async function busy(button, status, box, job) {
  button.disabled = true;
  say(status, "sc_running");
  if (box) box.setAttribute("aria-busy", "true");
  const t0 = performance.now();
  try {
    await job();
    say(status, "sc_done", { ms: Math.round(performance.now() - t0) });
  } catch (e) {
    if (status.dataset.say === "sc_running") say(status, null); // the job may have put its error there
    throw e;
  } finally {
    button.disabled = false;
    if (box) box.setAttribute("aria-busy", "false");
  }
}

// ---- charts ----
function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVGNS, tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
}
function ticks(lo, hi, n) {
  if (!(hi > lo)) { const d = Math.abs(lo) || 1; lo -= d / 2; hi += d / 2; }
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
  const out = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out[0] > lo) out.unshift(out[0] - step);
  if (out[out.length - 1] < hi) out.push(out[out.length - 1] + step);
  return out;
}
function swatch(color) {
  const s = svgEl("svg", { width: 22, height: 8, class: "swatch", "aria-hidden": "true" });
  s.append(svgEl("rect", { x: 0, y: 2, width: 22, height: 4, fill: color }));
  return s;
}
// Line chart: series = [{name, xs, ys}]; markers when there are few points (a sweep).
function lineChart(box, title, xLabel, yLabel, series) {
  // drawn at about the box's own width, so its text stays readable on a phone
  const W = Math.round(Math.max(420, Math.min(900, box.clientWidth || 900))), H = W < 600 ? 330 : 400, L = 70, R = 20, T = 16, B = 52;
  const xs = series.flatMap(s => s.xs), ys = series.flatMap(s => s.ys).filter(y => isFinite(y));
  let x0 = Math.min(...xs), x1 = Math.max(...xs);
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  const xt = ticks(x0, x1, W < 600 ? 5 : 8).filter(v => v >= x0 - 1e-9 * Math.abs(x1 - x0) && v <= x1 + 1e-9 * Math.abs(x1 - x0));
  const yt = ticks(Math.min(...ys), Math.max(...ys), 6);
  const y0 = yt[0], y1 = yt[yt.length - 1];
  const px = x => L + (x - x0) / (x1 - x0) * (W - L - R), py = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
  const id = box.id + "-title";
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id + " " + id + "-desc", "data-series": series.length });
  svg.append(svgEl("title", { id }, title), svgEl("desc", { id: id + "-desc" }, t("sc_chart_desc", { n: series.length, points: series[0] ? series[0].xs.length : 0 })));
  for (const v of yt) {
    svg.append(svgEl("line", { x1: L, x2: W - R, y1: py(v), y2: py(v), stroke: "#e6e9ef" }));
    svg.append(svgEl("text", { x: L - 6, y: py(v) + 4, "text-anchor": "end", "font-size": 12, fill: "#5b6577" }, fmt(v)));
  }
  for (const v of xt) svg.append(svgEl("text", { x: px(v), y: H - B + 18, "text-anchor": "middle", "font-size": 12, fill: "#5b6577" }, fmt(v)));
  svg.append(svgEl("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#5b6577" }), svgEl("line", { x1: L, x2: L, y1: T, y2: H - B, stroke: "#5b6577" }));
  svg.append(svgEl("text", { x: (L + W - R) / 2, y: H - 10, "text-anchor": "middle", "font-size": 13, fill: "#1d2433" }, xLabel));
  svg.append(svgEl("text", { x: 16, y: (T + H - B) / 2, "text-anchor": "middle", "font-size": 13, fill: "#1d2433", transform: `rotate(-90 16 ${(T + H - B) / 2})` }, yLabel));
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    let d = "";
    s.xs.forEach((x, k) => { const y = s.ys[k]; if (isFinite(y)) d += (d && isFinite(s.ys[k - 1]) ? "L" : "M") + px(x).toFixed(1) + " " + py(y).toFixed(1); });
    const path = svgEl("path", { d, fill: "none", stroke: c, "stroke-width": 2.2, class: "series", "data-name": s.name, "data-points": s.xs.length, "data-last": s.ys[s.ys.length - 1] });
    path.append(svgEl("title", null, s.label));
    svg.append(path);
    if (s.xs.length <= 40) s.xs.forEach((x, k) => { if (isFinite(s.ys[k])) { const m = svgEl("circle", { cx: px(x), cy: py(s.ys[k]), r: 3.5, fill: c }); m.append(svgEl("title", null, `${s.label}${punctColon()}${fmt(x)} → ${fmt(s.ys[k])}`)); svg.append(m); } });
  });
  const legend = el("ul", { class: "legend" });
  series.forEach((s, i) => legend.append(el("li", null, swatch(COLORS[i % COLORS.length]), s.label)));
  box.replaceChildren(el("p", { class: "chart-title", "aria-hidden": "true", text: title }), svg, legend);
}
// Horizontal bars, largest first (a tornado of sensitivity scores).
function barChart(box, title, rows) {
  const W = Math.round(Math.max(420, Math.min(900, box.clientWidth || 900))), rowH = 28, T = 10, L = Math.round(W * 0.38), R = 70, H = T + rows.length * rowH + 10;
  // signed scores (a rank correlation can be negative) grow left or right of zero; an undefined (null) score has no bar
  const vals = rows.map(r => r.value).filter(v => v != null);
  const max = Math.max(...vals, 0), min = Math.min(...vals, 0), span = (max - min) || 1e-12;
  const zero = L + (-min) / span * (W - L - R);
  const id = box.id + "-title";
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id, "data-series": rows.length });
  svg.append(svgEl("title", { id }, title));
  rows.forEach((r, i) => {
    const y = T + i * rowH, w = Math.max(1, Math.abs(r.value) / span * (W - L - R)), x = r.value < 0 ? zero - w : zero;
    const room = Math.floor((L - 14) / 7.6); // characters that fit left of the bars; the full name is in the bar's tooltip
    svg.append(svgEl("text", { x: L - 8, y: y + 18, "text-anchor": "end", "font-size": 13, fill: "#1d2433" }, r.label.length > room ? r.label.slice(0, room - 1) + "…" : r.label));
    if (r.value == null) {
      svg.append(svgEl("text", { x: zero + 4, y: y + 18, "font-size": 12, fill: "#5b6577", class: "undefined", "data-name": r.name }, t("sc_undefined")));
      return;
    }
    const bar = svgEl("rect", { x: x.toFixed(1), y: y + 5, width: w.toFixed(1), height: rowH - 10, fill: r.value < 0 ? COLORS[1] : COLORS[0], class: "bar", "data-name": r.name, "data-value": r.value });
    bar.append(svgEl("title", null, r.label + punctColon() + fmt(r.value)));
    // a negative bar's value goes right of zero, clear of the names
    svg.append(bar, svgEl("text", { x: r.value < 0 ? zero + 4 : x + w + 4, y: y + 18, "font-size": 12, fill: "#5b6577" }, fmt(r.value)));
  });
  if (min < 0) svg.append(svgEl("line", { x1: zero, x2: zero, y1: T, y2: H - 10, stroke: "#5b6577" }));
  box.replaceChildren(el("p", { class: "chart-title", "aria-hidden": "true", text: title }), svg);
}
// a file named after its table, with CRLF ends as the command's CSVs have (a blob's name had been its UUID; outside QA)
function csvHref(a, header, rows) {
  const q = v => { const s = v == null ? "" : String(v); return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  const text = [header, ...rows].map(r => r.map(q).join(",")).join("\r\n") + "\r\n";
  a.download = a.id.replace(/-csv$/, "") + ".csv";
  if (a.dataset.blob) URL.revokeObjectURL(a.dataset.blob);
  a.href = a.dataset.blob = URL.createObjectURL(new Blob(["\uFEFF" + text], { type: "text/csv;charset=utf-8" }));
  a.hidden = false;
}

// ---- model, scenario, parameters ----
async function loadModels() {
  S.models = await api("GET", "/api/scenarios/models");
  const sel = $("model");
  sel.replaceChildren(...S.models.map(m => el("option", { value: m.id, text: pick(m.title) })));
  if (!S.models.length) say($("load-error"), "sc_no_models");
}
async function loadModel(id, fromUrl) {
  S.id = id;
  $("model").value = id;
  S.model = await api("GET", "/api/scenarios/models/" + encodeURIComponent(id));
  const names = S.model.scenarios.map(s => s.name);
  S.scenario = fromUrl && fromUrl.scenario && names.includes(fromUrl.scenario) ? fromUrl.scenario : (names[0] || "");
  S.values = {};
  for (const v of params()) S.values[v.name] = String(scenarioValue(v));
  if (fromUrl) for (const k in fromUrl.set) if (S.values[k] !== undefined) S.values[k] = fromUrl.set[k];
  const all = S.model.variables.filter(v => v.kind !== "gf" && v.kind !== "module").map(v => v.name);
  const want = fromUrl && fromUrl.vars ? fromUrl.vars.split(",").filter(v => all.includes(v)) : [];
  S.vars = want.length ? want : S.model.variables.filter(v => v.kind === "stock").slice(0, 3).map(v => v.name);
  if (!S.vars.length) S.vars = all.slice(0, 1);
  S.run = S.compare = S.sweep = S.sens = null;
  for (const b of ["run-chart-box", "compare-chart-box", "sweep-chart-box", "sens-chart-box"]) $(b).replaceChildren();
  for (const a of ["run-csv", "compare-csv", "sweep-csv", "sens-csv"]) $(a).hidden = true;
  for (const e of ["compare-error", "sweep-error", "sens-error", "run-warnings", "sens-warnings", "sens-left-out"]) say($(e), null);
  $("run-finals").replaceChildren();
  $("sweep-from").value = ""; $("sweep-to").value = "";
  renderModel();
  setSweepRange();
}
function renderModel() {
  if (!S.model) return;
  const m = S.model;
  for (const o of $("model").options) { const x = S.models.find(mm => mm.id === o.value); if (x) o.textContent = pick(x.title); }
  $("model-paper").textContent = m.paper ? t("sc_paper", { paper: pick(m.paper) }) : "";
  $("model-desc").textContent = m.description ? pick(m.description) : "";
  $("scenario").replaceChildren(...m.scenarios.map(s => el("option", { value: s.name, text: pick(s.title) })));
  $("scenario").value = S.scenario;
  $("scenario").disabled = !m.scenarios.length;
  const sc = scenInfo(S.scenario);
  $("scenario-desc").textContent = sc ? pick(sc.description) : "";
  renderParams();
  renderOutputs();
  renderSelectors();
  renderStructure();
}
function renderParams() {
  const box = $("params");
  const errors = {};
  for (const e of box.querySelectorAll(".param")) errors[e.dataset.name] = e.querySelector(".error").dataset.err;
  box.replaceChildren();
  params().forEach((v, i) => {
    const input = el("input", { id: "p-" + i, name: v.name, "data-name": v.name, inputmode: "decimal", autocomplete: "off", "aria-describedby": `p-${i}-hint p-${i}-error` });
    input.value = S.values[v.name];
    const edited = () => { if (S.values[v.name] === input.value) return; S.values[v.name] = input.value; markChanged(input, v); clearError(v.name); };
    input.addEventListener("input", edited);
    input.addEventListener("change", edited);
    markChanged(input, v);
    const hint = [t("sc_default", { v: fmt(scenarioValue(v)) })];
    if (v.min != null) hint.push(t("sc_range", { min: fmt(v.min), max: fmt(v.max) }));
    if (v.units) hint.push(unitText(v.units));
    if (v.kind === "stock") hint.push(t("sc_initial"));
    const err = el("span", { id: `p-${i}-error`, class: "error", "aria-live": "polite" }), doc = vdoc(v);
    box.append(el("div", { class: "param", "data-name": v.name }, el("label", { for: input.id, text: vname(v.name), title: doc.text, lang: doc.lang }), input,
      el("span", { id: `p-${i}-hint`, class: "hint", text: hint.join(" · ") }), err));
    if (errors[v.name]) showError(v.name, JSON.parse(errors[v.name]));
  });
}
function markChanged(input, v) { input.classList.toggle("changed", input.value.trim() !== String(scenarioValue(v))); }
function paramBox(name) { return [...$("params").querySelectorAll(".param")].find(p => p.dataset.name === name); }
// err = {kind: "nan"|"range"|"detail", ...}; kept as data so a language switch can say it again.
function showError(name, err) {
  const p = paramBox(name);
  if (!p) return false;
  const v = varInfo(name), span = p.querySelector(".error"), input = p.querySelector("input");
  span.dataset.err = JSON.stringify(err);
  span.textContent = err.kind === "nan" ? t("sc_err_nan", { name: vname(name) })
    : err.kind === "range" ? t("sc_err_range", { name: vname(name), min: fmt(v.min), max: fmt(v.max) })
    : vname(name) + punctColon() + err.detail;
  input.setAttribute("aria-invalid", "true");
  return true;
}
function clearError(name) {
  const p = paramBox(name);
  if (!p) return;
  const span = p.querySelector(".error");
  span.textContent = ""; delete span.dataset.err;
  p.querySelector("input").removeAttribute("aria-invalid");
}
// The server's message names the request's field (steps, delta); the reader knows the input by its label (运行次数, ±δ):
// the leading "steps: " goes, and the name inside the sentence becomes the label, or the label leads when it is not there.
function labelled(msg, field, label) {
  const d = String(msg || "").replace(new RegExp("^" + field + "\\s*[:：]\\s*"), "");
  const word = new RegExp("(^|[^A-Za-z_])" + field + "(?![A-Za-z_])\\s*", "g");
  if (word.test(d)) return d.replace(word, (_, pre) => pre + "“" + label + "”" + (zh() ? "" : " "));
  return "“" + label + "”" + (zh() ? "：" : ": ") + d;
}
// Puts a problem+json answer next to the input it names; the rest goes to the fallback element.
function placeProblem(e, fallback, fieldInputs) {
  const f = (e.problem && e.problem.field) || "";
  const m = /^(?:overrides\.)(.+)$/.exec(f);
  if (m && varInfo(m[1])) {
    const raw = S.values[m[1]] ?? "", n = Number(raw), v = varInfo(m[1]);
    const kind = raw.trim() === "" || !isFinite(n) ? "nan" : v.min != null && (n < v.min || n > v.max) ? "range" : "detail";
    if (showError(m[1], { kind, detail: e.message })) { paramBox(m[1]).querySelector("input").focus(); return; }
  }
  if (fieldInputs && fieldInputs[f]) {
    const input = $(fieldInputs[f].id), out = $(fieldInputs[f].id + "-error");
    input.setAttribute("aria-invalid", "true");
    const raw = input.value.trim(), pv = fieldInputs[f].param ? varInfo(fieldInputs[f].param) : null;
    if (raw === "" || !isFinite(Number(raw))) say(out, "sc_err_nan", { name: t(fieldInputs[f].label) });
    else if (pv && pv.min != null) say(out, "sc_err_range", { varName: pv.name, name: vname(pv.name), min: fmt(pv.min), max: fmt(pv.max) });
    else say(out, "sc_err_field", { detail: labelled(e.message, f, t(fieldInputs[f].label)) });
    input.focus();
    return;
  }
  // a 400/422 detail already begins "field: " (or "field：" in Chinese): name the field once
  const named = f && !String(e.message).startsWith(f + ":") && !String(e.message).startsWith(f + "：");
  say($(fallback), "sc_err_field", { detail: (named ? f + ": " : "") + e.message });
}
function renderOutputs() {
  const vars = S.model.variables.filter(v => v.kind !== "gf" && v.kind !== "module");
  $("outputs").replaceChildren(...vars.map(v => {
    const cb = el("input", { type: "checkbox", value: v.name, "data-name": v.name });
    cb.checked = S.vars.includes(v.name);
    cb.addEventListener("change", () => {
      S.vars = [...$("outputs").querySelectorAll("input:checked")].map(c => c.value);
      if (S.run && S.vars.length) { drawRun(); writeUrl(); }
    });
    return el("label", null, cb, " " + vshort(v.name));
  }));
}
function options(sel, items, keep) {
  const cur = sel.value;
  sel.replaceChildren(...items.map(([value, text]) => el("option", { value, text })));
  if (keep && items.some(i => i[0] === cur)) sel.value = cur;
}
function renderSelectors() {
  const vars = S.model.variables.filter(v => v.kind !== "gf" && v.kind !== "module").map(v => [v.name, vshort(v.name)]);
  options($("compare-var"), vars, true);
  if (!$("compare-var").dataset.touched) $("compare-var").value = S.vars[0] || vars[0][0];
  options($("sweep-output"), vars, true);
  if (!$("sweep-output").dataset.touched) $("sweep-output").value = S.vars[0] || vars[0][0];
  options($("sens-target"), vars, true);
  if (!$("sens-target").dataset.touched) $("sens-target").value = S.vars[0] || vars[0][0];
  options($("sweep-param"), params().map(v => [v.name, vshort(v.name)]), true);
  const boxes = S.model.scenarios.map(s => {
    const prev = $("compare-scenarios").querySelector(`input[value="${CSS.escape(s.name)}"]`);
    const cb = el("input", { type: "checkbox", value: s.name });
    cb.checked = prev ? prev.checked : true;
    return el("label", null, cb, " " + pick(s.title));
  });
  $("compare-scenarios").replaceChildren(...boxes);
  $("compare-panel").hidden = S.model.scenarios.length < 2;
}
function setSweepRange() {
  const v = varInfo($("sweep-param").value);
  if (!v) return;
  const base = Number(S.values[v.name]);
  $("sweep-from").value = v.min != null ? v.min : fmt(base * 0.5);
  $("sweep-to").value = v.max != null ? v.max : fmt(base * 1.5 || 1);
}
function renderStructure() {
  const m = S.model, s = m.simSpecs;
  $("sim-specs").textContent = t("sc_specs", { start: fmt(s.start), stop: fmt(s.stop), unit: unitText(s.timeUnits), dt: fmt(s.dt), method: String(s.method).toUpperCase(), n: m.variables.length });
  const order = { stock: 0, flow: 1, aux: 2, gf: 3, module: 4 };
  const vars = [...m.variables].sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9));
  const head = el("tr", null, ...["sc_name", "sc_kind", "sc_equation", "sc_units", "sc_doc"].map(k => el("th", { scope: "col", text: t(k) })));
  const rows = vars.map(v => {
    const eq = el("td", null, el("code", { text: v.equation || "" })), doc = vdoc(v);
    return el("tr", { "data-name": v.name, "data-kind": v.kind },
      el("th", { scope: "row" }, vshort(v.name), zh() && v.title.zh !== v.name ? el("div", { class: "doc", lang: "en", text: v.name }) : null),
      el("td", { class: "kind-cell" }, el("span", { class: "kind kind-" + v.kind, text: t("kind_" + v.kind) })),
      eq, el("td", { class: "units", text: unitText(v.units) }), el("td", { class: "doc", lang: doc.lang, text: doc.text }));
  });
  $("structure").replaceChildren(el("thead", null, head), el("tbody", null, ...rows));
}

// ---- run ----
function runCsvUrl() {
  const p = new URLSearchParams();
  if (S.scenario) p.set("scenario", S.scenario);
  const ed = edits();
  for (const k in ed) p.append("set", k + "=" + ed[k]);
  p.set("bom", "true");
  return "/api/scenarios/models/" + encodeURIComponent(S.id) + "/run.csv?" + p.toString();
}
async function doRun() {
  for (const v of params()) clearError(v.name);
  if (!S.vars.length) { say($("run-status"), "sc_err_pick"); return; }
  writeUrl();
  await busy($("run"), $("run-status"), $("run-chart-box"), async () => {
    try {
      const body = { model: S.id, overrides: overridesBody(edits()) };
      if (S.scenario) body.scenario = S.scenario;
      S.run = await api("POST", "/api/scenarios/run", body);
      S.run.csv = runCsvUrl();
      drawRun();
    } catch (e) {
      placeProblem(e, "run-status");
      throw e;
    }
  }).catch(() => {});
}
function drawRun() {
  const r = S.run;
  if (!r) return;
  const vars = S.vars.filter(v => r.names.includes(v));
  const series = vars.map(v => { const c = r.names.indexOf(v); return { name: v, label: vname(v), xs: r.times, ys: r.data.map(row => row[c]) }; });
  const title = t("sc_chart_run", { model: pick(S.model.title), scenario: S.scenario ? sname(S.scenario) : "" });
  lineChart($("run-chart-box"), title, t("sc_time", { unit: unitText(S.model.simSpecs.timeUnits) }), t("sc_value"), series);
  $("run-csv").href = r.csv;
  $("run-csv").hidden = false;
  say($("run-warnings"), r.warnings && r.warnings.length ? "sc_warn" : null, { w: (r.warnings || []).join("; ") });
  const first = r.times[0], last = r.times[r.times.length - 1];
  const head = el("tr", null, el("th", { text: t("sc_finals_var") }), el("th", { text: t("sc_finals_start", { t: fmt(first) }) }), el("th", { text: t("sc_finals_end", { t: fmt(last) }) }));
  $("run-finals").replaceChildren(el("thead", null, head), el("tbody", null, ...series.map(s =>
    el("tr", { "data-name": s.name }, el("th", { scope: "row", text: s.label }), el("td", { class: "num", text: fmt(s.ys[0]) }), el("td", { class: "num final", text: fmt(s.ys[s.ys.length - 1]) })))));
}

// ---- compare ----
async function doCompare() {
  say($("compare-error"), null);
  const names = [...$("compare-scenarios").querySelectorAll("input:checked")].map(c => c.value);
  if (!names.length) { say($("compare-error"), "sc_err_pick"); return; }
  const variable = $("compare-var").value;
  await busy($("compare-run"), $("compare-status"), $("compare-chart-box"), async () => {
    try {
      const runs = await Promise.all(names.map(n => api("POST", "/api/scenarios/run", { model: S.id, scenario: n })));
      S.compare = { variable, names, runs };
      drawCompare();
    } catch (e) { placeProblem(e, "compare-error"); throw e; }
  }).catch(() => {});
}
function drawCompare() {
  const c = S.compare;
  if (!c) return;
  const series = c.names.map((n, i) => { const r = c.runs[i], k = r.names.indexOf(c.variable); return { name: n, label: sname(n), xs: r.times, ys: r.data.map(row => row[k]) }; });
  lineChart($("compare-chart-box"), t("sc_chart_compare", { variable: vshort(c.variable) }), t("sc_time", { unit: unitText(S.model.simSpecs.timeUnits) }), vshort(c.variable), series);
  csvHref($("compare-csv"), ["Time", ...c.names.map(n => c.variable + " [" + n + "]")], series[0].xs.map((x, i) => [x, ...series.map(s => s.ys[i])]));
}

// ---- sweep ----
async function doSweep() {
  for (const id of ["sweep-from", "sweep-to", "sweep-steps"]) { $(id).removeAttribute("aria-invalid"); say($(id + "-error"), null); }
  say($("sweep-error"), null);
  for (const v of params()) clearError(v.name);
  const param = $("sweep-param").value, output = $("sweep-output").value;
  const num = id => { const s = $(id).value.trim(); const n = Number(s); return s !== "" && isFinite(n) ? n : s; };
  const body = { model: S.id, parameter: param, from: num("sweep-from"), to: num("sweep-to"), steps: num("sweep-steps"), outputs: [output], overrides: overridesBody(edits()) };
  if (S.scenario) body.scenario = S.scenario;
  await busy($("sweep-run"), $("sweep-status"), $("sweep-chart-box"), async () => {
    try {
      const r = await api("POST", "/api/scenarios/sweep", body);
      S.sweep = { param, output, rows: r.rows };
      drawSweep();
    } catch (e) { placeProblem(e, "sweep-error", { from: { id: "sweep-from", label: "sc_from", param }, to: { id: "sweep-to", label: "sc_to", param }, steps: { id: "sweep-steps", label: "sc_steps" } }); throw e; }
  }).catch(() => {});
}
function drawSweep() {
  const s = S.sweep;
  if (!s) return;
  const series = [{ name: s.output, label: vname(s.output), xs: s.rows.map(r => r.value), ys: s.rows.map(r => r.finals[s.output]) }];
  lineChart($("sweep-chart-box"), t("sc_chart_sweep", { output: vshort(s.output), param: vshort(s.param) }), vname(s.param), vshort(s.output), series);
  csvHref($("sweep-csv"), [s.param, s.output + " (final)"], s.rows.map(r => [r.value, r.finals[s.output]]));
}

// ---- sensitivity ----
async function doSens() {
  for (const id of ["sens-delta", "sens-samples"]) { $(id).removeAttribute("aria-invalid"); say($(id + "-error"), null); }
  say($("sens-error"), null);
  const target = $("sens-target").value, method = $("sens-method").value;
  const ed = edits();
  const ps = params().filter(v => { const x = Number(ed[v.name] ?? scenarioValue(v)); return isFinite(x) && x !== 0; }).map(v => v.name);
  if (!ps.length) { say($("sens-error"), "sc_no_params"); return; }
  const num = id => { const s = $(id).value.trim(); const n = Number(s); return s !== "" && isFinite(n) ? n : s; };
  const body = { model: S.id, target, parameters: ps, method, delta: num("sens-delta"), samples: num("sens-samples"), seed: 1, overrides: overridesBody(ed) };
  if (S.scenario) body.scenario = S.scenario;
  await busy($("sens-run"), $("sens-status"), $("sens-chart-box"), async () => {
    try {
      const r = await api("POST", "/api/scenarios/sensitivity", body);
      S.sens = { target, method, ranking: r.ranking, warnings: r.warnings || [] };
      drawSens();
    } catch (e) { placeProblem(e, "sens-error", { delta: { id: "sens-delta", label: "sc_delta" }, samples: { id: "sens-samples", label: "sc_samples" } }); throw e; }
  }).catch(() => {});
}
function drawSens() {
  const s = S.sens;
  if (!s) return;
  barChart($("sens-chart-box"), t("sc_chart_sens", { target: vshort(s.target), method: t(s.method === "lhs" ? "sc_lhs" : "sc_oat") }),
    s.ranking.map(r => ({ name: r.param, label: vshort(r.param), value: r.score })));
  const none = s.ranking.filter(r => r.score == null).map(r => "“" + vshort(r.param) + "”");
  say($("sens-warnings"), none.length ? (s.method === "lhs" ? "sc_undef_lhs" : "sc_undef_oat") : null, { names: none.join(", ") });
  // parameters whose ±δ leaves their declared range are left out by the server (paper 1's shock time, a year)
  const out = (s.warnings || []).map(w => /^left out '(.+?)' perturbed/.exec(w)).filter(Boolean).map(m => "“" + vshort(m[1]) + "”");
  say($("sens-left-out"), out.length ? "sc_left_out" : null, { names: out.join(", ") });
  // a Latin-hypercube ranking has no base value or low/high outputs: its CSV has only what it has
  if (s.method === "lhs") csvHref($("sens-csv"), ["parameter", "low", "high", "score"], s.ranking.map(r => [r.param, r.low, r.high, r.score]));
  else csvHref($("sens-csv"), ["parameter", "base", "low", "high", "output_low", "output_high", "score"],
    s.ranking.map(r => [r.param, r.base, r.low, r.high, r.outLow, r.outHigh, r.score]));
}

function render() {
  document.title = t("sc_heading") + " — " + t("brand");
  sayAgain();
  if (!S.model) return;
  renderModel();
  drawRun(); drawCompare(); drawSweep(); drawSens();
}

// ---- wiring ----
$("model").addEventListener("change", async () => { await loadModel($("model").value); writeUrl(); doRun(); });
$("scenario").addEventListener("change", () => {
  S.scenario = $("scenario").value;
  for (const v of params()) S.values[v.name] = String(scenarioValue(v));
  renderModel(); setSweepRange(); writeUrl(); doRun();
});
$("reset").addEventListener("click", () => { for (const v of params()) S.values[v.name] = String(scenarioValue(v)); renderParams(); writeUrl(); doRun(); });
$("run-form").addEventListener("submit", e => { e.preventDefault(); doRun(); });
$("compare-form").addEventListener("submit", e => { e.preventDefault(); doCompare(); });
$("sweep-form").addEventListener("submit", e => { e.preventDefault(); doSweep(); });
$("sens-form").addEventListener("submit", e => { e.preventDefault(); doSens(); });
$("sweep-param").addEventListener("change", setSweepRange);
let resizeTimer = null; // charts are drawn at their box's width: draw again when it changes
window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { drawRun(); drawCompare(); drawSweep(); drawSens(); }, 200); });
for (const id of ["compare-var", "sweep-output", "sens-target"]) $(id).addEventListener("change", () => { $(id).dataset.touched = "1"; });
$("sens-method").addEventListener("change", () => { $("sens-samples").disabled = $("sens-method").value !== "lhs"; });

(async () => {
  applyI18n();
  document.title = t("sc_heading") + " — " + t("brand");
  onLangToggle(render);
  $("sens-samples").disabled = true;
  try {
    await loadModels();
    if (!S.models.length) return;
    const u = readUrl();
    const known = !u.model || S.models.some(m => m.id === u.model);
    const id = known && u.model ? u.model : S.models[0].id;
    await loadModel(id, u);
    await doRun();
    // a link to a model that is not here says so, rather than showing another model as if it were the one
    if (!known) say($("load-error"), "sc_err_model", { id: u.model });
  } catch (e) {
    say($("load-error"), "sc_err_field", { detail: e.message || t("error") });
  }
})();
