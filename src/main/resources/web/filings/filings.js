// Filings pages: sign-in, list, forms with a message beside each field, review actions.
// Every piece of filing data is written with textContent (never innerHTML), so markup in a filing shows as text.
"use strict";
const L = {
  en: {
    title: "Filings", brand: "AI Governance Observatory", filings: "Filings", nav_search: "Search", nav_api: "API", nav_incidents: "Incident monitor", nav_analysis: "Assessment", nav_assess: "Classify an AI system", nav_scenarios: "Scenarios", signin: "Sign in", signout: "Sign out", email: "E-mail",
    password: "Password", signed_in_as: "Signed in as", public_view: "Public view: published filings", new_filing: "New filing",
    rules_report: "National AI rules report", disclosure: "AI system / model disclosure", incident: "Incident report",
    col_title: "Title", col_type: "Type", col_party: "Party", col_state: "State", col_updated: "Updated", save: "Save",
    party: "Reporting party", errors: "Please correct the fields marked below.", add: "Add", remove: "Remove", yes: "Yes", no: "No",
    submit: "Submit", start_review: "Start review", return: "Return with comments", publish: "Publish", edit: "Edit",
    comment: "Comment for the reporter", history: "History", changes: "Changes in this version", field: "Field", from: "Before", to: "After",
    by: "By", when: "When", version: "Version", none: "Nothing here yet.", lang: "中文", feed: "Atom feed",
    st_draft: "Draft", st_submitted: "Submitted", st_in_review: "In review", st_returned: "Returned", st_amended: "Amended",
    st_resubmitted: "Resubmitted", st_published: "Published", not_found: "Filing not found.", saved: "Saved.",
    notifications: "Notifications (webhooks)", wh_url: "Receiver URL", wh_party: "Only this party (optional)", wh_type: "Only this type (optional)",
    wh_add: "Add webhook", wh_secret: "Added. Each delivery is signed with HMAC-SHA256 in X-Filings-Signature; the secret is shown only now: {secret}",
    wh_off: "Deactivate", wh_active: "active", wh_inactive: "inactive", any: "any", deliveries: "Recent deliveries", dl_webhook: "Webhook",
    dl_created: "Queued", dl_status: "Status", dl_attempts: "Attempts", dl_last: "Last answer", dl_retry: "Send again",
    dl_delivered: "delivered {at}", dl_given_up: "given up {at} (the receiver refused it)", dl_waiting: "waiting · next attempt {at}",
    role_admin: "Administrator", role_reviewer: "Reviewer", role_reporter: "Reporter", role_analyst: "Analyst",
    sign_in_first: "Please sign in to file or edit a filing.", you: "you", cannot: "Not done: ", item: "item {n}"
  },
  zh: {
    title: "报送", brand: "人工智能治理观察站", filings: "报送", nav_search: "检索", nav_api: "接口", nav_incidents: "事件监测", nav_analysis: "评估分析", nav_assess: "人工智能系统分类", nav_scenarios: "情景推演", signin: "登录", signout: "退出", email: "电子邮箱",
    password: "密码", signed_in_as: "当前用户", public_view: "公众视图：已发布的报送", new_filing: "新建报送",
    rules_report: "国家人工智能规则报告", disclosure: "人工智能系统/模型披露", incident: "事件报告",
    col_title: "标题", col_type: "类型", col_party: "报送方", col_state: "状态", col_updated: "更新时间", save: "保存",
    party: "报送方", errors: "请更正下列标出的字段。", add: "添加", remove: "删除", yes: "是", no: "否",
    submit: "提交", start_review: "开始审核", return: "退回并附意见", publish: "发布", edit: "编辑",
    comment: "给报送人的意见", history: "流转记录", changes: "本版本的修改", field: "字段", from: "修改前", to: "修改后",
    by: "操作人", when: "时间", version: "版本", none: "暂无内容。", lang: "English", feed: "Atom 订阅",
    st_draft: "草稿", st_submitted: "已提交", st_in_review: "审核中", st_returned: "已退回", st_amended: "已修改",
    st_resubmitted: "已重新提交", st_published: "已发布", not_found: "未找到该报送。", saved: "已保存。",
    notifications: "通知（Webhook）", wh_url: "接收地址", wh_party: "仅限此报送方（可选）", wh_type: "仅限此类型（可选）",
    wh_add: "添加 Webhook", wh_secret: "已添加。每次投递都在 X-Filings-Signature 头中附 HMAC-SHA256 签名；密钥仅此一次显示：{secret}",
    wh_off: "停用", wh_active: "启用中", wh_inactive: "已停用", any: "不限", deliveries: "最近的投递", dl_webhook: "Webhook",
    dl_created: "排队时间", dl_status: "状态", dl_attempts: "尝试次数", dl_last: "最近应答", dl_retry: "重新发送",
    dl_delivered: "已送达 {at}", dl_given_up: "已放弃 {at}（接收方拒收）", dl_waiting: "等待中 · 下次尝试 {at}",
    role_admin: "管理员", role_reviewer: "审核人", role_reporter: "报送人", role_analyst: "分析人员",
    sign_in_first: "请先登录，再填写或修改报送。", you: "您本人", cannot: "未能完成：", item: "第 {n} 项"
  }
};
// as on the other pages: ?lang= wins and is remembered, then the remembered choice, then the browser's language
let LANG = (() => {
  const p = new URLSearchParams(location.search).get("lang");
  if (p === "zh" || p === "en") { localStorage.setItem("lang", p); return p; }
  return localStorage.getItem("lang") || ((navigator.language || "").startsWith("zh") ? "zh" : "en");
})();
const t = k => (L[LANG] && L[LANG][k]) || L.en[k] || k;
const lab = f => (f.label && (f.label[LANG] || f.label.en)) || f.name;

// Codes a reader sees (harms, severity, modalities, statuses …) by a label in the page's language; the code stays in the
// title attribute for analysts. The registry's own vocabularies (instrument type, binding, status) come from /api/vocab.
const CODES = {
  modality: { text: ["Text", "文本"], image: ["Image", "图像"], audio: ["Audio", "音频"], video: ["Video", "视频"], code: ["Code", "代码"],
    structured_data: ["Structured data", "结构化数据"], robotics: ["Robotics", "机器人"], other: ["Other", "其他"] },
  harm: { physical: ["Physical", "人身伤害"], psychological: ["Psychological", "心理伤害"], financial: ["Financial", "经济损失"],
    rights: ["Rights", "权利侵害"], discrimination: ["Discrimination", "歧视"], privacy: ["Privacy", "隐私"], security: ["Security", "安全"],
    environment: ["Environment", "环境"], societal: ["Societal", "社会危害"], other: ["Other", "其他"] },
  severity: { low: ["Low", "低"], medium: ["Medium", "中"], high: ["High", "高"], critical: ["Critical", "严重"] },
  incident_status: { open: ["Open", "未处理"], mitigated: ["Mitigated", "已缓解"], resolved: ["Resolved", "已解决"] },
  market_status: { planned: ["Planned", "计划中"], on_market: ["On the market", "已上市"], in_service: ["In service", "已投入使用"],
    withdrawn: ["Withdrawn", "已撤出市场"], recalled: ["Recalled", "已召回"] },
  action: { new: ["New", "新增"], amended: ["Amended", "修订"], repealed: ["Repealed", "废止"] }
};
let VOCAB = {};
function codeLabel(group, code) {
  const own = CODES[group] && CODES[group][code];
  if (own) return own[LANG === "zh" ? 1 : 0];
  const term = (VOCAB[group] || []).find(x => x.code === code);
  return term ? (LANG === "zh" ? term.zh : term.en) || code : code;
}
/** One code as text in the page's language, the code itself in the title. */
const codeEl = (group, code) => el("span", { class: "code", "data-code": code, title: code, text: codeLabel(group, code) });
// a rules report's stored title is "AI rules report <jurisdiction> <period>"; shown as the type's name in the page's language
function filingTitle(f) {
  const m = f.type === "rules_report" && /^AI rules report ([\s\S]*)$/.exec(f.title || "");
  return m ? t("rules_report") + (LANG === "zh" ? "：" : ": ") + m[1] : f.title || f.id;
}

// Form schemas; labels bilingual. kinds: text, textarea, date, number, bool, select, multi, bitext, group.
const V = {
  itype: ["law", "regulation", "executive_order", "strategy", "policy", "guideline", "standard", "principles", "declaration", "framework",
    "recommendation", "resolution", "report", "bill", "other"],
  binding: ["hard", "soft"],
  status: ["proposed", "draft", "adopted", "in_force", "active", "amended", "superseded", "revoked", "expired", "unknown"],
  modality: ["text", "image", "audio", "video", "code", "structured_data", "robotics", "other"],
  harm: ["physical", "psychological", "financial", "rights", "discrimination", "privacy", "security", "environment", "societal", "other"]
};
const F = (name, en, zh, kind, extra) => Object.assign({ name, label: { en, zh }, kind }, extra || {});
const SOURCES = F("sources", "Sources", "来源", "group", { fields: [F("url", "URL", "网址", "text"), F("citation", "Citation", "引文", "text")] });
const SCHEMAS = {
  rules_report: [
    F("jurisdiction", "Jurisdiction code (e.g. CN, EU)", "法域代码（如 CN、EU）", "text", { required: true }),
    F("period", "Reporting period", "报告期", "text"),
    F("summary", "Summary", "摘要", "bitext"),
    F("instruments", "Instruments", "文书", "group", { required: true, fields: [
      F("action", "Action", "变动", "select", { options: ["new", "amended", "repealed"], codes: "action", required: true }),
      F("registry_id", "Registry id (amended / repealed)", "登记编号（修订/废止时）", "text"),
      F("name", "Name", "名称", "bitext"),
      F("type", "Instrument type", "文书类型", "select", { options: V.itype, codes: "instrument_type" }),
      F("date", "Adopted", "通过日期", "date"),
      F("date_effective", "In effect from", "生效日期", "date"),
      F("date_end", "Ended", "终止日期", "date"),
      F("binding", "Binding force", "约束力", "select", { options: V.binding, codes: "binding" }),
      F("status", "Status", "状态", "select", { options: V.status, codes: "status" }),
      F("summary", "Summary", "摘要", "bitext"),
      SOURCES]
    })
  ],
  disclosure: [
    F("developer", "Developer", "开发者", "text", { required: true }),
    F("system_name", "System or model name", "系统或模型名称", "text", { required: true }),
    F("version", "Version", "版本", "text", { required: true }),
    F("release_date", "Release date", "发布日期", "date"),
    F("market_status", "Market status", "上市状态", "select", { options: ["planned", "on_market", "in_service", "withdrawn", "recalled"], codes: "market_status" }),
    F("modalities", "Modalities", "模态", "multi", { options: V.modality, codes: "modality", required: true }),
    F("capabilities", "Capabilities", "能力", "textarea", { required: true }),
    F("limitations", "Known limitations", "已知局限", "textarea"),
    F("intended_uses", "Intended uses", "预期用途", "textarea", { required: true }),
    F("prohibited_uses", "Prohibited uses", "禁止用途", "textarea", { required: true }),
    F("training_compute_flop", "Training compute (FLOP)", "训练算力（FLOP）", "number"),
    F("training_compute_note", "Compute note", "算力说明", "text"),
    F("training_data_summary", "Training data summary", "训练数据概述", "textarea", { required: true }),
    F("evaluations", "Evaluations", "评估", "group", { fields: [F("name", "Evaluation", "评估名称", "text"), F("result", "Result", "结果", "text"),
      F("method", "Method", "方法", "text")] }),
    F("safety_measures", "Safety measures", "安全措施", "textarea", { required: true }),
    F("security_measures", "Security measures", "安全防护措施", "textarea"),
    F("known_incidents", "Known incidents", "已知事件", "group", { fields: [F("date", "Date", "日期", "date"),
      F("description", "Description", "描述", "text")] }),
    F("deployment_regions", "Regions of deployment (comma-separated codes)", "部署地区（逗号分隔的代码）", "codes", { required: true }),
    F("open_weights", "Open weights", "开放权重", "bool", { required: true }),
    F("contact_email", "Contact e-mail", "联系邮箱", "text"),
    F("url", "Web page", "网页", "text"),
    F("supersedes", "Updates the published disclosure (filing id)", "更新已发布的披露（报送编号）", "text")
  ],
  incident: [
    F("title", "Title", "标题", "text", { required: true }),
    F("date_occurred", "Occurred (YYYY-MM-DD)", "发生日期", "date", { required: true }),
    F("date_reported", "Reported", "报告日期", "date"),
    F("system", "AI system", "人工智能系统", "text", { required: true }),
    F("developer", "Developer", "开发者", "text"),
    F("deployer", "Deployer", "部署者", "text"),
    F("jurisdictions", "Jurisdictions (comma-separated codes)", "法域（逗号分隔的代码）", "codes"),
    F("harm_types", "Harms", "损害类型", "multi", { options: V.harm, codes: "harm", required: true }),
    F("severity", "Severity", "严重程度", "select", { options: ["low", "medium", "high", "critical"], codes: "severity", required: true }),
    F("description", "Description", "描述", "textarea", { required: true }),
    F("mitigation", "Mitigation", "缓解措施", "textarea"),
    F("status", "Status", "状态", "select", { options: ["open", "mitigated", "resolved"], codes: "incident_status" }),
    SOURCES
  ]
};

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of kids) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

let ME = { role: "public" };
const acceptLanguage = lang => lang === "zh" ? "zh-CN,zh;q=0.9,en;q=0.5" : "en";

async function api(method, path, body) {
  const h = { "Accept": "application/json", "Accept-Language": acceptLanguage(LANG) }; // error messages in the page's language
  if (body !== undefined) h["Content-Type"] = "application/json";
  if (ME.csrf && method !== "GET") h["X-CSRF-Token"] = ME.csrf;
  const r = await fetch(path, { method, headers: h, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await r.json(); } catch (e) { json = null; }
  return { status: r.status, json };
}

let PARTIES = {};
/** A party by its name in the page's language (the other language, then the id, when it has none). */
function partyName(id) {
  const p = PARTIES[id];
  if (!p) return id;
  return (LANG === "zh" ? p.name_zh || p.name_en : p.name_en || p.name_zh) || id;
}

/**
 * A server message as the page words it: the reporting parties it names by id (cn-office) by their names. Field paths
 * are named by the form's labels where the message is shown (fieldName).
 */
function humanMessage(msg) {
  let out = String(msg || "");
  for (const pid of Object.keys(PARTIES).sort((a, b) => b.length - a.length)) {
    const esc = pid.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp("(^|[\\s(（“'])" + esc + "(?=$|[\\s)）”',;；:：.。])", "g"), (m, pre) => pre + partyName(pid));
  }
  // Chinese words around a Chinese name need no spaces
  return LANG === "zh" ? out.replace(/([\u4e00-\u9fff）])\s+(?=[\u4e00-\u9fff（])/g, "$1") : out;
}
/** A message's option codes by the names the form shows ("请至少选择一项：人身伤害、隐私…", not "physical, privacy…"). */
function namedCodes(msg, sf) {
  if (!sf || !sf.codes || !Array.isArray(sf.options)) return msg;
  const sep = LANG === "zh" ? "、" : ", ";
  return msg.replace(/[a-z_]+(?:, [a-z_]+)+/g, run => run.split(", ").every(c => sf.options.includes(c))
    ? run.split(", ").map(c => codeLabel(sf.codes, c)).join(sep) : run);
}
/** A form path (doc.instruments[0].registry_id) by the form's labels: "Instruments item 1 · Registry id". */
function fieldName(schema, path) {
  const parts = [];
  let fields = schema;
  for (const seg of String(path || "").split(".").slice(1)) {
    const m = /^([^\[]+)((?:\[\d+\])*)$/.exec(seg);
    const f = m && (fields || []).find(x => x.name === m[1]);
    if (!f) return path;
    const idx = [...m[2].matchAll(/\[(\d+)\]/g)].map(x => fill("item", { n: Number(x[1]) + 1 }));
    parts.push([lab(f), ...idx].join(" "));
    fields = f.fields;
  }
  return parts.join(" · ") || path;
}
/** A refusal of a workflow action: each field's message beside the field's label; else the detail. */
function actionProblem(problem, schema, status) {
  const errs = (problem && problem.errors) || [];
  if (!errs.length) return t("cannot") + humanMessage((problem && problem.detail) || ("HTTP " + status));
  return t("cannot") + errs.map(e => fieldName(schema, e.field) + (LANG === "zh" ? "：" : ": ") + humanMessage(e.message)).join(LANG === "zh" ? "；" : "; ");
}
// Who made a step of the workflow: the caller themself, an account the caller may list (admins), else the role that
// takes that step; the account id stays in the title.
let ACCOUNTS = {};
const REVIEW_STEPS = ["in_review", "returned", "published"];
function actorName(actor, toState) {
  if (!actor) return "";
  if (actor === ME.id) return t("you");
  const a = ACCOUNTS[actor];
  if (a) return a.display_name || a.email || actor;
  return t(REVIEW_STEPS.includes(toState) ? "role_reviewer" : "role_reporter");
}

async function header() {
  const [me, parties, vocab] = await Promise.all([api("GET", "/api/filings/me"), api("GET", "/api/filings/parties"), api("GET", "/api/vocab")]);
  ME = me.json || { role: "public" };
  VOCAB = vocab.json || {};
  PARTIES = Object.fromEntries(((parties.json || [])).map(p => [p.id, p]));
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  const top = document.getElementById("top");
  top.replaceChildren(
    el("a", { class: "brand", href: "/", text: t("brand") }),
    el("nav", {}, el("a", { href: "/", text: t("nav_search") }), " ", el("a", { href: "/incidents.html", text: t("nav_incidents") }), " ", el("a", { href: "/analysis.html", text: t("nav_analysis") }), " ", el("a", { href: "/assess.html", text: t("nav_assess") }), " ", el("a", { href: "/scenarios.html", text: t("nav_scenarios") }), " ", el("a", { href: "/filings/index.html", text: t("filings") }), " ", el("a", { href: "/api/filings/feed.atom", text: t("feed") }), " ", el("a", { href: "/openapi.json", text: t("nav_api") })),
    el("span", { id: "whoami", text: ME.role === "public" ? "" : t("signed_in_as") + ": " + t("role_" + ME.role) + (ME.party ? " · " + partyName(ME.party) : "") }),
    ME.role === "public" ? "" : el("button", { id: "logout", type: "button", text: t("signout"), onclick: async () => {
      await api("POST", "/api/filings/logout"); location.href = "/filings/index.html"; } }),
    el("button", { id: "lang-toggle", type: "button", text: t("lang"), onclick: () => {
      // the address's ?lang= wins at load: drop it, or the page came back in the language it left
      localStorage.setItem("lang", LANG === "zh" ? "en" : "zh");
      const u = new URL(location.href); u.searchParams.delete("lang"); location.replace(u); } }));
  document.title = t("title");
}

const stateLabel = s => t("st_" + s);
const fill = (k, vars) => t(k).replace(/\{(\w+)\}/g, (m, v) => vars[v] === undefined ? m : vars[v]);
const when = ts => (ts || "").slice(0, 19).replace("T", " ");
const qs = k => new URLSearchParams(location.search).get(k);
// The page a sign-in was asked from (the incident monitor's "sign in to subscribe"): a path of this site only, never
// another site's address ("//evil.example", "/\\evil.example" and "https:" are refused)
function nextPage() {
  const n = qs("next");
  // a browser drops tabs and line ends from an address ("/\t/evil.example" is "//evil.example"): none is allowed, and the
  // address must resolve to this site
  if (!n || !/^\/(?![\/\\])[^\\\u0000-\u001f\u007f]*$/.test(n)) return null;
  const u = new URL(n, location.origin);
  return u.origin === location.origin ? u.pathname + u.search + u.hash : null;
}

// ---- index: sign-in and list
async function indexPage() {
  await header();
  const main = document.getElementById("main");
  main.replaceChildren();
  if (ME.role === "public") {
    const msg = el("p", { id: "login-msg", class: "error" });
    const form = el("form", { id: "login-form" },
      el("label", {}, t("email"), " ", el("input", { id: "email", type: "email", autocomplete: "username", required: true })), " ",
      el("label", {}, t("password"), " ", el("input", { id: "password", type: "password", autocomplete: "current-password", required: true })), " ",
      el("button", { id: "login", type: "submit", text: t("signin") }), msg);
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      const r = await api("POST", "/api/filings/login", { email: form.querySelector("#email").value, password: form.querySelector("#password").value });
      if (r.status === 200) { if (nextPage()) location.assign(nextPage()); else location.reload(); } else msg.textContent = (r.json && r.json.detail) || ("HTTP " + r.status);
    });
    main.append(form, el("h2", { text: t("public_view") }));
  } else if (ME.role === "reporter" || ME.role === "admin") {
    main.append(el("p", {}, t("new_filing") + ": ",
      ...["rules_report", "disclosure", "incident"].flatMap(k => [el("a", { id: "new-" + k, href: "form.html?type=" + k, text: t(k) }), " "])));
  }
  const r = await api("GET", "/api/filings?limit=200");
  const items = (r.json && r.json.items) || [];
  if (!items.length) main.append(el("p", { text: t("none") }));
  else {
    const tb = el("tbody");
    for (const f of items) {
      tb.append(el("tr", { "data-id": f.id }, el("td", {}, el("a", { href: "view.html?id=" + encodeURIComponent(f.id), text: filingTitle(f) })),
        el("td", { text: t(f.type) }), el("td", { text: partyName(f.party) }), el("td", { class: "state", text: stateLabel(f.state) }),
        el("td", { text: (f.updated_at || "").slice(0, 16).replace("T", " ") })));
    }
    main.append(el("table", { id: "filings", class: "list" }, el("thead", {}, el("tr", {}, ...["col_title", "col_type", "col_party", "col_state", "col_updated"]
      .map(k => el("th", { text: t(k) })))), tb));
  }
  if (ME.role === "admin") await notificationsPanel(main);
}

const problemText = res => (res.json && res.json.detail) || ("HTTP " + res.status);

// ---- admin: webhooks and their delivery log, with "send again" for a delivery that waits or was given up
async function notificationsPanel(main) {
  const box = el("section", { id: "notifications" }, el("h2", { text: t("notifications") }));
  main.append(box);
  const msg = el("p", { id: "wh-msg" });
  const url = el("input", { id: "wh-url", type: "url", maxlength: 2000, placeholder: "https://" });
  const party = el("input", { id: "wh-party", type: "text", maxlength: 64 });
  const type = el("select", { id: "wh-type" }, el("option", { value: "", text: t("any") }),
    ...["rules_report", "disclosure", "incident"].map(k => el("option", { value: k, text: t(k) })));
  const form = el("form", { id: "wh-form" }, el("label", {}, t("wh_url"), " ", url), " ", el("label", {}, t("wh_party"), " ", party), " ",
    el("label", {}, t("wh_type"), " ", type), " ", el("button", { id: "wh-add", type: "submit", text: t("wh_add") }));
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const res = await api("POST", "/api/filings/webhooks", { url: url.value.trim(), party: party.value.trim() || null, filing_type: type.value || null });
    if (res.status === 201) {
      await renderNotifications(box);
      box.querySelector("#wh-msg").textContent = fill("wh_secret", { secret: res.json.secret });
    } else box.querySelector("#wh-msg").textContent = problemText(res);
  });
  box.append(form, msg, el("div", { id: "wh-lists" }));
  await renderNotifications(box);
}

async function renderNotifications(box) {
  const [hooks, dels] = await Promise.all([api("GET", "/api/filings/webhooks"), api("GET", "/api/filings/webhooks/deliveries?limit=50")]);
  const rows = (hooks.json || []).map(w => el("tr", { "data-id": w.id }, el("td", { text: w.id }), el("td", { class: "url", text: w.url }),
    el("td", { text: w.party ? partyName(w.party) : t("any") }), el("td", { text: w.filing_type ? t(w.filing_type) : t("any") }),
    el("td", { class: "active", text: w.active ? t("wh_active") : t("wh_inactive") }),
    el("td", {}, w.active ? el("button", { id: "wh-off-" + w.id, type: "button", text: t("wh_off"), onclick: async () => {
      const res = await api("DELETE", "/api/filings/webhooks/" + w.id);
      if (res.status === 204) await renderNotifications(box); else box.querySelector("#wh-msg").textContent = problemText(res);
    } }) : "")));
  const status = d => d.delivered_at ? fill("dl_delivered", { at: when(d.delivered_at) })
    : d.gave_up_at ? fill("dl_given_up", { at: when(d.gave_up_at) }) : fill("dl_waiting", { at: when(d.next_attempt_at) });
  const drows = (dels.json || []).map(d => el("tr", { "data-id": d.delivery_id }, el("td", { text: when(d.created_at) }), el("td", { text: d.webhook_id }),
    el("td", { class: "status", text: status(d) }), el("td", { class: "attempts", text: d.attempts }),
    el("td", { class: "last", text: [d.last_status, d.last_error].filter(x => x !== null && x !== undefined && x !== "").join(" · ") }),
    el("td", {}, d.delivered_at ? "" : el("button", { id: "retry-" + d.delivery_id, type: "button", text: t("dl_retry"), onclick: async () => {
      const res = await api("POST", "/api/filings/webhooks/deliveries/" + encodeURIComponent(d.delivery_id) + "/retry");
      if (res.status === 204) await renderNotifications(box); else box.querySelector("#wh-msg").textContent = problemText(res);
    } }))));
  const head = keys => el("thead", {}, el("tr", {}, ...keys.map(k => el("th", { text: k ? t(k) : "" }))));
  box.querySelector("#wh-lists").replaceChildren(
    rows.length ? el("table", { id: "webhooks", class: "list" }, head(["", "wh_url", "col_party", "col_type", "dl_status", ""]), el("tbody", {}, ...rows)) : "",
    el("h3", { text: t("deliveries") }),
    drows.length ? el("table", { id: "deliveries", class: "list" }, head(["dl_created", "dl_webhook", "dl_status", "dl_attempts", "dl_last", ""]),
      el("tbody", {}, ...drows)) : el("p", { text: t("none") }));
}

// ---- form: one field element per JSON path, so each error lands beside its field
function fieldEl(f, path, value) {
  const id = "f-" + path;
  const box = el("div", { class: "field", "data-path": path });
  const label = el("label", { for: id, text: lab(f) + (f.required ? " *" : "") });
  let input;
  switch (f.kind) {
    case "textarea": input = el("textarea", { id, rows: 3 }); input.value = value || ""; break;
    case "select":
      input = el("select", { id }, el("option", { value: "", text: "—" }), ...f.options.map(o => el("option", { value: o, title: o, text: codeLabel(f.codes, o) })));
      input.value = value || ""; break;
    case "bool":
      input = el("select", { id }, el("option", { value: "", text: "—" }), el("option", { value: "true", text: t("yes") }),
        el("option", { value: "false", text: t("no") }));
      input.value = value === true ? "true" : value === false ? "false" : ""; break;
    case "multi":
      input = el("span", { id, class: "multi" }, ...f.options.map(o => el("label", { title: o }, el("input", { type: "checkbox", value: o,
        checked: (value || []).includes(o) }), codeLabel(f.codes, o))));
      break;
    case "codes": input = el("input", { id, type: "text" }); input.value = (value || []).join(", "); break;
    case "bitext":
      input = el("span", { class: "bitext" },
        el("span", { class: "field", "data-path": path + ".zh" }, el("input", { id: id + ".zh", placeholder: "中文", value: (value && value.zh) || "" }), el("span", { class: "msg" })),
        el("span", { class: "field", "data-path": path + ".en" }, el("input", { id: id + ".en", placeholder: "English", value: (value && value.en) || "" }), el("span", { class: "msg" })));
      break;
    case "group": {
      input = el("div", { class: "group", id });
      const add = (v) => {
        const i = input.children.length;
        const row = el("fieldset", { class: "row", "data-path": path + "[" + i + "]" });
        for (const sf of f.fields) row.append(fieldEl(sf, path + "[" + i + "]." + sf.name, v && v[sf.name]));
        row.append(el("button", { type: "button", class: "remove", text: t("remove"), onclick: () => row.remove() }));
        input.append(row);
      };
      (value || []).forEach(add);
      if (!(value || []).length && f.required) add(null);
      box.append(label, input, el("button", { type: "button", class: "add", "data-add": path, text: t("add") + ": " + lab(f), onclick: () => add(null) }),
        el("span", { class: "msg" }));
      box._field = f;
      return box;
    }
    default: input = el("input", { id, type: "text" }); input.value = value === undefined || value === null ? "" : value;
  }
  box.append(label, input, el("span", { class: "msg" }));
  box._field = f;
  return box;
}

function collect(container, fields, prefix) {
  const out = {};
  for (const f of fields) {
    const path = prefix + "." + f.name;
    const box = document.querySelector('[data-path="' + CSS.escape(path) + '"]');
    if (!box) continue;
    const id = "f-" + path;
    let v;
    switch (f.kind) {
      case "multi": v = [...box.querySelectorAll("input:checked")].map(i => i.value); if (!v.length) v = undefined; break;
      case "codes": v = box.querySelector("input").value.split(",").map(s => s.trim()).filter(Boolean); if (!v.length) v = undefined; break;
      case "bool": { const s = document.getElementById(id).value; v = s === "" ? undefined : s === "true"; break; }
      case "number": { const s = document.getElementById(id).value.trim(); v = s === "" ? undefined : (isNaN(Number(s)) ? s : Number(s)); break; }
      case "bitext": {
        const zh = document.getElementById(id + ".zh").value.trim(), en = document.getElementById(id + ".en").value.trim();
        v = zh || en ? Object.assign({}, zh ? { zh } : {}, en ? { en } : {}) : undefined; break;
      }
      case "group": {
        const rows = [...document.getElementById(id).children];
        v = rows.map(r => collect(r, f.fields, r.dataset.path)).filter(o => Object.keys(o).length);
        if (!v.length) v = undefined;
        break;
      }
      default: { const s = document.getElementById(id).value.trim(); v = s === "" ? undefined : s; }
    }
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

// Renumbers group rows so paths match array indexes after removals.
function renumber(form) {
  for (const g of form.querySelectorAll(".group")) {
    [...g.children].forEach((row, i) => {
      const old = row.dataset.path, now = old.replace(/\[\d+\]$/, "[" + i + "]");
      if (old === now) return;
      for (const e of [row, ...row.querySelectorAll("[data-path],[id]")]) {
        if (e.dataset.path) e.dataset.path = e.dataset.path.split(old).join(now);
        if (e.id) e.id = e.id.split(old).join(now);
        if (e.htmlFor) e.htmlFor = e.htmlFor.split(old).join(now);
      }
    });
  }
}

const parentPath = p => { const m = p.match(/^(.*)(\.[^.\[\]]+|\[\d+\])$/); return m ? m[1] : ""; };

function showErrors(form, problem) {
  for (const m of form.querySelectorAll(".msg")) m.textContent = "";
  for (const b of form.querySelectorAll(".invalid")) b.classList.remove("invalid");
  const list = (problem && problem.errors) || (problem && problem.field ? [{ field: problem.field, message: problem.detail }] : []);
  const summary = document.getElementById("errors");
  summary.replaceChildren(el("p", { text: list.length ? t("errors") : humanMessage((problem && problem.detail) || "error") }));
  for (const e of list) {
    let path = e.field, box = null;
    while (path && !(box = form.querySelector('[data-path="' + CSS.escape(path) + '"]'))) path = parentPath(path);
    const target = box || summary;
    const msg = box ? (box.querySelector(":scope > .msg") || box.appendChild(el("span", { class: "msg" }))) : null;
    if (msg) { msg.textContent = (msg.textContent ? msg.textContent + " " : "") + namedCodes(humanMessage(e.message), fieldAt(form._schema || [], e.field)); box.classList.add("invalid"); }
    else target.append(el("p", { class: "msg", text: fieldName(form._schema || [], e.field) + (LANG === "zh" ? "：" : ": ") + humanMessage(e.message) }));
  }
}

async function formPage() {
  await header();
  const main = document.getElementById("main");
  if (ME.role === "public") { // the public files nothing: it was told "filing not found"
    main.replaceChildren(el("p", { id: "sign-in-first" }, t("sign_in_first") + " ", el("a", { href: "/filings/index.html", text: t("signin") })));
    return;
  }
  const id = qs("id");
  let type = qs("type"), doc = {}, version = null, party = null;
  if (id) {
    const r = await api("GET", "/api/filings/" + encodeURIComponent(id));
    if (r.status !== 200) { main.replaceChildren(el("p", { text: t("not_found") })); return; }
    type = r.json.type; doc = r.json.doc; version = r.json.version; party = r.json.party;
  }
  if (!SCHEMAS[type]) { main.replaceChildren(el("p", { text: t("not_found") })); return; }
  const form = el("form", { id: "filing-form", novalidate: true });
  form._schema = SCHEMAS[type];
  if (!id && ME.role === "admin") {
    const parties = (await api("GET", "/api/filings/parties")).json || [];
    form.append(el("div", { class: "field", "data-path": "party" }, el("label", { for: "f-party", text: t("party") }),
      el("select", { id: "f-party" }, ...parties.map(p => el("option", { value: p.id, text: partyName(p.id) }))), el("span", { class: "msg" })));
  }
  for (const f of SCHEMAS[type]) form.append(fieldEl(f, "doc." + f.name, doc[f.name]));
  form.append(el("button", { id: "save", type: "submit", text: t("save") }));
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    renumber(form);
    const d = collect(form, SCHEMAS[type], "doc");
    const r = id ? await api("PUT", "/api/filings/" + encodeURIComponent(id), { doc: d, version })
      : await api("POST", "/api/filings", Object.assign({ type, doc: d }, ME.role === "admin" ? { party: document.getElementById("f-party").value } : {}));
    if (r.status === 200 || r.status === 201) location.href = "view.html?id=" + encodeURIComponent(r.json.id);
    else showErrors(form, r.json);
  });
  main.replaceChildren(el("h1", { text: t(type) + (party ? " · " + partyName(party) : "") }), el("div", { id: "errors", class: "error" }), form);
}

// ---- view: the filing, its history, the last change and the actions the caller may take
/** The schema field a diff path such as doc.instruments[0].status or doc.harm_types[1] names, if any. */
function fieldAt(schema, path) {
  let fields = schema, f = null;
  for (const name of path.replace(/\[\d+\]/g, "").split(".").slice(1)) {
    f = (fields || []).find(x => x.name === name);
    if (!f) return null;
    fields = f.fields;
  }
  return f;
}

function renderValue(v, schemaField) {
  if (v === null || v === undefined) return el("span");
  const codes = schemaField && schemaField.codes;
  if (codes && typeof v === "string") return codeEl(codes, v);
  if (codes && Array.isArray(v)) return el("span", {}, ...v.flatMap((x, i) => [i ? (LANG === "zh" ? "、" : ", ") : null, codeEl(codes, String(x))]));
  if (Array.isArray(v)) {
    if (v.every(x => typeof x !== "object")) return el("span", { text: v.join(", ") });
    return el("ol", {}, ...v.map(x => el("li", {}, renderValue(x, schemaField))));
  }
  if (typeof v === "object") {
    if (schemaField && schemaField.kind === "bitext") return el("span", { text: [v.zh, v.en].filter(Boolean).join(" / ") });
    const sub = (schemaField && schemaField.fields) || [];
    return el("dl", {}, ...Object.entries(v).flatMap(([k, x]) => {
      const sf = sub.find(s => s.name === k);
      return [el("dt", { text: sf ? lab(sf) : k }), el("dd", {}, renderValue(x, sf))];
    }));
  }
  if (typeof v === "boolean") return el("span", { text: v ? t("yes") : t("no") });
  return el("span", { text: String(v) });
}

async function viewPage() {
  await header();
  const main = document.getElementById("main");
  const id = (qs("id") || "").trim();
  // no id: "/api/filings/" is the list, which must not be read as one filing
  const r = id ? await api("GET", "/api/filings/" + encodeURIComponent(id)) : { status: 404 };
  if (r.status !== 200 || !r.json || !r.json.doc) { main.replaceChildren(el("p", { id: "not-found", text: t("not_found") })); return; }
  const f = r.json;
  const schema = SCHEMAS[f.type] || [];
  const dl = el("dl", { id: "doc" });
  for (const [k, v] of Object.entries(f.doc)) {
    const sf = schema.find(s => s.name === k);
    dl.append(el("dt", { text: sf ? lab(sf) : k }), el("dd", { "data-field": k }, renderValue(v, sf)));
  }
  const actions = el("div", { id: "actions" });
  const msg = el("p", { id: "action-msg", class: "error" });
  const own = ME.role === "admin" || (ME.role === "reporter" && ME.party === f.party);
  const reviewer = ME.role === "admin" || ME.role === "reviewer";
  const act = (name) => el("button", { id: "btn-" + name, type: "button", text: t(name), onclick: async () => {
    const c = document.getElementById("comment");
    const res = await api("POST", "/api/filings/" + encodeURIComponent(f.id) + "/" + name, c && c.value.trim() ? { comment: c.value } : undefined);
    if (res.status === 200) location.reload(); else msg.textContent = actionProblem(res.json, schema, res.status);
  } });
  if (own && ["draft", "returned", "amended"].includes(f.state)) actions.append(el("a", { id: "btn-edit", href: "form.html?id=" + encodeURIComponent(f.id), text: t("edit") }), " ");
  if (own && ["draft", "amended"].includes(f.state)) actions.append(act("submit"));
  if (reviewer && ["submitted", "resubmitted"].includes(f.state)) actions.append(act("start_review"));
  if (reviewer && f.state === "in_review") actions.append(el("label", {}, t("comment"), el("textarea", { id: "comment", rows: 2 })), act("return"), act("publish"));
  actions.append(msg);
  const hist = (await api("GET", "/api/filings/" + encodeURIComponent(f.id) + "/history")).json || [];
  if (ME.role === "admin") ACCOUNTS = Object.fromEntries(((await api("GET", "/api/filings/accounts")).json || []).map(a => ["acct:" + a.id, a]));
  const htable = el("table", { id: "history" }, el("tr", {}, ...["col_state", "by", "when", "comment"].map(k => el("th", { text: t(k) }))),
    ...hist.map(h => el("tr", {}, el("td", { text: stateLabel(h.to_state) }), el("td", { class: "actor", title: h.actor || "", text: actorName(h.actor, h.to_state) }), el("td", { text: (h.at || "").slice(0, 19).replace("T", " ") }),
      el("td", { class: "comment", text: h.comment || "" }))));
  const parts = [el("h1", { id: "filing-title", text: filingTitle(f) }),
    el("p", { class: "meta" }, el("span", { id: "state", text: stateLabel(f.state) }), " · " + t(f.type) + " · " + partyName(f.party) + " · " + t("version") + " " + f.version),
    actions, dl, el("h2", { text: t("history") }), htable];
  // the changes from the version before: for those in the workflow (the public reads the published version only)
  const prev = f.version > 1 ? await api("GET", "/api/filings/" + encodeURIComponent(f.id) + "/diff?from=" + (f.version - 1) + "&to=" + f.version) : null;
  if (prev && prev.status === 200 && Array.isArray(prev.json)) {
    const diff = prev.json;
    const show = (v, sf) => v === undefined || v === null ? "" : sf && sf.codes && typeof v === "string" ? codeEl(sf.codes, v)
      : typeof v === "object" ? JSON.stringify(v) : String(v);
    parts.push(el("h2", { text: t("changes") }), el("table", { id: "diff" }, el("tr", {}, ...["field", "from", "to"].map(k => el("th", { text: t(k) }))),
      ...diff.map(d => {
        const sf = fieldAt(schema, d.field);
        // the form's names ("严重程度", "损害类型 第 2 项"), the path kept as the cell's title for who needs it
        return el("tr", {}, el("td", { text: fieldName(schema, d.field), title: d.field, "data-path": d.field }), el("td", {}, show(d.from, sf)), el("td", {}, show(d.to, sf)));
      })));
  }
  // what publication wrote: the filing's own record (filing-…) holds the SHA-256 of this text and workflow, in the transparency log
  if (f.state === "published" && Array.isArray(f.registry_ids) && f.registry_ids.length) {
    const zh = LANG === "zh";
    parts.push(el("h2", { text: zh ? "登记记录与透明日志" : "Registry records and the transparency log" }),
      el("p", { id: "logged-note", text: zh ? "发布时写入登记册。记录 filing-" + f.id + " 在透明日志中承诺了本报送的内容与审核流程（SHA-256）。"
        : "Written to the registry at publication. Record filing-" + f.id + " commits to this filing's text and workflow (SHA-256) in the transparency log." }),
      el("ul", { id: "registry-records" }, ...(await Promise.all(f.registry_ids.slice(0, 100).map(async rid => {
        // a record by its name in the page's language, its id in the title
        const r = await api("GET", "/api/records/" + encodeURIComponent(rid));
        const name = r.status === 200 && r.json && r.json.name ? (LANG === "zh" ? r.json.name.zh || r.json.name.en : r.json.name.en || r.json.name.zh) : null;
        return el("li", {}, el("a", { href: "/record.html?id=" + encodeURIComponent(rid), title: rid, text: name || rid }));
      })))));
  }
  main.replaceChildren(...parts);
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  (page === "form" ? formPage : page === "view" ? viewPage : indexPage)().catch(e => {
    document.getElementById("main").replaceChildren(el("p", { class: "error", text: String(e) }));
  });
});
