package org.aigov.observatory.cli;

import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Registry;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true, description = "List a record's versions, or the diff between two.")
public final class HistoryCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Parameters(paramLabel = "<id>")
  String id;

  @Option(names = "--diff", arity = "2", paramLabel = "N", description = "Show the field changes between two versions.")
  long[] diff;

  @Override
  public Integer call() {
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Observatory obs = store.open()) {
      if (diff != null) {
        System.out.println(Json.pretty(obs.registry.diff(id, diff[0], diff[1])));
        return 0;
      }
      for (Registry.VersionInfo v : obs.registry.history(id))
        System.out.printf("v%-4d %-8s %-28s %s  %s%n", v.version(), v.action(), v.actor(), v.created_at(), v.content_hash());
      return 0;
    }
  }
}
