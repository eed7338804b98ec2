package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The stores every store test runs against: embedded H2 always, PostgreSQL when OBS_TEST_PG_URL is
 * set (CI sets it). Each call gives a fresh database or schema.
 */
public final class TestStores {
  private TestStores() {}

  private static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static volatile String resolved;

  /**
   * PostgreSQL for store tests: OBS_TEST_PG_URL, else the local server if one answers. With
   * OBS_REQUIRE_PG=1 (CI) an unreachable server fails the run instead of skipping.
   */
  public static String pgUrl() {
    if (resolved == null) {
      String url = System.getenv("OBS_TEST_PG_URL");
      if (url == null || url.isBlank()) url = DEFAULT_PG;
      try (var c = java.sql.DriverManager.getConnection(url)) {
        resolved = url;
      } catch (java.sql.SQLException e) {
        if ("1".equals(System.getenv("OBS_REQUIRE_PG")))
          throw new IllegalStateException("PostgreSQL required (OBS_REQUIRE_PG=1) but " + url + " is unreachable: " + e.getMessage());
        resolved = "";
      }
    }
    return resolved.isEmpty() ? null : resolved;
  }

  public static Db h2() {
    return Db.inMemory("t" + UUID.randomUUID().toString().replace("-", ""));
  }

  public static Db postgres() {
    return Db.connect(pgUrl(), null, null, "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
  }

  /** Names of the stores available here, for parameterised tests. */
  public static Stream<String> names() {
    List<String> l = new ArrayList<>(List.of("h2"));
    if (pgUrl() != null) l.add("postgres");
    return l.stream();
  }

  public static Db open(String name) {
    return name.equals("postgres") ? postgres() : h2();
  }
}
