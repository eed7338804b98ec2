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

  public static String pgUrl() {
    String url = System.getenv("OBS_TEST_PG_URL");
    return url == null || url.isBlank() ? null : url;
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
