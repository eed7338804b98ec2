package org.aigov.observatory.cli;

import java.util.concurrent.Callable;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reindex", mixinStandardHelpOptions = true, description = "Rebuild the search index from the store.")
public final class ReindexCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Observatory obs = store.open()) {
      long t = System.nanoTime();
      long n = obs.index.rebuild(obs.db);
      System.out.printf("indexed %d records in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }
}
