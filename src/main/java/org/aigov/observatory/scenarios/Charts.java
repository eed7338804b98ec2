package org.aigov.observatory.scenarios;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.ChartText;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Server-side charts (JFreeChart) as PNG or SVG. */
public final class Charts {
  private Charts() {}

  /**
   * Line chart of the given variables over time, one series per (run, variable). A NaN or infinite value is a gap in its
   * line (JFreeChart's axis refused it: "Must be finite", a 500); a variable with no finite value at all in any run is
   * refused on {@code field}, as there is nothing to draw.
   */
  public static JFreeChart timeSeries(String title, Map<String, Result> runs, List<String> variables, String field) {
    return timeSeries(title, runs, variables, field, Labels.ENGLISH);
  }

  /** The words a chart shows for a run's key, a variable and the time axis (the model's own names in English). */
  public record Labels(java.util.function.UnaryOperator<String> scenario, java.util.function.UnaryOperator<String> variable, String time) {
    public static final Labels ENGLISH = new Labels(k -> k, v -> v, "Time");
  }

  public static JFreeChart timeSeries(String title, Map<String, Result> runs, List<String> variables, String field, Labels labels) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (String v : variables) {
      boolean any = false;
      for (Result r : runs.values()) for (double[] row : r.data()) any |= Double.isFinite(row[r.column(v)]);
      requireSomething(any, field, v);
    }
    for (Map.Entry<String, Result> e : runs.entrySet()) {
      for (String v : variables) {
        Result r = e.getValue();
        int c = r.column(v);
        XYSeries s = new XYSeries((runs.size() > 1 ? labels.scenario().apply(e.getKey()) + ": " : "") + labels.variable().apply(r.names()[c]), false, true);
        for (int i = 0; i < r.times().length; i++) s.add(r.times()[i], finite(r.data()[i][c]));
        ds.addSeries(s);
      }
    }
    JFreeChart ch = ChartFactory.createXYLineChart(title, labels.time(), String.join(", ", variables.stream().map(labels.variable()).toList()), ds,
        PlotOrientation.VERTICAL, true, false, false);
    ch.setBackgroundPaint(Color.WHITE);
    return ch;
  }

  /** The Monte Carlo envelope of one output; refused on {@code field} when no run gave it a finite value (an empty chart). */
  public static JFreeChart envelope(String title, String variable, Experiments.MonteCarlo mc, String field) {
    XYSeriesCollection ds = new XYSeriesCollection();
    String[] labels = {"p05", "median", "p95", "mean"};
    double[][] ys = {mc.p05(), mc.p50(), mc.p95(), mc.mean()};
    // sorted, NaN goes last: p05 of a time point is finite when any run's value there is
    requireSomething(Arrays.stream(ys).flatMapToDouble(Arrays::stream).anyMatch(Double::isFinite), field, variable);
    for (int k = 0; k < labels.length; k++) {
      XYSeries s = new XYSeries(variable + " " + labels[k], false, true);
      for (int i = 0; i < mc.times().length; i++) s.add(mc.times()[i], finite(ys[k][i]));
      ds.addSeries(s);
    }
    JFreeChart ch = ChartFactory.createXYLineChart(title, "Time", variable, ds, PlotOrientation.VERTICAL, true, false, false);
    ch.setBackgroundPaint(Color.WHITE);
    return ch;
  }

  private static void requireSomething(boolean anyFinite, String field, String variable) {
    if (!anyFinite) throw ApiException.unprocessable(field, "'" + variable + "' has no finite value to chart (NaN or infinite throughout)");
  }

  /** A value to plot, or null (a gap) when it is NaN or infinite. */
  private static Double finite(double y) {
    return Double.isFinite(y) ? y : null;
  }

  /** Tornado-style bar chart of a sensitivity ranking. */
  public static JFreeChart ranking(String title, List<Experiments.Influence> rank) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (Experiments.Influence i : rank) if (i.score() != null) ds.addValue(i.score(), "influence", i.param()); // undefined: no bar
    JFreeChart ch = ChartFactory.createBarChart(title, "parameter", "influence", ds, PlotOrientation.HORIZONTAL, false, false, false);
    ch.setBackgroundPaint(Color.WHITE);
    return ch;
  }

  // titles (a model's name, often Chinese) are wrapped by ChartText's estimate: JFreeChart measures with the server's
  // fonts, which usually have no CJK, and a long Chinese name ran off the chart
  public static byte[] png(JFreeChart ch, int w, int h) {
    return ChartText.png(ch, w, h);
  }

  public static String svg(JFreeChart ch, int w, int h) {
    SVGGraphics2D g = new SVGGraphics2D(w, h);
    ChartText.draw(ch, g, new Rectangle(0, 0, w, h), null);
    return org.aigov.observatory.kernel.Xml.clean(g.getSVGDocument()); // JFreeSVG passes control characters in titles on
  }
}
