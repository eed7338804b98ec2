package org.aigov.observatory.kernel;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;

/**
 * Traditional Chinese folded to Simplified, so 人臉識別 finds 人脸识别 and the other way round. The folding is one
 * character for one (ICU's Traditional-Simplified transform applied to each Han character alone), so a text keeps its
 * length and every offset — highlights and phrase positions stay right. The few conversions ICU makes only for whole
 * phrases are not made; index and query are folded alike, so search is consistent either way.
 */
public final class HanScript {
  private static final int FROM = 0x3400, TO = 0x9FFF; // CJK extension A and the unified block
  private static final int COMPAT_FROM = 0xF900, COMPAT_TO = 0xFAFF;
  private static volatile char[] table;
  /**
   * Characters ICU folds that standard Simplified writing keeps, in words both scripts share: 著 (著作权, 显著, 著名 would
   * become 着作权, 显着, 着名, which the segmenter no longer knows), 俱 (俱乐部), 跤 (摔跤), 阪 (大阪), 吒 (哪吒), 藉 (慰藉,
   * 狼藉), 箝 (箝制), 昇 (names), and 囍, which ICU maps to an unrelated character. Left as written on both sides.
   */
  static final String KEPT = "著俱跤阪吒藉箝昇囍";

  private HanScript() {}

  /**
   * Full-width Latin letters, digits and signs (a Chinese input method's full-width mode: ＡＩ, １４１１０, ＧＤＰＲ) as the
   * half-width ones the English analysis indexed, and the ideographic space as a space. Queries only: the Chinese
   * bigrams fold width already.
   */
  public static String foldWidth(String s) {
    if (s == null) return null;
    char[] t = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c;
      if (f != c) {
        if (t == null) t = s.toCharArray();
        t[i] = f;
      }
    }
    return t == null ? s : new String(t);
  }

  /** {@code s} with every Traditional Han character replaced by its Simplified form; other characters as they are. */
  public static String toSimplified(String s) {
    if (s == null) return null;
    char[] t = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i), f = fold(c);
      if (f != c) {
        if (t == null) t = s.toCharArray();
        t[i] = f;
      }
    }
    return t == null ? s : new String(t);
  }

  /** One character folded (itself when it has no single-character Simplified form). */
  public static char fold(char c) {
    if (c < FROM || (c > TO && c < COMPAT_FROM) || c > COMPAT_TO) return c; // not Han: no table (English-only runs never build it)
    return foldIn(table(), c);
  }

  private static char foldIn(char[] t, char c) {
    if (c < FROM || (c > TO && c < COMPAT_FROM) || c > COMPAT_TO) return c;
    return t[c <= TO ? c - FROM : (TO - FROM + 1) + (c - COMPAT_FROM)];
  }

  /** Builds the folding table now (≈ 0.5 s, once per process), so that a server's first Chinese search does not wait for it. */
  public static void warm() {
    table();
  }

  private static char[] table() {
    char[] t = table;
    if (t == null) {
      synchronized (HanScript.class) {
        if ((t = table) == null) table = t = build();
      }
    }
    return t;
  }

  private static char[] build() {
    Transliterator tr = Transliterator.getInstance("Traditional-Simplified");
    int n = (TO - FROM + 1) + (COMPAT_TO - COMPAT_FROM + 1);
    char[] t = new char[n];
    for (int i = 0; i < n; i++) {
      char c = charAt(i);
      t[i] = c;
      if (!Character.isDefined(c)) continue;
      // a compatibility ideograph is first its canonical unified character
      String s = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFC);
      if (s.length() != 1 || KEPT.indexOf(s.charAt(0)) < 0) s = tr.transliterate(s);
      if (s.length() == 1 && Character.UnicodeScript.of(s.charAt(0)) == Character.UnicodeScript.HAN) t[i] = s.charAt(0);
    }
    // ICU maps a few characters in two steps, and a few in a cycle (苧 → 苎 → 苧): each chain is followed to its end,
    // and a cycle is folded to its smallest character, so folding is idempotent
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      java.util.List<Character> seen = new java.util.ArrayList<>();
      char c = charAt(i);
      while (true) {
        seen.add(c);
        char next = foldIn(t, c);
        if (next == c) break;
        int at = seen.indexOf(next);
        if (at >= 0) {
          c = java.util.Collections.min(seen.subList(at, seen.size()));
          break;
        }
        c = next;
      }
      out[i] = c;
    }
    return out;
  }

  /** The character at position {@code i} of the table. */
  private static char charAt(int i) {
    return (char) (i <= TO - FROM ? FROM + i : COMPAT_FROM + (i - (TO - FROM + 1)));
  }

  /** A reader that folds what it reads; the same length as its source. */
  public static Reader folding(Reader in) {
    return new java.io.FilterReader(in) {
      @Override
      public int read() throws IOException {
        int c = super.read();
        return c < 0 ? c : fold((char) c);
      }

      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = off; i < off + Math.max(n, 0); i++) buf[i] = fold(buf[i]);
        return n;
      }
    };
  }

  /**
   * Words Taiwan and Hong Kong write differently (not a script difference, so folding leaves them), mapped to the
   * mainland word where the word means one thing only: 人工智慧 is always AI, while 智慧 alone is also "smart" (智慧城市)
   * and 资料 also "materials", so those stay. Applied after folding, to indexed text and queries alike.
   */
  private static final String[][] REGIONAL = {{"人工智慧", "人工智能"}, {"演算法", "算法"}, {"软体", "软件"}, {"网路", "网络"}, {"数位", "数字"}};
  private static final org.apache.lucene.analysis.charfilter.NormalizeCharMap REGIONAL_MAP = buildRegionalMap();

  private static org.apache.lucene.analysis.charfilter.NormalizeCharMap buildRegionalMap() {
    var b = new org.apache.lucene.analysis.charfilter.NormalizeCharMap.Builder();
    for (String[] w : REGIONAL) b.add(w[0], w[1]);
    return b.build();
  }

  /** The regional words as a char filter's map (folded text in, the mainland's words out). */
  public static org.apache.lucene.analysis.charfilter.NormalizeCharMap regionalMap() {
    return REGIONAL_MAP;
  }

  /** A folded query in the mainland's words (see {@link #REGIONAL}). */
  public static String regional(String folded) {
    String s = folded;
    for (String[] w : REGIONAL) if (s.contains(w[0])) s = s.replace(w[0], w[1]);
    return s;
  }

  /** Lucene's SmartCN analyzer over folded text: the Chinese view of every search index. */
  public static Analyzer chineseAnalyzer() {
    SmartChineseAnalyzer smartcn = new SmartChineseAnalyzer();
    return new AnalyzerWrapper(Analyzer.GLOBAL_REUSE_STRATEGY) {
      @Override
      protected Analyzer getWrappedAnalyzer(String fieldName) {
        return smartcn;
      }

      @Override
      protected Reader wrapReader(String fieldName, Reader reader) {
        // the char filter keeps offsets on the stored text where a regional word changes length (演算法 → 算法)
        return new org.apache.lucene.analysis.charfilter.MappingCharFilter(REGIONAL_MAP, folding(reader));
      }

      @Override
      protected Reader wrapReaderForNormalization(String fieldName, Reader reader) {
        return new org.apache.lucene.analysis.charfilter.MappingCharFilter(REGIONAL_MAP, folding(reader));
      }
    };
  }
}
