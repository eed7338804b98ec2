// UI strings in English and Chinese; vocabulary labels come from /api/vocab.
const I18N = {
  en: {
    brand: "AI Governance Observatory", nav_search: "Search", nav_api: "API", search: "Search",
    search_placeholder: "Search laws, strategies, initiatives, actors…", sort_relevance: "Relevance",
    sort_date: "Newest first", sort_date_asc: "Oldest first", more: "More results", results: "{n} results",
    search_ignored: "Left out what this search does not know: {what}.", search_q_too_long: "The search is too long: shorten it and try again.", search_q_only_excluded: "The search only leaves words out (-word, NOT word): add a word to look for.", q_field_prefix: "field prefix (use the filters)", q_operator: "operator (every word must match)",
    search_failed: "This search could not be run: change it and try again.",
    search_unreachable: "The server did not answer; try again.",
    no_results: "No results", relations: "Relations", relation: "Relation", record: "Record", source: "Source",
    history: "Version history", version: "Version", action: "Action", by: "By", when: "When", changes: "Changes",
    field: "Field", before: "Before", after: "After", sources: "Sources", compare: "Compare with previous",
    kind: "Kind", type: "Type", jurisdiction: "Jurisdiction", binding: "Binding force", governance_layers: "Governance layer",
    risk_categories: "Risk layer", lifecycle: "Lifecycle stage", org_form: "Organisational form", status: "Status",
    year: "Year", date: "Date", date_effective: "In effect from", relaxed_note: "(no record holds every word of the search: these hold all but one)", truncated_note: "(the search read the best 5,000 matching records; more matched: add words or filters to see the rest)", fuzzy_note: "(nothing matches as written: showing near matches)", compare_title: "Compare records", compare_name: "Name", compare_other_name: "Name (other language)", compare_summary: "Summary", compare_only_diff: "Only rows that differ", compare_need: "Choose 2 to {n} records to compare: tick them in the search results.", compare_left: "At most {n} records side by side; not shown: {ids}.", compare_pick: "Compare", compare_selected: "Compare {n} selected",  date_end: "Ended", issuers: "Issued by", tags: "Tags", export_results: "Download these results (CSV)", tag_codes: "Codes", tag_codes_show: "show {n} codes", in_zh: " (Chinese)", in_en: " (English)",
    diff_none: "none", actor_import: "data import",
    notes: "Notes", table_refs: "Table references", deleted: "Deleted", rel_source: "From (relation source)", rel_target: "To (relation target)", diff_true: "yes", diff_false: "no",
    papers: "Seed papers", filing: "Published filing", filing_commits: "this record commits to its text (SHA-256 {hash}…) and workflow in the transparency log", clear: "Clear filters", not_found: "Record not found", not_found_id: "Record not found: {id}", no_record_given: "No record given: open a record from the search results.", out: "→", in: "←",
    copy_of: "Another dataset's record of the same thing. Search and the analyses count it once, as:",
    has_copies: "Also recorded as:",
    copies_hidden: "(+{n} hidden: other datasets' records of the same things; show)", copies_shown: "(hide other datasets' records of the same things)",
    copy_of_short: "Another dataset's record of",
    nav_incidents: "Incident monitor", nav_filings: "Filings", nav_analysis: "Assessment", nav_assess: "Classify an AI system", nav_scenarios: "Scenarios", trends: "Trends", granularity: "Period", g_year: "Year", g_month: "Month", g_week: "Week",
    g_day: "Day", signin_hint: "Sign in to subscribe to alerts (Atom or webhook) and to define topics", actor_seed: "the observatory (shipped)", actor_migration: "the observatory (upgrade)", chart_too_big: "{periods} periods × {series} lines is more than this chart draws: choose fewer years, a coarser period, a filter or fewer lines.", chart_too_big_1: "{periods} periods are more than this chart draws: choose fewer years or a coarser period.", since: "Years", since_10: "last 10", since_5: "last 5", since_2: "last 2", since_all: "all", topic: "Topic", all_incidents: "All incidents", standardize: "Share of all incidents (standardized)", share_series: "share of all incidents", alert_backfill: "history, found late", alert_incidents: "The incidents of this period",
    chart_csv: "Chart data (CSV)", alerts: "Alerts", atom_feed: "Atom feed", records_feed: "Our records as a feed for other monitors (Atom)", records_feed_no_q: "(the search's filters; a feed cannot follow its words)", no_alerts: "No alerts yet",
    alert_figures: "{count} incidents against a baseline of {baseline}; tail probability {p}",
    alert_figures_share: "{count} incidents where {baseline} were expected; tail probability {p}",
    year_only_not_counted: "{n} incidents known only by year are not counted at this granularity; choose Year to count them.",
    year_only_cut: "{n} incidents known only by year fall in a year the chosen range cuts through: not counted.",
    month_only_not_counted: "{n} incidents known only by month are not counted at this granularity; choose Month to count them.",
    month_only_cut: "{n} incidents known only by month fall in a month the chosen range cuts through: not counted.",
    spikes_marked: "Spikes marked in red on the chart", exclusions_n: "Exclusions ({n})", confidence: "confidence {n}%", incidents: "Incidents",
    incident_placeholder: "Search incident reports (English or Chinese)…", any_risk_domain: "Any risk domain", any_topic: "Any topic",
    any_source: "Any source", any_country: "Any country", incident_count: "{n} incidents", year_only_not_listed: "({n} more are dated only by a year or month this range cuts through, so they may fall outside it: not listed)", records_n: "{n} records",
    linked_by: "linked by {via}", sources_monitored: "Monitored sources", never: "never",
    monitor_running: "Monitor running · last round {round} · last clustering {cluster} · {pending} webhook deliveries pending",
    monitor_stopped: "Monitor not running · last round {round} · last clustering {cluster} · {pending} webhook deliveries pending",
    monitor_waiting: "Monitor waiting: another process{holder} holds the lease until {until} · last round {round} · last clustering {cluster} · {pending} webhook deliveries pending",
    records_waiting: " · new reports wait to be merged into incidents",
    records_waiting_due: " · new reports wait to be merged into incidents (next clustering {due})",
    no_feeds: "No feeds configured yet.", never_polled: "not polled yet",
    feed_ok: "OK", feed_not_modified: "unchanged", feed_error: "failing",
    feed_line: "{status} · polled {polled} · {n} reports added · every {every} min", feed_line_new: "{status} · {n} reports added · every {every} min",
    feed_catching_up: "catching up: reading its older pages, one a round, until a page holds a report already here; its newest page is still polled at its interval",
    feed_items: "Reports it added", in_incident: "incident #{id}", not_clustered: "not merged yet", report_rejected_outside: "rejected report, in no incident", report_pending_outside: "report waiting for review, in no incident",
    report_incident: "Report an incident", report_help: "Anyone may report an AI incident. A report counts once an editor has reviewed it.",
    report_title: "Title", report_url: "Source URL", report_date: "Date published", report_outlet: "Outlet", report_text: "What happened",
    report_send: "Send report", report_thanks: "Thank you. Your report waits for an editor's review before it counts.",
    report_recorded: "Recorded; it counts from the next clustering run.", report_known: "This report is already recorded.",
    suggest_title: "Suggested merges", suggest_more: "More suggestions", suggest_for: "Suggested merge with #{id}:", suggest_reason: "Why", suggest_reason_all: "All reasons", suggest_reason_near: "Just below the threshold", suggest_reason_refused: "Refused by a rule", suggest_reason_same: "Same day, same monitor", suggest_help: "Pairs the last clustering run left in two incidents: scored just below the threshold, refused by a rule, or two entries of one monitor dated the same day. Merge them, or say they are different events; both are kept by every later run.",
    suggest_none: "None: the last clustering run left no close pair apart.", suggest_near: "score {s}, just below the threshold", suggest_refused: "score {s}, refused by a rule (one entry per monitor, or the incidents' reports name other deployers, countries or places)", suggest_same: "score {s}, two entries of one monitor dated the same day",
    suggest_merge: "Merge", suggest_merge_confirm: "Merge #{id} into this one: click again", suggest_apart: "Different events", suggest_merged: "Merged into incident #{id}.", suggest_kept_apart: "Kept apart: no clustering run will merge them.",
    review_queue: "Reports waiting for review", review_n: "{n} waiting; they count once accepted", review_anon: "anonymous", review_by: "sent by {who}",
    rv_deployers: "Deployers", rv_developers: "Developers", rv_systems: "AI systems", rv_harmed: "Harmed parties", rv_countries: "Countries",
    rv_sectors: "Sectors", rv_harm_types: "Harm types", rv_authors: "Authors", rv_language: "Language",
    review_accept: "Accept", review_reject: "Reject", review_reject_confirm: "Reject: click again to confirm", review_note: "Reason (kept with the decision)", q_too_long: "at most 1000 characters", report_too_large: "the report is larger than 1 MiB in all; shorten it, or give its address and a summary", split_out: "Split out of this incident", split_confirm: "Split out: click again to confirm", merge_into: "Merge that incident into this one", merge_confirm: "Merge #{id} into this one: click again to confirm",
    incident_no: "incident #", records_1: "1 record", incident_1: "1 incident",
    topics: "Topics", topics_help: "Keyword queries in English and Chinese: an incident belongs to a topic when one of its records contains one of the terms.",
    builtin: "built in", topic_id: "Id (a–z, 0–9, -)", name_en: "English name", name_zh: "Chinese name", terms_en: "English terms",
    terms_zh: "Chinese terms", terms_hint: "separate terms with ; — a term starting with - excludes (-defense lawyer)", new_topic: "New topic", edit: "Edit", delete: "Delete",
    delete_confirm: "Delete: click again to confirm", save: "Save", cancel: "Cancel", topic_trend: "Trend", topic_changes: "Changes",
    topic_saved: "Saved. Incidents are counted under it from the next clustering run.", topic_deleted: "Deleted; its changes are kept.",
    topic_created: "created", topic_updated: "changed", topic_deleted_action: "deleted", topic_change_line: "{when} · {action} by {by}",
    series_feed: "Alerts on {series} (Atom)", my_subscriptions: "My alert subscriptions", no_subscriptions: "None yet.",
    webhook_optional: "Webhook URL (optional; without one, follow the subscription's Atom feed)", webhook_url_label: "Webhook URL", subscribe: "Subscribe to this series",
    subscribe_series: "Series: {series} (the chart's choice)", subscribed_secret: "Subscribed. Each webhook delivery is signed with HMAC-SHA256 in X-Observatory-Timestamped-Signature (over X-Observatory-Timestamp + '.' + body); the secret is shown only now: {secret}",
    subscribed: "Subscribed.", sub_line: "{delivered} delivered · {pending} pending · {failed} failed", stop: "Stop", stop_confirm: "Stop: click again to confirm",
    sub_log: "Deliveries", sub_log_hide: "Hide deliveries", no_deliveries: "No alert has been sent to it yet.",
    dl_line: "Alert #{alert} · {state} · {attempts} attempt(s)", dl_delivered: "delivered {at}", dl_pending: "waiting · next attempt {at}", dl_sending: "being sent now", dl_interrupted: "a send was cut off when the server stopped; it may have arrived and will be sent again with the same delivery id", dl_behind: "queued behind alert #{alert}: sent once that one is delivered",
    dl_failed: "given up (the receiver refused it)", dl_cancelled: "cancelled (the subscription was deleted)", dl_last: "last answer: {last}", send_again: "Send again",
    feed_url: "Feed URL (RSS 2.0 or Atom)", feed_name: "Name", feed_every: "Poll every (minutes)", add_feed: "Add feed",
    poll_now: "Poll now", remove: "Remove", remove_confirm: "Remove: click again to confirm", feed_added: "Added; the monitor polls it within a round.", feed_updated: "This URL was already a feed: its name and interval are updated.",
    poll_queued: "Queued: polled in the monitor's next round.", no_feeds_editor: "No feeds yet: add one below.",
    from_date: "From", to_date: "To", sort_best: "Best match / newest",
    decisions: "Editors' decisions", decisions_help: "Merges and splits made by hand. Every clustering run keeps them; a later decision can replace one.",
    no_decisions: "None yet.", decision_merge: "Merged", decision_split: "Split apart", decision_apart: "Different events", decision_line: "{when} · by {by}",
    decision_replaced: "replaced by a later decision", export_csv: "Download every source record with its incident (CSV)",
    split_by: "Lines by", split_none: "one line", split_risk_domain: "risk domain", split_risk_layer: "risk layer",
    split_country: "country (largest 8)", split_topic: "topic", split_source: "source",
    split_sector: "sector (largest 8)", split_harm_type: "harm type (largest 8)", chart_country: "Country", chart_risk_domain: "Risk domain",
    any_sector: "Any sector", any_harm_type: "Any harm type", any_risk_layer: "Any risk layer", partial_period: "The newest incident is of {date}, so {period} is counted only up to then: a partial period, not a fall.",
    partial_period_yo: "{n} of its {m} incidents are known only to the year and may be of any day in it.",
    cut_periods: "{periods}: cut by the date range, so counted only in part.",
    gap_note: "{n} periods with nothing at all recorded (the first {first}, the last {last}) are breaks in the line: gaps in the ingest, not zeros.", lbl_risk_layer: "Risk layer", standardize_needs: "Choose a topic, a filter or lines by a facet first: all incidents are always 100 % of all incidents.", skip_to_search: "Skip to the incident search", facet_sector: "sector", facet_harm_type: "harm type", facet_country: "country", facet_source: "source", facet_risk_layer: "risk layer"
,
    action_create: "created", action_update: "changed", action_delete: "deleted", action_import: "imported",
    lbl_query: "Search incident reports", lbl_source: "Source", lbl_sector: "Sector", lbl_harm_type: "Harm type", lbl_sort: "Order", lbl_registry_query: "Search laws, strategies, initiatives and actors", lbl_filters: "Filters",
    lbl_merge_with: "Number of the incident to merge into this one", error: "Something went wrong; try again.",
    incident_not_found: "Incident #{id} not found.", incident_merged: "Incident #{id} was merged into incident #{into}: open it",
    merge_needs_number: "Enter the number (#) of the incident to merge into this one.", merged_done: "Merged: this is incident #{id} now.",
    split_done: "Split: the record is now incident #{id}.",
    via_manual: "an editor's decision", via_aiid_link: "AIID lists the report under the incident", via_text: "near-duplicate text",
    via_event: "same event (parties and dates)", via_reciprocal: "closest in meaning to each other", via_single: "on its own"
  },
  zh: {
    brand: "人工智能治理观察站", nav_search: "检索", nav_api: "接口", search: "检索",
    search_placeholder: "检索法律、战略、倡议、行为体……", sort_relevance: "相关度", sort_date: "最新优先",
    sort_date_asc: "最早优先", more: "更多结果", results: "共 {n} 条结果",
    search_ignored: "已忽略无法识别的检索条件：{what}。", search_q_too_long: "检索词过长，请缩短后重试。", search_q_only_excluded: "检索只有排除词（-词、NOT 词）：请加上要检索的词。", q_field_prefix: "字段前缀（请使用筛选）", q_operator: "运算符（须匹配所有检索词）", search_failed: "无法执行此检索，请修改检索条件后重试。", search_unreachable: "服务器未能应答，请重试。", no_results: "没有结果", relations: "关系",
    relation: "关系", record: "记录", source: "出处", history: "版本历史", version: "版本", action: "操作", by: "操作者",
    when: "时间", changes: "变更", field: "字段", before: "修改前", after: "修改后", sources: "来源", compare: "与上一版比较",
    kind: "类别", type: "类型", jurisdiction: "法域", binding: "约束力", governance_layers: "治理层次",
    risk_categories: "风险层次", lifecycle: "生命周期阶段", org_form: "组织形式", status: "状态", year: "年份", date: "日期",
    date_effective: "生效日期", relaxed_note: "（没有记录包含所有检索词：以下记录包含其中除一个以外的全部）", truncated_note: "（检索只读取了最相关的 5,000 条匹配记录；匹配的记录更多：请增加检索词或筛选条件查看其余）", fuzzy_note: "（没有完全匹配的记录：以下为拼写相近的结果）", compare_title: "对比记录", compare_name: "名称", compare_other_name: "名称（另一语言）", compare_summary: "摘要", compare_only_diff: "只显示不同的行", compare_need: "请选择 2 至 {n} 条记录进行对比：在检索结果中勾选。", compare_left: "最多并排对比 {n} 条记录；未显示：{ids}。", compare_pick: "对比", compare_selected: "对比所选 {n} 项",  date_end: "终止日期", issuers: "发布者", tags: "标签", export_results: "下载这些结果（CSV）", tag_codes: "代码", tag_codes_show: "显示 {n} 个代码", in_zh: "（中文）", in_en: "（英文）",
    diff_none: "无", actor_import: "数据导入",
    notes: "备注", table_refs: "表格引用", deleted: "已删除", rel_source: "关系起点", rel_target: "关系终点", diff_true: "是", diff_false: "否", papers: "种子论文", filing: "已发布的报送", filing_commits: "本记录在透明日志中承诺了其内容（SHA-256 {hash}…）与审核流程", clear: "清除筛选",
    not_found: "未找到记录", not_found_id: "未找到记录：{id}", no_record_given: "未指定记录：请从检索结果中打开一条记录。", out: "→", in: "←",
    copy_of: "这是另一数据集对同一对象的记录。检索与分析只计一次，计为：",
    has_copies: "其他数据集中的同一记录：",
    copies_hidden: "（另有 {n} 条为其他数据集对同一对象的记录：显示）", copies_shown: "（隐藏其他数据集对同一对象的记录）",
    copy_of_short: "另一数据集对以下记录的收录：",
    nav_incidents: "事件监测", nav_filings: "报送", nav_analysis: "评估分析", nav_assess: "人工智能系统分类", nav_scenarios: "情景推演", trends: "趋势", granularity: "周期", g_year: "年", g_month: "月", g_week: "周", g_day: "日", signin_hint: "登录后可订阅预警（Atom 或 webhook）并定义主题", actor_seed: "观测平台（随附）", actor_migration: "观测平台（升级）", chart_too_big: "{periods} 个周期 × {series} 条线超出本图可绘制的范围：请减少年份、选择更粗的周期、加筛选条件或减少线条。", chart_too_big_1: "{periods} 个周期超出本图可绘制的范围：请减少年份或选择更粗的周期。", since: "年份", since_10: "近 10 年", since_5: "近 5 年", since_2: "近 2 年", since_all: "全部",
    topic: "主题", all_incidents: "全部事件", standardize: "占全部事件的比例（标准化）", share_series: "占全部事件的比例", alert_backfill: "历史补报", alert_incidents: "查看该时段的事件", chart_csv: "图表数据（CSV）", alerts: "预警",
    atom_feed: "Atom 订阅", records_feed: "本站收录记录的共享订阅源（Atom，供其他监测机构使用）", records_feed_no_q: "（按当前筛选条件；订阅源无法按搜索词筛选）", no_alerts: "暂无预警", alert_figures: "{count} 起事件，基线 {baseline}；尾部概率 {p}", alert_figures_share: "{count} 起事件，预期 {baseline} 起；尾部概率 {p}",
    year_only_not_counted: "另有 {n} 起事件仅知年份，按此周期无法计入；选择“年”即可计入。",
    year_only_cut: "另有 {n} 起事件仅知年份，其年份只部分落在所选范围内，未计入。",
    month_only_not_counted: "另有 {n} 起事件仅知月份，按此周期无法计入；选择“月”即可计入。",
    month_only_cut: "另有 {n} 起事件仅知月份，其月份只部分落在所选范围内，未计入。",
    spikes_marked: "图中红色标记的异常峰值", exclusions_n: "排除词（{n}）", confidence: "置信度 {n}%", incidents: "事件",
    incident_placeholder: "检索事件报道（中文或英文）……", any_risk_domain: "全部风险领域", any_topic: "全部主题", any_source: "全部来源",
    any_country: "全部国家", incident_count: "共 {n} 起事件", year_only_not_listed: "（另有 {n} 起事件仅知年份或月份，该年份或月份只部分落在所选日期范围内，未列出）", records_n: "{n} 条记录", linked_by: "归并依据：{via}", sources_monitored: "监测源", never: "从未",
    monitor_running: "监测运行中 · 上一轮 {round} · 上次归并 {cluster} · 待投递 Webhook {pending} 条",
    monitor_stopped: "监测未运行 · 上一轮 {round} · 上次归并 {cluster} · 待投递 Webhook {pending} 条",
    monitor_waiting: "监测等待中：另一进程{holder}持有租约至 {until} · 上一轮 {round} · 上次归并 {cluster} · 待投递 Webhook {pending} 条",
    records_waiting: " · 新报告等待归并为事件",
    records_waiting_due: " · 新报告等待归并为事件（下次归并 {due}）",
    no_feeds: "尚未配置订阅源。", never_polled: "尚未抓取",
    feed_ok: "正常", feed_not_modified: "无更新", feed_error: "抓取失败",
    feed_line: "{status} · 抓取于 {polled} · 新增 {n} 篇报道 · 每 {every} 分钟", feed_line_new: "{status} · 新增 {n} 篇报道 · 每 {every} 分钟",
    feed_catching_up: "正在补读：每轮读取一页较早的内容，直到某页出现已收录的报道；最新一页仍按间隔轮询",
    feed_items: "该源新增的报道", in_incident: "事件 #{id}", not_clustered: "尚未归并", report_rejected_outside: "已驳回的报告，不属于任何事件", report_pending_outside: "待审核的报告，不属于任何事件",
    report_incident: "报告事件", report_help: "任何人都可以报告人工智能事件。报告经编辑审核后才计入统计。",
    report_title: "标题", report_url: "来源网址", report_date: "发布日期", report_outlet: "媒体", report_text: "事件经过",
    report_send: "提交报告", report_thanks: "感谢您的报告。编辑审核通过后才计入统计。",
    report_recorded: "已记录；下次归并后计入统计。", report_known: "该报告已有记录。",
    suggest_title: "建议合并", suggest_more: "更多建议", suggest_for: "建议与 #{id} 合并：", suggest_reason: "原因", suggest_reason_all: "全部原因", suggest_reason_near: "略低于阈值", suggest_reason_refused: "被规则拒绝", suggest_reason_same: "同一监测机构同日", suggest_help: "上次归并留在两个事件中的记录对：得分略低于阈值、被规则拒绝，或同一监测机构同日的两条记录。可将其合并，或标记为不同事件；此后每次归并都会保留该决定。",
    suggest_none: "暂无：上次归并没有留下相近的记录对。", suggest_near: "得分 {s}，略低于阈值", suggest_refused: "得分 {s}，被规则拒绝（每个监测机构一条，或两个事件的报道所指部署者、国家或地点不同）", suggest_same: "得分 {s}，同一监测机构同日的两条记录",
    suggest_merge: "合并", suggest_merge_confirm: "将 #{id} 并入本事件：再次点击确认", suggest_apart: "不同事件", suggest_merged: "已并入事件 #{id}。", suggest_kept_apart: "已分开：此后的归并不会将其合并。",
    review_queue: "待审核的报告", review_n: "{n} 篇待审核；通过后才计入统计", review_anon: "匿名", review_by: "提交者：{who}",
    rv_deployers: "部署者", rv_developers: "开发者", rv_systems: "人工智能系统", rv_harmed: "受害方", rv_countries: "国家/地区",
    rv_sectors: "行业", rv_harm_types: "危害类型", rv_authors: "作者", rv_language: "语言",
    review_accept: "通过", review_reject: "驳回", review_reject_confirm: "驳回：再次点击确认", review_note: "理由（随决定保存）", q_too_long: "最多 1000 个字符", report_too_large: "报告总大小超过 1 MiB；请删减，或只给出其网址和摘要", split_out: "从本事件拆出", split_confirm: "拆出：再次点击确认", merge_into: "将该事件并入本事件", merge_confirm: "将 #{id} 并入本事件：再次点击确认",
    incident_no: "事件编号", records_1: "1 条记录", incident_1: "共 1 起事件",
    topics: "主题", topics_help: "中英文关键词查询：事件的任一记录包含任一检索词，即归入该主题。",
    builtin: "内置", topic_id: "标识（小写字母、数字、-）", name_en: "英文名称", name_zh: "中文名称", terms_en: "英文检索词",
    terms_zh: "中文检索词", terms_hint: "检索词之间用 ; 分隔；以 - 开头的词为排除词（-国防部长）", new_topic: "新建主题", edit: "编辑", delete: "删除",
    delete_confirm: "删除：再次点击确认", save: "保存", cancel: "取消", topic_trend: "趋势", topic_changes: "变更记录",
    topic_saved: "已保存。自下一次归并起按此主题统计事件。", topic_deleted: "已删除；变更记录仍保留。",
    topic_created: "创建", topic_updated: "修改", topic_deleted_action: "删除", topic_change_line: "{when} · {by} {action}",
    series_feed: "{series}的预警（Atom）", my_subscriptions: "我的预警订阅", no_subscriptions: "暂无。",
    webhook_optional: "Webhook 地址（可选；不填则通过该订阅的 Atom 源接收）", webhook_url_label: "Webhook 地址", subscribe: "订阅此序列",
    subscribe_series: "序列：{series}（即图表当前选择）", subscribed_secret: "已订阅。每次 Webhook 投递都在 X-Observatory-Timestamped-Signature 头中附 HMAC-SHA256 签名（对 X-Observatory-Timestamp + '.' + 正文签名）；密钥仅此一次显示：{secret}",
    subscribed: "已订阅。", sub_line: "已投递 {delivered} · 待投递 {pending} · 失败 {failed}", stop: "停止", stop_confirm: "停止：再次点击确认",
    sub_log: "投递记录", sub_log_hide: "收起投递记录", no_deliveries: "尚未向其发送任何预警。",
    dl_line: "预警 #{alert} · {state} · 已尝试 {attempts} 次", dl_delivered: "已送达 {at}", dl_pending: "等待中 · 下次尝试 {at}", dl_sending: "正在发送", dl_interrupted: "上次发送因服务器停止而中断；对方可能已收到，将以同一投递编号重发", dl_behind: "排在预警 #{alert} 之后：待其送达后发送",
    dl_failed: "已放弃（接收方拒收）", dl_cancelled: "已取消（订阅已删除）", dl_last: "最近应答：{last}", send_again: "重新发送",
    feed_url: "订阅源地址（RSS 2.0 或 Atom）", feed_name: "名称", feed_every: "抓取间隔（分钟）", add_feed: "添加订阅源",
    poll_now: "立即抓取", remove: "移除", remove_confirm: "移除：再次点击确认", feed_added: "已添加；监测将在下一轮抓取。", feed_updated: "该网址已是订阅源：已更新其名称和抓取间隔。",
    poll_queued: "已排队：监测下一轮抓取。", no_feeds_editor: "尚无订阅源：请在下方添加。",
    from_date: "起", to_date: "止", sort_best: "最相关 / 最新",
    decisions: "编辑决定", decisions_help: "编辑手动作出的合并与拆分。每次归并都予以保留；之后的决定可以取代之前的决定。",
    no_decisions: "暂无。", decision_merge: "合并", decision_split: "拆分", decision_apart: "不同事件", decision_line: "{when} · 操作者 {by}",
    decision_replaced: "已被之后的决定取代", export_csv: "下载全部来源记录及其所属事件（CSV）",
    split_by: "曲线分组", split_none: "不分组（单一曲线）", split_risk_domain: "按风险领域", split_risk_layer: "按风险层次",
    split_country: "按国家（前 8 个）", split_topic: "按主题", split_source: "按来源",
    split_sector: "按行业（前 8 个）", split_harm_type: "按危害类型（前 8 个）", chart_country: "国家", chart_risk_domain: "风险领域",
    any_sector: "全部行业", any_harm_type: "全部危害类型", any_risk_layer: "全部风险层次", partial_period: "最新事件日期为 {date}，{period} 只统计到该时间：这是不完整的时段，并非下降。",
    partial_period_yo: "其中 {m} 起事件里有 {n} 起只知年份，可能发生在该年任何一天。",
    cut_periods: "{periods}：被日期范围截断，只统计了其中一部分。",
    gap_note: "有 {n} 个时段没有记录任何事件（最早 {first}，最晚 {last}），曲线在此断开：这是导入的空缺，不是零。", lbl_risk_layer: "风险层次", standardize_needs: "请先选择主题、筛选条件或曲线分组：全部事件始终占全部事件的 100%。", skip_to_search: "跳到事件检索", facet_sector: "行业", facet_harm_type: "危害类型", facet_country: "国家", facet_source: "来源", facet_risk_layer: "风险层次",
    action_create: "创建", action_update: "修改", action_delete: "删除", action_import: "导入",
    lbl_query: "检索事件报道", lbl_source: "来源", lbl_sector: "行业", lbl_harm_type: "危害类型", lbl_sort: "排序", lbl_registry_query: "检索法律、战略、倡议和行为体", lbl_filters: "筛选",
    lbl_merge_with: "要并入本事件的事件编号", error: "出错了，请重试。",
    incident_not_found: "未找到事件 #{id}。", incident_merged: "事件 #{id} 已并入事件 #{into}：点击打开",
    merge_needs_number: "请输入要并入本事件的事件编号（#）。", merged_done: "已合并：现为事件 #{id}。",
    split_done: "已拆分：该记录现为事件 #{id}。",
    via_manual: "编辑决定", via_aiid_link: "AIID 将该报道列于此事件下", via_text: "文本近似重复",
    via_event: "同一事件（当事方与日期）", via_reciprocal: "语义上彼此最接近", via_single: "单独成事件"
  }
};
function currentLang() {
  const p = new URLSearchParams(location.search).get("lang");
  if (p === "zh" || p === "en") { localStorage.setItem("lang", p); return p; }
  return localStorage.getItem("lang") || ((navigator.language || "").startsWith("zh") ? "zh" : "en");
}
// The server words its error details in the language a request asks for; the browser's own header names the
// browser's language, not the page's, so requests to this server say the page's.
const browserFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = new URL(typeof input === "string" ? input : input.url, location.href);
  if (url.origin !== location.origin) return browserFetch(input, init);
  const headers = new Headers((init && init.headers) || (typeof input === "string" ? undefined : input.headers));
  if (!headers.has("Accept-Language")) headers.set("Accept-Language", currentLang() === "zh" ? "zh-CN,zh;q=0.9,en;q=0.5" : "en");
  return browserFetch(input, Object.assign({}, init, { headers }));
};
function t(key, vars) {
  let s = (I18N[currentLang()] || I18N.en)[key] || I18N.en[key] || key;
  // split/join, not replace: a value holding "$&" or "$1" (a topic named "R$&D") would be read as a replacement pattern
  if (vars) for (const k in vars) s = s.split("{" + k + "}").join(String(vars[k]));
  return s;
}
let VOCAB = null;
async function loadVocab() {
  if (!VOCAB) VOCAB = await (await fetch("/api/vocab")).json();
  return VOCAB;
}
function label(field, code) {
  if (!VOCAB) return code;
  const lists = field === "type" ? [VOCAB.instrument_type, VOCAB.actor_type, VOCAB.relation_type] : [VOCAB[field]];
  for (const l of lists) for (const term of (l || [])) if (term.code === code) return currentLang() === "zh" ? term.zh : term.en;
  return code;
}
// Jurisdictions are stored as codes (CN, EU, INTL): shown by name, from the country's own record (its id is the code in
// lower case), so a name corrected there shows here; the two codes no country record holds are named here.
const JUR_FIXED = { INTL: { zh: "国际", en: "International" }, EU: { zh: "欧盟", en: "European Union" } };
const jurNames = JSON.parse(sessionStorage.getItem("jurisdictions") || "{}");
async function loadJurisdictions(codes) {
  const todo = [...new Set(codes)].filter(c => c && /^[A-Z]{2}$/.test(c) && !JUR_FIXED[c] && !(c in jurNames)).slice(0, 60);
  await Promise.all(todo.map(async c => {
    const r = await fetch("/api/records/" + c.toLowerCase());
    const e = r.ok ? await r.json() : null;
    jurNames[c] = e && e.kind === "actor" && e.jurisdiction === c && e.name ? e.name : null;
  }));
  if (todo.length) sessionStorage.setItem("jurisdictions", JSON.stringify(jurNames));
}
function jurisdictionName(code) {
  const n = JUR_FIXED[code] || jurNames[code];
  return (n && pick(n)) || code;
}
/** The code as a name in the page's language, the code itself in the title. */
function jurisdictionEl(code) { return el("span", { class: "jurisdiction", title: code, text: jurisdictionName(code) }); }
// A stored time (2026-12-03T15:31:51.643Z) as "2026-12-03 15:31 UTC".
function fmtTime(iso) {
  const d = new Date(iso);
  return isNaN(d) ? (iso || "") : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
// Text in the page's language, or in the other one, with the language it is in (for a lang attribute).
function pickLang(text) {
  if (!text) return ["", null];
  const zh = currentLang() === "zh", own = zh ? text.zh : text.en, other = zh ? text.en : text.zh;
  return own ? [own, null] : other ? [other, zh ? "en" : "zh-CN"] : ["", null];
}
// A title shown as it came (a record's, an incident's) marked with its language where that is not the page's, so a screen
// reader speaks it in its own voice: the record's language when known, else by its letters (Han for Chinese, Latin for English)
function markLang(e, text, known) {
  let l = known && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(known) ? String(known).toLowerCase() : null;
  if (!l && text) {
    const han = (String(text).match(/\p{Script=Han}/gu) || []).length, latin = (String(text).match(/[A-Za-z]/g) || []).length;
    l = han > 0 && han * 3 >= latin ? "zh" : latin > 0 ? "en" : null;
  }
  if (l && !l.startsWith(currentLang() === "zh" ? "zh" : "en")) e.setAttribute("lang", l === "zh" ? "zh-CN" : l);
  return e;
}
// Lists read "a、b" in Chinese, "a, b" in English.
function listSep() { return currentLang() === "zh" ? "、" : ", "; }
// Punctuation composed around values: full-width in Chinese ("美国（US）", "度数：41"), as the Chinese strings write it
function punctParen(x) { return currentLang() === "zh" ? "（" + x + "）" : " (" + x + ")"; }
function punctColon() { return currentLang() === "zh" ? "：" : ": "; }
function pick(text) {
  if (!text) return "";
  return currentLang() === "zh" ? (text.zh || text.en || "") : (text.en || text.zh || "");
}
// The name in the other language, shown under the first: nothing when the record has none, since pick() already fell
// back to it (about 1,000 AGORA records with English names only showed theirs twice on the Chinese pages)
function otherName(text) {
  if (!text) return "";
  const other = currentLang() === "zh" ? text.en : text.zh;
  return other && other !== pick(text) ? other : "";
}
function applyI18n() {
  document.documentElement.lang = currentLang() === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach(el => el.textContent = t(el.dataset.i18n));
  document.querySelectorAll("[data-i18n-placeholder]").forEach(el => el.placeholder = t(el.dataset.i18nPlaceholder));
  document.querySelectorAll("[data-i18n-label]").forEach(el => el.setAttribute("aria-label", t(el.dataset.i18nLabel)));
  const title = document.documentElement.dataset.title; // pages whose script does not name the tab itself
  if (title) document.title = title === "brand" ? t("brand") : t(title) + " — " + t("brand");
  const b = document.getElementById("lang-toggle");
  if (b) { // its text, in the language it switches to, is its name; the tooltip says what it does
    b.textContent = currentLang() === "zh" ? "English" : "中文";
    b.lang = currentLang() === "zh" ? "en" : "zh";
    b.title = currentLang() === "zh" ? "切换为英文界面" : "Switch to Chinese";
  }
}
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) {
    if (k === "text") e.textContent = attrs[k];
    else if (k.startsWith("on")) e.addEventListener(k.substring(2), attrs[k]);
    else e.setAttribute(k, attrs[k]);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}
// A fresh element id, for aria-controls to name what a toggle opens.
let uidSeq = 0;
function uid(prefix) { return prefix + "-" + (++uidSeq); }
function onLangToggle(render) {
  document.getElementById("lang-toggle").addEventListener("click", () => {
    localStorage.setItem("lang", currentLang() === "zh" ? "en" : "zh");
    const u = new URL(location.href); u.searchParams.delete("lang"); history.replaceState(null, "", u);
    applyI18n(); render();
  });
}
