package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text elements of a JFreeSVG chart in document order, each with its left edge as the estimate places it. */
public final class SvgTexts {
  private SvgTexts() {}

  /** One drawn line; {@code centred} when its group anchors it at the middle (ChartText's titles), so x is its centre. */
  public record Text(String text, double x, double y, double size, boolean centred) {
    /** The left edge of the estimated box: a centred line spreads half its width either side of x. */
    public double left() {
      return centred ? x - ChartText.width(text, size) / 2 : x;
    }
  }

  private static final Pattern TEXT = Pattern.compile("(<g text-anchor='middle'><g[^>]*>)?<text ([^>]*)>([^<]*)</text>");
  private static final Pattern SIZE = Pattern.compile("font-size: ?([\\d.]+)px");

  public static List<Text> of(String svg) {
    List<Text> out = new ArrayList<>();
    Matcher m = TEXT.matcher(svg);
    while (m.find()) {
      String attrs = m.group(2);
      Matcher fs = SIZE.matcher(attrs);
      if (!fs.find()) throw new AssertionError("no font size in " + attrs);
      out.add(new Text(m.group(3).replace("&amp;", "&"), attr(attrs, "x"), attr(attrs, "y"), Double.parseDouble(fs.group(1)), m.group(1) != null));
    }
    return out;
  }

  static double attr(String attrs, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=['\"]([-\\d.]+)['\"]").matcher(attrs);
    if (!m.find()) throw new AssertionError(name + " in " + attrs);
    return Double.parseDouble(m.group(1));
  }
}
