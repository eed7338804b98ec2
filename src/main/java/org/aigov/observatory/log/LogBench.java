package org.aigov.observatory.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.PublishedChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench log}: append throughput (batched and one per transaction), proof generation time
 * and size at growing log sizes, and proof verification throughput. Uses a fresh embedded store.
 */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Benchmark the transparency log / 透明日志性能测试.")
public class LogBench implements Callable<Integer> {
  @Option(names = "--data", description = "Directory for the throw-away store (default: a temporary directory).")
  Path data;

  @Option(names = "--jdbc-url", description = "Benchmark against this JDBC URL (e.g. PostgreSQL) instead of an embedded store.")
  String jdbcUrl;

  @Option(names = "--batch", defaultValue = "100000", description = "Entries appended in one transaction (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--single", defaultValue = "5000", description = "Entries appended one per transaction (default ${DEFAULT-VALUE}).")
  int single;

  @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,100000,1000000,10000000",
      description = "Log sizes for proof timing (default ${DEFAULT-VALUE}).")
  long[] sizes;

  @Option(names = "--proofs", defaultValue = "2000", description = "Proofs timed per size (default ${DEFAULT-VALUE}).")
  int proofs;

  @Option(names = "--proofs-only", description = "Skip the append measurements (reuse a store built by an earlier run via --data/--jdbc-url).")
  boolean proofsOnly;

  @Option(names = "--verify-seconds", defaultValue = "3", description = "Seconds of verification timing (default ${DEFAULT-VALUE}).")
  int verifySeconds;

  /** Standalone entry point for running the benchmark without the launcher. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new LogBench()).execute(args));
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** Process CPU seconds (all threads): on a shared machine, wall time alone overstates the cost. */
  static double cpu() {
    return OS.getProcessCpuTime() / 1e9;
  }

  static PublishedChange change(long i, Instant t) {
    return new PublishedChange("bench-" + (i / 4), i % 4 + 1, Hashing.sha256Hex("bench" + i), "bench", t, i % 4 == 0 ? "create" : "update");
  }

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("logbench");
    System.out.printf("store: %s; JVM %s, %d cpus, max heap %d MiB%n", jdbcUrl != null ? jdbcUrl : dir,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    String schema = jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? "logbench_" + Long.toHexString(System.nanoTime()) : null;
    try (Db db = jdbcUrl != null ? Db.connect(jdbcUrl, null, null, schema) : Db.embedded(dir)) {
      return run(db, dir);
    } finally {
      if (schema != null) {
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl); var st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE"); // the benchmark's data is throw-away
        } catch (java.sql.SQLException e) {
          System.err.println("could not drop benchmark schema " + schema + ": " + e.getMessage());
        }
      }
    }
  }

  private int run(Db db, Path dir) throws Exception {
    {
      TransparencyLog log = new TransparencyLog(db);
      Instant t = Instant.now();
      long next = 0;

      // warm-up
      for (int k = 0; k < 3 && !proofsOnly; k++) {
        long base = next;
        db.tx(c -> {
          for (long i = base; i < base + 2000; i++) log.published(c, change(i, t));
          return null;
        });
        next += 2000;
      }

      double c0;
      long t0;
      double secs;
      double cs;
      if (!proofsOnly) {
      // batched: one transaction, the sink called once per change (as the registry does)
      long base1 = next;
      c0 = cpu();
      t0 = System.nanoTime();
      db.tx(c -> {
        for (long i = base1; i < base1 + batch; i++) log.published(c, change(i, t));
        return null;
      });
      secs = (System.nanoTime() - t0) / 1e9;
      next += batch;
      cs = cpu() - c0;
      System.out.printf("append, %d entries in one transaction via published(): %.0f entries/s wall (%.2f s), %.0f entries per CPU-second (%.2f CPU s)%n",
          batch, batch / secs, secs, batch / cs, cs);

      // batched through appendAll (one lock, one batch insert)
      long base2 = next;
      List<PublishedChange> list = new ArrayList<>(batch);
      for (long i = base2; i < base2 + batch; i++) list.add(change(i, t));
      c0 = cpu();
      t0 = System.nanoTime();
      db.tx(c -> log.appendAll(c, list));
      secs = (System.nanoTime() - t0) / 1e9;
      cs = cpu() - c0;
      next += batch;
      System.out.printf("append, %d entries in one transaction via appendAll(): %.0f entries/s wall (%.2f s), %.0f entries per CPU-second (%.2f CPU s)%n",
          batch, batch / secs, secs, batch / cs, cs);

      // one entry per transaction
      c0 = cpu();
      t0 = System.nanoTime();
      for (long i = next; i < next + single; i++) {
        PublishedChange ch = change(i, t);
        db.tx(c -> {
          log.published(c, ch);
          return null;
        });
      }
      secs = (System.nanoTime() - t0) / 1e9;
      next += single;
      cs = cpu() - c0;
      System.out.printf("append, %d entries one per transaction: %.0f entries/s wall (%.2f s), %.0f entries per CPU-second%n",
          single, single / secs, secs, single / cs);
      }
      next = Math.max(next, log.size());

      // grow the log and time proofs at each size
      Random rnd = new Random(42);
      long[] sorted = sizes.clone();
      Arrays.sort(sorted);
      List<Object[]> verifySet = new ArrayList<>();
      // grow the log to the largest size once (bulk path: appendAll in 50,000-entry transactions),
      // then time proofs against each smaller tree size — proofs for any tree_size ≤ size are served
      long max = sorted[sorted.length - 1];
      long have0 = log.size();
      c0 = cpu();
      t0 = System.nanoTime();
      long have = have0;
      while (have < max) {
        int chunk = (int) Math.min(50_000, max - have);
        long from = have;
        List<PublishedChange> l = new ArrayList<>(chunk);
        for (long i = from; i < from + chunk; i++) l.add(change(next + i, t));
        db.tx(c -> log.appendAll(c, l));
        have += chunk;
        if (have % 500_000 < chunk) System.err.printf("  built %d entries (%.0f s)%n", have, (System.nanoTime() - t0) / 1e9);
      }
      secs = (System.nanoTime() - t0) / 1e9;
      cs = cpu() - c0;
      if (have > have0) {
        System.out.printf("bulk build from %d to %d entries: %.0f entries/s wall (%.1f s), %.0f entries per CPU-second%n", have0, have,
            (have - have0) / secs, secs, (have - have0) / cs);
      }
      c0 = cpu();
      t0 = System.nanoTime();
      int cached = log.warmCache();
      System.out.printf("cache warm-up: %d upper-level nodes in %.1f s%n", cached, (System.nanoTime() - t0) / 1e9);
      System.out.println("tree_size  | inclusion µs (mean / p99 / CPU per proof) | hashes | bytes | consistency µs (mean) | hashes");
      for (long target : sorted) {
        long n = target;
        // warm
        for (int i = 0; i < 200; i++) log.inclusionProof(Math.floorMod(rnd.nextLong(), n), n);
        long[] ns = new long[proofs];
        int hashes = 0;
        double pc0 = cpu();
        for (int i = 0; i < proofs; i++) {
          long idx = Math.floorMod(rnd.nextLong(), n);
          long s0 = System.nanoTime();
          List<byte[]> p = log.inclusionProof(idx, n);
          ns[i] = System.nanoTime() - s0;
          hashes = Math.max(hashes, p.size());
          if (i < 200 && n == sorted[sorted.length - 1]) verifySet.add(new Object[] {idx, n, p});
        }
        double pcpu = (cpu() - pc0) / proofs * 1e6;
        Arrays.sort(ns);
        double mean = Arrays.stream(ns).average().orElse(0) / 1000;
        double p99 = ns[(int) (ns.length * 0.99)] / 1000.0;
        long[] cns = new long[Math.max(1, proofs / 4)];
        int chashes = 0;
        for (int i = 0; i < cns.length; i++) {
          long m = 1 + Math.floorMod(rnd.nextLong(), n - 1);
          long s0 = System.nanoTime();
          List<byte[]> p = log.consistencyProof(m, n);
          cns[i] = System.nanoTime() - s0;
          chashes = Math.max(chashes, p.size());
        }
        double cmean = Arrays.stream(cns).average().orElse(0) / 1000;
        System.out.printf("%-10d | %8.1f / %8.1f / %6.1f               | %6d | %5d | %10.1f            | %d%n", n, mean, p99, pcpu, hashes,
            hashes * 32, cmean, chashes);
      }

      // verification throughput (in memory, one thread)
      if (!verifySet.isEmpty()) {
        byte[] root = log.root((long) verifySet.get(0)[1]);
        List<byte[]> leaves = new ArrayList<>();
        for (Object[] v : verifySet) leaves.add(Merkle.unhex(log.entries((long) v[0], (long) v[0] + 1).get(0).leafHash()));
        long count = 0;
        long end = System.nanoTime() + verifySeconds * 1_000_000_000L;
        long s0 = System.nanoTime();
        double vc0 = cpu();
        boolean all = true;
        while (System.nanoTime() < end) {
          for (int i = 0; i < verifySet.size(); i++) {
            Object[] v = verifySet.get(i);
            @SuppressWarnings("unchecked")
            List<byte[]> p = (List<byte[]>) v[2];
            all &= Merkle.verifyInclusion((long) v[0], (long) v[1], leaves.get(i), p, root);
          }
          count += verifySet.size();
        }
        double vs = (System.nanoTime() - s0) / 1e9;
        double vcs = cpu() - vc0;
        System.out.printf("inclusion proof verification at size %d: %.0f verifications/s wall, %.0f per CPU-second, one thread (%s)%n",
            (long) verifySet.get(0)[1], count / vs, count / vcs, all ? "all valid" : "SOME FAILED");
      }
    }
    return 0;
  }
}
