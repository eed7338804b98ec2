package org.aigov.observatory.incidents;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.time.Day;
import org.jfree.data.time.Month;
import org.jfree.data.time.RegularTimePeriod;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.time.Year;
import org.aigov.observatory.kernel.ChartText;
import org.jfree.svg.SVGGraphics2D;

/**
 * A trend series as an SVG line chart (JFreeChart drawn by JFreeSVG): counts, or shares of all incidents when
 * standardized, with the detected spikes marked. SVG rather than PNG so that Chinese labels render with the
 * reader's fonts, not whatever fonts the server has.
 */
final class TrendChart {
  /** More split series than this are left to the CSV: a chart of 30 lines is not read. */
  static final int MAX_SERIES = 8;

  /**
   * Okabe and Ito's colours, which readers with colour-vision deficiencies can tell apart (JFreeChart's default puts a
   * yellow and a cyan line on white); the spike marks keep their own red.
   */
  static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0xE69F00),
      new Color(0x56B4E9), new Color(0x000000), new Color(0x999999)};

  private TrendChart() {}

  private static Double pct(double share) {
    return Double.isNaN(share) ? null : 100 * share;
  }

  /** A share is drawn for a period of at least this many incidents in all; the data (JSON, CSV) keep every period's. */
  static final int MIN_SHARE_TOTAL = 10;

  private static Double drawnShare(Trends.Result r, Trends.Series x, int p) {
    return r.total()[p] < MIN_SHARE_TOTAL ? null : pct(x.share()[p]);
  }

  static String svg(Trends.Result r, List<Spikes.Spike> spikes, Trends.Query q, boolean zh, int width, int height) {
    return svg(r, spikes, q, zh, width, height, Map.of());
  }

  /**
   * {@code labels}: facet → value → {English name, Chinese name}, for the legend and the filter line (topics by their
   * names, countries by the registry's, sectors and harm types by the glossary); a value without one shows as stored.
   */
  static String svg(Trends.Result r, List<Spikes.Spike> spikes, Trends.Query q, boolean zh, int width, int height, Map<String, Map<String, String[]>> labels) {
    return svg(r, spikes, q, zh, width, height, labels, new Spikes.Options());
  }

  /** {@code o}: the test the spikes were found with, named in the legend. */
  static String svg(Trends.Result r, List<Spikes.Spike> spikes, Trends.Query q, boolean zh, int width, int height, Map<String, Map<String, String[]>> labels,
      Spikes.Options o) {
    boolean share = q.standardize;
    TimeSeriesCollection ds = new TimeSeriesCollection();
    // a series that counts nothing (a new topic, a narrow filter) gets a message, not a flat line on a -50..50 axis
    int n = r.series().stream().limit(MAX_SERIES).anyMatch(x -> java.util.Arrays.stream(x.counts()).anyMatch(c -> c > 0)) ? Math.min(MAX_SERIES, r.series().size()) : 0;
    int after = r.firstPeriodAfterLatest();
    boolean[] gap = r.gaps();
    for (int s = 0; s < n; s++) {
      Trends.Series x = r.series().get(s);
      TimeSeries ts = new TimeSeries(seriesLabel(q, x, zh, labels));
      // periods after the newest incident are left out (the data still has their zeros): a line falling to 0 there would
      // read as incidents stopping, when nothing newer was ingested
      for (int p = 0; p < Math.max(after, 1) && p < r.periods().size(); p++) {
        // an undefined share (no incidents in the period) is a gap in the line, and so is one of too few incidents to
        // say anything (1983's one incident was 100 % military and flattened forty years of 1–5 % below it)
        // a period with nothing recorded at all inside the data is a gap in the ingest, not a fall to 0: a break in the line
        ts.addOrUpdate(period(r.periods().get(p), r.granularity()), gap[p] ? null : share ? (Number) drawnShare(r, x, p) : (Number) x.counts()[p]);
      }
      ds.addSeries(ts);
    }
    List<String> names = new java.util.ArrayList<>();
    for (int s = 0; s < n; s++) names.add((String) ds.getSeries(s).getKey());
    if (n > 0 && !spikes.isEmpty()) {
      Trends.Series first = r.series().get(0);
      // the share of all incidents is 1 in every period, so their series is tested by its count: the legend says so
      boolean countedNotShared = "share".equals(Spikes.method(o.method)) && !"share".equals(spikes.get(0).method());
      TimeSeries marks = new TimeSeries(spikeLegend(countedNotShared ? o.withMethod("poisson") : o, zh, r.granularity()));
      for (Spikes.Spike sp : spikes) {
        int p = r.periods().indexOf(sp.period());
        if (p >= 0) marks.addOrUpdate(period(sp.period(), r.granularity()), share ? (Number) drawnShare(r, first, p) : (Number) first.counts()[p]);
      }
      ds.addSeries(marks);
    }
    // no axis labels: JFreeSVG draws rotated text as glyph outlines in the server's fonts; the title says what is counted
    // the legend is laid out below, not by JFreeChart: it measures with the server's fonts, and a server without a CJK font
    // measures Chinese wrong, so entries overprinted each other
    JFreeChart ch = ChartFactory.createTimeSeriesChart(title(q, zh, labels), null, null, ds, false, false, false);
    if (!q.filters.isEmpty()) ch.addSubtitle(new TextTitle(filterText(q, zh, labels), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    if (share && n > 0 && java.util.Arrays.stream(r.total()).anyMatch(t -> t > 0 && t < MIN_SHARE_TOTAL)) {
      ch.addSubtitle(new TextTitle(zh ? "事件总数少于 " + MIN_SHARE_TOTAL + " 起的时段不绘制占比" : "shares of periods with fewer than " + MIN_SHARE_TOTAL
          + " incidents in all are not drawn", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    }
    ch.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    ch.setBackgroundPaint(Color.WHITE);
    // room on the right for the last tick's label, centred on the plot's edge
    ch.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 8, 4, 24));
    XYPlot plot = ch.getXYPlot();
    plot.setNoDataMessage(zh ? "该序列暂无事件" : "No incidents in this series yet");
    plot.setNoDataMessageFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    org.jfree.chart.axis.NumberAxis range = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
    range.setRangeType(org.jfree.data.RangeType.POSITIVE); // counts and shares are never negative
    range.setAutoRangeIncludesZero(true); // a window starting at the data has no zeros to pull the axis down to 0
    if (!share) range.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits()); // no "0.5 incidents"
    dateAxis(plot, ds, r.granularity());
    if (n == 0) { // only the message: an empty axis would show a lone "00:00:00.000" and 0.0–1.0
      plot.getDomainAxis().setVisible(false);
      range.setVisible(false);
    }
    if (n > 0 && after > 0 && after < r.periods().size()) {
      // the zeros after the newest incident mean that nothing newer was ingested: greyed and said, not read as a fall
      org.jfree.chart.plot.IntervalMarker m = new org.jfree.chart.plot.IntervalMarker(
          period(r.periods().get(after), r.granularity()).getFirstMillisecond(),
          period(r.periods().get(r.periods().size() - 1), r.granularity()).getLastMillisecond(), new Color(0xeeeeee));
      // its note is drawn under the plot, wrapped to fit (JFreeChart's marker label was clipped to the band)
      plot.addDomainMarker(m, org.jfree.chart.ui.Layer.BACKGROUND);
      // the axis still runs to the range asked for, though the line stops
      ((org.jfree.chart.axis.DateAxis) plot.getDomainAxis()).setMaximumDate(new java.util.Date((long) m.getEndValue()));
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer ren = new XYLineAndShapeRenderer(true, false);
    // between gaps a period may stand alone, and a line of one point draws nothing: such charts show their points too
    boolean gaps = n > 0 && java.util.stream.IntStream.range(0, gap.length).anyMatch(p -> gap[p]);
    for (int s = 0; s < n; s++) {
      ren.setSeriesStroke(s, new BasicStroke(1.8f));
      ren.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
      if (gaps) {
        ren.setSeriesShapesVisible(s, true);
        ren.setSeriesShape(s, new Ellipse2D.Double(-2, -2, 4, 4));
      }
    }
    if (ds.getSeriesCount() > n) {
      ren.setSeriesLinesVisible(n, false);
      ren.setSeriesShapesVisible(n, true);
      ren.setSeriesShape(n, new Ellipse2D.Double(-5, -5, 10, 10));
      ren.setSeriesPaint(n, new Color(0xc0392b));
    }
    plot.setRenderer(ren);
    List<LegendItem> items = new java.util.ArrayList<>();
    for (int s = 0; s < names.size(); s++) items.add(new LegendItem(names.get(s), PALETTE[s % PALETTE.length], false));
    if (ds.getSeriesCount() > n) items.add(new LegendItem((String) ds.getSeries(n).getKey(), new Color(0xc0392b), true));
    List<List<Placed>> rows = layoutLegend(items, width);
    int legendHeight = rows.isEmpty() ? 0 : rows.size() * LEGEND_ROW + 8;
    // the grey band's note goes under the plot: drawn on it, it covered the newest months' line on a phone-width chart
    List<String> note = n > 0 && after > 0 && after < r.periods().size()
        ? ChartText.wrap(zh ? r.latestText() + " 之后无已导入事件" : "no incidents ingested after " + r.latestText(), NOTE_FONT, width - 2 * MARGIN) : List.of();
    int noteHeight = note.isEmpty() ? 0 : note.size() * (NOTE_FONT + 3) + 4;
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
    // the title and subtitles are wrapped by the same estimate as the legend: a long Chinese filter line overprinted or ran off
    ChartText.draw(ch, g, new Rectangle(0, 0, width, height - legendHeight - noteHeight), info);
    if (!note.isEmpty()) drawNote(g, note, height - legendHeight - noteHeight, info.getPlotInfo().getDataArea().getMaxX(), width);
    drawLegend(g, rows, height - legendHeight + 4);
    // JFreeSVG escapes markup but keeps control characters, and one in a topic's or a facet value's name would make the
    // chart unreadable for everyone who draws that series
    return org.aigov.observatory.kernel.Xml.clean(g.getSVGDocument());
  }

  static final int LEGEND_FONT = 12, LEGEND_ROW = 18, SWATCH = 18, ITEM_GAP = 16, MARGIN = 8;

  record LegendItem(String text, Color colour, boolean dot) {}

  record Placed(LegendItem item, String text, double x, double width) {}

  /** Widths by {@link ChartText}'s estimate, which does not depend on the server's fonts. */
  static double textWidth(String s, double size) {
    return ChartText.width(s, size);
  }

  /** Legend entries in rows, each row centred; an entry wider than the chart is shortened with an ellipsis. */
  static List<List<Placed>> layoutLegend(List<LegendItem> items, int width) {
    List<List<Placed>> rows = new java.util.ArrayList<>();
    double max = width - 2 * MARGIN - SWATCH;
    List<Placed> row = new java.util.ArrayList<>();
    double x = 0;
    for (LegendItem it : items) {
      String text = ChartText.fit(it.text(), LEGEND_FONT, max);
      double w = SWATCH + textWidth(text, LEGEND_FONT);
      if (!row.isEmpty() && x + ITEM_GAP + w > width - 2 * MARGIN) {
        rows.add(row);
        row = new java.util.ArrayList<>();
        x = 0;
      }
      if (!row.isEmpty()) x += ITEM_GAP;
      row.add(new Placed(it, text, x, w));
      x += w;
    }
    if (!row.isEmpty()) rows.add(row);
    List<List<Placed>> centred = new java.util.ArrayList<>();
    for (List<Placed> rw : rows) {
      Placed last = rw.get(rw.size() - 1);
      double shift = MARGIN + Math.max(0, (width - 2 * MARGIN - (last.x() + last.width())) / 2);
      centred.add(rw.stream().map(p -> new Placed(p.item(), p.text(), p.x() + shift, p.width())).toList());
    }
    return centred;
  }

  private static void drawLegend(SVGGraphics2D g, List<List<Placed>> rows, int top) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, LEGEND_FONT));
    for (int r = 0; r < rows.size(); r++) {
      double mid = top + r * LEGEND_ROW + LEGEND_ROW / 2.0;
      for (Placed p : rows.get(r)) {
        g.setPaint(p.item().colour());
        if (p.item().dot()) g.fill(new Ellipse2D.Double(p.x() + 3, mid - 5, 10, 10));
        else {
          g.setStroke(new BasicStroke(2.5f));
          g.draw(new java.awt.geom.Line2D.Double(p.x(), mid, p.x() + SWATCH - 4, mid));
        }
        g.setPaint(new Color(0x333333));
        g.drawString(p.text(), (float) (p.x() + SWATCH), (float) (mid + LEGEND_FONT * 0.35));
      }
    }
  }

  static final int NOTE_FONT = 11;

  /** The grey band's note under the plot, its lines right-aligned with the plot's right edge (the band's end). */
  private static void drawNote(SVGGraphics2D g, List<String> lines, double top, double plotRight, int width) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, NOTE_FONT));
    g.setPaint(new Color(0x555555));
    double right = Math.min(plotRight, width - MARGIN), y = top;
    for (String l : lines) {
      y += NOTE_FONT + 3;
      // the browser aligns its end with its own font (the estimate is wide); a line the estimate fits ends inside the chart
      g.setRenderingHint(org.jfree.svg.SVGHints.KEY_BEGIN_GROUP, Map.of("text-anchor", "end"));
      g.drawString(l, (float) Math.max(MARGIN + textWidth(l, NOTE_FONT), right), (float) y);
      g.setRenderingHint(org.jfree.svg.SVGHints.KEY_END_GROUP, "");
    }
  }

  /** The spikes' legend entry names the test and its settings, the monitor's defaults the alerts are scanned with. */
  static String spikeLegend(Spikes.Options o, boolean zh, String granularity) {
    String m = Spikes.method(o.method);
    String test = switch (m) {
      case "negbin" -> zh ? "负二项检验" : "negative binomial";
      case "cusum" -> "CUSUM";
      case "share" -> zh ? "占比二项检验" : "share, binomial";
      default -> zh ? "泊松检验" : "Poisson";
    };
    String a = m.equals("cusum") ? "h = " + o.cusumH : "α = " + o.alpha;
    String unit = switch (granularity) {
      case "day" -> zh ? "天" : "days";
      case "week" -> zh ? "周" : "weeks";
      case "year" -> zh ? "年" : "years";
      default -> zh ? "个月" : "months";
    };
    // the alerts are scanned with the defaults unless the monitor was started with others: said only when it holds
    Spikes.Options d = new Spikes.Options();
    boolean asAlerts = (m.equals(d.method) || m.equals("share")) && o.alpha == d.alpha && o.window == d.window;
    return zh ? "异常峰值（" + test + "，" + a + "，基线为前 " + o.window + " " + unit + (asAlerts ? "，同预警默认设置" : "") + "）"
        : "Spikes (" + test + ", " + a + ", baseline: previous " + o.window + " " + unit + (asAlerts ? ", the alerts' default" : "") + ")";
  }

  /**
   * Ticks in ISO form (2023, 2023-04, 2023-04-17), which read the same in both languages: the automatic ones are
   * English ("Apr-2023") and, for a few years' span of a yearly series, months. A yearly series has year ticks only,
   * its points at the start of their year, on the tick.
   */
  private static void dateAxis(XYPlot plot, TimeSeriesCollection ds, String granularity) {
    org.jfree.chart.axis.TickUnits units = new org.jfree.chart.axis.TickUnits();
    boolean yearly = "year".equals(granularity);
    if (yearly) ds.setXPosition(org.jfree.data.time.TimePeriodAnchor.START);
    else {
      java.text.SimpleDateFormat day = new java.text.SimpleDateFormat("yyyy-MM-dd", java.util.Locale.ROOT);
      java.text.SimpleDateFormat month = new java.text.SimpleDateFormat("yyyy-MM", java.util.Locale.ROOT);
      for (int n : new int[] {1, 2, 7, 14}) units.add(new org.jfree.chart.axis.DateTickUnit(org.jfree.chart.axis.DateTickUnitType.DAY, n, day));
      for (int n : new int[] {1, 2, 3, 6}) units.add(new org.jfree.chart.axis.DateTickUnit(org.jfree.chart.axis.DateTickUnitType.MONTH, n, month));
    }
    java.text.SimpleDateFormat year = new java.text.SimpleDateFormat("yyyy", java.util.Locale.ROOT);
    for (int n : new int[] {1, 2, 5, 10, 20, 50, 100}) units.add(new org.jfree.chart.axis.DateTickUnit(org.jfree.chart.axis.DateTickUnitType.YEAR, n, year));
    ((org.jfree.chart.axis.DateAxis) plot.getDomainAxis()).setStandardTickUnits(units);
  }

  static RegularTimePeriod period(String label, String granularity) {
    return switch (granularity) {
      case "day" -> new Day(java.sql.Date.valueOf(LocalDate.parse(label)));
      case "week" -> new Day(java.sql.Date.valueOf(LocalDate.parse(label + "-1", DateTimeFormatter.ISO_WEEK_DATE)));
      case "month" -> new Month(Integer.parseInt(label.substring(5)), Integer.parseInt(label.substring(0, 4)));
      default -> new Year(Integer.parseInt(label));
    };
  }

  /**
   * A share chart names what it is the share of: "Military AI incidents as % of all incidents (per month)", "军事人工智能事件占全部事件的百分比（每月）"
   * (one filter by its value's name, several as "filtered incidents", which the filter line under the title spells out).
   */
  static String title(Trends.Query q, boolean zh, Map<String, Map<String, String[]>> labels) {
    String unit = switch (q.granularity) {
      case "day" -> zh ? "每日" : "per day";
      case "week" -> zh ? "每周" : "per week";
      case "month" -> zh ? "每月" : "per month";
      default -> zh ? "每年" : "per year";
    };
    if (q.standardize) {
      String what;
      if (q.filters.size() == 1) {
        var f = q.filters.entrySet().iterator().next();
        String v = "country".equals(f.getKey()) && !labels.getOrDefault("country", Map.of()).containsKey(f.getValue())
            ? f.getValue().toUpperCase(java.util.Locale.ROOT) : f.getValue();
        what = valueName(f.getKey(), v, zh, labels);
      } else if (q.filters.isEmpty() && q.split != null) { // each line's share: "Each risk layer's share of all incidents"
        String[] by = FACET_NAMES.getOrDefault(q.split, new String[] {q.split, q.split});
        return zh ? "各" + by[1] + "事件占全部事件的百分比（" + unit + "）" : "Each " + by[0].toLowerCase(java.util.Locale.ROOT) + "'s incidents as % of all incidents (" + unit + ")";
      } else {
        what = zh ? "筛选出的" : "Filtered";
      }
      return zh ? what + "事件占全部事件的百分比（" + unit + "）" : what + " incidents as % of all incidents (" + unit + ")";
    }
    return zh ? unit + "事件数" : "Incidents " + unit;
  }

  private static final String[] DOMAIN_ZH = {"", "歧视与有害内容", "隐私与安全", "虚假信息", "恶意行为者与滥用", "人机交互", "社会经济与环境",
      "人工智能系统的安全、故障与局限"};
  private static final Map<String, String[]> LAYERS = Map.of("intrinsic-safety", new String[] {"Intrinsic safety", "内生安全"},
      "application-security", new String[] {"Application security", "应用安全"}, "national-security", new String[] {"National security", "国家安全"},
      "geopolitical", new String[] {"Geopolitical", "地缘政治"});

  /** The monitors by name, as the page names them (incidents.js SOURCES). */
  private static final Map<String, String[]> SOURCES = Map.of("aiaaic", new String[] {"AIAAIC", "AIAAIC"}, "aiid",
      new String[] {"AI Incident Database", "AI 事件数据库"}, "aiid-report", new String[] {"AI Incident Database (report)", "AI 事件数据库（报告）"},
      "feed", new String[] {"News feeds", "新闻订阅源"}, "public", new String[] {"Public reports", "公众报告"}, "api", new String[] {"API", "接口提交"},
      "jsonl", new String[] {"JSON lines import", "JSON Lines 导入"});

  /** A line's legend name: MIT domains, the seed's risk layers and the monitors in the chart's language, other values as stored. */
  /** A series as the legend names it: the filters when nothing is split, else the split value by name. */
  static String seriesLabel(Trends.Query q, Trends.Series x, boolean zh, Map<String, Map<String, String[]>> labels) {
    if (q.split == null && q.filters.isEmpty()) return zh ? "全部事件" : "All incidents"; // the CSV's column stays "all"
    return q.split == null ? filterList(q, zh, labels) : valueName(q.split, x.key(), zh, labels);
  }

  static String seriesName(String key, boolean zh) {
    if ("all".equals(key)) return zh ? "全部" : "all";
    if (SOURCES.containsKey(key)) return SOURCES.get(key)[zh ? 1 : 0];
    if (LAYERS.containsKey(key)) return LAYERS.get(key)[zh ? 1 : 0];
    if (zh && key.matches("[1-7]\\. .*")) return key.charAt(0) + ". " + DOMAIN_ZH[key.charAt(0) - '0'];
    return key;
  }

  private static final Map<String, String[]> FACET_NAMES = Map.of("country", new String[] {"Country", "国家"}, "risk_domain",
      new String[] {"Risk domain", "风险领域"}, "risk_layer", new String[] {"Risk layer", "风险层次"}, "topic", new String[] {"Topic", "主题"},
      "source", new String[] {"Source", "来源"}, "sector", new String[] {"Sector", "行业"}, "harm_type", new String[] {"Harm type", "危害类型"});

  /** A value's name in the chart's language: from {@code labels}, else a domain's or layer's, else as stored (a deleted topic: its id). */
  static String valueName(String facet, String value, boolean zh, Map<String, Map<String, String[]>> labels) {
    String[] n = facet == null ? null : labels.getOrDefault(facet, Map.of()).get(value);
    if (n == null) return seriesName(value, zh);
    // a label without a Chinese name is named as a domain or a layer is ("2" stands for "2. Privacy & Security": its
    // Chinese name, where the Chinese chart, spikes and alert feed showed the English one; outside QA)
    if (zh) return n[1] != null && !n[1].isBlank() ? n[1] : seriesName(n[0], true);
    return n[0];
  }

  /**
   * "Filter: Country = US; Risk domain = 4. Malicious Actors & Misuse", or in Chinese "筛选：国家 = US；风险领域 = 4. 恶意行为者与滥用"
   * (not "Filter: Topic: Military AI", two colons in a row).
   */
  static String filterText(Trends.Query q, boolean zh, Map<String, Map<String, String[]>> labels) {
    return (zh ? "筛选：" : "Filter: ") + filterList(q, zh, labels, " = ");
  }

  /** "Country: US; Topic: Military AI", or "国家：美国；主题：军事人工智能": the filters by name, a country without one by its code. */
  static String filterList(Trends.Query q, boolean zh, Map<String, Map<String, String[]>> labels) {
    return filterList(q, zh, labels, zh ? "：" : ": ");
  }

  private static String filterList(Trends.Query q, boolean zh, Map<String, Map<String, String[]>> labels, String is) {
    java.util.StringJoiner j = new java.util.StringJoiner(zh ? "；" : "; ");
    q.filters.forEach((k, v) -> {
      String[] f = FACET_NAMES.get(k);
      String value = valueName(k, "country".equals(k) && !labels.getOrDefault(k, Map.of()).containsKey(v) ? v.toUpperCase(java.util.Locale.ROOT) : v, zh, labels);
      j.add((f == null ? k : f[zh ? 1 : 0]) + is + value);
    });
    return j.toString();
  }

}
