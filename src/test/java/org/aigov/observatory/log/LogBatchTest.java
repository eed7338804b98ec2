package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PublishedChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Large batches (the pipelined path), the direct entry encoder, and the stored-node rule. */
class LogBatchTest {

  @Test
  void entryTextEqualsTheGeneralCanonicaliserForRandomStrings() {
    Random rnd = new Random(20261130);
    String alphabet = "aZ09 -_:\"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u4eba\u5de5\u2028\ud83d\ude00";
    for (int k = 0; k < 2000; k++) {
      String id = random(rnd, alphabet, 1 + rnd.nextInt(40));
      String actor = random(rnd, alphabet, 1 + rnd.nextInt(20));
      if (id.isBlank() || actor.isBlank()) continue;
      long version = 1 + (rnd.nextBoolean() ? rnd.nextInt(1000) : Math.floorMod(rnd.nextLong(), 1L << 53));
      Instant t = Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000_000));
      String hash = Merkle.hex(Merkle.leafHash(id.getBytes(StandardCharsets.UTF_8)));
      String action = List.copyOf(TransparencyLog.ACTIONS).get(rnd.nextInt(TransparencyLog.ACTIONS.size()));
      PublishedChange c = new PublishedChange(id, version, hash, actor, t, action);
      ObjectNode o = Json.object();
      o.put("action", action);
      o.put("actor", actor);
      o.put("content_hash", hash);
      o.put("record_id", id);
      o.put("time", TransparencyLog.formatTime(t));
      o.put("version", version);
      assertEquals(CanonicalJson.of(o), TransparencyLog.entryJson(c), "record id " + id);
    }
  }

  private static String random(Random rnd, String alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < len) {
      int i = rnd.nextInt(alphabet.length());
      char ch = alphabet.charAt(i);
      if (Character.isHighSurrogate(ch)) sb.append(ch).append(alphabet.charAt(i + 1));
      else if (!Character.isLowSurrogate(ch)) sb.append(ch);
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void aLargeBatchInOneTransactionMatchesTheReferenceTreeAndPassesTheAudit(String kind) {
    int n = TransparencyLog.PIPELINE_MIN * 2 + 777; // several chunks, the last one partial
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db(), new TransparencyLog.Options(1_000_000, 3600));
      // a small append first, so the batch starts at an index that is not block-aligned
      s.db().tx(c -> {
        TestStores.publish(c, log, TestStores.change("first", 1, "create"));
        return null;
      });
      List<PublishedChange> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) batch.add(TestStores.change("bulk-" + i, 1, "create"));
      long firstIndex = s.db().tx(c -> {
        TestStores.insertVersions(c, batch);
        return log.appendAll(c, batch);
      });
      assertEquals(1, firstIndex);
      assertEquals(n + 1, log.size());
      List<byte[]> texts = new ArrayList<>();
      for (TransparencyLog.StoredEntry e : log.entries(0, n + 1)) texts.add(e.entry().getBytes(StandardCharsets.UTF_8));
      assertEquals(n + 1, texts.size());
      Merkle.MemoryTree t = new Merkle.MemoryTree();
      for (byte[] b : texts) t.appendEntry(b);
      for (long size : new long[] {1, 2, 4096, 4097, n / 2, n + 1}) {
        assertArrayEquals(Merkle.referenceRoot(texts.subList(0, (int) size)), log.root(size), "root at " + size);
      }
      Random rnd = new Random(5);
      for (int k = 0; k < 50; k++) {
        int size = 1 + rnd.nextInt(n + 1);
        int m = rnd.nextInt(size);
        assertTrue(Merkle.verifyInclusion(m, size, t.leaf(m), log.inclusionProof(m, size), log.root(size)), m + " in " + size);
      }
      // only levels >= STORED_MIN_LEVEL are stored, and all of them are
      long[] stored = s.db().read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(level), COUNT(*) FROM log_nodes"); ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new long[] {rs.getLong(1), rs.getLong(2)};
        }
      });
      assertEquals(TransparencyLog.STORED_MIN_LEVEL, stored[0]);
      long expected = 0;
      for (int level = TransparencyLog.STORED_MIN_LEVEL; (1L << level) <= n + 1; level++) expected += (n + 1) >> level;
      assertEquals(expected, stored[1]);
      LogAudit.Report r = LogAudit.verify(s.db());
      assertTrue(r.ok(), r.toText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void aBadChangeAnywhereInALargeBatchRefusesTheWholeBatch(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db(), new TransparencyLog.Options(1_000_000, 3600));
      List<PublishedChange> batch = new ArrayList<>();
      for (int i = 0; i < TransparencyLog.PIPELINE_MIN + 10; i++) batch.add(TestStores.change("b-" + i, 1, "create"));
      batch.set(TransparencyLog.PIPELINE_MIN + 3, new PublishedChange("b-x", 1, "NOT-HEX", "a", Instant.now(), "create"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.db().tx(c -> log.appendAll(c, batch)));
      assertTrue(e.getMessage().startsWith("contentHash"), e.getMessage());
      assertEquals(0, log.size());
      assertEquals(0, log.entries(0, 100).size());
    }
  }
}
