package org.aigov.observatory.incidents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How well the countries found in a record's text agree with the countries the monitors' editors gave: CSET's "Location
 * Country" on AIID incidents, AIAAIC's "Country(ies)". The product keeps the editors' countries where a record has them
 * and reads the text only where it has none (feeds, posted and bulk reports, unlabelled AIID incidents), so this measures
 * the gazetteer where it stands in, on the records where the answer is known.
 */
final class CountryEval {
  private CountryEval() {}

  /** One record: the editors' countries and those the text names (ISO codes). */
  record Case(String id, List<String> gold, Set<String> found) {}

  /** Micro-averaged over (record, country) pairs, plus the share of records whose set is exactly right and of those with none found. */
  record Score(int records, int truePos, int falsePos, int falseNeg, int exact, int noneFound) {
    double precision() {
      return truePos + falsePos == 0 ? Double.NaN : truePos / (double) (truePos + falsePos);
    }

    double recall() {
      return truePos + falseNeg == 0 ? Double.NaN : truePos / (double) (truePos + falseNeg);
    }

    double f1() {
      double p = precision(), r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    String line(String name) {
      return String.format(Locale.ROOT, "%s: %d records with the editors' countries; precision %.3f, recall %.3f, F1 %.3f"
          + " (%d right, %d extra, %d missed); exact set %d (%.1f %%), none found %d", name, records, precision(), recall(), f1(),
          truePos, falsePos, falseNeg, exact, records == 0 ? 0 : 100.0 * exact / records, noneFound);
    }
  }

  static Score score(List<Case> cases) {
    int tp = 0, fp = 0, fn = 0, exact = 0, none = 0;
    for (Case c : cases) {
      Set<String> gold = new HashSet<>(c.gold());
      for (String f : c.found()) if (gold.contains(f)) tp++;
      else fp++;
      for (String g : gold) if (!c.found().contains(g)) fn++;
      if (gold.equals(c.found())) exact++;
      if (c.found().isEmpty()) none++;
    }
    return new Score(cases.size(), tp, fp, fn, exact, none);
  }

  /**
   * The AIID incidents of {@code snapshot} that CSET labelled with a country, as the ingest reads them: the text is what the
   * classifier reads (title, description, the named parties), the labels those the ingest would store.
   */
  static List<Case> aiid(Path snapshot) throws IOException {
    Path incidents = AiidSnapshotFiles.file(snapshot, "incidents.csv");
    AiidTaxonomy tax = AiidTaxonomy.load(snapshot, new Ingest.Report(), null);
    return cases(new Ingest.AiidIncidentSource(Ingest.open(incidents, 0), 0, 1, null, tax, "incidents.csv"));
  }

  /** AIAAIC entries with a country column: the text is the headline (an entry has no other), with its named parties. */
  static List<Case> aiaaic(Path csv) throws IOException {
    return cases(new Ingest.AiaaicSource(Ingest.open(csv, 0), 0, 1, String.valueOf(csv.getFileName())));
  }

  private static List<Case> cases(Ingest.ItemSource source) throws IOException {
    Gazetteer g = Gazetteer.get();
    List<Case> out = new ArrayList<>();
    try (source) {
      Ingest.Item it;
      while ((it = source.next()) != null) {
        Rec r = it.rec();
        if (r == null) continue;
        List<String> gold = g.codes(r.countries);
        if (gold.isEmpty()) continue;
        out.add(new Case(r.sourceId, gold, g.inText(Classifier.inputText(r))));
      }
    }
    return out;
  }

  /** Prints both monitors' figures (eval --countries); {@code extras}: also every record where the text names a country the editors did not. */
  static void print(Path shared, boolean extras) throws IOException {
    Path snapshot = shared.resolve("aiid-2025-03"), aiaaic = shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv");
    AiidSnapshotFiles.requireShared(shared, null);
    System.out.println("countries found in the text against the monitors' editors' (the gazetteer where a record has none of its own):");
    List<Case> a = aiid(snapshot), b = aiaaic(aiaaic);
    System.out.println("  " + score(a).line("AIID title and description against CSET's Location Country"));
    System.out.println("  " + score(b).line("AIAAIC headline against its Country(ies) column"));
    if (!extras) return;
    for (List<Case> cs : List.of(a, b))
      for (Case c : cs) {
        List<String> extra = c.found().stream().filter(x -> !c.gold().contains(x)).sorted().toList();
        if (!extra.isEmpty()) System.out.println("  extra: " + c.id() + " found " + extra + ", editors " + c.gold());
      }
  }
}
