package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records are found by URL and text through the key table (V4_15), also those stored before it. */
class RecordKeysTest {

  private static Map<String, Object> post(Db db, Map<String, Object> report) throws Exception {
    return Ingest.postOne(db, Classifier.bundled(), Json.MAPPER.readTree(Json.write(report)));
  }

  private static Map<String, Object> report(String url, String title, String text) {
    return url == null ? Map.of("title", title, "text", text) : Map.of("url", url, "title", title, "text", text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void recordsStoredBeforeTheKeyTableAreFoundByUrlAndTextAfterMigrating(String kind) throws Exception {
    try (var old = org.aigov.observatory.kernel.TestStores.atVersion(kind, "4.14")) {
      migrateAndLookUp(old);
    }
  }

  private static void migrateAndLookUp(org.aigov.observatory.kernel.TestStores.OldStore old) throws Exception {
    // two reports written as the code before V4_15 wrote them: no key rows
    long[] ids = new long[2];
    try (Connection c = old.connection()) {
      for (int i = 0; i < 2; i++) {
        Rec r = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(Json.write(report("https://example.org/old/" + i,
            "Old report " + i, "A chatbot gave harmful advice, case " + i + "."))), "api");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_records (source, source_id, url, url_key, content_hash, version_hash,"
            + " title, body, ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
          Timestamp now = Timestamp.from(Instant.now());
          String hash = r.contentHash();
          Object[] v = {"api", "sha:" + hash.substring(0, 32), r.url, Rec.urlKey(r.url), hash, hash, r.title, r.body, now, now};
          for (int k = 0; k < v.length; k++) ps.setObject(k + 1, v[k]);
          ps.executeUpdate();
          try (var rs = ps.getGeneratedKeys()) {
            rs.next();
            ids[i] = rs.getLong(1);
          }
        }
      }
    }
    try (Db db = old.open()) {
      assertEquals(4, IngestTest.count(db, "SELECT COUNT(*) FROM incident_record_keys"), "a URL key and a content hash for each record");
      String indexes = old.kind().equals("h2") ? "SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES"
          : "SELECT indexname FROM pg_indexes WHERE schemaname = '" + old.schema() + "'";
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM (" + indexes + ") x (n) WHERE n IN ('incident_records_url', 'incident_records_hash')"),
          "the two indexes on the records table are gone");
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM (" + indexes + ") x (n) WHERE n = 'incident_record_keys_k'"));
      Map<String, Object> sameUrl = post(db, report("https://www.example.org/old/0/", "Same page, new headline", "Different words entirely."));
      assertEquals("duplicate", sameUrl.get("outcome"));
      assertEquals(ids[0], sameUrl.get("record_id"));
      Map<String, Object> sameText = post(db, report("https://elsewhere.example.net/copy", "Old report 1", "A chatbot gave harmful advice, case 1."));
      assertEquals("duplicate", sameText.get("outcome"));
      assertEquals(ids[1], sameText.get("record_id"));
      Map<String, Object> fresh = post(db, report("https://example.org/new", "New report", "A hiring tool rejected older applicants."));
      assertEquals("inserted", fresh.get("outcome"));
      assertEquals(6, IngestTest.count(db, "SELECT COUNT(*) FROM incident_record_keys"));
      assertEquals("duplicate", post(db, report(null, "New report", "A hiring tool rejected older applicants.")).get("outcome"));
    }
  }

  /** URL keys keep the case of path and query (V4_16): a record keyed the old way is re-keyed and still found. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void urlKeysStoredLowerCasedAreReKeyedAndCaseMattersPastTheHost(String kind) throws Exception {
    try (var old = org.aigov.observatory.kernel.TestStores.atVersion(kind, "4.15")) {
      long id;
      String url = "https://www.YouTube.com/watch?v=AbCdEf";
      String oldKey = org.aigov.observatory.kernel.Hashing.sha256Hex("youtube.com/watch?v=abcdef"); // all lower-cased, as before
      try (Connection c = old.connection()) {
        Rec r = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(Json.write(report(url, "Deepfake video of a minister", "A fabricated clip."))), "api");
        String hash = r.contentHash();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_records (source, source_id, url, url_key, content_hash, version_hash,"
            + " title, body, ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
          Timestamp now = Timestamp.from(Instant.now());
          Object[] v = {"api", "url:" + oldKey.substring(0, 32), url, oldKey, hash, hash, r.title, r.body, now, now};
          for (int k = 0; k < v.length; k++) ps.setObject(k + 1, v[k]);
          ps.executeUpdate();
          try (var rs = ps.getGeneratedKeys()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
        for (String k : new String[] {oldKey, hash}) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_record_keys (k, record_id) VALUES (?, ?)")) {
            ps.setLong(1, RecordKeys.of(k));
            ps.setLong(2, id);
            ps.executeUpdate();
          }
        }
      }
      try (Db db = old.open()) {
        assertEquals(Rec.urlKey(url), IngestTest.one(db, "SELECT url_key FROM incident_records WHERE id = " + id));
        assertEquals(2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_record_keys"), "the old URL key's row replaced, not added to");
        Map<String, Object> same = post(db, report("http://youtube.com/watch?v=AbCdEf#t=3", "Same video, another headline", "Other words."));
        assertEquals("duplicate", same.get("outcome"));
        assertEquals(id, same.get("record_id"));
        assertEquals("inserted", post(db, report("https://youtube.com/watch?v=abcdef", "Another video", "A different clip.")).get("outcome"),
            "another id in the query is another page");
      }
    }
  }

  /**
   * An anonymous report waiting in the queue, or rejected, does not make a trusted record of the same address or text a
   * duplicate: otherwise anyone could post a story's URL first and keep the real record out. Anonymous reports still
   * meet everything stored.
   */
  @Test
  void aReportAwaitingReviewOrRejectedKeepsNoTrustedRecordOut() throws Exception {
    try (Db db = Fixtures.db()) {
      String url = "https://squat.example/news1", text = "A city's face recognition system led to a wrongful arrest, the paper reported.";
      Map<String, Object> squat = post(db, Map.of("source", "public", "url", url, "title", "fake", "text", "x"));
      assertEquals("pending", squat.get("review"));
      Map<String, Object> hash = post(db, Map.of("source", "public", "title", "Wrongful arrest", "text", text));
      assertEquals("inserted", post(db, Map.of("source", "reuters", "source_id", "n1", "url", url, "title", "Real story", "text", "real text")).get("outcome"),
          "a pending report's address keeps nothing out");
      PublicReports.review(db, ((Number) hash.get("record_id")).longValue(), "reject", null, "ed");
      assertEquals("inserted", post(db, Map.of("source", "wire", "source_id", "w1", "url", "https://wire.example/a", "title", "Wrongful arrest", "text", text)).get("outcome"),
          "a rejected report's text keeps nothing out");
      assertEquals("duplicate", post(db, Map.of("source", "public", "url", url, "title", "again", "text", "y")).get("outcome"),
          "an anonymous report meets what is stored");
      // an accepted report counts like any record: a trusted copy of it is a duplicate
      Map<String, Object> good = post(db, Map.of("source", "public", "url", "https://good.example/1", "title", "Accepted", "text", "accepted text"));
      PublicReports.review(db, ((Number) good.get("record_id")).longValue(), "accept", null, "ed");
      assertEquals("duplicate", post(db, Map.of("source", "wire", "source_id", "w2", "url", "https://good.example/1", "title", "Accepted", "text", "z")).get("outcome"));
    }
  }

  @Test
  void aRecordSharingOnlyTheShortKeyIsNotADuplicate() throws Exception {
    try (Db db = Fixtures.db()) {
      Map<String, Object> a = post(db, report("https://example.org/a", "Report A", "A face recognition system misidentified a shopper."));
      long aId = (Long) a.get("record_id");
      String bUrl = "https://example.org/b";
      String bText = "A delivery robot blocked a wheelchair user.";
      Rec b = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(Json.write(report(bUrl, "Report B", bText))), "api");
      // what a 64-bit collision would look like: B's URL key and text hash lead to record A, whose full keys differ
      db.tx(c -> {
        for (String v : new String[] {Rec.urlKey(bUrl), b.contentHash()}) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_record_keys (k, record_id) VALUES (?, ?)")) {
            ps.setLong(1, RecordKeys.of(v));
            ps.setLong(2, aId);
            ps.executeUpdate();
          }
        }
        return null;
      });
      Map<String, Object> posted = post(db, report(bUrl, "Report B", bText));
      assertEquals("inserted", posted.get("outcome"));
      long bId = (Long) posted.get("record_id");
      assertNotEquals(aId, bId);
      Map<String, Object> again = post(db, report(bUrl + "/", "B again", "Other words."));
      assertEquals("duplicate", again.get("outcome"));
      assertEquals(bId, again.get("record_id"), "the record whose full URL key matches, not the one sharing its short key");
    }
  }

  @Test
  void aSingleWriteAfterBatchedOnesKeepsEachRecordsOwnKeys() throws Exception {
    try (Db db = Fixtures.db()) {
      Rec a = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(Json.write(report("https://example.org/batched", "Batched", "A batched report."))), "api");
      Rec b = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(Json.write(report("https://example.org/single", "Single", "A single report."))), "api");
      long bId = db.tx(c -> {
        try (RecordWriter w = new RecordWriter(c, Classifier.bundled())) {
          assertEquals(RecordWriter.Outcome.INSERTED, w.write(a, RecordWriter.prepare(a, new RecordWriter.Known(), Classifier.bundled())));
          // without pre every key counts as possibly stored, so the batch is sent (with its key rows) before b's look-ups
          assertEquals(RecordWriter.Outcome.INSERTED, w.write(b));
          return w.lastId;
        }
      });
      assertEquals(bId, IngestTest.count(db, "SELECT id FROM incident_records WHERE title = 'Single'"));
      for (Rec r : new Rec[] {a, b}) {
        for (String v : new String[] {Rec.urlKey(r.url), r.contentHash()}) {
          assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_record_keys k JOIN incident_records r ON r.id = k.record_id"
              + " WHERE k.k = " + RecordKeys.of(v) + " AND r.title = '" + r.title + "'"), r.title + " is found by " + v);
        }
      }
    }
  }

  @Test
  void anUpdatedReportIsFoundByItsNewText() throws Exception {
    try (Db db = Fixtures.db()) {
      Map<String, Object> first = post(db, Map.of("id", "k1", "title", "Keyed report", "text", "First version of the text."));
      assertEquals("inserted", first.get("outcome"));
      Object id = first.get("record_id");
      Map<String, Object> second = post(db, Map.of("id", "k1", "title", "Keyed report", "text", "Second version, with the court's ruling."));
      assertEquals("updated", second.get("outcome"));
      assertEquals(id, second.get("record_id"));
      Map<String, Object> same = post(db, Map.of("id", "k1", "title", "Keyed report", "text", "Second version, with the court's ruling."));
      assertEquals("unchanged", same.get("outcome"));
      assertEquals(id, same.get("record_id"));
      Map<String, Object> copy = post(db, Map.of("url", "https://mirror.example.com/x", "title", "Keyed report", "text", "Second version, with the court's ruling."));
      assertEquals("duplicate", copy.get("outcome"), "the new text is a key of the updated record");
      assertEquals(id, copy.get("record_id"));
      // its first text's key row stays (rows are only added), but only the stored text makes a duplicate, as before V4_15
      Map<String, Object> old = post(db, Map.of("url", "https://mirror.example.com/y", "title", "Keyed report", "text", "First version of the text."));
      assertEquals("inserted", old.get("outcome"));
      assertEquals(2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_record_keys WHERE record_id = " + id));
    }
  }

  /** The content hash's normalisation (a loop since it runs per report) must equal the regex it replaced, or stored hashes stop matching. */
  @Test
  void normEqualsTheRegexItReplacedOnRandomTexts() {
    java.util.regex.Pattern spaces = java.util.regex.Pattern.compile("\\s+");
    String alphabet = " \t\n\u000B\f\r\u00A0\u2003\u3000\u0085\u001CaBcİß自Z9.";
    java.util.Random r = new java.util.Random(3);
    int changed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = r.nextInt(30); j > 0; j--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String t = sb.toString();
      String expected = spaces.matcher(t.toLowerCase(java.util.Locale.ROOT)).replaceAll(" ").strip();
      assertEquals(expected, Rec.norm(t), () -> "for: " + t.chars().mapToObj(Integer::toHexString).toList());
      if (!expected.equals(t)) changed++;
    }
    assertEquals("", Rec.norm(null));
    assertNotEquals(0, changed);
  }
}
