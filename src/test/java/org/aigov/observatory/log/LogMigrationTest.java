package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.PublishedChange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A log written in the hex-column layout of V2.1 is carried over by V2.2 and still verifies. */
class LogMigrationTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void hexLayoutLogMigratesToBinaryAndStillVerifies(String kind) throws Exception {
    try (var old = org.aigov.observatory.kernel.TestStores.atVersion(kind, "2.1")) {
      migrateAndVerify(old);
    }
  }

  private static void migrateAndVerify(org.aigov.observatory.kernel.TestStores.OldStore old) throws Exception {
    // 40 entries written the old way: hex hashes, content_hash column, nodes from level 1
    int n = 40;
    List<byte[]> texts = new ArrayList<>();
    try (Connection c = old.connection()) {
      Merkle.Frontier f = new Merkle.Frontier();
      for (int i = 0; i < n; i++) {
        PublishedChange ch = TestStores.change("old-" + i, 1, "create");
        String text = TransparencyLog.entryJson(ch);
        texts.add(text.getBytes(StandardCharsets.UTF_8));
        byte[] leaf = Merkle.leafHash(texts.get(i));
        f.append(leaf, (level, index, hash) -> exec(c, "INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)", level, index, Merkle.hex(hash)));
        exec(c, "INSERT INTO log_entries (idx, record_id, version, content_hash, entry, leaf_hash, tree_root) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (long) i, ch.recordId(), 1L, ch.contentHash(), text, Merkle.hex(leaf), Merkle.hex(f.root()));
        exec(c, "INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ch.recordId(), 1L, TestStores.doc(ch.recordId(), 1), ch.contentHash(), ch.actor(), ch.action(), Timestamp.from(ch.time()));
        TestStores.current(c, ch.recordId(), 1L, ch.contentHash(), false, ch.time());
      }
      exec(c, "UPDATE log_state SET tree_size = ?, frontier = ? WHERE id = 1", (long) n, f.encode());
    }

    try (Db db = old.open()) {
      TransparencyLog log = new TransparencyLog(db);
      assertEquals(n, log.size());
      assertArrayEquals(Merkle.referenceRoot(texts), log.root(n));
      LogAudit.Report r = LogAudit.verify(db);
      assertTrue(r.ok(), r.toText());
      Merkle.MemoryTree t = new Merkle.MemoryTree();
      for (byte[] b : texts) t.appendEntry(b);
      for (int m = 0; m < n; m += 7) assertTrue(Merkle.verifyInclusion(m, n, t.leaf(m), log.inclusionProof(m, n), log.root(n)));
      // appending after the migration continues the same tree
      db.tx(c -> {
        TestStores.publish(c, log, TestStores.change("new-0", 1, "create"));
        return null;
      });
      texts.add(log.entries(n, n + 1).get(0).entry().getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(Merkle.referenceRoot(texts), log.root(n + 1));
      assertTrue(LogAudit.verify(db).ok());
    }
  }

  private static void exec(Connection c, String sql, Object... args) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
