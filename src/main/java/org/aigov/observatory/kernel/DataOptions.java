package org.aigov.observatory.kernel;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data} and {@code --jdbc-url}, the same on every command that touches stored data (a picocli
 * mixin: {@code @Mixin DataOptions store;}). Lives in the kernel so module commands need not reach into cli.
 */
public class DataOptions {
  @Option(names = "--data", paramLabel = "<dir>",
      description = "Data directory of the embedded store (default: $OBSERVATORY_HOME/data, else ./data).")
  public Path data;

  @Option(names = "--jdbc-url", paramLabel = "<url>",
      description = "Use this PostgreSQL database instead of the embedded store, e.g. jdbc:postgresql://127.0.0.1:5432/obs?user=postgres")
  public String jdbcUrl;

  public static Path defaultDataDir() {
    String home = System.getenv("OBSERVATORY_HOME");
    return (home == null || home.isBlank() ? Path.of(".") : Path.of(home)).resolve("data").toAbsolutePath().normalize();
  }

  public Path dataDir() {
    return data != null ? data.toAbsolutePath().normalize() : defaultDataDir();
  }

  /**
   * Where this store's search indexes live: the data directory for the embedded store; for PostgreSQL a folder in it named
   * after the database URL, so a command given only --jdbc-url never reads the embedded store's index (it found records
   * the database does not hold).
   */
  public Path indexDir() {
    return indexDir(dataDir(), jdbcUrl);
  }

  public static Path indexDir(Path dataDir, String jdbcUrl) {
    return jdbcUrl == null || jdbcUrl.isBlank() ? dataDir : dataDir.resolve("pg-" + Hashing.sha256Hex(jdbcUrl.strip()).substring(0, 16));
  }

  /**
   * For a command that only reads: the embedded store must be there already. Opening one creates it, so a mistyped
   * --data answered "not found" and "0 hits" from a new, empty store and left it behind. A 400 (exit 2), nothing created.
   */
  public DataOptions requireStore() {
    Path dir = dataDir();
    if (!storeExists())
      throw ApiException.badRequest("--data", "no store at " + dir + ": a command that only reads creates none; give the folder"
          + " that holds observatory.mv.db, or create a store there with serve or import");
    return this;
  }

  /** Whether the store is there already: an embedded one has its file; a database is taken to exist. */
  public boolean storeExists() {
    return (jdbcUrl != null && !jdbcUrl.isBlank()) || java.nio.file.Files.exists(dataDir().resolve("observatory.mv.db"));
  }

  /** The store alone (no search index, no bundled data). */
  public Db openDb() {
    return jdbcUrl != null ? postgres(jdbcUrl) : Db.embedded(dataDir());
  }

  /**
   * A PostgreSQL store from {@code --jdbc-url}: any other URL is refused by name (a {@code jdbc:h2:} URL had opened the
   * embedded file with other settings), and a database that cannot be reached is one line naming the URL without its
   * password, not a stack trace.
   */
  public static Db postgres(String url) {
    if (url == null || !url.strip().startsWith("jdbc:postgresql://"))
      throw ApiException.badRequest("--jdbc-url", "expected a PostgreSQL URL such as jdbc:postgresql://127.0.0.1:5432/obs?user=postgres, got '" + redacted(url) + "'");
    // the driver takes "alice:pw@127.0.0.1" for a host name, and its failure then printed the password (outside QA)
    if (url.strip().replaceFirst("^jdbc:postgresql://", "").replaceFirst("[/?].*$", "").contains("@"))
      throw ApiException.badRequest("--jdbc-url", "the PostgreSQL driver does not read user:password@ in the URL; give them as parameters,"
          + " jdbc:postgresql://host:5432/db?user=…&password=…, got '" + redacted(url) + "'");
    try {
      return Db.connect(url.strip(), null, null, null);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) root = root.getCause();
      String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("").strip();
      if (root instanceof java.net.UnknownHostException) why = "unknown host " + why; // the bare host name said nothing (outside QA)
      throw new Db.Unavailable("cannot use the database " + redacted(url) + ": " + redacted(why), e);
    }
  }

  /** A URL or message without a password: {@code password=…} parameters and the {@code user:password@} of an authority. */
  static String redacted(String s) {
    if (s == null) return "";
    String out = s.replaceAll("(?i)(password=)[^&;\\s]*", "$1***").replaceAll("((?://|^|\\s)[^/@:\\s]*:)[^@/\\s]*@", "$1***@");
    return out.length() > 300 ? out.substring(0, 300) + "…" : out;
  }
}
