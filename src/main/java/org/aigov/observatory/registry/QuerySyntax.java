package org.aigov.observatory.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The few operators a search reads: "a phrase", -word or NOT word (exclude), +word and AND (the default). They count only
 * where they are clearly operators (a sign at the start of a whitespace-separated word, quotes in pairs opening a word),
 * so Chinese, written without spaces, reads as before. Anything else stays text for the analysers.
 */
final class QuerySyntax {
  private QuerySyntax() {}

  /** One excluded word or phrase; {@code phrase}: it was quoted, so its words must be adjacent. */
  record Excluded(String text, boolean phrase) {}

  /**
   * {@code text}: the words to search for (quoted words included, operators removed; the query itself when it holds no
   * operator); {@code ignored}: what was read but is not supported (a field prefix such as {@code title:}, OR, ~2).
   */
  record Parsed(String text, List<String> phrases, List<Excluded> excluded, List<String> ignored) {}

  /** Field names a query may prefix a word with (title:Bletchley): there is no field syntax, so the prefix is left out. */
  static final Set<String> FIELD_WORDS = Set.of("kind", "type", "jurisdiction", "binding", "governance_layers", "risk_categories",
      "lifecycle", "org_form", "status", "year", "tags", "tag", "title", "name", "summary", "id", "date", "notes", "text");

  private record Token(String text, boolean quoted, boolean minus) {}

  static Parsed parse(String q) {
    if (q == null) return new Parsed(null, List.of(), List.of(), List.of());
    List<String> ignored = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    boolean operator = false;
    int i = 0, n = q.length();
    while (i < n) {
      if (Character.isWhitespace(q.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      boolean minus = false;
      // a field prefix before a word or a quote (title:"AI Act"): read, reported, left out
      int colon = fieldPrefixEnd(q, i);
      if (colon > 0) {
        ignored.add(q.substring(i, colon + 1).toLowerCase(Locale.ROOT));
        i = colon + 1;
        if (i >= n || Character.isWhitespace(q.charAt(i))) continue;
      }
      if ((q.charAt(i) == '-' || q.charAt(i) == '+') && i + 1 < n && (wordChar(q.charAt(i + 1)) || closer(q, i + 1) > 0)) {
        minus = q.charAt(i) == '-';
        operator = true;
        i++;
      }
      int close = closer(q, i);
      if (close > 0) {
        tokens.add(new Token(q.substring(i + 1, close).strip(), true, minus));
        operator = true;
        i = close + 1;
        int tilde = tildeEnd(q, i);
        if (tilde > i) {
          ignored.add(q.substring(i, tilde));
          i = tilde;
        }
        continue;
      }
      int end = i;
      while (end < n && !Character.isWhitespace(q.charAt(end))) end++;
      String word = q.substring(i, end);
      // Lucene's fuzzy or proximity mark (AI~2, "a b"~3): not supported, so read and reported; it had been searched as
      // the word 2, AI~2 finding 48 records where AI finds 1,025 (outside QA)
      int at = word.lastIndexOf('~');
      if (at > 0 && wordChar(word.charAt(at - 1)) && tildeEnd(word, at) == word.length()) {
        ignored.add(word.substring(at));
        word = word.substring(0, at);
        operator = true;
      }
      tokens.add(new Token(word, false, minus));
      if (start != i) operator = true;
      i = end;
    }
    List<String> words = new ArrayList<>(), phrases = new ArrayList<>();
    List<Excluded> excluded = new ArrayList<>();
    for (int k = 0; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      boolean between = k > 0 && k + 1 < tokens.size();
      if (!t.quoted && t.text.equals("NOT") && k + 1 < tokens.size()) {
        Token next = tokens.get(++k);
        excluded.add(new Excluded(next.text, next.quoted));
        operator = true;
        continue;
      }
      if (!t.quoted && between && (t.text.equals("AND") || t.text.equals("OR"))) {
        if (t.text.equals("OR")) ignored.add("OR"); // every word must match: OR would promise what the search does not do
        operator = true;
        continue;
      }
      if (t.minus) excluded.add(new Excluded(t.text, t.quoted));
      else {
        words.add(t.text);
        if (t.quoted && t.text.codePoints().anyMatch(Character::isLetterOrDigit)) phrases.add(t.text);
      }
    }
    if (!operator && ignored.isEmpty()) return new Parsed(q, List.of(), List.of(), List.of());
    return new Parsed(String.join(" ", words).strip(), phrases, excluded, ignored);
  }

  /** The end of a fuzzy or proximity mark (~, ~2, ~0.8) starting at {@code i}, or {@code i} when there is none. */
  private static int tildeEnd(String q, int i) {
    if (i >= q.length() || q.charAt(i) != '~') return i;
    int j = i + 1;
    while (j < q.length() && (Character.isDigit(q.charAt(j)) || q.charAt(j) == '.')) j++;
    return j == q.length() || Character.isWhitespace(q.charAt(j)) ? j : i;
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c);
  }

  /** The index of the quote closing one opened at {@code i}, or -1 (an unpaired quote is punctuation). */
  private static int closer(String q, int i) {
    if (i >= q.length()) return -1;
    char open = q.charAt(i);
    if (open == '"') return q.indexOf('"', i + 1);
    if (open == '\u201C') return q.indexOf('\u201D', i + 1);
    return -1;
  }

  /** The index of the colon ending a field prefix at {@code i} (title:, kind:), or -1. */
  private static int fieldPrefixEnd(String q, int i) {
    int j = i;
    while (j < q.length() && (Character.isLetter(q.charAt(j)) || q.charAt(j) == '_')) j++;
    if (j == i || j >= q.length() || q.charAt(j) != ':') return -1;
    return FIELD_WORDS.contains(q.substring(i, j).toLowerCase(Locale.ROOT)) ? j : -1;
  }

  /**
   * The query with words joined by "." or ":" written apart (EU.AI.Act → EU AI Act, AI:governance → AI governance): the
   * tokenizer keeps such a run as one word, which no record holds. Runs of one character (U.S., e.g.) and numbers (2.0)
   * stay joined. The query itself when nothing is joined.
   */
  static String split(String q) {
    StringBuilder out = new StringBuilder(q);
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c != '.' && c != ':') continue;
      int a = i, b = i + 1;
      while (a > 0 && latinOrDigit(q.charAt(a - 1))) a--;
      while (b < q.length() && latinOrDigit(q.charAt(b))) b++;
      String left = q.substring(a, i), right = q.substring(i + 1, b);
      if (left.length() >= 2 && right.length() >= 2 && (hasLetter(left) || hasLetter(right))) out.setCharAt(i, ' ');
    }
    return out.toString();
  }

  private static boolean latinOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean hasLetter(String s) {
    return s.chars().anyMatch(Character::isLetter);
  }
}
