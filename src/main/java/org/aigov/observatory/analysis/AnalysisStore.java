package org.aigov.observatory.analysis;

import java.io.PrintStream;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.web.Observatory;

/**
 * The store {@code analyze} and {@code report} read. They only read: a store that is there is analysed as it is, never
 * topped up with the bundled data (which went into its append-only log); only a store they create gets the bundled data.
 */
final class AnalysisStore {
  private AnalysisStore() {}

  static Observatory open(DataOptions store, PrintStream err) {
    boolean fresh = !store.storeExists();
    Observatory obs = Observatory.open(store);
    try {
      if (fresh) {
        obs.loadBundledIfNeeded(null);
        err.println("note: no store at " + store.dataDir() + ": created one there with the bundled data");
      } else if (obs.registry.counts().isEmpty()) {
        throw ApiException.badRequest("--data", "the store at " + (store.jdbcUrl == null ? store.dataDir() : "--jdbc-url")
            + " holds no registry records: import some (import seed, agora, json) or start serve once to load the bundled data");
      }
      return obs;
    } catch (RuntimeException e) {
      obs.close();
      throw e;
    }
  }
}
