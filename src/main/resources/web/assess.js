// "Assess an AI system": guided questionnaire over /api/rules/questionnaire, result from /api/rules/classify,
// crosswalk browser over /api/rules/crosswalk. The profile lives in localStorage, the date and crosswalk choice in the URL.
Object.assign(I18N.en, {
  as_title: "Assess an AI system",
  as_intro: "Answer the questions one by one: only those that can still change the result are asked. The result lists the EU AI Act risk tier, the rules that decided it, the obligations with their articles and dates, and how each obligation maps onto other regimes.",
  as_on: "Applies on", as_restart: "Start over", as_dl_profile: "Download profile (JSON)", as_dl_result: "Download result (JSON)",
  as_load_profile: "Load a profile (JSON)", as_print: "Print", as_questions: "Questions", as_answers: "Your answers",
  as_no_answers: "No answers yet.", as_result: "Result", as_crosswalk: "Crosswalk between regimes",
  as_crosswalk_intro: "How the duties of one regime map onto another, and which duties the other regime does not cover.",
  as_cw_from: "From", as_cw_to: "To", as_cw_csv: "Download as CSV",
  as_progress: "{answered} answered · {remaining} open questions could still change the result",
  as_done: "Classification determined: no open question can change the result any more.",
  as_done_contradictory: "Not determined: some answers contradict each other. Change one of the answers named below.",
  as_next: "Next", as_save: "Save answer", as_cancel: "Cancel", as_change: "Change", as_clear: "Remove",
  as_yes: "Yes", as_no: "No", as_none_of_these: "Tick none if none applies.", as_pick_one: "Choose an answer.",
  as_pick_some: "Choose at least one.", as_enter_value: "Enter a value.", as_presumed: "While unanswered, presumed: {v}",
  as_number_hint: "A number, e.g. 3e24", as_rejected: "Not accepted: {detail}", as_not_option: "“{value}” is not one of: {options}", as_error: "The server could not answer; try again.",
  as_bad_file: "This file is not a JSON profile.", as_asked_by: "Asked because of: {rules}",
  as_provisional: "provisional", as_final: "determined", as_could_be: "could still be: {tiers}",
  as_tier: "Risk tier", as_tier_from: "these rules apply from {date}", as_gpai: "General-purpose AI model: {v}",
  as_reasons: "Why: the rules that fired", as_sets_tier: "sets the tier", as_based_on: "based on: {answers}",
  as_obligations: "Obligations", as_citation: "Article", as_duty: "Duty", as_roles: "Who", as_applies: "Applies",
  as_maps_to: "Also counts towards (crosswalk)", as_applies_now: "applies on {on}", as_applies_later: "from {date}",
  as_depends_on: "date provisional: earlier if the answer to {fields} makes it apply sooner",
  as_applies_since: "since {date}", as_until: "until {date}", as_upcoming_n: "{n} apply later", as_now_n: "{n} apply on {on}",
  as_none: "none", as_no_obligations: "No obligations.", as_suspended: "Suspended", as_expired: "No longer in force",
  as_soft: "voluntary", as_result_meta: "On {on} · {profile}", as_unnamed: "unnamed system",
  as_result_provisional: "Provisional: answer the open questions to settle it.",
  as_result_contradictory: "Not settled: some answers contradict each other (see the questionnaire).",
  as_cw_same: "Choose two different regimes.",
  as_cw_count: "{n} links from {from} to {to}", as_cw_gaps: "Duties of {from} with no link to {to} ({n})",
  as_relation: "Relation", as_rationale: "Why", as_cw_none: "No links between these regimes.",
  as_contradiction: "Contradiction: {text}", as_official: "official text", as_unanswered: "(unanswered)",
  as_presumed_short: "presumed", as_question_n: "Question {n}",
  as_presumed_value: "presumed: {v}", as_implied_value: "not asked, taken as {v}", as_answer_sep: "; "
});
Object.assign(I18N.zh, {
  as_title: "评估人工智能系统",
  as_intro: "逐一回答问题：只询问仍可能改变结果的问题。结果列出欧盟《人工智能法案》的风险等级、决定等级的规则、义务及其条款和适用日期，以及各项义务在其他制度下的对应义务。",
  as_on: "适用日期", as_restart: "重新开始", as_dl_profile: "下载系统描述（JSON）", as_dl_result: "下载评估结果（JSON）",
  as_load_profile: "载入系统描述（JSON）", as_print: "打印", as_questions: "问题", as_answers: "已作答",
  as_no_answers: "尚未作答。", as_result: "评估结果", as_crosswalk: "制度对照",
  as_crosswalk_intro: "一种制度下的义务如何对应另一种制度，以及哪些义务在另一种制度下没有对应。",
  as_cw_from: "从", as_cw_to: "到", as_cw_csv: "下载 CSV",
  as_progress: "已回答 {answered} 题 · 另有 {remaining} 个问题仍可能改变结果",
  as_done: "分级已确定：没有任何未答问题还能改变结果。",
  as_done_contradictory: "尚未确定：部分答案相互矛盾，请修改下面提到的某个回答。",
  as_next: "下一题", as_save: "保存答案", as_cancel: "取消", as_change: "修改", as_clear: "删除",
  as_yes: "是", as_no: "否", as_none_of_these: "都不适用时不勾选。", as_pick_one: "请选择一个答案。",
  as_pick_some: "请至少选择一项。", as_enter_value: "请填写。", as_presumed: "未回答时推定为：{v}",
  as_number_hint: "数字，例如 3e24", as_rejected: "答案未被接受：{detail}", as_not_option: "“{value}”不是以下之一：{options}", as_error: "服务器未能应答，请重试。",
  as_bad_file: "该文件不是 JSON 格式的系统描述。", as_asked_by: "提问依据的规则：{rules}",
  as_provisional: "暂定", as_final: "已确定", as_could_be: "仍可能为：{tiers}",
  as_tier: "风险等级", as_tier_from: "相关规则自 {date} 起适用", as_gpai: "通用人工智能模型：{v}",
  as_reasons: "依据：触发的规则", as_sets_tier: "决定等级", as_based_on: "依据的回答：{answers}",
  as_obligations: "义务", as_citation: "条款", as_duty: "义务内容", as_roles: "义务主体", as_applies: "适用",
  as_maps_to: "亦可计入（制度对照）", as_applies_now: "{on} 已适用", as_applies_later: "自 {date} 起",
  as_depends_on: "日期为暂定：如 {fields} 的回答使其提前适用，则更早",
  as_applies_since: "自 {date} 起", as_until: "至 {date}", as_upcoming_n: "{n} 项将来适用", as_now_n: "{n} 项在 {on} 已适用",
  as_none: "无", as_no_obligations: "没有义务。", as_suspended: "暂停适用", as_expired: "已失效",
  as_soft: "自愿性", as_result_meta: "日期 {on} · {profile}", as_unnamed: "未命名系统",
  as_result_provisional: "暂定结果：回答其余问题后方可确定。",
  as_result_contradictory: "尚未确定：部分答案相互矛盾（见问卷）。",
  as_cw_same: "请选择两个不同的制度。",
  as_cw_count: "从{from}到{to}共 {n} 条对应", as_cw_gaps: "{from}在{to}下没有对应的义务（{n} 项）",
  as_relation: "关系", as_rationale: "理由", as_cw_none: "这两种制度之间没有对应关系。",
  as_contradiction: "答案相互矛盾：{text}", as_official: "官方文本", as_unanswered: "（未回答）",
  as_presumed_short: "推定", as_question_n: "第 {n} 题",
  as_presumed_value: "推定：{v}", as_implied_value: "未询问，视为{v}", as_answer_sep: "；"
});

// Codes the API uses as values; shown in the page language.
const CODES = {
  en: {
    EU: "EU AI Act", CN: "China", US: "United States", ISO: "ISO/IEC 42001",
    "out-of-scope": "Out of scope", prohibited: "Prohibited practice", high: "High-risk", transparency: "Transparency obligations",
    minimal: "Minimal risk", filing: "Security assessment and algorithm filing", regulated: "Regulated service", "not-covered": "Not covered",
    reporting: "Reporting duties (EO 14110)", voluntary: "Voluntary framework", "management-system": "AI management system",
    gpai: "general-purpose AI model", "gpai-systemic": "general-purpose AI model with systemic risk",
    equivalent: "equivalent", partial: "partial", related: "related",
    provider: "provider", deployer: "deployer", importer: "importer", distributor: "distributor", authorised_representative: "authorised representative",
    general: "general", employment: "employment", education: "education", healthcare: "healthcare", finance: "finance", insurance: "insurance",
    law_enforcement: "law enforcement", migration_border: "migration and border control", justice: "justice", elections: "elections",
    critical_infrastructure: "critical infrastructure", public_services: "public services", media: "media", consumer: "consumer products", other: "other",
    general_public: "general public", children: "children", employees: "employees", students: "students", patients: "patients",
    consumers: "consumers", professionals: "professionals", public_authorities: "public authorities", vulnerable_groups: "vulnerable groups",
    military_defence_national_security: "military, defence or national security", scientific_research: "scientific research and development only",
    pre_market_development: "research, testing or development before it is placed on the market (not real-world testing)",
    personal_non_professional: "personal non-professional use",
    workplace: "workplace", publicly_accessible_space: "publicly accessible spaces", real_time: "real-time", post: "post (not real-time)",
    victims_missing_persons: "searching for victims or missing persons", imminent_threat_terrorism: "imminent threat or terrorist attack",
    serious_crime_suspect: "suspect of a serious crime (Annex II)",
    a_narrow_procedural_task: "(a) a narrow procedural task", b_improves_completed_human_activity: "(b) improves a completed human activity",
    c_detects_patterns_without_replacing_human_assessment: "(c) detects decision patterns without replacing human assessment",
    d_preparatory_task: "(d) a preparatory task",
    text: "text", image: "image", audio: "audio", video: "video",
    A1_machinery: "A1 machinery", A2_toys: "A2 toys", A3_recreational_craft: "A3 recreational craft and personal watercraft", A4_lifts: "A4 lifts",
    A5_atex: "A5 equipment for explosive atmospheres (ATEX)", A6_radio_equipment: "A6 radio equipment", A7_pressure_equipment: "A7 pressure equipment",
    A8_cableways: "A8 cableway installations", A9_ppe: "A9 personal protective equipment", A10_gas_appliances: "A10 appliances burning gaseous fuels",
    A11_medical_devices: "A11 medical devices", A12_in_vitro_diagnostics: "A12 in vitro diagnostic medical devices",
    B13_civil_aviation_security: "B13 civil aviation security", B14_two_three_wheel_vehicles: "B14 two- or three-wheel vehicles and quadricycles",
    B15_agricultural_forestry_vehicles: "B15 agricultural and forestry vehicles", B16_marine_equipment: "B16 marine equipment",
    B17_rail_interoperability: "B17 rail system interoperability", B18_motor_vehicles: "B18 motor vehicles and trailers",
    B19_motor_vehicles_general_safety: "B19 motor vehicle general safety", B20_civil_aviation: "B20 civil aviation",
    "1(a)": "1(a) remote biometric identification", "1(b)": "1(b) biometric categorisation by sensitive attributes", "1(c)": "1(c) emotion recognition",
    "2": "2 safety component of critical infrastructure", "3(a)": "3(a) access or admission to education", "3(b)": "3(b) evaluating learning outcomes",
    "3(c)": "3(c) assessing the level of education a person will receive", "3(d)": "3(d) monitoring students during tests",
    "4(a)": "4(a) recruitment or selection (job ads, screening applications, evaluating candidates)",
    "4(b)": "4(b) decisions on work relationships, tasks, monitoring or evaluating workers",
    "5(a)": "5(a) eligibility for public assistance benefits and services", "5(b)": "5(b) creditworthiness or credit scoring",
    "5(c)": "5(c) risk assessment and pricing in life and health insurance", "5(d)": "5(d) emergency calls, dispatch and triage",
    "6(a)": "6(a) risk of a person becoming a victim of crime", "6(b)": "6(b) polygraphs and similar tools (law enforcement)",
    "6(c)": "6(c) reliability of evidence", "6(d)": "6(d) risk of offending or re-offending", "6(e)": "6(e) profiling in criminal investigations",
    "7(a)": "7(a) polygraphs and similar tools (migration)", "7(b)": "7(b) risks posed by persons entering the territory",
    "7(c)": "7(c) examining asylum, visa and residence applications", "7(d)": "7(d) detecting or identifying persons (migration)",
    "8(a)": "8(a) assisting judicial authorities", "8(b)": "8(b) influencing elections or voting behaviour",
    "1": "1 biometrics", "3": "3 education", "4": "4 employment", "5": "5 essential services", "6": "6 law enforcement",
    "7": "7 migration and border control", "8": "8 justice and democratic processes"
  },
  zh: {
    EU: "欧盟《人工智能法案》", CN: "中国", US: "美国", ISO: "ISO/IEC 42001",
    "out-of-scope": "不在适用范围内", prohibited: "禁止的做法", high: "高风险", transparency: "透明度义务",
    minimal: "最低风险", filing: "安全评估与算法备案", regulated: "受规制的服务", "not-covered": "不在规制范围内",
    reporting: "报告义务（第14110号行政令）", voluntary: "自愿性框架", "management-system": "人工智能管理体系",
    gpai: "通用人工智能模型", "gpai-systemic": "具有系统性风险的通用人工智能模型",
    equivalent: "等同", partial: "部分对应", related: "相关",
    provider: "提供者", deployer: "部署者", importer: "进口者", distributor: "分销者", authorised_representative: "授权代表",
    general: "通用", employment: "就业", education: "教育", healthcare: "医疗", finance: "金融", insurance: "保险",
    law_enforcement: "执法", migration_border: "移民与边境管理", justice: "司法", elections: "选举",
    critical_infrastructure: "关键基础设施", public_services: "公共服务", media: "媒体", consumer: "消费品", other: "其他",
    general_public: "公众", children: "儿童", employees: "雇员", students: "学生", patients: "患者",
    consumers: "消费者", professionals: "专业人员", public_authorities: "公共机关", vulnerable_groups: "弱势群体",
    military_defence_national_security: "军事、国防或国家安全", scientific_research: "仅用于科学研究与开发",
    pre_market_development: "投放市场前的研究、测试或开发（不含真实条件下测试）",
    personal_non_professional: "个人非职业用途",
    workplace: "工作场所", publicly_accessible_space: "公众可进入的场所", real_time: "实时", post: "事后（非实时）",
    victims_missing_persons: "寻找受害者或失踪人员", imminent_threat_terrorism: "迫在眉睫的威胁或恐怖袭击",
    serious_crime_suspect: "严重犯罪（附件二）嫌疑人",
    a_narrow_procedural_task: "(a) 执行狭义的程序性任务", b_improves_completed_human_activity: "(b) 改进已完成的人类活动的结果",
    c_detects_patterns_without_replacing_human_assessment: "(c) 检测决策模式而不取代人工评估",
    d_preparatory_task: "(d) 执行准备性任务",
    text: "文本", image: "图像", audio: "音频", video: "视频",
    A1_machinery: "A1 机械", A2_toys: "A2 玩具", A3_recreational_craft: "A3 休闲船只和个人船只", A4_lifts: "A4 电梯",
    A5_atex: "A5 爆炸性环境用设备（ATEX）", A6_radio_equipment: "A6 无线电设备", A7_pressure_equipment: "A7 压力设备",
    A8_cableways: "A8 索道装置", A9_ppe: "A9 个人防护装备", A10_gas_appliances: "A10 燃气器具",
    A11_medical_devices: "A11 医疗器械", A12_in_vitro_diagnostics: "A12 体外诊断医疗器械",
    B13_civil_aviation_security: "B13 民用航空安全", B14_two_three_wheel_vehicles: "B14 两轮、三轮车辆和四轮摩托车",
    B15_agricultural_forestry_vehicles: "B15 农林车辆", B16_marine_equipment: "B16 船用设备",
    B17_rail_interoperability: "B17 铁路系统互操作性", B18_motor_vehicles: "B18 机动车及挂车",
    B19_motor_vehicles_general_safety: "B19 机动车一般安全", B20_civil_aviation: "B20 民用航空",
    "1(a)": "1(a) 远程生物识别", "1(b)": "1(b) 按敏感属性进行生物特征分类", "1(c)": "1(c) 情绪识别",
    "2": "2 关键基础设施的安全组件", "3(a)": "3(a) 决定教育机构的入学或录取", "3(b)": "3(b) 评估学习成果",
    "3(c)": "3(c) 评估个人将接受的教育水平", "3(d)": "3(d) 考试期间监控学生",
    "4(a)": "4(a) 招聘或甄选（招聘广告、筛选求职申请、评估候选人）",
    "4(b)": "4(b) 影响劳动关系、任务分配、监控或评估员工的决定",
    "5(a)": "5(a) 公共援助福利和服务的资格评估", "5(b)": "5(b) 信用评估或信用评分",
    "5(c)": "5(c) 人寿和健康保险的风险评估与定价", "5(d)": "5(d) 紧急呼叫、调度与分诊",
    "6(a)": "6(a) 评估个人成为犯罪受害者的风险", "6(b)": "6(b) 测谎仪及类似工具（执法）",
    "6(c)": "6(c) 评估证据的可靠性", "6(d)": "6(d) 评估犯罪或再犯风险", "6(e)": "6(e) 刑事侦查中的画像",
    "7(a)": "7(a) 测谎仪及类似工具（移民）", "7(b)": "7(b) 评估入境人员带来的风险",
    "7(c)": "7(c) 审查庇护、签证和居留申请", "7(d)": "7(d) 检测或识别人员（移民）",
    "8(a)": "8(a) 协助司法机关", "8(b)": "8(b) 影响选举或投票行为",
    "1": "1 生物识别", "3": "3 教育", "4": "4 就业", "5": "5 基本服务", "6": "6 执法",
    "7": "7 移民与边境管理", "8": "8 司法与民主程序"
  }
};
// field-specific readings of shared codes
const FIELD_CODES = {
  en: { "exclusive_purpose.none": "none of these", "annex_i_legislation.none": "none of these", "remote_biometric_identification.none": "no remote biometric identification",
    "rbi_exception_objective.none": "none of these", "annex_iii_area.2": "2 critical infrastructure" },
  zh: { "exclusive_purpose.none": "都不是", "annex_i_legislation.none": "都不是", "remote_biometric_identification.none": "不进行远程生物识别",
    "rbi_exception_objective.none": "都不是", "annex_iii_area.2": "2 关键基础设施" }
};
function code(c, field) {
  const lang = currentLang();
  if (field && FIELD_CODES[lang][field + "." + c] != null) return FIELD_CODES[lang][field + "." + c];
  return CODES[lang][c] != null ? CODES[lang][c] : (CODES.en[c] != null ? CODES.en[c] : String(c));
}
const REGIMES = ["EU", "CN", "US", "ISO"];
const NONEMPTY = new Set(["jurisdictions", "role"]); // an empty list here leaves nothing to assess
const KEY = "assess.profile";

let questions = {};   // field -> question from GET /api/rules/questionnaire
let sets = [];        // rule sets, for links to the official texts
let profile = loadProfile();
let on = todayUtc();
let step = null;      // last POST /api/rules/questionnaire answer
let result = null;    // last POST /api/rules/classify answer
let editing = null;   // field being changed from the answers list
let fieldError = null;// {field, detail} from a refused answer
let generalError = null;
let cw = { from: "EU", to: "US", data: null };
let seq = 0;

function todayUtc() { return new Date().toISOString().slice(0, 10); }
function loadProfile() {
  try { const p = JSON.parse(localStorage.getItem(KEY) || "{}"); return p && typeof p === "object" && !Array.isArray(p) ? p : {}; }
  catch (e) { return {}; }
}
function saveProfile() { localStorage.setItem(KEY, JSON.stringify(profile)); }
function readUrl() {
  const p = new URLSearchParams(location.search);
  if (/^\d{4}-\d{2}-\d{2}$/.test(p.get("on") || "")) on = p.get("on");
  if (REGIMES.includes(p.get("cw_from"))) cw.from = p.get("cw_from");
  if (REGIMES.includes(p.get("cw_to"))) cw.to = p.get("cw_to");
}
function writeUrl() {
  const u = new URL(location.href);
  u.searchParams.set("on", on);
  u.searchParams.set("cw_from", cw.from);
  u.searchParams.set("cw_to", cw.to);
  history.replaceState(null, "", u);
}
async function api(method, path, body) {
  const res = await fetch(path, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json() : null;
  if (!res.ok) { const e = new Error((data && data.detail) || res.statusText); e.problem = data || {}; throw e; }
  return data;
}

// Asks the server about a candidate profile; it becomes the profile only if the server accepts it.
// Only a user's change is stored: a page still loading must not write back answers another tab (or a test) has just cleared.
async function evaluate(candidate, answeredField, store = true) {
  const my = ++seq;
  const q = "?on=" + encodeURIComponent(on);
  try {
    const [s, r] = await Promise.all([api("POST", "/api/rules/questionnaire" + q, candidate), api("POST", "/api/rules/classify" + q, candidate)]);
    if (my !== seq) return false;
    profile = candidate; step = s; result = r; fieldError = null; generalError = null;
    if (answeredField && editing === answeredField) editing = null;
    if (store) saveProfile();
    render();
    return true;
  } catch (e) {
    if (my !== seq) return false;
    const p = e.problem || {};
    p.detail = problemDetail(p);
    if (p.field === "on") { fieldError = { field: "on", detail: p.detail }; }
    // the refused value stays in the form, so the user sees what to correct
    else if (p.field && answeredField && (p.field === answeredField || p.field in candidate)) fieldError = { field: p.field, detail: p.detail, value: candidate[p.field] };
    // a loaded or stored profile: its refused field may have no question on screen, so the error names it
    else generalError = p.detail ? t("as_rejected", { detail: p.field && !p.detail.startsWith(p.field) ? label(p.field) + punctColon() + p.detail : p.detail }) : t("as_error");
    if (!p.field && !p.detail) generalError = t("as_error");
    render();
    return false;
  }
}

function render() {
  applyI18n();
  document.title = t("as_title") + " — " + t("brand");
  const onInput = document.getElementById("on");
  if (document.activeElement !== onInput) onInput.value = on;
  showError(document.getElementById("on-error"), fieldError && fieldError.field === "on" ? fieldError.detail : null);
  showError(document.getElementById("general-error"), generalError);
  renderQuestionnaire();
  renderResult();
  renderCrosswalk();
}
function showError(node, detail) {
  node.hidden = !detail;
  node.textContent = detail ? t("as_rejected", { detail }) : "";
  if (node.id === "general-error" && detail) node.textContent = detail;
}

// "'x' is not one of [general, employment, …]" lists codes: the page names the options as its questions do
function problemDetail(p) {
  const m = /'(.*)' is not one of \[.*\]$/s.exec(p.detail_en || p.detail || "");
  const q = p.field && questions[p.field];
  return m && q && q.options ? t("as_not_option", { value: m[1], options: q.options.map(o => code(o, p.field)).join(listSep()) }) : p.detail;
}

// a question's short name in the page language (profile-schema.yaml "label"); the field code only if the server has none
function label(field) {
  const q = questions[field];
  return q && q.label ? pick(q.label) : field;
}
// the system's name is no answer to a question: the result names it (it had been listed and counted as one, "name")
function answeredFields() { return Object.keys(profile).filter(f => f !== "name" && profile[f] !== null && profile[f] !== undefined); }
function valueText(field, v) {
  if (v === null || v === undefined) return t("as_unanswered");
  if (typeof v === "boolean") return v ? t("as_yes") : t("as_no");
  if (Array.isArray(v)) return v.length ? v.map(x => code(x, field)).join(listSep()) : t("as_none");
  const q = questions[field];
  return q && q.options ? code(v, field) : String(v);
}

function renderQuestionnaire() {
  const prog = document.getElementById("progress");
  const prov = document.getElementById("provisional");
  const contra = document.getElementById("contradictions");
  prov.replaceChildren(); contra.replaceChildren();
  if (step) {
    // no open question left is "determined" only without contradictions; the result panel says the same
    const contradictory = (step.contradictions || []).length > 0;
    prog.textContent = step.next ? t("as_progress", { answered: answeredFields().length, remaining: step.remaining })
      : t(contradictory ? "as_done_contradictory" : "as_done");
    prog.classList.toggle("done", !step.next && !contradictory);
    prog.classList.toggle("contradictory", !step.next && contradictory);
    for (const j in step.provisional || {}) {
      const p = step.provisional[j];
      prov.append(el("li", { "data-jurisdiction": j }, el("strong", { text: code(j) + punctColon() }),
        el("span", { class: "tier tier-" + (p.tier || "none"), text: p.tier ? code(p.tier) : t("as_none") }),
        (p.possible_tiers || []).length ? el("span", { class: "meta", text: " · " + t("as_could_be", { tiers: p.possible_tiers.map(x => code(x)).join(listSep()) }) }) : null));
    }
    for (const c of step.contradictions || []) contra.append(el("li", { class: "field-error", text: t("as_contradiction", { text: pick(c.text) || (c.fields || []).map(label).join(listSep()) }) }));
  }
  const form = document.getElementById("question");
  const field = editing || (step && step.next ? step.next.field : null);
  const q = field ? Object.assign({}, questions[field] || {}, editing ? {} : step.next) : null;
  form.replaceChildren();
  form.hidden = !q;
  if (q) buildQuestion(form, q, field);
  const dl = document.getElementById("answers");
  dl.replaceChildren();
  const fields = answeredFields();
  document.getElementById("no-answers").hidden = fields.length > 0;
  const order = Object.keys(questions);
  fields.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const f of fields) {
    const qq = questions[f];
    dl.append(el("div", { class: "answer", "data-field": f },
      el("dt", { text: qq && qq.question ? pick(qq.question) : f }),
      el("dd", null, el("span", { class: "answer-value", text: valueText(f, profile[f]) }), " ",
        el("button", { type: "button", class: "linklike no-print change", text: t("as_change"), onclick: () => { editing = f; fieldError = null; render(); focusQuestion(); } }),
        " ",
        el("button", { type: "button", class: "linklike no-print remove", text: t("as_clear"), onclick: () => {
          const c = Object.assign({}, profile); delete c[f]; if (editing === f) editing = null; evaluate(c);
        } }),
        fieldError && fieldError.field === f && f !== field ? el("span", { class: "field-error", text: t("as_rejected", { detail: fieldError.detail }) }) : null)));
  }
}

function focusQuestion() {
  const first = document.querySelector("#question input, #question textarea, #question select");
  if (first) first.focus();
}

function buildQuestion(form, q, field) {
  form.dataset.field = field;
  form.dataset.type = q.type;
  const idBase = "qa-" + field;
  const fs = el("fieldset");
  fs.append(el("legend", { class: "question-text", text: pick(q.question) || field }));
  if (q.help && pick(q.help)) fs.append(el("p", { class: "meta", text: pick(q.help) }));
  const current = fieldError && fieldError.field === field && fieldError.value !== undefined ? fieldError.value
    : profile[field] !== undefined && profile[field] !== null ? profile[field] : q.presumed;
  const opts = el("div", { class: "options" });
  if (q.type === "bool") {
    for (const v of [true, false]) {
      const r = el("input", { type: "radio", name: idBase, id: idBase + "-" + v, value: String(v) });
      r.checked = current === v;
      opts.append(el("label", { for: idBase + "-" + v, class: "opt" }, r, " " + (v ? t("as_yes") : t("as_no"))));
    }
  } else if (q.type === "enum") {
    for (const o of q.options || []) {
      const r = el("input", { type: "radio", name: idBase, id: idBase + "-" + o, value: o });
      r.checked = current === o;
      opts.append(el("label", { for: idBase + "-" + o, class: "opt" }, r, " " + code(o, field)));
    }
  } else if (q.type === "enum_list") {
    const cur = Array.isArray(current) ? current : (current ? [current] : []);
    for (const o of q.options || []) {
      const c = el("input", { type: "checkbox", name: idBase, id: idBase + "-" + o, value: o });
      c.checked = cur.includes(o);
      opts.append(el("label", { for: idBase + "-" + o, class: "opt" }, c, " " + code(o, field)));
    }
    if (!NONEMPTY.has(field)) opts.append(el("p", { class: "meta", text: t("as_none_of_these") }));
  } else if (q.type === "date") {
    const i = el("input", { type: "date", id: idBase, min: "1950-01-01", max: "2100-12-31" });
    if (current) i.value = current;
    opts.append(i);
  } else if (q.type === "number") {
    const i = el("input", { type: "text", id: idBase, inputmode: "decimal", autocomplete: "off", placeholder: t("as_number_hint") });
    if (current !== undefined && current !== null) i.value = String(current);
    opts.append(i);
  } else {
    const i = el("textarea", { id: idBase, rows: "3" });
    if (current) i.value = current;
    opts.append(i);
  }
  fs.append(opts);
  if (q.presumed !== undefined && q.presumed !== null) fs.append(el("p", { class: "meta presumed", text: t("as_presumed", { v: valueText(field, q.presumed) }) }));
  const err = el("p", { class: "field-error", id: "error-" + field, role: "alert" });
  if (fieldError && fieldError.field === field) err.textContent = t("as_rejected", { detail: fieldError.detail });
  err.hidden = !err.textContent;
  fs.append(err);
  form.append(fs);
  form.append(el("div", { class: "buttons" },
    el("button", { type: "submit", id: "answer", text: editing ? t("as_save") : t("as_next") }),
    editing ? el("button", { type: "button", id: "cancel-edit", text: t("as_cancel"), onclick: () => { editing = null; fieldError = null; render(); } }) : null));
  form.onsubmit = async e => {
    e.preventDefault();
    const v = readAnswer(form, q, field);
    if (v && v.invalid) { err.textContent = v.invalid; err.hidden = false; return; }
    const btn = document.getElementById("answer");
    btn.disabled = true;
    const c = Object.assign({}, profile, { [field]: v.value });
    const ok = await evaluate(c, field);
    if (ok) focusQuestion();
    else { const b = document.getElementById("answer"); if (b) b.disabled = false; }
  };
}

function readAnswer(form, q, field) {
  const checked = [...form.querySelectorAll("input:checked")].map(i => i.value);
  if (q.type === "bool") return checked.length ? { value: checked[0] === "true" } : { invalid: t("as_pick_one") };
  if (q.type === "enum") return checked.length ? { value: checked[0] } : { invalid: t("as_pick_one") };
  if (q.type === "enum_list") return NONEMPTY.has(field) && !checked.length ? { invalid: t("as_pick_some") } : { value: checked };
  const i = form.querySelector("input, textarea");
  const v = i.value.trim();
  if (!v) return { invalid: t("as_enter_value") };
  // numbers go as typed (the API reads "3e25"), so the server is the one judge of what a number is
  return { value: v };
}

function setUrl(rs) { const s = sets.find(x => x.id === rs); return s ? s.url : null; }
function citationUrl(citation) {
  // crosswalk rows have no rule set id: the citation starts with the instrument's name
  const s = sets.filter(x => x.instrument && citation && citation.startsWith(x.instrument)).sort((a, b) => b.instrument.length - a.instrument.length)[0];
  return s ? s.url : null;
}
// Short names of the instruments of a regime that has several (China's four rules, the US's two), by rule set id.
const SHORT_NAMES = {
  en: { "cn-algorithm-recommendation": "Algorithmic Recommendation Provisions", "cn-deep-synthesis": "Deep Synthesis Provisions",
    "cn-generative-ai": "Interim Measures for Generative AI Services", "cn-ai-content-labelling": "AI Content Labelling Measures",
    "us-nist-ai-rmf": "NIST AI RMF", "us-eo-14110": "EO 14110" },
  zh: { "cn-algorithm-recommendation": "《算法推荐管理规定》", "cn-deep-synthesis": "《深度合成管理规定》",
    "cn-generative-ai": "《生成式人工智能服务管理暂行办法》", "cn-ai-content-labelling": "《标识办法》",
    "us-nist-ai-rmf": "NIST AI RMF", "us-eo-14110": "第 14110 号行政令" }
};
// A citation next to its regime's name: "Regulation (EU) 2024/1689, Art. 9(1)" -> "Art. 9(1)" where the regime has one
// instrument; where it has several the instrument's short name stays ("中国：《生成式人工智能服务管理暂行办法》第 7 条", not "Art. 7").
function shortCitation(citation) {
  const s = sets.filter(x => x.instrument && citation && citation.startsWith(x.instrument + ", ")).sort((a, b) => b.instrument.length - a.instrument.length)[0];
  if (!s) return citeZh(citation);
  const rest = citeZh(citation.substring(s.instrument.length + 2));
  if (sets.filter(x => x.jurisdiction === s.jurisdiction).length < 2) return rest;
  const lang = currentLang(), name = SHORT_NAMES[lang][s.id] || (lang === "zh" ? "《" + pick(s.title) + "》" : s.instrument);
  return lang === "zh" ? name + (rest.startsWith("第") ? "" : " ") + rest : name + ", " + rest;
}
// A Chinese reader gets the citation in Chinese legal form ("Regulation (EU) 2024/1689, Art. 5(1)(f)" → "欧盟第 2024/1689 号条例，
// 第 5 条第 1 款第 (f) 项"); the English citation stays in the tooltip, as the official texts cite it.
const ORDINAL_ZH = { first: "一", second: "二", third: "三", fourth: "四", fifth: "五" };
// I–XIII in Chinese numerals (一 … 十三)
function romanZh(r) {
  const v = { I: 1, V: 5, X: 10 };
  let n = 0;
  for (let k = 0; k < r.length; k++) n += v[r[k]] < (v[r[k + 1]] || 0) ? -v[r[k]] : v[r[k]];
  const d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  return n < 10 ? d[n] : n === 10 ? "十" : n < 20 ? "十" + d[n - 10] : r;
}
function citeZh(c) {
  if (!c || currentLang() !== "zh") return c;
  return c.replace(/^([\u4e00-\u9fff]+) \([^)]*\)/, "《$1》")
    .replace(/Regulation \(EU\) (\d{4}\/\d+)/g, "欧盟第 $1 号条例")
    .replace(/Executive Order (\d+)/g, "第 $1 号行政令")
    .replace(/Art\. (\d+[a-z]?)((?:\([^)]+\))*)/g, (m, a, parts) => {
      const ps = parts.match(/\(([^)]+)\)/g) || [];
      return "第 " + a + " 条" + (ps[0] ? "第 " + ps[0].slice(1, -1) + " 款" : "") + ps.slice(1).map(p => "第 " + p + " 项").join("");
    })
    .replace(/, (first|second|third|fourth|fifth) subparagraph/g, (m, o) => "第" + ORDINAL_ZH[o] + "段")
    // the Act's Chinese translation numbers its annexes 附件三, 附件四, as the questions do (附件 III had stood beside 附件三用例)
    .replace(/Annex ([IVX]+), Section ([A-Z])/g, (m, r, sec) => "附件" + romanZh(r) + " 第 " + sec + " 节")
    .replace(/Annex ([IVX]+), point ([^;,]+)/g, (m, r, pt) => "附件" + romanZh(r) + " 第 " + pt + " 点")
    .replace(/Annex ([IVX]+)/g, (m, r) => "附件" + romanZh(r))
    // a standard's annex is a 附录 (ISO/IEC 42001's Annex A and its controls A.2–A.10)
    .replace(/Annex ([A-Z]), point ([A-Z]\.[\d.]+)/g, "附录 $1 第 $2 项")
    .replace(/Annex ([A-Z])\b/g, "附录 $1")
    .replace(/Sec\. (\d+(?:\.\d+)*)((?:\([^)]+\))*)/g, "第 $1$2 节")
    .replace(/clause (\d+(?:\.\d+)*)-(\d+(?:\.\d+)*)/g, "第 $1 至 $2 条")
    .replace(/clause ([\d.]+)/g, "第 $1 条")
    .replace(/ and /g, "及").replace(/, /g, "，").replace(/; /g, "；");
}
// shown: the text on screen when not the whole citation (a short form); the whole one is then the tooltip
function cite(citation, url, shown) {
  shown = shown || citeZh(citation);
  const title = shown !== citation ? citation : undefined;
  return url ? el("a", { href: url, class: "citation", target: "_blank", rel: "noopener", title: (title ? title + " · " : "") + t("as_official") }, shown)
    : el("span", Object.assign({ class: "citation", text: shown }, title ? { title } : {}));
}

function renderResult() {
  const meta = document.getElementById("result-meta");
  const body = document.getElementById("result-body");
  body.replaceChildren();
  if (!result) { meta.textContent = ""; return; }
  meta.textContent = t("as_result_meta", { on: result.on, profile: result.profile || t("as_unnamed") }) + (result.complete ? "" : " · " + t((step && (step.contradictions || []).length) ? "as_result_contradictory" : "as_result_provisional"));
  const codes = Object.keys(result).filter(k => REGIMES.includes(k));
  for (const j of codes) body.append(renderJurisdiction(j, result[j]));
}

function renderJurisdiction(j, r) {
  const box = el("section", { class: "jurisdiction", "data-jurisdiction": j });
  box.append(el("h3", { text: code(j) }));
  const tierLine = el("p", { class: "tier-line" }, el("span", { class: "meta", text: t("as_tier") + punctColon() }),
    el("span", { class: "tier tier-" + (r.tier || "none"), "data-tier": r.tier || "", text: r.tier ? code(r.tier) : t("as_none") }), " ",
    el("span", { class: "badge " + (r.complete ? "final" : "provisional"), text: r.complete ? t("as_final") : t("as_provisional") }));
  if (r.tier_applies_from) tierLine.append(el("span", { class: "meta", text: " · " + t("as_tier_from", { date: r.tier_applies_from }) }));
  if ((r.possible_tiers || []).length) tierLine.append(el("span", { class: "meta", text: " · " + t("as_could_be", { tiers: r.possible_tiers.map(x => code(x)).join(listSep()) }) }));
  box.append(tierLine);
  if (r.gpai && r.gpai !== "none") box.append(el("p", { class: "meta gpai", text: t("as_gpai", { v: code(r.gpai) }) }));
  const basis = new Set(r.tier_basis || []);
  // the rules that set the tier first, then those that read an answer, then those that only add duties
  const weight = s => basis.has(s.rule) ? 0 : Object.keys(s.answers || {}).length || s.note ? 1 : 2;
  // reason:false marks helper facts and other roles' duties: in the trace, not among the reasons
  const fired = (r.trace || []).filter(s => s.result === "fired" && s.reason !== false).map((s, i) => [s, i])
    .sort((a, b) => weight(a[0]) - weight(b[0]) || a[1] - b[1]).map(x => x[0]);
  if (fired.length) {
    const ul = el("ul", { class: "reasons" });
    for (const s of fired) {
      // inputs: the answers as values with their status, named by label; answers (rendered strings) from an older server
      const ans = (s.inputs ? s.inputs.map(i => label(i.field) + " = " + inputText(i))
        : Object.keys(s.answers || {}).map(f => label(f) + " = " + shownAnswer(f, s.answers[f]))).join(t("as_answer_sep"));
      ul.append(el("li", { "data-rule": s.rule, class: basis.has(s.rule) ? "basis" : "" },
        cite(s.citation, citationUrl(s.citation)),
        basis.has(s.rule) ? el("span", { class: "badge basis", text: t("as_sets_tier") }) : null,
        s.note ? el("div", { class: "note", text: pick(s.note) }) : null,
        ans ? el("div", { class: "meta", text: t("as_based_on", { answers: ans }) }) : null));
    }
    box.append(el("details", { class: "reasons-box", open: "" }, el("summary", { text: t("as_reasons") + punctParen(fired.length) }), ul));
  }
  const now = r.obligations || [], later = r.upcoming || [];
  box.append(el("h4", { text: t("as_obligations") + " — " + t("as_now_n", { n: now.length, on: result.on }) + (later.length ? " · " + t("as_upcoming_n", { n: later.length }) : "") }));
  if (!now.length && !later.length) box.append(el("p", { class: "meta", text: t("as_no_obligations") }));
  else box.append(el("div", { class: "as-scroll" }, dutyTable(now.map(d => [d, "now"]).concat(later.map(d => [d, "later"])))));
  for (const [key, list] of [["as_suspended", r.suspended], ["as_expired", r.expired]]) {
    if (!(list || []).length) continue;
    const ul = el("ul", { class: "as-gaps " + key });
    for (const d of list) ul.append(el("li", null, cite(d.citation, setUrl(d.rule_set)), " ", pick(d.text),
      d.suspended_because ? el("div", { class: "meta", text: pick(d.suspended_because) }) : null));
    box.append(el("details", null, el("summary", { text: t(key) + punctParen(list.length) }), ul));
  }
  return box;
}
function inputText(i) {
  if (i.status === "presumed") return t("as_presumed_value", { v: valueText(i.field, i.value) });
  if (i.status === "implied") return t("as_implied_value", { v: valueText(i.field, i.value) });
  return valueText(i.field, i.value);
}
function shownAnswer(f, v) {
  if (typeof v === "string" && v.startsWith("(unanswered")) {
    const m = /(?:presumed|implied) (.*)\)$/.exec(v);
    return m ? t("as_presumed_short") + " " + m[1] : t("as_unanswered");
  }
  return valueText(f, v);
}
function dutyTable(rows) {
  const table = el("table", { class: "as-table obligations" });
  table.append(el("thead", null, el("tr", null, ...["as_citation", "as_duty", "as_roles", "as_applies", "as_maps_to"].map(k => el("th", { text: t(k) })))));
  const tb = el("tbody");
  for (const [d, when] of rows) {
    const applies = when === "now"
      ? el("span", { class: "applies now" }, el("span", { class: "badge now", text: t("as_applies_now", { on: result.on }) }), el("div", { class: "meta date", text: t("as_applies_since", { date: d.applies_from }) }))
      : el("span", { class: "applies later" }, el("span", { class: "badge later date", text: t("as_applies_later", { date: d.applies_from }) }));
    if (d.applies_to) applies.append(el("div", { class: "meta", text: t("as_until", { date: d.applies_to }) }));
    // Art. 113(c): listed from 2027 while an Annex III question that could bring it forward is open
    if ((d.depends_on || []).length) applies.append(el("div", { class: "meta depends-on", text: t("as_depends_on", { fields: d.depends_on.map(label).join(listSep()) }) }));
    const maps = el("ul", { class: "maps" });
    for (const l of d.also_counts_towards || [])
      maps.append(el("li", { "data-regime": l.regime, title: l.citation }, el("strong", { text: code(l.regime) + punctColon() }),
        cite(l.citation, citationUrl(l.citation), shortCitation(l.citation)), el("span", { class: "meta", text: " · " + code(l.relation) })));
    tb.append(el("tr", { class: "duty " + when, "data-id": d.id },
      el("td", null, cite(d.citation, setUrl(d.rule_set)), d.binding === "soft" ? el("div", { class: "meta", text: t("as_soft") }) : null),
      el("td", { text: pick(d.text) }),
      // each role unbroken ("提供者", not "提供\n者"); the cell breaks only between roles
      el("td", { class: "roles" }, ...(d.role || []).flatMap((x, i) => [i ? listSep() : "", el("span", { class: "role", text: code(x) })])),
      el("td", null, applies),
      el("td", null, (d.also_counts_towards || []).length ? maps : el("span", { class: "meta", text: t("as_none") }))));
  }
  table.append(tb);
  return table;
}

function fillRegimes(sel, value) {
  sel.replaceChildren(...REGIMES.map(r => el("option", { value: r, text: code(r) })));
  sel.value = value;
}
async function loadCrosswalk() {
  writeUrl();
  if (cw.from === cw.to) { cw.data = null; renderCrosswalk(); return; }
  const my = cw.from + ">" + cw.to;
  try {
    const d = await api("GET", "/api/rules/crosswalk?from=" + cw.from + "&to=" + cw.to);
    if (my === cw.from + ">" + cw.to) { cw.data = d; renderCrosswalk(); }
  } catch (e) { generalError = t("as_error"); render(); }
}
function renderCrosswalk() {
  fillRegimes(document.getElementById("cw-from"), cw.from);
  fillRegimes(document.getElementById("cw-to"), cw.to);
  document.getElementById("cw-csv").href = "/api/rules/crosswalk?from=" + cw.from + "&to=" + cw.to + "&format=csv&bom=true";
  const table = document.getElementById("cw-table");
  const gaps = document.getElementById("cw-gaps");
  table.replaceChildren(); gaps.replaceChildren();
  const d = cw.data;
  const csv = document.getElementById("cw-csv");
  csv.hidden = cw.from === cw.to;
  if (csv.hidden) csv.removeAttribute("href"); // no address of a request the API refuses
  if (cw.from === cw.to) { document.getElementById("cw-summary").textContent = t("as_cw_same"); return; }
  if (!d) return;
  const links = d.links || [];
  document.getElementById("cw-summary").textContent = links.length ? t("as_cw_count", { n: links.length, from: code(d.from), to: code(d.to) }) : t("as_cw_none");
  if (links.length) {
    table.append(el("thead", null, el("tr", null, el("th", { text: code(d.from) }), el("th", { text: code(d.to) }),
      el("th", { text: t("as_relation") }), el("th", { text: t("as_rationale") }))));
    const tb = el("tbody");
    for (const l of links) {
      // links are symmetric: show the chosen "from" regime on the left
      const flip = l.from_regime !== d.from;
      const a = flip ? l.to_citation : l.from_citation, b = flip ? l.from_citation : l.to_citation;
      // the column heads name the regimes: cells show the short citation as the result's crosswalk column does, the full one as tooltip
      tb.append(el("tr", { class: "link", "data-id": l.id }, el("td", null, cite(a, citationUrl(a), shortCitation(a))),
        el("td", null, cite(b, citationUrl(b), shortCitation(b))),
        el("td", { class: "relation", text: code(l.relation) }), el("td", { text: pick(l.rationale) })));
    }
    table.append(tb);
  }
  const gapList = d["not_covered_by_" + d.to] || [];
  document.getElementById("cw-gaps-title").textContent = t("as_cw_gaps", { from: code(d.from), to: code(d.to), n: gapList.length });
  for (const g of gapList) gaps.append(el("li", { "data-id": g.id }, cite(g.citation, citationUrl(g.citation), shortCitation(g.citation)), " ", pick(g.text)));
}

function download(name, obj) {
  const a = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(obj, null, 2) + "\n"], { type: "application/json" })), download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

document.getElementById("on").addEventListener("change", e => {
  const v = e.target.value;
  if (!v) return;
  const before = on;
  on = v;
  writeUrl();
  evaluate(Object.assign({}, profile), null, false).then(ok => { if (!ok) { on = before; writeUrl(); } });
});
document.getElementById("restart").addEventListener("click", () => { editing = null; fieldError = null; evaluate({}); });
document.getElementById("dl-profile").addEventListener("click", () => download("profile.json", profile));
document.getElementById("dl-result").addEventListener("click", () => download("assessment-" + on + ".json", { on, profile, result }));
document.getElementById("print").addEventListener("click", () => window.print());
document.getElementById("load-profile").addEventListener("change", async e => {
  const f = e.target.files[0];
  e.target.value = "";
  if (!f) return;
  let p;
  try { p = JSON.parse(await f.text()); } catch (x) { p = null; }
  if (!p || typeof p !== "object" || Array.isArray(p)) { generalError = t("as_bad_file"); render(); return; }
  editing = null;
  evaluate(p);
});
document.getElementById("cw-from").addEventListener("change", e => { cw.from = e.target.value; cw.data = null; loadCrosswalk(); });
document.getElementById("cw-to").addEventListener("change", e => { cw.to = e.target.value; cw.data = null; loadCrosswalk(); });

(async () => {
  readUrl();
  writeUrl();
  applyI18n();
  onLangToggle(render);
  try {
    const [qs, ss] = await Promise.all([api("GET", "/api/rules/questionnaire"), api("GET", "/api/rules/sets")]);
    for (const q of qs.questions) questions[q.field] = q;
    sets = ss;
  } catch (e) { generalError = t("as_error"); }
  loadCrosswalk();
  // a stored profile the server now refuses (say, a field renamed) is shown as an error, not lost
  if (!(await evaluate(Object.assign({}, profile), null, false))) render();
})();
