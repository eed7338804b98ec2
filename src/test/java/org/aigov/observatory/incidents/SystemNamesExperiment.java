package org.aigov.observatory.incidents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Scratch harness (not shipped, not a test): does appending AI system names to a test text, as newer AIID snapshots'
 * implicated_systems will be, move the bag-of-words model trained on texts without them? Stand-in names: the
 * "System name(s)" of the AIAAIC entry merged with each labelled incident. Same folds, seeds and newest fifth as `eval`.
 * java -cp target/test-classes:target/classes:$(cat cp) org.aigov.observatory.incidents.SystemNamesExperiment [../shared/data]
 */
public final class SystemNamesExperiment {
  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    Map<String, String> aiaaicOf = new HashMap<>();
    List<String> evidence = Files.readAllLines(Path.of("src/main/resources/incidents/aiaaic-evidence.csv"));
    for (String line : evidence.subList(1, evidence.size())) {
      String[] f = line.split(",", 3);
      aiaaicOf.putIfAbsent(f[0], f[1]);
    }
    Map<String, String> systems = new HashMap<>();
    try (CsvStream csv = new CsvStream(Files.newInputStream(shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv")), 0, 1, ',')) {
      for (CsvStream.Row r; (r = csv.next()) != null; ) {
        if (r.fields().size() < 8) continue;
        String id = r.fields().get(0).strip().toUpperCase(Locale.ROOT), sys = r.fields().get(7).strip();
        if (id.startsWith("AIAAIC") && !sys.isEmpty()) systems.put(id, sys);
      }
    }
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    Map<String, String> extra = new HashMap<>();
    for (RiskModel.Example e : all) {
      String s = systems.get(aiaaicOf.get(e.id()));
      if (s == null) continue;
      StringBuilder sb = new StringBuilder();
      for (String part : s.split("[;\n,]"))
        if (!part.isBlank()) sb.append(' ').append(part.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-|-$", ""));
      extra.put(e.id(), sb.toString());
    }
    System.out.println("incidents with system names: " + extra.size());
    for (boolean cv : new boolean[] {true, false}) {
      double[] base = new double[5], with = new double[5], baseSub = new double[5], withSub = new double[5];
      for (int seed = 1; seed <= 5; seed++) {
        List<String> g = new ArrayList<>(), p0 = new ArrayList<>(), p1 = new ArrayList<>(), gs = new ArrayList<>(), p0s = new ArrayList<>(), p1s = new ArrayList<>();
        for (Eval.Split sp : cv ? Eval.splits(all, 5).subList(0, 5) : List.of(Eval.newestFifth(all))) {
          RiskModel m = RiskModel.train(sp.train(), seed);
          for (RiskModel.Example e : sp.test()) {
            String x = extra.get(e.id());
            String q0 = m.predict(e.text()), q1 = x == null ? q0 : m.predict(e.text() + x);
            g.add(e.label());
            p0.add(q0);
            p1.add(q1);
            if (x != null) {
              gs.add(e.label());
              p0s.add(q0);
              p1s.add(q1);
            }
          }
        }
        base[seed - 1] = RiskModel.macroF1(g, p0);
        with[seed - 1] = RiskModel.macroF1(g, p1);
        baseSub[seed - 1] = RiskModel.macroF1(gs, p0s);
        withSub[seed - 1] = RiskModel.macroF1(gs, p1s);
      }
      System.out.printf(Locale.ROOT, "%s: macro-F1 %.4f -> %.4f with names; incidents with names alone %.4f -> %.4f (mean of seeds 1-5)%n",
          cv ? "5-fold CV" : "newest fifth", mean(base), mean(with), mean(baseSub), mean(withSub));
    }
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }
}
