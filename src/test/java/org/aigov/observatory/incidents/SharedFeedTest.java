package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One observatory's records feed, polled by another: well-formed whatever the text, and nothing linkage needs is lost. */
class SharedFeedTest {
  @TempDir Path tmp;

  static final String HOSTILE = """
      {"url": "https://news.example.org/hostile", "title": "Robot <script>alert(1)</script> & \\u0001bell ]]> \\ud800 军用机器人", "text": "A defense ministry drone misidentified targets. 国防部无人机识别错误。", "published": "2021", "outlet": "Example Post", "authors": ["Ann O'Neil"], "deployers": ["Ministry of Defence"], "developers": ["DroneCo"], "systems": ["Hawk-3"], "countries": ["GB"]}
      """;

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static Db peerWithHostileRecord(Path tmp) throws Exception {
    Db db = ClusterTest.loaded(tmp);
    Path f = tmp.resolve("h.jsonl");
    Files.writeString(f, HOSTILE.strip());
    Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
    assertEquals(1, r.inserted, r.messages.toString());
    new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    return db;
  }

  @Test
  void feedIsWellFormedAndCarriesTheRecordsFields() throws Exception {
    try (Db a = peerWithHostileRecord(tmp)) {
      assertEquals("year", IngestTest.one(a, "SELECT i.date_precision FROM incidents i JOIN incident_members m ON m.incident_id = i.id"
          + " JOIN incident_records r ON r.id = m.record_id WHERE r.url = 'https://news.example.org/hostile'"), "a bare year is not 1 January");
      String xml = SharedFeed.atom(a, Map.of(), 200, "http://a.example/api/incidents/records.atom");
      Document doc = parse(xml); // a control character, a lone surrogate or unescaped markup would throw here
      NodeList entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
      assertEquals(18, entries.getLength(), "17 fixture records and the hostile one");
      Element first = (Element) entries.item(0); // newest record first
      String title = first.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title").item(0).getTextContent();
      assertEquals("Robot <script>alert(1)</script> & bell ]]> 军用机器人", title);
      assertFalse(xml.contains("<script>"), "markup is escaped, not passed through");
      assertEquals("2021", first.getElementsByTagNameNS(SharedFeed.NS, "date").item(0).getTextContent());
      assertEquals(0, first.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "published").getLength(),
          "a date known only to the year is not given a day");
      assertEquals("Ministry of Defence", first.getElementsByTagNameNS(SharedFeed.NS, "deployer").item(0).getTextContent());
      assertEquals("Example Post", ((Element) first.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "source").item(0))
          .getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title").item(0).getTextContent());
      // AIAAIC entries are dated to the year: the shared date says so
      assertTrue(xml.contains("urn:aigov-observatory:record:aiaaic:AIAAIC062</id>"), xml);
      int at = xml.indexOf("urn:aigov-observatory:record:aiaaic:AIAAIC062</id>");
      String aiaaic = xml.substring(at, xml.indexOf("</entry>", at));
      assertFalse(aiaaic.contains("<published>"), aiaaic);
      assertTrue(aiaaic.matches("(?s).*<obs:date>\\d{4}</obs:date>.*"), aiaaic);
    }
  }

  /** A record with no outlet has no {@code <source>}: the ingest channel ("jsonl") is not an outlet a peer should store. */
  @Test
  void aRecordWithoutAnOutletNamesNone() throws Exception {
    try (Db a = peerWithHostileRecord(tmp)) {
      Path f = tmp.resolve("bare.jsonl");
      Files.writeString(f, "{\"url\": \"https://bare.example/1\", \"title\": \"Drone report without an outlet\", \"published\": \"2024-05-02\"}\n");
      new Ingest(a, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      String xml = SharedFeed.atom(a, Map.of("record_source", java.util.List.of("jsonl")), 200, "http://a.example/api/incidents/records.atom");
      int at = xml.indexOf("https://bare.example/1");
      assertTrue(at > 0, xml);
      String entry = xml.substring(xml.lastIndexOf("<entry", at), xml.indexOf("</entry>", at));
      assertFalse(entry.contains("<source>"), entry);
      assertFalse(xml.contains("<title>jsonl</title>"), xml);
      assertTrue(xml.contains("<source><title>Example Post</title></source>"), "an outlet given is still shared");
    }
  }

  @Test
  void anotherObservatoryIngestsItOnceAndLinksAsTheFirstDid() throws Exception {
    try (Db a = peerWithHostileRecord(tmp); Db b = Fixtures.db()) {
      byte[] body = SharedFeed.atom(a, Map.of(), 200, "http://a.example/api/incidents/records.atom").getBytes(StandardCharsets.UTF_8);
      Ingest in = new Ingest(b, Classifier.bundled(), Progress.silent());
      Ingest.Report first = in.feedBody("http://a.example/api/incidents/records.atom", body);
      assertEquals(18, first.inserted, first.messages.toString());
      assertEquals(0, first.errors, first.messages.toString());
      Ingest.Report again = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody("http://a.example/api/incidents/records.atom", body);
      assertEquals(0, again.inserted, "the same records are not added twice");
      String where = " FROM incident_records WHERE url = 'https://news.example.org/hostile'";
      // an Atom title without a type is text as written: its markup-like words are kept, not stripped (outside QA, 2026-12-07)
      assertEquals("Robot <script>alert(1)</script> & bell ]]> 军用机器人", IngestTest.one(b, "SELECT title" + where));
      assertEquals("Example Post", IngestTest.one(b, "SELECT outlet" + where));
      assertEquals("2021", IngestTest.one(b, "SELECT date_text" + where));
      assertEquals("Ministry of Defence", IngestTest.one(b, "SELECT deployers" + where));
      assertEquals("DroneCo", IngestTest.one(b, "SELECT developers" + where));
      assertEquals("Hawk-3", IngestTest.one(b, "SELECT systems" + where));
      assertEquals("GB", IngestTest.one(b, "SELECT countries" + where));
      assertEquals("Ann O'Neil", IngestTest.one(b, "SELECT authors" + where));
      // a shared AIID record names the monitor it came from as its outlet
      assertEquals("AI Incident Database", IngestTest.one(b, "SELECT outlet FROM incident_records WHERE source_id = 'urn:aigov-observatory:record:aiid:51'"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(b);
      assertEquals("year", IngestTest.one(b, "SELECT i.date_precision FROM incidents i JOIN incident_members m ON m.incident_id = i.id"
          + " JOIN incident_records r ON r.id = m.record_id WHERE r.url = 'https://news.example.org/hostile'"));
      // the shared copies are merged exactly as the first observatory merged the originals
      Map<String, Long> incA = ClusterTest.incidentOf(a);
      Map<String, Long> incB = ClusterTest.incidentOf(b);
      List<String> keys = List.copyOf(incA.keySet());
      int together = 0;
      for (String x : keys) {
        for (String y : keys) {
          if (x.compareTo(y) >= 0) continue;
          boolean sameA = incA.get(x).equals(incA.get(y));
          together += sameA ? 1 : 0;
          assertEquals(sameA, incB.get("feed:urn:aigov-observatory:record:" + x).equals(incB.get("feed:urn:aigov-observatory:record:" + y)),
              x + " and " + y);
        }
      }
      assertTrue(together >= 4, "pairs merged: " + together);
    }
  }

  /**
   * Two observatories that poll each other: a record without a URL whose text looks like markup comes back as the same
   * text, so the first recognises it by its content hash (outside QA, 2026-12-07: the markup was stripped and "&amp;"
   * decoded at each hop, and a new copy came back each time). An Atom text typed html is still read as HTML.
   */
  @Test
  void recordsSharedBackAndForthAreNotAddedAgain() throws Exception {
    try (Db a = Fixtures.db(); Db b = Fixtures.db()) {
      Path f = tmp.resolve("m.jsonl");
      Files.writeString(f, "{\"title\":\"<b>深度伪造</b> &lt;tag&gt; Example <News> & Co\",\"text\":\"x <i>y</i> &amp; z\",\"published\":\"2025\"}\n");
      assertEquals(1, new Ingest(a, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString()).inserted);
      String aFeed = "http://a.example/api/incidents/records.atom", bFeed = "http://b.example/api/incidents/records.atom";
      long fid = (Long) Feeds.add(b, "https://example.org/peer.atom", "A", 600, "t").get("id");
      Ingest.Report toB = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, SharedFeed.atom(a, Map.of(), 200, aFeed).getBytes(StandardCharsets.UTF_8), fid);
      assertEquals(1, toB.inserted, toB.messages.toString());
      // the feed's items say a year-only date is one (it read as 1 January)
      Map<?, ?> item = (Map<?, ?>) ((List<?>) Feeds.items(b, fid, 5).get("items")).get(0);
      assertEquals("2025-01-01", item.get("date"));
      assertEquals("year", item.get("date_precision"));
      assertEquals("<b>深度伪造</b> &lt;tag&gt; Example <News> & Co", IngestTest.one(b, "SELECT title FROM incident_records"));
      assertEquals("x <i>y</i> &amp; z", IngestTest.one(b, "SELECT body FROM incident_records"));
      Ingest.Report back = new Ingest(a, Classifier.bundled(), Progress.silent()).feedBody(bFeed, SharedFeed.atom(b, Map.of(), 200, bFeed).getBytes(StandardCharsets.UTF_8));
      assertEquals(0, back.inserted, "the record came home as the same text: " + back.messages);
      assertEquals(1L, IngestTest.count(a, "SELECT COUNT(*) FROM incident_records"));
      // a peer that says its text is HTML is read as HTML
      String html = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>H</title><id>urn:h</id><entry><id>urn:h:1</id>"
          + "<title type=\"html\">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; co</title><summary>a &lt;i&gt;b&lt;/i&gt;</summary></entry></feed>";
      assertEquals(1, new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody("http://h.example/feed", html.getBytes(StandardCharsets.UTF_8)).inserted);
      assertEquals("Bold & co", IngestTest.one(b, "SELECT title FROM incident_records WHERE source_id LIKE '%urn:h:1'"));
      assertEquals("a <i>b</i>", IngestTest.one(b, "SELECT body FROM incident_records WHERE source_id LIKE '%urn:h:1'"));
    }
  }

  /** Pages of the feed, followed by their next links, hold every record once, newest first; the last page links none. */
  @Test
  void pagesFollowedByTheirNextLinksHoldEveryRecordOnce() throws Exception {
    try (Db a = peerWithHostileRecord(tmp)) {
      String url = "http://a.example/api/incidents/records.atom?limit=5&topic=";
      List<String> all = new java.util.ArrayList<>();
      String self = url;
      long before = Long.MAX_VALUE;
      for (int pages = 1; ; pages++) {
        Document doc = parse(SharedFeed.atom(a, Map.of(), 5, self, before));
        NodeList entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        for (int i = 0; i < entries.getLength(); i++)
          all.add(((Element) entries.item(i)).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "id").item(0).getTextContent());
        String next = null;
        NodeList links = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < links.getLength(); i++)
          if (links.item(i) instanceof Element l && l.getLocalName().equals("link") && l.getAttribute("rel").equals("next")) next = l.getAttribute("href");
        if (next == null) {
          assertEquals(4, pages, "18 records, 5 a page");
          assertEquals(3, entries.getLength());
          break;
        }
        assertEquals(5, entries.getLength());
        assertTrue(next.startsWith("http://a.example/api/incidents/records.atom?limit=5&topic=&before="), next);
        before = Long.parseLong(next.substring(next.lastIndexOf('=') + 1));
        self = next;
      }
      assertEquals(18, all.size());
      assertEquals(18, new java.util.HashSet<>(all).size(), "no record twice: " + all);
      assertEquals(all.get(0), ((Element) parse(SharedFeed.atom(a, Map.of(), 200, url)).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").item(0))
          .getElementsByTagNameNS("http://www.w3.org/2005/Atom", "id").item(0).getTextContent(), "newest first");
      // a page that holds exactly what is left links none
      assertFalse(SharedFeed.atom(a, Map.of(), 18, url).contains("rel=\"next\""));
      assertTrue(SharedFeed.atom(a, Map.of(), 17, url).contains("rel=\"next\""));
    }
  }

  /** A record one feed brought is changed by that feed only: another feed writing its id is a warning, not an update. */
  @Test
  void anotherFeedCannotRewriteARecordByItsId() throws Exception {
    String entry = """
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:obs="urn:aigov-observatory:feed:1"><title>Peer</title>
        <entry><id>urn:aigov-observatory:record:public:url:649bfd0a</id><title>%s</title>
          <link href="%s"/><obs:date>%s</obs:date><obs:country>%s</obs:country><summary>A military drone misidentified a car.</summary></entry>
        <entry><id>https://news.example/story</id><title>%s</title><link href="https://news.example/story"/><summary>Web id.</summary></entry>
        </feed>
        """;
    try (Db db = Fixtures.db()) {
      long peer = (Long) Feeds.add(db, "https://peer.example/records.atom", "peer", 600, "t").get("id");
      long hostile = (Long) Feeds.add(db, "https://hostile.example/feed.atom", "hostile", 600, "t").get("id");
      Ingest.Report first = new Ingest(db, Classifier.bundled(), Progress.silent()).feedBody("https://peer.example/records.atom",
          entry.formatted("Drone strikes car", "https://qa.example/r1", "2025-03-01", "CN", "Story").getBytes(StandardCharsets.UTF_8), peer);
      assertEquals(2, first.inserted, first.messages.toString());
      Ingest.Report forged = new Ingest(db, Classifier.bundled(), Progress.silent()).feedBody("https://hostile.example/feed.atom",
          entry.formatted("HIJACKED", "https://evil.example/h", "2020-01-01", "RU", "HIJACKED too").getBytes(StandardCharsets.UTF_8), hostile);
      assertEquals(0, forged.inserted + forged.updated, forged.messages.toString());
      assertEquals(2, forged.warnings, forged.messages.toString());
      assertTrue(forged.messages.get(0).endsWith(Ingest.FOREIGN_ID), forged.messages.toString());
      assertTrue(org.aigov.observatory.kernel.ProblemText.zh(Ingest.FOREIGN_ID).startsWith("其 id 属于另一订阅源"), "a Chinese reader's feed list says it too");
      assertEquals("Drone strikes car", IngestTest.one(db, "SELECT title FROM incident_records WHERE source_id LIKE 'urn:%'"));
      assertEquals("CN", IngestTest.one(db, "SELECT countries FROM incident_records WHERE source_id LIKE 'urn:%'"));
      assertEquals("Story", IngestTest.one(db, "SELECT title FROM incident_records WHERE source_id = 'https://news.example/story'"));
      // the feed that brought them still may
      Ingest.Report edit = new Ingest(db, Classifier.bundled(), Progress.silent()).feedBody("https://peer.example/records.atom",
          entry.formatted("Drone strikes a car", "https://qa.example/r1", "2025-03-01", "CN", "Story, corrected").getBytes(StandardCharsets.UTF_8), peer);
      assertEquals(2, edit.updated, edit.messages.toString());
      assertEquals("Drone strikes a car", IngestTest.one(db, "SELECT title FROM incident_records WHERE source_id LIKE 'urn:%'"));
      assertEquals(2L, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /** An undated record stays undated on the peer: the entry's <updated> is when it changed, not when it happened. */
  @Test
  void anUndatedRecordIsNotDatedByItsSharingDay() throws Exception {
    try (Db a = Fixtures.db(); Db b = Fixtures.db()) {
      Path f = tmp.resolve("u.jsonl");
      Files.writeString(f, "{\"url\":\"https://u.example/1\",\"title\":\"Chatbot leaks data\",\"text\":\"No date given.\"}\n"
          + "{\"url\":\"https://u.example/2\",\"title\":\"Robot arm hurts worker\",\"text\":\"Dated.\",\"published\":\"2024-05-06\"}\n");
      assertEquals(2, new Ingest(a, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString()).inserted);
      String aFeed = "http://a.example/api/incidents/records.atom";
      String xml = SharedFeed.atom(a, Map.of(), 200, aFeed);
      assertTrue(xml.contains("<updated>"), "every Atom entry has <updated>: " + xml);
      Ingest.Report r = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, xml.getBytes(StandardCharsets.UTF_8));
      assertEquals(2, r.inserted, r.messages.toString());
      assertNull(IngestTest.one(b, "SELECT date_text FROM incident_records WHERE url = 'https://u.example/1'"));
      assertEquals(0L, IngestTest.count(b, "SELECT COUNT(*) FROM incident_records WHERE url = 'https://u.example/1' AND pub_date IS NOT NULL"));
      assertEquals("2024-05-06", IngestTest.one(b, "SELECT CAST(pub_date AS VARCHAR(10)) FROM incident_records WHERE url = 'https://u.example/2'"));
      // any other feed's <updated> still dates an entry that has nothing else (Atom requires it; many feeds give no <published>)
      String plain = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>P</title><id>urn:p</id><entry><id>urn:p:1</id><title>Drone crash</title>"
          + "<updated>2024-02-03T10:00:00Z</updated><summary>s</summary></entry></feed>";
      assertEquals(1, new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody("http://p.example/feed", plain.getBytes(StandardCharsets.UTF_8)).inserted);
      assertEquals("2024-02-03", IngestTest.one(b, "SELECT CAST(pub_date AS VARCHAR(10)) FROM incident_records WHERE source_id LIKE '%urn:p:1'"));
    }
  }

  /**
   * A report an editor rejects after a peer took it is withdrawn there too (RFC 6721 tombstones; outside QA, 2026-12-07:
   * it stayed on the peer for good and was relayed on as the peer's own), and comes back if it is accepted again.
   */
  @Test
  void aReportTakenBackIsWithdrawnByThePeersThatHaveIt() throws Exception {
    try (Db a = Fixtures.db(); Db b = Fixtures.db()) {
      long id = ((Number) Ingest.postOne(a, Classifier.bundled(), org.aigov.observatory.kernel.Json.read(
          "{\"url\":\"https://tip.example/1\",\"title\":\"Delivery robot blocks ambulance\",\"text\":\"A delivery robot blocked an ambulance.\","
              + "\"published\":\"2025-02-03\",\"source\":\"public\"}")).get("record_id")).longValue();
      PublicReports.review(a, id, "accept", "checked", "ed");
      String aFeed = "http://a.example/api/incidents/records.atom?record_source=public";
      long fid = (Long) Feeds.add(b, aFeed, "A", 600, "t").get("id");
      long hostile = (Long) Feeds.add(b, "https://hostile.example/feed.atom", "hostile", 600, "t").get("id");
      java.util.function.Supplier<byte[]> page = () -> SharedFeed.atom(a, Map.of("record_source", List.of("public")), 200, aFeed).getBytes(StandardCharsets.UTF_8);
      assertEquals(1, new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, page.get(), fid).inserted);
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(b);
      assertEquals(1L, IngestTest.count(b, "SELECT COUNT(*) FROM incident_members"));
      String xml = new String(page.get(), StandardCharsets.UTF_8);
      assertFalse(xml.contains("deleted-entry"), xml);
      // another feed's tombstone for it changes nothing: only the feed that brought a record takes it back
      String forged = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:at=\"" + SharedFeed.TOMBSTONE_NS + "\"><title>H</title>"
          + "<at:deleted-entry ref=\"" + SharedFeed.entryId("public", IngestTest.one(a, "SELECT source_id FROM incident_records WHERE id = " + id)) + "\"/></feed>";
      Ingest.Report h = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody("https://hostile.example/feed.atom", forged.getBytes(StandardCharsets.UTF_8), hostile);
      assertEquals(0, h.withdrawn, h.toString());
      // the editor changes their mind: A's newest page names it as deleted, and B withdraws its copy (kept, not counted)
      PublicReports.review(a, id, "reject", "a hoax", "ed");
      xml = new String(page.get(), StandardCharsets.UTF_8);
      assertTrue(xml.contains("<at:deleted-entry ref=\"urn:aigov-observatory:record:public:"), xml);
      assertNotNull(parse(xml), "well-formed with the tombstone namespace");
      Ingest.Report r = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, page.get(), fid);
      assertEquals(1, r.withdrawn, r.toString());
      assertTrue(r.toString().contains("1 withdrawn (taken back by their feed)"), r.toString());
      assertEquals(PublicReports.WITHDRAWN, IngestTest.one(b, "SELECT review_status FROM incident_records"));
      assertEquals(0L, IngestTest.count(b, "SELECT COUNT(*) FROM incident_members"), "out of its incident at once");
      java.io.StringWriter pub = new java.io.StringWriter();
      IncidentExport.writeCsv(b, pub, true);
      assertFalse(pub.toString().contains("tip.example"), "not in the public export");
      String bFeed = SharedFeed.atom(b, Map.of(), 200, "http://b.example/api/incidents/records.atom");
      assertFalse(bFeed.contains("<link rel=\"alternate\" href=\"https://tip.example/1\""), bFeed);
      assertTrue(bFeed.contains("<at:deleted-entry ref=\"urn:aigov-observatory:record:feed:urn:aigov-observatory:record:public:"), "relayed to B's peers: " + bFeed);
      assertEquals(0, new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, page.get(), fid).withdrawn, "once");
      // accepted again: the entry is back in A's feed, and B counts it again
      PublicReports.review(a, id, "accept", "confirmed after all", "ed");
      Ingest.Report back = new Ingest(b, Classifier.bundled(), Progress.silent()).feedBody(aFeed, page.get(), fid);
      assertEquals(1, back.updated, back.toString());
      assertNull(IngestTest.one(b, "SELECT review_status FROM incident_records"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(b);
      assertEquals(1L, IngestTest.count(b, "SELECT COUNT(*) FROM incident_members"));
    }
  }

  /** A feed's stored problems: rejections first and called so, warnings counted apart, said even when alone. */
  @Test
  void aFeedsWarningsAreSaidAndNotCalledRejections() {
    Ingest.Report r = new Ingest.Report();
    r.warnings = 1;
    r.message("warning at item 1: title of 5000 characters kept as its first 3990");
    assertEquals("1 warning(s): warning at item 1: title of 5000 characters kept as its first 3990", Feeds.itemProblems(r, false));
    r.errors = 4;
    for (int i = 2; i <= 5; i++) r.message("error at item " + i + ": item has neither title nor description");
    assertEquals("4 item(s) rejected, 1 warning(s): error at item 2: item has neither title nor description; error at item 3: item has neither"
        + " title nor description; error at item 4: item has neither title nor description; and 2 more", Feeds.itemProblems(r, false));
    assertEquals("error at item 2: item has neither title nor description; error at item 3: item has neither title nor description;"
        + " error at item 4: item has neither title nor description; and 2 more", Feeds.itemProblems(r, true), "nothing read: the reasons alone");
  }

  @Test
  void aForgedSharedIdCannotTakeAnAiidIncidentsReports() throws Exception {
    String forged = """
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:obs="urn:aigov-observatory:feed:1"><title>Peer</title>
        <entry><id>urn:aigov-observatory:record:aiid:72</id><title>Cooking robot burns pancakes at fair</title>
          <link href="https://forged.example/72"/><published>2017-10-20T00:00:00Z</published><summary>A cooking robot burned pancakes.</summary></entry>
        </feed>
        """;
    try (Db db = ClusterTest.loaded(tmp)) {
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).feedBody("https://peer.example/records.atom", forged.getBytes(StandardCharsets.UTF_8));
      assertEquals(1, r.inserted, r.messages.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:72"), inc.get("aiid-report:1000001"), "AIID's own report stays with AIID's own record");
      assertNotEquals(inc.get("aiid:72"), inc.get("feed:urn:aigov-observatory:record:aiid:72"));
      assertNotEquals(inc.get("aiid-report:1000001"), inc.get("feed:urn:aigov-observatory:record:aiid:72"));
    }
  }

  @Test
  void filtersAndBadParameters() throws Exception {
    try (Db a = peerWithHostileRecord(tmp)) {
      String mil = SharedFeed.atom(a, Map.of("topic", List.of("military")), 200, "http://a.example/x");
      int n = parse(mil).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength();
      assertTrue(n >= 1 && n < 18, "military records only: " + n);
      assertTrue(mil.contains("https://news.example.org/hostile"));
      String own = SharedFeed.atom(a, Map.of("record_source", List.of("jsonl")), 200, "http://a.example/x");
      assertEquals(1, parse(own).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
      assertEquals(own.replaceAll("<updated>[^<]*</updated>", ""), SharedFeed.atom(a, Map.of("record_source", List.of("JSONL")), 200, "http://a.example/x")
          .replaceAll("<updated>[^<]*</updated>", ""), "a source in capitals is the same source (it read as none)");
      assertEquals(2, parse(SharedFeed.atom(a, Map.of(), 2, "http://a.example/x")).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
      assertEquals("limit", assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of(), 0, "x")).field);
      assertEquals("limit", assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of(), 201, "x")).field);
      assertEquals("from", assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of("from", List.of("yesterday")), 5, "x")).field);
      assertEquals("record_source", assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of("record_source", List.of("x".repeat(65))), 5, "x")).field);
      // an anonymous report is not relayed unless a peer asks for them by name
      com.fasterxml.jackson.databind.node.ObjectNode anon = (com.fasterxml.jackson.databind.node.ObjectNode) org.aigov.observatory.kernel.Json.read(
          "{\"url\":\"https://anon.example/1\",\"title\":\"Anonymous tip about a drone\",\"published\":\"2024-05-01\"}");
      anon.put("source", "public");
      long anonId = ((Number) Ingest.postOne(a, Classifier.bundled(), anon).get("record_id")).longValue();
      assertFalse(SharedFeed.atom(a, Map.of("record_source", List.of("public")), 200, "x").contains("https://anon.example/1"), "not before an editor accepts it");
      PublicReports.review(a, anonId, "accept", null, "ed");
      assertFalse(SharedFeed.atom(a, Map.of(), 200, "x").contains("https://anon.example/1"));
      assertTrue(SharedFeed.atom(a, Map.of("record_source", List.of("public")), 200, "x").contains("https://anon.example/1"));
      // injection text is a bound value: no rows, no error, store unchanged
      ApiException topic = assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of("topic", List.of("x') OR 1=1 --")), 5, "x"));
      assertEquals("topic", topic.field, "an unknown topic is refused by name");
      ApiException country = assertThrows(ApiException.class, () -> SharedFeed.atom(a, Map.of("country", List.of("x') OR 1=1 --")), 5, "x"));
      assertEquals("country", country.field, "and so is a country that is no code");
      // a source read through its index (rare) or by the primary key (common) gives the same pages, the next link too
      for (String src : new String[] {"jsonl", "aiid", "aiaaic", "public", "none"}) {
        for (int limit : new int[] {1, 2, 200}) {
          int saved = SharedFeed.rareSource;
          String rare, common;
          try {
            SharedFeed.rareSource = Integer.MAX_VALUE;
            rare = SharedFeed.atom(a, Map.of("record_source", List.of(src)), limit, "http://a.example/x");
            SharedFeed.rareSource = 1;
            common = SharedFeed.atom(a, Map.of("record_source", List.of(src)), limit, "http://a.example/x");
          } finally {
            SharedFeed.rareSource = saved;
          }
          assertEquals(common, rare, src + " limit " + limit);
          if (src.equals("none")) assertEquals(0, parse(rare).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
        }
      }
      String inj = SharedFeed.atom(a, Map.of("sector", List.of("x') OR 1=1 --"), "record_source", List.of("' OR '1'='1")), 5, "x");
      assertEquals(0, parse(inj).getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength());
      assertEquals("19", IngestTest.one(a, "SELECT COUNT(*) FROM incident_records"));
    }
  }
}
