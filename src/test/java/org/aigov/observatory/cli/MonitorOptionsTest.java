package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor loop's timing options are checked before any store is opened. */
class MonitorOptionsTest {
  @TempDir Path tmp;

  @Test
  void aNegativeWaitStopsServeWithOneLineAndNoStore() {
    for (String[] bad : new String[][] {{"--cluster-gap", "-1"}, {"--monitor-every", "-5"}}) {
      Path data = tmp.resolve("s" + bad[0].length());
      PrintStream err = System.err;
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = Main.commandLine().execute("serve", bad[0], bad[1], "--data", data.toString(), "--port", "0");
      } finally {
        System.setErr(err);
      }
      String said = buf.toString(StandardCharsets.UTF_8);
      assertEquals(2, code, said);
      assertTrue(said.contains(bad[0]) && said.contains(bad[1]), "names the option and the value: " + said);
      assertFalse(said.contains("\tat "), "no stack trace: " + said);
      assertFalse(Files.exists(data), "no store was opened");
    }
  }

  /** A round is said in words, and a round that another monitor leads says so (it printed "{leader=false}"). */
  @Test
  void aRoundIsDescribedInWords() {
    java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
    r.put("leader", true);
    r.put("feeds_polled", 2);
    r.put("items_added", 5);
    r.put("alerts_created", 1);
    r.put("errors", "feed 3: timed out");
    assertEquals("2 feeds polled, 5 items added; 1 alerts created; errors: feed 3: timed out",
        org.aigov.observatory.incidents.MonitorCommand.describe(r));
    assertTrue(org.aigov.observatory.incidents.MonitorCommand.describe(java.util.Map.of("leader", false)).startsWith("another monitor"));
    assertEquals("another monitor (elsewhere/7/1/x) holds the lead on this store until 2026-12-05T10:00:00Z; this round did nothing",
        org.aigov.observatory.incidents.MonitorCommand.describe(java.util.Map.of("leader", false,
            "waiting_for_lease", java.util.Map.of("holder", "elsewhere/7/1/x", "until", "2026-12-05T10:00:00Z"))), "whose lease, until when");
  }

  @Test
  void aNegativeWaitStopsMonitorToo() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.commandLine().execute("monitor", "--once", "--cluster-gap", "-1", "--data", tmp.resolve("m").toString());
    } finally {
      System.setErr(err);
    }
    String said = buf.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, said);
    assertTrue(said.contains("--cluster-gap"), said);
    assertFalse(Files.exists(tmp.resolve("m")), "no store was opened");
  }
}
