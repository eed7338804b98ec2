package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PublishedChange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored log on H2 and PostgreSQL: appends in the writer's transaction, proofs, heads, audit. */
class LogStoreTest {

  static TransparencyLog fill(TestStores.Store s, int n) {
    TransparencyLog log = new TransparencyLog(s.db(), new TransparencyLog.Options(1_000_000, 3600));
    for (int i = 0; i < n; i++) {
      PublishedChange ch = TestStores.change("rec-" + (i / 3), i % 3 + 1, i % 3 == 0 ? "create" : "update");
      s.db().tx(c -> {
        TestStores.publish(c, log, ch);
        return null;
      });
    }
    return log;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void appendsAreDenseAndStoredProofsMatchTheRfcTree(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = fill(s, 37);
      assertEquals(37, log.size());
      List<TransparencyLog.StoredEntry> es = log.entries(0, 1000);
      assertEquals(37, es.size());
      Merkle.MemoryTree t = new Merkle.MemoryTree();
      List<byte[]> texts = new ArrayList<>();
      for (int i = 0; i < es.size(); i++) {
        assertEquals(i, es.get(i).index());
        var node = Json.read(es.get(i).entry());
        assertEquals("rec-" + (i / 3), node.get("record_id").asText());
        assertEquals(List.of("action", "actor", "content_hash", "record_id", "time", "version"),
            iter(node.fieldNames()));
        texts.add(es.get(i).entry().getBytes(StandardCharsets.UTF_8));
        t.appendEntry(texts.get(i));
      }
      for (int n = 1; n <= 37; n++) {
        assertArrayEquals(Merkle.referenceRoot(texts.subList(0, n)), log.root(n), "root at " + n);
      }
      for (int n : new int[] {1, 2, 5, 16, 17, 32, 33, 37}) {
        for (int m = 0; m < n; m += 3) {
          List<byte[]> p = log.inclusionProof(m, n);
          assertEquals(t.inclusionProof(m, n).stream().map(Merkle::hex).toList(), p.stream().map(Merkle::hex).toList());
          assertTrue(Merkle.verifyInclusion(m, n, t.leaf(m), p, log.root(n)));
        }
        for (int m = 1; m < n; m += 2) {
          assertTrue(Merkle.verifyConsistency(m, n, log.root(m), log.root(n), log.consistencyProof(m, n)), m + "->" + n);
        }
      }
      // a fresh instance with the upper levels preloaded serves the same proofs
      TransparencyLog warm = new TransparencyLog(s.db());
      assertEquals(3, warm.warmCache(), "37 leaves: nodes (4,0), (4,1) and (5,0) lie at level >= 4");
      for (int m = 0; m < 37; m += 5) {
        assertEquals(t.inclusionProof(m, 37).stream().map(Merkle::hex).toList(), warm.inclusionProof(m, 37).stream().map(Merkle::hex).toList());
      }
      assertEquals(7, log.indexOf("rec-2", 2));
      assertEquals(-1, log.indexOf("rec-2", 9));
      assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(0, 38));
      LogAudit.Report r = LogAudit.verify(s.db());
      assertTrue(r.ok(), r.toText());
      assertEquals(37, r.registryVersions);
    }
  }

  static List<String> iter(java.util.Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void aRolledBackWriterLeavesNeitherChangeNorEntry(String kind) throws Exception {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = fill(s, 5);
      assertThrows(IllegalStateException.class, () -> s.db().tx(c -> {
        TestStores.publish(c, log, TestStores.change("doomed", 1, "create"));
        throw new IllegalStateException("writer fails after publishing");
      }));
      // an invalid change is refused and rolls back the writer's row too
      assertThrows(IllegalArgumentException.class, () -> s.db().tx(c -> {
        TestStores.publish(c, log, new PublishedChange("bad", 1, "not-a-hash", "a", java.time.Instant.now(), "create"));
        return null;
      }));
      assertEquals(5, log.size());
      assertTrue(LogAudit.verify(s.db()).ok());
      try (var c = s.db().connection()) {
        assertThrows(IllegalStateException.class, () -> log.published(c, TestStores.change("x", 1, "create")),
            "appending outside a transaction is refused");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void concurrentWritersGetDenseOrderedIndices(String kind) throws Exception {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db());
      ExecutorService ex = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        fs.add(ex.submit(() -> {
          for (int i = 0; i < 40; i++) {
            PublishedChange ch = TestStores.change("w" + worker + "-" + i, 1, "create");
            s.db().tx(c -> {
              TestStores.publish(c, log, ch);
              return null;
            });
          }
        }));
      }
      for (Future<?> f : fs) f.get();
      ex.shutdown();
      assertEquals(160, log.size());
      LogAudit.Report r = LogAudit.verify(s.db());
      assertTrue(r.ok(), r.toText());
      assertEquals(160, r.entries);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void signedHeadsFollowThePolicyAndVerify(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db(), new TransparencyLog.Options(5, 3600));
      SignedHead h0 = log.signIfDue();
      assertEquals(0, h0.treeSize());
      assertEquals(Merkle.hex(Merkle.emptyRoot()), h0.rootHash());
      for (int i = 0; i < 3; i++) {
        PublishedChange ch = TestStores.change("r" + i, 1, "create");
        s.db().tx(c -> {
          TestStores.publish(c, log, ch);
          return null;
        });
      }
      assertEquals(0, log.signIfDue().treeSize(), "3 < 5 new entries and the head is fresh: no new head");
      for (int i = 3; i < 5; i++) {
        PublishedChange ch = TestStores.change("r" + i, 1, "create");
        s.db().tx(c -> {
          TestStores.publish(c, log, ch);
          return null;
        });
      }
      SignedHead h5 = log.signIfDue();
      assertEquals(5, h5.treeSize());
      assertEquals(Merkle.hex(log.root(5)), h5.rootHash());
      assertTrue(LogKeys.verifyHead(log.keys().publicKey(), h5));
      SignedHead forged = new SignedHead(5, h5.rootHash(), h5.timestampMs() + 1, h5.keyId(), h5.signature());
      assertFalse(LogKeys.verifyHead(log.keys().publicKey(), forged), "the timestamp is covered by the signature");
      assertEquals(h5, SignedHead.fromJson(h5.toJson()));
      // the key is made once and kept
      TransparencyLog again = new TransparencyLog(s.db());
      assertEquals(log.keys().keyId, again.keys().keyId);
      assertTrue(LogKeys.verifyHead(again.keys().publicKey(), again.latestHead()));
      // time-based policy
      TransparencyLog quick = new TransparencyLog(s.db(), new TransparencyLog.Options(1000, 0));
      s.db().tx(c -> {
        TestStores.publish(c, quick, TestStores.change("r9", 1, "create"));
        return null;
      });
      assertEquals(6, quick.signIfDue().treeSize());
      assertTrue(LogAudit.verify(s.db()).ok());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void theSignerDaemonSignsAfterNEntries(String kind) throws Exception {
    try (var s = TestStores.open(kind); TransparencyLog log = new TransparencyLog(s.db(), new TransparencyLog.Options(2, 3600))) {
      assertEquals(0, log.signIfDue().treeSize());
      log.start();
      for (int i = 0; i < 2; i++) {
        PublishedChange ch = TestStores.change("d" + i, 1, "create");
        s.db().tx(c -> {
          TestStores.publish(c, log, ch);
          return null;
        });
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while ((log.latestHead() == null || log.latestHead().treeSize() < 2) && System.currentTimeMillis() < deadline) Thread.sleep(50);
      assertEquals(2, log.latestHead().treeSize());
    }
  }

  // ------------------------------------------------------------------ tampering

  static TransparencyLog tamperable(TestStores.Store s) {
    TransparencyLog log = fill(s, 24);
    log.signHead();
    assertTrue(LogAudit.verify(s.db()).ok());
    return log;
  }

  static String entry(Db db, long idx) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT entry FROM log_entries WHERE idx = ?")) {
        ps.setLong(1, idx);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void changingAStoredEntryIsReportedAtItsIndex(String kind) {
    try (var s = TestStores.open(kind)) {
      tamperable(s);
      String e = entry(s.db(), 17);
      TestStores.exec(s.db(), "UPDATE log_entries SET entry = ? WHERE idx = 17", e.replace("\"actor\":\"actor-", "\"actor\":\"mallory-"));
      LogAudit.Report r = LogAudit.verify(s.db());
      assertFalse(r.ok());
      assertEquals(17, r.firstBadIndex(), r.toText());
      // a careful forger also rewrites the leaf hash: the stored per-entry roots still name the index
      String forged = entry(s.db(), 17);
      TestStores.exec(s.db(), "UPDATE log_entries SET leaf_hash = ? WHERE idx = 17", Merkle.leafHash(forged.getBytes(StandardCharsets.UTF_8)));
      r = LogAudit.verify(s.db());
      assertEquals(17, r.firstBadIndex(), r.toText());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("tree-root")), r.toText());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("head-root")), r.toText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void changingAStoredRecordVersionIsReported(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = tamperable(s);
      long idx = log.indexOf("rec-5", 2);
      TestStores.exec(s.db(), "UPDATE registry_versions SET content_hash = ? WHERE id = 'rec-5' AND version = 2", "0".repeat(64));
      LogAudit.Report r = LogAudit.verify(s.db());
      assertFalse(r.ok());
      assertEquals(idx, r.firstBadIndex(), r.toText());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("content-hash")), r.toText()); // differs from the log
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("document")), r.toText()); // and from the document
      // and a version row with no entry at all
      TestStores.exec(s.db(), "INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at) "
          + "SELECT id, 9, doc, content_hash, actor, action, created_at FROM registry_versions WHERE id = 'rec-1' AND version = 1");
      r = LogAudit.verify(s.db());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("unlogged") && i.message().contains("rec-1@9")), r.toText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void swappingTwoEntriesIsReportedAtTheFirst(String kind) {
    try (var s = TestStores.open(kind)) {
      tamperable(s);
      // swap whole rows 9 and 20 (text, hashes, columns) by moving indices
      TestStores.exec(s.db(), "UPDATE log_entries SET idx = -1 WHERE idx = 9");
      TestStores.exec(s.db(), "UPDATE log_entries SET idx = 9 WHERE idx = 20");
      TestStores.exec(s.db(), "UPDATE log_entries SET idx = 20 WHERE idx = -1");
      LogAudit.Report r = LogAudit.verify(s.db());
      assertFalse(r.ok());
      assertEquals(9, r.firstBadIndex(), r.toText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void aCorruptedSignatureIsReported(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = tamperable(s);
      SignedHead h = log.latestHead();
      byte[] sig = java.util.Base64.getDecoder().decode(h.signature());
      sig[10] ^= 1;
      TestStores.exec(s.db(), "UPDATE log_heads SET signature = ?", java.util.Base64.getEncoder().encodeToString(sig));
      LogAudit.Report r = LogAudit.verify(s.db());
      assertFalse(r.ok());
      assertEquals("head-signature", r.issues.get(0).kind(), r.toText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void truncatingTheLogIsReported(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = tamperable(s);
      // a thorough truncation: entries, nodes and state all rolled back to 15 entries
      TestStores.exec(s.db(), "DELETE FROM log_entries WHERE idx >= 15");
      TestStores.exec(s.db(), "DELETE FROM log_nodes WHERE (idx + 1) * POWER(2, level) > 15");
      Merkle.Frontier f = new Merkle.Frontier();
      for (var e : log.entries(0, 15)) f.append(Merkle.unhex(e.leafHash()), null);
      TestStores.exec(s.db(), "UPDATE log_state SET tree_size = 15, frontier = ?", f.encode());
      assertEquals(15, log.size());
      LogAudit.Report r = LogAudit.verify(s.db());
      assertFalse(r.ok());
      assertEquals(15, r.firstBadIndex(), r.toText());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("truncated")), r.toText());
      assertTrue(r.issues.stream().anyMatch(i -> i.kind().equals("unlogged")), "registry versions 15.. now lack entries");
      assertNotEquals(0, r.registryVersions);
    }
  }
}
