package org.aigov.observatory.filings;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.kernel.Tokens;
import org.aigov.observatory.web.Modules;
import org.aigov.observatory.web.Observatory;
import org.aigov.observatory.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Filing submissions per second through the HTTP API against PostgreSQL (fresh schema), and the
 * cost of the authorisation check per request.
 */
@Command(name = "filings", mixinStandardHelpOptions = true, description = "Filing submissions/s through the API, and authorisation cost.")
public final class FilingsBench implements Callable<Integer> {
  @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", description = "PostgreSQL (a fresh schema is used and dropped).")
  String pgUrl;

  @Option(names = "--submissions", defaultValue = "5000", description = "Timed submissions (default ${DEFAULT-VALUE}).")
  int submissions;

  @Option(names = "--threads", defaultValue = "24", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--reporters", defaultValue = "8", description = "Reporter accounts (each with its own token).")
  int reporters;

  @Option(names = "--warmup", defaultValue = "5000", description = "Untimed warm-up submissions (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--keep-schema", description = "Do not drop the schema afterwards.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    String schema = "bench_filings_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    System.out.println("filings bench: PostgreSQL " + pgUrl + " schema " + schema + ", " + submissions + " submissions, " + threads + " clients, "
        + Runtime.getRuntime().availableProcessors() + " cores");
    String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "ApplicationName=filings_bench";
    Db db = Db.connect(url, null, null, schema);
    Observatory obs = Observatory.over(db);
    FilingsRoutes routes = new FilingsRoutes(db, obs.registry,
        new FilingsRoutes.Config(false, Throttle.standard(), Integer.MAX_VALUE, Duration.ofSeconds(5), null));
    List<HttpModule> modules = Modules.with(obs, routes);
    Javalin app = WebServer.create(obs, modules).start(0);
    String base = "http://127.0.0.1:" + app.port();
    try {
      routes.accounts.createParty(new Accounts.PartyInput("bench", "company", Text.of(null, "Bench Co"), null, null), "bench");
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < reporters; i++) {
        Map<String, Object> a = routes.accounts.createAccount(new Accounts.AccountInput("r" + i + "@bench.test", null, "reporter", "bench",
            "bench password " + i), "bench");
        tokens.add((String) routes.accounts.issueToken(((Number) a.get("id")).longValue(), new Accounts.TokenInput("bench", List.of("read", "submit"), 1),
            "bench").get("token"));
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(threads)).build();
      String body = Json.write(Map.of("type", "incident", "doc", Map.of("title", "Bench incident", "date_occurred", "2025-01-02", "system", "S-1",
          "harm_types", List.of("privacy"), "severity", "low", "description", "A benchmark filing.")));

      // warm-up
      // warm-up (JIT): as many submissions as will be timed
      run(http, base, tokens, body, warmup, threads, true);
      long cpu0 = jvmCpu(), pg0 = pgCpu(db), srv0 = serverThreadsCpu();
      long t0 = System.nanoTime();
      int created = run(http, base, tokens, body, submissions, threads, false);
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpu1 = jvmCpu(), pg1 = pgCpu(db), srv1 = serverThreadsCpu();
      System.out.printf("create (POST /api/filings with Idempotency-Key): %d in %.2f s = %.0f/s%n", created, secs, created / secs);
      double jvmMs = (cpu1 - cpu0) / 1e6 / created, pgMs = pg0 < 0 ? -1 : (pg1 - pg0) * 10.0 / created;
      System.out.printf("  CPU per submission: JVM (server + load-generating client) %.2f ms, PostgreSQL backends %.2f ms;"
          + " load average during run %.1f on %d cores%n", jvmMs, pgMs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      double srvMs = (srv1 - srv0) / 1e6 / created;
      System.out.printf("  of which server request threads: %.2f ms%n", srvMs);
      if (pgMs >= 0) System.out.printf("  => CPU-bound capacity on an otherwise idle machine: about %.0f submissions/s including the client's CPU,"
          + " %.0f/s counting server threads + PostgreSQL only%n", Runtime.getRuntime().availableProcessors() * 1000 / (jvmMs + pgMs),
          Runtime.getRuntime().availableProcessors() * 1000 / (srvMs + pgMs));
      long t1 = System.nanoTime();
      int full = run(http, base, tokens, body, submissions, threads, true);
      double secs2 = (System.nanoTime() - t1) / 1e9;
      System.out.printf("full submission (create + POST /{id}/submit, 2 requests): %d in %.2f s = %.0f/s%n", full, secs2, full / secs2);

      // authorisation cost: same read with and without a bearer token, and the in-process checks alone
      String pubId = routes.filings.list(new Principal("x", "admin", null), new Filings.Query(null, null, null, 1, null)).get(0).get("id").toString();
      routes.filings.db().tx(c -> Sql.update(c, "UPDATE filings SET state='published' WHERE id=?", pubId));
      int n = 3000;
      double[] lat = latency(http, base + "/api/filings/" + pubId, tokens.get(0), n);
      System.out.printf("GET one filing, %d interleaved pairs: anonymous %.0f µs, with bearer token %.0f µs => authentication+authorisation %.0f µs/request%n",
          n, lat[0], lat[1], lat[1] - lat[0]);
      Tokens kt = new Tokens(db);
      long a0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        kt.verify(tokens.get(i % tokens.size()));
        routes.accounts.tokenInfo(tokens.get(i % tokens.size()));
      }
      double lookup = (System.nanoTime() - a0) / 1e3 / n;
      Filings.Filing f = routes.filings.get(Principal.PUBLIC, pubId);
      Principal rep = new Principal("acct:1", "reporter", "other");
      int m = 2_000_000;
      boolean sink = false;
      long p0 = System.nanoTime();
      for (int i = 0; i < m; i++) sink ^= Policy.canSee(i % 2 == 0 ? rep : Principal.PUBLIC, f);
      double policy = (System.nanoTime() - p0) / (double) m;
      System.out.printf("token lookups (kernel verify + account/scopes), in process: %.0f µs/request; policy decision: %.1f ns (%s)%n", lookup, policy, sink);
      http.executor().ifPresent(e -> ((ExecutorService) e).shutdown());
      return created / secs >= 500 ? 0 : 1;
    } finally {
      app.stop();
      obs.close();
      if (!keep) {
        try (Connection c = DriverManager.getConnection(pgUrl); Statement st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  private static int run(HttpClient http, String base, List<String> tokens, String body, int count, int threads, boolean submit) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger(), ok = new AtomicInteger(), failed = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < count; ) {
          String tok = tokens.get(i % tokens.size());
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/filings")).header("Authorization", "Bearer " + tok)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
              failed.incrementAndGet();
              continue;
            }
            if (submit) {
              String id = Json.read(r.body()).get("id").asText();
              HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(base + "/api/filings/" + id + "/submit"))
                  .header("Authorization", "Bearer " + tok).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
              if (s.statusCode() != 200) {
                failed.incrementAndGet();
                continue;
              }
            }
            ok.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
    pool.shutdown();
    if (failed.get() > 0) System.out.println("  (" + failed.get() + " requests failed)");
    return ok.get();
  }

  /** CPU time of Jetty's request threads (the server side of the JVM). */
  private static long serverThreadsCpu() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var ti : mx.dumpAllThreads(false, false))
      if (ti.getThreadName().startsWith("JettyServerThreadPool") || ti.getThreadName().startsWith("qtp")) sum += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
    return sum;
  }

  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** utime+stime (clock ticks, 10 ms) of this benchmark's PostgreSQL backends, or -1 when /proc is not readable. */
  private static long pgCpu(Db db) {
    try {
      List<Map<String, Object>> pids = db.read(c -> Sql.rows(c, "SELECT pid FROM pg_stat_activity WHERE application_name='filings_bench'"));
      long sum = 0;
      for (Map<String, Object> r : pids) {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + r.get("pid") + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      }
      return sum;
    } catch (Exception e) {
      return -1;
    }
  }

  /** Alternates anonymous and token-bearing requests so drift in machine load hits both alike; returns mean µs of each. */
  private static double[] latency(HttpClient http, String url, String token, int n) throws Exception {
    long[] total = new long[2];
    for (int i = 0; i < 2 * (n + 200); i++) {
      int k = i % 2;
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
      if (k == 1) b.header("Authorization", "Bearer " + token);
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + " -> " + r.statusCode());
      if (i >= 400) total[k] += System.nanoTime() - t;
    }
    return new double[] {total[0] / 1e3 / n, total[1] / 1e3 / n};
  }
}
