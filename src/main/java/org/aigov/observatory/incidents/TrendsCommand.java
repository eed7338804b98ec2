package org.aigov.observatory.incidents;

import org.aigov.observatory.kernel.DataOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** "trends": counts per period, split by a facet, standardized share, optional spike detection. */
@Command(name = "trends", mixinStandardHelpOptions = true, description = "Incident counts per day/week/month/year; standardized share; spikes")
public final class TrendsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Option(names = "--granularity", description = "day, week, month or year (default ${DEFAULT-VALUE})")
  String granularity = "month";

  @Option(names = "--filter", description = "facet=value, repeatable (facets: source, risk_domain, risk_layer, country, sector, harm_type, topic)")
  List<String> filters = List.of();

  @Option(names = "--split", description = "facet to split the series by")
  String split;

  @Option(names = "--from", paramLabel = "DATE", description = "start of the range: periods from the one holding this date, counting incidents on or after it (YYYY-MM-DD, YYYY-MM or YYYY)")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "end of the range (default: today): incidents on or before this date; YYYY-MM runs to the month's end, YYYY to 31 December")
  String to;

  @Option(names = "--standardize", description = "also give each count as a share of all incidents in the period")
  boolean standardize;

  @Option(names = "--format", description = "csv or json (default ${DEFAULT-VALUE})")
  String format = "csv";

  @Option(names = "--spikes", description = "detect spikes in the (first) series")
  boolean spikes;

  @Option(names = "--alpha", description = "spike tail-probability threshold (default ${DEFAULT-VALUE})")
  double alpha = 0.01;

  @Option(names = "--method", description = "spike test: poisson, negbin (negative binomial: the baseline's variance too), cusum, "
      + "or share (binomial test of the share of all incidents); default share with --standardize, else poisson")
  String method;

  /**
   * Why a table holds no count (a header alone, or zeros, had looked like a store with no incidents; outside QA): a range
   * after the data, a range holding none, or a split by a facet no counted incident has.
   */
  static String emptyNote(Trends.Query q, Trends.Result r) {
    long all = 0, inSeries = 0;
    for (long t : r.total()) all += t;
    for (Trends.Series x : r.series()) for (long c : x.counts()) inSeries += c;
    if (q.split != null && r.series().isEmpty() && all > 0)
      return "note: no incident counted has a " + q.split.replace('_', ' ') + ", so there is no series to show";
    if (inSeries > 0) return null;
    if (q.from != null && r.latest() != null && q.from.isAfter(r.latest()))
      return "note: nothing to count: --from " + q.from + " is after the newest incident in the store (" + r.latestText() + ")";
    String range = q.from == null && q.to == null ? "" : q.from == null ? " up to " + q.to : q.to == null ? " from " + q.from : " from " + q.from + " to " + q.to;
    return "note: no " + (q.filters.isEmpty() ? "" : "matching ") + "incident is dated" + (range.isEmpty() ? " to its day, month or year" : range)
        + (q.filters.isEmpty() && (r.dataBefore() || r.dataAfter()) ? "; there are some outside that range" : "");
  }

  /**
   * Country names from the store's registry, as the API and the stored alerts give them (wired by cli/Main, so this module
   * does not reach into it): the command had called TW "Taiwan" where the API's CSV said "Taiwan, Province of China" (outside QA).
   */
  java.util.function.Function<Db, FacetLabels.Names> names = db -> FacetLabels.Names.NONE;

  public void names(java.util.function.Function<Db, FacetLabels.Names> names) {
    this.names = names;
  }

  /** The period holding the newest incident, when the data stops inside it: its count is of part of it, not a fall. */
  static String partialNote(Trends.Result r) {
    String own = r.partialPeriod();
    String latest = r.latestText();
    long yo = r.partialYearOnly();
    // a year's AIAAIC entries are dated only to it: they are not cut off there, and a reader annualising the whole
    // count from that date overstates it (outside QA: 207 of 2025's 276)
    return own == null ? null : "note: the newest incident is of " + latest + ", so " + own + " is counted only up to that "
        + (latest.length() == 7 ? "month" : "day") + " (a partial " + r.granularity() + ", not a fall)"
        + (yo > 0 ? "; " + yo + " of its " + r.partialTotal() + " incidents are known only to the year and may be of any day in it" : "");
  }

  @Override
  public Integer call() {
    if (!format.equals("csv") && !format.equals("json")) {
      System.err.println("error: --format: expected csv or json, got '" + format + "'");
      return 2;
    }
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("granularity", List.of(granularity));
    if (split != null) p.put("split", List.of(split));
    if (from != null) p.put("from", List.of(from));
    if (to != null) p.put("to", List.of(to));
    if (standardize) p.put("standardize", List.of("true"));
    if (!putFilters(filters, p)) return 2;
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Db db = store.openDb()) {
      Trends.Query q = Trends.Query.parse(p);
      Trends.Result r = Trends.query(db, q);
      FacetLabels.Names countries = names.apply(db); // one registry for the labels and the spikes' explanations
      List<Spikes.Spike> found = List.of();
      if (spikes && !r.series().isEmpty()) {
        Spikes.Options o = new Spikes.Options();
        o.alpha = alpha;
        o.method = Spikes.method(method != null ? method : standardize ? "share" : "poisson");
        o.check();
        // the series named in Chinese as a stored alert names it (topics by their names, facets by the glossary)
        found = Trends.spikesOverHistory(db, p, q, r, Alerts.enFilters(db, q, countries), Alerts.zhFilters(db, q, countries), o, countries);
      }
      if (format.equals("json")) { // the API's shape: the series, the query, and the spikes when asked for
        Map<String, Object> m = r.json();
        m.put("query", q.seriesKey());
        m.put("cut_periods", Trends.cutPeriods(q, r));
        if (spikes) m.put("spikes", found);
        if (spikes && q.split != null && !r.series().isEmpty()) m.put("spikes_series", r.series().get(0).key()); // the one tested
        System.out.println(Json.pretty(m));
      } else {
        Map<String, Map<String, String[]>> labels = FacetLabels.forText(db, q, r.series().stream().map(Trends.Series::key).toList(), countries);
        System.out.print(r.csv((x, zh) -> TrendChart.seriesLabel(q, x, zh, labels)));
      }
      if (r.undated() > 0) System.err.println("note: " + r.undated() + " matching incidents have no date and are in no period");
      String partial = partialNote(r);
      if (partial != null) System.err.println(partial);
      if (r.yearOnly() > 0) {
        // in a year series they are left out only because --from/--to cuts through their year
        System.err.println("note: " + r.yearOnly() + " matching incidents are dated only to the year (AIAAIC) and are not counted "
            + (r.granularity().equals("year") ? "in a year that --from/--to cuts through; a range of whole years counts them"
                : "per " + r.granularity() + "; --granularity year counts them"));
      }
      if (r.monthOnly() > 0) {
        System.err.println("note: " + r.monthOnly() + " matching incidents are dated only to the month and are not counted "
            + (r.granularity().equals("year") || r.granularity().equals("month") ? "in a month that --from/--to cuts through"
                : "per " + r.granularity() + "; --granularity month counts them"));
      }
      if (q.split != null && r.undated() + r.yearOnly() + r.monthOnly() > 0)
        System.err.println("note: the figures above are for all matching incidents; each series' own are in --format json"
            + " (series[].year_precision_not_counted, series[].month_precision_not_counted, series[].undated_not_counted)");
      int after = r.firstPeriodAfterLatest(), quiet = r.periods().size() - after;
      if (after > 0 && quiet > 0)
        System.err.println("note: no incidents were ingested after " + r.latestText() + "; the last " + quiet + " period" + (quiet == 1 ? " is" : "s are")
            + " zero for want of data");
      List<String> cut = Trends.cutPeriods(q, r);
      if (!cut.isEmpty())
        System.err.println("note: --from/--to cut" + (cut.size() == 1 ? "s " + cut.get(0) + ", whose count is" : " " + String.join(" and ", cut) + ", whose counts are")
            + " of the days in range only" + (spikes ? "; the spike test judges " + (cut.size() == 1 ? "it" : "them") + " whole" : ""));
      String empty = emptyNote(q, r);
      if (empty != null) System.err.println(empty);
      if (spikes && found.isEmpty()) System.err.println("no spikes at alpha " + alpha + " (" + (method != null ? method : standardize ? "share" : "poisson") + ")");
      for (Spikes.Spike s : found) {
        System.err.println("spike: " + s.explanationEn());
        System.err.println("       " + s.explanationZh());
      }
      return 0;
    } catch (ApiException e) {
      System.err.println("error: " + e.cliMessage());
      return 2;
    }
  }

  /** The --filter facet=value options into query parameters; false (and a message naming the option) if one is malformed. */
  static boolean putFilters(List<String> filters, Map<String, List<String>> p) {
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        System.err.println("error: --filter expects facet=value, got '" + f + "'");
        return false;
      }
      String facet = f.substring(0, eq).strip();
      // topc=military had counted every incident, the misspelt facet ignored
      if (!Trends.FACETS.contains(facet)) {
        System.err.println("error: --filter: unknown facet '" + facet + "'; one of " + String.join(", ", Trends.FACETS));
        return false;
      }
      if (p.put(facet, List.of(f.substring(eq + 1).strip())) != null) {
        System.err.println("error: --filter: facet '" + facet + "' is given twice; one value per facet");
        return false;
      }
    }
    return true;
  }
}
