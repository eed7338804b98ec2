package org.aigov.observatory.cli;

import java.nio.file.Path;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Option;

/** The options every command that touches stored data shares. */
public final class StoreOptions {
  @Option(names = "--data", paramLabel = "<dir>", description = "Data directory (default: data/ beside the launcher).")
  Path data;

  @Option(names = "--jdbc-url", paramLabel = "<url>",
      description = "Use this database instead of the embedded store, e.g. jdbc:postgresql://127.0.0.1:5432/obs?user=postgres")
  String jdbcUrl;

  public Path dataDir() {
    return data != null ? data.toAbsolutePath().normalize() : Observatory.defaultDataDir();
  }

  public Observatory open() {
    return Observatory.open(dataDir(), jdbcUrl);
  }
}
