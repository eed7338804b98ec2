package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class HanScriptTest {
  @Test
  void traditionalFoldsToSimplifiedAndSimplifiedStays() {
    assertEquals("人脸识别", HanScript.toSimplified("人臉識別"));
    assertEquals("人工智慧法", HanScript.toSimplified("人工智慧法"), "a vocabulary difference (智慧 for 智能) is not a script one");
    assertEquals("无人机 致命自主武器", HanScript.toSimplified("無人機 致命自主武器"));
    assertEquals("军事机器人", HanScript.toSimplified("軍事機器人"));
    assertEquals("个人资料", HanScript.toSimplified("個人資料"));
    assertEquals(HanScript.fold('苧'), HanScript.fold('苎'), "ICU maps these two into each other: both fold to one");
    String simplified = "人脸识别 无人机 军事 监管 深度伪造";
    assertSame(simplified, HanScript.toSimplified(simplified), "nothing to fold: the same string back");
    assertEquals("Facial recognition, 2024 — ok", HanScript.toSimplified("Facial recognition, 2024 — ok"));
  }

  /** Standard Simplified words whose characters ICU would fold stay as written, and the segmenter still knows them. */
  @Test
  void simplifiedWordsThatShareAFoldedCharacterAreLeftAlone() throws Exception {
    for (String w : new String[] {"著作权法", "显著", "著名", "俱乐部", "摔跤", "大阪", "哪吒", "慰藉", "箝制"}) assertSame(w, HanScript.toSimplified(w), w);
    List<String> terms = new ArrayList<>();
    tokens(HanScript.chineseAnalyzer(), "著作权法 以显著方式告知", terms, new ArrayList<>());
    assertTrue(terms.contains("著作权") && terms.contains("显著"), terms.toString());
    assertEquals("看着", HanScript.toSimplified("看着"));
  }

  @Test
  void compatibilityIdeographsFoldLikeTheirUnifiedForms() {
    int checked = 0;
    for (char c = '\uF900'; c <= '\uFAFF'; c++) {
      String nfc = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFC);
      if (!Character.isDefined(c) || nfc.length() != 1 || Character.UnicodeScript.of(nfc.charAt(0)) != Character.UnicodeScript.HAN) continue;
      assertEquals(HanScript.fold(nfc.charAt(0)), HanScript.fold(c), Integer.toHexString(c));
      checked++;
    }
    assertTrue(checked > 300, "compatibility ideographs checked: " + checked);
  }

  @Test
  void lengthIsKeptForAnyText() {
    Random r = new Random(42);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(40);
      for (int i = 0; i < len; i++) {
        int kind = r.nextInt(4);
        b.append((char) (kind == 0 ? 0x4E00 + r.nextInt(0x9FFF - 0x4E00) : kind == 1 ? 0x3400 + r.nextInt(0x1C00) : kind == 2 ? 0xF900 + r.nextInt(0x200) : r.nextInt(0xD800)));
      }
      String s = b.toString(), f = HanScript.toSimplified(s);
      assertEquals(s.length(), f.length(), "length of " + s);
      assertEquals(f, HanScript.toSimplified(f), "folding twice changes nothing");
    }
  }

  @Test
  void analyzerMatchesBothScriptsWithTheSameOffsets() throws Exception {
    Analyzer a = HanScript.chineseAnalyzer();
    List<String> trad = new ArrayList<>(), simp = new ArrayList<>();
    List<int[]> offsets = new ArrayList<>();
    tokens(a, "警方使用人臉識別系統逮捕無辜男子", trad, offsets);
    tokens(a, "警方使用人脸识别系统逮捕无辜男子", simp, new ArrayList<>());
    assertEquals(simp, trad);
    int[] last = offsets.get(offsets.size() - 1);
    assertEquals(16, last[1], "offsets are the original text's");
    // the reader wrapper folds whatever the reader hands over, one char or a buffer at a time
    try (var r = HanScript.folding(new StringReader("臉"))) {
      assertEquals('脸', (char) r.read());
      assertEquals(-1, r.read());
    }
  }

  private static void tokens(Analyzer a, String text, List<String> out, List<int[]> offsets) throws Exception {
    try (TokenStream ts = a.tokenStream("f", text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute o = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(t.toString());
        offsets.add(new int[] {o.startOffset(), o.endOffset()});
      }
      ts.end();
    }
  }

  /** Words the regions write differently are mapped where they mean one thing; offsets stay on the stored text. */
  @Test
  void regionalWordsAreMappedWithOffsetsKept() throws Exception {
    assertEquals("人工智能基本法 算法推荐 软件 网络 数字", HanScript.regional(HanScript.toSimplified("人工智慧基本法 演算法推薦 軟體 網路 數位")));
    assertEquals("智慧城市", HanScript.regional("智慧城市"), "智慧 alone also means smart: kept");
    try (org.apache.lucene.analysis.Analyzer a = HanScript.chineseAnalyzer();
        org.apache.lucene.analysis.TokenStream ts = a.tokenStream("f", "關於演算法的規定")) {
      var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      var off = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
      ts.reset();
      java.util.Map<String, String> spans = new java.util.LinkedHashMap<>();
      while (ts.incrementToken()) spans.put(term.toString(), "關於演算法的規定".substring(off.startOffset(), off.endOffset()));
      ts.end();
      assertEquals("演算法", spans.get("算法"), "the token 算法 highlights 演算法 as written: " + spans);
    }
  }
}
