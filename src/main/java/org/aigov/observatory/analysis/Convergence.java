package org.aigov.observatory.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aigov.observatory.registry.Entry;

/**
 * Convergence of the complex over time: builds_on links and chains among dated instruments, and the
 * mean pairwise TF-IDF cosine similarity of normative instruments' texts (name + summary), as of each year.
 */
public final class Convergence {
  public static final Set<String> NORMATIVE = Set.of("principles", "declaration", "guideline", "recommendation", "framework",
      "standard", "strategy", "law", "regulation", "treaty", "resolution", "compact");
  static final Set<String> STOP = Set.of("the", "and", "for", "with", "that", "this", "from", "its", "are", "was", "were", "into",
      "paper", "seed", "which", "their", "has", "have", "been", "also", "under", "issued", "by", "on", "of", "in", "to", "as", "an");

  public record Point(String asOf, int instruments, double meanSimilarity, int buildsOnLinks, int longestChain) {}

  private final Graph g;

  public Convergence(Graph g) {
    this.g = g;
  }

  static List<String> tokens(Entry e) {
    StringBuilder sb = new StringBuilder();
    if (e.name != null) sb.append(e.name.en() == null ? "" : e.name.en()).append(' ').append(e.name.en() == null && e.name.zh() != null ? e.name.zh() : "");
    if (e.summary != null) sb.append(' ').append(e.summary.en() != null ? e.summary.en() : e.summary.zh() == null ? "" : e.summary.zh());
    String s = sb.toString().toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : s.split("[^a-z\\u4e00-\\u9fff]+")) {
      if (w.isEmpty()) continue;
      if (w.charAt(0) >= 0x4e00) {
        for (int i = 0; i + 1 < w.length(); i++) out.add(w.substring(i, i + 2)); // CJK bigrams
      } else if (w.length() >= 3 && !STOP.contains(w)) out.add(w);
    }
    return out;
  }

  /** Mean pairwise cosine of TF-IDF vectors; IDF over the documents given. NaN with fewer than 2 documents. */
  public static double meanCosine(List<List<String>> docs) {
    return meanCosine(docs, docs);
  }

  /**
   * Same, with IDF from a fixed corpus: per-year IDF would give terms shared by every document of the
   * year zero weight and hide exactly the convergence being measured.
   */
  public static double meanCosine(List<List<String>> docs, List<List<String>> corpus) {
    int n = docs.size();
    if (n < 2) return Double.NaN;
    Map<String, Integer> df = new HashMap<>();
    for (List<String> d : corpus) for (String t : new HashSet<>(d)) df.merge(t, 1, Integer::sum);
    int cn = corpus.size();
    List<Map<String, Double>> vec = new ArrayList<>();
    for (List<String> d : docs) {
      Map<String, Double> v = new HashMap<>();
      for (String t : d) v.merge(t, 1.0, Double::sum);
      double norm = 0;
      for (var e : v.entrySet()) {
        double w = e.getValue() * Math.log((double) cn / df.getOrDefault(e.getKey(), 1));
        e.setValue(w);
        norm += w * w;
      }
      double nn = Math.sqrt(norm);
      if (nn > 0) v.replaceAll((k, w) -> w / nn);
      vec.add(v);
    }
    double sum = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        Map<String, Double> a = vec.get(i), b = vec.get(j);
        if (a.size() > b.size()) {
          Map<String, Double> x = a;
          a = b;
          b = x;
        }
        double dot = 0;
        for (var e : a.entrySet()) dot += e.getValue() * b.getOrDefault(e.getKey(), 0.0);
        sum += dot;
        pairs++;
      }
    }
    return sum / pairs;
  }

  public List<Point> overTime() {
    List<Entry> docs = new ArrayList<>();
    TreeSet<Integer> years = new TreeSet<>();
    for (Entry e : g.nodes.values()) {
      if ("instrument".equals(e.kind) && e.date != null && NORMATIVE.contains(e.type)) {
        docs.add(e);
        years.add(e.date.year());
      }
    }
    List<Point> out = new ArrayList<>();
    if (years.isEmpty()) return out;
    Map<String, List<String>> toks = new HashMap<>();
    for (Entry e : docs) toks.put(e.id, tokens(e));
    List<List<String>> corpus = new ArrayList<>(toks.values());
    for (int y = Math.max(years.first(), years.last() - 15); y <= years.last(); y++) {
      final int yy = y;
      List<Entry> in = docs.stream().filter(e -> e.date.year() <= yy).toList();
      List<List<String>> d = new ArrayList<>();
      for (Entry e : in) d.add(toks.get(e.id));
      int links = 0;
      Map<String, List<String>> next = new HashMap<>();
      for (Entry r : g.relations) {
        if (!"builds_on".equals(r.type)) continue;
        Entry a = g.get(r.source), b = g.get(r.target);
        if (a == null || b == null || a.date == null || b.date == null || a.date.year() > y || b.date.year() > y) continue;
        links++;
        next.computeIfAbsent(a.id, k -> new ArrayList<>()).add(b.id);
      }
      int longest = 0;
      Map<String, Integer> memo = new HashMap<>();
      for (String s : next.keySet()) longest = Math.max(longest, depth(s, next, memo, new HashSet<>()));
      out.add(new Point(String.valueOf(y), in.size(), meanCosine(d, corpus), links, longest));
    }
    return out;
  }

  private static int depth(String id, Map<String, List<String>> next, Map<String, Integer> memo, Set<String> path) {
    Integer m = memo.get(id);
    if (m != null) return m;
    if (!path.add(id)) return 0;
    int d = 0;
    for (String t : next.getOrDefault(id, List.of())) d = Math.max(d, 1 + depth(t, next, memo, path));
    path.remove(id);
    memo.put(id, d);
    return d;
  }

  public static Table table(List<Point> pts) {
    Table t = new Table("complex_convergence", "趋同：基于关系链与文本相似度", "Convergence: builds-on chains and textual similarity",
        List.of("as_of", "normative_instruments", "mean_tfidf_cosine", "builds_on_links", "longest_builds_on_chain"));
    for (Point p : pts) t.add(p.asOf(), p.instruments(), p.meanSimilarity(), p.buildsOnLinks(), p.longestChain());
    return t;
  }
}
