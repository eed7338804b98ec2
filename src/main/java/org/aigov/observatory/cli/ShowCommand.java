package org.aigov.observatory.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

// --version here is the record's: the standard options' -V/--version would clash with it and took --help away too
@Command(name = "show", description = "Print a record (current or a given version) with its relations.")
public final class ShowCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "<id>")
  String id;

  @Option(names = "--version", paramLabel = "N", description = "Show version N instead of the current one.")
  Long version;

  @Override
  public Integer call() {
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Observatory obs = store.open()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("record", version == null ? obs.registry.get(id) : obs.registry.version(id, version));
      out.put("relations", obs.registry.relationsOf(id));
      System.out.println(Json.pretty(out));
      return 0;
    }
  }
}
