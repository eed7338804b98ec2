package org.aigov.observatory.kernel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Chart text laid out by an estimate instead of the server's fonts. The server usually has no CJK font, and JFreeChart
 * measures Chinese with whatever it has: a long title wrapped (or centred) by it can overprint or run off the chart.
 * Here a CJK or other full-width character is a full em and other characters a conservative share of one, so a line
 * laid out with it is never wider than the text a reader's browser draws.
 */
public final class ChartText {
  private ChartText() {}

  /** Space kept free on either side of a wrapped title line. */
  public static final int MARGIN = 8;

  /** Text's width in pixels at {@code size}, whatever fonts the server has. */
  public static double width(String s, double size) {
    double w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      w += size * em(cp);
    }
    return w;
  }

  private static double em(int cp) {
    if (wide(cp)) return 1.0;
    if (" .,:;'|!il[]()-".indexOf(cp) >= 0) return 0.4;
    if (Character.isDigit(cp)) return 0.64; // DejaVu's digits are 0.636 em
    if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W' || cp == '%' || cp == '@') return 1.0;
    if (Character.isUpperCase(cp) || cp == '&') return 0.78;
    return 0.66;
  }

  /** East Asian wide and full-width characters (Unicode's EastAsianWidth W and F, in broad ranges). */
  public static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF)
        || (cp >= 0x20000 && cp <= 0x3FFFD) || cp == 0x2026 || cp == 0x2014;
  }

  /** {@code s} cut to fit {@code max} pixels, with an ellipsis when cut. */
  public static String fit(String s, double size, double max) {
    if (width(s, size) <= max) return s;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (width(b + new String(Character.toChars(cp)) + "…", size) > max) break;
      b.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return b.toString().strip() + "…";
  }

  /** Lines of at most {@code max} pixels, broken at a space where there is one, else between characters; a newline always breaks. */
  public static List<String> wrap(String s, double size, double max) {
    List<String> out = new ArrayList<>();
    for (String part : s.split("\n")) {
      String rest = part.strip();
      while (!rest.isEmpty()) {
        if (width(rest, size) <= max) {
          out.add(rest);
          break;
        }
        int cut = 0, space = -1;
        for (int i = 0; i < rest.length(); i = rest.offsetByCodePoints(i, 1)) {
          int next = rest.offsetByCodePoints(i, 1);
          if (width(rest.substring(0, next), size) > max) break;
          cut = next;
          if (rest.charAt(i) == ' ') space = i;
        }
        if (cut == 0) cut = rest.offsetByCodePoints(0, 1); // one character wider than the line: it goes alone
        int end = space > 0 && cut < rest.length() ? space : cut < rest.length() ? between(rest, cut) : cut;
        out.add(rest.substring(0, end).strip());
        rest = rest.substring(end).strip();
      }
    }
    return out;
  }

  private static final String OPENING = "（([【「『〔《〈“‘", CLOSING_BRACKETS = "）)]】」』〕》〉”’", CLOSING = CLOSING_BRACKETS + "、。，．,.!?！？；;：:%";

  /**
   * Where to break a line with no space near its end: at {@code cut}, or up to eight characters before it so that no line
   * starts with closing punctuation, ends with an opening one, or splits a short bracketed group ("每月事件数（每周）" had
   * left "周）" alone on a phone-width chart).
   */
  static int between(String s, int cut) {
    for (int e = cut, back = 0; e > 0 && back <= 8; e = s.offsetByCodePoints(e, -1), back++)
      if (breakable(s, e)) return e;
    return cut;
  }

  private static boolean breakable(String s, int e) {
    if (CLOSING.indexOf(s.codePointAt(e)) >= 0 || OPENING.indexOf(s.codePointBefore(e)) >= 0) return false;
    int open = -1;
    for (int i = e - 1; i >= 0 && i >= e - 8; i--) {
      char ch = s.charAt(i);
      if (CLOSING_BRACKETS.indexOf(ch) >= 0) break; // a group closed before the break: not inside one
      if (OPENING.indexOf(ch) >= 0) {
        open = i;
        break;
      }
    }
    if (open < 0) return true;
    for (int i = e; i < s.length() && i <= open + 10; i++) if (CLOSING_BRACKETS.indexOf(s.charAt(i)) >= 0) return false; // inside a short group
    return true;
  }

  /**
   * Draws {@code ch} into {@code area} with its title and text subtitles (not the legend) wrapped and centred by the
   * estimate above, stacked at the top; the plot gets the rest. The chart is left as it was.
   */
  public static void draw(JFreeChart ch, Graphics2D g, Rectangle2D area, ChartRenderingInfo info) {
    List<TextTitle> texts = new ArrayList<>();
    if (ch.getTitle() != null && ch.getTitle().isVisible() && ch.getTitle().getText() != null && !ch.getTitle().getText().isBlank())
      texts.add(ch.getTitle());
    List<Title> kept = new ArrayList<>();
    for (Object o : ch.getSubtitles()) {
      if (o instanceof TextTitle t && t.isVisible() && t.getText() != null && !t.getText().isBlank()) texts.add(t);
      else kept.add((Title) o);
    }
    TextTitle title = ch.getTitle();
    @SuppressWarnings("unchecked")
    List<Title> subtitles = new ArrayList<>(ch.getSubtitles());
    double y = area.getY() + 4;
    double max = area.getWidth() - 2 * MARGIN;
    Paint before = g.getPaint();
    Font font = g.getFont();
    if (ch.getBackgroundPaint() != null) { // the titles' band too: JFreeChart fills only the area it is given
      g.setPaint(ch.getBackgroundPaint());
      g.fill(area);
    }
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    for (TextTitle t : texts) {
      Font f = t.getFont();
      g.setFont(f);
      g.setPaint(t.getPaint() == null ? Color.BLACK : t.getPaint());
      double size = f.getSize2D(), est = f.isBold() ? size * 1.1 : size; // bold Latin runs about a tenth wider
      for (String line : wrap(t.getText(), est, max)) {
        double w = width(line, est);
        y += size;
        if (g instanceof SVGGraphics2D) {
          // the reader's browser centres it: the estimate is wide on purpose, and a line placed by it sat left of centre.
          // The line fits at any real width up to the estimate, so centred it stays within the margins.
          g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("text-anchor", "middle"));
          g.drawString(line, (float) (area.getX() + area.getWidth() / 2), (float) y);
          g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
        } else {
          g.drawString(line, (float) (area.getX() + Math.max(MARGIN, (area.getWidth() - w) / 2)), (float) y);
        }
        y += size * 0.3;
      }
      y += 2;
    }
    g.setPaint(before);
    g.setFont(font);
    try {
      ch.setTitle((TextTitle) null);
      ch.setSubtitles(kept);
      double top = texts.isEmpty() ? 0 : y - area.getY();
      ch.draw(g, new Rectangle2D.Double(area.getX(), area.getY() + top, area.getWidth(), area.getHeight() - top), info);
    } finally {
      ch.setTitle(title);
      ch.setSubtitles(subtitles);
    }
  }

  /** The chart as PNG, its titles laid out by {@link #draw}. */
  public static byte[] png(JFreeChart ch, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, w, h);
      draw(ch, g, new Rectangle2D.Double(0, 0, w, h), null);
    } finally {
      g.dispose();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      javax.imageio.ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
