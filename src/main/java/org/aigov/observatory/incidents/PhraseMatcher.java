package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.HanScript;

/**
 * Finds phrases in token streams in one pass: English phrases match whole token sequences
 * (so "defense" does not match "defenseless"), Chinese phrases match as substrings, Traditional and Simplified alike.
 */
final class PhraseMatcher {
  private record Entry(String[] toks, String value) {}

  private final Map<String, List<Entry>> byFirst = new HashMap<>();
  private final List<String[]> cjk = new ArrayList<>();
  private final boolean stem;
  /** Longest phrase in tokens (English) and in characters (Chinese). */
  private int maxTokens = 1, maxChars = 1;

  PhraseMatcher() {
    this(false);
  }

  /** With {@code stem}, phrases and text are compared on light stems ("weapons" matches "weapon"). */
  PhraseMatcher(boolean stem) {
    this.stem = stem;
  }

  void add(String phrase, String value) {
    if (phrase == null || phrase.isBlank()) return;
    if (Tokens.mostlyCjk(phrase)) {
      cjk.add(new String[] {HanScript.regional(HanScript.toSimplified(phrase.strip())), value});
      maxChars = Math.max(maxChars, phrase.strip().length());
      return;
    }
    List<String> t = Tokens.raw(phrase);
    if (stem) t = Tokens.stems(t);
    if (t.isEmpty()) return;
    String[] arr = t.toArray(new String[0]);
    maxTokens = Math.max(maxTokens, arr.length);
    byFirst.computeIfAbsent(arr[0], k -> new ArrayList<>()).add(new Entry(arr, value));
  }

  Set<String> find(String text) {
    List<String> t = Tokens.raw(text);
    return find(stem ? Tokens.stems(t) : t, text);
  }

  /**
   * Matching over a text that arrives in pieces, each ending with a separator (no word runs across
   * pieces): gives what {@link #find(String)} gives on the whole text, keeping only the tail of the
   * text seen so far that a phrase could start in.
   */
  final class Stream {
    private List<String> tailToks = List.of();
    private String tailChars = "";
    final Set<String> found = new LinkedHashSet<>();

    void add(String piece) {
      List<String> t = Tokens.raw(piece);
      if (stem) t = Tokens.stems(t);
      List<String> toks = new ArrayList<>(tailToks.size() + t.size());
      toks.addAll(tailToks);
      toks.addAll(t);
      String text = tailChars + piece;
      found.addAll(find(toks, text));
      tailToks = new ArrayList<>(toks.subList(Math.max(0, toks.size() - (maxTokens - 1)), toks.size()));
      tailChars = text.substring(Math.max(0, text.length() - (maxChars - 1)));
    }
  }

  boolean isEmpty() {
    return byFirst.isEmpty() && cjk.isEmpty();
  }

  Set<String> find(List<String> toks, String text) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < toks.size(); i++) {
      List<Entry> cands = byFirst.get(toks.get(i));
      if (cands == null) continue;
      for (Entry e : cands) {
        String[] p = e.toks();
        if (i + p.length > toks.size()) continue;
        boolean ok = true;
        for (int j = 1; j < p.length && ok; j++) ok = p[j].equals(toks.get(i + j));
        if (ok) out.add(e.value());
      }
    }
    if (!cjk.isEmpty() && text != null) {
      String folded = HanScript.regional(HanScript.toSimplified(text)); // 軍事機器人 matches 军事机器人, 人工智慧 人工智能
      for (String[] c : cjk) if (folded.contains(c[0])) out.add(c[1]);
    }
    return out;
  }
}
