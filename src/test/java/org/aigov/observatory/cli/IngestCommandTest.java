package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit status of `ingest`: a completed run is 0 even with rejected rows (unless --strict), unreadable input is 2. */
class IngestCommandTest {
  @TempDir Path dir;

  @Test
  void rejectedRowsFailOnlyAStrictRunAndUnreadableInputAlwaysFails() throws Exception {
    Path data = dir.resolve("data");
    Path f = dir.resolve("reports.jsonl");
    Files.writeString(f, "{\"url\":\"https://example.org/a\",\"title\":\"Chatbot leaks data\",\"published\":\"2024-01-02\"}\n{not json}\n");
    assertEquals(0, Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster"));
    Files.writeString(f, "{\"url\":\"https://example.org/b\",\"title\":\"Robot fails\",\"published\":\"2024-01-03\"}\n{not json either}\n");
    assertEquals(1, Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster", "--strict"));
    // the good row of the strict run is stored all the same
    Files.writeString(f, "{\"url\":\"https://example.org/b\",\"title\":\"Robot fails\",\"published\":\"2024-01-03\"}\n");
    assertEquals(0, Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster", "--strict"));
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(data)) {
      assertEquals(2L, (long) db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM incident_records")) {
          rs.next();
          return rs.getLong(1);
        }
      }));
    }
    assertEquals(2, Main.commandLine().execute("ingest", "jsonl", dir.resolve("missing.jsonl").toString(), "--data", data.toString()));
    assertEquals(2, Main.commandLine().execute("ingest", "csv", f.toString(), "--data", data.toString()));
  }
}
