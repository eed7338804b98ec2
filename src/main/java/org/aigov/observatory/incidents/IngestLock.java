package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.aigov.observatory.kernel.Db;

/**
 * One ingest at a time into a store, across processes (a CLI run reaches the server's embedded store through H2's
 * AUTO_SERVER, so an in-process lock would not see it). Two bulk loads into an empty store each dropped the look-up
 * indexes and stored every record twice. Embedded: the run keeps row 'ingest' of incident_ingest_lock locked (FOR UPDATE)
 * in a transaction of its own; PostgreSQL: a session advisory lock keyed by the schema (a long open transaction there
 * would hold back vacuum). Either is released with the connection when the process dies.
 */
final class IngestLock implements AutoCloseable {
  /** Another run holds the lock and did not let go within the wait. */
  static final class Busy extends IllegalStateException {
    Busy(String message) {
      super(message);
    }
  }

  /** First half of the PostgreSQL advisory key ("obsi"); the second is the schema's hash, so stores in one database do not wait on each other. */
  private static final int PG_KEY = 0x6f627369;

  private final Db db;
  private final Connection c;
  private final boolean named;

  private IngestLock(Db db, Connection c, boolean named) {
    this.db = db;
    this.c = c;
    this.named = named;
  }

  /**
   * Takes the lock, trying again for up to {@code wait}; {@code onWait} hears once who holds it when the first try fails.
   * {@code what} names this run for the message of one that has to wait (null: a look that holds it for no work).
   */
  static IngestLock acquire(Db db, String what, Duration wait, java.util.function.Consumer<String> onWait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean told = false;
    int reconnects = 0;
    Connection c = null;
    try {
      while (true) {
        if (c == null) {
          c = db.connection();
          if (db.dialect == Db.Dialect.H2) c.setAutoCommit(false);
        }
        boolean got;
        try {
          got = tryLock(db, c);
        } catch (SQLException e) {
          // the holder was the process serving the embedded store (AUTO_SERVER) and has ended: every connection to it is
          // dead, and a new one opens the store in this process
          if (reconnects++ >= 3 || !broken(c)) throw e;
          evict(db, c);
          c = null;
          if (db.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h && h.getHikariPoolMXBean() != null)
            h.getHikariPoolMXBean().softEvictConnections();
          continue;
        }
        if (got) break;
        String holder = holder(db);
        if (System.nanoTime() >= deadline) throw new Busy(busyMessage(holder));
        if (!told && onWait != null) onWait.accept(holder);
        told = true;
        Thread.sleep(200);
      }
      IngestLock l = new IngestLock(db, c, what != null);
      c = null;
      if (what != null) {
        String w = what.length() > 400 ? what.substring(0, 400) + "…" : what;
        try {
          l.note(w + ", pid " + ProcessHandle.current().pid() + " on " + host(), Instant.now());
        } catch (RuntimeException e) {
          l.close();
          throw e;
        }
      }
      return l;
    } catch (SQLException e) {
      throw new Db.StoreException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy("interrupted while waiting for another ingest into this store to finish");
    } finally {
      if (c != null) release(db, c);
    }
  }

  private static boolean broken(Connection c) {
    try {
      return !c.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  private static void evict(Db db, Connection c) {
    if (db.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h) h.evictConnection(c);
    else {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already gone
      }
    }
  }

  /** "another ingest is running into this store (…)": the one line a run that cannot wait longer prints. */
  static String busyMessage(String holder) {
    return "another ingest is running into this store" + (holder == null ? "" : ": " + holder)
        + "; run this one again when it has finished (nothing was read or stored)";
  }

  private static boolean tryLock(Db db, Connection c) throws SQLException {
    if (db.dialect == Db.Dialect.POSTGRES) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(current_schema()))")) {
        ps.setInt(1, PG_KEY);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    }
    // SKIP LOCKED, not NOWAIT: H2's lock timeout is an SQLTimeoutException, on which the pool closes the connection
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM incident_ingest_lock WHERE name = 'ingest' FOR UPDATE SKIP LOCKED");
         ResultSet rs = ps.executeQuery()) {
      if (rs.next()) return true;
    }
    c.rollback();
    if (org.aigov.observatory.kernel.Sql.value(c, "SELECT COUNT(*) FROM incident_ingest_lock WHERE name = 'ingest'") instanceof Number n && n.longValue() == 0)
      throw new SQLException("incident_ingest_lock has lost its row 'ingest' (created by migration V4_21)");
    c.rollback();
    return false;
  }

  /**
   * The bulk gate (row 'bulk', V4_22), embedded store only: an empty store's bulk load holds it on a connection of its own
   * from before it reads what is stored until its look-up indexes are back; null when posts kept it busy for {@code wait}
   * (the run then loads with its indexes). Let go with {@link #openBulkGate}.
   */
  static Connection closeBulkGate(Db db, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Connection c = null;
    try {
      c = db.connection();
      c.setAutoCommit(false);
      while (true) {
        if (passBulkGate(c)) {
          Connection held = c;
          c = null;
          return held;
        }
        c.rollback();
        if (System.nanoTime() >= deadline) return null;
        Thread.sleep(20);
      }
    } catch (SQLException e) {
      throw new Db.StoreException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (c != null) release(db, c);
    }
  }

  static void openBulkGate(Db db, Connection gate) {
    if (gate != null) release(db, gate);
  }

  /**
   * In a transaction on the embedded store: takes the bulk gate until it ends; false when a bulk load (or, for a moment,
   * another post) holds it. A post that went first is stored before the load reads what is stored, so the load sees it.
   */
  static boolean passBulkGate(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM incident_ingest_lock WHERE name = 'bulk' FOR UPDATE SKIP LOCKED");
         ResultSet rs = ps.executeQuery()) {
      if (rs.next()) return true;
    }
    if (org.aigov.observatory.kernel.Sql.value(c, "SELECT COUNT(*) FROM incident_ingest_lock WHERE name = 'bulk'") instanceof Number n && n.longValue() == 0)
      throw new SQLException("incident_ingest_lock has lost its row 'bulk' (created by migration V4_22)");
    return false;
  }

  /**
   * On PostgreSQL: waits for the posts in other transactions (of any server on the store) to end, and holds the others
   * until this one ends, as the gate does on the embedded store. The look-up by URL and text and the insert are then
   * one step: twenty posts of one URL at once had stored seven records there (outside QA, 2026-12-07).
   */
  static void takePostTurn(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM incident_ingest_lock WHERE name = 'bulk' FOR UPDATE");
         ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) throw new SQLException("incident_ingest_lock has lost its row 'bulk' (created by migration V4_22)");
    }
  }

  /**
   * For an ingest run's batch, in its transaction: waits for a post being written to end and holds the next ones until
   * the batch commits (row 'bulk': the embedded store's posts pass it as a gate, PostgreSQL's take it in turn).
   */
  static void holdPosts(Connection c, Db.Dialect dialect) throws SQLException {
    if (dialect != Db.Dialect.H2) {
      takePostTurn(c);
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!passBulkGate(c)) { // a post holds it for the moment it writes
      if (System.nanoTime() > deadline) throw new SQLException("the row 'bulk' of incident_ingest_lock stayed locked for 60 s");
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for a post to end", e);
      }
    }
  }

  /** Who holds the lock and since when, as its holder wrote it; null when unknown. */
  static String holder(Db db) {
    try {
      return db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT holder, since FROM incident_ingest_lock WHERE name = 'ingest.holder'");
             ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || rs.getString(1) == null) return null;
          Timestamp t = rs.getTimestamp(2);
          return rs.getString(1) + (t == null ? "" : ", since " + t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
      });
    } catch (RuntimeException e) {
      return null; // the message is the same without it
    }
  }

  private void note(String holder, Instant since) {
    db.tx(x -> org.aigov.observatory.kernel.Sql.update(x, "UPDATE incident_ingest_lock SET holder = ?, since = ? WHERE name = 'ingest.holder'",
        holder, since == null ? null : Timestamp.from(since)));
  }

  private static String host() {
    String h = Monitor.HOST_NAME;
    return h == null ? "this host" : h.length() > 60 ? h.substring(0, 60) : h;
  }

  @Override
  public void close() {
    try {
      if (named) note(null, null);
    } catch (RuntimeException e) {
      // the store is closing (a signal): the lock goes with the connection, the stale name is only shown to a waiter
    }
    release(db, c);
  }

  private static void release(Db db, Connection c) {
    try {
      if (db.dialect == Db.Dialect.POSTGRES) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(current_schema()))")) {
          ps.setInt(1, PG_KEY);
          ps.execute();
        }
      } else {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      evict(db, c); // not given back to the pool still holding the lock: its session (and lock) ends with it
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // already gone
    }
  }
}
