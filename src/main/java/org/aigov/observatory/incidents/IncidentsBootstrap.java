package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;

/**
 * Loads the bundled demo subset at first start: AIID incidents dated 2023 onwards and AIAAIC
 * entries occurring 2023–2025 (both CC BY-SA 4.0, see incidents/ATTRIBUTION.md), then clusters.
 */
public final class IncidentsBootstrap {
  private IncidentsBootstrap() {}

  /** Returns a one-line summary, or null when the store already holds incident records. */
  public static String loadBundled(Db db) {
    long existing = db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incident_records")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    if (existing > 0) return null;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("incidents-demo");
      Path aiid = dir.resolve("aiid");
      Files.createDirectories(aiid);
      copy("/incidents/demo-aiid-incidents.csv", aiid.resolve("incidents.csv"));
      copy("/incidents/demo-aiid-classifications_MIT.csv", aiid.resolve("classifications_MIT.csv"));
      Path aiaaic = bundledAiaaic(dir);
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      Ingest.Report a = in.run("aiid", aiid.toString());
      Ingest.Report b = in.run("aiaaic", aiaaic.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      return "bundled incidents: AIID " + a + "; AIAAIC " + b + "; " + st;
    } catch (IOException e) {
      throw new IllegalStateException("cannot load bundled incident data: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        try {
          org.aigov.observatory.kernel.FileTrees.delete(dir);
        } catch (IOException ignored) {
          // temporary files only
        }
      }
    }
  }

  /** Writes the bundled AIAAIC demo subset into the folder and returns the file (for `eval --snapshot`). */
  static Path bundledAiaaic(Path dir) throws IOException {
    Path file = dir.resolve("demo-aiaaic.csv");
    copy("/incidents/demo-aiaaic.csv", file);
    return file;
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = IncidentsBootstrap.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("missing bundled resource " + resource);
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
