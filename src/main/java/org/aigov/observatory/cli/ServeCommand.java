package org.aigov.observatory.cli;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Tokens;
import org.aigov.observatory.web.Modules;
import org.aigov.observatory.web.Observatory;
import org.aigov.observatory.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the web server and API on the store, loading the bundled data at first start.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--no-bundled", description = "Do not load the bundled data.")
  boolean noBundled;

  @Option(names = "--monitor-every", defaultValue = "30",
      description = "Seconds between the incident monitor's rounds: poll due feeds, re-cluster, scan for spikes, deliver webhooks (default ${DEFAULT-VALUE}; 0 = off).")
  int monitorEvery;

  @Option(names = "--cluster-gap", defaultValue = "60",
      description = "Seconds the monitor waits after a clustering run before the next; a run that took longer waits twice its own time (default ${DEFAULT-VALUE}).")
  int clusterGap;

  /** The store-wide lock the bundled data loads under ("obs-bund"). */
  static final long BUNDLED_LOAD_KEY = 0x6f62732d62756e64L;

  @Override
  public Integer call() {
    try {
      org.aigov.observatory.kernel.ClientAddress.trusted(); // checked before the store is opened
      org.aigov.observatory.kernel.PublicUrl.base();
      org.aigov.observatory.kernel.WebhookQueues.maxBackoff();
      org.aigov.observatory.filings.FilingsRoutes.Config.SECURE_COOKIE.get();
      if (monitorEvery < 0) throw new IllegalArgumentException("--monitor-every: expected 0 (off) or more seconds, found " + monitorEvery);
      if (clusterGap < 0) throw new IllegalArgumentException("--cluster-gap: expected 0 or more seconds, found " + clusterGap);
      if (port < 0 || port > 65535) throw new IllegalArgumentException("--port: expected 0 to 65535, found " + port);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    // before the store opens and the bundled data loads (minutes at a first start), and before a token is printed
    String busy = cannotListen(host, port);
    if (busy != null) {
      System.err.println("error: " + busy);
      return 2;
    }
    Observatory obs = store.open();
    List<HttpModule> modules = new ArrayList<>(Modules.all(obs));
    try {
      loadBundledOnce(obs, !noBundled, System.err);
    } catch (RuntimeException e) {
      System.err.println("error: loading the bundled data failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      obs.close();
      return 1;
    }
    obs.log.start(); // signs tree heads by the configured policy
    Javalin app = WebServer.create(obs, modules);
    try {
      app.start(host, port);
    } catch (RuntimeException e) { // another process took the port since the check: one line, no token printed
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      System.err.println("error: " + (e instanceof io.javalin.util.JavalinBindException ? inUse(host, port) : "cannot listen on " + host + ":" + port + ": " + root.getMessage()));
      app.stop();
      obs.close();
      return 2;
    }
    new Tokens(obs.db).ensureAdmin().ifPresent(t -> {
      System.out.println("Admin API token (shown once, stored only as a hash):");
      System.out.println("  " + t);
    });
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("index-follower"));
    // Follow writes made by other nodes or processes on the same database, and make the index durable.
    timer.scheduleWithFixedDelay(() -> {
      try {
        obs.registry.refreshSearch();
        obs.index.commitIfDirty();
      } catch (RuntimeException e) {
        System.err.println("index follower: " + e.getMessage());
      }
    }, 1, 1, TimeUnit.SECONDS);
    org.aigov.observatory.incidents.Monitor monitor = null;
    if (monitorEvery > 0) {
      monitor = new org.aigov.observatory.incidents.Monitor(obs.db, org.aigov.observatory.incidents.Classifier.bundled(),
          monitorOptions(obs, monitorEvery, clusterGap)).start();
    } else org.aigov.observatory.incidents.Classifier.warmUp(); // the first posted report then does not wait for it
    org.aigov.observatory.incidents.Trends.warmUp(obs.db); // nor the first trend query for the index
    org.aigov.observatory.incidents.Monitor m = monitor;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (m != null) m.close();
      timer.shutdownNow();
      app.stop();
      obs.close();
    }));
    System.out.println("Observatory running at http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + app.port()
        + "/  (store: " + obs.db.dialect.name().toLowerCase() + ", data: " + store.dataDir() + ")");
    System.out.flush();
    return 0;
  }

  /**
   * The bundled registry, scenarios and incidents, loaded by one server at a time: two started together on an empty
   * database both loaded, and one died on a duplicate key or on the other's ingest lock (outside QA); the second now
   * waits, then finds the data loaded and skips it.
   */
  static void loadBundledOnce(Observatory obs, boolean bundled, java.io.PrintStream err) {
    obs.db.exclusive(BUNDLED_LOAD_KEY, () -> {
      if (bundled) obs.loadBundledIfNeeded(err);
      new org.aigov.observatory.scenarios.ScenarioStore(obs.db).installBundled();
      if (bundled) { // no-op once the store holds incidents
        String loaded = org.aigov.observatory.incidents.IncidentsBootstrap.loadBundled(obs.db);
        if (loaded != null) err.println(loaded);
      }
      return null;
    });
  }

  /** Why {@code host:port} cannot be listened on, or null when it can (port 0 always can). */
  static String cannotListen(String host, int port) {
    if (port == 0) return null;
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true); // as Jetty binds: a just-stopped server's closing connections do not make the port busy
      s.bind(new java.net.InetSocketAddress(host, port));
      return null;
    } catch (java.net.BindException e) {
      return e.getMessage() != null && e.getMessage().contains("in use") ? inUse(host, port) : "cannot listen on " + host + ":" + port + ": " + e.getMessage();
    } catch (java.io.IOException e) {
      return "cannot listen on " + host + ":" + port + ": " + e.getMessage();
    }
  }

  private static String inUse(String host, int port) {
    return "port " + port + " is in use: another process listens on " + host + ":" + port + "; stop it, or give another --port (0 picks a free one)";
  }

  static org.aigov.observatory.incidents.Monitor.Options monitorOptions(Observatory obs, int every, int clusterGap) {
    var mo = new org.aigov.observatory.incidents.Monitor.Options();
    mo.every = java.time.Duration.ofSeconds(every);
    mo.clusterGap = java.time.Duration.ofSeconds(clusterGap);
    mo.backgroundDelivery = true;
    mo.names = obs.registry::countryNames; // alerts are stored with their explanation: name countries as the pages do
    return mo;
  }
}
