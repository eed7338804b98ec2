package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A registry written by the schema before V1.3 (document in the record row too) keeps working after it. */
class RegistryMigrationTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void storeWithDocumentsInRecordRowsUpgrades(String kind) throws Exception {
    try (var old = org.aigov.observatory.kernel.TestStores.atVersion(kind, "1.2")) {
      upgrade(old);
    }
  }

  private static void upgrade(org.aigov.observatory.kernel.TestStores.OldStore old) throws Exception {
    Entry v1 = Fixtures.instrument("act", "law", "法", "Old Act", "2020");
    Entry v2 = Fixtures.instrument("act", "law", "法", "New Act", "2021");
    Entry gone = Fixtures.actor("gone", "旧", "Gone");
    Entry lone = Fixtures.actor("lone", "孤", "Lone"); // a current row whose version row is missing
    Entry rel = Fixtures.relation("builds_on", "act", "lone");
    rel.id = "rel-1";
    try (Connection c = old.connection()) {
      oldWrite(c, v1, 1, "create", false, true);
      oldWrite(c, v2, 2, "update", false, true);
      oldWrite(c, gone, 1, "create", false, true);
      oldWrite(c, gone, 2, "delete", true, true);
      oldWrite(c, lone, 1, "create", false, false);
      oldWrite(c, rel, 1, "create", false, true);
    }

    try (Db db = old.open()) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      assertEquals("New Act", r.get("act").name.en());
      assertEquals(2L, r.get("act").version);
      assertEquals(List.of(1L, 2L), r.history("act").stream().map(Registry.VersionInfo::version).toList());
      assertEquals("Old Act", r.version("act", 1).name.en());
      assertEquals(List.of("date", "name.en"), r.diff("act", 1, 2).stream().map(Registry.FieldChange::field).toList());
      assertTrue(r.find("gone").isEmpty());
      assertEquals("Lone", r.get("lone").name.en()); // its document moved to a version row, not lost
      assertEquals(List.of(1L), r.history("lone").stream().map(Registry.VersionInfo::version).toList());
      assertEquals(List.of("act", "lone", "rel-1"), r.listAll(null).stream().map(e -> e.id).toList());
      // relations are still found by either end (on H2 without the source/target indexes V1.4 drops)
      assertEquals(List.of("rel-1"), r.relationsOf("lone").stream().map(e -> e.id).toList());
      assertEquals(List.of("rel-1"), r.relationsOf("act").stream().map(e -> e.id).toList());
      assertEquals(409, assertThrows(org.aigov.observatory.kernel.ApiException.class, () -> r.delete("lone", 1, "t")).status);
      assertEquals(3, r.search().rebuild(db));
      assertEquals(1, r.search().search(new SearchIndex.Request("new", java.util.Map.of(), null, null, null, 0, 10, false)).total());

      // the same content again changes nothing; new content is version 3 with its own document
      Importers imp = new Importers(r);
      ImportReport same = imp.write("t", List.of(new Importers.Row(1, Fixtures.instrument("act", "law", "法", "New Act", "2021"), null)),
          false, Progress.silent());
      assertEquals(1, same.unchanged, same.summary());
      ImportReport changed = imp.write("t", List.of(new Importers.Row(1, Fixtures.instrument("act", "law", "法", "Newer Act", "2021"), null)),
          false, Progress.silent());
      assertEquals(1, changed.updated, changed.summary());
      assertEquals("Newer Act", r.get("act").name.en());
      assertEquals("New Act", r.version("act", 2).name.en());
      assertEquals(1, r.search().search(new SearchIndex.Request("newer", java.util.Map.of(), null, null, null, 0, 10, false)).total());
    }
  }

  /** A write as the old schema stored it: the document in the record row and (if {@code withVersion}) its version row. */
  private static void oldWrite(Connection c, Entry e, long version, String action, boolean deleted, boolean withVersion) throws Exception {
    String doc = Registry.docOf(e);
    String hash = Hashing.sha256Hex(doc);
    Timestamp ts = Timestamp.from(Instant.parse("2024-01-0" + version + "T00:00:00Z"));
    try (PreparedStatement ps = c.prepareStatement(version == 1
        ? "INSERT INTO registry_records (type, source_id, target_id, version, doc, content_hash, updated_at, deleted, id, kind) VALUES (?,?,?,?,?,?,?,?,?,?)"
        : "UPDATE registry_records SET type=?, source_id=?, target_id=?, version=?, doc=?, content_hash=?, updated_at=?, deleted=? WHERE id=? AND kind=?")) {
      ps.setString(1, e.type);
      ps.setString(2, e.source);
      ps.setString(3, e.target);
      ps.setLong(4, version);
      ps.setString(5, doc);
      ps.setString(6, hash);
      ps.setTimestamp(7, ts);
      ps.setBoolean(8, deleted);
      ps.setString(9, e.id);
      ps.setString(10, e.kind);
      assertEquals(1, ps.executeUpdate());
    }
    if (withVersion) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at) VALUES (?,?,?,?,?,?,?)")) {
        ps.setString(1, e.id);
        ps.setLong(2, version);
        ps.setString(3, doc);
        ps.setString(4, hash);
        ps.setString(5, "old");
        ps.setString(6, action);
        ps.setTimestamp(7, ts);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO registry_changes (id, version, changed_at) VALUES (?,?,?)")) {
      ps.setString(1, e.id);
      ps.setLong(2, version);
      ps.setTimestamp(3, ts);
      ps.executeUpdate();
    }
  }
}
