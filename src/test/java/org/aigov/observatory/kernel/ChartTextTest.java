package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.scenarios.Charts;
import org.aigov.observatory.scenarios.Experiments;
import org.junit.jupiter.api.Test;

class ChartTextTest {
  @Test
  void estimateAndWrap() {
    assertEquals(24.0, ChartText.width("中文", 12), 1e-9, "a CJK character is a full em");
    assertTrue(ChartText.width("abc", 12) < 36);
    assertEquals(List.of("ab cd", "ef"), ChartText.wrap("ab cd ef", 10, ChartText.width("ab cd e", 10)), "broken at a space");
    assertEquals(List.of("一二三", "四五"), ChartText.wrap("一二三四五", 10, 30));
    assertEquals(List.of("a", "b"), ChartText.wrap("a\nb", 10, 100), "a newline breaks");
    assertEquals("一二…", ChartText.fit("一二三四五", 10, 30));
    // no line starts with closing punctuation, ends with an opening one, or splits a short bracketed group (QA of 2026-12-07)
    assertEquals(List.of("一二三四五", "（每周）"), ChartText.wrap("一二三四五（每周）", 10, 60));
    assertEquals(List.of("一二三四", "（每周）"), ChartText.wrap("一二三四（每周）", 10, 60));
    assertEquals(List.of("一二三四", "五。六"), ChartText.wrap("一二三四五。六", 10, 50));
    assertEquals(List.of("一二三四五六七八九", "十"), ChartText.wrap("一二三四五六七八九十", 10, 90), "plain text breaks where it fills");
  }

  /** Review of 2026-12-03: a scenario chart's title (a model's name, often Chinese) was wrapped by JFreeChart and ran off the chart. */
  @Test
  void aLongChineseTitleBecomesSeveralLinesWithinTheChart() throws Exception {
    String title = "人工智能治理情景模型：算力增长、监管强度与国际合作对系统性风险的长期影响（二〇三〇年至二〇五〇年）";
    int width = 420;
    var ch = Charts.ranking(title, List.of(new Experiments.Influence("监管强度", 1, 0, 2, 0, 1, 0.8),
        new Experiments.Influence("compute_growth", 1, 0, 2, 0, 1, 0.5)));
    String svg = Charts.svg(ch, width, 300);
    List<String> lines = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (SvgTexts.Text t : SvgTexts.of(svg)) {
      if (!title.contains(t.text())) {
        if (lines.isEmpty()) continue;
        break; // the title's lines come first, one after another; the plot's texts follow
      }
      assertTrue(t.centred(), "a title line is centred by the reader's browser, not by the width estimate: " + t);
      assertEquals(width / 2.0, t.x(), 1e-9);
      assertTrue(t.left() >= 0 && t.left() + ChartText.width(t.text(), t.size()) <= width, "'" + t.text() + "' at " + t.left() + " runs off " + width);
      lines.add(t.text());
      ys.add(t.y());
    }
    assertTrue(lines.size() >= 3, "several lines: " + lines);
    assertEquals(title, String.join("", lines), "the whole title, in order");
    for (int i = 1; i < ys.size(); i++) assertTrue(ys.get(i) > ys.get(i - 1) + 12, "each line below the one before: " + ys);
    assertEquals(title, ch.getTitle().getText(), "the chart is left as it was");
    // the PNG is laid out the same way, at the size asked for
    var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(Charts.png(ch, width, 300)));
    assertEquals(width, img.getWidth());
    assertEquals(300, img.getHeight());
  }
}
