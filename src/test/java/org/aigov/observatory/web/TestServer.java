package org.aigov.observatory.web;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.aigov.observatory.kernel.Tokens;

/** A real server on a free port over an in-memory store, for API and browser tests. */
public final class TestServer implements AutoCloseable {
  public final Observatory obs;
  public final Javalin app;
  public final String base;
  public final String adminToken;
  public final HttpClient http = HttpClient.newHttpClient();

  public TestServer(boolean bundled) {
    obs = Observatory.inMemory("srv" + UUID.randomUUID().toString().replace("-", ""));
    if (bundled) {
      obs.loadBundled(null);
      new org.aigov.observatory.scenarios.ScenarioStore(obs.db).installBundled(); // as ServeCommand does at start
    }
    adminToken = new Tokens(obs.db).ensureAdmin().orElseThrow();
    app = WebServer.create(obs, Modules.all(obs)).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  public HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) b.headers(headers);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> sendBytes(String method, String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) b.headers(headers);
    b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public String[] auth(String... more) {
    String[] h = new String[more.length + 4];
    h[0] = "Authorization";
    h[1] = "Bearer " + adminToken;
    h[2] = "Content-Type";
    h[3] = "application/json";
    System.arraycopy(more, 0, h, 4, more.length);
    return h;
  }

  @Override
  public void close() {
    app.stop();
    obs.close();
  }
}
