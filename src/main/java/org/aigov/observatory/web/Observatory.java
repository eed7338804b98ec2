package org.aigov.observatory.web;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.PublishedChangeSink;
import org.aigov.observatory.log.TransparencyLog;
import org.aigov.observatory.registry.ImportReport;
import org.aigov.observatory.registry.Importers;
import org.aigov.observatory.registry.Registry;
import org.aigov.observatory.registry.SearchIndex;

/** The composition root: opens the store and wires the modules that every command and the server share. */
public final class Observatory implements AutoCloseable {
  /** Bump when the bundled data changes so existing stores re-import it (imports are idempotent). */
  public static final String BUNDLED_DATA_VERSION = "2026-12-02.2";

  public final Path dataDir;
  public final Db db;
  public final SearchIndex index;
  public final Registry registry;
  public final TransparencyLog log;
  public final List<PublishedChangeSink> sinks = new ArrayList<>();

  private Observatory(Path dataDir, Db db, SearchIndex index) {
    this.dataDir = dataDir;
    this.db = db;
    this.index = index;
    PublishedChangeSink fanOut = new PublishedChangeSink() {
      @Override
      public void published(java.sql.Connection tx, org.aigov.observatory.kernel.PublishedChange change) throws Exception {
        for (PublishedChangeSink s : sinks) s.published(tx, change);
      }

      @Override
      public void publishedAll(java.sql.Connection tx, List<org.aigov.observatory.kernel.PublishedChange> changes) throws Exception {
        for (PublishedChangeSink s : sinks) s.publishedAll(tx, changes);
      }
    };
    this.registry = new Registry(db, fanOut, index);
    this.log = new TransparencyLog(db);
    sinks.add(log); // every published registry change is appended to the log in the same transaction
    registry.refreshSearch();
  }

  /** Reports name the signed tree head they were built from, so a reader can verify the snapshot. */
  public org.aigov.observatory.analysis.Report.LogHead reportLogHead() {
    var h = log.signHead();
    return new org.aigov.observatory.analysis.Report.LogHead(h.treeSize(), h.rootHash());
  }

  /** Embedded store in {@code dataDir}, or PostgreSQL when {@code jdbcUrl} is given (indexes in a folder of dataDir named after it). */
  public static Observatory open(Path dataDir, String jdbcUrl) {
    Db db = jdbcUrl == null || jdbcUrl.isBlank() ? Db.embedded(dataDir) : org.aigov.observatory.kernel.DataOptions.postgres(jdbcUrl);
    Path indexes = org.aigov.observatory.kernel.DataOptions.indexDir(dataDir, jdbcUrl);
    return new Observatory(indexes, db, SearchIndex.open(indexes.resolve("index")));
  }

  /** In-memory store and index, for tests. */
  public static Observatory inMemory(String name) {
    return new Observatory(null, Db.inMemory(name), SearchIndex.inMemory());
  }

  /** Wraps an existing store (tests on PostgreSQL). */
  public static Observatory over(Db db) {
    return new Observatory(null, db, SearchIndex.inMemory());
  }

  /** The observatory over the store that a command's {@code --data} / {@code --jdbc-url} name. */
  public static Observatory open(org.aigov.observatory.kernel.DataOptions store) {
    return open(store.dataDir(), store.jdbcUrl);
  }

  public static Path defaultDataDir() {
    return org.aigov.observatory.kernel.DataOptions.defaultDataDir();
  }

  /** Loads the bundled data unless this version of it was loaded before. Returns the reports. */
  public List<ImportReport> loadBundledIfNeeded(PrintStream out) {
    if (BUNDLED_DATA_VERSION.equals(setting("bundled_data_version"))) return List.of();
    List<ImportReport> reports = loadBundled(out);
    setSetting("bundled_data_version", BUNDLED_DATA_VERSION);
    return reports;
  }

  public List<ImportReport> loadBundled(PrintStream out) {
    Importers imp = new Importers(registry);
    List<ImportReport> reports = new ArrayList<>();
    try {
      try (InputStream in = resource("/registry/seed/registry-seed.json")) {
        if (in != null) reports.add(imp.importJson(in, "seed", false, progress("seed", out)));
      }
      try (InputStream in = resource("/registry/countries/iso3166-un-regions.csv")) {
        reports.add(imp.importCountries(Importers.csvReader(in), "countries", false, progress("countries", out)));
      }
      try (InputStream a = resource("/registry/agora/authorities.csv"); InputStream d = resource("/registry/agora/documents.csv")) {
        reports.add(imp.importAgora(Importers.csvReader(a), Importers.csvReader(d), false, progress("agora", out)));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    index.commit();
    if (out != null) for (ImportReport r : reports) out.println(r.summary());
    return reports;
  }

  private static Progress progress(String label, PrintStream out) {
    return out == null ? Progress.silent() : new Progress(label, 0, out);
  }

  private static InputStream resource(String path) {
    return Observatory.class.getResourceAsStream(path);
  }

  public String setting(String name) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name=?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
  }

  public void setSetting(String name, String value) {
    db.tx(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM settings WHERE name=?")) {
        del.setString(1, name);
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?,?)")) {
        ps.setString(1, name);
        ps.setString(2, value);
        ps.executeUpdate();
      }
      return null;
    });
  }

  public static String readResource(String path) {
    try (InputStream in = resource(path)) {
      if (in == null) return null;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    log.close();
    index.close();
    db.close();
  }
}
