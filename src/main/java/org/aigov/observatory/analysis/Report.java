package org.aigov.observatory.analysis;

import com.fasterxml.jackson.databind.JsonNode;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Vocab;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

/**
 * Bilingual report rebuilding the seed's tables and figures from stored data: HTML (figures as SVG),
 * or PDF (figures as PNG, Chinese set in the embedded Droid Sans Fallback font). Every figure is also
 * written as SVG, PNG and CSV under figures/.
 */
public final class Report {
  /** The transparency log's head, when a log exists: tree size and root hash. Wired by the lead. */
  public record LogHead(long treeSize, String rootHash) {}


  static final Map<String, String[]> SEED_TABLES = new LinkedHashMap<>();

  static {
    SEED_TABLES.put("P5-T1", new String[] {"美国人工智能治理相关文件列表（论文5 表1）", "US AI-governance documents (paper 5, Table 1)"});
    SEED_TABLES.put("P5-T2", new String[] {"欧盟人工智能治理相关文件列表（论文5 表2）", "EU AI-governance documents (paper 5, Table 2)"});
    SEED_TABLES.put("P5-T3", new String[] {"中国人工智能治理相关文件列表（论文5 表3）", "China AI-governance documents (paper 5, Table 3)"});
    SEED_TABLES.put("P4-T2", new String[] {"当前全球主要人工智能倡议（按组织形式，论文4 表2）",
        "Major global AI initiatives by organisational form (paper 4, Table 2)"});
    SEED_TABLES.put("P3-T1", new String[] {"欧美治理模式特征对比所涉记录（论文3 表1）", "Records behind the EU–US feature comparison (paper 3, Table 1)"});
    SEED_TABLES.put("P3-T2", new String[] {"欧美差异影响因素所涉记录（论文3 表2）", "Records behind the EU–US factors (paper 3, Table 2)"});
  }

  private final Graph g;
  private final String lang;
  /** The store's transparency-log head (null: no log), asked for per report, so two stores never mix. */
  private final Supplier<LogHead> logHead;
  private final List<String> written = new ArrayList<>();

  public Report(Graph g, String lang) {
    this(g, lang, () -> null);
  }

  public Report(Graph g, String lang, Supplier<LogHead> logHead) {
    this.g = g;
    this.lang = lang;
    this.logHead = logHead;
  }

  /** Which records the graph holds (Graph.SCOPES): said in the report, since two scopes place a state on different paths. */
  private String scope = "all";

  public Report scope(String scope) {
    this.scope = scope == null ? "all" : scope;
    return this;
  }

  String scopeText() {
    return switch (scope) {
      case "seed" -> t("种子论文提及的记录", "the records the seed papers name");
      case "no-agora" -> t("除 AGORA 外的全部记录", "all records but AGORA's");
      default -> t("全部记录（含 AGORA）", "all records (AGORA's included)");
    };
  }

  String t(String zh, String en) {
    return "zh".equals(lang) ? zh : en;
  }

  static String esc(Object o) {
    String s = Table.text(o);
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Writes report.html or report.pdf (plus figures/) into {@code out}; returns the files written. */
  public List<String> write(Path out, String format) throws IOException {
    Files.createDirectories(out.resolve("figures"));
    boolean pdf = "pdf".equals(format);
    String html = html(out, pdf);
    if (pdf) {
      Path file = out.resolve("report-" + lang + ".pdf");
      try (OutputStream os = Files.newOutputStream(file)) {
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        b.useFont(() -> Report.class.getResourceAsStream("/analysis/fonts/DroidSansFallbackFull.ttf"), "Droid Sans Fallback");
        b.withW3cDocument(new W3CDom().fromJsoup(Jsoup.parse(html)), out.toUri().toString());
        b.toStream(os);
        b.run();
      }
      written.add(file.getFileName().toString());
    } else {
      Path file = out.resolve("report-" + lang + ".html");
      Files.writeString(file, html, StandardCharsets.UTF_8);
      written.add(file.getFileName().toString());
    }
    return written;
  }

  String html(Path out, boolean pdf) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\"/><title>")
        .append(t("人工智能治理观察：评估报告", "AI Governance Observatory: assessment report")).append("</title><style>")
        .append(style(pdf)).append("</style></head><body>");
    h.append("<h1>").append(t("人工智能治理观察：评估报告", "AI Governance Observatory: assessment report")).append("</h1>");
    snapshot(h);
    h.append("<h2>").append(t("一、原文表格（由注册库重建）", "1. The seed's tables, rebuilt from the registry")).append("</h2>");
    for (var e : SEED_TABLES.entrySet()) seedTable(h, e.getKey(), e.getValue());
    h.append("<p>").append(esc(t("论文4 表1（人工智能与其他技术风险比较）为定性文字表，注册库不以记录形式保存其单元格，因此未重建。",
        "Paper 4, Table 1 (AI vs other technology risks) is a qualitative text table whose cells are not registry records; it is not rebuilt.")))
        .append("</p>");

    GovernancePaths.Result paths = new GovernancePaths(g).run(GovernancePaths.DEFAULT_JURISDICTIONS);
    h.append("<h2>").append(t("二、欧美比较与治理路径", "2. EU–US comparison and governance paths")).append("</h2>");
    for (Table x : GovernancePaths.tables(paths)) if (!x.name().equals("paths_profiles")) table(h, x);
    table(h, GovernancePaths.tables(paths).get(0));

    RegimeComplex.Result rc = new RegimeComplex(g).run();
    h.append("<h2>").append(t("三、机制复合体", "3. The regime complex")).append("</h2>");
    List<Table> ct = RegimeComplex.tables(rc);
    table(h, ct.get(0));
    Table frag = ct.get(2);
    DefaultCategoryDataset fd = new DefaultCategoryDataset();
    for (var f : rc.fragmentation()) {
      fd.addValue(f.index(), t("碎片化指数", "fragmentation index"), asOf(f.asOf()));
      fd.addValue(f.issueDispersion(), t("议题分散度", "issue dispersion"), asOf(f.asOf()));
      fd.addValue(f.overlapShare(), t("未嵌套重叠占比", "unresolved overlap"), asOf(f.asOf()));
    }
    JFreeChart fc = ChartFactory.createLineChart(t("机制复合体碎片化指数", "Fragmentation of the regime complex"), t("截至年份", "as of"),
        t("指数", "index"), fd, PlotOrientation.VERTICAL, true, false, false);
    figure(h, out, pdf, "fragmentation", fc, frag);
    table(h, frag);
    table(h, ct.get(3));
    table(h, ct.get(4));
    h.append("<p>").append(esc(t("覆盖空白：", "Coverage gaps: ") + gaps(rc.coverageGaps()))).append("</p>");
    table(h, ct.get(5));
    h.append("<p>").append(esc(representationTest(rc.representationTest()))).append("</p>");
    table(h, ct.get(6));

    MilitaryAi.Result mil = MilitaryAi.run(MilitaryAi.bundled());
    h.append("<h2>").append(t("四、商业主体参与人工智能军事化", "4. Commercial actors in military AI")).append("</h2>");
    List<Table> mt = MilitaryAi.tables(mil);
    Map<String, List<MilitaryAi.Share>> byCountry = new TreeMap<>();
    for (var s : mil.shares()) byCountry.computeIfAbsent(s.country(), k -> new ArrayList<>()).add(s);
    for (var e : byCountry.entrySet()) {
      DefaultCategoryDataset d = new DefaultCategoryDataset();
      Table data = new Table("military_" + e.getKey(), "", "", List.of("deployment", "developer_type", "share"));
      for (var s : e.getValue()) {
        for (String dt : MilitaryAi.DEVELOPER_TYPES) {
          d.addValue(s.byDeveloperType().get(dt) * 100, devLabel(dt), depLabel(s.deployment()));
          data.add(s.deployment(), dt, s.byDeveloperType().get(dt));
        }
      }
      String country = countryName(e.getKey());
      JFreeChart c = ChartFactory.createStackedBarChart(country + t("：各部署类型中各类主体占比", ": developer-type shares by deployment type"),
          t("部署类型", "deployment"), "%", d, PlotOrientation.HORIZONTAL, true, false, false);
      CategoryPlot p = c.getCategoryPlot();
      ((StackedBarRenderer) p.getRenderer()).setSeriesPaint(0, new Color(0x1f77b4));
      p.getRangeAxis().setRange(0, 100); // shares of 100 %: the auto range ran to 105 with an empty band
      figure(h, out, pdf, "military_" + e.getKey(), c, data);
    }
    table(h, mt.get(1));
    table(h, mt.get(2)); // by application category
    Table sys = new Table("military_systems", mt.get(3).titleZh(), mt.get(3).titleEn(),
        List.of("name", "country", "developer", "developer_type", "function", "application_category", "deployment", "example_only"));
    for (var x : mil.data())
      sys.add("zh".equals(lang) && x.nameZh() != null ? x.nameZh() : x.nameEn(), countryName(x.country()),
          "zh".equals(lang) && x.developerZh() != null ? x.developerZh() : x.developer(), devLabel(x.developerType()),
          funcLabel(x.function()), x.category(), x.deployment() == null ? "" : depLabel(x.deployment()), x.exampleOnly() ? Boolean.TRUE : null);
    table(h, sys);
    h.append("</body></html>");
    return h.toString();
  }

  /** Sans-serif with CJK fallbacks in a browser; the PDF has only the embedded font, so it names that first. */
  static final String FONTS_HTML = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans CJK SC','Source Han Sans SC',"
      + "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei','Droid Sans Fallback',sans-serif";

  /** The report's embedded stylesheet: bordered tables, sans-serif text; the page's CSP admits it by its hash (styleHash). */
  static String style(boolean pdf) {
    return "body{font-family:" + (pdf ? "'Droid Sans Fallback',sans-serif" : FONTS_HTML) + ";font-size:10pt;line-height:1.45;margin:2em;color:#1a1a1a}"
        + "h1{font-size:16pt}h2{font-size:13pt;margin-top:1.6em;border-bottom:1px solid #999}"
        + "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
        + "td,th{border:1px solid #999;padding:2px 4px;vertical-align:top;text-align:left;font-size:8pt;word-wrap:break-word}"
        + "td.num{text-align:right;white-space:nowrap}td.tok{white-space:nowrap}table.wide td,table.wide th{font-size:6pt;padding:1px 2px}th{background:#eee}caption{font-weight:bold;text-align:left;padding:2px 0}"
        + "img{max-width:100%}code{font-size:8pt;word-wrap:break-word}@page{size:A4;margin:15mm}";
  }

  /** The CSP source that admits the HTML report's one style element and nothing else inline. */
  public static String styleHash() {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(style(false).getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + java.util.Base64.getEncoder().encodeToString(d) + "'";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String asOf(String y) {
    return y; // tick labels use a Latin font; the CJK font has no digits
  }

  String devLabel(String d) {
    return switch (d) {
      case "government_military" -> t("政府军事部门", "government military");
      case "traditional_defence" -> t("传统军工企业", "traditional defence firm");
      default -> t("新式商业主体", "new commercial firm");
    };
  }

  /** A system's function by name, as the page says it (labels.json v_*); an unknown code as written. */
  String funcLabel(String f) {
    JsonNode v = f == null ? null : LABELS.path(lang).path("v_" + f);
    return v == null || v.isMissingNode() ? f : v.asText();
  }

  String depLabel(String d) {
    return switch (d) {
      case "offensive" -> t("进攻性部署", "offensive");
      case "defensive" -> t("防御性部署", "defensive");
      default -> t("干预性部署", "interventional");
    };
  }

  void snapshot(StringBuilder h) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Entry e : g.nodes.values()) kinds.merge(e.kind, 1, Integer::sum);
    kinds.put("relation", g.relations.size());
    int total = g.nodes.size() + g.relations.size();
    h.append("<p>").append(esc(t("分析范围：", "Records analysed: "))).append(esc(scopeText())).append(esc(t("（范围代码：", " (scope=")))
        .append(esc(scope)).append(esc(t("）。", ")."))).append("</p>\n");
    h.append("<p>").append(esc(t("数据快照：分析的记录 ", "Snapshot: "))).append(total).append(esc(t(" 条 ", " records analysed "))).append(esc(kinds(kinds)));
    LogHead head = logHead.get();
    if (head != null) h.append(esc(t("；透明日志树大小 ", "; transparency log tree size "))).append(head.treeSize())
        .append(esc(t("，根哈希 ", ", root hash "))).append("<code>").append(esc(head.rootHash())).append("</code>");
    else h.append(esc(t("；透明日志尚未建立。", "; no transparency log yet.")));
    h.append(esc(t(" 生成时间 ", " Generated ") + Instant.now())).append("</p>");
  }

  /** Paper 4 Table 2's groups in printed order, with the organisational form each stands for. */
  static final Map<String, String> P4_T2_GROUPS = new LinkedHashMap<>();

  static {
    P4_T2_GROUPS.put("M", "multilateral");
    P4_T2_GROUPS.put("S", "multistakeholder");
    P4_T2_GROUPS.put("I", "international_org");
    P4_T2_GROUPS.put("G", "government_led");
  }

  /** The seed's table cells as printed (analysis/seed-tables.json), by row ref. */
  static final JsonNode PRINTED = load("/analysis/seed-tables.json");

  /** A seed table as the report prints it: rows (row, date, issuer or form, name, type) and the footnotes they mark. */
  record SeedRows(List<List<String>> rows, List<String> notes) {}

  /** Rows of a seed table; see {@link #seedTableRows}. */
  List<List<String>> seedRows(String id) {
    return seedTableRows(id).rows();
  }

  /**
   * A rebuilt seed table prints the paper's cells (its date as printed, and in Chinese its issuer and name);
   * where the record holds a corrected date, the row is marked and a footnote gives the record's date.
   */
  SeedRows seedTableRows(String id) {
    List<String> notes = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (Entry e : g.nodes.values()) for (String r : e.tableRefs) if (r.startsWith(id + "-")) rows.add(new Object[] {r, e});
    rows.sort(Comparator.comparing((Object[] r) -> rowKey((String) r[0])));
    boolean byForm = id.equals("P4-T2");
    boolean zh = "zh".equals(lang);
    List<List<String>> out = new ArrayList<>();
    for (Object[] r : rows) {
      String ref = (String) r[0];
      Entry e = (Entry) r[1];
      JsonNode printed = PRINTED.path(ref);
      List<String> issuers = new ArrayList<>();
      for (String i : e.issuers) {
        Entry a = g.get(i);
        issuers.add(a == null || a.name == null ? i : a.name.in(lang));
      }
      // the row's group gives the form the paper printed (M4 and I1 are one record under two forms)
      String group = byForm ? P4_T2_GROUPS.get(ref.substring(id.length() + 1, id.length() + 2)) : null;
      String third = byForm ? Vocab.ORG_FORM.label(group != null ? group : new RegimeComplex(g).orgForm(e), lang) : String.join("; ", issuers);
      if (!byForm && zh && printed.has("issuer")) third = printed.get("issuer").asText();
      String name = zh && printed.has("name") ? printed.get("name").asText() : e.name == null ? e.id : e.name.in(lang);
      String date = e.date == null ? "" : e.date.toString();
      if (printed.has("date")) {
        String p = printed.get("date").asText();
        if (!p.equals(asPrinted(e))) {
          notes.add(t("记录日期 ", "record date ") + (date.isEmpty() ? t("（无）", "(none)") : date) + t("（" + ref + "）", " (" + ref + ")"));
          p += " [" + notes.size() + "]";
        }
        date = p;
      }
      out.add(List.of(ref, date, third, name, Vocab.typeField(e.kind).label(e.type, lang)));
    }
    return new SeedRows(out, notes);
  }

  /** A record's date the way the seed's tables print dates: 2020.2, or the year alone. */
  static String asPrinted(Entry e) {
    if (e.date == null) return "";
    return e.date.month() == null ? String.valueOf(e.date.year()) : e.date.year() + "." + e.date.month();
  }

  /** Record counts by kind in the report's language: "(行为体 541，文书 …)", not a map's toString. */
  String kinds(Map<String, Integer> kinds) {
    List<String> l = new ArrayList<>();
    kinds.forEach((k, n) -> l.add(Vocab.KIND.label(k, lang) + " " + n));
    return t("（" + String.join("，", l) + "）", "(" + String.join(", ", l) + ")");
  }

  void seedTable(StringBuilder h, String id, String[] title) {
    SeedRows table = seedTableRows(id);
    List<List<String>> rows = table.rows();
    boolean byForm = id.equals("P4-T2");
    h.append("<table><caption>").append(esc(t(title[0], title[1]))).append(esc(" (" + rows.size() + ")")).append("</caption><tr><th>")
        .append(esc(t("行", "row"))).append("</th><th>").append(esc(t("时间", "date"))).append("</th><th>")
        .append(esc(byForm ? t("组织形式", "form") : t("颁布机构", "issuer"))).append("</th><th>").append(esc(t("名称", "name")))
        .append("</th><th>").append(esc(t("类型", "type"))).append("</th></tr>");
    for (List<String> r : rows) {
      h.append("<tr>");
      for (String c : r) cell(h, c);
      h.append("</tr>");
    }
    h.append("</table>");
    if (!table.notes().isEmpty()) {
      h.append("<p class=\"notes\">").append(esc(t("日期为原文所印；记录中的日期不同之处：", "Dates as the paper printed them; where the record's date differs: ")));
      for (int k = 0; k < table.notes().size(); k++) h.append(k == 0 ? "" : t("；", "; ")).append(esc("[" + (k + 1) + "] " + table.notes().get(k)));
      h.append("</p>");
    }
  }

  private static Font cjk;

  /** The embedded CJK font, registered with AWT so chart PNGs render Chinese without system fonts. */
  static synchronized Font cjkFont() {
    if (cjk == null) {
      try (var in = Report.class.getResourceAsStream("/analysis/fonts/DroidSansFallbackFull.ttf")) {
        cjk = Font.createFont(Font.TRUETYPE_FONT, in);
        java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(cjk);
      } catch (Exception e) {
        cjk = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      }
    }
    return cjk;
  }

  static String rowKey(String ref) {
    // P5-T1-r07 / P4-T2-S3: pad the trailing number; paper 4 Table 2's groups go in printed order (M, S, I, G)
    int i = ref.length();
    while (i > 0 && Character.isDigit(ref.charAt(i - 1))) i--;
    String num = ref.substring(i);
    String head = ref.substring(0, i);
    if (head.startsWith("P4-T2-") && head.length() == 7) {
      int g = new ArrayList<>(P4_T2_GROUPS.keySet()).indexOf(head.substring(6));
      if (g >= 0) head = "P4-T2-" + g;
    }
    return head + (num.isEmpty() ? "" : String.format("%05d", Integer.parseInt(num)));
  }

  /**
   * Names of the analyses' columns (c_*) and coded values (v_*) in both languages, shared with the
   * assessment page (GET /api/analysis/labels), so the report and the page say the same.
   */
  static final com.fasterxml.jackson.databind.JsonNode LABELS = load("/analysis/labels.json");

  private static com.fasterxml.jackson.databind.JsonNode load(String resource) {
    try (java.io.InputStream in = Report.class.getResourceAsStream(resource)) {
      return org.aigov.observatory.kernel.Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The column's name in the report's language, or the code when none is given. */
  String column(String code) {
    JsonNode c = LABELS.path(lang).path("c_" + code);
    return c.isMissingNode() ? Vocab.ORG_FORM.label(code, lang) : c.asText(); // coverage columns are org-form codes
  }

  /** A risk-layer code (coverage rows, gaps) in the report's language. */
  String risk(String code) {
    JsonNode v = LABELS.path(lang).path("v_" + code);
    return v.isMissingNode() ? Vocab.RISK.label(code, lang) : v.asText();
  }

  /** The coverage gaps ("intrinsic_safety × regional") in the report's language. */
  String gaps(List<String> gaps) {
    List<String> l = new ArrayList<>();
    for (String g : gaps) {
      String[] p = g.split(" × ");
      l.add(p.length == 2 ? risk(p[0]) + " × " + column(p[1]) : g);
    }
    return String.join(t("；", ", "), l);
  }

  /** A coded cell (security, policy_tools, true…) in the report's language; other cells as they are. */
  Object value(Object cell) {
    if (!(cell instanceof String || cell instanceof Boolean)) return cell;
    return LABELS.path(lang).path("v_" + cell).asText(String.valueOf(cell));
  }

  /** The representation test as the page words it (labels.json s_representation_test), in the report's language. */
  String representationTest(Map<String, Object> rt) {
    boolean zh = "zh".equals(lang);
    Object median = rt.get("median_ratio_to_baseline");
    return LABELS.path(lang).path("s_representation_test").asText()
        .replace("{claim}", String.valueOf(rt.get(zh ? "claim_zh" : "claim")))
        .replace("{verdict}", String.valueOf(value(rt.get("verdict"))))
        .replace("{under}", String.valueOf(rt.get("initiatives_under_represented")))
        .replace("{tested}", String.valueOf(rt.get("initiatives_tested")))
        .replace("{median}", median instanceof Double m && !m.isNaN() ? String.format(java.util.Locale.ROOT, "%.2f", m) : "–")
        .replace("{proxy}", String.valueOf(rt.get(zh ? "proxy_zh" : "proxy")));
  }

  private static final java.util.regex.Pattern STRUCTURAL = java.util.regex.Pattern.compile("structural: (\\S+) (\\S+) (\\S+)");
  private static final java.util.regex.Pattern SUBSET = java.util.regex.Pattern.compile("members and issues of (\\S+) are a subset");

  /** A pair's reason from RegimeComplex ("structural: a builds_on b", "members and issues of a are a subset") in the report's language. */
  Object reason(Object cell) {
    if (!(cell instanceof String s)) return value(cell);
    java.util.regex.Matcher m = STRUCTURAL.matcher(s);
    if (m.matches() && LABELS.path(lang).has("r_rel_" + m.group(2)))
      return LABELS.path(lang).path("r_structural").asText().replace("{rel}",
          LABELS.path(lang).path("r_rel_" + m.group(2)).asText().replace("{a}", recordName(m.group(1))).replace("{b}", recordName(m.group(3))));
    m = SUBSET.matcher(s);
    if (m.matches()) return LABELS.path(lang).path("r_subset").asText(s).replace("{x}", recordName(m.group(1)));
    return s;
  }

  private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z_]+");

  /**
   * A path's decided_by ("instruments=7; power_share=0.08 < 0.25; …"): the measures and the few connecting phrases
   * in the report's language. Said in English whole when any word is left that has no name: a sentence half in
   * one language and half in the other reads worse than either.
   */
  Object formula(Object cell) {
    if (!(cell instanceof String s) || lang.equals("en")) return value(cell);
    JsonNode l = LABELS.path(lang);
    String t = s.replace(" both > 0 (all links)", " " + l.path("r_both_all_links").asText())
        .replace(" but not all links ", " " + l.path("r_but_not_all_links").asText() + " ")
        .replace(" and ", " " + l.path("r_and").asText() + " ").replace("; ", "；");
    t = FEWER_THAN.matcher(t).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(l.path("r_fewer_than").asText().replace("{n}", m.group(1))));
    java.util.regex.Matcher m = WORD.matcher(t);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode named = l.path("v_" + m.group()).isMissingNode() ? l.path("c_" + m.group()) : l.path("v_" + m.group());
      if (named.isMissingNode()) return s;
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(named.asText()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static final java.util.regex.Pattern FEWER_THAN = java.util.regex.Pattern.compile("fewer than (\\d+) instruments");

  /** Columns whose cells list "code count" pairs ("bill 454; law 291"); the EU and US cells of the EU–US tables do too. */
  static final java.util.Set<String> CODE_LISTS = java.util.Set.of("by_type", "actors_by_type", "top_types");

  /** "bill 454; law 291" with each type said in the report's language (the registry's vocabulary), as the page says it. */
  String codeList(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split("; ")) {
      int i = p.lastIndexOf(' ');
      if (i <= 0) {
        out.add(p);
        continue;
      }
      String code = p.substring(0, i);
      String l = Vocab.INSTRUMENT_TYPE.allows(code) ? Vocab.INSTRUMENT_TYPE.label(code, lang) : Vocab.ACTOR_TYPE.label(code, lang);
      out.add(l + " " + p.substring(i + 1));
    }
    return String.join(t("；", "; "), out);
  }

  /** A record id as the record's name in the report's language; the id when the registry has no such record. */
  String recordName(Object id) {
    Entry e = id instanceof String s ? g.get(s) : null;
    return e == null || e.name == null ? String.valueOf(id) : e.name.in(lang);
  }

  /** A jurisdiction code as "美国 (US)". */
  String jurisdiction(Object code) {
    String name = countryName(String.valueOf(code));
    return name.equals(String.valueOf(code)) ? name : name + t("（" + code + "）", " (" + code + ")");
  }

  /** A country code by its state record's name; INTL (no state) by its meaning; else the code. */
  String countryName(String code) {
    Entry e = g.get(code.toLowerCase(java.util.Locale.ROOT));
    if (e != null && e.name != null) return e.name.in(lang);
    return "INTL".equals(code) ? t("国际", "international") : code;
  }

  private static final java.util.regex.Pattern MIL_SYSTEMS = java.util.regex.Pattern.compile("systems_with_deployment=(\\d+)");
  private static final java.util.regex.Pattern MIL_SHARE = java.util.regex.Pattern.compile("new_commercial_share=([\\d.]+)");
  private static final java.util.regex.Pattern MIL_TYPES = java.util.regex.Pattern.compile("deployment_types=\\[(.*)\\]");
  private static final java.util.regex.Pattern MIL_IN = java.util.regex.Pattern.compile("new_commercial_in=\\[(.*)\\]");
  private static final java.util.regex.Pattern MIL_BELOW = java.util.regex.Pattern.compile("new_commercial_share < ([\\d.]+)");

  /**
   * A military typology's decided_by ("systems_with_deployment=4; new_commercial_share=0.25; deployment_types=[…]; …") as
   * labelled measures in the report's language (labels.json r_mil_*, as the page); the text as it is if a part is unknown.
   */
  String militaryWhy(String s) {
    JsonNode l = LABELS.path(lang);
    List<String> out = new ArrayList<>();
    for (String p : s.split("; ")) {
      java.util.regex.Matcher m;
      if ((m = MIL_SYSTEMS.matcher(p)).matches()) out.add(l.path("r_mil_systems").asText().replace("{n}", m.group(1)));
      else if ((m = MIL_SHARE.matcher(p)).matches()) out.add(l.path("r_mil_share").asText().replace("{share}", m.group(1)));
      else if ((m = MIL_TYPES.matcher(p)).matches()) out.add(l.path("r_mil_types").asText().replace("{list}", deployments(m.group(1))));
      else if ((m = MIL_IN.matcher(p)).matches()) out.add(l.path("r_mil_in").asText().replace("{list}", deployments(m.group(1))));
      else if ((m = MIL_BELOW.matcher(p)).matches()) out.add(l.path("r_mil_share_below").asText().replace("{x}", m.group(1)));
      else if (p.equals("all three deployment types, new commercial developers in >= 2")) out.add(l.path("r_mil_all_three").asText());
      else if (p.equals("new commercial developers most present in interventional deployment")) out.add(l.path("r_mil_most_interventional").asText());
      else return s;
    }
    return String.join(t("；", "; "), out);
  }

  private String deployments(String list) {
    List<String> l = new ArrayList<>();
    for (String d : list.split(", ")) if (!d.isBlank()) l.add(String.valueOf(value(d)));
    return l.isEmpty() ? LABELS.path(lang).path("r_mil_none").asText() : String.join(t("、", ", "), l);
  }

  /** Columns that hold a share (0–1): three decimals, as the page and the decided_by texts write them (0.250). */
  static boolean isShare(String col) {
    return col.equals("share") || col.endsWith("_share") || col.startsWith("share_") || MilitaryAi.DEVELOPER_TYPES.contains(col);
  }

  /** Indices between 0 and 1 (dispersion, fragmentation, similarity, normalised betweenness): three decimals. */
  static final java.util.Set<String> INDICES = java.util.Set.of("issue_dispersion", "index", "mean_tfidf_cosine", "betweenness_norm");

  /**
   * A number column's pattern, one per column so 0.250 never sits beside 0: counts as integers (grouped), shares and
   * indices to 3 decimals, ratios to the baseline to 2 (as the representation sentence), betweenness to 1 (as the page);
   * another column with a fraction anywhere gets 3 decimals throughout. The CSV and JSON keep the full values.
   */
  static String numberPattern(String col, List<List<Object>> rows, int k) {
    if (isShare(col) || INDICES.contains(col)) return "0.000";
    if (col.endsWith("_ratio")) return "0.00";
    if (col.equals("betweenness")) return "#,##0.0";
    if (col.equals("year")) return "0";
    for (List<Object> r : rows)
      if (r.get(k) instanceof Number n && !(n instanceof Integer || n instanceof Long) && !Double.isNaN(n.doubleValue())
          && n.doubleValue() != Math.rint(n.doubleValue())) return "#,##0.000";
    return "#,##0";
  }

  /** A number in its column's pattern (ROOT symbols: the same digits in both languages); NaN is an empty cell. */
  static String number(Number n, String pattern) {
    if (Double.isNaN(n.doubleValue())) return "";
    java.text.DecimalFormat f = new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    f.setRoundingMode(java.math.RoundingMode.HALF_UP);
    return n instanceof Integer || n instanceof Long ? f.format(n.longValue()) : f.format(n.doubleValue());
  }

  void table(StringBuilder h, Table x) {
    // a table of many columns is set smaller: on A4 the paths table's 17 had set its list cells one character per line
    h.append(x.columns().size() > 10 ? "<table class=\"wide\"><caption>" : "<table><caption>").append(esc(t(x.titleZh(), x.titleEn()))).append("</caption><tr>");
    // a record id beside its name column says nothing more to a reader: the name stands for it
    int hide = x.columns().contains("name") && !x.columns().contains("registry_id") ? x.columns().indexOf("id") : -1;
    for (int k = 0; k < x.columns().size(); k++) if (k != hide) h.append("<th>").append(esc(column(x.columns().get(k)))).append("</th>");
    h.append("</tr>");
    int reasonAt = x.columns().indexOf("reason"), decidedAt = x.columns().indexOf("decided_by");
    int idAt = x.columns().indexOf("id"), nameAt = x.columns().indexOf("name"), riskAt = x.columns().indexOf("risk_layer");
    int typeAt = x.columns().indexOf("type");
    boolean military = x.name().equals("military_typology"), euUs = x.name().startsWith("paths_eu_us");
    String[] patterns = new String[x.columns().size()];
    for (int k = 0; k < patterns.length; k++) patterns[k] = numberPattern(x.columns().get(k), x.rows(), k);
    int indicatorAt = x.columns().indexOf("indicator");
    for (List<Object> r : x.rows()) {
      h.append("<tr>");
      Entry rec = idAt >= 0 ? g.get(String.valueOf(r.get(idAt))) : null;
      for (int k = 0; k < r.size(); k++) {
        if (k == hide) continue;
        Object cell = r.get(k);
        String col = x.columns().get(k);
        if (cell instanceof Number n) {
          // the EU–US tables hold a count or a share per row: the row's indicator says which
          String pattern = euUs && indicatorAt >= 0 && (col.equals("EU") || col.equals("US"))
              ? (isShare(String.valueOf(r.get(indicatorAt))) ? "0.000" : "#,##0") : patterns[k];
          h.append("<td class=\"num\">").append(esc(number(n, pattern))).append("</td>");
          continue;
        }
        if (cell instanceof String s && !s.isEmpty()) {
          if (CODE_LISTS.contains(col) || euUs && (col.equals("EU") || col.equals("US")) && s.matches("[a-z_]+ \\d+(; [a-z_]+ \\d+)*")) {
            h.append("<td>").append(esc(codeList(s))).append("</td>");
            continue;
          }
          if (AnalysisRoutes.ID_COLUMNS.contains(col)) cell = recordName(s);
          else if (AnalysisRoutes.JURISDICTION_COLUMNS.contains(col)) cell = jurisdiction(s);
          else if (military && k == decidedAt) cell = militaryWhy(s);
          if (cell != r.get(k)) {
            cell(h, cell);
            continue;
          }
        }
        // the analyses name records in English (JSON, CSV); the report names them in its language, as the page does
        if (k == nameAt && rec != null && rec.name != null) cell = rec.name.in(lang);
        else if (k == typeAt && rec != null && rec.type != null) cell = Vocab.typeField(rec.kind).label(rec.type, lang);
        else if (k == riskAt && cell instanceof String c) cell = risk(c);
        else cell = k == reasonAt ? reason(cell) : k == decidedAt ? formula(cell) : value(cell);
        cell(h, cell);
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /**
   * One text cell; a short token (P5-T1-r01, 2016.10) is kept whole: the PDF's narrow columns broke it at hyphens and dots,
   * and set short Chinese (美国（US）, 战略) one character per line (outside QA).
   */
  static void cell(StringBuilder h, Object cell) {
    boolean token = cell instanceof String c && (c.length() <= 16 && !c.isEmpty() && c.chars().allMatch(ch -> ch > ' ' && ch < 127) || narrow(c, 12));
    h.append(token ? "<td class=\"tok\">" : "<td>").append(esc(cell)).append("</td>");
  }

  /** Text without a space at most {@code width} wide, a Han or full-width character counting two. */
  static boolean narrow(String s, int width) {
    if (s.isEmpty() || s.codePoints().anyMatch(Character::isWhitespace)) return false;
    return s.codePoints().map(cp -> cp < 0x1100 ? 1 : 2).sum() <= width;
  }

  void figure(StringBuilder h, Path out, boolean pdf, String name, JFreeChart chart, Table data) throws IOException {
    // the embedded CJK font has no Latin glyphs: use it for Chinese labels only, numbers stay in SansSerif
    Font latin = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    Font f = "zh".equals(lang) ? cjkFont().deriveFont(Font.PLAIN, 12f) : latin;
    chart.getTitle().setFont(f.deriveFont(Font.BOLD, 14f));
    if (chart.getLegend() != null) chart.getLegend().setItemFont(f);
    if (chart.getPlot() instanceof CategoryPlot cp) {
      cp.getDomainAxis().setLabelFont(f);
      cp.getDomainAxis().setTickLabelFont(chart.getPlot() instanceof CategoryPlot && name.startsWith("military") ? f : latin);
      cp.getRangeAxis().setLabelFont("%".equals(cp.getRangeAxis().getLabel()) ? latin : f);
      cp.getRangeAxis().setTickLabelFont(latin);
    }
    Path dir = out.resolve("figures");
    // the title (a country's name in it) wrapped by the shared estimate, as every chart's: the SVG is read with the reader's fonts
    SVGGraphics2D svg = new SVGGraphics2D(800, 400);
    org.aigov.observatory.kernel.ChartText.draw(chart, svg, new java.awt.Rectangle(0, 0, 800, 400), null);
    Files.writeString(dir.resolve(name + "-" + lang + ".svg"), org.aigov.observatory.kernel.Xml.clean(svg.getSVGDocument()), StandardCharsets.UTF_8);
    Files.write(dir.resolve(name + "-" + lang + ".png"), org.aigov.observatory.kernel.ChartText.png(chart, 800, 400));
    Files.writeString(dir.resolve(name + ".csv"), data.toCsv(), StandardCharsets.UTF_8);
    written.add("figures/" + name + "-" + lang + ".svg");
    written.add("figures/" + name + "-" + lang + ".png");
    written.add("figures/" + name + ".csv");
    h.append("<p><img src=\"figures/").append(name).append('-').append(lang).append(pdf ? ".png" : ".svg").append("\" alt=\"")
        .append(esc(name)).append("\"/></p>");
  }
}
