package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL during a burst of writes leaves a store where every change has its entry and vice versa. */
class LogCrashTest {
  @Test
  void killedWriterLeavesAConsistentLog(@TempDir Path dir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        LogCrashChild.class.getName(), dir.toString()).redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String line;
    List<String> seen = new ArrayList<>();
    // wait until the child is writing (startup includes migrations), then let it run and kill it mid-burst
    while ((line = out.readLine()) != null && !line.equals("writing")) seen.add(line);
    assertEquals("writing", line, "child output: " + seen);
    Thread.sleep(1500);
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));

    try (Db db = TestStores.h2File(dir)) {
      LogAudit.Report r = LogAudit.verify(db);
      assertTrue(r.ok(), r.toText());
      assertTrue(r.entries > 20, "the child wrote before it was killed: " + r.entries);
      assertEquals(r.entries, r.registryVersions);
      // the whole log, as a third party sees it, against a head signed now (and every stored head)
      TransparencyLog log = new TransparencyLog(db);
      SignedHead now = log.signHead();
      List<LogVerifier.ExportedEntry> es = new ArrayList<>();
      for (var e : log.entries(0, now.treeSize())) es.add(new LogVerifier.ExportedEntry(e.index(), e.entry(), e.leafHash(), e.treeRoot()));
      List<SignedHead> heads = new ArrayList<>();
      db.read(c -> {
        try (var ps = c.prepareStatement("SELECT tree_size, root_hash, timestamp_ms, key_id, signature FROM log_heads"); var rs = ps.executeQuery()) {
          while (rs.next()) heads.add(TransparencyLog.readHead(rs));
        }
        return null;
      });
      assertTrue(heads.size() >= 2, "the signer ran in the child too");
      LogVerifier.Result v = LogVerifier.verify(es, heads, log.keys().publicKey());
      assertTrue(v.ok(), String.join("\n", v.problems));
      assertEquals(now.rootHash(), v.root);
      // and the store keeps working after the crash
      db.tx(c -> {
        TestStores.publish(c, log, TestStores.change("after-crash", 1, "create"));
        return null;
      });
      assertTrue(LogAudit.verify(db).ok());
    }
  }
}
