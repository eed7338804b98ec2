package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path tmp;

  @Test
  void htmlRebuildsSeedTablesWithFigures() throws Exception {
    {
      var files = new Report(SeedData.graph(), "en", () -> new Report.LogHead(42, "abc123")).write(tmp, "html");
      String html = Files.readString(tmp.resolve("report-en.html"));
      // paper 5 Table 1 has 22 rows, Table 3 has 8; paper 4 Table 2 has 36 rows (35 distinct records)
      assertTrue(html.contains("US AI-governance documents (paper 5, Table 1) (22)"), "P5-T1 rows");
      assertTrue(html.contains("China AI-governance documents (paper 5, Table 3) (8)"), "P5-T3 rows");
      assertTrue(html.contains("tree size 42"), "snapshot states the log head");
      // the representation test is a sentence, as on the page, not a map's toString
      assertTrue(html.matches("(?s).*<p>Claim: developing countries are under-represented .*? — (supported|not supported|no data): \\d+ of \\d+ institutions tested.*"), "representation test");
      assertFalse(html.contains("{claim="), "no raw map");
      assertTrue(Files.readString(tmp.resolve("figures/military_US.csv")).startsWith("deployment,developer_type,share"));
      assertTrue(Files.readString(tmp.resolve("figures/fragmentation-en.svg")).contains("<svg"));
      assertTrue(Files.size(tmp.resolve("figures/military_FR-en.png")) > 1000);
      assertTrue(files.contains("figures/military_RU-en.svg"));
    }
  }

  @Test
  void chinesePdfCarriesChineseText() throws Exception {
    new Report(SeedData.graph(), "zh").write(tmp, "pdf");
    Path pdf = tmp.resolve("report-zh.pdf");
    try (PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      assertTrue(d.getNumberOfPages() > 3);
      String text = new PDFTextStripper().getText(d);
      assertTrue(text.contains("美国人工智能治理相关文件列表"), "CJK text extractable from the PDF");
      assertTrue(text.contains("透明日志尚未建立"));
      assertTrue(text.replaceAll("\\s", "").contains("命题：发展中国家在国际人工智能治理倡议中代表性不足"), "the representation test in Chinese");
    }
    assertEquals("%PDF", new String(Files.readAllBytes(pdf), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The command end to end on a fresh store: it failed on every run while it closed the store before writing. */
  @Test
  void theCommandWritesTheReportOfAStoreWithItsLogHead() throws Exception {
    Path out = tmp.resolve("out");
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    int code;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      code = org.aigov.observatory.cli.Main.commandLine().execute("report", "--data", tmp.resolve("store").toString(), "--out", out.toString(),
          "--lang", "en", "--scope", "seed");
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, printed.toString());
    String html = Files.readString(out.resolve("report-en.html"));
    assertTrue(html.matches("(?s).*transparency log tree size [1-9][0-9]*, root hash <code>[0-9a-f]{64}</code>.*"), "names the signed head");
    // and which records it covers: a seed-scope and an all-scope report cite the same head and place states differently
    assertTrue(html.contains("Records analysed: the records the seed papers name (scope=seed)."), "names its scope");
    // row ids are kept whole: the PDF's narrow columns broke P5-T1-r01 at its hyphens
    assertTrue(html.contains("<td class=\"tok\">P5-T1-r01</td>"), "row ids unbroken");
    // a file given as the folder is one line, exit 2 (it was a FileSystemException's stack trace)
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertEquals(2, org.aigov.observatory.cli.Main.commandLine().execute("report", "--data", tmp.resolve("store").toString(), "--out", file.toString()));
  }

  /** The complex's pair reasons are composed from ids and a relation code; the report says them in its language. */
  @Test
  void pairReasonsAreSaidInTheReportsLanguage() throws Exception {
    Report zh = new Report(SeedData.graph(), "zh"), en = new Report(SeedData.graph(), "en");
    assertEquals("结构关系：a 以 b 为基础", zh.reason("structural: a builds_on b"));
    // records by their names, not their ids (review of 2026-12-03)
    Graph sg = SeedData.graph();
    assertEquals("结构关系：" + sg.get("g7_hiroshima_process").name.in("zh") + " 由 " + sg.get("g7").name.in("zh") + " 发布",
        zh.reason("structural: g7_hiroshima_process issued_by g7"));
    assertEquals("x 的成员与议题均为另一方的子集", zh.reason("members and issues of x are a subset"));
    assertEquals("structural: a builds on b", en.reason("structural: a builds_on b"));
    assertEquals("something else", zh.reason("something else"));
    Map<String, Object> rt = new java.util.LinkedHashMap<>(Map.of("claim", "c", "claim_zh", "命题甲", "proxy", "p", "proxy_zh", "代理乙", "verdict", "not supported",
        "initiatives_tested", 20, "initiatives_under_represented", 7, "median_ratio_to_baseline", 1.234));
    assertEquals("命题：命题甲 —— 未得到支持：受检 20 个机制中有 7 个对代理指标代表不足（中位比值 1.23）。代理指标：代理乙。", zh.representationTest(rt));
    assertEquals("Claim: c — not supported: 7 of 20 institutions tested under-represent the proxy (median ratio 1.23). Proxy: p.", en.representationTest(rt));
    assertEquals("文件数=7；权力类占比=0.08 < 0.25；规制类占比=0.59 >= 促进类占比=0.19",
        zh.formula("instruments=7; power_share=0.08 < 0.25; regulatory_share=0.59 >= promotion_share=0.19"));
    assertEquals("权力类占比=0.30 但并非全部关联 (规制类占比=0.10, 促进类占比=0.20)",
        zh.formula("power_share=0.30 but not all links (regulatory_share=0.10, promotion_share=0.20)"));
    assertEquals("instruments=7; power_share=0.08 < 0.25", en.formula("instruments=7; power_share=0.08 < 0.25"));
    assertEquals("文件数=2；文件数少于 3", zh.formula("instruments=2; fewer than 3 instruments"));
    assertEquals("规制类占比=0.50 且 促进类占比=0.20 均 > 0（全部关联）", zh.formula("regulatory_share=0.50 and promotion_share=0.20 both > 0 (all links)"));
    // a word without a name: the whole sentence stays English (QA: "all three 部署类型 types" read worse than either)
    String military = "deployment_types=[defensive, interventional]; all three deployment types";
    assertEquals(military, zh.formula(military));
  }

  /** Review of 2026-12-04: the Chinese report's fragmentation table ended with a row labelled "all" in English. */
  /** Short Chinese is kept on one line and a table of many columns set smaller (outside QA: 美/国/（/U/S/） down the paths table). */
  @Test
  void shortChineseStaysOnOneLineAndWideTablesAreSetSmaller() throws Exception {
    StringBuilder h = new StringBuilder();
    Report.cell(h, "美国（US）");
    Report.cell(h, "法案（草案）479；数据库 1；行政令 17");
    assertEquals("<td class=\"tok\">美国（US）</td><td>法案（草案）479；数据库 1；行政令 17</td>", h.toString());
    Files.createDirectories(tmp.resolve("figures"));
    String zh = new Report(SeedData.graph(), "zh").html(tmp, false);
    assertTrue(zh.contains("<table class=\"wide\"><caption>治理路径特征"), "the paths table has 17 columns");
    assertTrue(Report.style(true).contains("table.wide td,table.wide th{font-size:6pt"), Report.style(true));
  }

  /** The CSV guards a name a spreadsheet would run; the reports print it as stored, escaped (they had printed the guard too). */
  @Test
  void aFormulaLikeNameIsGuardedInTheCsvOnly() {
    Table t = new Table("t", "表", "table", List.of("name", "names")).add("=HYPERLINK(\"x\")", List.of("+七国集团<b>", "G20"));
    assertTrue(t.toCsv().contains("\"'=HYPERLINK(\"\"x\"\")\",'+七国集团<b>;G20"), t.toCsv());
    assertEquals("=HYPERLINK(&quot;x&quot;)", Report.esc(t.rows().get(0).get(0)));
    assertEquals("+七国集团&lt;b&gt;;G20", Report.esc(t.rows().get(0).get(1)));
  }

  @Test
  void theFragmentationTablesLastRowIsNamedInTheReportsLanguage() throws Exception {
    assertEquals("全部", new Report(SeedData.graph(), "zh").value("all"));
    assertEquals("all", new Report(SeedData.graph(), "en").value("all"));
    // and a system of no one state (深度伪造's INTL) is named, not shown as a bare code
    assertEquals("国际（INTL）", new Report(SeedData.graph(), "zh").jurisdiction("INTL"));
    assertEquals("international (INTL)", new Report(SeedData.graph(), "en").jurisdiction("INTL"));
    // the scope line in Chinese words and punctuation (it read "（scope=all）")
    StringBuilder zh = new StringBuilder();
    new Report(SeedData.graph(), "zh").snapshot(zh);
    assertTrue(zh.toString().contains("（范围代码：all）") && !zh.toString().contains("scope="), zh.toString());
  }

  /** Review of 2026-12-04: the Chinese report's military systems had English developers, function codes and country codes. */
  @Test
  void theChineseReportNamesDevelopersFunctionsAndCountriesInChinese() throws Exception {
    Files.createDirectories(tmp.resolve("figures"));
    String zh = new Report(SeedData.graph(), "zh").html(tmp, false), en = new Report(SeedData.graph(), "en").html(tmp, false);
    String zhSystems = zh.substring(zh.lastIndexOf("<table"));
    for (String want : new String[] {"以色列国防军", "俄罗斯联邦国防部", "防空", "武器", "以色列"}) assertTrue(zhSystems.contains(want), want);
    for (String gone : new String[] {"Israel Defense Forces", "air_defence", ">US<", ">IL<"}) assertFalse(zhSystems.contains(gone), gone);
    String enSystems = en.substring(en.lastIndexOf("<table"));
    assertTrue(enSystems.contains("Israel Defense Forces") && enSystems.contains("air defence") && !enSystems.contains("以色列国防军"));
  }

  /** Paper 4 Table 2 as printed (seed.txt 4114-4150): groups M, S, I, G in that order, each row under its group's form. */
  @Test
  void paper4Table2IsThePrintedTable() throws Exception {
    Report zh = new Report(SeedData.graph(), "zh"), en = new Report(SeedData.graph(), "en");
    List<List<String>> rows = en.seedRows("P4-T2");
    assertEquals(36, rows.size());
    StringBuilder groups = new StringBuilder();
    Map<String, Integer> byForm = new java.util.LinkedHashMap<>();
    for (List<String> r : rows) {
      String g = r.get(0).substring(6, 7);
      if (groups.length() == 0 || groups.charAt(groups.length() - 1) != g.charAt(0)) groups.append(g);
      byForm.merge(r.get(2), 1, Integer::sum);
    }
    assertEquals("MSIG", groups.toString());
    assertEquals(List.of("P4-T2-M1", "P4-T2-M2"), List.of(rows.get(0).get(0), rows.get(1).get(0)));
    assertEquals("P4-T2-M10", rows.get(9).get(0));
    // the seed's counts: 10 multilateral, 12 multistakeholder, 9 international organisations, 5 government-led
    assertEquals(List.of(10, 12, 9, 5), List.copyOf(byForm.values()));
    List<String> m4 = rows.stream().filter(r -> r.get(0).equals("P4-T2-M4")).findFirst().orElseThrow();
    assertEquals(org.aigov.observatory.registry.Vocab.ORG_FORM.label("multilateral", "en"), m4.get(2));
    List<String> i2 = zh.seedRows("P4-T2").stream().filter(r -> r.get(0).equals("P4-T2-I2")).findFirst().orElseThrow();
    assertEquals("联合国教育、科学及文化组织（UNESCO）《关于人工智能伦理的建议》", i2.get(3));
  }

  /**
   * Paper 5's tables print the paper's dates (seed.txt 5252, 5608, 5786), not the records' corrected ones, and
   * footnote the record's date where it differs; the Chinese report prints the paper's issuer and name cells.
   */
  @Test
  void paper5TablesPrintThePapersCells() throws Exception {
    Report zh = new Report(SeedData.graph(), "zh"), en = new Report(SeedData.graph(), "en");
    // every row's date is the one the paper printed (the fixture transcribes each row as "2020.2: title")
    com.fasterxml.jackson.databind.JsonNode fixture;
    try (var in = ReportTest.class.getResourceAsStream("/registry/seed-table-rows.json")) {
      fixture = org.aigov.observatory.kernel.Json.MAPPER.readTree(in);
    }
    Map<String, String> printed = new java.util.HashMap<>();
    for (var r : fixture) if (r.path("ref").asText().startsWith("P5-")) printed.put(r.path("ref").asText(), r.path("row_title").asText().split(":")[0]);
    int checked = 0;
    for (String t : List.of("P5-T1", "P5-T2", "P5-T3")) {
      for (List<String> r : en.seedRows(t)) {
        assertEquals(printed.get(r.get(0)), r.get(1).replaceAll(" \\[\\d+\\]$", ""), r.get(0));
        checked++;
      }
    }
    assertEquals(22 + 9 + 8, checked);
    Report.SeedRows us = en.seedTableRows("P5-T1");
    Map<String, List<String>> row = new java.util.HashMap<>();
    for (List<String> r : us.rows()) row.put(r.get(0), r);
    // rows 9 and 13 are one record (EO 13960): the paper printed 2020.2 and 2020.12; the record says 2020-12-03
    assertTrue(row.get("P5-T1-r09").get(1).matches("2020\\.2 \\[\\d+\\]"), row.get("P5-T1-r09").toString());
    assertEquals("2020.12", row.get("P5-T1-r13").get(1));
    assertEquals("2020.3", row.get("P5-T1-r10").get(1).split(" ")[0]);
    assertTrue(us.notes().stream().anyMatch(n -> n.equals("record date 2020-12-03 (P5-T1-r09)")), us.notes().toString());
    Map<String, List<String>> zrow = new java.util.HashMap<>();
    for (String t : List.of("P5-T1", "P5-T2", "P5-T3")) for (List<String> r : zh.seedRows(t)) zrow.put(r.get(0), r);
    assertEquals(List.of("2016.10", "白宫/国家科学技术委员会", "国家人工智能研究与发展战略规划"), zrow.get("P5-T1-r01").subList(1, 4));
    assertEquals("2020年国家人工智能计划法案", zrow.get("P5-T1-r10").get(3));
    assertEquals(List.of("2021-2024", "欧盟各机构共同参与", "制定《人工智能法案》各项工作"),
        List.of(zrow.get("P5-T2-r09").get(1).split(" ")[0], zrow.get("P5-T2-r09").get(2), zrow.get("P5-T2-r09").get(3)));
    assertEquals("2023.8", zrow.get("P5-T3-r07").get(1).split(" ")[0]);
    Files.createDirectories(tmp.resolve("figures"));
    String html = zh.html(tmp, false);
    assertTrue(html.contains("日期为原文所印"), "the Chinese report footnotes corrected dates");
  }

  /** Review of 2026-12-03: every number printed with four decimals (12.0000, 0.1234); each column has its own format. */
  @Test
  void numberColumnsHaveAFormatFittingTheirQuantity() throws Exception {
    Table x = new Table("t", "表", "t", List.of("institutions", "hard_share", "index", "developing_ratio", "betweenness", "other"));
    x.add(12.0, 0.47916, 0.35453, 1.0, 6531.0, 2.5);
    x.add(3010, 0.0, 0.0, 0.856, 1437.14209, 1.0);
    for (String lang : List.of("en", "zh")) {
      StringBuilder h = new StringBuilder();
      new Report(SeedData.graph(), lang).table(h, x);
      List<List<String>> rows = org.jsoup.Jsoup.parse(h.toString()).select("tr:has(td)").stream()
          .map(tr -> tr.select("td").eachText()).toList();
      assertEquals(List.of("12", "0.479", "0.355", "1.00", "6,531.0", "2.500"), rows.get(0), lang);
      assertEquals(List.of("3,010", "0.000", "0.000", "0.86", "1,437.1", "1.000"), rows.get(1), lang);
    }
    // the whole report, both languages: a count column without decimals, a share column to three
    Graph g = SeedData.graph();
    Files.createDirectories(tmp.resolve("figures"));
    for (String lang : List.of("en", "zh")) {
      org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(new Report(g, lang).html(tmp, false));
      org.jsoup.nodes.Element profiles = doc.select("table:has(caption:matchesOwn(^(Governance-path profiles|治理路径特征)$))").first();
      assertTrue(profiles != null, lang);
      List<String> heads = profiles.select("th").eachText();
      int instruments = heads.indexOf(lang.equals("en") ? "Instruments" : column(lang, "instruments"));
      int hardShare = heads.indexOf(lang.equals("en") ? "Hard share" : column(lang, "hard_share"));
      for (org.jsoup.nodes.Element tr : profiles.select("tr:has(td)")) {
        assertTrue(tr.child(instruments).text().matches("\\d+"), lang + ": " + tr.text());
        assertTrue(tr.child(hardShare).text().matches("[01]\\.\\d{3}"), lang + ": " + tr.text());
      }
      // the EU–US table holds a count and a share per row, each in its own format
      String euUs = doc.select("table:has(caption:matchesOwn(^(EU vs US governance features \\(from data\\)|欧美人工智能治理模式特征对比（由数据生成）).*$))").text();
      assertFalse(euUs.matches(".*\\d\\.\\d{4}.*"), euUs);
      // the caption says the level compared (review of 2026-12-04: state laws had counted)
      assertTrue(doc.select("caption").eachText().stream().anyMatch(c -> c.contains(lang.equals("en") ? "union and federal level" : "联邦与欧盟层面")), lang);
      // every share indicator to three decimals, whether its name ends in _share or starts with share_
      int shares = 0;
      for (org.jsoup.nodes.Element tr : doc.select("table:has(caption:matchesOwn(^(EU vs US governance features \\(from data\\)|欧美人工智能治理模式特征对比（由数据生成）).*$)) tr:has(td)")) {
        String[] cells = tr.select("td").eachText().toArray(new String[0]);
        if (tr.html().contains("share") || cells[1].contains("占比")) {
          shares++;
          assertTrue(cells[2].matches("[01]\\.\\d{3}") && cells[3].matches("[01]\\.\\d{3}"), lang + ": " + tr.text());
        }
      }
      assertEquals(3, shares, lang + ": the table's three share rows");
      assertFalse(doc.select("td.num").eachText().stream().anyMatch(t -> t.matches(".*\\.\\d{4}")), lang + ": four decimals left");
    }
  }

  static String column(String lang, String code) {
    return Report.LABELS.path(lang).path("c_" + code).asText();
  }

  /** The Chinese report names records, org forms, risk layers and record kinds in Chinese, as the page does. */
  @Test
  void chineseReportNamesThingsInChinese() throws Exception {
    Graph g = SeedData.graph();
    Report zh = new Report(g, "zh");
    Files.createDirectories(tmp.resolve("figures"));
    String html = zh.html(tmp, false);
    String core = html.substring(html.indexOf("<caption>核心与边缘"));
    core = core.substring(0, core.indexOf("</table>"));
    // the record by its name; its id beside the name column is not printed (review of 2026-12-03)
    assertTrue(core.matches("(?s).*<tr><td( class=\"tok\")?>" + java.util.regex.Pattern.quote(g.get("un").name.in("zh")) + "</td>.*"),
        core.substring(0, Math.min(600, core.length())));
    assertFalse(core.contains(">un</td>"), "no raw id");
    assertFalse(core.contains("United Nations"), "no English names in the Chinese core table");
    assertFalse(core.contains(">international_org<"), "actor types in Chinese");
    String cov = html.substring(html.indexOf("<caption>风险层级×组织形式覆盖矩阵"));
    cov = cov.substring(0, cov.indexOf("</table>"));
    String intl = org.aigov.observatory.registry.Vocab.ORG_FORM.label("international_org", "zh");
    String safety = org.aigov.observatory.registry.Vocab.RISK.label("intrinsic_safety", "zh");
    assertTrue(!intl.equals("international_org") && cov.contains("<th>" + intl + "</th>"), "org-form headers in Chinese");
    assertTrue(cov.matches("(?s).*<td( class=\"tok\")?>" + java.util.regex.Pattern.quote(safety) + "</td>.*"), "risk rows in Chinese");
    assertFalse(cov.contains(">international_org<") || cov.contains(">intrinsic_safety<"), "no codes");
    assertFalse(html.contains("{actor="), "snapshot counts are not a map's toString");
    assertTrue(html.contains("行为体 "), "record kinds in Chinese");
    assertFalse(html.matches("(?s).*覆盖空白：[^<]*intrinsic_safety.*"), "gaps in Chinese");
  }

  /** The codes the review found in the Chinese report (2026-12-03): type counts, actor types, typology reasons, ids. */
  @Test
  void chineseReportSaysCodesAndIdsInChinese() throws Exception {
    Graph g = SeedData.graph();
    Report zh = new Report(g, "zh"), en = new Report(g, "en");
    var types = org.aigov.observatory.registry.Vocab.INSTRUMENT_TYPE;
    assertTrue(types.label("bill", "zh").startsWith("法案"));
    assertEquals(types.label("bill", "zh") + " 454；" + types.label("law", "zh") + " 291", zh.codeList("bill 454; law 291"));
    String actors = zh.codeList("civil_society 8; company 34; government_agency 114");
    assertFalse(actors.matches(".*[a-z_]{3,}.*"), actors);
    assertTrue(actors.endsWith(" 114"), actors);
    assertEquals(types.label("bill", "en") + " 454; " + types.label("law", "en") + " 291", en.codeList("bill 454; law 291"));
    String why = "systems_with_deployment=4; new_commercial_share=0.25; deployment_types=[defensive, interventional]; new_commercial_in=[interventional];"
        + " new commercial developers most present in interventional deployment";
    assertEquals("有部署类型的系统 4 个；新式商业主体占比 0.25；部署类型：防御性部署、干预性部署；新式商业主体出现于：干预性部署；新式商业主体最多出现于干预性部署",
        zh.militaryWhy(why));
    assertEquals("4 systems with a deployment type; new commercial share 0.25; deployment types: defensive, interventional;"
        + " new commercial firms in: interventional; new commercial firms most present in interventional deployment", en.militaryWhy(why));
    assertEquals("新式商业主体出现于：无；新式商业主体占比低于 0.2", zh.militaryWhy("new_commercial_in=[]; new_commercial_share < 0.2"));
    assertEquals("something=else; new_commercial_in=[]", zh.militaryWhy("something=else; new_commercial_in=[]"), "unknown: as it is");
    Files.createDirectories(tmp.resolve("figures"));
    String html = zh.html(tmp, false);
    for (String code : new String[] {"civil_society", "government_agency", "systems_with_deployment", "new_commercial_share", "bill 4", "law 3"})
      assertFalse(html.contains(code), code + " left in the Chinese report");
    assertTrue(html.contains(org.aigov.observatory.registry.Vocab.INSTRUMENT_TYPE.label("law", "zh") + " "), "type counts in Chinese");
    assertTrue(html.contains("美国（US）") || html.contains(g.get("us").name.in("zh") + "（US）"), "jurisdictions by name, full-width brackets");
    // a stylesheet: bordered tables, sans-serif with CJK fallbacks in a browser, the embedded font in the PDF
    assertTrue(html.contains("<style>" + Report.style(false) + "</style>"));
    assertTrue(Report.style(false).contains("border:1px solid") && Report.style(false).contains("'Noto Sans CJK SC'"));
    assertTrue(Report.style(true).startsWith("body{font-family:'Droid Sans Fallback'"));
  }
}
