package org.aigov.observatory.incidents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.kernel.Db;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** "monitor": the early-warning loop without the web server (a server runs the same loop by itself). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Poll due feeds, re-cluster when records changed, scan for spikes, deliver webhooks; every N seconds, or once")
public final class MonitorCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Option(names = "--every", description = "seconds between rounds (default ${DEFAULT-VALUE})")
  int every = 30;

  @Option(names = "--cluster-gap", description = "seconds to wait after a clustering run before the next; a run that took longer waits twice its own time (default ${DEFAULT-VALUE})")
  int clusterGap = 60;

  @Option(names = "--once", description = "one round, then exit")
  boolean once;

  @Option(names = "--alpha", description = "tail-probability threshold for spikes (default ${DEFAULT-VALUE})")
  double alpha = 0.01;

  @Option(names = "--method", description = "poisson, negbin (negative binomial: the baseline's variance too), cusum, or share (binomial test of a filtered series' share of all incidents; the series of all incidents by poisson) (default ${DEFAULT-VALUE})")
  String method = "poisson";

  /** Country names for stored alerts, from the store's registry (wired by cli/Main, so this module does not reach into it). */
  java.util.function.Function<Db, FacetLabels.Names> names = db -> FacetLabels.Names.NONE;

  public void names(java.util.function.Function<Db, FacetLabels.Names> names) {
    this.names = names;
  }

  @Override
  public Integer call() throws Exception {
    if (every < 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--every: at least 1 second");
    if (clusterGap < 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--cluster-gap: 0 or more seconds");
    Monitor.Options o = new Monitor.Options();
    o.every = Duration.ofSeconds(every);
    o.clusterGap = Duration.ofSeconds(clusterGap);
    o.spikes.alpha = alpha;
    o.spikes.method = Spikes.method(method);
    o.spikes.check(); // --alpha 5 had stored 167 "spikes" with p = 0.67
    if (once) o.feedWait = Duration.ofMinutes(10); // no later round to ingest a slow feed: wait for it (each fetch has its timeout)
    try (Db db = store.openDb(); Monitor m = new Monitor(db, Classifier.bundled(), withNames(o, db))) {
      do {
        Map<String, Object> r = m.tick();
        System.out.println(java.time.Instant.now() + " " + describe(r));
        if (!once) Thread.sleep(every * 1000L);
      } while (!once);
      return 0;
    }
  }

  /** One round in words: a raw map, or {leader=false} alone, told a reader nothing. */
  public static String describe(Map<String, Object> r) {
    if (Boolean.FALSE.equals(r.get("leader"))) {
      if (r.get("waiting_for_lease") instanceof Map<?, ?> w) // a killed holder of this host is taken over at once; another's lapses
        return "another monitor (" + w.get("holder") + ") holds the lead on this store until " + w.get("until") + "; this round did nothing";
      return "another monitor (the server's loop) holds the lead on this store; this round did nothing";
    }
    StringBuilder b = new StringBuilder();
    b.append(r.getOrDefault("feeds_polled", 0)).append(" feeds polled, ").append(r.getOrDefault("items_added", 0)).append(" items added");
    if (r.containsKey("clustered")) b.append("; clustered: ").append(r.get("clustered"));
    if (r.containsKey("cluster_due_at")) b.append("; next clustering not before ").append(r.get("cluster_due_at"));
    if (r.containsKey("alerts_created")) b.append("; ").append(r.get("alerts_created")).append(" alerts created");
    for (Map.Entry<String, Object> e : r.entrySet())
      if (!java.util.Set.of("leader", "waiting_for_lease", "feeds_polled", "items_added", "clustered", "cluster_due_at", "alerts_created").contains(e.getKey()))
        b.append("; ").append(e.getKey().replace('_', ' ')).append(": ").append(e.getValue());
    return b.toString();
  }

  private Monitor.Options withNames(Monitor.Options o, Db db) {
    o.names = names.apply(db);
    return o;
  }
}
