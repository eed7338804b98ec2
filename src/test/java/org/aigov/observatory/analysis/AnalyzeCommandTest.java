package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
  @TempDir Path tmp;

  /** The adapter: the same hand-worked complex written to a registry store and read back through it. */
  @Test
  void graphFromRegistryMatchesPlainList() throws Exception {
    try (var obs = org.aigov.observatory.web.Observatory.inMemory("analysis-adapter")) {
      Graph plain = RegimeComplexTest.complex();
      obs.db.tx(c -> {
        for (var e : plain.nodes.values()) obs.registry.upsert(c, e, "test");
        for (var e : plain.relations) obs.registry.upsert(c, e, "test");
        return null;
      });
      var r = new RegimeComplex(Graph.of(obs.registry)).run();
      assertEquals(new RegimeComplex.Counts(8, 28, 7, 4, 6, 11), r.counts());
    }
  }

  @Test
  void militaryCsvWithExtraRows() throws Exception {
    Path csv = tmp.resolve("extra.csv");
    Files.writeString(csv, "id,name_en,country,developer,developer_type,deployment\nz1,Z,ZZ,Co,new_commercial,offensive\n");
    Path out = tmp.resolve("m.csv");
    int rc = new CommandLine(new AnalyzeCommand()).execute("military", "--format", "csv", "--table", "military_shares",
        "--military-csv", csv.toString(), "--out", out.toString());
    assertEquals(0, rc);
    assertTrue(Files.readString(out).contains("ZZ,offensive,1,0.0000,0.0000,1.0000"));
  }

  @Test
  void unknownAnalysisFails() {
    assertTrue(new CommandLine(new AnalyzeCommand()).execute("nonsense") != 0);
  }
}
