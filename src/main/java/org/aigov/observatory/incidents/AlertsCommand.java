package org.aigov.observatory.incidents;

import org.aigov.observatory.kernel.DataOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** "alerts": scan for spikes, deliver due webhooks (retrying with back-off), list recent alerts, list or stop subscriptions. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Detect spikes, store alerts, deliver webhooks; --watch keeps delivering")
public final class AlertsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Option(names = "--alpha", description = "tail-probability threshold (default ${DEFAULT-VALUE})")
  double alpha = 0.01;

  @Option(names = "--window", description = "baseline window in periods (default ${DEFAULT-VALUE})")
  int window = 12;

  @Option(names = "--method", description = "poisson, negbin (negative binomial: the baseline's variance too), cusum, or share (binomial test of a filtered series' share of all incidents; the series of all incidents by poisson) (default ${DEFAULT-VALUE})")
  String method = "poisson";

  @Option(names = "--subscribe", description = "add a subscription: series, e.g. 'topic=military&granularity=month'")
  String subscribe;

  @Option(names = "--webhook", description = "webhook URL for --subscribe")
  String webhook;

  @Option(names = "--no-deliver", description = "scan only")
  boolean noDeliver;

  @Option(names = "--watch", description = "keep delivering every N seconds until interrupted (0 = once)")
  int watch;

  @Option(names = "--list", description = "list the stored alerts, newest first, and do nothing else (with --series: one series')")
  boolean list;

  @Option(names = "--series", description = "with --list: one series, e.g. 'topic=military&granularity=month'")
  String series;

  @Option(names = "--limit", description = "with --list or --deliveries: at most this many (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Option(names = "--subscriptions", description = "list every subscription (id, series, webhook or Atom feed, created, by whom), and do nothing else")
  boolean subscriptions;

  @Option(names = "--deliveries", paramLabel = "ID", description = "show subscription ID's delivery log, newest delivery first: each"
      + " attempt with its time, HTTP status or error and duration, and what waits (with --limit: at most this many rows), and do nothing else")
  Long deliveries;

  @Option(names = "--unsubscribe", paramLabel = "ID", description = "stop subscription ID (its waiting deliveries are cancelled, its history kept), and do nothing else")
  Long unsubscribe;

  /** Country names for stored alerts, from the store's registry (wired by cli/Main, so this module does not reach into it). */
  java.util.function.Function<Db, FacetLabels.Names> names = db -> FacetLabels.Names.NONE;

  public void names(java.util.function.Function<Db, FacetLabels.Names> names) {
    this.names = names;
  }

  @Override
  public Integer call() throws Exception {
    int modes = (list ? 1 : 0) + (subscriptions ? 1 : 0) + (unsubscribe != null ? 1 : 0) + (subscribe != null ? 1 : 0) + (deliveries != null ? 1 : 0);
    if (modes > 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
        "--list, --subscriptions, --deliveries, --unsubscribe and --subscribe: give one at a time");
    picocli.CommandLine cl = new picocli.CommandLine(this);
    // each was taken without a word: a negative --watch ran a scan, a --limit under 1 listed one alert, a lone --webhook nothing
    if (watch < 0) throw new picocli.CommandLine.ParameterException(cl, "--watch: expected 0 (once) or more seconds, got " + watch);
    if (limit < 1 || limit > 1000) throw new picocli.CommandLine.ParameterException(cl, "--limit: expected 1 to 1000, got " + limit);
    if (webhook != null && subscribe == null) throw new picocli.CommandLine.ParameterException(cl, "--webhook: goes with --subscribe");
    if (watch > 0 && (list || subscriptions || deliveries != null || unsubscribe != null || noDeliver))
      throw new picocli.CommandLine.ParameterException(cl, "--watch: keeps delivering; it does not go with --list, --subscriptions, --deliveries, --unsubscribe or --no-deliver");
    // these only read or change what is there: a mistyped --data must not answer from a new, empty store
    if (list || subscriptions || deliveries != null || unsubscribe != null || (noDeliver && subscribe == null)) store.requireStore();
    try (Db db = store.openDb()) {
      if (deliveries != null) {
        printDeliveries(db, deliveries);
        return 0;
      }
      if (subscriptions) {
        printSubscriptions(Alerts.subscriptions(db));
        return 0;
      }
      if (unsubscribe != null) {
        // the API's DELETE: the same deactivation, by the operator; a stopped one is said to be so, not stopped again
        Map<String, Object> was = Alerts.subscriptions(db).stream().filter(m -> unsubscribe.equals(m.get("id"))).findFirst().orElse(null);
        if (was == null) throw org.aigov.observatory.kernel.ApiException.notFound("subscription " + unsubscribe);
        if (!Boolean.TRUE.equals(was.get("active"))) {
          System.out.println("subscription " + unsubscribe + " was already stopped");
          return 0;
        }
        Alerts.deactivate(db, unsubscribe);
        System.out.println("stopped subscription " + unsubscribe + " (" + describe(was) + "); " + was.get("pending") + " waiting deliveries cancelled");
        return 0;
      }
      if (list) {
        // as the API: a misspelt topic is refused, not listed as no alerts (a deleted topic's series stays readable)
        String key = series == null ? null : Alerts.readableSeries(db, series);
        List<Map<String, Object>> stored = Alerts.list(db, key, Math.max(1, Math.min(limit, 1000)));
        System.out.println(stored.size() + " alerts" + (key == null ? "" : " of " + key));
        for (Map<String, Object> a : stored) {
          Map<?, ?> ex = (Map<?, ?>) a.get("explanation");
          System.out.printf("#%d  %s  %s%s  (%s)%n    %s%n    %s%n", (Long) a.get("id"), a.get("series"), a.get("period"),
              Boolean.TRUE.equals(a.get("backfill")) ? "  [history, found late]" : "", a.get("created_at"), ex.get("en"), ex.get("zh"));
        }
        return 0;
      }
      Spikes.Options o = new Spikes.Options();
      o.alpha = alpha;
      o.window = window;
      o.method = Spikes.method(method);
      o.check(); // before anything is stored: a bad setting subscribes nothing
      if (subscribe != null) printSubscribed(subscribed(db));
      List<Map<String, Object>> created = Alerts.scan(db, o, names.apply(db));
      System.out.println(created.size() + " new alerts");
      for (Map<String, Object> a : created) System.out.println("  " + ((Map<?, ?>) a.get("explanation")).get("en"));
      if (noDeliver) return 0;
      do {
        Map<String, Integer> d = Alerts.deliver(db, new Alerts.DeliveryOptions()); // a raw map printed its keys in any order
        System.out.println("deliveries: " + d.get("delivered") + " delivered, " + d.get("retried") + " to retry later, " + d.get("failed") + " failed");
        if (watch > 0) Thread.sleep(watch * 1000L);
      } while (watch > 0);
      return 0;
    }
  }

  /** The subscription made, its refusal naming this command's options (it named the API's fields: "webhook_url: …"). */
  private Map<String, Object> subscribed(Db db) {
    try {
      return Alerts.subscribe(db, "cli " + subscribe, subscribe, webhook, "cli");
    } catch (org.aigov.observatory.kernel.ApiException e) {
      String option = "webhook_url".equals(e.field) ? "--webhook" : "series".equals(e.field) || "name".equals(e.field) ? "--subscribe" : null;
      if (option == null || e.status != 400) throw e;
      throw org.aigov.observatory.kernel.ApiException.badRequest(option, e.getMessage().substring(e.field.length() + 2));
    }
  }

  /** What was made, in lines: its id and series, where its alerts go, and the webhook's secret, shown once. */
  private static void printSubscribed(Map<String, Object> m) {
    System.out.println("subscribed: #" + m.get("id") + " " + m.get("series"));
    System.out.println("  Atom feed: " + feedLink((Long) m.get("id")));
    if (m.get("webhook_url") != null) {
      System.out.println("  webhook: " + m.get("webhook_url"));
      System.out.println("  secret: " + m.get("secret") + " (shown only now: the receiver checks X-Observatory-Signature with it)");
    }
  }

  /**
   * A subscription's feed: on the configured public address, else the path with a word on it (a bare
   * "/api/incidents/…" read as a link that goes nowhere; outside QA).
   */
  static String feedLink(long id) {
    String path = "/api/incidents/subscriptions/" + id + "/feed.atom";
    return org.aigov.observatory.kernel.PublicUrl.base().isEmpty() ? path + " (on the server's address; set OBS_PUBLIC_URL for a full link)"
        : org.aigov.observatory.kernel.PublicUrl.link(path);
  }

  private static void printSubscriptions(List<Map<String, Object>> subs) {
    long active = subs.stream().filter(m -> Boolean.TRUE.equals(m.get("active"))).count();
    System.out.println(subs.size() + " subscriptions (" + active + " active)");
    for (Map<String, Object> m : subs)
      System.out.printf("#%d  %s%s  created %s by %s%n    %s%n    deliveries: %s pending, %s delivered, %s failed, %s cancelled%n", (Long) m.get("id"), describe(m),
          Boolean.TRUE.equals(m.get("active")) ? "" : "  [stopped]", m.get("created_at"), m.get("created_by"),
          m.get("webhook_url") != null ? "webhook " + m.get("webhook_url") : "Atom feed " + feedLink((Long) m.get("id")),
          m.get("pending"), m.get("delivered"), m.get("failed"), m.get("cancelled"));
  }

  /** The API's delivery log in lines: a delivery, then its attempts, newest first. */
  private void printDeliveries(Db db, long id) {
    if (Alerts.subscriptions(db).stream().noneMatch(m -> Long.valueOf(id).equals(m.get("id"))))
      throw org.aigov.observatory.kernel.ApiException.notFound("subscription " + id);
    List<Map<String, Object>> rows = Alerts.deliveryLog(db, id, limit);
    System.out.println("subscription " + id + ": " + rows.size() + " log row(s), newest delivery first");
    Object shown = null;
    for (Map<String, Object> r : rows) {
      if (!r.get("delivery_id").equals(shown)) {
        shown = r.get("delivery_id");
        StringBuilder head = new StringBuilder("  delivery " + shown + "  alert #" + r.get("alert_id") + "  " + r.get("status") + ", " + r.get("attempts") + " attempt(s)");
        if (r.get("delivered_at") != null) head.append(", delivered ").append(r.get("delivered_at"));
        if (r.get("next_attempt_at") != null) head.append(", next attempt ").append(r.get("next_attempt_at"));
        if (r.get("waiting_behind") != null) head.append(", queued behind delivery ").append(r.get("waiting_behind"));
        if (r.get("sending_until") != null) head.append(", being sent now");
        if (r.get("send_interrupted") != null) head.append(", a send was cut off by a stopped process (no outcome logged; it may have arrived)");
        System.out.println(head);
      }
      if (r.get("attempt") != null)
        System.out.printf("    attempt %s  %s  %s  %s ms%n", r.get("attempt"), r.get("at"),
            r.get("http_status") != null ? "HTTP " + r.get("http_status") : IncidentsCommand.oneLine(r.get("error")), r.get("duration_ms"));
    }
  }

  /** A subscription's series, or that it takes every alert; with its name. */
  private static String describe(Map<String, Object> m) {
    return (m.get("series") == null ? "every series" : "series " + m.get("series")) + ", \"" + IncidentsCommand.oneLine(m.get("name")) + "\"";
  }
}
