package org.aigov.observatory.kernel;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The relational store: an embedded H2 file (default) or PostgreSQL, chosen by JDBC URL. One set of
 * Flyway migrations (classpath:db/migration) serves both; each module owns a major version number
 * (1 kernel+registry, 2 log, 3 filings, 4 incidents, 5 analysis, 6 rules, 7 scenarios).
 */
public final class Db implements AutoCloseable {
  public enum Dialect { H2, POSTGRES }

  static {
    h2Settings();
  }

  /**
   * H2 interns every value it reads or writes in a small shared cache, hashing each string to look it
   * up: for record texts that is pure cost (re-clustering 10^6 records: 80 s with it, 63-68 s without).
   * Takes effect only before H2's first use in the JVM, which opening a Db is; an explicit
   * -Dh2.objectCache wins. Code that reaches H2 without a Db (tests) calls this first.
   */
  public static void h2Settings() {
    if (System.getProperty("h2.objectCache") == null) System.setProperty("h2.objectCache", "false");
    // AUTO_SERVER's port (for CLI commands while the server runs) would listen on every interface, and its key sits in
    // the lock file: loopback only, unless the operator sets -Dh2.bindAddress
    if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
  }

  private final HikariDataSource ds;
  public final Dialect dialect;
  public final String url;

  private Db(String url, String user, String password, String schema, int poolSize) {
    this.url = url;
    this.dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.H2;
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    if (user != null) c.setUsername(user);
    if (password != null) c.setPassword(password);
    c.setMaximumPoolSize(poolSize);
    c.setAutoCommit(true);
    c.setPoolName("observatory");
    if (schema != null) {
      c.setConnectionInitSql(dialect == Dialect.POSTGRES ? "SET search_path TO " + schema : "SET SCHEMA " + schema);
    }
    this.ds = open(c, url);
    migrate(schema);
  }

  /** The store could not be opened (another process holds the embedded file): said in one line, not a stack trace. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens the pool. Two processes opening one embedded store at the same moment race for H2's lock file (AUTO_SERVER hands
   * the second one to the first's server only once that is up): the loser retries for a few seconds, then says so.
   */
  private static HikariDataSource open(HikariConfig c, String url) {
    String file = h2File(url);
    if (file == null) return new HikariDataSource(c);
    return retryWhileLocked(() -> new HikariDataSource(c), file + ".mv.db", 5);
  }

  /** An embedded store's file path without its {@code .mv.db} ending; null for other stores. */
  private static String h2File(String url) {
    if (!url.startsWith("jdbc:h2:file:")) return null;
    int end = url.indexOf(';');
    return url.substring("jdbc:h2:file:".length(), end < 0 ? url.length() : end);
  }

  static <T> T retryWhileLocked(java.util.function.Supplier<T> open, String file, int retries) {
    for (int attempt = 0; ; attempt++) {
      try {
        return open.get();
      } catch (RuntimeException e) {
        String why = null;
        for (Throwable t = e; t != null && why == null; t = t.getCause())
          if (t.getMessage() != null && t.getMessage().matches("(?is).*(already in use|lock file|locked by another|connection refused).*"))
            why = t.getMessage().lines().findFirst().orElse("");
        if (why == null) throw e; // not the race: as it was
        if (attempt >= retries)
          throw new Unavailable("cannot open the store " + file + ": " + why + " (another process is opening it; run the command again)", e);
        try {
          Thread.sleep(200L << Math.min(attempt, 4));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The directory of an embedded store's file; empty for PostgreSQL and in-memory stores. */
  public java.util.Optional<Path> dataDir() {
    String file = h2File(url);
    return file == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(Path.of(file).getParent());
  }

  /** Embedded store in {@code dataDir/observatory.mv.db}. */
  public static Db embedded(Path dataDir) {
    try {
      String note = privateDirectory(dataDir);
      if (note != null) System.err.println(note);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("observatory")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;MAX_COMPACT_TIME=2000;WRITE_DELAY=0;AUTO_SERVER=TRUE";
    return new Db(url, "sa", "", null, 8);
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");

  /**
   * Creates {@code dir} as 700, or tightens an existing one that group or others can reach to 700: the store file holds the
   * log's private signing key, password and token hashes and unpublished filings, and its only protection is this folder.
   * Returns the one-line note to print when it tightened a folder (an operator who shared it on purpose sees why), else
   * null. On a file system without POSIX permissions it only creates the folder.
   */
  public static String privateDirectory(Path dir) throws java.io.IOException {
    boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class);
    if (!Files.isDirectory(dir)) {
      if (!posix) {
        Files.createDirectories(dir);
        return null;
      }
      if (dir.toAbsolutePath().getParent() != null) Files.createDirectories(dir.toAbsolutePath().getParent());
      try {
        Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process made it first: checked below like any existing folder
      }
      Files.setPosixFilePermissions(dir, OWNER_ONLY); // the umask may have narrowed the create's mode, never widened it; made explicit
      return null;
    }
    if (!posix) return null;
    var had = Files.getPosixFilePermissions(dir);
    if (OWNER_ONLY.containsAll(had)) return null;
    try {
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
    } catch (java.io.IOException notOwner) { // another user's folder: say so, and open it as before
      return "warning: data directory " + dir.toAbsolutePath().normalize() + " is " + java.nio.file.attribute.PosixFilePermissions.toString(had)
          + " and could not be set to rwx------ (" + notOwner.getClass().getSimpleName() + "): others may read the store's signing key";
    }
    return "note: data directory " + dir.toAbsolutePath().normalize() + " was "
        + java.nio.file.attribute.PosixFilePermissions.toString(had) + "; set to rwx------ (700): the store in it holds the log's signing key and password hashes";
  }

  private static Path existingAncestor(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) p = p.getParent();
    return p == null ? dir.toAbsolutePath().getRoot() : p;
  }

  /** In-memory H2 for tests. */
  public static Db inMemory(String name) {
    String url = "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    return new Db(url, "sa", "", null, 8);
  }

  /** Any JDBC URL; for PostgreSQL, {@code schema} isolates (tests use one schema per run). */
  public static Db connect(String url, String user, String password, String schema) {
    if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("bad schema name");
    if (schema != null && url.startsWith("jdbc:postgresql:")) {
      try (var tmp = java.sql.DriverManager.getConnection(url, user, password); var st = tmp.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
      }
    }
    return new Db(url, user, password, schema, 10);
  }

  private void migrate(String schema) {
    var cfg = Flyway.configure().dataSource(ds).locations("classpath:db/migration").outOfOrder(true)
        .cleanDisabled(true);
    if (schema != null) cfg = cfg.schemas(schema).defaultSchema(schema);
    cfg.load().migrate();
  }

  public DataSource dataSource() {
    return ds;
  }

  public Connection connection() throws SQLException {
    return ds.getConnection();
  }

  @FunctionalInterface
  public interface TxWork<T> {
    T run(Connection c) throws Exception;
  }

  /** Runs {@code work} in one transaction; commits on return, rolls back on any exception. */
  public <T> T tx(TxWork<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Throwable t) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the original failure matters more
        }
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error err) throw err;
        throw new StoreException(t.getMessage(), t);
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} while holding the store-wide lock {@code key}: on PostgreSQL a session advisory lock on a connection
   * kept for the purpose, so processes and servers sharing the database take turns (an in-process lock cannot see them);
   * on the embedded store a lock file beside it, since commands reach the same file through AUTO_SERVER; an in-memory
   * store has one process, so there it just runs.
   */
  public <T> T exclusive(long key, java.util.function.Supplier<T> work) {
    if (dialect != Dialect.POSTGRES) return embeddedExclusive(key, work);
    try (Connection c = ds.getConnection()) {
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
      try {
        return work.get();
      } finally {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, key);
          ps.execute();
        }
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  private volatile String storeId;

  /**
   * A random id the store keeps for its life (settings row {@code store_id}, made on first use). A search index kept
   * outside the store is stamped with it: a database dropped and made again under the same URL, or an embedded file
   * replaced, starts its ids at 1 again, and an index that only follows ids and times had answered with the old
   * store's records and missed the new ones (an outside QA pass on PostgreSQL).
   */
  public String storeId() {
    String s = storeId;
    if (s != null) return s;
    TxWork<String> get = c -> (String) Sql.value(c, "SELECT value FROM settings WHERE name = 'store_id'");
    s = read(get);
    if (s == null) {
      String fresh = java.util.UUID.randomUUID().toString();
      try {
        tx(c -> Sql.update(c, "INSERT INTO settings (name, value) VALUES ('store_id', ?)", fresh));
      } catch (RuntimeException taken) {
        // another process made it first: its id is read below
      }
      s = read(get);
      if (s == null) throw new StoreException("the store has no id and none could be made", null);
    }
    return storeId = s;
  }

  /**
   * Whether an index kept outside this store was built from another: its stamp names another store; or, made before
   * stamps, it has read further ({@code indexedUpTo}: an id, a change number) than this store holds ({@code storeHigh}).
   */
  public boolean builtFromAnother(String stamped, long indexedUpTo, java.util.function.LongSupplier storeHigh) {
    return stamped != null ? !stamped.equals(storeId()) : indexedUpTo > storeHigh.getAsLong();
  }

  /** Per (store file, key) in this JVM: a file lock is held by the process, so threads take turns before it. */
  private static final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> FILE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@link #exclusive} on the embedded store: a lock file beside the store, locked by the operating system, since
   * other processes reach the same file through H2's AUTO_SERVER. An editor's merge from the command line while a
   * clustering run wrote had been reported done and then written over (an outside QA pass): the run's check for new
   * decisions and its write now hold this lock, and the merge waits for it. An in-memory store has one process.
   */
  private <T> T embeddedExclusive(long key, java.util.function.Supplier<T> work) {
    java.util.Optional<Path> dir = dataDir();
    if (dir.isEmpty()) return work.get();
    Path file = dir.get().resolve(String.format("exclusive-%016x.lock", key));
    java.util.concurrent.locks.ReentrantLock local = FILE_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize().toString(),
        k -> new java.util.concurrent.locks.ReentrantLock());
    local.lock();
    try {
      if (local.getHoldCount() > 1) return work.get(); // taken already by this thread: the file is locked
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
        return work.get();
      } catch (java.io.IOException e) {
        throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
      }
    } finally {
      local.unlock();
    }
  }

  /** Read-only work outside an explicit transaction. */
  public <T> T read(TxWork<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ds.close();
  }

  public static class StoreException extends RuntimeException {
    public StoreException(String m, Throwable cause) {
      super(m, cause);
    }
  }
}
