package org.aigov.observatory.incidents;

import java.nio.file.Path;
import org.aigov.observatory.kernel.Db;

/** Shared CLI plumbing: where the store lives. */
final class CliSupport {
  private CliSupport() {}

  static Path defaultData() {
    String home = System.getenv("OBSERVATORY_HOME");
    return home == null || home.isBlank() ? Path.of("data") : Path.of(home, "data");
  }

  static Db open(Path data, String jdbcUrl) {
    if (jdbcUrl != null) return Db.connect(jdbcUrl, null, null, null);
    return Db.embedded(data != null ? data : defaultData());
  }
}
