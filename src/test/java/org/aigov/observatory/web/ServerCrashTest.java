package org.aigov.observatory.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.log.LogAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, killed with SIGKILL during a burst of API writes: after a restart every
 * acknowledged write is in the store, every stored version has its log entry and vice versa,
 * and search has caught up.
 */
class ServerCrashTest {
  static final Pattern URL = Pattern.compile("Observatory running at (http://\\S+?)/ ");

  record Server(Process process, String base, String token) {}

  static Server start(Path data) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "org.aigov.observatory.cli.Main", "serve", "--data", data.toString(), "--port", "0", "--no-bundled")
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String token = null, base = null, line;
    List<String> seen = new ArrayList<>();
    while (base == null && (line = out.readLine()) != null) {
      seen.add(line);
      if (line.trim().startsWith("obs_")) token = line.trim();
      Matcher m = URL.matcher(line);
      if (m.find()) base = m.group(1);
    }
    assertNotNull(base, "server did not start: " + seen);
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) { /* keep the pipe empty */ }
      } catch (Exception ignored) {
        // process ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    return new Server(p, base, token);
  }

  @Test
  void sigkillDuringABurstOfWritesLosesNothingAcknowledged(@TempDir Path data) throws Exception {
    Server s = start(data);
    assertNotNull(s.token, "first start prints the admin token");
    HttpClient http = HttpClient.newHttpClient();
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.submit(() -> {
        for (int i = 0; !stop.get(); i++) {
          String id = "crash-" + thread + "-" + i;
          String body = "{\"id\":\"" + id + "\",\"type\":\"guideline\",\"name\":{\"zh\":\"崩溃测试" + i + "\",\"en\":\"Crash burst " + i + "\"}}";
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.base + "/api/instruments"))
                .header("Authorization", "Bearer " + s.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) acknowledged.add(id);
          } catch (Exception e) {
            return null; // the server died under us
          }
        }
        return null;
      });
    }
    long until = System.currentTimeMillis() + 20_000;
    while (acknowledged.size() < 40 && System.currentTimeMillis() < until) Thread.sleep(20);
    s.process.destroyForcibly(); // SIGKILL, mid-burst
    assertTrue(s.process.waitFor(30, TimeUnit.SECONDS));
    stop.set(true);
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    assertTrue(acknowledged.size() >= 40, "writes were acknowledged before the kill: " + acknowledged.size());

    try (Observatory obs = Observatory.open(data, null)) {
      LogAudit.Report audit = LogAudit.verify(obs.db);
      assertTrue(audit.ok(), audit.toText());
      assertEquals(audit.registryVersions, audit.entries, "one log entry per stored version");
      for (String id : acknowledged) assertTrue(obs.registry.find(id).isPresent(), "acknowledged write lost: " + id);
    }
    Server again = start(data);
    try {
      assertNull(again.token, "the admin token is made once");
      String last = acknowledged.get(acknowledged.size() - 1);
      HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(again.base + "/api/instruments/" + last)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, got.statusCode());
      HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(again.base + "/api/search?q=crash+burst&limit=1")).build(),
          HttpResponse.BodyHandlers.ofString());
      long total = org.aigov.observatory.kernel.Json.read(found.body()).get("total").asLong();
      assertTrue(total >= acknowledged.size(), "search caught up after the crash: " + total + " < " + acknowledged.size());
    } finally {
      again.process.destroyForcibly();
      again.process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
