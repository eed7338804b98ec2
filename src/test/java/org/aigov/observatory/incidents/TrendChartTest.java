package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ChartText;
import org.aigov.observatory.kernel.SvgTexts;
import org.junit.jupiter.api.Test;

class TrendChartTest {
  static final List<String> MONTHS = List.of("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08");

  @Test
  void aSpikeIsMarkedAndAFlatSeriesHasNoMarks() throws Exception {
    long[] counts = {3, 4, 3, 4, 3, 4, 30, 4};
    Trends.Result r = new Trends.Result("month", MONTHS, counts, List.of(new Trends.Series("all", counts, null)), 0);
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month")));
    List<Spikes.Spike> sp = Spikes.detect(MONTHS, counts, q.filtersText(), "month", new Spikes.Options());
    assertEquals("2024-07", sp.get(0).period());
    String svg = TrendChart.svg(r, sp, q, false, 900, 420);
    IncidentsRoutesTest.wellFormed(svg);
    assertTrue(svg.contains("Spikes"), "legend names the marks");
    assertTrue(svg.contains(">All incidents<"), "the one line of all incidents is named in words, not by its key");
    assertTrue(svg.contains("rgb(192,57,43)"), "the spike mark is drawn in its colour");
    String flat = TrendChart.svg(r, List.of(), q, false, 900, 420);
    assertFalse(flat.contains("Spikes") || flat.contains("rgb(192,57,43)"));
    String zh = TrendChart.svg(r, sp, q, true, 900, 420);
    assertTrue(zh.contains("每月事件数") && zh.contains("异常峰值") && zh.contains("全部"), "Chinese title, legend and series name");
  }

  /** All incidents are 100 % of all incidents: their spikes are found by count, and the legend names that test, not the share's. */
  @Test
  void theLegendNamesTheTestTheSpikesWereFoundWith() throws Exception {
    long[] counts = {3, 4, 3, 4, 3, 4, 30, 4};
    double[] whole = {1, 1, 1, 1, 1, 1, 1, 1};
    Spikes.Options share = new Spikes.Options().withMethod("share");
    Trends.Query all = Trends.Query.parse(Map.of("granularity", List.of("month"), "standardize", List.of("true")));
    List<Spikes.Spike> sp = Spikes.detect(MONTHS, counts, counts, all.filtersText(), all.filtersText(), "month", share);
    assertEquals("poisson", sp.get(0).method());
    String svg = TrendChart.svg(new Trends.Result("month", MONTHS, counts, List.of(new Trends.Series("all", counts, whole)), 0), sp, all, false, 900, 420,
        Map.of(), share);
    assertTrue(svg.contains("Spikes (Poisson") && !svg.contains("binomial"), "the count's test named");
    long[] topic = {1, 1, 1, 1, 1, 1, 12, 1}, twenty = {20, 20, 20, 20, 20, 20, 20, 20};
    double[] part = new double[8];
    for (int p = 0; p < 8; p++) part[p] = topic[p] / 20.0;
    Trends.Query military = Trends.Query.parse(Map.of("granularity", List.of("month"), "topic", List.of("military"), "standardize", List.of("true")));
    List<Spikes.Spike> msp = Spikes.detect(MONTHS, topic, twenty, "Topic: military", "主题：military", "month", share);
    assertEquals("share", msp.get(0).method());
    String msvg = TrendChart.svg(new Trends.Result("month", MONTHS, twenty, List.of(new Trends.Series("topic=military", topic, part)), 0), msp, military,
        false, 900, 420, Map.of(), share);
    assertTrue(msvg.contains("Spikes (share, binomial"), "a topic's share is tested as a share");
  }

  /** A period with no incidents at all has no share: the standardized line breaks there instead of dropping to 0 %. */
  @Test
  void anUndefinedShareIsAGapNotAZero() throws Exception {
    long[] counts = {1, 2, 1, 2, 0, 2, 1, 2}, totals = {10, 10, 10, 10, 0, 10, 10, 10};
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month"), "topic", List.of("military"), "standardize", List.of("true")));
    double[] gap = {0.1, 0.2, 0.1, 0.2, Double.NaN, 0.2, 0.1, 0.2}, zero = gap.clone();
    zero[4] = 0;
    String withGap = TrendChart.svg(new Trends.Result("month", MONTHS, totals, List.of(new Trends.Series("all", counts, gap)), 0), List.of(), q, false, 900, 420);
    long[] ten = {10, 10, 10, 10, 10, 10, 10, 10}; // a month of 10 incidents, none military: a real 0 %
    String withZero = TrendChart.svg(new Trends.Result("month", MONTHS, ten, List.of(new Trends.Series("all", counts, zero)), 0), List.of(), q, false, 900, 420);
    IncidentsRoutesTest.wellFormed(withGap);
    assertFalse(withGap.contains("NaN"));
    // 8 points joined by 7 segments; without the 5th point the two segments that touch it are not drawn
    assertEquals(segments(withZero) - 2, segments(withGap), "the line is broken at the empty month");
  }

  /**
   * A share of a period with fewer than 10 incidents in all is not drawn: the shipped data's 1983 holds one incident, a
   * military one, and its 100 % set the axis for forty years of 1–5 %. The note says so; the data keep the value.
   */
  @Test
  void aShareOfTooFewIncidentsIsNotDrawn() throws Exception {
    long[] counts = {1, 1, 2, 1, 1, 1, 1, 1}, tiny = {1, 20, 20, 20, 20, 20, 20, 20}, enough = {10, 20, 20, 20, 20, 20, 20, 20};
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month"), "topic", List.of("military"), "standardize", List.of("true")));
    String drawnTiny = TrendChart.svg(result(counts, tiny), List.of(), q, false, 900, 420);
    String drawnEnough = TrendChart.svg(result(counts, enough), List.of(), q, false, 900, 420);
    IncidentsRoutesTest.wellFormed(drawnTiny);
    assertEquals(seriesSegments(drawnEnough) - 1, seriesSegments(drawnTiny), "the first point is left out, with its segment");
    assertTrue(drawnTiny.contains("fewer than 10 incidents in all are not drawn"));
    assertFalse(drawnEnough.contains("fewer than 10"));
    assertFalse(drawnTiny.contains(">100<"), "the axis no longer runs to 100 %");
    assertTrue(TrendChart.svg(result(counts, tiny), List.of(), q, true, 900, 420).contains("事件总数少于 10 起的时段不绘制占比"));
  }

  private static Trends.Result result(long[] counts, long[] totals) {
    double[] share = new double[counts.length];
    for (int p = 0; p < counts.length; p++) share[p] = counts[p] / (double) totals[p];
    return new Trends.Result("month", MONTHS, totals, List.of(new Trends.Series("topic=military", counts, share)), 0);
  }

  /** QA of 2026-12-06: on a phone-width chart the grey band's note, drawn over the plot, covered the newest months' line. */
  @Test
  void theNoteOnTheGreyBandSitsUnderThePlot() throws Exception {
    long[] counts = {3, 4, 3, 5, 0, 0, 0, 0};
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month")));
    for (boolean zh : new boolean[] {false, true}) for (int width : new int[] {320, 900}) {
      String svg = TrendChart.svg(new Trends.Result("month", MONTHS, counts, List.of(new Trends.Series("all", counts, null)), 0, 0,
          java.time.LocalDate.of(2024, 4, 17)), List.of(), q, zh, width, 300);
      checkTexts(svg, width, zh ? "2024-04-17 之后无已导入事件" : "no incidents ingested after 2024-04-17");
      List<SvgTexts.Text> texts = SvgTexts.of(svg);
      double axis = texts.stream().filter(t -> t.text().matches("\\d{4}-\\d{2}")).mapToDouble(SvgTexts.Text::y).max().orElseThrow();
      String whole = zh ? "2024-04-17 之后无已导入事件" : "no incidents ingested after 2024-04-17";
      List<SvgTexts.Text> note = texts.stream().filter(t -> t.text().length() > 7 && whole.contains(t.text())).toList();
      assertEquals(whole.replace(" ", ""), String.join("", note.stream().map(SvgTexts.Text::text).toList()).replace(" ", ""));
      for (SvgTexts.Text t : note) {
        assertTrue(t.y() - t.size() > axis, "'" + t.text() + "' at " + t.y() + " is under the axis labels at " + axis + " (" + width + " px)");
        assertEquals("end", t.anchor(), "its end is aligned by the reader's browser");
        assertTrue(t.x() <= width - 8, "ends inside the chart: " + t.x());
      }
    }
  }

  /** Periods after the store's newest incident are greyed and named, and the line stops there instead of falling to 0. */
  @Test
  void periodsAfterTheNewestIncidentAreGreyedNotDrawnAsZeros() throws Exception {
    long[] counts = {3, 4, 3, 5, 0, 0, 0, 0};
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month")));
    List<Trends.Series> one = List.of(new Trends.Series("all", counts, null));
    String cut = TrendChart.svg(new Trends.Result("month", MONTHS, counts, one, 0, 0, java.time.LocalDate.of(2024, 4, 17)), List.of(), q, false, 900, 420);
    String whole = TrendChart.svg(new Trends.Result("month", MONTHS, counts, one, 0, 0, java.time.LocalDate.of(2024, 8, 2)), List.of(), q, false, 900, 420);
    IncidentsRoutesTest.wellFormed(cut);
    assertTrue(cut.contains("no incidents ingested after 2024-04-17"), "the grey band says why");
    assertFalse(whole.contains("no incidents ingested after"));
    assertEquals(seriesSegments(whole) - 4, seriesSegments(cut), "4 points joined by 3 segments, not 8 by 7");
    String zh = TrendChart.svg(new Trends.Result("month", MONTHS, counts, one, 0, 0, java.time.LocalDate.of(2024, 4, 17)), List.of(), q, true, 900, 420);
    assertTrue(zh.contains("之后无已导入事件"));
    assertEquals(4, new Trends.Result("month", MONTHS, counts, one, 0, 0, java.time.LocalDate.of(2024, 4, 17)).firstPeriodAfterLatest());
    assertEquals(0, new Trends.Result("month", MONTHS, counts, one, 0, 0, java.time.LocalDate.of(2023, 4, 17)).firstPeriodAfterLatest());
    assertEquals(8, new Trends.Result("month", MONTHS, counts, one, 0, 0, null).firstPeriodAfterLatest());
  }

  /** Months with nothing at all recorded inside the data are a gap in the line; a topic's zero in a month with incidents is drawn. */
  @Test
  void aGapInTheDataIsABreakInTheLineNotAZero() throws Exception {
    long[] gapped = {3, 4, 0, 0, 5, 4, 3, 4}, full = {3, 4, 2, 2, 5, 4, 3, 4}, topic = {1, 1, 0, 0, 1, 1, 1, 1};
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month")));
    Trends.Result withGap = new Trends.Result("month", MONTHS, gapped, List.of(new Trends.Series("all", gapped, null)), 0);
    assertEquals(List.of("2024-03", "2024-04"), withGap.gapPeriods());
    assertEquals(List.of("2024-03", "2024-04"), withGap.json().get("gap_periods"));
    String drawn = TrendChart.svg(withGap, List.of(), q, false, 900, 420);
    IncidentsRoutesTest.wellFormed(drawn);
    // 8 points joined by 7 segments; without the 3rd and 4th the 3 segments that touch them are not drawn
    String whole = TrendChart.svg(new Trends.Result("month", MONTHS, full, List.of(new Trends.Series("all", full, null)), 0), List.of(), q, false, 900, 420);
    assertEquals(seriesSegments(whole) - 3, seriesSegments(drawn));
    Trends.Query mil = Trends.Query.parse(Map.of("granularity", List.of("month"), "topic", List.of("military")));
    String quiet = TrendChart.svg(new Trends.Result("month", MONTHS, full, List.of(new Trends.Series("topic=military", topic, null)), 0), List.of(), mil, false, 900, 420);
    assertEquals(seriesSegments(whole), seriesSegments(quiet), "the topic's zeros are real: the other incidents were recorded");
    assertTrue(new Trends.Result("month", MONTHS, full, List.of(), 0).gapPeriods().isEmpty());
    long[] late = {0, 0, 3, 4, 0, 0, 0, 0}; // before the data and after the newest incident are not gaps: they have their own rules
    assertTrue(new Trends.Result("month", MONTHS, late, List.of(), 0, 0, java.time.LocalDate.of(2024, 4, 2)).gapPeriods().isEmpty());
  }

  /** Lines in the first series' colour (its segments and its legend mark). */
  private static int seriesSegments(String svg) {
    return java.util.regex.Pattern.compile("<line [^>]*stroke:rgb\\(0,114,178\\)").matcher(svg).results().mapToInt(m -> 1).sum();
  }

  private static int segments(String svg) {
    return svg.split("<line ", -1).length - 1;
  }

  /** A topic that counts nothing yet: a message in both languages instead of a flat line on an axis around zero. */
  @Test
  void aSeriesThatCountsNothingSaysSo() throws Exception {
    long[] zeros = new long[MONTHS.size()];
    Trends.Result r = new Trends.Result("week", List.of(), zeros, List.of(new Trends.Series("all", new long[0], null)), 0);
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("week"), "topic", List.of("kelp")));
    for (Trends.Result x : List.of(r, new Trends.Result("month", MONTHS, zeros, List.of(new Trends.Series("all", zeros, null)), 0))) {
      String en = TrendChart.svg(x, List.of(), q, false, 900, 420);
      IncidentsRoutesTest.wellFormed(en);
      assertTrue(en.contains("No incidents in this series yet"), en.length() + " chars");
      assertFalse(en.contains(">-"), "no negative axis labels");
      assertTrue(TrendChart.svg(x, List.of(), q, true, 900, 420).contains("该序列暂无事件"));
    }
    long[] some = {0, 0, 1, 0, 0, 0, 0, 0};
    String drawn = TrendChart.svg(new Trends.Result("month", MONTHS, some, List.of(new Trends.Series("all", some, null)), 0), List.of(), q, false, 900, 420);
    assertFalse(drawn.contains("No incidents in this series yet"));
  }

  @Test
  void standardizedSeriesIsDrawnAsPercentAndSplitsAreCapped() throws Exception {
    long[] total = {10, 10, 10, 10, 10, 10, 10, 10};
    List<Trends.Series> many = new java.util.ArrayList<>();
    for (int i = 0; i < TrendChart.MAX_SERIES + 3; i++) {
      long[] c = {1, 2, 1, 2, 1, 2, 1, (long) i};
      double[] share = new double[8];
      for (int p = 0; p < 8; p++) share[p] = c[p] / 10.0;
      many.add(new Trends.Series("country-" + i, c, share));
    }
    Trends.Result r = new Trends.Result("month", MONTHS, total, many, 0);
    Trends.Query q = Trends.Query.parse(Map.of("standardize", List.of("true"), "split", List.of("country")));
    String svg = TrendChart.svg(r, List.of(), q, false, 900, 420);
    assertTrue(svg.contains("incidents as % of all incidents (per month)") && svg.contains("Each country") && !svg.contains("Filtered"),
        "the share's title names what is split, not a filter");
    assertTrue(svg.contains("country-" + (TrendChart.MAX_SERIES - 1)));
    assertFalse(svg.contains("country-" + TrendChart.MAX_SERIES), "series past the cap are left to the CSV");
    for (java.awt.Color c : TrendChart.PALETTE) {
      assertTrue(svg.contains("rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")"), "each line in its own colour: " + c);
    }
    assertFalse(svg.contains("rgb(255,255,85)"), "no pale yellow line on white");
  }

  /** Three years of yearly counts are labelled in years, not in the months an automatic axis picks for that span. */
  @Test
  void aYearlySeriesIsLabelledInYears() throws Exception {
    List<String> years = List.of("2023", "2024", "2025");
    long[] counts = {448, 548, 273};
    Trends.Result r = new Trends.Result("year", years, counts, List.of(new Trends.Series("all", counts, null)), 0);
    String svg = TrendChart.svg(r, List.of(), Trends.Query.parse(Map.of("granularity", List.of("year"))), false, 900, 420);
    IncidentsRoutesTest.wellFormed(svg);
    for (String y : years) assertTrue(svg.contains(">" + y + "<"), "tick " + y);
    assertFalse(svg.matches("(?s).*>[A-Z][a-z]{2}-20\\d\\d<.*"), "no month ticks");
    List<String> long1 = new java.util.ArrayList<>();
    for (int y = 1983; y <= 2025; y++) long1.add(Integer.toString(y));
    long[] c2 = new long[long1.size()];
    java.util.Arrays.fill(c2, 3);
    String wide = TrendChart.svg(new Trends.Result("year", long1, c2, List.of(new Trends.Series("all", c2, null)), 0), List.of(),
        Trends.Query.parse(Map.of("granularity", List.of("year"))), false, 900, 420);
    assertTrue(wide.contains(">2000<") || wide.contains(">2005<") || wide.contains(">2010<"), "a long span is labelled every few years");
    assertFalse(wide.contains(">1999<") && wide.contains(">2001<"), "not every year: the labels would overlap");
  }

  /** In Chinese the chart is Chinese throughout: the filter line, the topic's name and ISO dates, no "Apr-2024". */
  @Test
  void aChineseChartNamesItsFiltersAndDatesInChinese() throws Exception {
    long[] counts = {0, 1, 0, 1, 1, 0, 1, 0};
    Trends.Result r = new Trends.Result("month", MONTHS, counts, List.of(new Trends.Series("all", counts, null)), 0);
    Trends.Query q = Trends.Query.parse(Map.of("topic", List.of("military"), "country", List.of("us"), "risk_domain", List.of("4. Malicious Actors & Misuse")));
    Map<String, Map<String, String[]>> topics = Map.of("topic", Map.of("military", new String[] {"Military AI", "军事人工智能"}));
    String zh = TrendChart.svg(r, List.of(), q, true, 900, 420, topics);
    IncidentsRoutesTest.wellFormed(zh);
    // "筛选：主题 = …", not two colons in a row ("筛选：主题：…", review of 2026-12-05)
    assertTrue(zh.contains("筛选：风险领域 = 4. 恶意行为者与滥用；国家 = US；主题 = 军事人工智能"), TrendChart.filterText(q, true, topics));
    // the one line's legend names its filters, not "all" / 全部: the filtered series counts only those incidents
    assertTrue(zh.contains(">风险领域：4. 恶意行为者与滥用；国家：US；主题：军事人工智能<") && !zh.contains(">全部<"), zh);
    // with the registry's names, the country is named too
    Map<String, Map<String, String[]>> named = Map.of("topic", topics.get("topic"), "country", Map.of("us", new String[] {"United States", "美国"}));
    assertEquals("筛选：风险领域 = 4. 恶意行为者与滥用；国家 = 美国；主题 = 军事人工智能", TrendChart.filterText(q, true, named));
    assertEquals("Filter: Risk domain = 4. Malicious Actors & Misuse; Country = United States; Topic = Military AI", TrendChart.filterText(q, false, named));
    assertFalse(zh.matches("(?s).*>[A-Z][a-z]{2}-20\\d\\d<.*"), "no English month names");
    assertTrue(zh.matches("(?s).*>2024-0\\d<.*"), "ISO month ticks");
    assertFalse(zh.contains(">0.5<") || zh.contains(">0.1<") || zh.contains(">0.2<"), "whole incidents on a count axis");
    String en = TrendChart.svg(r, List.of(), q, false, 900, 420, topics);
    assertTrue(en.contains("Filter: Risk domain = 4. Malicious Actors &amp; Misuse; Country = US; Topic = Military AI"), TrendChart.filterText(q, false, topics));
    long[] zeros = new long[MONTHS.size()];
    String empty = TrendChart.svg(new Trends.Result("month", MONTHS, zeros, List.of(new Trends.Series("all", zeros, null)), 0), List.of(), q, true, 900, 420, topics);
    assertTrue(empty.contains("该序列暂无事件"));
    assertFalse(empty.contains("00:00:00.000") || empty.contains(">1.0<"), "the message alone, no empty axes");
  }

  @Test
  void aSeriesSplitByTopicIsLabelledWithTheTopicsNames() throws Exception {
    long[] c = {1, 2, 1, 2, 1, 2, 1, 2};
    Trends.Result r = new Trends.Result("month", MONTHS, c, List.of(new Trends.Series("military", c, null), new Trends.Series("gone", c, null)), 0);
    String zh = TrendChart.svg(r, List.of(), Trends.Query.parse(Map.of("split", List.of("topic"))), true, 900, 420, Map.of("topic", Map.of("military", new String[] {"Military AI", "军事人工智能"})));
    assertTrue(zh.contains("军事人工智能") && zh.contains(">gone<"), "a deleted topic keeps its id");
  }

  @Test
  void legendNamesDomainsAndLayersInTheChartsLanguage() {
    assertEquals("2. 隐私与安全", TrendChart.seriesName("2. Privacy & Security", true));
    assertEquals("2. Privacy & Security", TrendChart.seriesName("2. Privacy & Security", false));
    assertEquals("国家安全", TrendChart.seriesName("national-security", true));
    assertEquals("National security", TrendChart.seriesName("national-security", false));
    assertEquals("US", TrendChart.seriesName("US", true));
    assertEquals("AI 事件数据库", TrendChart.seriesName("aiid", true));
    assertEquals("AIAAIC", TrendChart.seriesName("aiaaic", false));
  }

  @Test
  void everyGranularityMapsToATimePeriod() {
    assertEquals("2024-03-04", TrendChart.period("2024-W10", "week").getStart().toInstant().atZone(java.time.ZoneId.systemDefault()).toLocalDate().toString());
    assertEquals(2024, ((org.jfree.data.time.Year) TrendChart.period("2024", "year")).getYear());
    assertEquals(3, ((org.jfree.data.time.Month) TrendChart.period("2024-03", "month")).getMonth());
    assertEquals(5, ((org.jfree.data.time.Day) TrendChart.period("2024-01-05", "day")).getDayOfMonth());
  }

  /**
   * Long Chinese legend entries and a long Chinese note, on a server without CJK fonts: no two legend texts overlap, the
   * spike mark covers none, and every text lies inside the chart (boxes by the chart's own width estimate, a CJK
   * character a full em).
   */
  @Test
  void longChineseLegendEntriesAndNotesNeitherOverlapNorOverflow() throws Exception {
    long[] c = {3, 4, 3, 5, 30, 0, 0, 0};
    List<Trends.Series> many = new java.util.ArrayList<>();
    String[] domains = {"4. Malicious Actors & Misuse", "3. Misinformation", "7. AI System Safety, Failures & Limitations",
        "6. Socioeconomic & Environmental", "2. Privacy & Security", "1. Discrimination & Toxicity", "5. Human-Computer Interaction"};
    for (String d : domains) many.add(new Trends.Series(d, c, null));
    many.add(new Trends.Series("一个非常非常长的中文分类名称用于测试图例在图表宽度之内被截断而不是溢出到图表之外的情形以及更多的文字", c, null));
    Trends.Query q = Trends.Query.parse(Map.of("split", List.of("risk_domain")));
    for (int width : new int[] {900, 420}) {
      String svg = TrendChart.svg(new Trends.Result("month", MONTHS, c, many, 0, 0, java.time.LocalDate.of(2024, 5, 23)), List.of(), q, true, width, 420);
      checkTexts(svg, width, "2024-05-23 之后无已导入事件");
    }
    // the plain chart: "全部" and the spike mark's entry side by side, not one over the other
    long[] s = {3, 4, 3, 4, 3, 4, 30, 4};
    Trends.Query plain = Trends.Query.parse(Map.of("granularity", List.of("month")));
    List<Spikes.Spike> sp = Spikes.detect(MONTHS, s, plain.filtersText(), "month", new Spikes.Options());
    String svg = TrendChart.svg(new Trends.Result("month", MONTHS, s, List.of(new Trends.Series("all", s, null)), 0), sp, plain, true, 420, 420);
    List<double[]> boxes = checkTexts(svg, 420, null);
    java.util.regex.Matcher dot = java.util.regex.Pattern.compile("<ellipse cx=['\"]([\\d.]+)['\"] cy=['\"]([\\d.]+)['\"][^>]*rgb\\(192,57,43\\)").matcher(svg);
    double[] legendDot = null;
    while (dot.find()) legendDot = new double[] {Double.parseDouble(dot.group(1)), Double.parseDouble(dot.group(2))};
    assertNotNull(legendDot, "the spike entry's mark");
    for (double[] b : boxes) {
      assertFalse(legendDot[0] + 5 > b[0] && legendDot[0] - 5 < b[0] + b[2] && legendDot[1] + 5 > b[1] - b[3] && legendDot[1] - 5 < b[1],
          "the spike mark covers a text at " + java.util.Arrays.toString(b));
    }
  }

  /** Review of 2026-12-03: a long Chinese filter line was wrapped by JFreeChart, which measures Chinese with the server's fonts. */
  @Test
  void aLongChineseSubtitleIsWrappedWithinTheChart() throws Exception {
    long[] s = {3, 4, 3, 4, 3, 4, 5, 4};
    Map<String, Map<String, String[]>> labels = Map.of(
        "topic", Map.of("military", new String[] {"Military AI", "军事人工智能与自主武器系统"}),
        "sector", Map.of("health", new String[] {"Health", "医疗卫生与公共健康服务"}),
        "harm_type", Map.of("privacy", new String[] {"Privacy", "个人信息与隐私权益受到侵害"}),
        "country", Map.of("cn", new String[] {"China", "中华人民共和国"}));
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("month"), "topic", List.of("military"), "sector", List.of("health"),
        "harm_type", List.of("privacy"), "country", List.of("cn"), "risk_domain", List.of("4. Malicious Actors & Misuse")));
    String filter = TrendChart.filterText(q, true, labels);
    int width = 420;
    assertTrue(ChartText.width(filter, 12) > 2 * width, "the test's line is long: " + filter);
    String svg = TrendChart.svg(new Trends.Result("month", MONTHS, s, List.of(new Trends.Series("all", s, null)), 0), List.of(), q, true, width, 420, labels);
    checkTexts(svg, width, null);
    List<String> lines = new java.util.ArrayList<>();
    List<Double> ys = new java.util.ArrayList<>();
    StringBuilder joined = new StringBuilder();
    for (SvgTexts.Text x : SvgTexts.of(svg)) {
      if (x.size() != 12) continue;
      String t = x.text();
      if (!filter.replace(" ", "").contains(t.replace(" ", ""))) {
        if (lines.isEmpty()) continue;
        break; // the subtitle's lines follow one another below the title; the plot's texts come after
      }
      assertTrue(x.centred(), "a subtitle line is centred by the reader's browser: " + t);
      assertTrue(x.left() >= 0 && x.left() + ChartText.width(t, 12) <= width, "'" + t + "' at " + x.left() + " runs off " + width);
      lines.add(t);
      ys.add(x.y());
      joined.append(t);
    }
    assertTrue(lines.size() >= 3, "several lines: " + lines);
    assertEquals(filter.replace(" ", ""), joined.toString().replace(" ", ""), "the whole filter line, in order");
    for (int i = 1; i < ys.size(); i++) assertTrue(ys.get(i) >= ys.get(i - 1) + 12, "each line below the one before: " + ys);
  }

  /** The texts' boxes {x, baseline y, width, size}: all inside the width, those below the titles pairwise apart; the note whole. */
  private static List<double[]> checkTexts(String svg, int width, String note) throws Exception {
    IncidentsRoutesTest.wellFormed(svg);
    List<double[]> boxes = new java.util.ArrayList<>();
    List<String> texts = new java.util.ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (SvgTexts.Text t : SvgTexts.of(svg)) {
      String text = t.text();
      double x = t.left(), y = t.y(), size = t.size(), w = TrendChart.textWidth(text, size);
      assertTrue(x >= 0 && x + w <= width, "'" + text + "' at " + x + ", " + w + " wide, outside " + width);
      all.append(text).append('|');
      if (y > 40) { // the title and subtitles, alone on their lines, are above
        boxes.add(new double[] {x, y, w, size});
        texts.add(text);
      }
    }
    for (int i = 0; i < boxes.size(); i++) for (int j = i + 1; j < boxes.size(); j++) {
      double[] a = boxes.get(i), b = boxes.get(j);
      boolean apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] <= b[1] - b[3] || b[1] <= a[1] - a[3];
      assertTrue(apart, "'" + texts.get(i) + "' overlaps '" + texts.get(j) + "'");
    }
    if (note != null) assertTrue(all.toString().replace("|", "").contains(note), "the note whole: " + all);
    return boxes;
  }


  /** Periods before the first ingested incident are no baseline: the data's first month is not a spike against 0. */
  @Test
  void periodsBeforeTheDataAreNoBaseline() {
    List<String> months = new java.util.ArrayList<>();
    for (int m = 1; m <= 12; m++) months.add(String.format("2022-%02d", m));
    months.addAll(MONTHS);
    long[] counts = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 10, 11, 9, 10, 11, 40, 10};
    List<String> found = Spikes.detect(months, counts, counts, "", "", "month", new Spikes.Options()).stream().map(Spikes.Spike::period).toList();
    assertEquals(List.of("2024-07"), found, "only the real spike");
    // a topic quiet while the store was not: that quiet is a baseline
    long[] totals = counts.clone();
    java.util.Arrays.fill(totals, 0, 12, 20);
    long[] topic = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(List.of("2024-01"), Spikes.detect(months, topic, totals, "topic=x", "", "month", new Spikes.Options()).stream().map(Spikes.Spike::period).toList());
    assertEquals("异常峰值（泊松检验，α = 0.01，基线为前 12 个月，同预警默认设置）", TrendChart.spikeLegend(new Spikes.Options(), true, "month"));
  }
}
