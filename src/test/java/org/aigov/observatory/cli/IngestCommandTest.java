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

  /**
   * `--pages N` reads a paged feed (RFC 5005) N pages deep, each page stored when read; it says where to go on, follows
   * no link to another site or back to a page it read, and a later page that is not a feed exits 2 keeping the pages
   * before it.
   */
  @Test
  void aPagedFeedIsReadAsManyPagesAsAskedOnItsOwnSite() throws Exception {
    String data = dir.resolve("data").toString();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/paged", ex -> { // /paged?p=K: two items, and a next page up to p=4; p=9 links to itself
      int k = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
      StringBuilder b = new StringBuilder("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Paged</title>");
      if (k < 4) b.append("<link rel=\"next\" href=\"/paged?p=").append(k + 1).append("\"/>");
      if (k == 5) b.append("<link rel=\"next\" href=\"https://elsewhere.example/paged?p=6\"/>");
      if (k == 9) b.append("<link rel=\"next\" href=\"").append(base).append("/paged?p=9\"/>");
      if (k == 7) b.append("<link rel=\"next\" href=\"/broken\"/>");
      if (k == 10) b.append("<link rel=\"next\" href=\"/hop\"/>"); // on this site, redirected to another
      if (k == 11) b.append("<link rel=\"next\" href=\"http://user:secret@127.0.0.1:").append(server.getAddress().getPort()).append("/paged?p=12\"/>");
      if (k == 13) b.append("<link rel=\"next\" href=\"javascript:alert(1)\"/>");
      for (int i = 0; i < 2; i++)
        b.append("<entry><id>urn:paged:").append(k).append('-').append(i).append("</id><title>Drone misidentifies target ").append(k).append(' ').append(i)
            .append("</title><link href=\"https://news.example/").append(k).append('/').append(i).append("\"/><updated>2024-05-0").append(k % 9 + 1).append("T00:00:00Z</updated></entry>");
      byte[] body = b.append("</feed>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/hop", ex -> {
      ex.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/paged?p=1");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/broken", ex -> {
      byte[] body = "<html><body>gone</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=1", "--pages", "3", "--data", data, "--no-cluster"));
      assertEquals(6L, records(data));
      String said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(said.contains("page 3: " + base + "/paged?p=3"), said);
      assertTrue(said.contains("note: stopped at --pages 3; the next page is " + base + "/paged?p=4"), said);
      // going on from where it stopped: the last page names no next one
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=4", "--pages", "10", "--data", data, "--no-cluster"));
      assertEquals(8L, records(data));
      buf.reset();
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=5", "--pages", "10", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("not followed (on another site: https://elsewhere.example/paged?p=6)"), buf.toString());
      buf.reset();
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=9", "--pages", "10", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("not followed (a page already read)"), buf.toString());
      assertEquals(12L, records(data));
      buf.reset();
      assertEquals(2, Main.commandLine().execute("ingest", "feed", base + "/paged?p=7", "--pages", "10", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("the 1 page(s) before it are stored"), buf.toString());
      assertEquals(14L, records(data), "page 7 kept");
      // a later page's redirect to another site is refused as its link would be; the pages before it are stored
      buf.reset();
      assertEquals(2, Main.commandLine().execute("ingest", "feed", base + "/paged?p=10", "--pages", "5", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("error: feed page " + base + "/hop redirects to another site: http://localhost:"
          + server.getAddress().getPort() + "/paged?p=1 (page 2; the 1 page(s) before it are stored)"), buf.toString());
      assertEquals(16L, records(data));
      buf.reset();
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=11", "--pages", "5", "--data", data, "--no-cluster"));
      String said11 = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(said11.contains("note: page 1: the next page is not followed (its link carries a user:password@: " + base + "/paged?p=12)"), said11);
      assertFalse(said11.contains("secret"), said11);
      buf.reset();
      assertEquals(0, Main.commandLine().execute("ingest", "feed", base + "/paged?p=13", "--pages", "1", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("note: page 1: the next page is not followed (not an http(s) link: javascript:alert(1))"),
          buf.toString());
      assertEquals(20L, records(data));
      Path file = dir.resolve("f.xml");
      Files.writeString(file, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></feed>");
      buf.reset();
      assertEquals(2, Main.commandLine().execute("ingest", "feed", file.toString(), "--pages", "1", "--data", data, "--no-cluster"));
      assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).contains("--pages: follows the next pages of a feed at an http(s) URL"), buf.toString());
      assertEquals(2, Main.commandLine().execute("ingest", "feed", base + "/paged?p=1", "--pages", "0", "--data", data, "--no-cluster"));
      assertEquals(20L, records(data));
    } finally {
      System.setErr(err);
      server.stop(0);
    }
  }

  private static long records(String data) {
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(Path.of(data))) {
      return db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM incident_records")) {
          rs.next();
          return rs.getLong(1);
        }
      });
    }
  }
}
