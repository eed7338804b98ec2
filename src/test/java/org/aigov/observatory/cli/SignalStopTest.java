package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest stopped by SIGTERM says so in a line (the embedded store closes under it at shutdown: it printed a 40-line
 * stack trace of "Database is already closed"), and the same command run again resumes and ends with every report.
 */
class SignalStopTest {
  @TempDir Path tmp;

  @Test
  void sigtermDuringIngestIsOneLineAndTheRerunResumes() throws Exception {
    Path file = tmp.resolve("big.jsonl");
    int n = 150_000;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++)
        w.write("{\"url\":\"https://example.org/r/" + i + "\",\"title\":\"Report " + i + " on a chatbot failure in city " + (i % 500)
            + "\",\"text\":\"A chatbot gave wrong advice " + i + " in town " + (i % 700) + ".\",\"published\":\"2024-01-" + String.format("%02d", 1 + i % 28)
            + "\",\"language\":\"en\"}\n");
    }
    Path data = tmp.resolve("data"), err = tmp.resolve("err.txt");
    Process p = ingest(file, data, err);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && percent(err) < 20) Thread.sleep(50); // well inside the ingest, writing
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(err);
    assertFalse(said.contains("\tat "), "no stack trace: " + said.substring(Math.max(0, said.length() - 2000)));
    // said once, in the same words, whether the JVM halted before the command heard of it (a shutdown hook says it) or not;
    // it said nothing in the first case, and named the exception ("(StoreException)") in the second
    assertEquals(1, said.split("stopped by a signal", -1).length - 1, said);
    assertTrue(said.contains(org.aigov.observatory.kernel.Signals.STOPPED + "\n") || said.endsWith(org.aigov.observatory.kernel.Signals.STOPPED), said);
    assertFalse(said.contains("Exception"), said);
    assertEquals(143, p.exitValue(), "128 + SIGTERM");
    Process again = ingest(file, data, tmp.resolve("err2.txt"));
    assertTrue(again.waitFor(300, TimeUnit.SECONDS));
    String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("err2.txt")));
    assertTrue(out.matches("(?s)\\d+ items: \\d+ inserted.*"), out);
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(data)) {
      assertEquals(n, ((Number) db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT COUNT(*) FROM incident_records"))).intValue(),
          "every report once, after the stop and the rerun: " + out);
    }
  }

  /** The last progress figure the command printed, 0 before any. */
  private static int percent(Path err) throws Exception {
    if (!Files.exists(err)) return 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\] (\\d+)% ").matcher(Files.readString(err));
    int last = 0;
    while (m.find()) last = Integer.parseInt(m.group(1));
    return last;
  }

  private static Process ingest(Path file, Path data, Path err) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.aigov.observatory.cli.Main",
        "ingest", "jsonl", file.toString(), "--data", data.toString(), "--no-cluster")
        .redirectError(err.toFile()).start();
  }
}
