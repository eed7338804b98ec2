package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** "incidents": list or full-text search merged incidents, optionally with their source records; or show one. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
    description = "List or search incidents (full text of every source record, English and Chinese) and their source records.")
public final class IncidentsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Parameters(arity = "0..*", paramLabel = "QUERY", description = {"words a hit contains, each as written or as one of its synonyms (Chinese terms also as their English);"
      + " when nothing holds every word, the incidents holding all but one, or near spellings, and the output says which"
      + " (docs/incidents.md §Search); \"phrase\", -exclude, a|b; an -exclude word goes after -- or inside the quoted query,"
      + " as in: incidents -- self-driving -tesla"})
  List<String> query = List.of();

  @Option(names = "--filter", description = "facet=value, repeatable (topic, source, country, sector, risk_domain, risk_layer, harm_type)")
  List<String> filters = List.of();

  @Option(names = "--from", paramLabel = "DATE", description = "incidents on or after this date: YYYY-MM-DD, YYYY-MM or YYYY")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "incidents on or before this date (YYYY-MM runs to the month's end, YYYY to 31 December)")
  String to;

  @Option(names = "--sort", description = "relevance (default with a query) or date")
  String sort;

  @Option(names = "--limit", description = "incidents to print (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Option(names = "--offset", description = "incidents to skip (default ${DEFAULT-VALUE})")
  int offset;

  @Option(names = "--id", description = "print this incident and all its source records")
  Long id;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--records", description = "print each incident's source records too")
  boolean records;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      System.err.println("error: --format: expected text or json, got '" + format + "'");
      return 2;
    }
    if (id != null) { // one incident, whole: a list's options would be ignored without a word, as the API refuses them (outside QA)
      List<String> listOnly = new java.util.ArrayList<>(org.aigov.observatory.kernel.CliOptions.given(spec,
          List.of("--filter", "--from", "--to", "--sort", "--limit", "--offset")));
      if (!query.isEmpty()) listOnly.add("search words");
      if (!listOnly.isEmpty()) {
        System.err.println("error: --id prints one incident whole: " + String.join(", ", listOnly) + (listOnly.size() == 1 ? " is" : " are")
            + " for a list, not with --id");
        return 2;
      }
    }
    Map<String, List<String>> p = new LinkedHashMap<>();
    if (!TrendsCommand.putFilters(filters, p)) return 2;
    if (from != null) p.put("from", List.of(from));
    if (to != null) p.put("to", List.of(to));
    if (sort != null) p.put("sort", List.of(sort));
    String q = String.join(" ", query).strip();
    if (!q.isEmpty()) p.put("q", List.of(q));
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Db db = store.openDb()) {
      if (id != null) {
        Map<String, Object> inc = IncidentQueries.get(db, id);
        if (format.equals("json")) System.out.println(Json.pretty(inc));
        else print(inc, true);
        return 0;
      }
      Map<String, Object> res;
      if (q.isEmpty()) {
        res = IncidentQueries.list(db, null, p, limit, offset);
      } else {
        try (IncidentSearch search = openSearch()) {
          res = IncidentQueries.list(db, search, p, limit, offset);
        }
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) res.get("items");
      if (records) for (Map<String, Object> i : items) i.put("records", IncidentQueries.records(db, (Long) i.get("id")));
      if (format.equals("json")) {
        System.out.println(Json.pretty(res));
      } else {
        for (Map<String, Object> i : items) print(i, records);
        long total = (Long) res.get("total");
        System.out.printf("%d %s%s%s%s%n", total, total == 1 ? "incident" : "incidents",
            items.isEmpty() ? "" : " (" + (offset + 1) + "–" + (offset + items.size()) + " shown)",
            res.containsKey("relaxed") ? "; no record holds every word: these hold all but one"
                : res.containsKey("fuzzy") ? "; nothing matches as written: near spellings" : "",
            // the JSON's "truncated": the count was read as all there are (outside QA)
            res.containsKey("truncated") ? "; the search read the best " + String.format(java.util.Locale.ROOT, "%,d", IncidentQueries.MAX_RECORD_HITS)
                + " matching records and more matched: add words or filters to see the rest" : "");
      }
      return 0;
    } catch (ApiException e) {
      System.err.println("error: " + e.cliMessage()); // a detail starts with its field already ("sort: expected …")
      return 2;
    }
  }

  /** The data folder's index; if another process (a running server) holds it, a throw-away one in memory. */
  private IncidentSearch openSearch() {
    return IncidentSearch.openOrInMemory(store.indexDir().resolve("incidents-index"), why -> System.err.println("note: " + why + " for this query"));
  }

  private static String shownDate(Map<String, Object> m) {
    return Clusterer.shown(java.time.LocalDate.parse((String) m.get("date")), (String) m.get("date_precision"));
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> i, boolean withRecords) {
    List<String> meta = new ArrayList<>();
    // an incident known only to its year (an AIAAIC entry alone) or month shows that, as the page does, not its first day
    if (i.get("date") != null) meta.add(shownDate(i));
    meta.add(i.get("record_count") + (((Number) i.get("record_count")).longValue() == 1 ? " record: " : " records: ") + String.join(", ", (List<String>) i.get("sources")));
    if (i.get("risk_domain") != null) meta.add((String) i.get("risk_domain"));
    List<String> topics = (List<String>) i.get("topics");
    if (topics != null && !topics.isEmpty()) meta.add("topics: " + String.join(", ", topics));
    System.out.printf("#%d  %s%n    %s%n", (Long) i.get("id"), oneLine(i.get("title")), String.join(" · ", meta));
    if (!withRecords || i.get("records") == null) return;
    for (Map<String, Object> r : (List<Map<String, Object>>) i.get("records")) {
      List<String> rm = new ArrayList<>();
      for (String k : new String[] {"date", "outlet", "risk_domain", "linked_by", "url"}) if (r.get(k) != null) rm.add(String.valueOf(r.get(k)));
      // a record dated by its year or month alone (the clustering's rule: an AIAAIC entry, a bare year) shows that
      if (r.get("date") != null) rm.set(0, shownDate(r));
      System.out.printf("    - %s:%s  %s%n      %s%n", r.get("source"), r.get("source_id"), oneLine(r.get("title")), String.join(" · ", rm));
    }
  }

  /** A title on its line: a line break in it had cut the listing's line there (the JSON and CSV keep it). */
  static String oneLine(Object title) {
    return title == null ? null : title.toString().replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ");
  }
}
