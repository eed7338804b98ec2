package org.aigov.observatory.incidents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds the CSV files of an AIID snapshot "as it comes": the weekly download is a tarball
 * ({@code backup-YYYYMMDDhhmmss.tar.bz2}) whose CSV exports sit in {@code mongodump_full_snapshot/} beside
 * MongoDB dumps. A folder is used as it is, or its one sub-folder holding {@code incidents.csv}; an archive
 * (.tar.bz2, .tbz2, .tar.gz, .tgz, .tar, .zip) has only its snapshot CSVs copied out, by base name, into a
 * folder named after the archive's fingerprint, so a second run (or a resumed one) reads the same files.
 */
final class AiidSnapshotFiles {
  private AiidSnapshotFiles() {}

  /**
   * The shipped data's folder as the benchmarks and {@code eval --countries} read it: refused by name (a 400, exit 2) when
   * it lacks the AIID snapshot or the AIAAIC export, before any work. {@code orElse}: what else the command accepts.
   */
  static void requireShared(Path shared, String orElse) {
    if (!Files.isDirectory(shared.resolve("aiid-2025-03")) || !Files.isRegularFile(shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv")))
      throw org.aigov.observatory.kernel.ApiException.badRequest("--shared", "no aiid-2025-03/ and aiaaic/AIAAIC_Repository_Incidents.csv in "
          + shared.toAbsolutePath().normalize() + (orElse == null ? "" : ": give the folder of the shared datasets, or " + orElse));
  }

  /** Only these base names are ever written; everything else in an archive (BSON dumps, links, other paths) is skipped. */
  private static final Pattern WANTED = Pattern.compile("incidents\\.csv|reports\\.csv|duplicates\\.csv|classifications_[A-Za-z0-9_.-]{1,80}\\.csv");
  /** Cap on the bytes copied out of one archive: a decompression bomb stops with an error, not a full disk. */
  static long maxExtractedBytes = 8L << 30;

  static boolean isArchive(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".tar.bz2") || n.endsWith(".tbz2") || n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar")
        || n.endsWith(".zip");
  }

  /**
   * The snapshot file {@code name} in {@code dir}, its name matched in any case (Incidents.csv, Classifications_MIT.csv:
   * an export renamed by hand or by another system); {@code dir.resolve(name)} when none is there.
   */
  static Path file(Path dir, String name) {
    Path exact = dir.resolve(name);
    if (Files.exists(exact)) return exact;
    try (var list = Files.list(dir)) {
      return list.filter(f -> f.getFileName().toString().equalsIgnoreCase(name) && Files.isRegularFile(f)).sorted().findFirst().orElse(exact);
    } catch (IOException | RuntimeException e) {
      return exact;
    }
  }

  /** The folder holding the snapshot's incidents.csv, for a folder or an archive; other paths are returned unchanged. */
  static Path folder(Path target, Path extractRoot) throws IOException {
    if (Files.isDirectory(target)) {
      if (Files.exists(file(target, "incidents.csv"))) return target;
      // an unpacked download nests its CSVs (backup-…/mongodump_full_snapshot/): up to three folders down, not following links
      List<Path> found;
      try (var walk = Files.walk(target, 3)) {
        found = walk.filter(d -> !d.equals(target) && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(file(d, "incidents.csv"))).sorted().limit(3).toList();
      }
      if (found.size() > 1) throw new IllegalArgumentException("no incidents.csv in " + target + ", and several sub-folders hold one: "
          + target.relativize(found.get(0)) + ", " + target.relativize(found.get(1)) + "; name the one to read");
      return found.isEmpty() ? target : found.get(0);
    }
    if (Files.isRegularFile(target) && isArchive(target)) return extract(target, extractRoot);
    return target;
  }

  private static Path extract(Path archive, Path extractRoot) throws IOException {
    Path out = extractRoot.resolve("aiid-" + Ingest.fingerprint(archive).substring(0, 24));
    Path done = out.resolve(".complete");
    if (Files.exists(done)) return out;
    Files.createDirectories(out);
    Set<String> written = new HashSet<>();
    long total = 0;
    try (ArchiveInputStream<? extends ArchiveEntry> in = open(archive)) {
      ArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.isDirectory() || (e instanceof TarArchiveEntry t && !regular(t)) || (e instanceof ZipArchiveEntry z && z.isUnixSymlink())) continue;
        String name = e.getName().replace('\\', '/');
        // written under the name the snapshot format gives it, whatever the case in the archive (Incidents.csv)
        String base = lowerCaseName(name.substring(name.lastIndexOf('/') + 1));
        if (!WANTED.matcher(base).matches() || !written.add(base)) continue; // the first of a name wins
        Path tmp = out.resolve(base + ".part");
        try (OutputStream os = Files.newOutputStream(tmp)) {
          byte[] buf = new byte[1 << 16];
          for (int r; (r = in.read(buf)) > 0; ) {
            total += r;
            if (total > maxExtractedBytes) throw new TooLarge("archive " + archive.getFileName() + ": its snapshot CSVs exceed "
                + (maxExtractedBytes >> 20) + " MiB uncompressed (at " + name + "); not read");
            os.write(buf, 0, r);
          }
        }
        Files.move(tmp, out.resolve(base), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (TooLarge ex) {
      throw ex;
    } catch (IOException | RuntimeException ex) { // truncated or corrupt archives surface here, from the decompressor
      // a truncated gzip ends in an EOFException without a message: "could not be read: null" said nothing
      // bzip2, tar and zip say it in their own words ("Unexpected end of stream", "Truncated TAR archive"): one sentence for all
      String m = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(java.util.Locale.ROOT);
      String why = ex instanceof java.io.EOFException || m.contains("truncated") || m.contains("end of stream") || m.contains("end of zlib")
          ? "it ends early (truncated or still being copied?)" : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      throw new IOException("archive " + archive.getFileName() + " could not be read: " + why, ex);
    }
    if (!written.contains("incidents.csv")) throw new IllegalArgumentException("no incidents.csv in archive " + archive.getFileName());
    Files.writeString(done, archive.toAbsolutePath().normalize() + "\n");
    return out;
  }

  /** incidents.csv, reports.csv, duplicates.csv and classifications_X.csv in the case the format writes them; X as it is. */
  private static String lowerCaseName(String base) {
    String lower = base.toLowerCase(Locale.ROOT);
    if (lower.startsWith("classifications_") && lower.endsWith(".csv"))
      return "classifications_" + base.substring("classifications_".length(), base.length() - 4) + ".csv";
    return lower.equals("incidents.csv") || lower.equals("reports.csv") || lower.equals("duplicates.csv") ? lower : base;
  }

  /** Plain file data only: TarArchiveEntry.isFile() is also true for symbolic and hard links. */
  private static boolean regular(TarArchiveEntry t) {
    byte f = t.getLinkFlag();
    return f == TarArchiveEntry.LF_NORMAL || f == TarArchiveEntry.LF_OLDNORM || f == TarArchiveEntry.LF_CONTIG;
  }

  private static final class TooLarge extends IOException {
    TooLarge(String m) {
      super(m);
    }
  }

  private static ArchiveInputStream<? extends ArchiveEntry> open(Path archive) throws IOException {
    String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
    InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    if (n.endsWith(".zip")) return new ZipArchiveInputStream(raw);
    InputStream body = n.endsWith(".tar.bz2") || n.endsWith(".tbz2") ? new BZip2CompressorInputStream(raw, true)
        : n.endsWith(".tar.gz") || n.endsWith(".tgz") ? new GzipCompressorInputStream(raw, true) : raw;
    return new TarArchiveInputStream(body);
  }
}
