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

  /**
   * (store, seed) pairs for randomized store tests: {@code h2Seeds} on the embedded store, {@code pgSeed} on PostgreSQL
   * where it runs. A test reads its seed through {@link #seed}, so -Dtests.seed=N replays sequence N on every store.
   */
  public static Stream<org.junit.jupiter.params.provider.Arguments> seeded(long pgSeed, long... h2Seeds) {
    return names().flatMap(store -> (store.equals("h2") ? java.util.stream.LongStream.of(h2Seeds) : java.util.stream.LongStream.of(pgSeed))
        .mapToObj(seed -> org.junit.jupiter.params.provider.Arguments.of(store, seed)));
  }

  /** The seed a randomized test runs with: -Dtests.seed when given, else its own. */
  public static long seed(long own) {
    return Long.getLong("tests.seed", own);
  }

  public static Db open(String name) {
    return name.equals("postgres") ? postgres() : h2();
  }

  /**
   * A fresh store migrated only up to {@code target}, so a test can write rows as an older schema did
   * and then check the later migrations: {@code kind} "h2" or "pg" (the test is skipped without PostgreSQL).
   */
  public static OldStore atVersion(String kind, String target) throws java.sql.SQLException {
    Db.h2Settings(); // H2 is reached here before any Db is opened
    String url;
    String schema = null;
    if (kind.equals("h2")) {
      url = "jdbc:h2:mem:old-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    } else {
      url = pgUrl();
      org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(), "no PostgreSQL");
      schema = "t_old_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      }
    }
    OldStore s = new OldStore(kind, url, schema);
    var cfg = org.flywaydb.core.Flyway.configure().dataSource(url, s.h2() ? "sa" : null, s.h2() ? "" : null)
        .locations("classpath:db/migration").target(target);
    if (schema != null) cfg = cfg.schemas(schema).defaultSchema(schema);
    cfg.load().migrate();
    return s;
  }

  /** See {@link #atVersion}; closing it drops the PostgreSQL schema. */
  public record OldStore(String kind, String url, String schema) implements AutoCloseable {
    boolean h2() {
      return kind.equals("h2");
    }

    /** A plain connection to the store, in its schema. */
    public java.sql.Connection connection() throws java.sql.SQLException {
      java.sql.Connection c = h2() ? java.sql.DriverManager.getConnection(url, "sa", "") : java.sql.DriverManager.getConnection(url);
      if (schema != null) c.setSchema(schema);
      return c;
    }

    /** The store through {@link Db}, which runs the remaining migrations. */
    public Db open() {
      return h2() ? Db.connect(url, "sa", "", null) : Db.connect(url, null, null, schema);
    }

    @Override
    public void close() throws java.sql.SQLException {
      if (schema == null) return;
      try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
