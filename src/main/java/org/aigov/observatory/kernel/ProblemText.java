package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error details in Chinese for callers that ask for it (Accept-Language). Details are written in English where
 * they are raised, hundreds of places; translating them where they are rendered keeps those places as they are.
 * A detail is "field: message" or a message; each rule matches a whole message, and what it captures (names,
 * values, lists of codes) is kept verbatim. A message no rule matches stays English: a half-translated sentence
 * would be worse than an English one. Field names and codes stay as they are: they are the API's words.
 */
public final class ProblemText {
  private ProblemText() {}

  /** {@code word}: group 1 is an English noun to name in Chinese; {@code nested}: the number of a group that is itself a detail (0: none). */
  private record Rule(Pattern p, String zh, boolean word, int nested) {}

  private static final List<Rule> RULES = new ArrayList<>();

  private static void rule(String regex, String zh) {
    RULES.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), zh, false, 0));
  }

  private static void nestedRule(String regex, int group, String zh) {
    RULES.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), zh, false, group));
  }

  /** The rule's last group is itself a message, translated by the rules in turn (kept English when none covers it). */
  private static void nestedRule(String regex, String zh) {
    Pattern p = Pattern.compile(regex, Pattern.DOTALL);
    RULES.add(new Rule(p, zh, false, p.matcher("").groupCount()));
  }

  private static void wordRule(String regex, String zh) {
    RULES.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), zh, true, 0));
  }

  static {
    // forms and bodies
    rule("required", "必填");
    rule("required: give (\\S+)\\.zh, \\S+\\.en or both", "必填：请填写 $1.zh、$1.en 或两者");
    rule("required: true or false", "必填：true 或 false");
    rule("required: an http\\(s\\) URL", "必填：http(s) 网址");
    rule("required: a valid e-mail address", "必填：有效的电子邮件地址");
    rule("required: the reporting party this filing is for", "必填：本报送所属的报送方");
    rule("required: tell the reporter what to change", "必填：请告诉报送人需要修改什么");
    rule("required: a JSON object with the form's fields", "必填：包含表单字段的 JSON 对象");
    rule("required \\(one of (.+)\\)", "必填（以下之一：$1）");
    rule("required (?:for a relation|for a reporter)", "必填");
    rule("must be text", "须为文本");
    rule("must be an object|must be a JSON object|a JSON object is required", "须为 JSON 对象");
    rule("must be a list", "须为列表");
    rule("must be a number", "须为数字");
    rule("must be a list of strings from (.+)", "须为以下取值的列表：$1");
    rule("must be \\{\"zh\": \\.\\.\\., \"en\": \\.\\.\\.\\}", "须为 {\"zh\": …, \"en\": …}");
    rule("must be between (\\S+) and (\\S+)", "须介于 $1 与 $2 之间");
    rule("(?:value )?longer than (\\d+) characters", "超过 $1 个字符");
    rule("at most (\\d+) characters", "最多 $1 个字符");
    rule("required, at most (\\d+) characters", "必填，最多 $1 个字符");
    rule("unknown field", "未知字段");
    rule("unknown value '(.*)'; allowed: (.+)", "未知取值“$1”；可选：$2");
    rule("unknown value (.*); allowed: (.+)", "未知取值 $1；可选：$2");
    rule("choose at least one of (.+)", "请至少选择一项：$1");
    rule("a date YYYY, YYYY-MM or YYYY-MM-DD", "日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD");
    rule("a code like US or EU", "应为代码，例如 US 或 EU");
    rule("a code like EU, US, CN or GLOBAL", "应为代码，例如 EU、US、CN 或 GLOBAL");
    rule("a code like (.+)", "应为代码，例如 $1");
    rule("an http\\(s\\) URL", "应为 http(s) 网址");
    rule("needs a url or a citation", "需要网址或引文");
    rule("not an e-mail address", "不是有效的电子邮件地址");
    rule("not a registry record id", "不是注册库记录的 id");
    rule("no registry record '(.*)'", "注册库中没有记录“$1”");
    rule("registry record '(.*)' is a (\\S+), not an actor", "注册库记录“$1”是 $2，不是行为体");
    rule("a new instrument gets its id when published; leave empty", "新文书在发布时获得 id；请留空");
    rule("at least one instrument \\(new, amended or repealed\\)", "至少一项文书（新增、修订或废止）");
    rule("at most (\\d+) instruments per report", "每份报告最多 $1 项文书");
    rule("at least one region code, e\\.g\\. (.+)", "至少一个地区代码，例如 $1");
    rule("a number of floating-point operations, e\\.g\\. (.+)", "浮点运算次数，例如 $1");
    rule("a list of (.+)", "应为列表：$1");
    rule("before (\\S+)", "早于 $1");
    rule("in the future: not after (\\S+)", "日期在未来：不得晚于 $1");
    rule("at most (\\d+) values, each once", "最多 $1 项，每项只列一次");
    nestedRule("(\\d+) field\\(s\\) need attention: (.+)", 2, "有 $1 个字段需要更正：$2");
    // parameters
    rule("one of (.+), got '(.*)'", "应为以下之一：$1；收到“$2”");
    rule("one of (.+)", "应为以下之一：$1");
    rule("(\\S+) or (\\S+), got '(.*)'", "应为 $1 或 $2；收到“$3”");
    rule("(\\S+) \\(default\\) or (\\S+), got '(.*)'", "应为 $1（默认）或 $2；收到“$3”");
    rule("not an integer: '(.*)'", "不是整数：“$1”");
    rule("not a cursor returned by this API", "不是本 API 返回的游标");
    rule("belongs to another search \\(its words, filters or order differ\\); start again without a cursor", "属于另一次检索（检索词、筛选条件或排序不同）；请去掉 cursor 从头开始");
    rule("unknown search parameter", "未知的检索参数");
    rule("no earlier filing '(.+)'", "没有此前的报送“$1”");
    rule("filing '(.+)' is not a published disclosure", "报送“$1”不是已发布的披露");
    rule("filing '(.+)' is already superseded by (\\S+); name that one", "报送“$1”已被 $2 取代；请填写后者");
    rule("filing '(.+)' is another party's; a disclosure updates its own party's", "报送“$1”属于其他报送方；披露只能更新本报送方的披露");
    rule("a search's records export as json or csv; graphml is the whole registry", "检索结果只能导出为 json 或 csv；graphml 为整个登记库");
    rule("(\\d+) records match; a search's export holds at most (\\d+): narrow it, or export everything without a search",
        "共有 $1 条记录匹配；检索结果导出最多 $2 条：请缩小检索范围，或不带检索条件导出全部");
    rule("only excludes words \\(-word, NOT word\\); add a word to search for", "只有排除词（-词、NOT 词）；请加上要检索的词");
    rule("a parameter has no name: '(.*)'", "有参数没有名称：'$1'");
    rule("goes with record, not with index", "须与 record 一起使用，不能与 index 一起使用");
    rule("at most (\\d+) values, got (\\d+)", "最多 $1 个取值；收到 $2 个");
    rule("not a filterable field; use one of (.+)", "不是可筛选的字段；请使用：$1");
    wordRule("unknown (jurisdiction|topic|table|scope|facet|dataset|regime|scenario) '(.*)'", "未知的$1“$2”");
    // bodies and transport
    rule("empty; expected a JSON object", "为空；需要一个 JSON 对象");
    rule("null; expected a JSON object", "为 null；需要一个 JSON 对象");
    rule("malformed JSON", "JSON 格式错误");
    // the parser's English stays in detail_en; the commonest of its reasons are said in Chinese
    String at = "malformed JSON at line (\\d+), column (\\d+): ", zhAt = "JSON 格式错误（第 $1 行第 $2 列）";
    rule(at + "Unexpected character \\('(.+?)' \\(code .*", zhAt + "：意外的字符“$3”");
    rule(at + "Unexpected end-of-input.*", zhAt + "：内容在结构闭合前结束");
    rule(at + "Unrecognized token '(.*?)': .*", zhAt + "：无法识别的记号“$3”");
    rule(at + "Duplicate field '(.*?)'", zhAt + "：字段“$3”重复出现");
    rule(at + "nested deeper than (\\d+) levels", zhAt + "：嵌套超过 $3 层");
    rule(at + ".+", zhAt);
    // a JSON line's error (the line is named before it): the column and the reason in the sender's terms
    String col = "malformed JSON at column (\\d+): ", zhCol = "JSON 格式错误（第 $1 列）：";
    rule(col + "text after the JSON object", zhCol + "JSON 对象之后还有内容");
    rule(col + "the object is not closed", zhCol + "对象未闭合");
    rule(col + "a list is not closed", zhCol + "列表未闭合");
    rule(col + "the line ends inside a value", zhCol + "该行在取值中途结束");
    rule(col + "unexpected character '(.+)'", zhCol + "意外的字符“$2”");
    rule(col + "unrecognized word '(.*)'", zhCol + "无法识别的记号“$2”");
    rule(col + "field '(.*)' given twice", zhCol + "字段“$2”重复出现");
    rule(col + "nested deeper than (\\d+) levels", zhCol + "嵌套超过 $2 层");
    rule(col + "not valid JSON", zhCol + "不是有效的 JSON");
    rule("malformed JSON: nested deeper than (\\d+) levels", "JSON 格式错误：嵌套超过 $1 层");
    rule("nested deeper than (\\d+) levels", "嵌套超过 $1 层");
    rule("malformed JSON: .+", "JSON 格式错误");
    rule("wrong type: expected a string", "类型错误：应为字符串");
    rule("wrong type: expected true or false", "类型错误：应为 true 或 false");
    rule("wrong type: expected a number", "类型错误：应为数字");
    rule("wrong type: expected a list", "类型错误：应为列表");
    rule("wrong type: expected a JSON object", "类型错误：应为 JSON 对象");
    rule("wrong type: expected another JSON type", "类型错误");
    rule("trailing content after the JSON object", "JSON 对象之后还有多余内容");
    rule("wrong type or format: (.+)", "类型或格式错误：$1");
    rule("not valid UTF-8 at byte (\\d+); JSON must be sent as UTF-8", "第 $1 字节处不是有效的 UTF-8；JSON 须以 UTF-8 发送");
    rule("not valid UTF-8 at byte (\\d+); save the profile as UTF-8", "第 $1 字节处不是有效的 UTF-8；请将画像保存为 UTF-8");
    rule("unknown parameter; this address takes no parameters", "未知参数；此地址不接受任何参数");
    rule("unknown risk layer '(.*)'; one of (.+)", "未知风险层次“$1”；可选：$2");
    rule("term '(.*)' holds search syntax \\(\\* \\? ~ : quotes brackets AND OR NOT\\); a term is a phrase matched as written: give each alternative as a term of its own",
        "词条“$1”含检索语法（* ? ~ : 引号 括号 AND OR NOT）；词条按原文作为短语匹配，请把每个备选写成单独的词条");
    rule("unknown risk domain '(.*)'; give its number \\(1 to 7\\) or a label GET /api/incidents/facets lists",
        "未知风险领域“$1”；请给出其编号（1 至 7）或 GET /api/incidents/facets 列出的标签");
    rule("unknown parameter; this address takes (.+)", "未知参数；此地址接受：$1");
    rule("(\\S+): not an option of decisions (\\S+) \\(it takes (.+)\\)", "$1：不是 decisions $2 的选项（它接受：$3）");
    rule("--format: expected text or json, got '(.*)'", "--format：应为 text 或 json，收到“$1”");
    rule("decisions (\\S+) takes no ids, got '(.*)'", "decisions $1 不接受编号，收到“$2”");
    rule("--offset: expected 0 or more, got (-?\\d+)", "--offset：应为 0 或更大，收到 $1");
    rule("given (\\d+) times; give it once", "给出了 $1 次；请只给一次");
    rule("csv lists the crosswalk; with --profile the answer is JSON", "csv 用于列出对照表；使用 --profile 时结果为 JSON");
    rule("invalid UTF-8(?: at byte (\\d+))?", "无效的 UTF-8");
    rule("body larger than 1 MiB", "请求体超过 1 MiB");
    rule("send the body with a Content-Length \\(at most 1 MiB\\), not chunked", "请以 Content-Length 发送请求体（最多 1 MiB），不要分块传输");
    rule("Content-Type: application/json required", "需要 Content-Type: application/json");
    rule("bodies are UTF-8; got charset (.+)", "请求体须为 UTF-8；收到字符集 $1");
    rule("malformed percent-escape '(.*)': a % must be followed by two hex digits", "百分号转义“$1”格式错误：% 之后须为两位十六进制数字");
    rule("not valid UTF-8 once percent-decoded", "百分号解码后不是有效的 UTF-8");
    rule("no route for (.+)", "没有此路径：$1");
    rule("the request's address is longer than (\\d+) bytes", "请求地址超过 $1 字节");
    rule("(\\S+) not allowed on (.+)", "$2 不支持 $1 方法");
    rule("the server failed to handle this request; nothing was stored", "服务器未能处理此请求；未保存任何内容");
    // records and versions
    rule("no record with id '(.*)'", "没有 id 为“$1”的记录");
    rule("record (.+) not found", "未找到记录 $1"); // .+: an id asked for may hold a space or a line break
    wordRule("(incident|topic|subscription|filing|account|alert|feed|delivery|model|token|version|action|webhook|anonymous report|active feed|undelivered delivery|bundled model) (\\S+) not found", "未找到$1 $2");
    wordRule("(\\S+) '(.*)' not found", "未找到$1“$2”");
    rule("record (\\S+) already exists", "记录 $1 已存在");
    wordRule("(instrument|actor|relation) (\\S+) not found", "未找到$1 $2");
    rule("version (-?\\d+) of record (.+) not found", "未找到记录 $2 的第 $1 版");
    rule("not a version number: '(.*)'", "不是版本号：“$1”");
    rule("this server has no Chinese font to draw a PNG with; ask for chart.svg", "本服务器没有可绘制 PNG 的中文字体；请改用 chart.svg");
    rule("not an ETag of this API: (.*)", "不是本 API 的 ETag：$1");
    rule("empty: give a date as YYYY-MM-DD, or leave it out for today \\(UTC\\)", "为空：请给出 YYYY-MM-DD 格式的日期，或省略此参数以使用今天（UTC）");
    rule("only spaces; choose a passphrase of several words", "只有空格；请选用由几个词组成的口令");
    rule("too few different characters \\((\\d+)\\); a passphrase of several words is stronger and easier to remember",
        "不同的字符太少（$1 个）；由几个词组成的口令更强，也更好记");
    rule("contains the e-mail address; choose one that does not", "包含电子邮件地址；请另选一个");
    rule("a run of keys or letters \\(123456…, abcdef…, qwerty…\\); choose a passphrase of several words",
        "是连续的按键或字母（123456…、abcdef…、qwerty…）；请选用由几个词组成的口令");
    rule("built on a common password \\('(.*)'\\); choose a passphrase of several words", "以常见密码（“$1”）为基础；请选用由几个词组成的口令");
    rule("the filing changed since that tag was read \\(a weak tag never matches\\); read it again, its ETag is (.+)",
        "读取该标签后报送已有变动（弱标签永不匹配）；请重新读取，其 ETag 为 $1");
    rule("Endpoint (\\S+) (\\S+) not found", "没有此路径：$1 $2");
    // Jetty's own refusals, before any route (ProblemErrorHandler)
    rule("Bad Request", "请求无效");
    rule("URI Too Long", "请求地址过长");
    rule("Request Header Fields Too Large", "请求头过大");
    rule("Ambiguous URI path separator", "地址中含有编码的路径分隔符（%2F）");
    rule("Ambiguous URI path encoding", "地址中含有有歧义的编码");
    rule("Ambiguous URI empty segment", "地址中含有空的路径段");
    rule("Ambiguous URI (.*)", "地址有歧义，无法处理");
    rule("unknown jurisdiction '(.*)': the registry is empty; start `observatory serve` once on this store \\(it loads the bundled registry\\), or import one",
        "未知的法域“$1”：注册库为空；请先在此存储上启动一次 `observatory serve`（它会载入随附的注册库数据），或导入一份");
    rule("unknown jurisdiction '(.*)': use codes the registry uses, e\\.g\\. US, EU, GB \\(the United Kingdom\\), CN",
        "未知的法域“$1”：请使用注册库的代码，例如 US、EU、GB（英国）、CN");
    rule("unknown jurisdiction '(.*)' \\(known: (.*)\\)", "未知的法域“$1”（已知：$2）");
    rule("'(\\S+)' is itself recorded as the same as '(\\S+)'; link to '(\\S+)' instead", "“$1”本身已记为“$2”的同一对象；请改为链接到“$3”");
    rule("'(\\S+)' is recorded as the same as '(\\S+)'; a record with copies cannot itself be a copy", "“$1”已记为“$2”的同一对象；有副本的记录本身不能作为副本");
    rule("'(\\S+)' is already recorded as the same as '(\\S+)'", "“$1”已记为“$2”的同一对象");
    rule("same_as links two records of one kind; '(\\S+)' is an? (\\S+) and '(\\S+)' an? (\\S+)", "same_as 只能连接同一类记录；“$1”是 $2，“$3”是 $4");
    rule("missing '(.*)'", "缺少“$1”");
    wordRule("(year|month|day) out of range: (.+)", "$1超出范围：$2");
    rule("expected YYYY, YYYY-MM or YYYY-MM-DD, got '(.*)'", "日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD；收到“$1”");
    rule("record (\\S+) is at version (\\d+), not (\\d+); re-read it and apply your change again",
        "记录 $1 当前为第 $2 版，而非第 $3 版；请重新读取后再修改");
    rule("filing (\\S+) is at version (\\d+), not (\\d+)", "报送 $1 当前为第 $2 版，而非第 $3 版");
    rule("If-Match: send the ETag you read, e\\.g\\. If-Match: (.+)", "If-Match：请发送所读取的 ETag，例如 If-Match: $1");
    rule("If-Match: a weak ETag never matches \\(RFC 9110 strong comparison\\); send the ETag as read, e\\.g\\. If-Match: (.+)",
        "If-Match：弱 ETag 永不匹配（RFC 9110 强比较）；请发送所读取的 ETag，例如 If-Match: $1");
    rule("give index, or record and version, not both", "请给出 index，或 record 与 version，不要同时给出");
    // accounts, tokens, roles
    rule("invalid, expired or revoked token", "令牌无效、已过期或已撤销");
    rule("an API token is required: Authorization: Bearer <token>", "需要 API 令牌：Authorization: Bearer <token>");
    rule("Authorization must be 'Bearer <token>'", "Authorization 须为“Bearer <token>”");
    rule("sign in or send Authorization: Bearer <token>", "请登录，或发送 Authorization: Bearer <token>");
    rule("e-mail or password is wrong", "电子邮件或密码错误");
    rule("too many failed sign-ins; retry after (\\d+) s", "登录失败次数过多；请在 $1 秒后重试");
    rule("more than (\\d+) writes a minute; slow down", "每分钟写入超过 $1 次；请放慢速度");
    rule("an account with this e-mail exists", "已有使用此电子邮件的账户");
    rule("admins only", "仅限管理员");
    rule("a reporter files only for their own party", "报送人只能为本报送方报送");
    rule("only for --format csv", "仅适用于 --format csv");
    rule("an operator token neither files nor reviews: use an account's token, so that four eyes can be checked", "运维令牌不能报送或审核：请使用账户的令牌，以便核查“四眼原则”");
    rule("only with --format csv", "仅可与 --format csv 一起使用");
    rule("only the paths analysis takes jurisdictions", "只有治理路径分析（paths）接受 jurisdictions");
    rule("the request body arrived slower than (\\d+) bytes a second; nothing was stored", "请求正文到达速度低于每秒 $1 字节；未存储任何内容");
    rule("the search index is open read-only: a server runs on this store; stop it to rebuild the index", "检索索引以只读方式打开：有服务器正在使用此存储；请先停止服务器再重建索引");
    rule("not supported; send the request with its own method", "不受支持；请直接使用该请求本身的方法发送");
    rule("only reporters \\(and admins\\) create filings", "只有报送人（和管理员）可以创建报送");
    rule("only reviewers and admins review filings", "只有审核人和管理员可以审核报送");
    rule("only the filing party's reporters may change it", "只有该报送方的报送人可以修改");
    rule("only admins may rebuild the index", "只有管理员可以重建索引");
    rule("this token lacks the '(.+)' scope", "此令牌缺少“$1”权限范围");
    rule("missing or wrong (\\S+) header \\(required with cookie sign-in\\)", "缺少或错误的 $1 请求头（使用 Cookie 登录时必需）");
    rule("a filing in state (\\S+) cannot be edited \\(only draft, returned or amended\\)", "状态为 $1 的报送不能编辑（只有草稿、退回或修订状态可以）");
    rule("cannot submit a filing in state returned; edit it first \\(the edit makes it amended, and an amended filing is resubmitted\\)",
        "不能提交状态为 returned 的报送；请先修改（修改后状态为 amended，可重新提交）");
    rule("cannot submit a filing in state (\\S+)", "不能提交状态为 $1 的报送");
    rule("cannot start review of a filing in state (\\S+)", "不能开始审核状态为 $1 的报送");
    wordRule("only a filing in review can be (published|returned) \\(state is (\\S+)\\)", "只有审核中的报送可以$1（当前状态 $2）");
    rule("another report is being written; try again shortly", "另一份报告正在生成；请稍后再试");
    // the rest of the fixed messages, by capability
    rule("(\\d+) to (\\d+) characters", "$1 至 $2 个字符");
    rule("at least (\\d+) characters", "至少 $1 个字符");
    rule("between (\\d+) and (\\d+)", "须介于 $1 与 $2 之间");
    rule("expected (\\d+)\\.\\.(\\d+)", "应为 $1 至 $2");
    rule("expected ≥ 0", "应 ≥ 0");
    rule("expected a JSON object", "需要一个 JSON 对象");
    rule("expected a string", "应为字符串");
    rule("expected an http\\(s\\) URL", "应为 http(s) 网址");
    rule("expected an integer number of seconds", "应为整数秒数");
    rule("expected (\\S+) or (\\S+)", "应为 $1 或 $2");
    rule("must be (\\S+) or (\\S+)", "须为 $1 或 $2");
    rule("(?:chart )?(format|method) must be (\\S+) or (\\S+)", "须为 $2 或 $3");
    rule("expected lower-case letters, digits and '-' \\(max (\\d+)\\)", "应为小写字母、数字和“-”（最多 $1 个）");
    rule("required; lower-case letters, digits, '-' or '_' \\(max (\\d+)\\)", "必填；小写字母、数字、“-”或“_”（最多 $1 个）");
    rule("empty", "为空");
    rule("not a number", "不是数字");
    rule("not a (delivery|party) id", "不是有效的 id");
    rule("offset out of range", "偏移量超出范围");
    rule("record ids are integers", "记录 id 须为整数");
    rule("required \\(instrument, actor or relation\\)", "必填（instrument、actor 或 relation）");
    rule("required: name\\.zh, name\\.en or both", "必填：请填写 name.zh、name.en 或两者");
    rule("a relation cannot point to its own source", "关系不能指向其自身的来源");
    rule("only relations have a (source|target)", "只有关系记录才有 $1");
    rule("same_as links two instruments or two actors, not relations", "same_as 只能连接两份文书或两个主体，不能连接关系");
    rule("imports need stable ids", "导入的记录需要稳定的 id");
    rule("too many words or alternatives for one search; use fewer", "一次检索的词或备选项过多；请减少");
    rule("contains the NUL character \\(U\\+0000\\), which no text field can hold", "含有 NUL 字符（U+0000），文本字段无法保存");
    rule("a parameter name contains the NUL character \\(U\\+0000\\)", "参数名含有 NUL 字符（U+0000）");
    rule("already used for a different request", "已用于另一个请求");
    rule("an admin cannot disable their own account", "管理员不能停用自己的账户");
    rule("only accounts hold API tokens; sign in with an account", "只有账户才能持有 API 令牌；请用账户登录");
    rule("a profile JSON object is required", "需要一个画像 JSON 对象");
    rule("at least one English or Chinese term is required", "至少需要一个英文或中文检索词");
    rule("an array of record ids is required", "需要一个记录 id 数组");
    rule("list the record ids to split off", "请列出要拆分出去的记录 id");
    rule("a split must leave at least one record in the incident", "拆分后事件中须至少保留一条记录");
    rule("cannot merge an incident with itself", "不能将事件与其自身合并");
    rule("the id \\(an integer\\) of the incident to merge in is required", "需要要并入的事件 id（整数）");
    rule("a record id \\(an integer\\) is required", "需要记录 id（整数）");
    rule("incidents export as csv", "事件只能导出为 csv");
    rule("expected an array of systems", "需要一个系统数组");
    rule("must not be below start", "不能早于开始值");
    rule("must be at least 1: every tree is consistent with the empty one", "须至少为 1：任何树都与空树一致");
    wordRule("name at least one (output variable|parameter)", "请至少指定一个$1");
    rule("sweep needs numeric 'from' and 'to'", "参数扫描需要数值型的 from 和 to");
    rule("model id must be 1-120 characters of a-z, 0-9, '\\.', '_' or '-'", "模型 id 须为 1 至 120 个字符，只含 a-z、0-9、“.”、“_”或“-”");
    // composed messages (ProblemTextTest fills in their values from the sources), by capability
    // registry and its imports
    rule("body id '(.*)' differs from the URL's '(.*)'", "请求体中的 id“$1”与网址中的“$2”不同");
    rule("record (\\S+) still has relations; delete them first", "记录 $1 仍有关系；请先删除这些关系");
    rule("'(\\S+)' is a relation; a relation links instruments and actors", "“$1”是一条关系；关系只能连接文书与主体");
    rule("record (\\S+) was created by another request at the same moment; send yours again \\(a new id is derived\\)",
        "记录 $1 已被同时到达的另一请求创建；请重新发送（将生成新的 id）");
    rule("set only by publishing a filing", "仅由发布报送写入");
    rule("record (\\S+) is a published filing's; published filings are not withdrawn", "记录 $1 属于已发布的报送；已发布的报送不可撤回");
    rule("an object naming the published filing's id", "须为写明已发布报送编号的对象");
    rule("record (\\S+) is an issuer of (.+); change that record first", "记录 $1 是 $2 的发布方；请先修改该记录");
    rule("cannot change kind from (\\S+) to (\\S+)", "不能将类别从 $1 改为 $2");
    rule("cannot change kind of (\\S+)", "不能更改 $1 的类别");
    rule("this endpoint takes (\\S+) records", "此接口只接受 $1 记录");
    rule("must match (.+), got '(.*)'", "须符合 $1；收到“$2”");
    rule("required; one of (.+)", "必填；应为以下之一：$1");
    rule("not a record id: '(.*)'", "不是记录 id：“$1”");
    rule("expected a code like US, CN, EU or INTL, got '(.*)'", "应为代码，例如 US、CN、EU 或 INTL；收到“$1”");
    rule("before date (\\S*)", "早于 date $1");
    rule("seed papers are numbered 1 to 5, got (.*)", "种子论文编号为 1 至 5；收到 $1");
    rule("not an http\\(s\\) URL: '(.*)'", "不是 http(s) 网址：“$1”");
    // WebhookTargets' reasons (webhook_url, a monitored feed's url)
    rule("at most (\\d+) characters", "最多 $1 个字符");
    rule("not a valid URL", "不是有效的网址");
    rule("the URL has no host", "网址没有主机名");
    rule("not with id: id names one alert; series, order and limit choose a list", "不能与 id 同用：id 指定一条预警；series、order 和 limit 用于选择列表");
    rule("empty: give an http\\(s\\) URL, or leave the field out for the Atom feed alone", "为空：请给出 http(s) 网址；只要 Atom 订阅源时请省略此字段");
    rule("character (\\d+) is a space, a control or a non-ASCII character: percent-encode it, and write an internationalized host name in its xn-- form",
        "第 $1 个字符是空格、控制字符或非 ASCII 字符：请对其进行百分号编码，国际化域名请写成 xn-- 形式");
    rule("the URL's host is neither a host name nor an IPv4 address written a.b.c.d", "网址的主机既不是主机名，也不是写作 a.b.c.d 的 IPv4 地址");
    rule("host (\\S+) is not an IPv4 address as written: four numbers 0 to 255 without leading zeros", "主机 $1 不是规范写法的 IPv4 地址：应为四个 0 至 255 的数字，且不带前导零");
    rule("credentials in the URL are not accepted", "不接受网址中的用户名和密码");
    rule("host (\\S+) does not resolve", "主机 $1 无法解析");
    rule("host (\\S+) resolves to (\\S+), a loopback, private, link-local or otherwise non-public address \\(set OBS_WEBHOOK_ALLOW_PRIVATE=1 to allow\\)",
        "主机 $1 解析为 $2，这是回环、私有、链路本地或其他非公开地址（设置 OBS_WEBHOOK_ALLOW_PRIVATE=1 可允许）");
    rule("contains an empty value", "含有空值");
    rule("'(.*)' contains ';', which separates values in the CSV export; give each value as its own item",
        "“$1”含有“;”，该符号在 CSV 导出中用于分隔取值；请把每个取值作为单独一项");
    rule("([^:]*): expected a JSON array of records", "$1：应为记录的 JSON 数组");
    rule("line (\\d+): expected a record \\(a JSON object\\) or the end of the array", "第 $1 行：应为一条记录（JSON 对象）或数组的结尾");
    rule("not valid UTF-8 near line (\\d+); save the file as UTF-8", "第 $1 行附近不是有效的 UTF-8；请将文件保存为 UTF-8");
    rule("expected two capital letters, got '(.*)'", "应为两个大写字母；收到“$1”");
    rule("expected three capital letters, got '(.*)'", "应为三个大写字母；收到“$1”");
    rule("not AGORA's (\\S+): its header lacks (.*); found (.*)", "不是 AGORA 的 $1：表头缺少 $2；实际为 $3");
    rule("not the ISO 3166 countries CSV: its header needs name, alpha-2, alpha-3 \\(and region, sub-region\\); found (.*)", "不是 ISO 3166 国家列表 CSV：表头须含 name、alpha-2、alpha-3（及 region、sub-region）；实际为 $1");
    rule("a CSV file of more than (\\d+) MB; split it", "CSV 文件超过 $1 MB；请拆分");
    rule("name a \\.png or \\.svg file, got '(.*)'", "请指定 .png 或 .svg 文件；收到“$1”");
    rule("id (\\S*) is taken by an? (\\S*)", "id $1 已被 $2 占用");
    rule("no (documents|authorities)\\.csv in (.*)", "$2 中没有 $1.csv");
    rule("expected (\\d+) columns, found (\\d+)", "应为 $1 列，实际为 $2 列");
    rule("not a number: '(.*)'", "不是数字：“$1”");
    rule("unknown value '(.*)'", "未知取值“$1”");
    rule("'(.*)' is not named in authorities\\.csv", "“$1”未列于 authorities.csv");
    rule("unknown dataset '(.*)'; one of (.+)", "未知的数据集“$1”；可选：$2");
    rule("cannot write (.*) \\((\\w*)\\)", "无法写入 $1（$2）");
    rule("cannot write '(.*)': (.*)", "无法写入“$1”：$2");
    rule("takes no argument, got '(.*)'", "不接受参数；收到“$1”");
    // transparency log
    rule("must not be negative", "不能为负数");
    rule("(\\d+) exceeds the log's size (\\d+)", "$1 超过日志大小 $2");
    rule("log entry for record (.*) version (\\S*) not found", "未找到记录 $1 第 $2 版的日志条目");
    rule("the entry has index (\\d+), beyond tree_size (\\d+)", "该条目的索引为 $1，超出 tree_size $2");
    rule("(\\d+) is not below tree_size (\\d+)", "$1 不小于 tree_size $2");
    rule("(\\d+) exceeds second (\\d+)", "$1 大于 second $2");
    // filings and accounts
    rule("party (\\S+) exists", "报送方 $1 已存在");
    rule("no party '(.*)'; GET /api/filings/parties lists them", "没有报送方“$1”；GET /api/filings/parties 列出所有报送方");
    rule("no party '(.*)'", "没有报送方“$1”");
    rule("ids beginning 'filing-' are given only by publishing a filing", "以“filing-”开头的编号只由发布报送生成");
    rule("contains the invisible character U\\+([0-9A-F]{4,6})", "含有不可见字符 U+$1");
    rule("empty; leave it out to hear of every party's filings", "为空；如需接收所有报送方的报送，请省略此项");
    rule("no account (.*)", "没有账户 $1");
    rule("account (.*) is disabled", "账户 $1 已停用");
    rule("unknown scope '(.*)'; allowed (.+)", "未知的权限范围“$1”；可选：$2");
    rule("role (\\S+) cannot hold scope '(.*)'", "角色 $1 不能持有权限范围“$2”");
    rule("role (\\S+) may not do this: it takes an editor \\(role reviewer or admin\\)", "角色 $1 无权执行此操作：需要编辑（reviewer 或 admin 角色）");
    rule("version (\\d+) of filing (\\S+) not found", "未找到报送 $2 的第 $1 版");
    rule("this token lacks the '(.+)' scope, so it cannot hand it on or revoke it", "此令牌缺少“$1”权限范围，因此不能转授或撤销它");
    rule("expected a version number from 1, got (.*)", "应为从 1 起的版本号；收到 $1");
    rule("(\\S+) is not an instrument", "$1 不是文书");
    // assessment and rules
    rule("unknown table '(.*)'; one of (.+)", "未知的表“$1”；可选：$2");
    rule("at most (\\d+) different jurisdictions, got (\\d+)", "最多 $1 个不同法域；收到 $2 个");
    rule("only with format=csv", "仅用于 format=csv");
    rule("([^:]*): not a year: '(.*)'", "$1：不是年份：“$2”");
    rule("([^:]*): id is required", "$1：id 为必填");
    rule("([^:]*): '(.*)' is used already \\(by the bundled dataset or an earlier line\\); give each system its own id",
        "$1：“$2”已被使用（随附数据集或前面的行）；请为每个系统使用不同的 id");
    rule("([^:]*) \\(([^:]*)\\): not an ISO 3166 country code \\(or EU, INTL\\): '(.*)'", "$1（$2）：不是 ISO 3166 国家代码（或 EU、INTL）：“$3”");
    rule("no such file: (.+)", "没有此文件：$1");
    rule("no such folder: (.+)", "没有此文件夹：$1");
    rule("is a file, not a folder: (.+)", "是文件而不是文件夹：$1");
    rule("([^:]*) \\(([^:]*)\\): a zh or en name is required", "$1（$2）：须有中文或英文名称");
    rule("([^:]*) \\(([^:]*)\\): country is required", "$1（$2）：国家为必填");
    rule("([^:]*) \\(([^:]*)\\): expected 1, 2 or 3 or empty, got '(.*)'", "$1（$2）：应为 1、2 或 3，或留空；收到“$3”");
    rule("([^:]*) \\(([^:]*)\\): expected true or false or empty, got '(.*)'", "$1（$2）：应为 true 或 false，或留空；收到“$3”");
    rule("([^:]*) \\(([^:]*)\\): expected one of (.*) or empty, got '(.*)'", "$1（$2）：应为以下之一或留空：$3；收到“$4”");
    rule("([^:]*) \\(([^:]*)\\): expected one of (.*), got '(.*)'", "$1（$2）：应为以下之一：$3；收到“$4”");
    rule("unknown field; known fields are listed by GET /api/rules/questionnaire", "未知字段；已知字段见 GET /api/rules/questionnaire");
    rule("'(.*)' is not one of (.+)", "“$1”不是以下之一：$2");
    rule("'(.*)' is listed twice; each option once", "“$1”列出了两次；每个选项只能列一次");
    rule("impossible date: (\\S*) is before (\\S*) (\\S*)", "不可能的日期：$1 早于 $2 $3");
    rule("must be true or false \\(or null if not known\\)", "须为 true 或 false（未知时为 null）");
    rule("must be a string", "须为字符串");
    rule("must be one of (.+)", "须为以下之一：$1");
    rule("must be a list of (.+)", "须为以下取值的列表：$1");
    rule("must be a number, got '(.*)'", "须为数字；收到“$1”");
    rule("must be finite", "须为有限数值");
    rule("impossible value (\\S*) \\(minimum (\\S*)\\)", "不可能的取值 $1（最小值 $2）");
    rule("must be a date YYYY-MM-DD", "须为日期 YYYY-MM-DD");
    rule("impossible or malformed date '(.*)' \\(expected a real calendar date YYYY-MM-DD\\)", "不可能或格式错误的日期“$1”（应为真实的日历日期 YYYY-MM-DD）");
    rule("implausible date (\\S*) \\(outside 1950–2100\\)", "不合理的日期 $1（不在 1950–2100 年之间）");
    rule("unknown regime '(.*)' \\(one of (.+)\\)", "未知的制度“$1”（可选：$2）");
    rule("the profile does not include (.+)", "画像中没有 $1");
    rule("give both from and to, or neither", "请同时给出 from 和 to，或都不给");
    rule("choose a regime other than 'from' \\((.*)\\)", "请选择与 from（$1）不同的制度");
    // scenarios
    rule("must be above 0 and at most 1 \\(a share of each value\\), got (.*)", "须大于 0 且不超过 1（各取值的比例）；收到 $1");
    rule("must be a whole number from (-?\\d+) to (-?\\d+), got (.*)", "须为 $1 至 $2 的整数；收到 $3");
    rule("must be a whole number, got (.*)", "须为整数；收到 $1");
    rule("must be a number, got (.*)", "须为数字；收到 $1");
    rule("'(.*)' must be between (\\S*) and (\\S*), got (.*)", "“$1”须介于 $2 与 $3 之间；收到 $4");
    rule("give model \\(an id\\) or xmile \\(a model's text\\), not both", "请给出 model（模型 id）或 xmile（模型文本）之一，不要同时给出");
    rule("missing: give model \\(an id\\) or xmile \\(a model's text\\)", "缺少：请给出 model（模型 id）或 xmile（模型文本）");
    rule("every parameter's perturbed range leaves its declared range; give a smaller delta", "每个参数扰动后的取值都超出其声明的范围；请减小扰动幅度");
    rule("'(.*)' perturbed by ±(\\S+)% runs from (\\S+) to (\\S+), outside its declared range (\\S+) to (\\S+); give a smaller delta",
        "“$1”上下扰动 $2% 后取值为 $3 至 $4，超出其声明的范围 $5 至 $6；请减小扰动幅度");
    rule("override must be a finite number", "覆盖值须为有限数值");
    rule("run has (\\S+) steps, more than (\\d+)", "运行有 $1 步，超过 $2 步");
    rule("'(.*)' must be a finite number, got (.*)", "“$1”须为有限数值；收到 $2");
    rule("must be a finite time from the start time (\\S+), got (.*)", "须为不早于开始时间 $1 的有限时间；收到 $2");
    rule("must be a finite number, got (.*)", "须为有限数值；收到 $1");
    rule("DT must be positive, got (.*)", "DT 须为正数；收到 $1");
    rule("stop time (\\S+) is before start time (\\S+)", "结束时间 $1 早于开始时间 $2");
    rule("unknown field; known fields are (.+)", "未知字段；已知字段为 $1");
    rule("unknown scenario '(.*)'; the model has: (.+)", "未知的情景“$1”；模型中有：$2");
    rule("expected name=from:to, got '(.*)'", "应为 name=from:to；收到“$1”");
    rule("expected name=from:to with numbers, got '(.*)'", "应为 name=from:to（数值）；收到“$1”");
    rule("a sweep takes one --param; give --runs for a Monte Carlo over several", "参数扫描只接受一个 --param；对多个参数做蒙特卡洛请给出 --runs");
    rule("the Monte Carlo envelope for --chart or --json would keep (\\d+) values, more than (\\d+); use fewer --runs",
        "为 --chart 或 --json 计算的蒙特卡洛包络将保存 $1 个值，超过 $2 个；请减少 --runs");
    rule("run would save (\\d+) values, more than (\\d+); use a larger savestep", "运行将保存 $1 个值，超过 $2 个；请使用更大的 savestep");
    rule("(\\d+) runs of (\\d+) steps exceed the limit of (\\d+) steps per request", "$1 次运行、每次 $2 步，超过每个请求 $3 步的上限");
    rule("(\\d+) runs of (\\d+) steps × (\\d+) expression nodes exceed the limit of (\\d+) nodes per request",
        "$1 次运行 × $2 步 × 每步 $3 个表达式节点，超过每个请求 $4 个节点的上限");
    rule("every core is running a simulation; retry in a few seconds", "所有处理器核心都在运行模拟；请几秒后重试");
    rule("dimension (.+): size must be a whole number from 1 to (\\d+), got (.*)", "维度 $1：大小须为 1 至 $2 的整数，收到 $3");
    rule("the model has more than (\\d+) values \\(arrays expanded\\) at '(.+)'", "模型在“$2”处超过 $1 个值（数组展开后）");
    rule("expected name=value, got '(.*)'", "应为 name=value；收到“$1”");
    rule("value of '(.*)' is not a number", "“$1”的值不是数字");
    rule("(\\S+) must be (-?\\d+)\\.\\.(-?\\d+)", "$1 须为 $2 至 $3");
    rule("(\\S+) must be an integer", "$1 须为整数");
    // scenario models: what the XMILE reader, the compiler and the equation parser find wrong (HTTP 422)
    rule("no such file or bundled model: (.+) \\(bundled: (.*)\\)", "没有此文件或内置模型：$1（内置模型：$2）");
    rule("'(.*)' is a bundled model and cannot be replaced; store the model under another id", "“$1”是内置模型，不能替换；请以其他 id 保存模型");
    rule("cannot read (.+?): (.+)", "无法读取 $1：$2");
    rule("malformed XML: the document is empty", "XML 格式错误：文档为空");
    rule("malformed XML: no <xmile> root with a <model> element", "XML 格式错误：没有含 <model> 元素的 <xmile> 根元素");
    // the XML parser's own reason stays as it is, as for JSON
    rule("malformed XML: line (\\d+), column (\\d+): (.+)", "XML 格式错误（第 $1 行第 $2 列）：$3");
    rule("malformed XML: (.+)", "XML 格式错误：$1");
    rule("DT must be positive, got (.*)", "DT 须为正数；收到 $1");
    rule("stop time (\\S+) is before start time (\\S+)", "结束时间 $1 早于开始时间 $2");
    rule("(.+?): not a number: '(.*)'", "$1：不是数字：“$2”");
    rule("a <(.*)> has no name attribute", "有一个 <$1> 没有 name 属性");
    rule("graphical function of '(.*)' has no <ypts>", "“$1”的图形函数没有 <ypts>");
    rule("graphical function of '(.*)' has neither <xpts> nor <xscale>", "“$1”的图形函数既没有 <xpts> 也没有 <xscale>");
    rule("graphical function of '(.*)' has (\\d+) x points but (\\d+) y points", "“$1”的图形函数有 $2 个 x 点，但有 $3 个 y 点");
    rule("graphical function of '(.*)': x points must be increasing", "“$1”的图形函数：x 点须递增");
    rule("unknown variable '(.*)' in the equation of '(.*)'", "“$2”的方程中有未知的变量“$1”");
    rule("unknown function '(.*)' in the equation of '(.*)'", "“$2”的方程中有未知的函数“$1”");
    rule("unknown variable '(.*)'", "未知的变量“$1”");
    rule("unknown element '(.*)'", "未知的数组元素“$1”");
    rule("no output column '(.*)'", "没有输出列“$1”");
    rule("'(.*)' has no finite value to chart \\(NaN or infinite throughout\\)", "“$1”没有可绘制的有限数值（始终为 NaN 或无穷大）");
    rule("equation of '(.*)' is longer than 100,000 characters", "“$1”的方程超过 100,000 个字符");
    rule("equation of '(.*)' is nested too deeply", "“$1”的方程嵌套过深");
    rule("equation of '(.*)' expands to more than (\\d+) terms \\(macros inlined\\)", "“$1”的方程展开后超过 $2 项（宏已内联）");
    rule("the model's equations expand to more than (\\d+) terms \\(arrays and macros expanded\\) at '(.*)'", "模型的方程在“$2”处展开后超过 $1 项（数组与宏已展开）");
    nestedRule("equation of '(.*?)': (.+?) at column (\\d+) in \"(.*)\"", 2, "“$1”的方程第 $3 列：$2（方程：“$4”）");
    // the equation parser's reasons, nested in the rule above
    rule("empty equation", "方程为空");
    rule("unterminated quoted name", "带引号的名称缺少结尾的引号");
    rule("unexpected character '(.*)'", "意外的字符“$1”");
    rule("unexpected '(.*)'", "意外的“$1”");
    rule("unexpected (\\S+)", "意外的 $1");
    rule("expected (THEN|ELSE)", "缺少 $1");
    rule("bad number '(.*)'", "无效的数字“$1”");
    rule("expected '\\)' after arguments of (.+)", "$1 的参数之后缺少“)”");
    rule("expected '([)\\]])'", "缺少“$1”");
    rule("module '(.*)' connects its output to unknown variable '(.*)'", "模块“$1”的输出连接到未知的变量“$2”");
    rule("module '(.*)' refers to model '(.*)' which is not defined", "模块“$1”引用的模型“$2”未定义");
    rule("module '(.*)' includes itself recursively", "模块“$1”递归地包含自身");
    rule("module '(.*)' connects to unknown input '(.*)'", "模块“$1”连接到未知的输入“$2”");
    rule("variable '(.*)' is defined twice", "变量“$1”定义了两次");
    rule("variable '(.*)' uses undefined dimension '(.*)'", "变量“$1”使用了未定义的维度“$2”");
    rule("variable '(.*)' has no equation", "变量“$1”没有方程");
    rule("variable '(.*)' has an undefined equation '\\?\\?\\?' \\(left by the converter that wrote the file\\)",
        "变量“$1”的方程未定义（“???”，由生成该文件的转换工具留下）");
    rule("'(.*)' lists (\\d+) values for (\\d+) elements", "“$1”列出了 $2 个值，但有 $3 个元素");
    rule("stock '(.*)' names unknown flow '(.*)'", "存量“$1”引用了未知的流量“$2”");
    rule("stock '(.*)' lists '(.*)' as a flow but it is an? (\\S*)", "存量“$1”将“$2”列为流量，但它是 $3");
    rule("flow '(.*)' has dimension (\\S+) that stock '(.*)' lacks", "流量“$1”有维度 $2，而存量“$3”没有");
    rule("circular definition \\(algebraic loop during initialisation\\) among: (.+)", "循环定义（初始化时的代数环），涉及：$1");
    rule("circular definition \\(algebraic loop\\) among: (.+)", "循环定义（代数环），涉及：$1");
    rule("circular definition: '(.*)' refers to itself", "循环定义：“$1”引用了自身");
    rule("'\\*' used outside a subscript in '(.*)'", "“$1”的方程中，“*”用在了下标之外");
    rule("a comma list is only allowed as a whole array equation in '(.*)'", "“$1”的方程中，逗号列表只能作为整个数组的方程");
    rule("'(.*)' is not an array but is subscripted in '(.*)'", "“$2”的方程中，“$1”不是数组却带有下标");
    rule("'(.*)' has (\\d+) dimensions but (\\d+) subscripts in '(.*)'", "“$4”的方程中，“$1”有 $2 个维度，却有 $3 个下标");
    rule("'\\*' subscript of '(.*)' can only be used inside an array function \\(SUM, MEAN, MIN, MAX\\.\\.\\.\\) in '(.*)'",
        "“$2”的方程中，“$1”的“*”下标只能用在数组函数（SUM、MEAN、MIN、MAX 等）之内");
    rule("subscript (\\S+) out of range for dimension (\\S+) in '(.*)'", "“$3”的方程中，下标 $1 超出维度 $2 的范围");
    rule("dimension '(.*)' is not bound here: use it inside an array function or give '(.*)' that dimension",
        "维度“$1”在此未绑定：请在数组函数中使用它，或为“$2”加上该维度");
    rule("unknown subscript '(.*)' for dimension (\\S+) in '(.*)'", "“$3”的方程中，维度 $2 没有下标“$1”");
    rule("cannot map dimension (\\S+) onto (\\S+) for '(.*)' in '(.*)'", "“$4”的方程中，无法将“$3”的维度 $1 映射到 $2");
    rule("macro (\\S+) takes (\\d+) arguments, got (\\d+) in '(.*)'", "“$4”的方程中，宏 $1 需要 $2 个参数，实际为 $3 个");
    rule("(\\S+) takes (\\d+) to (\\d+) arguments, got (\\d+) in '(.*)'", "“$5”的方程中，$1 需要 $2 至 $3 个参数，实际为 $4 个");
    rule("(\\S+) takes (\\S+) arguments, got (\\S+) in '(.*)'", "“$4”的方程中，$1 需要 $2 个参数，实际为 $3 个");
    rule("LOOKUP's first argument must be a graphical function in '(.*)'", "“$1”的方程中，LOOKUP 的第一个参数须为图形函数");
    rule("(\\S+) order must be a constant number in '(.*)'", "“$2”的方程中，$1 的阶数须为常数");
    rule("(.+?) must be a constant number in '(.*)'", "“$2”的方程中，$1 须为常数");
    rule("the seed of (\\S+) must be a number in '(.*)'", "“$2”的方程中，$1 的种子须为数字");
    rule("macro (\\S+) has no equation", "宏 $1 没有方程");
    rule("arrayed variables inside macro (\\S+) are not supported", "不支持宏 $1 中的数组变量");
    // incidents
    rule("incident (\\S+) not found: its record (\\S+) is now in incident (\\S+)", "未找到事件 $1：其记录 $2 现属于事件 $3");
    rule("record (\\S+) is not in incident (\\S+)", "记录 $1 不在事件 $2 中");
    rule("records (\\S+) and (\\S+) are both in incident (\\S+): split the incident instead", "记录 $1 与 $2 同属事件 $3：请改为拆分该事件");
    rule("record (\\S+) is in no incident \\(unknown, or not yet clustered\\)", "记录 $1 不属于任何事件（未知，或尚未归并）");
    rule("expected another record than record_a \\((\\S+)\\)", "应为 record_a（$1）以外的另一条记录");
    rule("expected facet=value pairs separated by ';' \\(or '&'\\), got '(.*)'", "应为以“;”（或“&”）分隔的 facet=value 对；收到“$1”");
    rule("spikes come with format=json; the CSV holds the series only", "异常峰值仅随 format=json 返回；CSV 只含序列本身");
    rule("unknown facet '(.*)'; expected granularity, standardize or one of (.+)", "未知的分面“$1”；应为 granularity、standardize 或以下之一：$2");
    rule("expected field=value, got '(.*)'", "应为 field=value；收到“$1”");
    rule("unknown field '(.*)'; one of (.+) or tags", "未知字段“$1”；可选：$2 或 tags");
    rule("standardize: expected true or false, got '(.*)'", "standardize：应为 true 或 false；收到“$1”");
    rule("country: expected an ISO 3166 alpha-2 code such as US or CN, got '(.*)'", "country：应为 ISO 3166 两字母代码，如 US 或 CN；收到“$1”");
    rule("unknown country '(.*)': expected an ISO 3166 alpha-2 code such as US or CN, or a country's name", "未知的国家“$1”：应为 ISO 3166 两字母代码（如 US 或 CN）或国家名称");
    rule("expected an ISO 3166 alpha-2 code such as US or CN, got '(.*)'", "应为 ISO 3166 两字母代码，如 US 或 CN；收到“$1”");
    rule("expected true or false, got '(.*)'", "应为 true 或 false；收到“$1”");
    rule("standardize=true needs a topic or a facet: the share of all incidents in all incidents is always 100 %",
        "standardize=true 需要一个主题或分面：全部事件在全部事件中的占比始终为 100%");
    rule("unknown topic '(.*)'; GET /api/incidents/topics lists them", "未知的主题“$1”；GET /api/incidents/topics 列出所有主题");
    rule("you have (\\d+) active subscriptions, the most one user may hold; stop one first", "您已有 $1 个有效订阅，已达每位用户的上限；请先停止一个");
    rule("you already subscribe to this series: subscription (\\d+) \\((.*)\\); stop it first to subscribe again", "您已订阅此序列：订阅 $1（$2）；如需重新订阅，请先停止该订阅");
    rule("you already subscribe to this series with this webhook: subscription (\\d+) \\((.*)\\); stop it first to subscribe again",
        "您已用此 Webhook 订阅此序列：订阅 $1（$2）；如需重新订阅，请先停止该订阅");
    rule("expected detected or period", "应为 detected 或 period");
    rule("at most (\\d+) characters, found (\\d+)", "最多 $1 个字符，实际为 $2 个");
    rule("at most (\\d+) characters \\(an emoji counts as two\\), found (\\d+)", "最多 $1 个字符（表情符号按两个计），实际为 $2 个");
    rule("expected (\\d+) to (\\d+) seconds, got (.*)", "应为 $1 至 $2 秒；收到 $3");
    rule("expected (-?\\d+) to (-?\\d+), got (.*)", "应为 $1 至 $2；收到 $3");
    rule("expected an integer, got '(.*)'", "应为整数；收到“$1”");
    rule("expected a probability, got '(.*)'", "应为概率；收到“$1”");
    rule("expected a probability between 0 and 1, got 0 \\(or a number too small to tell from 0\\)", "应为 0 与 1 之间的概率；收到 0（或小到无法与 0 区分的数）");
    rule("expected a probability between 0 and 1, got (.*)", "应为 0 与 1 之间的概率；收到 $1");
    rule("expected an array of strings", "应为字符串数组");
    rule("expected an array of strings, found (.+)", "应为字符串数组；收到 $1");
    rule("expected one of (.+), got '(.*)'", "应为以下之一：$1；收到“$2”");
    rule("expected one of (.+)", "应为以下之一：$1");
    rule("expected accept or reject, got '(.*)'", "应为 accept 或 reject；收到“$1”");
    rule("expected pending, accept or reject, got '(.*)'", "应为 pending、accept 或 reject；收到“$1”");
    rule("expected list, add, remove, poll or items, got '(.*)'", "应为 list、add、remove、poll 或 items；收到“$1”");
    rule("expected list, show, add, update or delete, got '(.*)'", "应为 list、show、add、update 或 delete；收到“$1”");
    rule("expected a feed id, got '(.*)'", "应为订阅源 id；收到“$1”");
    rule("(\\S+) needs a record id, got '(.*)'", "$1 需要记录 id；收到“$2”");
    rule("(\\S+) needs a topic id", "$1 需要主题 id");
    rule("expected list, merge, split, suggestions or apart, got '(.*)'", "应为 list、merge、split、suggestions 或 apart；收到“$1”");
    rule("apart needs two record ids, got (\\S+)", "apart 需要两个记录 id；收到 $1 个");
    rule("merge needs two incident ids, got (\\d+)", "merge 需要两个事件 id；收到 $1 个");
    rule("split needs the incident id and at least one record id, got (\\d+) id\\(s\\)", "split 需要事件 id 及至少一个记录 id；收到 $1 个 id");
    rule("expected an incident id \\(a number\\), got '(.*)'", "应为事件 id（数字）；收到“$1”");
    rule("expected a record id \\(a number\\), got '(.*)'", "应为记录 id（数字）；收到“$1”");
    rule("(\\S+) needs (\\S+)", "$1 需要 $2");
    rule("delivery (\\d+) was delivered; there is nothing to retry", "推送 $1 已送达；无需重试");
    rule("delivery (\\d+) belongs to subscription (\\S+), which was deleted; nothing is queued", "推送 $1 属于已删除的订阅 $2；未排队重试");
    rule("delivery (\\d+) is being sent now; its log shows the outcome", "推送 $1 正在发送；结果见其推送日志");
    rule("given twice; a profile answers each question once", "重复给出；画像中每个问题只回答一次");
    rule("unknown value '(.*)'; expected a year such as 2024", "未知取值“$1”；应为年份，例如 2024");
    rule("unknown value '(.*)'; GET /api/vocab lists the values", "未知取值“$1”；可用取值见 GET /api/vocab");
    rule("filing (\\S+) is reviewed by someone who did not write it; (\\S+) wrote a version of it", "报送 $1 须由未参与撰写者审核；$2 撰写过其中一个版本");
    rule("filing (\\S+) is reviewed by someone who did not submit it; (\\S+) submitted it", "报送 $1 须由未提交它的人审核；$2 提交了它");
    rule("record '(\\S+)' is the published record of a filing; only that filing's own publication writes it", "记录“$1”是一份报送的发布记录，只能由该报送本身的发布写入");
    rule("filing (\\S+) is reviewed by someone outside its party; (\\S+) belongs to party (\\S+)", "报送 $1 须由其报送方以外的人员审核；$2 属于报送方 $3");
    rule("party (\\S+) has no jurisdiction; rules reports come from a jurisdiction's party", "报送方 $1 没有法域；规则报告须由某一法域的报送方提交");
    rule("party (\\S+) reports for (\\S+), not (.*)", "报送方 $1 代表 $2 报送，而非 $3");
    rule("developer '(.*)' is not party (\\S+) \\((.*)\\); a company discloses its own systems only", "开发者“$1”不是报送方 $2（$3）；企业只能披露本企业的系统");
    rule("record '(.+)' is of jurisdiction (\\S+); party (\\S+) reports for (\\S+) only", "记录“$1”属于法域 $2；报送方 $3 只代表 $4 报送");
    rule("delivery (\\S+) is being sent now; a second send would reach the receiver twice", "推送 $1 正在发送；再次发送会让接收方收到两次");
    rule("expected (\\d+)\\.\\.(\\d+) periods, got (-?\\d+)", "应为 $1 至 $2 个周期；收到 $3");
    rule("more than (\\d+) reports a minute from this account; slow down", "此账户每分钟提交的报告超过 $1 份；请放慢速度");
    rule("this token's scopes (.+) allow reading only; a token with submit, review or admin may write",
        "此令牌的权限范围 $1 只允许读取；持有 submit、review 或 admin 权限范围的令牌才能写入");
    rule("this token's scopes (.+) do not allow writing; a token with review or admin does", "此令牌的权限范围 $1 不允许写入；持有 review 或 admin 权限范围的令牌才可以");
    rule("at most (\\d+) characters once normalized, got (\\d+)", "规范化后最多 $1 个字符；实际为 $2 个");
    rule("contains a control character", "包含控制字符");
    rule("'merge N' and 'split N' are the notes of the links a decision writes; word it another way", "“merge N”和“split N”是决定自动写入的关联所用的备注；请换一种说法");
    rule("a term may not contain a control character", "检索词不能包含控制字符");
    rule("contains (\\S+) \\(a line break, tab or invisible formatting character\\)", "包含 $1（换行符、制表符或不可见的格式字符）");
    rule("term '(.*)' contains (\\S+) \\(a line break, tab or invisible formatting character\\)", "检索词“$1”包含 $2（换行符、制表符或不可见的格式字符）");
    rule("required to correct a '(.*)' record", "更正“$1”记录时必填");
    rule("expected a PostgreSQL URL such as (\\S+), got '(.*)'", "应为 PostgreSQL 网址，如 $1；收到“$2”");
    rule("the PostgreSQL driver does not read user:password@ in the URL; give them as parameters, (\\S+), got '(.*)'",
        "PostgreSQL 驱动不读取网址中的 user:password@；请以参数给出：$1；收到“$2”");
    rule("expected an object \\{\"en\": …, \"zh\": …\\}, found (.+)", "应为对象 {\"en\": …, \"zh\": …}，实际为 $1");
    rule("give name or name_en and name_zh, not both", "请给出 name 或 name_en 与 name_zh，不要同时给出");
    rule("unknown language '(.*)'; expected en and zh", "未知语言“$1”；应为 en 和 zh");
    rule("no '(.*)' record '(.*)' is stored; its records come from `ingest (\\S+)` only, and a post corrects one",
        "未存储“$1”记录“$2”；其记录只来自 `ingest $3`，提交只能更正已存储的记录");
    rule("the body ended or stalled before its Content-Length was read; nothing was stored", "请求体在读满 Content-Length 之前中断或停滞；未存储任何内容");
    rule("more than (\\d+) anonymous reports a minute from this address; slow down, or report with an API token",
        "此地址每分钟提交的匿名报告超过 $1 份；请放慢速度，或使用 API 令牌提交");
    rule("the store is taking its first bulk load of reports; post again when it has finished", "本站正在首次批量载入报告；载入完成后请再提交");
    rule("(\\d+) anonymous reports are waiting for review; new ones are paused until editors catch up",
        "有 $1 份匿名报告等待审核；在编辑处理完之前暂停接收新的匿名报告");
    rule("you have (\\d+) topics, the most one user may define; delete or change one", "您已定义 $1 个主题，已达每位用户的上限；请删除或修改一个");
    rule("topic (\\S+) already exists", "主题 $1 已存在");
    rule("there are already (\\d+) topics, the most the monitor matches; delete one first", "已有 $1 个主题，已达监测能匹配的上限；请先删除一个");
    rule("topic (\\S+) is built in and cannot be deleted; an editor may change its terms", "主题 $1 为内置主题，不能删除；编辑可以修改其检索词");
    rule("topic (\\S+) is watched by active subscription\\(s\\) (.+); remove them first", "主题 $1 正被有效订阅 $2 关注；请先移除这些订阅");
    rule("topic (\\S+) is watched by (\\d+) active subscription\\(s\\) of other users; it stays while they watch it \\(an editor may remove them\\)",
        "主题 $1 正被其他用户的 $2 个有效订阅关注；在这些订阅存在期间主题保留（编辑可移除这些订阅）");
    rule("topic (\\S+) is watched by your active subscription\\(s\\) (.+) and by (\\d+) subscription\\(s\\) of other users; it stays while they watch it \\(an editor may remove theirs\\)",
        "主题 $1 正被您的有效订阅 $2 及其他用户的 $3 个订阅关注；在这些订阅存在期间主题保留（编辑可移除其他用户的订阅）");
    wordRule("only the topic's creator or an editor may (\\S+) topic (\\S+)", "只有主题的创建者或编辑可以$1主题 $2");
    rule("a term may not contain ';'", "检索词不能包含“;”");
    rule("term '(.*)' has no word to match", "检索词“$1”中没有可匹配的词");
    rule("topic '(.*)' was deleted: its alerts stay readable, but no new one would be raised; GET /api/incidents/topics lists the topics",
        "主题“$1”已删除：其预警仍可阅读，但不会再产生新的预警；GET /api/incidents/topics 列出现有主题");
    rule("term '(.*)' is only words the search ignores \\(the, of, and …\\): it would count incidents no search finds",
        "检索词“$1”只含检索忽略的词（the、of、and 等）：它统计的事件是任何检索都找不到的");
    rule("term '(.*)' would match only the single letter '(.*)': punctuation is not matched; write the name out in words",
        "检索词“$1”只会匹配单个字母“$2”：标点不参与匹配；请用文字写出名称");
    rule("the terms may take at most (\\d+) characters together", "检索词合计最多 $1 个字符");
    rule("(\\d+) periods × (\\d+) lines is more than (\\d+) points for a chart; narrow it with from and to, a filter, or a coarser granularity \\(the CSV holds them all\\)",
        "$1 个时段 × $2 条曲线，超过图表可绘制的 $3 个点；请用 from 和 to、筛选条件或更粗的时间粒度缩小范围（CSV 包含全部数据）");
    rule("(\\d+) periods × (\\d+) series is more than (\\d+) cells; narrow it with from and to, a filter, or a coarser granularity",
        "$1 个时段 × $2 个序列，超过 $3 个单元格；请用 from 和 to、筛选条件或更粗的时间粒度缩小范围");
    // a posted report's fields and dates
    rule("expected a lower-case name, found '(.*)'", "应为小写名称；收到“$1”");
    rule("expected an http\\(s\\) URL, found '(.*)'", "应为 http(s) 网址；收到“$1”");
    rule("title or text is required", "须有标题或正文");
    rule("'(\\S+)' and '(\\S+)' are two names for one field and differ; send one", "“$1”与“$2”是同一字段的两个名称，且取值不同；请只发送其一");
    rule("port (\\S+) is out of range: expected 1 to 65535", "端口 $1 超出范围：应为 1 至 65535");
    rule("facet '(.*)' is given twice", "分面“$1”重复出现");
    rule("from (\\S+) is after to (\\S+)", "起始日期 $1 晚于截止日期 $2");
    rule("year_from (\\d+) is after year_to (\\d+)", "起始年份 $1 晚于截止年份 $2");
    rule("expected a language tag such as en or zh-CN, found '(.*)'", "应为语言标记（如 en 或 zh-CN）；收到“$1”");
    rule("expected an AIID incident number, found '(.*)'", "应为 AIID 事件编号；收到“$1”");
    wordRule("expected a string, found (.+)", "应为字符串；收到$1");
    rule("expected a list of strings", "应为字符串列表");
    wordRule("expected a list of strings, found (\\S*) (.*)", "应为字符串列表；收到$1 $2");
    rule("expected a list of strings, found null", "应为字符串列表；收到 null");
    rule("date (\\S*) is out of range: expected (\\S*) to (\\S*)", "日期 $1 超出范围：应为 $2 至 $3");
    // bench incidents' arguments
    rule("a size is a number of reports, 0 or more; found (.+)", "规模为报告条数，应为 0 或更大；收到 $1");
    rule("at least 1, found (.+)", "至少为 1；收到 $1");
    rule("0 \\(off\\) or more, found (.+)", "应为 0（关闭）或更大；收到 $1");
    rule("(.+) is a file, not a folder", "$1 是文件，不是文件夹");
    rule("cannot create (.+) \\((.*)\\)", "无法创建 $1（$2）");
    rule("(.+) is not writable", "$1 不可写");
    rule("this run needs about (\\S+) GiB in (.+) and (\\S+) GiB are free; choose smaller sizes or a --work folder on a larger disk",
        "本次运行约需 $1 GiB（位于 $2），可用空间为 $3 GiB；请减小规模，或把 --work 设在更大的磁盘上");
    rule("no aiid-2025-03/ and aiaaic/AIAAIC_Repository_Incidents\\.csv in (.+?)(: give the folder of the shared datasets, or --skip-real)?",
        "$1 中没有 aiid-2025-03/ 和 aiaaic/AIAAIC_Repository_Incidents.csv：请指定共享数据集所在的文件夹");
    rule("expected an alert id \\(a positive whole number without leading zeros\\), found '(.*)'", "应为预警编号（不带前导零的正整数）；收到“$1”");
    rule("expected a record id \\(a positive whole number without leading zeros\\), found '(.*)'", "应为记录编号（不带前导零的正整数）；收到“$1”");
    rule("too large: at most (\\d+)", "过大：最多为 $1");
    rule("no store at (.+): a command that only reads creates none; give the folder that holds observatory\\.mv\\.db, or create a store there with serve or import",
        "$1 处没有存储：只读命令不会新建存储；请指定存放 observatory.mv.db 的文件夹，或先用 serve 或 import 在那里建立存储");
    rule("the store at (.+) holds no registry records: import some \\(import seed, agora, json\\) or start serve once to load the bundled data",
        "$1 处的存储没有注册库记录：请先导入（import seed、agora、json），或启动一次 serve 以载入随附数据");
    // a monitored feed's stored error (FeedFetcher, OutboundHttp), translated when the feeds are read
    nestedRule("feed URL refused: (.+)", "订阅源网址被拒绝：$1");
    rule("feed URL is malformed: (.*)", "订阅源网址格式错误：$1");
    rule("feed URL must be http or https: (.*)", "订阅源网址须为 http 或 https：$1");
    rule("feed URL has no host: (.*)", "订阅源网址没有主机名：$1");
    rule("timed out fetching (\\S+) after (\\d+) s", "抓取 $1 超时（$2 秒）");
    rule("timed out reading (\\S+) after (\\d+) s", "读取 $1 超时（$2 秒）");
    rule("interrupted while fetching (\\S+)", "抓取 $1 时被中断");
    nestedRule("cannot fetch (\\S+): (.+)", "无法抓取 $1：$2");
    nestedRule("connection refused by the address rule: (.+)", "连接被地址规则拒绝：$1");
    rule("no complete answer within (\\d+) ms", "$1 毫秒内未收到完整应答");
    rule("invalid HTTP response: (.*)", "无效的 HTTP 应答：$1");
    rule("request failed", "请求失败");
    rule("java\\.net\\.ConnectException(?:: Connection refused)?", "连接被拒绝");
    rule("feed (\\S+) answered HTTP (\\d+) without a Location", "订阅源 $1 返回 HTTP $2，但没有 Location");
    rule("feed (\\S+) answered HTTP (\\d+) \\(Retry-After: (\\d+) s\\)", "订阅源 $1 返回 HTTP $2（要求 $3 秒后再试）");
    rule("feed (\\S+) answered HTTP (\\d+)", "订阅源 $1 返回 HTTP $2");
    rule("feed (\\S+): more than 5 redirects", "订阅源 $1：重定向超过 5 次");
    rule("feed (\\S+) redirects to a malformed URL", "订阅源 $1 重定向到格式错误的网址");
    rule("feed page (\\S+) redirects to another site: (\\S+)", "订阅源页面 $1 重定向到其他站点：$2");
    rule("feed (\\S+) redirects from https to (\\S+)", "订阅源 $1 从 https 重定向到 $2");
    nestedRule("feed (\\S+) redirects to (\\S+), which is refused: (.+)", "订阅源 $1 重定向到 $2，该地址被拒绝：$3");
    rule("feed (\\S+) is (\\d+) bytes, over the cap of (\\d+)", "订阅源 $1 有 $2 字节，超过上限 $3");
    rule("feed (\\S+) is sent with Content-Encoding (.*), which is not supported \\(gzip is\\)", "订阅源 $1 以 Content-Encoding $2 发送，不受支持（支持 gzip）");
    rule("feed (\\S+) says gzip but its body is not valid gzip \\((.*)\\)", "订阅源 $1 声明为 gzip，但正文不是有效的 gzip（$2）");
    rule("feed exceeds the size cap of (\\d+) bytes", "订阅源超过 $1 字节的大小上限");
    nestedRule("(\\d+) item\\(s\\) rejected: (.+)", "有 $1 个条目被拒绝：$2");
    nestedRule("(\\d+) item\\(s\\) rejected, (\\d+) warning\\(s\\): (.+)", "有 $1 个条目被拒绝，$2 条警告：$3");
    nestedRule("(\\d+) warning\\(s\\): (.+)", "$1 条警告：$2");
    // the items' own reasons (FeedSource, Ingest), listed after that prefix or alone when nothing was read
    nestedRule("catching up through older pages stopped: (.+)", "补读较早页面已停止：$1");
    nestedRule("catching up stopped after (\\d+) older pages \\(the cap\\); older items are not read", 1, "已补读 $1 页较早内容（上限），更早的条目不再读取");
    nestedRule("error at feed: (.+)", "订阅源出错：$1"); // the whole document (FeedSource.document), not one item
    nestedRule("error at item (\\d+): (.+)", "第 $1 个条目出错：$2");
    nestedRule("warning at item (\\d+): (.+)", "第 $1 个条目警告：$2");
    rule("and (\\d+) more", "另有 $1 个");
    rule("item has neither title nor description", "条目既无标题也无描述");
    rule("language '(.*)' is not a language tag such as en or zh-CN; the language is read from the text", "语言“$1”不是 en 或 zh-CN 这样的语言标签；语言改由正文判断");
    rule("<(\\S+)> of (\\d+) characters left out \\(at most 500\\)", "<$1> 有 $2 个字符，未采用（最多 500 个）");
    rule("<(\\S+)> past the 100th left out", "第 100 个之后的 <$1> 未采用");
    rule("link '(.*)' does not resolve to a web address \\(a relative link needs a base\\); the item is kept without a URL",
        "链接“$1”无法解析为网址（相对链接需要基准地址）；条目已保留，但没有网址");
    rule("title of (\\d+) characters kept as its first (\\d+)", "标题有 $1 个字符，保留前 $2 个");
    rule("text of (\\d+) characters kept as its first (\\d+)", "正文有 $1 个字符，保留前 $2 个");
    rule("its id is that of a record another feed \\(or an ingest run\\) brought; that record is kept as it was brought, since only the feed that brought a record may change it",
        "其 id 属于另一订阅源（或一次导入）带来的记录；该记录按带来时的样子保留，只有带来记录的订阅源可以修改它");
    rule("guid '(.*)' repeats item (\\d+) of this feed; the first is kept", "guid“$1”与本订阅源第 $2 个条目重复；保留第一个");
    nestedRule("feed breaks off: (.+)", "订阅源中途断开：$1");
    nestedRule("feed breaks off before its first item: (.+)", "订阅源在第一个条目之前中断：$1");
    // a paged feed's next link not followed (Feeds.notFollowed), on the feed or in the command's note
    nestedRule("older pages not read: (.+)", "较早的页面未读取：$1");
    rule("the next page is not followed \\(not an http\\(s\\) link: (.*)\\)", "未读取下一页（不是 http(s) 链接：$1）");
    rule("the next page is not followed \\(a link over 4,000 characters\\)", "未读取下一页（链接超过 4,000 个字符）");
    rule("the next page is not followed \\(a page already read\\)", "未读取下一页（该页已读取过）");
    rule("the next page is not followed \\(its link carries a user:password@: (\\S+)\\)", "未读取下一页（其链接含有 user:password@：$1）");
    rule("the next page is not followed \\(a malformed link\\)", "未读取下一页（链接格式错误）");
    rule("the next page is not followed \\(on another site: (\\S+)\\)", "未读取下一页（位于其他站点：$1）");
    nestedRule("not an RSS or Atom feed: (.+)", "不是 RSS 或 Atom 订阅源：$1");
    rule("this is an HTML page, not an RSS or Atom feed \\(Content-Type: (.*)\\)", "这是 HTML 网页，不是 RSS 或 Atom 订阅源（Content-Type：$1）");
    rule("this is an HTML page, not an RSS or Atom feed", "这是 HTML 网页，不是 RSS 或 Atom 订阅源");
    rule("empty: no bytes at all, not an RSS or Atom feed", "内容为空：没有任何字节，不是 RSS 或 Atom 订阅源");
    rule("empty: only white space, not an RSS or Atom feed", "内容为空：只有空白字符，不是 RSS 或 Atom 订阅源");
    rule("(\\d+) bytes? of invalid UTF-8 in this item \\(or after the previous one\\) read as windows-1252",
        "本条目（或它与上一条目之间）有 $1 个字节不是有效的 UTF-8，已按 windows-1252 读取");
    rule("(\\d+) control characters? XML does not allow dropped in this item \\(or after the previous one\\)",
        "本条目（或它与上一条目之间）有 $1 个 XML 不允许的控制字符，已删除");
    rule("DOCTYPE declarations are not accepted in feeds", "订阅源中不接受 DOCTYPE 声明");
    rule("root element is <(.*)>, expected <rss> or <feed>", "根元素为 <$1>，应为 <rss> 或 <feed>");
    // the parser's own reason stays in detail_en
    rule("invalid date '(.*)': .*", "无效的日期“$1”");
    rule("unrecognised date '(.*)'", "无法识别的日期“$1”");
    rule("day without month", "有日而无月");
    // transport
    rule("contains the NUL character \\(U\\+0000\\)", "含有 NUL 字符（U+0000）");
    rule("an unpaired surrogate escape \\(\\\\u(\\S*)\\) at byte (\\d+): it encodes no character, and no store can hold it",
        "第 $2 字节处有未配对的代理项转义（\\u$1）：它不代表任何字符，无法保存");
  }

  private static final java.util.Map<String, String> WORDS = java.util.Map.ofEntries(
      java.util.Map.entry("jurisdiction", "法域"), java.util.Map.entry("topic", "主题"), java.util.Map.entry("table", "表"),
      java.util.Map.entry("scope", "范围"), java.util.Map.entry("facet", "分面"), java.util.Map.entry("dataset", "数据集"),
      java.util.Map.entry("regime", "制度"), java.util.Map.entry("scenario", "情景"), java.util.Map.entry("incident", "事件"),
      java.util.Map.entry("subscription", "订阅"), java.util.Map.entry("filing", "报送"), java.util.Map.entry("account", "账户"),
      java.util.Map.entry("alert", "预警"), java.util.Map.entry("feed", "订阅源"), java.util.Map.entry("delivery", "投递"),
      java.util.Map.entry("model", "模型"), java.util.Map.entry("token", "令牌"), java.util.Map.entry("version", "版本"),
      java.util.Map.entry("published", "发布"), java.util.Map.entry("returned", "退回"),
      java.util.Map.entry("output variable", "输出变量"), java.util.Map.entry("parameter", "参数"),
      java.util.Map.entry("instrument", "文书"), java.util.Map.entry("actor", "主体"), java.util.Map.entry("relation", "关系"),
      java.util.Map.entry("year", "年份"), java.util.Map.entry("month", "月份"), java.util.Map.entry("day", "日期"),
      java.util.Map.entry("action", "操作"), java.util.Map.entry("webhook", "Webhook"), java.util.Map.entry("anonymous report", "匿名报告"),
      java.util.Map.entry("active feed", "有效的订阅源"), java.util.Map.entry("undelivered delivery", "未送达的投递"),
      java.util.Map.entry("bundled model", "内置模型"), java.util.Map.entry("an array", "数组"), java.util.Map.entry("an object", "对象"),
      java.util.Map.entry("a number", "数字"), java.util.Map.entry("true or false", "布尔值"), java.util.Map.entry("number", "数字"),
      java.util.Map.entry("boolean", "布尔值"), java.util.Map.entry("string", "字符串"), java.util.Map.entry("array", "数组"), java.util.Map.entry("object", "对象"), java.util.Map.entry("update", "修改"), java.util.Map.entry("change", "修改"), java.util.Map.entry("delete", "删除"));


  private static final Pattern FIELD_PREFIX = Pattern.compile("(-{0,2}[A-Za-z_][A-Za-z0-9_./\\[\\]\\-]*(?: [A-Za-z][A-Za-z0-9_\\-]*){0,2}): (.+)", Pattern.DOTALL);

  /** The detail in Chinese, or null when no rule covers it (the caller keeps the English). */
  public static String zh(String detail) {
    if (detail == null) return null;
    String whole = message(detail);
    if (whole != null) return whole;
    Matcher m = FIELD_PREFIX.matcher(detail);
    if (m.matches()) {
      // a field inside a field ("series: granularity: expected one of …") is peeled one at a time (it was left in English)
      String rest = zh(m.group(2));
      if (rest != null) return m.group(1) + "：" + rest;
    }
    return null;
  }

  /** Stored lists of item messages ("error at item 2: …; error at item 5: …"), each translated where a rule covers it. */
  private static final Pattern ITEM_LIST = Pattern.compile("; (?=(?:error|warning) at |and \\d+ more$)");

  private static String zhList(String v) {
    String[] parts = ITEM_LIST.split(v); // split first: a greedy rule would read the next items as its own reason
    if (parts.length < 2) return zh(v);
    StringBuilder out = new StringBuilder();
    boolean any = false;
    for (String part : parts) {
      String z = zh(part);
      any |= z != null;
      out.append(out.length() == 0 ? "" : "；").append(z != null ? z : part);
    }
    return any ? out.toString() : null;
  }

  private static String message(String s) {
    for (Rule r : RULES) {
      Matcher m = r.p.matcher(s);
      if (!m.matches()) continue;
      StringBuilder out = new StringBuilder();
      String t = r.zh;
      for (int k = 0; k < t.length(); k++) {
        char c = t.charAt(k);
        if (c == '$' && k + 1 < t.length() && Character.isDigit(t.charAt(k + 1))) {
          int g = t.charAt(++k) - '0';
          String v = g <= m.groupCount() && m.group(g) != null ? m.group(g) : "";
          if (g == 1 && r.word) v = WORDS.getOrDefault(v, v);
          if (g == r.nested) v = java.util.Objects.requireNonNullElse(zhList(v), v);
          // a list the code wrote as [a, b] reads a、b in Chinese; a value quoted back to the sender (“…”) stays as sent
          else if (v.length() > 2 && v.charAt(0) == '[' && v.charAt(v.length() - 1) == ']' && (k < 2 || t.charAt(k - 2) != '“')
              && v.indexOf('[', 1) < 0) v = v.substring(1, v.length() - 1).replace(", ", "、");
          out.append(v);
        } else out.append(c);
      }
      return out.toString();
    }
    return null;
  }

  /**
   * Puts the detail of a problem document in the language {@code acceptLanguage} ranks first: in Chinese, when a
   * rule covers it, with the English kept as {@code detail_en}. Returns the language used for the detail.
   */
  public static String localize(java.util.Map<String, Object> problem, String acceptLanguage) {
    return localize(problem, "detail", acceptLanguage);
  }

  /** The same for any English message a map holds under {@code key} (a feed's stored error), the English kept as key_en. */
  public static String localize(java.util.Map<String, Object> m, String key, String acceptLanguage) {
    if (!"zh".equals(language(acceptLanguage)) || !(m.get(key) instanceof String en)) return "en";
    String zh = zh(en);
    if (zh == null) return "en";
    m.put(key, zh);
    m.put(key + "_en", en);
    return "zh";
  }

  /**
   * "zh" when the Accept-Language header ranks a Chinese tag above every English one, else "en". Pages send the
   * language they show; API clients get English unless they ask.
   */
  public static String language(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 4000) return "en";
    // read leniently (one odd tag must not make the whole header English): tag[;q=weight], comma-separated
    double zh = -1, en = -1;
    int order = 0, zhAt = Integer.MAX_VALUE, enAt = Integer.MAX_VALUE;
    for (String part : acceptLanguage.split(",")) {
      String[] bits = part.split(";");
      // zh_CN is how POSIX locales and some clients write zh-CN
      String tag = bits[0].strip().toLowerCase(Locale.ROOT).replace('_', '-');
      double q = 1;
      for (int k = 1; k < bits.length; k++) {
        String b = bits[k].strip();
        if (b.startsWith("q=")) {
          try {
            q = Double.parseDouble(b.substring(2));
          } catch (NumberFormatException bad) {
            q = 0;
          }
        }
      }
      if (!(q > 0) || q > 1) { order++; continue; }
      boolean isZh = tag.equals("zh") || tag.startsWith("zh-"), isEn = tag.equals("en") || tag.startsWith("en-");
      if (isZh && q > zh) { zh = q; zhAt = order; }
      if (isEn && q > en) { en = q; enAt = order; }
      order++;
    }
    if (zh < 0) return "en";
    return zh > en || (zh == en && zhAt < enAt) ? "zh" : "en";
  }
}
