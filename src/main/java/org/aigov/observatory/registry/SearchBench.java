package org.aigov.observatory.registry;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.Text;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Search and import benchmark: builds Lucene indexes of synthetic bilingual records, runs a two-term
 * query with two facet filters, and runs the same query on PostgreSQL full-text search (tsvector +
 * GIN) over the same records in the same run; then measures bulk import into the embedded store.
 */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Lucene vs PostgreSQL FTS, and bulk import.")
public final class SearchBench implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "100000,1000000", description = "Record counts (default ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(names = "--queries", defaultValue = "1000", description = "Timed queries per engine and size.")
  int queries;

  @Option(names = "--warmup", defaultValue = "2000", description = "Extra untimed queries (other terms) before the 100 untimed and the timed ones: JIT and page-cache warm-up, as a server that has run for a while.")
  int warmup;

  @Option(names = "--pg-queries", defaultValue = "1000", description = "Timed PostgreSQL queries per size (its queries take far longer).")
  int pgQueries;

  @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "PostgreSQL to compare with; 'none' to skip.")
  String pgUrl;

  @Option(names = "--import-records", defaultValue = "100000", description = "Records for the bulk-import measurement (0 skips).")
  int importRecords;

  @Option(names = "--work", description = "Scratch folder (default: a temp dir).")
  Path work;

  @Option(names = "--disjunctive", description = "Ask for disjunctive facet counts (facets=disjunctive, as the search page does).")
  boolean disjunctive;

  @Option(names = "--reuse", description = "Reuse an index of the right size left in --work by an earlier run (skips the build).")
  boolean reuse;

  static final String[] EN = ("artificial intelligence governance data privacy safety security risk model training "
      + "transparency accountability fairness bias audit oversight regulation law act framework standard principle "
      + "ethics algorithm automated decision system deployment evaluation testing robustness cyber defence military "
      + "weapon autonomy export control chip compute cloud platform content label synthetic deepfake generative "
      + "language image biometric recognition surveillance health finance education employment transport energy "
      + "critical infrastructure liability consumer protection competition innovation research investment talent "
      + "cooperation international multilateral treaty declaration initiative summit code conduct watermark disclosure "
      + "registry filing incident monitoring reporting assessment certification sandbox procurement public sector").split(" ");
  static final String[] ZH = ("人工智能 治理 数据 隐私 安全 风险 模型 训练 透明 问责 公平 偏见 审计 监督 监管 法律 法案 框架 标准 原则 "
      + "伦理 算法 自动化 决策 系统 部署 评估 测试 稳健 网络 国防 军事 武器 自主 出口 管制 芯片 算力 云 平台 内容 标识 合成 深度 "
      + "生成式 语言 图像 生物识别 识别 监控 健康 金融 教育 就业 交通 能源 关键 基础设施 责任 消费者 保护 竞争 创新 研究 投资 人才 "
      + "合作 国际 多边 条约 宣言 倡议 峰会 准则 行为 水印 披露 登记 备案 事件 监测 报告 认证 沙盒 采购 公共").split(" ");
  static final String[] KINDS = {"instrument", "actor"};
  static final String[] BINDING = {"hard", "soft"};
  static final String[] ITYPES = {"law", "regulation", "strategy", "guideline", "standard", "declaration", "initiative"};
  static final String[] JUR = {"US", "CN", "EU", "GB", "JP", "IN", "RU", "FR", "DE", "INTL"};

  /** Deterministic synthetic records shaped like the registry's. */
  static Iterable<Entry> synthetic(int n, long seed) {
    return () -> new Iterator<>() {
      final Random rnd = new Random(seed);
      int i;

      public boolean hasNext() {
        return i < n;
      }

      public Entry next() {
        Entry e = new Entry();
        e.id = "syn-" + (i++);
        e.kind = KINDS[rnd.nextInt(4) == 0 ? 1 : 0];
        e.type = e.kind.equals("actor") ? "government_agency" : ITYPES[rnd.nextInt(ITYPES.length)];
        e.name = Text.of(words(rnd, ZH, 3 + rnd.nextInt(3), ""), words(rnd, EN, 3 + rnd.nextInt(4), " "));
        e.summary = Text.of(words(rnd, ZH, 15 + rnd.nextInt(15), ""), words(rnd, EN, 20 + rnd.nextInt(20), " "));
        e.jurisdiction = JUR[rnd.nextInt(JUR.length)];
        e.binding = BINDING[rnd.nextInt(2)];
        e.status = "in_force";
        e.date = new PartialDate(2000 + rnd.nextInt(25), 1 + rnd.nextInt(12), null);
        e.riskCategories = List.of(new String[] {"intrinsic_safety", "application_security", "national_security", "geopolitical"}[rnd.nextInt(4)]);
        e.version = 1L;
        return e;
      }
    };
  }

  private static String words(Random rnd, String[] vocab, int k, String sep) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < k; j++) {
      if (j > 0) sb.append(sep);
      // skewed choice: low indices are more frequent, as in real text
      int idx = (int) Math.min(vocab.length - 1, Math.floor(Math.pow(rnd.nextDouble(), 1.6) * vocab.length));
      sb.append(vocab[idx]);
    }
    return sb.toString();
  }

  record Q(String a, String b, String kind, String binding) {}

  static List<Q> queries(int n, long seed) {
    Random rnd = new Random(seed);
    List<Q> qs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String a = EN[rnd.nextInt(40)];
      String b;
      do b = EN[rnd.nextInt(80)]; while (b.equals(a));
      qs.add(new Q(a, b, "instrument", BINDING[rnd.nextInt(2)]));
    }
    return qs;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("obs-bench");
    System.out.printf("machine: %d cores, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
    System.out.println(org.aigov.observatory.kernel.MachineSpeed.line());
    for (int n : sizes) {
      if (n <= 0) continue;
      System.out.printf("%n== %,d synthetic bilingual records ==%n", n);
      Path idx = dir.resolve("lucene-" + n);
      long t0 = System.nanoTime();
      try (SearchIndex index = SearchIndex.open(idx)) {
        if (reuse && index.numDocs() == n) {
          System.out.printf("lucene index reused from %s, %d docs%n", idx, index.numDocs());
        } else {
          if (index.numDocs() > 0) throw new IllegalStateException(idx + " holds " + index.numDocs() + " docs; use an empty --work");
          index.addAll(synthetic(n, 42));
          index.commit();
          double build = (System.nanoTime() - t0) / 1e9;
          // queries are timed on the finished index, not while the build's last merges still run beside them
          index.awaitMerges();
          double merged = (System.nanoTime() - t0) / 1e9;
          System.out.printf("lucene index build: %.1f s (%,.0f records/s), %d docs; background merges done at %.1f s%n",
              build, n / build, index.numDocs(), merged);
        }
        for (Q q : queries(warmup, 8))
          index.search(new SearchIndex.Request(q.a + " " + q.b, Map.of("kind", List.of(q.kind), "binding", List.of(q.binding)), null, null,
              "relevance", 0, 20, false, disjunctive));
        List<Q> qs = queries(queries + 100, 7);
        long[] lat = new long[queries];
        long hits = 0;
        long cpu0 = 0;
        for (int i = 0; i < qs.size(); i++) {
          if (i == 100) cpu0 = cpuNanos();
          Q q = qs.get(i);
          long s = System.nanoTime();
          SearchIndex.Result r = index.search(new SearchIndex.Request(q.a + " " + q.b,
              Map.of("kind", List.of(q.kind), "binding", List.of(q.binding)), null, null, "relevance", 0, 20, false, disjunctive));
          long e = System.nanoTime() - s;
          if (i >= 100) {
            lat[i - 100] = e;
            hits += r.total();
          }
        }
        double cpuMs = (cpuNanos() - cpu0) / 1e6 / queries;
        report("lucene  two-term + 2 facet filters (top 20, total, all facet counts" + (disjunctive ? ", disjunctive" : "") + ")", lat, hits);
        System.out.printf("lucene  process CPU per query (all threads): %.2f ms%n", cpuMs);
        long[] luceneLat = lat.clone();
        if (!"none".equals(pgUrl)) {
          long[] pg = postgres(n, qs);
          if (pg != null) {
            Arrays.sort(luceneLat);
            Arrays.sort(pg);
            System.out.printf("ratio PostgreSQL/Lucene: p50 %.1fx, p99 %.1fx%n", (double) pg[pg.length / 2] / luceneLat[luceneLat.length / 2],
                (double) pg[(int) (pg.length * 0.99)] / luceneLat[(int) (luceneLat.length * 0.99)]);
          }
        }
      }
    }
    if (importRecords > 0) bulkImport(dir.resolve("import-store"), importRecords);
    return 0;
  }

  private long[] postgres(int n, List<Q> qs) throws Exception {
    try (Connection c = DriverManager.getConnection(pgUrl)) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS bench_fts");
        st.execute("CREATE UNLOGGED TABLE bench_fts (id text primary key, kind text, type text, binding text, jurisdiction text, year int,"
            + " name_en text, summary_en text, name_zh text, summary_zh text)");
      }
      long t0 = System.nanoTime();
      CopyManager cm = new CopyManager(c.unwrap(BaseConnection.class));
      StringBuilder buf = new StringBuilder();
      int k = 0;
      for (Entry e : synthetic(n, 42)) {
        buf.append(e.id).append('\t').append(e.kind).append('\t').append(e.type).append('\t').append(e.binding).append('\t')
            .append(e.jurisdiction).append('\t').append(e.date.year()).append('\t').append(e.name.en()).append('\t')
            .append(e.summary.en()).append('\t').append(e.name.zh()).append('\t').append(e.summary.zh()).append('\n');
        if (++k % 20000 == 0) {
          cm.copyIn("COPY bench_fts FROM STDIN", new StringReader(buf.toString()));
          buf.setLength(0);
        }
      }
      if (buf.length() > 0) cm.copyIn("COPY bench_fts FROM STDIN", new StringReader(buf.toString()));
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE bench_fts ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', name_en || ' ' || summary_en)) STORED");
        st.execute("CREATE INDEX bench_fts_gin ON bench_fts USING gin (tsv)");
        st.execute("CREATE INDEX bench_fts_kb ON bench_fts (kind, binding)");
        st.execute("ANALYZE bench_fts");
      }
      System.out.printf("postgres load + tsvector + GIN: %.1f s%n", (System.nanoTime() - t0) / 1e9);
      int nq = Math.min(queries, pgQueries);
      long[] lat = new long[nq];
      long hits = 0;
      try (PreparedStatement top = c.prepareStatement(
          "SELECT id, ts_rank(tsv, q) AS r FROM bench_fts, plainto_tsquery('english', ?) q WHERE tsv @@ q AND kind = ? AND binding = ? ORDER BY r DESC LIMIT 20");
          PreparedStatement count = c.prepareStatement(
              "SELECT count(*) FROM bench_fts WHERE tsv @@ plainto_tsquery('english', ?) AND kind = ? AND binding = ?")) {
        for (int i = 0; i < nq + 100; i++) {
          Q q = qs.get(i);
          long s = System.nanoTime();
          for (PreparedStatement ps : new PreparedStatement[] {top, count}) {
            ps.setString(1, q.a + " " + q.b);
            ps.setString(2, q.kind);
            ps.setString(3, q.binding);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) if (ps == count && i >= 100) hits += rs.getLong(1);
            }
          }
          if (i >= 100) lat[i - 100] = System.nanoTime() - s;
        }
      }
      report("postgres same query (top 20 by ts_rank + count, no facet counts)", lat, hits);
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE bench_fts");
      }
      return lat;
    } catch (java.sql.SQLException e) {
      System.out.println("postgres: skipped (" + e.getMessage() + ")");
      return null;
    }
  }

  private static void report(String label, long[] latNanos, long hits) {
    long[] s = latNanos.clone();
    Arrays.sort(s);
    System.out.printf("%s: n=%d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean hits %.0f%n", label, s.length,
        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6,
        (double) hits / s.length);
  }

  /** CPU time of the whole process (all threads, GC and H2 included). */
  static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static void bulkImport(Path dir, int n) throws Exception {
    System.out.printf("%n== bulk import of %,d records into the embedded store (validate, version, change feed, index) ==%n", n);
    try (Db db = Db.embedded(dir); SearchIndex index = SearchIndex.open(dir.resolve("index"))) {
      Registry reg = new Registry(db, null, index);
      Importers imp = new Importers(reg);
      List<Importers.Row> rows = new ArrayList<>(n);
      for (Entry e : synthetic(n, 99)) {
        e.version = null;
        rows.add(new Importers.Row(rows.size() + 1, e, null));
      }
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      ImportReport r = imp.write("synthetic", rows, false, Progress.silent());
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpu = (cpuNanos() - c0) / 1e9;
      System.out.printf("first import: %.1f s, %,.0f records/s end to end (%s); %.1f CPU-s, %,.0f records per CPU-s%n", secs, n / secs,
          r.summary().split("\n")[0], cpu, n / cpu);
      System.out.printf("  store phase: %.1f s, %,.0f records/s, %.1f CPU-s (%,.0f records per CPU-s)%n", r.storeNanos / 1e9,
          n / (r.storeNanos / 1e9), r.storeCpuNanos / 1e9, n / (r.storeCpuNanos / 1e9));
      System.out.printf("  index catch-up: %.1f s, %,.0f records/s, %.1f CPU-s (%,.0f records per CPU-s)%n", r.indexNanos / 1e9,
          n / (r.indexNanos / 1e9), r.indexCpuNanos / 1e9, n / (r.indexCpuNanos / 1e9));
      List<Importers.Row> again = new ArrayList<>(n);
      for (Entry e : synthetic(n, 99)) {
        e.version = null;
        again.add(new Importers.Row(again.size() + 1, e, null));
      }
      t0 = System.nanoTime();
      c0 = cpuNanos();
      r = imp.write("synthetic", again, false, Progress.silent());
      secs = (System.nanoTime() - t0) / 1e9;
      cpu = (cpuNanos() - c0) / 1e9;
      System.out.printf("re-import (nothing changes): %.1f s, %,.0f records/s (%s); %.1f CPU-s%n", secs, n / secs,
          r.summary().split("\n")[0], cpu);
    }
  }
}
