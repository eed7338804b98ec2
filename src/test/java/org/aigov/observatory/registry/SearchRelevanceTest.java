package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.TestStores;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Judged queries over the bundled registry (seed, countries, AGORA): for each, the records an analyst
 * is looking for and the rank it must reach, and records that must not crowd the first five.
 * Prints MRR and success@1/@3 for docs/registry.md.
 */
class SearchRelevanceTest {
  static Db db;
  static Registry r;

  record Judged(String query, List<String> relevant, int within, List<String> notWithin5) {}

  @BeforeAll
  static void load() throws Exception {
    db = TestStores.h2();
    r = new Registry(db, null, SearchIndex.inMemory());
    Importers imp = new Importers(r);
    try (InputStream in = res("/registry/seed/registry-seed.json")) {
      imp.importJson(in, "seed", false, org.aigov.observatory.kernel.Progress.silent());
    }
    try (InputStream in = res("/registry/countries/iso3166-un-regions.csv")) {
      imp.importCountries(Importers.csvReader(in), "countries", false, org.aigov.observatory.kernel.Progress.silent());
    }
    try (InputStream a = res("/registry/agora/authorities.csv"); InputStream d = res("/registry/agora/documents.csv")) {
      imp.importAgora(Importers.csvReader(a), Importers.csvReader(d), false, org.aigov.observatory.kernel.Progress.silent());
    }
    r.refreshSearch();
  }

  @AfterAll
  static void close() {
    if (db != null) db.close();
  }

  static InputStream res(String p) {
    return SearchRelevanceTest.class.getResourceAsStream(p);
  }

  static List<Judged> judged() throws Exception {
    List<Judged> out = new ArrayList<>();
    try (var in = Importers.csvReader(res("/registry/relevance.csv"))) {
      for (CSVRecord c : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in))
        out.add(new Judged(c.get("query"), List.of(c.get("relevant").split("\\|")), Integer.parseInt(c.get("within")),
            c.get("not_within_5").isBlank() ? List.of() : List.of(c.get("not_within_5").split("\\|"))));
    }
    return out;
  }

  static List<String> top(String q, int n) {
    SearchIndex.Result res = r.search().search(new SearchIndex.Request(q, Map.of(), null, null, null, 0, n, false));
    return res.hits().stream().map(SearchIndex.Hit::id).toList();
  }

  @Test
  void judgedQueriesFindWhatAnalystsLookFor() throws Exception {
    List<Judged> all = judged();
    assertTrue(all.size() >= 40, "judged set loaded");
    List<String> failures = new ArrayList<>();
    double rr = 0;
    int at1 = 0, at3 = 0;
    for (Judged j : all) {
      List<String> ids = top(j.query(), 10);
      int rank = 0;
      for (int i = 0; i < ids.size() && rank == 0; i++) if (j.relevant().contains(ids.get(i))) rank = i + 1;
      if (rank > 0) rr += 1.0 / rank;
      if (rank == 1) at1++;
      else System.out.println("search relevance: '" + j.query() + "' first relevant at rank " + (rank == 0 ? "none" : rank) + ": " + ids.subList(0, Math.min(3, ids.size())));
      if (rank >= 1 && rank <= 3) at3++;
      if (rank == 0 || rank > j.within()) failures.add(j.query() + " → rank " + (rank == 0 ? "none in 10" : rank) + " (want ≤ " + j.within() + "): " + ids);
      for (String bad : j.notWithin5())
        if (ids.subList(0, Math.min(5, ids.size())).contains(bad)) failures.add(j.query() + " → " + bad + " in the first five: " + ids);
    }
    System.out.printf("search relevance: %d judged queries, MRR@10 %.3f, success@1 %d, success@3 %d%n", all.size(), rr / all.size(), at1, at3);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}
