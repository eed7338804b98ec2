package org.aigov.observatory.incidents;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.Db;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The judged incident-search set (src/test/resources/incidents/search-judged.csv) scored against a store: each query's
 * incidents ranked as the API ranks them (best record's score, then the newer incident id), an incident relevant when
 * one of its records is judged relevant (by source id, which survives re-clustering). Used by
 * {@code SearchJudgedTest} on the bundled demo store and, as a command, on a data folder:
 *
 * <pre>java -cp target/observatory.jar:target/test-classes org.aigov.observatory.incidents.SearchJudged --data DIR [--pool N] [--time N] [--quiet]</pre>
 *
 * {@code --pool N} lists each query's first N incidents with their records, to pool candidates for judging; {@code --time N}
 * times the judged queries' searches over N rounds instead of scoring them.
 */
public final class SearchJudged {
  record Judged(String query, String kind, Set<String> relevant, Set<String> judgedNot) {}

  /** One query's figures: rank of the first relevant incident (0: none in 10), recall at 10 and 50, precision at 10. */
  record Score(Judged j, int rank, double r10, double r50, double p10, double judged10, int hits, int relevantIncidents, String fallback) {}

  static List<Judged> read(Reader in) throws Exception {
    List<Judged> out = new ArrayList<>();
    for (CSVRecord c : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build().parse(in)) {
      out.add(new Judged(c.get("query"), c.get("kind"), ids(c.get("relevant")), ids(c.get("judged_not"))));
    }
    return out;
  }

  static List<Judged> bundled() throws Exception {
    try (Reader r = new InputStreamReader(SearchJudged.class.getResourceAsStream("/incidents/search-judged.csv"), StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  private static Set<String> ids(String s) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : s.split("\\|")) if (!p.isBlank()) out.add(p.strip());
    return out;
  }

  /** source:source_id → incident id, and incident id → its records' keys. */
  static Map<String, Long> incidentOf(Db db) {
    return db.read(c -> {
      Map<String, Long> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.source, r.source_id, m.incident_id FROM incident_records r JOIN incident_members m ON m.record_id = r.id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1) + ":" + rs.getString(2), rs.getLong(3));
      }
      return out;
    });
  }

  /** Incident ids, best first, as IncidentQueries ranks a text query. */
  static List<Long> ranked(Db db, IncidentSearch s, String q) {
    return ranked(db, s.find(db, q, 5000).scores());
  }

  static List<Long> ranked(Db db, Map<Long, Float> records) {
    Map<Long, Float> score = new HashMap<>();
    db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT record_id, incident_id FROM incident_members"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Float f = records.get(rs.getLong(1));
          if (f != null) score.merge(rs.getLong(2), f, Math::max);
        }
      }
      return null;
    });
    List<Long> out = new ArrayList<>(score.keySet());
    out.sort(java.util.Comparator.comparing((Long id) -> score.get(id)).thenComparing(id -> id).reversed());
    return out;
  }

  /** The judged queries scored; a query none of whose relevant records is in the store is left out. */
  static List<Score> score(Db db, IncidentSearch s, List<Judged> judged) {
    Map<String, Long> inc = incidentOf(db);
    List<Score> out = new ArrayList<>();
    for (Judged j : judged) {
      Set<Long> rel = new LinkedHashSet<>(), seen = new LinkedHashSet<>();
      for (String k : j.relevant()) if (inc.containsKey(k)) rel.add(inc.get(k));
      if (rel.isEmpty()) continue;
      for (String k : j.judgedNot()) if (inc.containsKey(k)) seen.add(inc.get(k));
      seen.addAll(rel);
      IncidentSearch.Hits h = s.find(db, j.query(), 5000);
      List<Long> top = ranked(db, h.scores());
      int rank = 0, in10 = 0, in50 = 0, judged10 = 0;
      for (int i = 0; i < Math.min(50, top.size()); i++) {
        boolean r = rel.contains(top.get(i));
        if (r && rank == 0 && i < 10) rank = i + 1;
        if (r && i < 10) in10++;
        if (r) in50++;
        if (i < 10 && seen.contains(top.get(i))) judged10++;
      }
      int shown = Math.min(10, top.size());
      out.add(new Score(j, rank, in10 / (double) Math.min(10, rel.size()), in50 / (double) Math.min(50, rel.size()), shown == 0 ? 0 : in10 / (double) shown,
          shown == 0 ? 1 : judged10 / (double) shown, top.size(), rel.size(), h.fallback()));
    }
    return out;
  }

  /** MRR@10, recall@10, recall@50, precision@10 and judged@10, averaged over the queries (of one kind when given). */
  static double[] mean(List<Score> scores, String kind) {
    double[] m = new double[5];
    int n = 0;
    for (Score s : scores) {
      if (kind != null && !kind.equals(s.j().kind())) continue;
      m[0] += s.rank() == 0 ? 0 : 1.0 / s.rank();
      m[1] += s.r10();
      m[2] += s.r50();
      m[3] += s.p10();
      m[4] += s.judged10();
      n++;
    }
    for (int i = 0; i < m.length; i++) m[i] = n == 0 ? 0 : m[i] / n;
    return m;
  }

  static String summary(List<Score> scores) {
    StringBuilder b = new StringBuilder();
    for (String kind : new String[] {null, "syn", "zh", "same"}) {
      long n = scores.stream().filter(s -> kind == null || kind.equals(s.j().kind())).count();
      if (n == 0) continue;
      double[] m = mean(scores, kind);
      b.append(String.format("%-4s %2d queries: MRR@10 %.3f  recall@10 %.3f  recall@50 %.3f  P@10 %.3f  judged@10 %.3f%n", kind == null ? "all" : kind, n, m[0], m[1], m[2], m[3], m[4]));
    }
    return b.toString();
  }

  public static void main(String[] args) throws Exception {
    Path data = null, file = null;
    int pool = 0;
    boolean quiet = false;
    int time = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--judged" -> file = Path.of(args[++i]);
        case "--pool" -> pool = Integer.parseInt(args[++i]);
        case "--quiet" -> quiet = true;
        case "--time" -> time = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Judged> judged;
    if (file == null) judged = bundled();
    else try (Reader r = Files.newBufferedReader(file)) {
      judged = read(r);
    }
    Db db = data == null ? Fixtures.db() : Db.embedded(data);
    if (data == null) IncidentsBootstrap.loadBundled(db);
    try (db; IncidentSearch s = IncidentSearch.open(null)) {
      long t0 = System.nanoTime();
      s.catchUp(db);
      System.out.printf("indexed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      if (pool > 0) {
        Map<Long, List<String>> members = new HashMap<>();
        db.read(c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT m.incident_id, r.source, r.source_id, r.title FROM incident_members m JOIN incident_records r ON r.id = m.record_id");
               ResultSet rs = ps.executeQuery()) {
            while (rs.next()) members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2) + ":" + rs.getString(3) + " " + rs.getString(4));
          }
          return null;
        });
        for (Judged j : judged) {
          System.out.println("## " + j.query());
          List<Long> top = ranked(db, s, j.query());
          for (int i = 0; i < Math.min(pool, top.size()); i++) for (String m : members.get(top.get(i))) System.out.println("  " + (i + 1) + " " + m);
        }
        return;
      }
      if (time > 0) { // the judged queries' search time (IncidentSearch.find, best 5,000 records, fallbacks included)
        for (Judged j : judged) s.find(db, j.query(), 5000); // warm-up
        List<Double> ms = new ArrayList<>();
        Map<String, List<Double>> per = new java.util.LinkedHashMap<>();
        for (int round = 0; round < time; round++) {
          for (Judged j : judged) {
            long t = System.nanoTime();
            s.find(db, j.query(), 5000);
            double d = (System.nanoTime() - t) / 1e6;
            ms.add(d);
            per.computeIfAbsent(j.query(), k -> new ArrayList<>()).add(d);
          }
        }
        if (!quiet) per.forEach((q, l) -> System.out.printf("%-44s median %.2f ms%n", q, l.stream().sorted().toList().get(l.size() / 2)));
        java.util.Collections.sort(ms);
        System.out.printf("search time, %d judged queries x %d rounds: median %.2f ms, p95 %.2f ms, max %.2f ms%n", judged.size(), time,
            ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.95)), ms.get(ms.size() - 1));
        return;
      }
      List<Score> scores = score(db, s, judged);
      if (!quiet) {
        for (Score x : scores)
          System.out.printf("%-44s %-4s first relevant %-4s R@10 %.2f R@50 %.2f P@10 %.2f  %d relevant of %d hits%s%n", x.j().query(), x.j().kind(),
              x.rank() == 0 ? "-" : Integer.toString(x.rank()), x.r10(), x.r50(), x.p10(), x.relevantIncidents(), x.hits(), x.fallback() == null ? "" : " (" + x.fallback() + ")");
      }
      System.out.print(summary(scores));
    }
  }

  private SearchJudged() {}
}
