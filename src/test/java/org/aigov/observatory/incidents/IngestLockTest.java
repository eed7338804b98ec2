package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two ingests into one empty store at once each dropped the look-up indexes for a bulk load, stored every record twice,
 * and left the store unable to rebuild its unique index. One run now holds the store's ingest lock; the other waits or stops.
 */
class IngestLockTest {
  @TempDir Path tmp;

  static java.util.stream.Stream<String> stores() {
    return TestStores.names();
  }

  private Path reports(int n) throws Exception {
    Path f = tmp.resolve("conc.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++)
      sb.append("{\"url\":\"https://example.org/res/").append(i).append("\",\"title\":\"Report ").append(i)
          .append(" algorithm failure\",\"text\":\"Model misclassified things in city ").append(i).append(".\",\"published\":\"2024-05-01\",\"source_id\":\"r")
          .append(i).append("\"}\n");
    Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
    return f;
  }

  private static java.util.Map<String, Object> post(Db db, String json) {
    return Ingest.postOne(db, Classifier.bundled(), org.aigov.observatory.kernel.Json.read(json));
  }

  private static Ingest ingest(Db db, Duration wait) {
    Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
    in.batch = 100; // several batches, so the runs would interleave
    in.lockWait = wait;
    return in;
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aSecondIngestWhileOneRunsStopsBeforeReadingAndEveryRecordIsStoredOnce(String store) throws Exception {
    Path f = reports(600);
    try (Db db = TestStores.open(store)) {
      Ingest first = ingest(db, Duration.ZERO);
      Throwable[] second = {null};
      first.afterLock = () -> { // the first holds the lock and has not read a line: the second tries now
        try {
          ingest(db, Duration.ZERO).run("jsonl", f.toString());
        } catch (Throwable t) {
          second[0] = t;
        }
      };
      Ingest.Report r = first.run("jsonl", f.toString());
      assertEquals(600, r.inserted, r.messages.toString());
      assertInstanceOf(IngestLock.Busy.class, second[0]);
      assertTrue(second[0].getMessage().startsWith("another ingest is running into this store: ingest jsonl " + f), second[0].getMessage());
      assertEquals(600, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
      // the lock is let go, the indexes are back: the same file again finds every record
      Ingest.Report again = ingest(db, Duration.ZERO).run("jsonl", f.toString());
      assertEquals(600, again.unchanged, again.toString());
      assertNull(IngestLock.holder(db), "the holder's name is cleared when it lets go");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void twoIngestsStartedTogetherTakeTurns(String store) throws Exception {
    Path f = reports(1500);
    try (Db db = TestStores.open(store)) {
      CountDownLatch go = new CountDownLatch(1);
      java.util.List<String> waited = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      java.util.function.Supplier<Ingest.Report> run = () -> {
        try {
          Ingest in = ingest(db, Duration.ofSeconds(60));
          in.onLockWait = waited::add;
          go.await();
          return in.run("jsonl", f.toString());
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      };
      CompletableFuture<Ingest.Report> a = CompletableFuture.supplyAsync(run), b = CompletableFuture.supplyAsync(run);
      go.countDown();
      Ingest.Report ra = a.get(120, TimeUnit.SECONDS), rb = b.get(120, TimeUnit.SECONDS);
      assertEquals(1500, ra.inserted + rb.inserted, ra + " / " + rb);
      assertEquals(1500, ra.unchanged + rb.unchanged, "the one that waited found every record stored: " + ra + " / " + rb);
      assertEquals(1, waited.size(), "one of them waited: " + waited);
      assertEquals(1500, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
      assertEquals(1500, IngestTest.count(db, "SELECT COUNT(DISTINCT source_id) FROM incident_records"));
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aRunThatFailsLetsGoOfTheLock(String store) throws Exception {
    Path f = reports(3);
    try (Db db = TestStores.open(store)) {
      Ingest in = ingest(db, Duration.ZERO);
      assertThrows(IllegalArgumentException.class, () -> in.run("jsonl", tmp.resolve("missing.jsonl").toString()));
      assertEquals(3, ingest(db, Duration.ZERO).run("jsonl", f.toString()).inserted);
      assertFalse(in.busy());
      try (IngestLock held = IngestLock.acquire(db, "ingest aiid elsewhere", Duration.ZERO, null)) {
        assertTrue(in.busy());
        assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_ingest_lock WHERE holder IS NULL AND name = 'ingest.holder'"));
      }
      assertFalse(in.busy());
    }
  }

  /**
   * The lock does not cover a report posted through the API, and a run reads the stored keys once, at its start: a post
   * that took an id the run was about to insert made its batch fail (a unique violation), and one with the URL or the
   * text of a later line was stored twice. Posts now log their keys, which each batch reads first (V4_26).
   */
  @ParameterizedTest
  @MethodSource("stores")
  void recordsPostedDuringARunAreFoundByItsLaterBatches(String store) throws Exception {
    Path f = reports(300);
    try (Db db = TestStores.open(store)) {
      post(db,
          "{\"source\":\"jsonl\",\"source_id\":\"other\",\"url\":\"https://example.org/other\",\"title\":\"Stored before\"}");
      Ingest in = ingest(db, Duration.ZERO);
      int[] batches = {0};
      in.afterBatch = () -> {
        if (++batches[0] != 1) return;
        // the id of line 251, the URL of line 201 (another outlet's copy), the text of line 151 (no URL)
        post(db, "{\"source\":\"jsonl\",\"source_id\":\"r250\",\"url\":\"https://example.org/posted\",\"title\":\"Posted meanwhile\"}");
        post(db, "{\"source\":\"api\",\"source_id\":\"u1\",\"url\":\"https://www.example.org/res/200/\",\"title\":\"Another copy\"}");
        post(db, "{\"source\":\"api\",\"source_id\":\"t1\",\"title\":\"Report 150 algorithm failure\",\"text\":\"Model misclassified things in city 150.\"}");
      };
      Ingest.Report r = in.run("jsonl", f.toString());
      assertEquals(300, r.items, r.toString());
      assertEquals(1, r.updated, "line 251 updates the post of its id: " + r);
      assertEquals(2, r.duplicates, "lines 201 and 151 were posted meanwhile: " + r);
      assertEquals(297, r.inserted, r.toString());
      assertEquals(1 + 300 + 2 - 2, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE source_id = 'r250'"));
      assertEquals("https://example.org/res/250", db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT url FROM incident_records WHERE source_id = 'r250'")));
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE url LIKE '%example.org/res/200%'"));
      // the next run starts by dropping the log its read of the store covers
      ingest(db, Duration.ZERO).run("jsonl", f.toString());
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_posted_keys"));
    }
  }

  /** A batch takes its turn with the posts: one waiting for the batch's transaction is written after it, and finds its record. */
  @ParameterizedTest
  @MethodSource("stores")
  void aPostWaitsForTheBatchBeingWrittenAndFindsItsRecord(String store) throws Exception {
    Path f = reports(3);
    try (Db db = TestStores.open(store)) {
      Ingest in = ingest(db, Duration.ZERO);
      in.bulkLoad = false;
      java.util.List<CompletableFuture<java.util.Map<String, Object>>> sent = new java.util.ArrayList<>();
      in.inBatch = () -> { // the batch's records are written, not committed
        sent.add(CompletableFuture.supplyAsync(() -> post(db,
            "{\"source\":\"api\",\"url\":\"https://example.org/res/1\",\"title\":\"The same story\"}")));
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        assertFalse(sent.get(0).isDone(), "the post waits for the batch's transaction, not storing its record beside it");
      };
      assertEquals(3, in.run("jsonl", f.toString()).inserted);
      assertEquals(1, sent.size());
      assertEquals("duplicate", sent.get(0).get(30, TimeUnit.SECONDS).get("outcome"));
      assertEquals(3, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /**
   * An empty embedded store's first load drops the look-up indexes (the unique one too): a report posted meanwhile with
   * the URL of one of its lines was stored a second time. The post now waits at the bulk gate until the load is done,
   * then finds the load's record.
   */
  @org.junit.jupiter.api.Test
  void aReportPostedDuringABulkLoadWaitsForItAndIsStoredOnce() throws Exception {
    Path f = reports(300);
    try (Db db = TestStores.open("h2")) {
      Ingest in = ingest(db, Duration.ZERO);
      CompletableFuture<java.util.Map<String, Object>> posted = new CompletableFuture<>();
      boolean[] waiting = {false};
      in.afterBulkGate = () -> {
        Thread t = new Thread(() -> {
          try {
            posted.complete(post(db,
                "{\"source\":\"tips\",\"source_id\":\"p1\",\"url\":\"https://example.org/res/150\",\"title\":\"Report 150 algorithm failure\"}"));
          } catch (Throwable e) {
            posted.completeExceptionally(e);
          }
        });
        t.start();
        try {
          Thread.sleep(400);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        waiting[0] = t.isAlive();
      };
      Ingest.Report r = in.run("jsonl", f.toString());
      assertEquals(300, r.inserted, r.messages.toString());
      java.util.Map<String, Object> out = posted.get(30, TimeUnit.SECONDS);
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE url = 'https://example.org/res/150'"));
      assertNotEquals("inserted", out.get("outcome"), out.toString());
      assertTrue(waiting[0], "the post waited for the bulk load");
      assertEquals(300, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /** A bulk load that fails before its first record still opens the gate and gets its indexes back. */
  @org.junit.jupiter.api.Test
  void aBulkLoadThatFailsAtItsStartOpensTheGate() throws Exception {
    Path f = reports(50);
    try (Db db = TestStores.open("h2")) {
      Ingest in = ingest(db, Duration.ZERO);
      in.afterBulkGate = () -> {
        throw new IllegalStateException("failed before the drop");
      };
      assertThrows(IllegalStateException.class, () -> in.run("jsonl", f.toString()));
      java.sql.Connection gate = IngestLock.closeBulkGate(db, Duration.ZERO);
      assertNotNull(gate, "the gate is open again");
      IngestLock.openBulkGate(db, gate);
      assertEquals(50, ingest(db, Duration.ZERO).run("jsonl", f.toString()).inserted);
      assertEquals("duplicate", post(db,
          "{\"source\":\"tips\",\"source_id\":\"p3\",\"url\":\"https://example.org/res/7\",\"title\":\"Report 7 algorithm failure\"}").get("outcome"));
    }
  }

  /** A post that finds the gate held longer than it waits is refused by name, stores nothing, and goes in afterwards. */
  @org.junit.jupiter.api.Test
  void aPostThatCannotPassTheBulkGateIsRefusedAndLaterStored() throws Exception {
    try (Db db = TestStores.open("h2")) {
      Duration was = Ingest.postWait;
      Ingest.postWait = Duration.ofMillis(200);
      String body = "{\"source\":\"tips\",\"source_id\":\"p2\",\"url\":\"https://example.org/gate\",\"title\":\"Held back\"}";
      java.sql.Connection gate = IngestLock.closeBulkGate(db, Duration.ZERO);
      try {
        assertNotNull(gate);
        assertNull(IngestLock.closeBulkGate(db, Duration.ZERO), "one holder at a time");
        IngestLock.Busy e = assertThrows(IngestLock.Busy.class,
            () -> post(db, body));
        assertEquals(Ingest.BULK_BUSY, e.getMessage());
        assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
      } finally {
        IngestLock.openBulkGate(db, gate);
        Ingest.postWait = was;
      }
      assertEquals("inserted", post(db, body).get("outcome"));
    }
  }

  /** The command that cannot wait any longer says so in a line, exits 1 and stores nothing; the holder's run is untouched. */
  @org.junit.jupiter.api.Test
  void theCommandThatFindsTheStoreBusyStopsWithOneLine() throws Exception {
    Path f = reports(5), data = tmp.resolve("data");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.err;
    int code;
    try (Db db = Db.embedded(data); IngestLock held = IngestLock.acquire(db, "ingest aiid /snapshots/x", Duration.ZERO, null)) {
      System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        code = org.aigov.observatory.cli.Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster");
      } finally {
        System.setErr(was);
      }
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records"));
    }
    String said = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, said);
    assertTrue(said.contains("note: waiting up to 10 s for another ingest into this store to finish (ingest aiid /snapshots/x, pid "), said);
    assertTrue(said.contains("error: another ingest is running into this store: ingest aiid /snapshots/x, pid "), said);
    assertFalse(said.contains("Exception") || said.contains("\tat "), said);
    assertEquals(0, org.aigov.observatory.cli.Main.commandLine().execute("ingest", "jsonl", f.toString(), "--data", data.toString(), "--no-cluster"));
  }
}
