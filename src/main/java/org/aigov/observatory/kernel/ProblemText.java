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

  /** {@code word}: group 1 is an English noun to name in Chinese; {@code nested}: the last group is itself a detail. */
  private record Rule(Pattern p, String zh, boolean word, boolean nested) {}

  private static final List<Rule> RULES = new ArrayList<>();

  private static void rule(String regex, String zh) {
    RULES.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), zh, false, false));
  }

  private static void wordRule(String regex, String zh) {
    RULES.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), zh, true, false));
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
    rule("a code like (.+)", "应为代码，例如 $1");
    rule("an http\\(s\\) URL", "应为 http(s) 网址");
    rule("needs a url or a citation", "需要网址或引文");
    rule("not an e-mail address", "不是有效的电子邮件地址");
    rule("not a registry record id", "不是注册库记录的 id");
    rule("no registry record '(.*)'", "注册库中没有记录“$1”");
    rule("a new instrument gets its id when published; leave empty", "新文书在发布时获得 id；请留空");
    rule("at least one instrument \\(new, amended or repealed\\)", "至少一项文书（新增、修订或废止）");
    rule("at most (\\d+) instruments per report", "每份报告最多 $1 项文书");
    rule("at least one region code, e\\.g\\. (.+)", "至少一个地区代码，例如 $1");
    rule("a number of floating-point operations, e\\.g\\. (.+)", "浮点运算次数，例如 $1");
    rule("a list of (.+)", "应为列表：$1");
    rule("before (\\S+)", "早于 $1");
    RULES.add(new Rule(Pattern.compile("(\\d+) field\\(s\\) need attention: (.+)", Pattern.DOTALL), "有 $1 个字段需要更正：$2", false, true));
    // parameters
    rule("one of (.+), got '(.*)'", "应为以下之一：$1；收到“$2”");
    rule("one of (.+)", "应为以下之一：$1");
    rule("(\\S+) or (\\S+), got '(.*)'", "应为 $1 或 $2；收到“$3”");
    rule("(\\S+) \\(default\\) or (\\S+), got '(.*)'", "应为 $1（默认）或 $2；收到“$3”");
    rule("not an integer: '(.*)'", "不是整数：“$1”");
    rule("not a cursor returned by this API", "不是本 API 返回的游标");
    rule("unknown search parameter", "未知的检索参数");
    rule("not a filterable field; use one of (.+)", "不是可筛选的字段；请使用：$1");
    wordRule("unknown (jurisdiction|topic|table|scope|facet|dataset|regime|scenario) '(.*)'", "未知的$1“$2”");
    // bodies and transport
    rule("empty; expected a JSON object", "为空；需要一个 JSON 对象");
    rule("null; expected a JSON object", "为 null；需要一个 JSON 对象");
    rule("malformed JSON", "JSON 格式错误");
    rule("malformed JSON at line (\\d+), column (\\d+): (.+)", "JSON 格式错误（第 $1 行第 $2 列）：$3");
    rule("malformed JSON: (.+)", "JSON 格式错误：$1");
    rule("wrong type: expected a string", "类型错误：应为字符串");
    rule("wrong type: expected true or false", "类型错误：应为 true 或 false");
    rule("wrong type: expected a number", "类型错误：应为数字");
    rule("wrong type: expected a list", "类型错误：应为列表");
    rule("wrong type: expected a JSON object", "类型错误：应为 JSON 对象");
    rule("wrong type: expected another JSON type", "类型错误");
    rule("trailing content after the JSON object", "JSON 对象之后还有多余内容");
    rule("wrong type or format: (.+)", "类型或格式错误：$1");
    rule("not valid UTF-8 at byte (\\d+); JSON must be sent as UTF-8", "第 $1 字节处不是有效的 UTF-8；JSON 须以 UTF-8 发送");
    rule("invalid UTF-8(?: at byte (\\d+))?", "无效的 UTF-8");
    rule("body larger than 1 MiB", "请求体超过 1 MiB");
    rule("send the body with a Content-Length \\(at most 1 MiB\\), not chunked", "请以 Content-Length 发送请求体（最多 1 MiB），不要分块传输");
    rule("Content-Type: application/json required", "需要 Content-Type: application/json");
    rule("bodies are UTF-8; got charset (.+)", "请求体须为 UTF-8；收到字符集 $1");
    rule("no route for (.+)", "没有此路径：$1");
    rule("(\\S+) not allowed on (.+)", "$2 不支持 $1 方法");
    rule("the server failed to handle this request; nothing was stored", "服务器未能处理此请求；未保存任何内容");
    // records and versions
    rule("no record with id '(.*)'", "没有 id 为“$1”的记录");
    rule("record (\\S+) not found", "未找到记录 $1");
    wordRule("(incident|topic|subscription|filing|account|alert|feed|delivery|model|token|version) (\\S+) not found", "未找到$1 $2");
    rule("record (\\S+) already exists", "记录 $1 已存在");
    wordRule("(instrument|actor|relation) (\\S+) not found", "未找到$1 $2");
    rule("version (\\d+) of record (\\S+) not found", "未找到记录 $2 的第 $1 版");
    rule("not a version number: '(.*)'", "不是版本号：“$1”");
    rule("not an ETag of this API: (.*)", "不是本 API 的 ETag：$1");
    rule("Endpoint (\\S+) (\\S+) not found", "没有此路径：$1 $2");
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
    rule("only reporters \\(and admins\\) create filings", "只有报送人（和管理员）可以创建报送");
    rule("only reviewers and admins review filings", "只有审核人和管理员可以审核报送");
    rule("only the filing party's reporters may change it", "只有该报送方的报送人可以修改");
    rule("only admins may rebuild the index", "只有管理员可以重建索引");
    rule("this token lacks the '(.+)' scope", "此令牌缺少“$1”权限范围");
    rule("missing or wrong (\\S+) header \\(required with cookie sign-in\\)", "缺少或错误的 $1 请求头（使用 Cookie 登录时必需）");
    rule("a filing in state (\\S+) cannot be edited \\(only draft, returned or amended\\)", "状态为 $1 的报送不能编辑（只有草稿、退回或修订状态可以）");
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
    rule("incidents export as csv", "事件只能导出为 csv");
    rule("expected an array of systems", "需要一个系统数组");
    rule("must not be below start", "不能早于开始值");
    rule("must be at least 1: every tree is consistent with the empty one", "须至少为 1：任何树都与空树一致");
    wordRule("name at least one (output variable|parameter)", "请至少指定一个$1");
    rule("sweep needs numeric 'from' and 'to'", "参数扫描需要数值型的 from 和 to");
    rule("model id must be 1-120 characters of a-z, 0-9, '\\.', '_' or '-'", "模型 id 须为 1 至 120 个字符，只含 a-z、0-9、“.”、“_”或“-”");
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
      java.util.Map.entry("year", "年份"), java.util.Map.entry("month", "月份"), java.util.Map.entry("day", "日期"));


  private static final Pattern FIELD_PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\[\\]\\-]*): (.+)", Pattern.DOTALL);

  /** The detail in Chinese, or null when no rule covers it (the caller keeps the English). */
  public static String zh(String detail) {
    if (detail == null) return null;
    String whole = message(detail);
    if (whole != null) return whole;
    Matcher m = FIELD_PREFIX.matcher(detail);
    if (m.matches()) {
      String rest = message(m.group(2));
      if (rest != null) return m.group(1) + "：" + rest;
    }
    return null;
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
          if (g == m.groupCount() && r.nested) v = java.util.Objects.requireNonNullElse(zh(v), v);
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
    if (!"zh".equals(language(acceptLanguage)) || !(problem.get("detail") instanceof String en)) return "en";
    String zh = zh(en);
    if (zh == null) return "en";
    problem.put("detail", zh);
    problem.put("detail_en", en);
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
      String tag = bits[0].strip().toLowerCase(Locale.ROOT);
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
