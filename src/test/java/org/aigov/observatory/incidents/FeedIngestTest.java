package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedIngestTest {
  @TempDir Path tmp;

  static final String RSS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>AI News</title><language>en</language>
      <item><title>Chatbot gives dangerous advice</title><link>https://news.example.com/1</link>
        <description>&lt;p&gt;A chatbot told users to &lt;b&gt;mix bleach&lt;/b&gt;.&lt;/p&gt;</description>
        <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><dc:creator>Jane Roe</dc:creator><guid>https://news.example.com/1</guid></item>
      <item><title>Bad date item</title><link>https://news.example.com/2</link><pubDate>yesterday</pubDate></item>
      <item><title>Second story</title><link>https://news.example.com/3</link><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate></item>
      </channel></rss>
      """;

  static final String ATOM = """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh"><title>军事新闻</title>
      <entry><title>军用机器人事故</title><link rel="alternate" href="https://zh.example.com/a"/><id>urn:x:1</id>
        <published>2024-03-05T08:00:00+08:00</published><author><name>李明</name></author><summary>国防部门的无人机出现故障。</summary></entry>
      </feed>
      """;

  @Test
  void anAggregatedEntrysSourceNamesItsOutletAndDoesNotReplaceItsTitle() throws Exception {
    String xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Planet AI</title>
        <entry><title>Drone misfires at range</title><link href="https://a.example/1"/><id>urn:x:1</id><updated>2024-03-05T08:00:00Z</updated>
          <source><id>urn:y</id><title>Defence Weekly</title><link href="https://dw.example/"/><updated>2025-01-01T00:00:00Z</updated></source></entry>
        </feed>
        """;
    String rss = """
        <rss version="2.0"><channel><title>Aggregator</title>
        <item><title>Chatbot leak</title><link>https://b.example/2</link><source url="https://tw.example/rss">Tech Wire</source></item>
        </channel></rss>
        """;
    try (Db db = Fixtures.db()) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      assertEquals(1, in.feedBody("https://planet.example/atom", xml.strip().getBytes(StandardCharsets.UTF_8)).inserted);
      assertEquals("Drone misfires at range", IngestTest.one(db, "SELECT title FROM incident_records WHERE url='https://a.example/1'"));
      assertEquals("Defence Weekly", IngestTest.one(db, "SELECT outlet FROM incident_records WHERE url='https://a.example/1'"));
      assertEquals("2024-03-05", IngestTest.one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE url='https://a.example/1'"));
      assertEquals(1, new Ingest(db, Classifier.bundled(), Progress.silent()).feedBody("https://agg.example/rss", rss.strip().getBytes(StandardCharsets.UTF_8)).inserted);
      assertEquals("Tech Wire", IngestTest.one(db, "SELECT outlet FROM incident_records WHERE url='https://b.example/2'"));
    }
  }

  @Test
  void rssAndAtomFilesAreIngestedWithErrorsPerItem() throws Exception {
    try (Db db = Fixtures.db()) {
      Path rss = tmp.resolve("f.xml");
      Files.writeString(rss, RSS.strip());
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", rss.toString());
      assertEquals(2, r.inserted, r.messages.toString());
      assertEquals(1, r.errors);
      assertTrue(r.messages.get(0).contains("item 2") && r.messages.get(0).contains("yesterday"), r.messages.toString());
      assertEquals("A chatbot told users to mix bleach.", IngestTest.one(db, "SELECT body FROM incident_records WHERE url='https://news.example.com/1'"));
      assertEquals("Jane Roe", IngestTest.one(db, "SELECT authors FROM incident_records WHERE url='https://news.example.com/1'"));
      assertEquals("AI News", IngestTest.one(db, "SELECT outlet FROM incident_records WHERE url='https://news.example.com/1'"));
      Path atom = tmp.resolve("a.xml");
      Files.writeString(atom, ATOM.strip());
      Ingest.Report a = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", atom.toString());
      assertEquals(1, a.inserted, a.messages.toString());
      assertEquals("zh", IngestTest.one(db, "SELECT language FROM incident_records WHERE url='https://zh.example.com/a'"));
      assertEquals("李明", IngestTest.one(db, "SELECT authors FROM incident_records WHERE url='https://zh.example.com/a'"));
      assertEquals("2024-03-05", IngestTest.one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE url='https://zh.example.com/a'"));
    }
  }

  /** A guid given twice in one document is an error for the second item; the first stays as it was. */
  @Test
  void aRepeatedGuidInOneFeedKeepsTheFirstItem() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = tmp.resolve("dup.xml");
      Files.writeString(f, "<rss version=\"2.0\"><channel><title>Wire</title>"
          + "<item><title>Robot arm injures worker</title><link>https://w.example/1</link><guid>g1</guid><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>"
          + "<item><title>Chatbot leaks data</title><link>https://w.example/2</link><guid>g2</guid><pubDate>Mon, 04 Mar 2024 11:00:00 GMT</pubDate></item>"
          + "<item><title>Drone crashes into crowd</title><link>https://w.example/3</link><guid>g1</guid><pubDate>Mon, 04 Mar 2024 12:00:00 GMT</pubDate></item>"
          + "</channel></rss>");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", f.toString());
      assertEquals(2, r.inserted, r.messages.toString());
      assertEquals(0, r.updated, r.messages.toString());
      assertEquals(1, r.errors);
      assertTrue(r.messages.get(0).contains("item 3") && r.messages.get(0).contains("repeats item 1"), r.messages.toString());
      assertEquals("Robot arm injures worker", IngestTest.one(db, "SELECT title FROM incident_records WHERE url = 'https://w.example/1'"));
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE url = 'https://w.example/3'"));
    }
  }

  @Test
  void xxeNonXmlAndTruncatedFeedsAreRejectedWithoutLosingEarlierItems() throws Exception {
    try (Db db = Fixtures.db()) {
      Path secret = tmp.resolve("secret.txt");
      Files.writeString(secret, "TOP-SECRET");
      Path xxe = tmp.resolve("xxe.xml");
      Files.writeString(xxe, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
          + "<rss><channel><item><title>&x;</title><link>https://e.com/x</link></item></channel></rss>");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", xxe.toString());
      assertEquals(0, r.inserted);
      assertEquals(1, r.errors);
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title LIKE '%SECRET%'"));

      Path html = tmp.resolve("page.xml");
      Files.writeString(html, "this is not xml at all");
      Ingest.Report h = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", html.toString());
      assertEquals(1, h.errors);
      assertTrue(h.messages.get(0).contains("not an RSS or Atom feed"), h.messages.toString());

      Path cut = tmp.resolve("cut.xml");
      Files.writeString(cut, RSS.strip().substring(0, RSS.strip().indexOf("<item><title>Second")) + "<item><title>Broken");
      Ingest.Report c = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", cut.toString());
      assertEquals(1, c.inserted, c.messages.toString()); // the first item survives
      assertTrue(c.messages.stream().anyMatch(m -> m.contains("error at cut.xml item 3: feed breaks off")), c.messages.toString());

      // broken in the feed's head, before any item (an unescaped & in its next link): the feed's error, not item 1's
      Path head = tmp.resolve("head.xml");
      Files.writeString(head, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\n<link rel=\"next\" href=\"/f?limit=2&before=5\"/>"
          + "<entry><id>urn:x</id><title>Drone</title></entry></feed>");
      Ingest.Report hd = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", head.toString());
      assertTrue(hd.nothingRead(), hd.messages.toString());
      assertTrue(hd.messages.get(0).startsWith("error at head.xml: feed breaks off before its first item: "), hd.messages.toString());
      assertTrue(org.aigov.observatory.kernel.ProblemText.zh(hd.messages.get(0).replaceFirst("^error at head.xml: ", "")).startsWith("订阅源在第一个条目之前中断："));
    }
  }

  /** A stray Latin-1 byte or a control character in one item no longer stops the parser: every item is ingested, with a warning. */
  @Test
  void aBadByteInOneItemCostsNoOtherItem() throws Exception {
    try (Db db = Fixtures.db()) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      b.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Mixed</title>".getBytes(StandardCharsets.UTF_8));
      for (int i = 1; i <= 5; i++) {
        b.writeBytes(("<item><title>Item " + i + " ").getBytes(StandardCharsets.UTF_8));
        if (i == 2) b.write(0xE9); // é in windows-1252 inside a UTF-8 document
        if (i == 3) b.write(0x07); // BEL: not an XML character
        b.writeBytes(("caf\u00e9 robot</title><link>https://mixed.example/" + i + "</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>")
            .getBytes(StandardCharsets.UTF_8));
      }
      b.writeBytes("</channel></rss>".getBytes(StandardCharsets.UTF_8));
      Path f = tmp.resolve("mixed.xml");
      Files.write(f, b.toByteArray());
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", f.toString());
      assertEquals(5, r.inserted, r.messages.toString());
      assertEquals(0, r.errors, r.messages.toString());
      assertEquals(2, r.warnings, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("windows-1252")), r.messages.toString());
      assertEquals("Item 2 \u00e9caf\u00e9 robot", IngestTest.one(db, "SELECT title FROM incident_records WHERE url = 'https://mixed.example/2'"));
      assertEquals("Item 3 caf\u00e9 robot", IngestTest.one(db, "SELECT title FROM incident_records WHERE url = 'https://mixed.example/3'"));
    }
  }

  @Test
  void feedBytesMendOnlyWhatIsNotUtf8() throws Exception {
    assertTrue(FeedBytes.utf8("<?xml version='1.0' encoding='utf-8'?><rss/>".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(FeedBytes.utf8("<rss/>".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(FeedBytes.utf8("<?xml version=\"1.0\" encoding=\"GB2312\"?><rss/>".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(FeedBytes.utf8("<?xml version=\"1.0\"?><rss/>".getBytes(StandardCharsets.UTF_16)));
    // valid UTF-8 of every length passes untouched; broken sequences become windows-1252 characters, byte by byte
    String ok = "a\u00e9\u4e2d\ud83d\ude00\t\n";
    assertEquals(ok, mended(ok.getBytes(StandardCharsets.UTF_8)));
    assertEquals("x\u00e9y", mended(new byte[] {'x', (byte) 0xE9, 'y'}));
    assertEquals("\u00e2\u20ac", mended(new byte[] {(byte) 0xE2, (byte) 0x80})); // a 3-byte lead cut short at the end
    assertEquals("\u00c3(", mended(new byte[] {(byte) 0xC3, '('}));
    assertEquals("\u00ed\u00a0\u20ac", mended(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "an encoded surrogate is not UTF-8");
    assertEquals("ab", mended(new byte[] {'a', 0x00, 0x1B, 'b'}));
  }

  /** Whatever the bytes, what comes out is UTF-8 an XML parser takes; UTF-8 text without controls comes out as it went in. */
  @Test
  void feedBytesAlwaysGiveWellFormedUtf8() throws Exception {
    java.util.Random rnd = new java.util.Random(42);
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = rnd.nextInt(40); i > 0; i--) {
        int cp = switch (rnd.nextInt(4)) {
          case 0 -> 0x20 + rnd.nextInt(0x5f);
          case 1 -> 0xa0 + rnd.nextInt(0x700);
          case 2 -> 0x4e00 + rnd.nextInt(0x5000);
          default -> 0x1f300 + rnd.nextInt(0x300);
        };
        text.appendCodePoint(cp);
      }
      assertEquals(text.toString(), mended(text.toString().getBytes(StandardCharsets.UTF_8)), "valid text is untouched");
      byte[] noisy = text.toString().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < noisy.length; i++) if (rnd.nextInt(8) == 0) noisy[i] = (byte) rnd.nextInt(256);
      String out = mended(noisy);
      assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'), out);
    }
  }

  private static String mended(byte[] in) throws Exception {
    String whole;
    try (FeedBytes f = new FeedBytes(new java.io.ByteArrayInputStream(in))) {
      // strict: malformed output fails here instead of turning into U+FFFD
      whole = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(f.readAllBytes())).toString();
    }
    java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
    try (FeedBytes f = new FeedBytes(new java.io.ByteArrayInputStream(in))) { // a byte at a time gives the same
      for (int c; (c = f.read()) >= 0; ) one.write(c);
    }
    assertEquals(whole, one.toString(StandardCharsets.UTF_8));
    return whole;
  }

  @Test
  void httpFeedWithSizeCapAndTimeout() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = RSS.strip().getBytes(StandardCharsets.UTF_8);
    server.createContext("/feed", ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/huge", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = "<x>padding</x>".repeat(1000).getBytes(StandardCharsets.UTF_8);
      try {
        for (int i = 0; i < 200; i++) ex.getResponseBody().write(chunk);
      } catch (Exception ignored) {
        // client hung up at the cap
      }
      ex.close();
    });
    server.createContext("/slow", ex -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.createContext("/trickle", ex -> { // headers at once, then a byte a second
      ex.sendResponseHeaders(200, 0);
      try {
        for (int i = 0; i < 20; i++) {
          ex.getResponseBody().write('<');
          ex.getResponseBody().flush();
          Thread.sleep(1000);
        }
      } catch (Exception ignored) {
        // the client gave up
      }
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Db db = Fixtures.db()) {
      Ingest trickle = new Ingest(db, Classifier.bundled(), Progress.silent());
      trickle.fetcher.requestTimeout = Duration.ofMillis(1500);
      long t0 = System.nanoTime();
      java.io.IOException dribble = assertThrows(java.io.IOException.class, () -> trickle.run("feed", base + "/trickle"));
      assertTrue(dribble.getMessage().contains("timed out reading"), dribble.getMessage());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the deadline covers the body, not just the headers");
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      Ingest.Report r = in.run("feed", base + "/feed");
      assertEquals(2, r.inserted);
      Ingest capped = new Ingest(db, Classifier.bundled(), Progress.silent());
      capped.fetcher.maxBytes = 100_000;
      java.io.IOException big = assertThrows(java.io.IOException.class, () -> capped.run("feed", base + "/huge"));
      assertTrue(big.getMessage().contains("size cap"), big.getMessage());
      assertTrue(big.getMessage().startsWith(base + "/huge: "), "names the feed (outside QA, 2026-12-07): " + big.getMessage());
      // ... without a password the URL carries, in a message or in the store (outside QA, 2026-12-07)
      String secret = base.replace("http://", "http://qa:s3cret@");
      java.io.IOException bigSecret = assertThrows(java.io.IOException.class, () -> capped.run("feed", secret + "/huge"));
      assertFalse(bigSecret.getMessage().contains("s3cret"), bigSecret.getMessage());
      Ingest.Report withSecret = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", secret + "/feed");
      assertTrue(withSecret.messages.stream().noneMatch(m -> m.contains("s3cret")), withSecret.messages.toString());
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_checkpoints WHERE source_key LIKE '%s3cret%'"));
      assertTrue(IngestTest.count(db, "SELECT COUNT(*) FROM incident_checkpoints WHERE source_key = 'feed:" + base + "/feed'") == 1, "kept under the URL without it");
      Ingest slow = new Ingest(db, Classifier.bundled(), Progress.silent());
      slow.fetcher.requestTimeout = Duration.ofMillis(300);
      java.io.IOException to = assertThrows(java.io.IOException.class, () -> slow.run("feed", base + "/slow"));
      assertTrue(to.getMessage().contains("timed out"), to.getMessage());
      assertThrows(IllegalArgumentException.class, () -> in.run("feed", "ftp://example.com/feed"));
      assertEquals(2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
    } finally {
      server.stop(0);
    }
  }

  /** A feed file's progress is its bytes, as the bar's total is: it ends at the file's size, not at its item count. */
  @Test
  void aFeedFilesProgressCountsItsBytes() throws Exception {
    StringBuilder x = new StringBuilder("<rss version=\"2.0\"><channel><title>T</title>");
    for (int i = 0; i < 300; i++) x.append("<item><title>Robot ").append(i).append("</title><link>https://p.example/").append(i).append("</link></item>");
    Path f = tmp.resolve("progress.xml");
    Files.writeString(f, x.append("</channel></rss>").toString());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), new org.aigov.observatory.kernel.Progress("ingest feed", 0, new java.io.PrintStream(out, true, StandardCharsets.UTF_8)))
          .run("feed", f.toString());
    }
    long size = Files.size(f);
    String shown = out.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("100% " + size + "/" + size + " bytes, "), shown);
  }

  /** A polled feed keeps its errors across fetches, but the same error fetched again is dated anew, not stored again. */
  @Test
  void aPolledFeedsRepeatedErrorIsStoredOnce() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicReference<String> extra = new java.util.concurrent.atomic.AtomicReference<>("");
    server.createContext("/bad", ex -> {
      byte[] b = ("<rss version=\"2.0\"><channel><title>T</title><item><title>Fine</title><link>https://bad.example/1</link></item>"
          + "<item><link>https://bad.example/2</link></item>" + extra.get() + "</channel></rss>").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try (Db db = Fixtures.db()) {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/bad";
      for (int i = 0; i < 3; i++) assertEquals(1, new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", url).errors);
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_ingest_errors"), "one error, fetched three times");
      extra.set("<item><link>https://bad.example/3</link><pubDate>not a date</pubDate><title>x</title></item>");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", url);
      assertEquals(2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_ingest_errors"), "a new error is kept beside the old");
    } finally {
      server.stop(0);
    }
  }

  /** A gzip body is unpacked, under the same cap; a body that is not gzip or another encoding is refused by name. */
  @Test
  void gzipFeedIsUnpackedUnderTheCap() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicReference<String> asked = new java.util.concurrent.atomic.AtomicReference<>();
    server.createContext("/gz", ex -> {
      asked.set(ex.getRequestHeaders().getFirst("Accept-Encoding"));
      byte[] gz = gzip(RSS.strip().getBytes(StandardCharsets.UTF_8));
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(200, gz.length);
      ex.getResponseBody().write(gz);
      ex.close();
    });
    server.createContext("/bomb", ex -> { // 4 MB of spaces packed into a few kB
      byte[] gz = gzip(new byte[4 << 20]);
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(200, gz.length);
      ex.getResponseBody().write(gz);
      ex.close();
    });
    server.createContext("/fake", ex -> {
      byte[] plain = RSS.strip().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(200, plain.length);
      ex.getResponseBody().write(plain);
      ex.close();
    });
    server.createContext("/br", ex -> {
      ex.getResponseHeaders().set("Content-Encoding", "br");
      ex.sendResponseHeaders(200, 3);
      ex.getResponseBody().write(new byte[] {1, 2, 3});
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Db db = Fixtures.db()) {
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", base + "/gz");
      assertEquals(2, r.inserted, r.messages.toString());
      assertEquals("gzip", asked.get());
      Ingest capped = new Ingest(db, Classifier.bundled(), Progress.silent());
      capped.fetcher.maxBytes = 100_000;
      java.io.IOException bomb = assertThrows(java.io.IOException.class, () -> capped.run("feed", base + "/bomb"));
      assertTrue(bomb.getMessage().contains("size cap of 100000"), bomb.getMessage());
      java.io.IOException fake = assertThrows(java.io.IOException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", base + "/fake"));
      assertTrue(fake.getMessage().contains("not valid gzip"), fake.getMessage());
      java.io.IOException br = assertThrows(java.io.IOException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("feed", base + "/br"));
      assertTrue(br.getMessage().contains("Content-Encoding br"), br.getMessage());
      assertEquals(2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"), "nothing stored is lost");
    } finally {
      server.stop(0);
    }
  }

  private static byte[] gzip(byte[] b) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }
}
