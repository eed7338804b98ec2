package org.aigov.observatory.kernel;

import java.util.List;
import java.util.function.Function;

/**
 * A module's own consistency check of a store, run by {@code verify store} beside the log's audit (the filings check
 * that each published filing still hashes to what its logged record commits to). Each problem is one line.
 */
public record StoreCheck(String name, Function<Db, List<String>> problems) {}
