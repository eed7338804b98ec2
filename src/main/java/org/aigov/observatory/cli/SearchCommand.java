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

  @Option(names = "--filter", paramLabel = "field=value", description = "Facet filter, repeatable, e.g. --filter kind=instrument --filter binding=hard")
  Map<String, String> filters = new LinkedHashMap<>();

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
    try (Observatory obs = store.open()) {
      Map<String, List<String>> f = new LinkedHashMap<>();
      filters.forEach((k, v) -> f.put(k, List.of(v)));
      SearchIndex.Result r = obs.index.search(new SearchIndex.Request(String.join(" ", query), f, null, null, sort, 0, limit, false, false, copies));
      if (json) {
        System.out.println(Json.pretty(r));
        return 0;
      }
      System.out.println(r.total() + " hits");
      for (SearchIndex.Hit h : r.hits())
        System.out.printf("%-28s %-10s %-16s %-10s %s%n", h.id(), h.kind(), h.type(), h.date() == null ? "" : h.date(),
            h.name().getOrDefault("en", "") + (h.name().containsKey("zh") ? " / " + h.name().get("zh") : "")
                + (h.copy_of() == null ? "" : "  [same as " + h.copy_of() + "]"));
      return 0;
    }
  }
}
