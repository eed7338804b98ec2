package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Cross-language search: a curated Chinese–English glossary of incident terms (incidents/glossary-zh-en.csv) rewrites a
 * query so that 人脸识别 also matches "facial recognition" and drone also matches 无人机. The curated monitors write in
 * English; the analysts this product serves often search in Chinese.
 */
final class QueryGlossary {
  private static final Pattern TOKEN = Pattern.compile("\\S+");
  private static volatile QueryGlossary bundled;

  private final Map<String, List<String>> zhToEn = new HashMap<>();
  private final Map<String, List<String>> enToZh = new HashMap<>(); // single lower-case English words only
  private int longestZh;

  static QueryGlossary bundled() {
    QueryGlossary g = bundled;
    if (g == null) {
      try (InputStream in = QueryGlossary.class.getResourceAsStream("/incidents/glossary-zh-en.csv")) {
        if (in == null) throw new IllegalStateException("incidents/glossary-zh-en.csv missing from the classpath");
        bundled = g = read(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return g;
  }

  static QueryGlossary read(java.io.Reader r) throws IOException {
    QueryGlossary g = new QueryGlossary();
    for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      String zh = org.aigov.observatory.kernel.HanScript.toSimplified(rec.get("zh").strip()); // queries are folded alike
      List<String> en = new ArrayList<>();
      for (String e : rec.get("en").split(";")) if (!e.isBlank()) en.add(e.strip());
      if (zh.isEmpty() || en.isEmpty()) continue;
      g.zhToEn.computeIfAbsent(zh, k -> new ArrayList<>()).addAll(en);
      g.longestZh = Math.max(g.longestZh, zh.length());
      for (String e : en) {
        // short words (AI, US, EU) stay one-way: as English query words they would match too much Chinese text
        if (e.length() >= 4 && e.chars().allMatch(Character::isLetter)) g.enToZh.computeIfAbsent(e.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(zh);
      }
    }
    return g;
  }

  /**
   * The query with each glossary term replaced by an either-or group in Lucene's simple query syntax:
   * {@code 人脸识别 逮捕} becomes {@code (人脸识别 | "facial recognition" | …) (逮捕 | "arrest" | …)}. Quoted phrases and
   * tokens that already use operators are left as written.
   */
  String expand(String q) {
    String[] parts = q.split("\"", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      // an unmatched last quote quotes nothing, and is dropped: kept, it paired with the quotes of an expansion after it
      boolean unmatched = i % 2 == 1 && i == parts.length - 1;
      if (i > 0) out.append(unmatched ? ' ' : '"');
      boolean quoted = i % 2 == 1 && !unmatched;
      out.append(quoted ? parts[i] : expandWords(parts[i]));
    }
    return out.toString();
  }

  private String expandWords(String s) {
    Matcher m = TOKEN.matcher(s);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(s, last, m.start());
      out.append(expandToken(m.group()));
      last = m.end();
    }
    return out.append(s.substring(last)).toString();
  }

  private String expandToken(String token) {
    int p = 0;
    while (p < token.length() && (token.charAt(p) == '-' || token.charAt(p) == '+')) p++;
    String prefix = token.substring(0, p), word = token.substring(p);
    if (word.isEmpty() || word.chars().anyMatch(c -> "()|*~\\".indexOf(c) >= 0)) return token;
    if (word.codePoints().anyMatch(QueryGlossary::cjk)) {
      List<String> pieces = new ArrayList<>();
      boolean expanded = false;
      for (String piece : pieces(word)) {
        boolean term = isTerm(piece);
        pieces.add(term ? group(piece, zhToEn.get(piece)) : piece);
        expanded |= term;
      }
      if (!expanded) return token;
      String joined = String.join(" ", pieces);
      return pieces.size() > 1 && !prefix.isEmpty() ? prefix + "(" + joined + ")" : prefix + joined;
    }
    List<String> zh = enToZh.get(word.toLowerCase(Locale.ROOT));
    return zh == null ? token : prefix + group(word, zh);
  }

  /**
   * A Chinese run cut at its glossary terms, longest first: 自动驾驶特斯拉事故 → 自动驾驶, 特斯拉, 事故 when all three are
   * terms, else the text between terms as one piece.
   */
  List<String> pieces(String word) {
    List<String> pieces = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < word.length(); ) {
      String hit = null;
      for (int len = Math.min(longestZh, word.length() - i); len >= 2 && hit == null; len--) {
        if (zhToEn.containsKey(word.substring(i, i + len))) hit = word.substring(i, i + len);
      }
      if (hit == null) {
        plain.append(word.charAt(i++));
        continue;
      }
      if (plain.length() > 0) pieces.add(plain.toString());
      plain.setLength(0);
      pieces.add(hit);
      i += hit.length();
    }
    if (plain.length() > 0) pieces.add(plain.toString());
    return pieces;
  }

  /** A term of two characters or more: a lone character is never a term of its own (it begins too many words). */
  boolean isTerm(String zh) {
    return zh.length() >= 2 && zhToEn.containsKey(zh);
  }

  private static String group(String term, List<String> alternatives) {
    StringBuilder g = new StringBuilder("(").append(term);
    for (String a : alternatives) g.append(" | \"").append(a).append('"');
    return g.append(')').toString();
  }

  private static boolean cjk(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN;
  }
}
