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
 * English; the analysts this product serves often search in Chinese. English synonyms (incidents/synonyms-en.txt) do the
 * same within English: "hiring algorithm" also matches "recruitment algorithm", "face recognition" "facial recognition".
 */
final class QueryGlossary {
  private static final Pattern TOKEN = Pattern.compile("\\S+"), HAN_RUN = Pattern.compile("\\p{IsHan}+");
  /** Synonym groups expanded per query at most: beyond them words match as typed (a long query stays under Lucene's clause limit). */
  static final int MAX_SYNONYM_GROUPS = 12;
  private static final org.apache.lucene.analysis.Analyzer EN = new org.apache.lucene.analysis.en.EnglishAnalyzer();
  private static volatile QueryGlossary bundled;

  private final Map<String, List<String>> zhToEn = new HashMap<>();
  private final Map<String, List<String>> enToZh = new HashMap<>(); // lower-case English words (4 letters or more) and phrases
  private final Map<String, java.util.Set<String>> synonyms = new HashMap<>(); // stemmed term → its group's terms
  private int longestZh, longestEn = 1; // in characters; in stems

  static QueryGlossary bundled() {
    QueryGlossary g = bundled;
    if (g == null) {
      try (InputStream in = QueryGlossary.class.getResourceAsStream("/incidents/glossary-zh-en.csv")) {
        if (in == null) throw new IllegalStateException("incidents/glossary-zh-en.csv missing from the classpath");
        g = read(new InputStreamReader(in, StandardCharsets.UTF_8));
        try (InputStream syn = QueryGlossary.class.getResourceAsStream("/incidents/synonyms-en.txt")) {
          if (syn == null) throw new IllegalStateException("incidents/synonyms-en.txt missing from the classpath");
          g.readSynonyms(new InputStreamReader(syn, StandardCharsets.UTF_8));
        }
        bundled = g;
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
        boolean word = e.length() >= 4 && e.chars().allMatch(Character::isLetter);
        boolean phrase = e.contains(" ") && e.chars().allMatch(c -> Character.isLetter(c) || c == ' ' || c == '-');
        if (word || phrase) g.enToZh.computeIfAbsent(e.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(zh);
      }
    }
    return g;
  }

  /**
   * Groups of English terms that mean the same, one group a line, terms separated by ";" ({@code #} comments). A term is
   * known by its stems (English analysis), so "Recruiters" in a query is the group's "recruiter"; a term in two groups
   * gains both.
   */
  void readSynonyms(java.io.Reader r) throws IOException {
    java.io.BufferedReader in = new java.io.BufferedReader(r);
    int n = 0;
    for (String line; (line = in.readLine()) != null; ) {
      n++;
      if (line.isBlank() || line.strip().startsWith("#")) continue;
      List<String> group = new ArrayList<>();
      for (String t : line.split(";")) if (!t.isBlank()) group.add(t.strip());
      if (group.size() < 2) throw new IOException("synonyms line " + n + ": a group needs two terms or more, found '" + line.strip() + "'");
      for (String t : group) {
        if (t.chars().anyMatch(c -> "\"()|*~\\".indexOf(c) >= 0)) throw new IOException("synonyms line " + n + ": '" + t + "' holds query syntax");
        String key = stemKey(t);
        if (key.isEmpty()) throw new IOException("synonyms line " + n + ": '" + t + "' is only stop words");
        synonyms.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).addAll(group);
        longestEn = Math.max(longestEn, key.split(" ").length);
      }
    }
  }

  /** The glossary's other-language terms for a whole term: 人脸识别 → facial recognition, face recognition; none if it is not listed. */
  List<String> translations(String term) {
    String t = term.strip();
    if (t.codePoints().anyMatch(QueryGlossary::cjk)) return zhToEn.getOrDefault(org.aigov.observatory.kernel.HanScript.toSimplified(t), List.of());
    return enToZh.getOrDefault(t.toLowerCase(Locale.ROOT), List.of());
  }

  /** The English stems of a text, space-separated ("Self-Driving cars" → "self drive car"). */
  static String stemKey(String text) {
    StringBuilder b = new StringBuilder();
    try (org.apache.lucene.analysis.TokenStream ts = EN.tokenStream("q", text)) {
      var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) b.append(b.length() > 0 ? " " : "").append(term);
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
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
    List<int[]> spans = new ArrayList<>();
    while (m.find()) spans.add(new int[] {m.start(), m.end()});
    List<String> tokens = new ArrayList<>();
    for (int[] sp : spans) tokens.add(s.substring(sp[0], sp[1]));
    StringBuilder out = new StringBuilder();
    int last = 0, groups = 0;
    for (int i = 0; i < tokens.size(); ) {
      int end = groups < MAX_SYNONYM_GROUPS ? synonymEnd(tokens, i) : -1;
      out.append(s, last, spans.get(i)[0]);
      if (end > i) {
        out.append(synonymGroup(tokens.subList(i, end)));
        groups++;
      } else {
        end = i + 1;
        String t = expandToken(tokens.get(i), groups < MAX_SYNONYM_GROUPS);
        if (!t.equals(tokens.get(i)) && tokens.get(i).codePoints().anyMatch(QueryGlossary::cjk)) groups++;
        out.append(t);
      }
      last = spans.get(end - 1)[1];
      i = end;
    }
    return out.append(s.substring(last)).toString();
  }

  /**
   * The end (exclusive) of the longest run of plain English tokens from {@code i} that is a synonym term, or -1. A
   * token with a prefix (-exclude, +must), an operator or Chinese ends a run: an exclusion is the user's own word.
   */
  int synonymEnd(List<String> tokens, int i) {
    StringBuilder key = new StringBuilder();
    int best = -1, stems = 0;
    for (int j = i; j < tokens.size() && stems < longestEn; j++) {
      String t = tokens.get(j);
      if (t.isEmpty() || t.charAt(0) == '-' || t.charAt(0) == '+' || t.chars().anyMatch(c -> "()|*~\\\"".indexOf(c) >= 0) || t.codePoints().anyMatch(QueryGlossary::cjk)) break;
      String k = stemKey(t);
      if (k.isEmpty()) {
        if (j == i) break; // a run starts with a word, not a stop word
        continue;
      }
      key.append(key.length() > 0 ? " " : "").append(k);
      stems += k.split(" ").length;
      if (synonyms.containsKey(key.toString())) best = j + 1;
    }
    return best;
  }

  /** The tokens as typed, or any term of their synonym group as a phrase, or the Chinese of any of them. */
  private String synonymGroup(List<String> tokens) {
    String typed = String.join(" ", tokens), key = stemKey(typed);
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(key));
    StringBuilder g = new StringBuilder("(").append(tokens.size() == 1 ? typed : "(" + typed + ")");
    java.util.Set<String> zh = new java.util.LinkedHashSet<>(enToZh.getOrDefault(typed.toLowerCase(Locale.ROOT), List.of()));
    for (String t : synonyms.get(key)) {
      zh.addAll(enToZh.getOrDefault(t.toLowerCase(Locale.ROOT), List.of()));
      if (seen.add(stemKey(t))) g.append(" | \"").append(t).append('"');
    }
    for (String z : zh) g.append(" | \"").append(z).append('"');
    return g.append(')').toString();
  }

  /**
   * The query's tokens with each run that is a multi-word synonym term joined into one ("face recognition arrest" →
   * "face recognition", "arrest"), for the relaxed search, which drops one word and must not drop half a term.
   */
  List<String> units(List<String> tokens) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); ) {
      int end = synonymEnd(tokens, i);
      if (end <= i) end = i + 1;
      out.add(String.join(" ", tokens.subList(i, end)));
      i = end;
    }
    return out;
  }

  private String expandToken(String token, boolean withSynonyms) {
    int p = 0;
    while (p < token.length() && (token.charAt(p) == '-' || token.charAt(p) == '+')) p++;
    String prefix = token.substring(0, p), word = token.substring(p);
    if (word.isEmpty() || word.chars().anyMatch(c -> "()|*~\\".indexOf(c) >= 0)) return token;
    if (word.codePoints().anyMatch(QueryGlossary::cjk)) {
      List<String> pieces = new ArrayList<>();
      boolean expanded = false;
      for (String piece : pieces(word)) {
        boolean term = isTerm(piece);
        pieces.add(term ? chineseGroup(piece, withSynonyms && prefix.isEmpty()) : piece); // an excluded or required word: its translation only
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

  /**
   * The English of the glossary terms a Chinese text holds, space-separated (自动驾驶汽车撞死行人 → "self-driving … death"),
   * for the English-trained risk model; empty when the text holds no Han characters or no term.
   */
  String englishGloss(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = HAN_RUN.matcher(org.aigov.observatory.kernel.HanScript.toSimplified(text));
    while (m.find())
      for (String piece : pieces(m.group()))
        // places are no evidence of a risk domain, and their English (United States…) outweighed a short report's words
        if (isTerm(piece) && Gazetteer.get().code(piece) == null) for (String en : zhToEn.get(piece)) out.append(out.length() > 0 ? " " : "").append(en);
    return out.toString();
  }

  /** A term of two characters or more: a lone character is never a term of its own (it begins too many words). */
  boolean isTerm(String zh) {
    return zh.length() >= 2 && zhToEn.containsKey(zh);
  }

  /**
   * A Chinese term or its English as an English query would take it: a translation of long words as words anywhere
   * (数据安全 finds what data security typed finds, not only the exact phrase), one with a short word (AI Act) as a
   * phrase, since "AI" and "act" anywhere find any AI record citing some Act; then the synonyms of each translation; then
   * the other Chinese terms of those English terms, as an English query brings them: 人臉辨識 (Taiwan) finds records written
   * 人脸识别 (mainland), not only those in English (an outside QA pass, 2026-12-07).
   */
  private String chineseGroup(String zh, boolean withSynonyms) {
    StringBuilder g = new StringBuilder("(").append(zh);
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<String> en = new ArrayList<>(zhToEn.get(zh));
    for (String e : en) {
      if (!seen.add(stemKey(e))) continue; // weapon and weapons: one alternative
      g.append(" | ").append(looseWords(e) ? "(" + e + ")" : "\"" + e + "\"");
    }
    if (withSynonyms)
      for (String e : List.copyOf(en))
        for (String t : synonyms.getOrDefault(stemKey(e), java.util.Set.of()))
          if (seen.add(stemKey(t))) {
            g.append(" | \"").append(t).append('"');
            en.add(t);
          }
    java.util.Set<String> otherZh = new java.util.LinkedHashSet<>();
    for (String e : en) otherZh.addAll(enToZh.getOrDefault(e.toLowerCase(Locale.ROOT), List.of()));
    otherZh.remove(zh);
    for (String z : otherZh) g.append(" | \"").append(z).append('"');
    return g.append(')').toString();
  }

  /** Two words or more, each of four letters or more: specific enough to match anywhere in a record, as typed English does. */
  static boolean looseWords(String en) {
    String[] w = en.split(" ");
    if (w.length < 2) return false;
    for (String x : w) if (x.length() < 4 || !x.chars().allMatch(Character::isLetter)) return false;
    return true;
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
