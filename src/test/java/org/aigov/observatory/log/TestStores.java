package org.aigov.observatory.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.PublishedChange;
import org.junit.jupiter.api.Assumptions;

/** Store factories for tests (H2 in memory, PostgreSQL when OBS_TEST_PG_URL is set) and registry stand-ins. */
final class TestStores {
  private TestStores() {}

  record Store(Db db, String schema) implements AutoCloseable {
    @Override
    public void close() {
      db.close();
      if (schema != null) {
        try (var c = java.sql.DriverManager.getConnection(org.aigov.observatory.kernel.TestStores.pgUrl()); var st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (Exception ignored) {
          // a leftover test schema is harmless
        }
      }
    }
  }

  static Store open(String kind) {
    if ("h2".equals(kind)) return new Store(kernelH2Works() ? Db.inMemory("log-" + UUID.randomUUID()) : h2Memory("log-" + UUID.randomUUID()), null);
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    String schema = "t_log_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    return new Store(Db.connect(url, null, null, schema), schema);
  }

  /**
   * Db.inMemory's URL plus NON_KEYWORDS=VALUE: the kernel migration names a column "value", a
   * keyword in H2 2.3, so Db.inMemory/embedded fail until the kernel URL carries this setting.
   */
  static Db h2Memory(String name) {
    return Db.connect("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;"
        + "LOCK_TIMEOUT=10000;NON_KEYWORDS=VALUE", "sa", "", null);
  }

  /** Db.embedded(dir) with the same work-around. */
  static Db h2File(java.nio.file.Path dir) {
    if (kernelH2Works()) return Db.embedded(dir);
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    {
      return Db.connect("jdbc:h2:file:" + dir.toAbsolutePath().resolve("observatory")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;MAX_COMPACT_TIME=2000;NON_KEYWORDS=VALUE",
          "sa", "", null);
    }
  }

  private static Boolean kernelH2;

  /** Whether the kernel's own H2 URL migrates (probed once on a throw-away in-memory store). */
  static synchronized boolean kernelH2Works() {
    if (kernelH2 == null) {
      try (Db probe = Db.inMemory("probe-" + UUID.randomUUID())) {
        kernelH2 = true;
      } catch (RuntimeException e) {
        kernelH2 = false;
      }
    }
    return kernelH2;
  }

  /** A stand-in registry document; its SHA-256 is the change's content hash, as in the registry (the audit checks it). */
  static String doc(String id, long version) {
    return "{\"id\":\"" + id + "\",\"version\":" + version + "}";
  }

  static PublishedChange change(String id, long version, String action) {
    return new PublishedChange(id, version, Hashing.sha256Hex(doc(id, version)), "actor-" + (version % 3), Instant.now(), action);
  }

  /** What the registry does: a registry_versions row and the sink call in the same transaction. */
  static void publish(Connection c, TransparencyLog log, PublishedChange ch) throws Exception {
    insertVersions(c, List.of(ch));
    log.published(c, ch);
  }

  /** The registry_versions rows the audit matches the log against. */
  static void insertVersions(Connection c, List<PublishedChange> changes) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (PublishedChange ch : changes) {
        ps.setString(1, ch.recordId());
        ps.setLong(2, ch.version());
        ps.setString(3, doc(ch.recordId(), ch.version()));
        ps.setString(4, ch.contentHash());
        ps.setString(5, ch.actor());
        ps.setString(6, ch.action());
        ps.setTimestamp(7, Timestamp.from(ch.time()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    for (PublishedChange ch : changes) current(c, ch.recordId(), ch.version(), ch.contentHash(), "delete".equals(ch.action()), ch.time());
  }

  /** The record's current row, as the registry keeps it beside its versions (the audit checks the two agree). */
  static void current(Connection c, String id, long version, String contentHash, boolean deleted, Instant at) throws Exception {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM registry_records WHERE id = ? AND version <= ?")) {
      del.setString(1, id);
      del.setLong(2, version);
      del.executeUpdate();
    }
    try (PreparedStatement has = c.prepareStatement("SELECT 1 FROM registry_records WHERE id = ?")) {
      has.setString(1, id);
      try (var rs = has.executeQuery()) {
        if (rs.next()) return; // a newer version is current already
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO registry_records (id, kind, type, version, content_hash, updated_at, deleted) VALUES (?, 'instrument', 'law', ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, version);
      ps.setString(3, contentHash);
      ps.setTimestamp(4, Timestamp.from(at));
      ps.setBoolean(5, deleted);
      ps.executeUpdate();
    }
  }

  static void exec(Db db, String sql, Object... args) {
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
        return ps.executeUpdate();
      }
    });
  }
}
