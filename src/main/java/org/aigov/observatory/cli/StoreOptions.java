package org.aigov.observatory.cli;

import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.web.Observatory;

/** The kernel's data options, opened as the whole observatory (store, search index, log). */
public final class StoreOptions extends DataOptions {
  public Observatory open() {
    return Observatory.open(this);
  }
}
