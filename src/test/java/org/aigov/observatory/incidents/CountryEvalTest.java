package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval --countries: the text's countries against the editors' on the records that have both. */
class CountryEvalTest {
  @TempDir Path tmp;

  @Test
  void microAveragedOverRecordCountryPairs() {
    CountryEval.Score s = CountryEval.score(List.of(
        new CountryEval.Case("a", List.of("US"), Set.of("US")), // right
        new CountryEval.Case("b", List.of("US", "GB"), Set.of("US", "FR")), // one right, one extra, one missed
        new CountryEval.Case("c", List.of("DE"), Set.of()))); // missed, none found
    assertEquals(3, s.records());
    assertEquals(2, s.truePos());
    assertEquals(1, s.falsePos());
    assertEquals(2, s.falseNeg());
    assertEquals(1, s.exact());
    assertEquals(1, s.noneFound());
    assertEquals(2 / 3.0, s.precision(), 1e-12);
    assertEquals(0.5, s.recall(), 1e-12);
    assertEquals(2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5), s.f1(), 1e-12);
    assertTrue(s.line("x").contains("precision 0.667, recall 0.500"), s.line("x"));
  }

  /** Only CSET-labelled incidents are cases; their gold is CSET's, and the text is read as the ingest reads it. */
  @Test
  void readsTheSnapshotAsTheIngestDoes() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    Files.writeString(snap.resolve("classifications_CSETv1.csv"), "Incident ID,Location Country (two letters),Sector of Deployment\n"
        + "337,US,transportation\n72,\"IL, PS\",\n40,,law enforcement\n");
    Map<String, CountryEval.Case> byId = CountryEval.aiid(snap).stream().collect(Collectors.toMap(CountryEval.Case::id, c -> c));
    assertEquals(Set.of("337", "72"), byId.keySet(), "40 has no country label, the rest no CSET row");
    assertEquals(List.of("US"), byId.get("337").gold());
    assertEquals(List.of("IL", "PS"), byId.get("72").gold());
    assertTrue(byId.get("337").found().contains("US"), "Texas names its country: " + byId.get("337"));

    Path aiaaic = Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv"));
    List<CountryEval.Case> entries = CountryEval.aiaaic(aiaaic);
    CountryEval.Case alexa = entries.stream().filter(c -> c.id().equals("AIAAIC090")).findFirst().orElseThrow();
    assertEquals(List.of("DE"), alexa.gold());
    assertEquals(Set.of(), alexa.found(), "the headline names no country");
  }
}
