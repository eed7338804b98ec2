package org.aigov.observatory.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.SearchIndex;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true, description = "Full-text search of the registry (Chinese and English).")
public final class SearchCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Parameters(arity = "1..*", paramLabel = "<query>", description = "Words to find, in Chinese or English.")
  List<String> query;

  @Option(names = "--filter", paramLabel = "field=value",
      description = "Facet filter, repeatable, e.g. --filter kind=instrument --filter binding=hard; one field given twice matches either value, as the API does")
  List<String> filters = new java.util.ArrayList<>();

  @Option(names = "--sort", defaultValue = "relevance", description = "relevance | date | date_asc")
  String sort;

  @Option(names = "--limit", defaultValue = "20")
  int limit;

  @Option(names = "--copies", description = "Also list records that are the same as another record (e.g. an AGORA copy of a seed instrument).")
  boolean copies;

  @Option(names = "--json", description = "Print the JSON result.")
  boolean json;

  @Override
  public Integer call() {
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    Map<String, List<String>> f = filters(filters);
    try (Observatory obs = store.open()) {
      SearchIndex.Result r = obs.index.search(new SearchIndex.Request(String.join(" ", query), f, null, null, sort, 0, limit, false, false, copies));
      if (json) {
        System.out.println(Json.pretty(r));
        return 0;
      }
      print(r, System.out);
      return 0;
    }
  }

  /** The total, what the API's answer says about how it was found (relaxed, near matches, ignored parts, copies), then a line per hit. */
  static void print(SearchIndex.Result r, java.io.PrintStream out) {
    out.println(r.total() + " hits");
    // the API reports these and the page shows them; without them a relaxed or near answer reads as an exact one
    if (Boolean.TRUE.equals(r.relaxed())) out.println("note: no record holds every word of the search; these hold all but one");
    if (Boolean.TRUE.equals(r.fuzzy())) out.println("note: nothing matches as written; showing near matches");
    if (r.ignored() != null && !r.ignored().isEmpty())
      out.println("note: ignored (not supported): " + String.join(", ", r.ignored()));
    if (r.copies_hidden() != null && r.copies_hidden() > 0)
      out.println("note: " + r.copies_hidden() + " hidden as copies of other records (the same things in other datasets); --copies lists them");
    for (SearchIndex.Hit h : r.hits())
      out.printf("%-28s %-10s %-16s %-5s %-10s %s%n", h.id(), h.kind(), h.type(), h.jurisdiction() == null ? "" : h.jurisdiction(),
          h.date() == null ? "" : h.date(),
          h.name().getOrDefault("en", "") + (h.name().containsKey("zh") ? " / " + h.name().get("zh") : "")
              + (h.copy_of() == null ? "" : "  [same as " + h.copy_of() + "]"));
  }

  /** As the API reads them: a field twice is either value; an unknown field or value is an error, not 0 hits. */
  static Map<String, List<String>> filters(List<String> given) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (String g : given) {
      int eq = g.indexOf('=');
      if (eq <= 0) throw org.aigov.observatory.kernel.ApiException.badRequest("--filter", "expected field=value, got '" + g + "'");
      String field = g.substring(0, eq).strip(), value = g.substring(eq + 1).strip();
      if (!SearchIndex.FACETS.contains(field) && !field.equals("tags"))
        throw org.aigov.observatory.kernel.ApiException.badRequest("--filter", "unknown field '" + field + "'; one of " + SearchIndex.FACETS + " or tags");
      List<String> vals = f.computeIfAbsent(field, k -> new java.util.ArrayList<>());
      if (!vals.contains(value)) vals.add(value);
    }
    org.aigov.observatory.registry.RegistryRoutes.checkFilterValues(f);
    return f;
  }
}
