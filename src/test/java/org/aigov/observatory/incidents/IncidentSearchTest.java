package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentSearchTest {
  @TempDir Path tmp;

  static Map<Long, String> titles(Db db) {
    return db.read(c -> {
      Map<Long, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, title FROM incident_records WHERE title IS NOT NULL ORDER BY id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
      }
      return out;
    });
  }

  @Test
  void everyRecordIsFoundByItsTitleAsAPhraseAndTheIndexPersists() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Path dir = tmp.resolve("idx");
      Map<Long, String> titles = titles(db);
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(titles.size(), s.catchUp(db), "the first catch-up indexes every record");
        assertEquals(0, s.catchUp(db), "nothing new: nothing re-indexed");
        for (var e : titles.entrySet()) {
          Map<Long, Float> hits = s.search(db, "\"" + e.getValue().replace("\"", " ") + "\"", 50);
          assertTrue(hits.containsKey(e.getKey()), "record " + e.getKey() + " by its title: " + e.getValue());
        }
      }
      try (IncidentSearch again = IncidentSearch.open(dir)) {
        assertEquals(0, again.catchUp(db), "the high-water marks survive a restart");
        assertFalse(again.search(db, "homeowner", 10).isEmpty());
        // a second process on the same folder is refused, and the live index is left alone
        var refused = assertThrows(java.io.UncheckedIOException.class, () -> IncidentSearch.open(dir));
        assertInstanceOf(org.apache.lucene.store.LockObtainFailedException.class, refused.getCause());
        assertFalse(again.search(db, "homeowner", 10).isEmpty());
      }
    }
  }

  @Test
  void anUnreadableIndexIsRebuiltFromTheStore() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      Path dir = tmp.resolve("idx");
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        s.catchUp(db);
      }
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) Files.write(p, new byte[] {1, 2, 3});
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertTrue(s.catchUp(db) > 0, "rebuilt from scratch");
        assertFalse(s.search(db, "homeowner", 10).isEmpty());
      }
    }
  }

  /** An index written before Chinese folding (no "layout" in its commit) is rebuilt from the store at open, once. */
  @Test
  void anIndexOfAnOlderLayoutIsRebuiltOnce() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      Path dir = tmp.resolve("idx");
      int all;
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        all = s.catchUp(db);
      }
      try (var d = org.apache.lucene.store.FSDirectory.open(dir);
           var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
        w.setLiveCommitData(Map.of("max_id", "999999999", "updated_mark", "0").entrySet()); // as layout 1 wrote it
        w.commit();
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(all, s.catchUp(db), "every record indexed again");
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(0, s.catchUp(db), "the rebuilt index is kept");
      }
    }
  }

  @Test
  void queriesThatAnalyseToNothingFindNothing() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      for (String q : List.of("   ", "-", "\"\"", "。，")) assertTrue(s.search(db, q, 10).isEmpty(), q);
    }
  }
}
