package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CrosswalkTest {
  final RuleBase rb = RuleBase.standard();

  @Test
  void riskManagementLinksEuNistAndIso() {
    Obligation art9 = rb.obligations().get("eu.o.art9.risk-management");
    List<String> others = art9.links.stream().map(l -> l.other(art9).id).toList();
    assertTrue(others.containsAll(List.of("us.nist.map-1", "us.nist.manage-1", "iso.6.1")), others.toString());
  }

  /** A duty counts towards a revoked order's duty only while the order stood: EO 14110's links end on 2025-01-20. */
  @Test
  void nothingCountsTowardsARevokedOrder() {
    RulesApi api = new RulesApi(rb);
    String profile = "{\"jurisdictions\":[\"EU\",\"US\"],\"role\":[\"provider\"],\"gpai_model\":true,\"training_compute_flop\":3e26}";
    java.util.function.Function<String, List<String>> towardsUs = on -> {
      Classification.Result eu = api.classify(profile, RulesApi.parseOn(on)).get("EU");
      return java.util.stream.Stream.concat(eu.obligations.stream(), eu.upcoming == null ? java.util.stream.Stream.empty() : eu.upcoming.stream())
        .filter(d -> d.id().equals("eu.o.art52.1.notify")).flatMap(d -> d.also_counts_towards() == null ? java.util.stream.Stream.empty()
            : d.also_counts_towards().stream()).map(Classification.Link::id).toList();
    };
    assertTrue(towardsUs.apply("2024-12-01").contains("us.eo14110.4.2.a.i.model-reporting"), "while EO 14110 stood");
    assertFalse(towardsUs.apply("2026-01-01").contains("us.eo14110.4.2.a.i.model-reporting"), "after its revocation");
  }

  @Test
  void gapsAreDutiesWithoutALinkToTheOtherRegime() {
    List<Obligation> gaps = rb.gaps("EU", "US");
    List<String> ids = gaps.stream().map(o -> o.id).toList();
    assertTrue(ids.contains("eu.o.art48.ce-marking"), "CE marking has no US counterpart");
    assertFalse(ids.contains("eu.o.art9.risk-management"));
    for (Obligation o : gaps) for (CrosswalkLink l : o.links) assertFalse(l.other(o).set.jurisdiction.equals("US"));
    // symmetric query: the other direction sees the same links
    assertEquals(rb.links("EU", "US").size(), rb.links("US", "EU").size());
    assertTrue(rb.gaps("US", "EU").stream().anyMatch(o -> o.id.equals("us.nist.govern-3")));
  }

  @Test
  void exportCommandsWriteCsv(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.csv"), cw = dir.resolve("cw.csv");
    assertEquals(0, new CommandLine(new RulesCommand()).execute("export", "--what", "rules", "--out", rules.toString()));
    assertEquals(0, new CommandLine(new RulesCommand()).execute("export", "--what", "crosswalk", "--out", cw.toString()));
    try (CSVParser p = CSVParser.parse(Files.readString(rules), CSVFormat.DEFAULT.builder().setHeader().build())) {
      List<CSVRecord> recs = p.getRecords();
      assertEquals(rb.obligations().size(), recs.size());
      CSVRecord art5 = recs.stream().filter(r -> r.get("obligation_id").equals("eu.o.art5.1.a")).findFirst().orElseThrow();
      assertEquals("2025-02-02", art5.get("applies_from"));
      assertEquals("Regulation (EU) 2024/1689, Art. 5(1)(a)", art5.get("citation"));
      assertEquals("hard", art5.get("binding"));
      assertTrue(recs.stream().anyMatch(r -> r.get("rule_set").equals("us-nist-ai-rmf") && r.get("binding").equals("soft")));
    }
    try (CSVParser p = CSVParser.parse(Files.readString(cw), CSVFormat.DEFAULT.builder().setHeader().build())) {
      assertEquals(rb.links().size(), p.getRecords().size());
    }
    assertEquals(2, new CommandLine(new RulesCommand()).execute("export", "--what", "nonsense"));
  }

  @Test
  void classifyCommandPrintsJsonAndRefusesBadProfiles(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("p.json"), bad = dir.resolve("bad.json");
    Files.writeString(good, "{\"jurisdictions\":[\"EU\"],\"gpai_model\":true,\"training_compute_flop\":3e25}");
    Files.writeString(bad, "{\"jurisdictions\":[\"EU\"],\n \"placed_on_market\":\"2025-13-01\"}");
    PrintStream old = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, "UTF-8"));
      System.setErr(new PrintStream(err, true, "UTF-8"));
      assertEquals(0, new CommandLine(new ClassifyCommand()).execute(good.toString(), "--on", "2026-01-01"));
      assertEquals(2, new CommandLine(new ClassifyCommand()).execute(bad.toString()));
    } finally {
      System.setOut(old);
      System.setErr(oldErr);
    }
    String json = out.toString("UTF-8");
    assertTrue(json.contains("\"gpai\" : \"gpai-systemic\""), json);
    assertTrue(err.toString("UTF-8").contains("placed_on_market"), err.toString("UTF-8"));
  }
}
