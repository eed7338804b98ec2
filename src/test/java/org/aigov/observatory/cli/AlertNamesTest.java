package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;
import org.aigov.observatory.web.Observatory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts are stored once, with their explanation, by whichever scanner sees the spike first: the `alerts` and `monitor`
 * commands and the server's loop all name a country series by the store's registry (国家：美国, not 国家：US).
 */
class AlertNamesTest {
  @TempDir Path tmp;

  @Test
  void theAlertsAndMonitorCommandsNameCountriesByTheRegistry() throws Exception {
    for (String command : List.of("alerts", "monitor")) {
      Path data = tmp.resolve(command);
      try (Db db = Db.embedded(data)) {
        new Registry(db, null, null).create(unitedStates(), "t");
      }
      Path f = burst(tmp.resolve(command + ".jsonl"));
      assertEquals(0, Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster"));
      int code = command.equals("alerts")
          ? Main.commandLine().execute("cluster", "--data", data.toString()) + Main.commandLine().execute("alerts", "--data", data.toString(),
              "--subscribe", "country=US&granularity=month", "--no-deliver")
          : Main.commandLine().execute("alerts", "--data", data.toString(), "--subscribe", "country=US&granularity=month", "--no-deliver")
              + Main.commandLine().execute("monitor", "--once", "--data", data.toString());
      assertEquals(0, code, command);
      List<String> zh = countryAlerts(data);
      assertEquals(1, zh.size(), command + ": " + zh);
      assertTrue(zh.get(0).startsWith("符合条件（国家：美国）的事件：2024-03 期间 "), command + ": " + zh);
      // the stored alerts, listed by the command line too (they were visible only through the API)
      java.io.PrintStream o = System.out;
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        assertEquals(0, Main.commandLine().execute("alerts", "--data", data.toString(), "--list", "--series", "granularity=month&country=US"));
      } finally {
        System.setOut(o);
      }
      String listed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(listed.startsWith("1 alerts of granularity=month;country=us\n#"), listed);
      assertTrue(listed.contains("granularity=month;country=us  2024-03") && listed.contains(zh.get(0)), listed);
    }
  }

  /** The commands refuse a threshold no test can mean, as the API does, before they store a subscription or an alert. */
  @Test
  void aThresholdOutsideZeroToOneIsRefusedBeforeAnythingIsStored() throws Exception {
    Path data = tmp.resolve("alpha");
    Path f = burst(tmp.resolve("alpha.jsonl"));
    assertEquals(0, Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString()));
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    assertEquals(2, cl.execute("alerts", "--data", data.toString(), "--alpha", "5", "--subscribe", "granularity=month", "--no-deliver"));
    assertTrue(err.toString().contains("alpha") && err.toString().contains("between 0 and 1"), err.toString());
    assertEquals(2, Main.commandLine().execute("alerts", "--data", data.toString(), "--window", "1", "--no-deliver"));
    assertEquals(2, Main.commandLine().execute("trends", "--data", data.toString(), "--spikes", "--alpha", "-1"));
    try (Db db = Db.embedded(data)) {
      assertEquals(0L, ((Number) db.read(c -> Sql.value(c, "SELECT COUNT(*) FROM incident_alerts"))).longValue());
      assertEquals(0L, ((Number) db.read(c -> Sql.value(c, "SELECT COUNT(*) FROM incident_subscriptions"))).longValue());
    }
    assertEquals(0, Main.commandLine().execute("alerts", "--data", data.toString(), "--alpha", "0.05", "--no-deliver"), "a probability is taken");
  }

  @Test
  void theServersMonitorIsGivenTheRegistrysNames() {
    try (Observatory obs = Observatory.inMemory("alert-names-" + System.nanoTime())) {
      obs.registry.create(unitedStates(), "t");
      var o = ServeCommand.monitorOptions(obs, 30, 60);
      assertEquals(Text.of("美国", "United States"), o.names.of(List.of("us", "xx")).get("us"));
      assertEquals(1, o.names.of(List.of("us", "xx")).size(), "an id the registry lacks has no name");
    }
  }

  private static Entry unitedStates() {
    Entry e = new Entry();
    e.id = "us";
    e.kind = "actor";
    e.type = "state";
    e.name = Text.of("美国", "United States");
    return e;
  }

  /** One report on the United States a month through 2023, then a burst in March 2024 (test resource). */
  private static Path burst(Path f) throws Exception {
    try (var in = AlertNamesTest.class.getResourceAsStream("/incidents/us-burst.jsonl")) {
      Files.copy(in, f);
    }
    return f;
  }

  /** The Chinese explanations of the stored alerts of country series. */
  private static List<String> countryAlerts(Path data) {
    try (Db db = Db.embedded(data)) {
      return db.read(c -> {
        List<String> out = new ArrayList<>();
        for (var row : Sql.rows(c, "SELECT explanation FROM incident_alerts WHERE series_key LIKE '%country=%'")) {
          String[] ex = ((String) row.get("explanation")).split("\n", 2);
          out.add(ex[1]);
        }
        return out;
      });
    }
  }
}
