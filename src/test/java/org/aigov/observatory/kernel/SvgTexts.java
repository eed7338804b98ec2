package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text elements of a JFreeSVG chart in document order, each with its left edge as the estimate places it. */
public final class SvgTexts {
  private SvgTexts() {}

  /** One drawn line and its anchor: "start" (x is its left edge), "middle" (ChartText's titles) or "end" (x is its right edge). */
  public record Text(String text, double x, double y, double size, String anchor) {
    public boolean centred() {
      return anchor.equals("middle");
    }

    /** The left edge of the estimated box. */
    public double left() {
      double w = ChartText.width(text, size);
      return switch (anchor) {
        case "middle" -> x - w / 2;
        case "end" -> x - w;
        default -> x;
      };
    }
  }

  private static final Pattern TEXT = Pattern.compile("(?:<g text-anchor='(middle|end)'><g[^>]*>)?<text ([^>]*)>([^<]*)</text>");
  private static final Pattern SIZE = Pattern.compile("font-size: ?([\\d.]+)px");

  public static List<Text> of(String svg) {
    List<Text> out = new ArrayList<>();
    Matcher m = TEXT.matcher(svg);
    while (m.find()) {
      String attrs = m.group(2);
      Matcher fs = SIZE.matcher(attrs);
      if (!fs.find()) throw new AssertionError("no font size in " + attrs);
      out.add(new Text(m.group(3).replace("&amp;", "&"), attr(attrs, "x"), attr(attrs, "y"), Double.parseDouble(fs.group(1)), m.group(1) == null ? "start" : m.group(1)));
    }
    return out;
  }

  static double attr(String attrs, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=['\"]([-\\d.]+)['\"]").matcher(attrs);
    if (!m.find()) throw new AssertionError(name + " in " + attrs);
    return Double.parseDouble(m.group(1));
  }
}
