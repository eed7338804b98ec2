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
    // a UTF-16 file (a spreadsheet's "Unicode text") is refused by name, not read as NULs; nothing stored is touched
    Path wide = dir.resolve("wide.jsonl");
    Files.write(wide, "{\"url\":\"https://example.org/w\",\"title\":\"Wide\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));
    assertEquals(2, Main.commandLine().execute("ingest", "jsonl", wide.toString(), "--data", data.toString(), "--no-cluster"));
    assertEquals(2, Main.commandLine().execute("ingest", "csv", f.toString(), "--data", data.toString()));
  }

  /** A script chaining ingest, cluster and export must stop when nothing of a feed could be read, or it is over the cap. */
  @Test
  void aFeedOfWhichNothingCanBeReadOrOverTheCapExitsTwoAndStoresNothing() throws Exception {
    String data = dir.resolve("data").toString();
    Path good = dir.resolve("good.xml"), html = dir.resolve("page.xml"), big = dir.resolve("big.xml");
    String item = "<item><title>Drone strike misidentifies %d</title><link>https://news.example/%d</link><description>An autonomous drone %d.</description></item>";
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>");
    for (int i = 0; i < 3; i++) sb.append(String.format(item, i, i, i));
    Files.writeString(good, sb + "</channel></rss>");
    Files.writeString(html, "<html><body><p>Not a feed</p></body></html>");
    for (int i = 3; i < 400; i++) sb.append(String.format(item, i, i, i));
    Files.writeString(big, sb + "</channel></rss>");
    assertEquals(0, Main.commandLine().execute("ingest", "feed", good.toString(), "--data", data, "--no-cluster"));
    assertEquals(2, Main.commandLine().execute("ingest", "feed", html.toString(), "--data", data, "--no-cluster"));
    // over the cap, a file is refused whole (as a fetched feed is), not cut at an arbitrary item
    assertEquals(2, Main.commandLine().execute("ingest", "feed", big.toString(), "--data", data, "--no-cluster", "--max-feed-bytes", "20000"));
    assertEquals(2, Main.commandLine().execute("ingest", "feed", good.toString(), "--data", data, "--no-cluster", "--max-feed-bytes", "-1"));
    assertEquals(2, Main.commandLine().execute("ingest", "feed", good.toString(), "--data", data, "--no-cluster", "--timeout", "0"));
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(dir.resolve("data"))) {
      assertEquals(3L, (long) db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM incident_records")) {
          rs.next();
          return rs.getLong(1);
        }
      }), "the good feed's items, nothing of the others");
    }
  }
}
