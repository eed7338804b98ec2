package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command; and it checks what the API checks: a jurisdiction as the registry spells it, or an error naming it. */
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

  private record Run(int code, String out) {}

  private Run run(String... args) {
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--data";
      all[args.length + 1] = tmp.resolve("store").toString();
      return new Run(org.aigov.observatory.cli.Main.commandLine().execute(all), printed.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void pathsTakeJurisdictionsAsTheRegistrySpellsThem() {
    Run us = run("analyze", "paths", "--jurisdictions", "us", "--format", "csv", "--table", "paths_profiles");
    assertEquals(0, us.code(), us.out());
    assertTrue(us.out().lines().anyMatch(l -> l.startsWith("US,")), us.out());
    assertEquals(2, run("analyze", "paths", "--jurisdictions", "XX,us", "--format", "csv").code(), "an unknown code is an error, not zeros");
    assertEquals(2, run("analyze", "paths", "--table", "paths_profiles").code(), "--table needs --format csv");
  }
}
