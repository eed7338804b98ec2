package org.aigov.observatory.incidents;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** "bench incidents": ingest+merge+classify throughput on the real data and on synthetic corpora; trend query latency. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
    description = "Incident monitor benchmark: real AIID+AIAAIC, synthetic corpora of growing size, trend queries")
public final class IncidentsBench implements Callable<Integer> {
  @Option(names = "--shared", description = "folder with aiid-2025-03/ and aiaaic/ (default ../shared/data beside the launcher's"
      + " folder, else ../shared/data from here); a folder without them is an error, unless --skip-real")
  Path shared;

  @Option(names = "--sizes", split = ",", description = "synthetic corpus sizes (default ${DEFAULT-VALUE}; 0 = none, e.g. with --trend-incidents)")
  List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);

  @Option(names = "--work", description = "scratch folder, kept after the run for inspection (default: a temporary folder, removed"
      + " when the run ends)")
  Path work;

  @Option(names = "--queries", description = "trend queries to time on the largest corpus, at least 1 (default ${DEFAULT-VALUE})")
  int queries = 30;

  @Option(names = "--search-queries", description = "full-text incident searches to time on the largest corpus (default ${DEFAULT-VALUE}; 0 = off)")
  int searchQueries = 200;

  @Option(names = "--monitor-rounds", description = "idle rounds of the monitor loop to time on the largest corpus (default ${DEFAULT-VALUE}; 0 = off)")
  int monitorRounds = 50;

  @Option(names = "--skip-real", description = "skip the real-data run")
  boolean skipReal;

  @Option(names = "--trend-incidents", description = "also time trend queries over this many distinct synthetic incidents written"
      + " straight into the incidents table (no ingest or clustering), e.g. 1000000; 0 = off (default)")
  int trendIncidents;

  @Option(names = "--jdbc-url", paramLabel = "<url>", description = "run the synthetic corpora on this PostgreSQL database instead of"
      + " the embedded store, each in a schema of its own that is dropped afterwards, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
  String jdbcUrl;

  @Option(names = "--digest", description = "after each size, print digests of the memberships and incident aggregates (to check that a change keeps results identical)")
  boolean digest;

  /** SHA-256 over the rows of a query (columns joined by tabs), as hex. */
  static String digest(Db db, String sql) {
    return db.read(c -> {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      try (java.sql.Statement s = c.createStatement()) {
        s.setFetchSize(5000);
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
          int cols = rs.getMetaData().getColumnCount();
          StringBuilder sb = new StringBuilder();
          while (rs.next()) {
            sb.setLength(0);
            for (int k = 1; k <= cols; k++) sb.append(rs.getString(k)).append('\t');
            md.update(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    });
  }

  /**
   * Highest heap in use at one moment since {@link #resetPeak}, sampled every 5 ms. (Adding up the heap
   * pools' own peaks overstates it: young, survivor and old generation peak at different times, and the
   * sum passed -Xmx.)
   */
  static long peakHeap() {
    return Math.max(peakUsed.get(), usedNow());
  }

  private static final java.util.concurrent.atomic.AtomicLong peakUsed = new java.util.concurrent.atomic.AtomicLong();

  /**
   * "peak heap N MiB", as every figure of this bench prints it. Heap in use, garbage included, so it grows with -Xmx (the
   * 10^6 run printed about 1,850 MiB in -Xmx2g and 1,022 in -Xmx1g, same results): it shows that a run stays within its
   * heap, and what a run needs is found by running it in a smaller one (docs/benchmarks.md).
   */
  static String heapLine() {
    return String.format(Locale.ROOT, "peak heap %d MiB", peakHeap() >> 20);
  }

  static {
    Daemons.start("heap-sampler", () -> {
      while (true) {
        peakUsed.accumulateAndGet(usedNow(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  private static long usedNow() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** CPU seconds used by this process so far (all threads, including H2's and the GC's). */
  static double cpu() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  /** The PostgreSQL schemas this run created, dropped when it ends however it ends. */
  private final List<String> schemas = new ArrayList<>();

  /** A store for one synthetic run: a new embedded store in {@code dir}, or a new schema of {@link #jdbcUrl}. */
  private Db syntheticStore(Path dir) {
    if (jdbcUrl == null) return Db.embedded(dir);
    schemas.add("bench_" + Long.toString(System.nanoTime() & Long.MAX_VALUE, 36));
    return Db.connect(jdbcUrl, null, null, schemas.get(schemas.size() - 1));
  }

  private void dropSchemas() {
    for (String schema : schemas) {
      try (var c = java.sql.DriverManager.getConnection(jdbcUrl); var st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (java.sql.SQLException e) {
        System.err.println("schema " + schema + " not dropped: " + e.getMessage());
      }
    }
  }

  /** The bytes a store takes: its folder, or its PostgreSQL schema's tables with their indexes and TOAST. */
  static long storeBytes(Db db, Path dir) throws java.io.IOException {
    if (db.dataDir().isPresent()) return dirBytes(dir);
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'");
           var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  static long dirBytes(Path dir) throws java.io.IOException {
    try (var st = Files.walk(dir)) {
      return st.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static void resetPeak() {
    System.gc();
    peakUsed.set(usedNow());
  }

  @Override
  public Integer call() throws Exception {
    check();
    Path dir = work != null ? work : Files.createTempDirectory("incidents-bench");
    // without --work the scratch folder goes when the run ends, also on Ctrl-C (it held 2 GB after a 10^6 run)
    Thread cleanup = new Thread(() -> removeScratch(dir), "bench-scratch-cleanup");
    if (work == null) Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return runAll(dir);
    } finally {
      dropSchemas();
      if (work == null) {
        removeScratch(dir);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }
  }

  private static void removeScratch(Path dir) {
    try {
      org.aigov.observatory.kernel.FileTrees.delete(dir);
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("note: scratch folder " + dir + " not removed: " + e.getMessage());
    }
  }

  /** Bytes on disk per synthetic report (embedded store with its search index, ~2.1 GB at 10^6) and per trend incident. */
  static final long BYTES_PER_REPORT = 3_000, BYTES_PER_TREND_INCIDENT = 600;

  /**
   * Every argument checked before any work, each refusal a line naming the option (exit 2): a bad --queries had failed
   * with a stack trace after the whole ingest, a missing --shared had skipped the real data silently, and a size far
   * beyond the disk had started writing its input anyway.
   */
  void check() throws java.io.IOException {
    for (int s : sizes) if (s < 0) throw ApiException.badRequest("--sizes", "a size is a number of reports, 0 or more; found " + s);
    if (queries < 1) throw ApiException.badRequest("--queries", "at least 1, found " + queries);
    if (searchQueries < 0) throw ApiException.badRequest("--search-queries", "0 (off) or more, found " + searchQueries);
    if (monitorRounds < 0) throw ApiException.badRequest("--monitor-rounds", "0 (off) or more, found " + monitorRounds);
    if (trendIncidents < 0) throw ApiException.badRequest("--trend-incidents", "0 (off) or more, found " + trendIncidents);
    if (!skipReal) AiidSnapshotFiles.requireShared(sharedFolder(), "--skip-real");
    if (jdbcUrl != null) org.aigov.observatory.kernel.DataOptions.postgres(jdbcUrl).close(); // refused by name, or reached
    Path where;
    if (work != null) {
      if (Files.exists(work) && !Files.isDirectory(work)) throw ApiException.badRequest("--work", work + " is a file, not a folder");
      try {
        Files.createDirectories(work);
      } catch (java.io.IOException | SecurityException e) {
        throw ApiException.badRequest("--work", "cannot create " + work + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
      }
      if (!Files.isWritable(work)) throw ApiException.badRequest("--work", work + " is not writable");
      where = work;
    } else where = Path.of(System.getProperty("java.io.tmpdir"));
    long reports = 0;
    for (int s : sizes) reports += Math.max(s, 0);
    // on PostgreSQL only the input file is local: about 140 bytes a report
    long need = reports * (jdbcUrl == null ? BYTES_PER_REPORT : 200) + (long) trendIncidents * BYTES_PER_TREND_INCIDENT;
    long free = Files.getFileStore(where).getUsableSpace();
    if (need > free)
      throw ApiException.badRequest(sizes.stream().anyMatch(x -> x > 0) ? "--sizes" : "--trend-incidents", String.format(Locale.ROOT,
          "this run needs about %.1f GiB in %s and %.1f GiB are free; choose smaller sizes or a --work folder on a larger disk",
          need / (double) (1L << 30), where.toAbsolutePath().normalize(), free / (double) (1L << 30)));
  }

  /** --shared, else ../shared/data beside the launcher's folder when that holds the data, else ../shared/data from here. */
  Path sharedFolder() {
    if (shared != null) return shared;
    String home = System.getenv("OBSERVATORY_HOME");
    if (home != null && !home.isBlank()) {
      Path beside = Path.of(home).resolve("../shared/data").normalize();
      if (Files.isDirectory(beside)) return beside;
    }
    return Path.of("../shared/data");
  }

  private Integer runAll(Path dir) throws Exception {
    System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
    if (jdbcUrl != null) System.out.println("synthetic corpora on PostgreSQL: " + jdbcUrl.replaceAll("password=[^&]*", "password=…"));
    System.out.println(org.aigov.observatory.kernel.MachineSpeed.line());
    long t = System.nanoTime();
    Classifier cl = Classifier.bundled();
    System.out.printf(Locale.ROOT, "classifier training (869 bundled labels): %.2f s%n", (System.nanoTime() - t) / 1e9);
    if (!skipReal) {
      Path shared = sharedFolder();
      resetPeak();
      try (Db db = Db.embedded(dir.resolve("real-" + System.nanoTime()))) {
        long t0 = System.nanoTime();
        Ingest in = new Ingest(db, cl, Progress.silent());
        Ingest.Report a = in.run("aiid", shared.resolve("aiid-2025-03").toString());
        Ingest.Report b = in.run("aiaaic", shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv").toString());
        long t1 = System.nanoTime();
        Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
        long t2 = System.nanoTime();
        long n = a.items + b.items;
        // items read, the 2 rows the ingest refuses included (they are read and checked too): 3,129 read, 3,127 stored
        System.out.printf(Locale.ROOT, "real data: %d rows read (%d refused); ingest+classify %.2f s, cluster %.2f s, end to end %.0f records/s; %s%n",
            n, a.errors + b.errors, (t1 - t0) / 1e9, (t2 - t1) / 1e9, n / ((t2 - t0) / 1e9), heapLine());
        System.out.println("  " + st);
      }
    }
    Db last = null;
    for (int size : sizes) {
      if (size <= 0) continue;
      Path file = dir.resolve("synthetic-" + size + ".jsonl");
      long g0 = System.nanoTime();
      generate(file, size, 42);
      System.out.printf(Locale.ROOT, "synthetic %d: generated %d MiB in %.1f s%n", size, Files.size(file) >> 20, (System.nanoTime() - g0) / 1e9);
      resetPeak();
      Path store = dir.resolve("syn-" + size + "-" + System.nanoTime());
      Db db = syntheticStore(store);
      double c0 = cpu();
      long t0 = System.nanoTime();
      Ingest.Report r = new Ingest(db, cl, Progress.silent()).run("jsonl", file.toString());
      long t1 = System.nanoTime();
      double c1 = cpu();
      long storeAfterIngest = storeBytes(db, store);
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      long t2 = System.nanoTime();
      double c2 = cpu();
      System.out.printf(Locale.ROOT, "synthetic %d: ingest+classify %.1f s (%.0f/s), cluster %.1f s, end to end %.1f s = %.0f reports/s; %s%n",
          size, (t1 - t0) / 1e9, r.items / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, (t2 - t0) / 1e9, r.items / ((t2 - t0) / 1e9), heapLine());
      System.out.printf(Locale.ROOT, "  cpu: ingest %.1f s, cluster %.1f s, end to end %.1f s (%.0f reports per cpu-second); store after ingest %d MiB (input %d MiB), after clustering %d MiB%n",
          c1 - c0, c2 - c1, c2 - c0, r.items / (c2 - c0), storeAfterIngest >> 20, Files.size(file) >> 20, storeBytes(db, store) >> 20);
      System.out.println("  ingest: " + r);
      System.out.println("  cluster: " + st);
      System.out.println("  " + syntheticAccuracy(db));
      if (digest) {
        System.out.println("  digest: members " + digest(db, "SELECT record_id, incident_id, via, score FROM incident_members ORDER BY record_id")
            + ", incidents " + digest(db, "SELECT id, title, first_date, record_count, sources, risk_domain, risk_layers, harm_types, sectors,"
            + " countries, topics FROM incidents ORDER BY id"));
      }
      if (last != null) last.close();
      last = db;
      Files.deleteIfExists(file);
    }
    if (last != null) {
      timeTrends(last);
      if (monitorRounds > 0) {
        timeMonitor(last, cl);
        timeSharedFeed(last);
      }
      if (searchQueries > 0) timeSearch(last, dir.resolve("search-" + System.nanoTime()), searchQueries);
      last.close();
    }
    if (trendIncidents > 0) {
      Path store = dir.resolve("trend-" + trendIncidents + "-" + System.nanoTime());
      try (Db db = Db.embedded(store)) {
        long g0 = System.nanoTime();
        writeIncidents(db, trendIncidents, 7);
        System.out.printf(Locale.ROOT, "synthetic incidents: %d written straight into the incidents table in %.1f s%n", trendIncidents,
            (System.nanoTime() - g0) / 1e9);
        resetPeak();
        timeTrends(db);
        System.out.println("  " + heapLine());
      }
    }
    return 0;
  }

  /** Builds the trend index over the incidents of {@code db} and times {@link #queries} trend queries on it. */
  static final int WARM_ROUNDS = 4;

  void timeTrends(Db db) throws java.io.IOException {
    long i0 = System.nanoTime();
    double ic = cpu();
    Trends.Index idx = Trends.index(db);
    System.out.printf(Locale.ROOT, "trend index over %d incidents built in %.2f s (%.1f cpu-s)%n", idx.n, (System.nanoTime() - i0) / 1e9, cpu() - ic);
    if (db.dataDir().isPresent()) {
      // what a new process (a trends or alerts command, a restarted server) does instead of the build
      Trends.forget(db);
      long r0 = System.nanoTime();
      double rc = cpu();
      idx = Trends.index(db);
      System.out.printf(Locale.ROOT, "  read back from %s (%d MiB) in %.2f s (%.1f cpu-s)%n", TrendIndexFile.NAME,
          java.nio.file.Files.size(db.dataDir().get().resolve(TrendIndexFile.NAME)) >> 20, (System.nanoTime() - r0) / 1e9, cpu() - rc);
    }
    List<Map<String, List<String>>> qs = List.of(
        Map.of("granularity", List.of("month")),
        Map.of("granularity", List.of("month"), "topic", List.of("military"), "standardize", List.of("true")),
        Map.of("granularity", List.of("week"), "split", List.of("country")),
        Map.of("granularity", List.of("day"), "risk_layer", List.of("geopolitical")),
        Map.of("granularity", List.of("year"), "split", List.of("risk_domain")));
    java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
    // warm-up rounds (first uses of each query shape run interpreted, then JIT-compiled), reported apart
    double cold = 0, warm = 0;
    for (int round = 0; round < 1 + WARM_ROUNDS; round++) {
      for (Map<String, List<String>> p : qs) {
        long q0 = System.nanoTime();
        Trends.query(db, Trends.Query.parse(p));
        double t = (System.nanoTime() - q0) / 1e6;
        if (round == 0) cold = Math.max(cold, t);
        else warm = Math.max(warm, t);
      }
    }
    System.out.printf(Locale.ROOT, "  cold round (each shape once, first use): max %.1f ms; %d more warm-up rounds: max %.1f ms%n", cold, WARM_ROUNDS, warm);
    double[] ms = new double[queries], cpuMs = new double[queries];
    long total = 0;
    for (int i = 0; i < queries; i++) {
      Trends.Query q = Trends.Query.parse(qs.get(i % qs.size()));
      long c0 = tmx.getCurrentThreadCpuTime();
      long q0 = System.nanoTime();
      Trends.Result r = Trends.query(db, q);
      ms[i] = (System.nanoTime() - q0) / 1e6;
      cpuMs[i] = (tmx.getCurrentThreadCpuTime() - c0) / 1e6;
      if (i < qs.size()) for (long t : r.total()) total += t;
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "trend queries over %d incidents: median %.1f ms, max %.1f ms (first %.1f ms), %d queries; per shape max:", idx.n,
        sorted[sorted.length / 2], sorted[sorted.length - 1], ms[0], queries);
    for (int k = 0; k < qs.size(); k++) {
      double m = 0;
      for (int i = k; i < queries; i += qs.size()) m = Math.max(m, ms[i]);
      System.out.printf(Locale.ROOT, " %.1f", m);
    }
    System.out.printf(Locale.ROOT, " ms (dated incidents counted by the first %d queries: %d)%n", Math.min(queries, qs.size()), total);
    double[] cs = cpuMs.clone();
    Arrays.sort(cs);
    System.out.printf(Locale.ROOT, "  query thread cpu time: median %.1f ms, max %.1f ms%n", cs[cs.length / 2], cs[cs.length - 1]);
  }

  /** The monitor loop on a clustered store: the first round (which scans for spikes) and idle rounds (nothing changed). */
  void timeMonitor(Db db, Classifier cl) {
    try (Monitor m = new Monitor(db, cl, new Monitor.Options())) {
      long f0 = System.nanoTime();
      Map<String, Object> first = m.tick();
      double firstMs = (System.nanoTime() - f0) / 1e6;
      double[] ms = new double[monitorRounds];
      for (int i = 0; i < monitorRounds; i++) {
        long t0 = System.nanoTime();
        Map<String, Object> r = m.tick();
        ms[i] = (System.nanoTime() - t0) / 1e6;
        if (r.containsKey("clustered") || r.containsKey("alerts_created")) throw new IllegalStateException("an idle round did work: " + r);
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "monitor loop: first round %.1f ms (%s); %d idle rounds: median %.2f ms, max %.2f ms%n", firstMs, first,
          monitorRounds, ms[ms.length / 2], ms[ms.length - 1]);
    }
    // A polled feed's document (50 new items) into this store: each item looked up by index (what a poll does) against
    // reading every stored key first (what a file ingest does), then the same document again (all known).
    try {
      Ingest in = new Ingest(db, cl, Progress.silent());
      in.feedBody("https://bench.invalid/warm-up.xml", feedDocument(50, "warm")); // parsing and writing code compiled before timing
      Path f = Files.createTempFile("bench-feed", ".xml");
      try {
        Files.write(f, feedDocument(50, "file"));
        long a0 = System.nanoTime();
        Ingest.Report viaFile = in.run("feed", f.toString());
        double fileMs = (System.nanoTime() - a0) / 1e6;
        byte[] doc = feedDocument(50, "poll");
        long b0 = System.nanoTime();
        Ingest.Report viaPoll = in.feedBody("https://bench.invalid/feed.xml", doc);
        double pollMs = (System.nanoTime() - b0) / 1e6;
        long c0 = System.nanoTime();
        Ingest.Report again = in.feedBody("https://bench.invalid/feed.xml?again", doc);
        double againMs = (System.nanoTime() - c0) / 1e6;
        System.out.printf(Locale.ROOT, "  a 50-item feed into this store: every key read first %.0f ms (%d inserted); each item looked up (a poll) %.0f ms"
            + " (%d inserted), %.1fx; the same items again %.0f ms (%d unchanged or duplicates)%n", fileMs, viaFile.inserted, pollMs, viaPoll.inserted,
            fileMs / pollMs, againMs, again.unchanged + again.duplicates);
      } finally {
        Files.deleteIfExists(f);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The records feed other monitors poll ({@link SharedFeed}), on the whole store: 20 requests per shape after 5 warm-up. */
  static void timeSharedFeed(Db db) {
    // record_source: the records' own source, which H2 had answered through the (source, source_id) index, reading and
    // sorting every record of it; a page half-way down (before=) is what a peer catching up asks for
    // feed: the hundred-odd records the monitor's timing added (a rare source); aiid: none. Each source also by the
    // primary key alone, as before 2026-12-07 (SharedFeed.rareSource 1), to show what reading a rare one by its index saves
    List<Map<String, List<String>>> shapes = List.of(Map.of(), Map.of("topic", List.of("military")), Map.of("country", List.of("CN")),
        Map.of("record_source", List.of("jsonl")), Map.of("record_source", List.of("feed")), Map.of("record_source", List.of("aiid")));
    long max = db.read(c -> ((Number) org.aigov.observatory.kernel.Sql.value(c, "SELECT COALESCE(MAX(id), 0) FROM incident_records")).longValue());
    long middle = Math.max(100, max / 2);
    int adaptive = SharedFeed.rareSource;
    for (int limit : new int[] {50, 200}) {
      for (Map<String, List<String>> q : shapes) {
        for (int rare : q.containsKey("record_source") ? new int[] {adaptive, 1} : new int[] {adaptive}) {
          for (long from : new long[] {max + 1, middle}) {
            SharedFeed.rareSource = rare;
            // every request with its own before= (the newest page: above the highest id): H2 hands a prepared query the same
            // parameters gave last time its kept result, so repeating one request had timed that, 0.0 ms, not the query
            long step = from == middle ? -1 : 1;
            long[] before = {from};
            java.util.function.LongSupplier next = () -> (before[0] += step) - step;
            for (int i = 0; i < 5; i++) SharedFeed.atom(db, q, limit, "http://bench.invalid/x", next.getAsLong());
            double[] ms = new double[20];
            String xml = "";
            for (int i = 0; i < ms.length; i++) {
              long b = next.getAsLong();
              long t0 = System.nanoTime();
              xml = SharedFeed.atom(db, q, limit, "http://bench.invalid/x", b);
              ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "records feed %s%s limit %d%s: %d entries, %d KiB; median %.1f ms, max %.1f ms%n", q.isEmpty() ? "(all)" : q,
                rare == 1 ? " (primary key only)" : "", limit, from == middle ? " before=" + middle + "…" : "", xml.split("<entry").length - 1,
                xml.getBytes(StandardCharsets.UTF_8).length >> 10, ms[ms.length / 2], ms[ms.length - 1]);
          }
        }
      }
    }
    SharedFeed.rareSource = adaptive;
  }

  static byte[] feedDocument(int items, String tag) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title>");
    java.util.Random rnd = new java.util.Random(tag.hashCode());
    for (int i = 0; i < items; i++) {
      sb.append("<item><title>").append(tag).append(" drone ").append(Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36)).append(" report ").append(i)
          .append("</title><link>https://bench.invalid/").append(tag).append('/').append(i).append("</link><description>")
          .append(Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36)).append(" facial recognition ").append(i)
          .append("</description><pubDate>0").append(1 + i % 9).append(" Nov 2026 08:00:00 GMT</pubDate></item>");
    }
    return sb.append("</channel></rss>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static final String[] DOMAINS = {"1. Discrimination and Toxicity", "2. Privacy and Security", "3. Misinformation",
      "4. Malicious Actors and Misuse", "5. Human-Computer Interaction", "6. Socioeconomic and Environmental Harms",
      "7. AI system safety, failures, and limitations"};
  static final String[] COUNTRIES = {"US", "GB", "CN", "FR", "DE", "JP", "KR", "AU", "CA", "IN", "UA", "RU", "IL", "SG", "BR", "NG", "IT", "IE"};
  static final String[] SECTORS = {"Govt - police", "Govt - defence", "Media/entertainment", "Health", "Transport", "Education",
      "Banking/financial services", "Technology"};
  static final String[] HARMS = {"Privacy", "Discrimination", "Safety", "Misinformation", "Financial loss", "Reputational"};

  /**
   * Writes {@code n} distinct incidents (one per synthetic event, dates 2015–2025 skewed to recent
   * years, 1–3 countries, layers, sectors, harm types, 4 % in the military topic) straight into the
   * incidents table, as a clustering run would, and marks the incidents changed.
   */
  /** Builds the full-text index of every record from scratch (its first catch-up), then times searches through the API's path. */
  static void timeSearch(Db db, Path dir, int n) throws java.io.IOException {
    resetPeak();
    long records = recordCount(db);
    double c0 = cpu();
    long t0 = System.nanoTime();
    try (IncidentSearch search = IncidentSearch.open(dir)) {
      int indexed = search.catchUp(db);
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "search index over %d records built in %.1f s (%.0f records/s, %.1f cpu-s), %d MiB on disk; %s%n",
          indexed, secs, indexed / secs, cpu() - c0, dirBytes(dir) >> 20, heapLine());
      Random r = new Random(11);
      List<String> qs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        qs.add(switch (i % 5) {
          case 0 -> ORGS[r.nextInt(ORGS.length)] + " " + PLACES[r.nextInt(PLACES.length)];               // broad: thousands of hits
          case 1 -> "\"" + EXTRA[r.nextInt(EXTRA.length)] + "\" " + OBJECTS[r.nextInt(OBJECTS.length)];  // phrase + word
          case 2 -> "case" + Integer.toString(1 + r.nextInt((int) Math.max(1, records / 2)), 36);       // one event's tag: a few hits
          case 3 -> VERBS[r.nextInt(VERBS.length)].split(" ")[0] + " -" + PLACES[r.nextInt(PLACES.length)];
          default -> ORGS[r.nextInt(ORGS.length)];                                                        // broadest: a sixteenth of all
        });
      }
      for (int i = 0; i < 20; i++) IncidentQueries.list(db, search, Map.of("q", List.of(qs.get(i))), 20, 0); // warm-up
      double[] ms = new double[qs.size()];
      long hits = 0;
      for (int i = 0; i < qs.size(); i++) {
        long q0 = System.nanoTime();
        Map<String, Object> res = IncidentQueries.list(db, search, Map.of("q", List.of(qs.get(i))), 20, 0);
        ms[i] = (System.nanoTime() - q0) / 1e6;
        hits += (Long) res.get("total");
      }
      double[] cu = new double[20];
      for (int i = 0; i < cu.length; i++) {
        long q0 = System.nanoTime();
        search.catchUp(db);
        cu[i] = (System.nanoTime() - q0) / 1e6;
      }
      java.util.Arrays.sort(cu);
      System.out.printf(Locale.ROOT, "  catch-up with nothing new: median %.2f ms%n", cu[cu.length / 2]);
      double[] lu = new double[qs.size()];
      for (int i = 0; i < qs.size(); i++) {
        long q0 = System.nanoTime();
        search.search(db, qs.get(i), IncidentQueries.MAX_RECORD_HITS);
        lu[i] = (System.nanoTime() - q0) / 1e6;
      }
      java.util.Arrays.sort(lu);
      System.out.printf(Locale.ROOT, "  Lucene alone (best %d records): median %.1f ms, p95 %.1f ms%n", IncidentQueries.MAX_RECORD_HITS, lu[lu.length / 2], lu[(int) (lu.length * 0.95)]);
      double[] sorted = ms.clone();
      java.util.Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "incident searches over %d records: median %.1f ms, p95 %.1f ms, max %.1f ms (%d queries, %d incidents found in all)%n",
          records, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)], sorted[sorted.length - 1], qs.size(), hits);
      for (int k = 0; k < 5; k++) {
        double max = 0;
        for (int i = k; i < ms.length; i += 5) max = Math.max(max, ms[i]);
        double[] sh = new double[(ms.length - k + 4) / 5];
        for (int i = k, j = 0; i < ms.length; i += 5) sh[j++] = ms[i];
        java.util.Arrays.sort(sh);
        System.out.printf(Locale.ROOT, "  shape %d (e.g. %s): median %.1f ms, max %.1f ms%n", k, qs.get(k), sh[sh.length / 2], max);
      }
    }
  }

  private static long recordCount(Db db) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM incident_records")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  static void writeIncidents(Db db, int n, long seed) {
    Random r = new Random(seed);
    LocalDate start = LocalDate.of(2015, 1, 1);
    int span = (int) (LocalDate.of(2025, 3, 31).toEpochDay() - start.toEpochDay());
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    // dates drawn first and written in ascending order, so the first_date index is appended to, not
    // updated at random (the trend index does not depend on the order)
    int[] days = new int[n];
    for (int i = 0; i < n; i++) days[i] = (int) (Math.pow(r.nextDouble(), 0.5) * span);
    Arrays.sort(days);
    int chunk = 50_000;
    for (int from = 0; from < n; from += chunk) {
      int lo = from, hi = Math.min(n, from + chunk);
      db.tx(c -> {
        try (java.sql.PreparedStatement ins = c.prepareStatement("INSERT INTO incidents (id, title, first_date, record_count, sources, risk_domain,"
            + " risk_layers, harm_types, sectors, countries, topics, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
          for (int i = lo; i < hi; i++) {
            ins.setLong(1, i + 1L);
            ins.setString(2, ORGS[r.nextInt(ORGS.length)] + " " + EXTRA[r.nextInt(EXTRA.length)] + " incident " + i);
            ins.setDate(3, java.sql.Date.valueOf(start.plusDays(days[i])));
            ins.setInt(4, 1 + r.nextInt(3));
            ins.setString(5, r.nextInt(10) == 0 ? "aiaaic; jsonl" : "jsonl");
            ins.setString(6, DOMAINS[r.nextInt(DOMAINS.length)]);
            List<String> layers = new ArrayList<>();
            for (String l : Classifier.LAYERS) if (r.nextInt(3) == 0) layers.add(l);
            ins.setString(7, layers.isEmpty() ? null : String.join("; ", layers));
            ins.setString(8, HARMS[r.nextInt(HARMS.length)]);
            ins.setString(9, SECTORS[r.nextInt(SECTORS.length)]);
            int nc = 1 + r.nextInt(3);
            java.util.Set<String> cs = new java.util.LinkedHashSet<>();
            for (int k = 0; k < nc; k++) cs.add(COUNTRIES[r.nextInt(COUNTRIES.length)]);
            ins.setString(10, String.join("; ", cs));
            ins.setString(11, r.nextInt(25) == 0 ? "military" : null);
            ins.setTimestamp(12, now);
            ins.addBatch();
            if ((i - lo) % 1000 == 999) ins.executeBatch();
          }
          ins.executeBatch();
          if (hi == n) Trends.bump(c);
        }
        return null;
      });
    }
  }

  static final String[] ORGS = {"OpenAI", "Google", "Meta", "Microsoft", "Amazon", "Tesla", "Waymo", "Cruise", "TikTok", "Apple", "Clearview AI",
      "Baidu", "Tencent", "Alibaba", "Palantir", "Anduril", "Uber", "Character.AI", "Stability AI", "Midjourney", "Anthropic", "xAI",
      "Ministry of Defence", "Department of Defense", "Metropolitan Police", "Deliveroo", "Replika", "Evolv", "IBM", "Nvidia"};
  static final String[] VERBS = {"misidentifies", "leaks data of", "discriminates against", "crashes into", "generates fake images of",
      "gives dangerous advice to", "surveils", "wrongly flags", "impersonates", "denies claims of", "targets", "misleads"};
  static final String[] OBJECTS = {"pedestrians", "job applicants", "students", "patients", "voters", "drivers", "children", "journalists",
      "soldiers", "customers", "migrants", "artists", "tenants", "workers"};
  static final String[] PLACES = {"California", "London", "Texas", "Beijing", "Paris", "Berlin", "Tokyo", "Seoul", "Sydney", "Toronto",
      "Mumbai", "Kyiv", "Moscow", "Tel Aviv", "Singapore", "Brazil", "Nigeria", "Arizona", "Ireland", "Italy"};
  static final String[] EXTRA = {"military drone", "facial recognition", "chatbot", "hiring algorithm", "credit model", "deepfake video",
      "self-driving car", "content moderation", "voice clone", "predictive policing", "lethal autonomous weapon", "translation"};

  private static final java.util.regex.Pattern CASE_TAG = java.util.regex.Pattern.compile("\\((case[0-9a-z]+)\\)$");

  /**
   * The clustering against the generator's truth: every report's event is the tag in its title, so pairwise precision and
   * recall (pairs of reports in one incident that are one event, and the other way round) say what merging got right.
   */
  static String syntheticAccuracy(Db db) {
    Map<Long, Long> perIncident = new java.util.HashMap<>();
    Map<Long, Long> perEvent = new java.util.HashMap<>(), perBoth = new java.util.HashMap<>(); // long keys: 10^6 rows after clustering
    db.read(c -> {
      try (java.sql.Statement st = c.createStatement();
           java.sql.ResultSet rs = st.executeQuery("SELECT m.incident_id, r.title FROM incident_members m JOIN incident_records r ON r.id = m.record_id")) {
        while (rs.next()) {
          java.util.regex.Matcher m = CASE_TAG.matcher(rs.getString(2));
          if (!m.find()) continue;
          long inc = rs.getLong(1), event = Long.parseLong(m.group(1).substring(4), 36);
          perIncident.merge(inc, 1L, Long::sum);
          perEvent.merge(event, 1L, Long::sum);
          perBoth.merge(inc << 32 | event, 1L, Long::sum);
        }
      }
      return null;
    });
    long tp = pairs(perBoth), predicted = pairs(perIncident), actual = pairs(perEvent);
    return String.format(Locale.ROOT, "against the generator's events: %d events in %d incidents; pairwise precision %.4f, recall %.4f",
        perEvent.size(), perIncident.size(), predicted == 0 ? 1.0 : tp / (double) predicted, actual == 0 ? 1.0 : tp / (double) actual);
  }

  private static long pairs(Map<?, Long> counts) {
    long n = 0;
    for (long k : counts.values()) n += k * (k - 1) / 2;
    return n;
  }

  /** Synthetic reports shaped like AIID/AIAAIC material: an event is written up by 1–4 outlets with varied wording. */
  static void generate(Path file, int n, long seed) throws Exception {
    Random r = new Random(seed);
    LocalDate start = LocalDate.of(2015, 1, 1);
    int span = (int) (LocalDate.of(2025, 3, 31).toEpochDay() - start.toEpochDay());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int written = 0, event = 0;
      while (written < n) {
        event++;
        String org = ORGS[r.nextInt(ORGS.length)];
        String verb = VERBS[r.nextInt(VERBS.length)];
        String obj = OBJECTS[r.nextInt(OBJECTS.length)];
        String place = PLACES[r.nextInt(PLACES.length)];
        String sys = EXTRA[r.nextInt(EXTRA.length)];
        String tag = "case" + Integer.toString(event, 36);
        LocalDate d = start.plusDays((long) (Math.pow(r.nextDouble(), 0.5) * span));
        int copies = 1 + (r.nextDouble() < 0.35 ? 1 + r.nextInt(3) : 0);
        for (int k = 0; k < copies && written < n; k++) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("url", "https://outlet" + r.nextInt(500) + ".example.com/" + tag + "/" + k);
          String title = org + " " + sys + " " + verb + " " + obj + " in " + place + " (" + tag + ")";
          String body = "Reports say the " + sys + " deployed by " + org + " " + verb + " " + obj + " in " + place
              + ". Officials opened an inquiry into " + tag + " after complaints; " + org + " said it was reviewing the system. "
              + (k == 0 ? "" : "Outlet " + k + " adds that critics called for new rules. ")
              + "Reference " + tag + " " + Long.toString(r.nextLong() & 0xffffffL, 36) + ".";
          m.put("title", k == 0 ? title : title.replace(" in ", k % 2 == 0 ? " across " : " near "));
          m.put("text", body);
          m.put("published", d.plusDays(r.nextInt(5)).toString());
          m.put("outlet", "Outlet " + (k + 1));
          m.put("deployers", List.of(org));
          m.put("language", "en");
          w.write(Json.write(m));
          w.write('\n');
          written++;
        }
      }
    }
  }

}
