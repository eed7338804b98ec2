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
  private record Entry(String[] toks, String value, boolean mask) {}

  private final Map<String, List<Entry>> byFirst = new HashMap<>();
  private final List<String[]> cjk = new ArrayList<>();
  /** Chinese exclusion phrases and the value they exclude: characters they cover count for no phrase of that value. */
  private final List<String[]> cjkMasks = new ArrayList<>();
  private boolean hasMasks;
  private final boolean stem;
  /** See {@link #PhraseMatcher(boolean, boolean)}. */
  private final boolean outermost;
  /** Longest phrase in tokens (English) and in characters (Chinese). */
  private int maxTokens = 1, maxChars = 1;

  PhraseMatcher() {
    this(false);
  }

  /** With {@code stem}, phrases and text are compared on light stems ("weapons" matches "weapon"). */
  PhraseMatcher(boolean stem) {
    this(stem, false);
  }

  /**
   * With {@code outermost}, a phrase found only inside a longer phrase of another value does not count: "North Korean"
   * is not also "Korean", 印度尼西亚 not also 印度, 白俄罗斯 not also 俄罗斯. For {@link #find(String)}, not {@link Stream}.
   */
  PhraseMatcher(boolean stem, boolean outermost) {
    this.stem = stem;
    this.outermost = outermost;
  }

  void add(String phrase, String value) {
    add(phrase, value, false);
  }

  /**
   * An exclusion for {@code value}: where it occurs, no phrase of that value overlapping it matches ("defense lawyer"
   * keeps the "defense" in it from counting as "defense"). Over a stream an exclusion is seen within a piece and the
   * tail carried into it.
   */
  void exclude(String phrase, String value) {
    add(phrase, value, true);
  }

  private void add(String phrase, String value, boolean mask) {
    if (phrase == null || phrase.isBlank()) return;
    hasMasks |= mask;
    if (Tokens.mostlyCjk(phrase)) {
      String folded = HanScript.regional(HanScript.toSimplified(phrase.strip()));
      if (mask) cjkMasks.add(new String[] {folded, value});
      else cjk.add(new String[] {folded, value});
      maxChars = Math.max(maxChars, phrase.strip().length());
      return;
    }
    List<String> t = Tokens.raw(phrase);
    if (stem) t = Tokens.stems(t);
    if (t.isEmpty()) return;
    String[] arr = t.toArray(new String[0]);
    maxTokens = Math.max(maxTokens, arr.length);
    byFirst.computeIfAbsent(arr[0], k -> new ArrayList<>()).add(new Entry(arr, value, mask));
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
    Map<String, java.util.BitSet> masked = hasMasks ? new HashMap<>() : Map.of();
    if (hasMasks) scan(toks, true, masked, out, null);
    List<Span> spans = outermost ? new ArrayList<>() : null;
    scan(toks, false, masked, out, spans);
    if (outermost) addOutermost(spans, out);
    if (!cjk.isEmpty() && text != null && mayHoldCjk(text)) {
      String folded = HanScript.regional(HanScript.toSimplified(text)); // 軍事機器人 matches 军事机器人, 人工智慧 人工智能
      Map<String, java.util.BitSet> maskedChars = new HashMap<>();
      for (String[] m : cjkMasks) {
        for (int at = folded.indexOf(m[0]); at >= 0; at = folded.indexOf(m[0], at + 1)) {
          maskedChars.computeIfAbsent(m[1], k -> new java.util.BitSet()).set(at, at + m[0].length());
        }
      }
      List<Span> cjkSpans = outermost ? new ArrayList<>() : null;
      for (String[] c : cjk) {
        java.util.BitSet mc = maskedChars.get(c[1]);
        for (int at = folded.indexOf(c[0]); at >= 0; at = folded.indexOf(c[0], at + 1)) {
          if (overlaps(mc, at, at + c[0].length())) continue;
          if (cjkSpans != null) {
            cjkSpans.add(new Span(at, at + c[0].length(), c[1]));
            continue;
          }
          out.add(c[1]);
          break;
        }
      }
      if (outermost) addOutermost(cjkSpans, out);
    }
    return out;
  }

  /** False when no character could start a Chinese phrase: most texts are English, and each phrase costs a scan. */
  private static boolean mayHoldCjk(String text) {
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x2E80) return true; // CJK radicals on, and surrogates
    return false;
  }

  private record Span(int from, int to, String value) {}

  /** The values of the spans not strictly inside a longer span of another value, in the order found. */
  private static void addOutermost(List<Span> spans, Set<String> out) {
    for (Span s : spans) {
      boolean inside = false;
      for (Span o : spans) {
        if (o.to - o.from > s.to - s.from && o.from <= s.from && s.to <= o.to && !o.value.equals(s.value)) {
          inside = true;
          break;
        }
      }
      if (!inside) out.add(s.value);
    }
  }

  /** Phrases (or, with {@code masks}, exclusions, marking the tokens they cover) starting at each token. */
  private void scan(List<String> toks, boolean masks, Map<String, java.util.BitSet> masked, Set<String> out, List<Span> spans) {
    for (int i = 0; i < toks.size(); i++) {
      List<Entry> cands = byFirst.get(toks.get(i));
      if (cands == null) continue;
      for (Entry e : cands) {
        if (e.mask() != masks) continue;
        String[] p = e.toks();
        if (i + p.length > toks.size()) continue;
        boolean ok = true;
        for (int j = 1; j < p.length && ok; j++) ok = p[j].equals(toks.get(i + j));
        if (!ok) continue;
        if (masks) masked.computeIfAbsent(e.value(), k -> new java.util.BitSet()).set(i, i + p.length);
        else if (overlaps(masked.get(e.value()), i, i + p.length)) continue;
        else if (spans != null) spans.add(new Span(i, i + p.length, e.value()));
        else out.add(e.value());
      }
    }
  }

  private static boolean overlaps(java.util.BitSet masked, int from, int to) {
    if (masked == null) return false;
    int m = masked.nextSetBit(from);
    return m >= 0 && m < to;
  }
}
