package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    // with Excel's byte-order mark, and the country spelt in lower case: it is Iceland, not a country "is"
    Files.writeString(csv, "\uFEFFid,name_en,country,developer,developer_type,deployment\nz1,Z,is,Co,new_commercial,offensive\n");
    Path out = tmp.resolve("m.csv");
    int rc = new CommandLine(new AnalyzeCommand()).execute("military", "--format", "csv", "--table", "military_shares",
        "--military-csv", csv.toString(), "--out", out.toString());
    assertEquals(0, rc);
    assertTrue(Files.readString(out).contains("IS,offensive,1,0.0000,0.0000,1.0000"), Files.readString(out));
    // an id the bundled dataset has counted one system twice; a code no country has made a country of its own
    for (String[] bad : new String[][] {{"atlas,Foo,US,Acme,new_commercial,offensive", "id: line 2: 'atlas' is used already"},
        {"z2,Foo,UK,Acme,new_commercial,offensive", "country: line 2 (z2): not an ISO 3166 country code"}}) {
      Files.writeString(csv, "id,name_en,country,developer,developer_type,deployment\n" + bad[0] + "\n");
      org.aigov.observatory.kernel.ApiException e = assertThrows(org.aigov.observatory.kernel.ApiException.class,
          () -> MilitaryAi.fromCsv(new java.io.StringReader(Files.readString(csv)), java.util.Set.copyOf(MilitaryAi.bundled().stream().map(MilitaryAi.System::id).toList())));
      assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
    }
    assertEquals(2, org.aigov.observatory.cli.Main.commandLine().execute("analyze", "military", "--military-csv", tmp.resolve("nosuch.csv").toString()));
  }

  /** Review of 2026-12-04: an unwritable --out was a stack trace (exit 1); --jurisdictions elsewhere than paths was ignored. */
  @Test
  void outThatCannotBeWrittenAndJurisdictionsOutOfPlaceAreUsageErrors() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a-folder"));
    assertEquals(2, org.aigov.observatory.cli.Main.commandLine().execute("analyze", "military", "--format", "csv", "--out", dir.toString()));
    assertEquals(2, org.aigov.observatory.cli.Main.commandLine().execute("analyze", "military", "--jurisdictions", "US"));
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    assertEquals(2, org.aigov.observatory.cli.Main.commandLine().execute("report", "--lang", "en", "--out", file.resolve("sub").toString(),
        "--data", tmp.resolve("store2").toString()));
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

  /**
   * A store that is there is read as it is: analyze used to load the bundled data into it, 2,806 entries into its
   * append-only log (review of 2026-12-04). An existing store with no records is refused, nothing written.
   */
  @Test
  void aStoreThatIsThereIsReadNotToppedUp() {
    Path dir = tmp.resolve("store");
    long logBefore;
    java.util.Map<String, Long> countsBefore;
    try (var obs = org.aigov.observatory.web.Observatory.open(dir, null)) {
      Graph plain = RegimeComplexTest.complex();
      obs.db.tx(c -> {
        for (var e : plain.nodes.values()) obs.registry.upsert(c, e, "test");
        for (var e : plain.relations) obs.registry.upsert(c, e, "test");
        return null;
      });
      logBefore = obs.log.size();
      countsBefore = obs.registry.counts();
    }
    Run complex = run("analyze", "complex");
    assertEquals(0, complex.code(), complex.out());
    assertTrue(complex.out().contains("\"institutions\""), complex.out());
    try (var obs = org.aigov.observatory.web.Observatory.open(dir, null)) {
      assertEquals(logBefore, obs.log.size(), "nothing appended to the log");
      assertEquals(countsBefore, obs.registry.counts(), "no bundled records added");
      assertNull(obs.setting("bundled_data_version"));
    }
    Path empty = tmp.resolve("empty");
    org.aigov.observatory.web.Observatory.open(empty, null).close();
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = org.aigov.observatory.cli.Main.commandLine().execute("analyze", "complex", "--data", empty.toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, code);
    assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("holds no registry records"), err.toString());
    try (var obs = org.aigov.observatory.web.Observatory.open(empty, null)) {
      assertTrue(obs.registry.counts().isEmpty(), "still empty");
    }
  }

  /** University review of 2026-12-04: the "# table" and blank lines ended in LF, the rows in CRLF; now CRLF throughout (RFC 4180). */
  @Test
  void everyCsvLineEndsInCrlf() throws Exception {
    Path out = tmp.resolve("all.csv");
    assertEquals(0, new CommandLine(new AnalyzeCommand()).execute("military", "--format", "csv", "--out", out.toString()));
    String text = Files.readString(out);
    assertTrue(text.startsWith("# military_shares\r\n"), text.substring(0, 40));
    assertTrue(text.contains("\r\n\r\n# military_typology\r\n"), "a blank CRLF line between tables");
    assertFalse(text.replace("\r\n", "").contains("\n"), "a bare LF");
    assertTrue(text.endsWith("\r\n"));
  }

  /** The hard/soft chart draws a third bar (bills, unclassified) that the CSV now has too. */
  @Test
  void profilesHaveTheNeitherColumnTheChartDraws() {
    Run us = run("analyze", "paths", "--jurisdictions", "US", "--scope", "seed", "--format", "csv", "--table", "paths_profiles");
    assertEquals(0, us.code(), us.out());
    List<String> lines = us.out().lines().toList();
    List<String> head = List.of(lines.get(0).split(","));
    String[] row = lines.get(1).split(",");
    int n = Integer.parseInt(row[head.indexOf("instruments")]), hard = Integer.parseInt(row[head.indexOf("hard")]),
        soft = Integer.parseInt(row[head.indexOf("soft")]), neither = Integer.parseInt(row[head.indexOf("neither")]);
    assertEquals(n, hard + soft + neither);
    assertTrue(neither > 0, lines.get(1)); // the seed's US bills
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
