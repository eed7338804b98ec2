package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend index kept beside an embedded store: read by a new process instead of a rebuild, never trusted when stale or damaged. */
class TrendIndexFileTest {
  @TempDir Path dir;

  private static final List<String> QUERIES = List.of("granularity=month", "granularity=month;topic=military;standardize=true",
      "granularity=week;split=country", "granularity=day;risk_layer=geopolitical;from=2023-01-01", "granularity=year;split=risk_domain",
      "granularity=year;split=harm_type;sector=Health", "granularity=month;split=source;standardize=true");

  private static List<String> answers(Db db) {
    List<String> out = new ArrayList<>();
    for (String q : QUERIES) out.add(render(Trends.query(db, Alerts.queryOf(q))));
    return out;
  }

  private static String render(Trends.Result r) {
    StringBuilder sb = new StringBuilder(r.granularity()).append(r.periods()).append(Arrays.toString(r.total()))
        .append(r.yearOnly()).append('/').append(r.undated()).append('/').append(r.latest());
    for (Trends.Series s : r.series()) sb.append('|').append(s.key()).append(Arrays.toString(s.counts())).append(Arrays.toString(s.share()));
    return sb.toString();
  }

  /** Writes {@code n} random incidents (which bumps the generation) and returns the answers, building the index and its file. */
  private static List<String> filled(Db db, int n, long seed) {
    IncidentsBench.writeIncidents(db, n, seed);
    return answers(db);
  }

  @Test
  void aNewProcessReadsTheFileInsteadOfRebuildingAndAnswersAlike() {
    long seed = TestStores.seed(20261205L);
    try (Db db = Db.embedded(dir)) {
      int builds = Trends.BUILDS.get();
      List<String> built = filled(db, 3000, seed);
      assertEquals(builds + 1, Trends.BUILDS.get(), "built once");
      assertTrue(Files.isRegularFile(dir.resolve(TrendIndexFile.NAME)), "saved beside the store");
      Trends.forget(db);
      List<String> read = answers(db);
      assertEquals(builds + 1, Trends.BUILDS.get(), "read from the file, not rebuilt (seed " + seed + ")");
      assertEquals(built, read, "seed " + seed);
      assertTrue(Trends.indexed(db));
    }
  }

  @Test
  void aStaleFileIsNotUsedAndIsReplaced() throws Exception {
    try (Db db = Db.embedded(dir)) {
      filled(db, 500, 3);
      long first = Trends.generation(db);
      db.tx(c -> {
        try (var st = c.createStatement()) {
          st.executeUpdate("DELETE FROM incidents WHERE MOD(id, 2) = 0");
        }
        Trends.bump(c);
        return null;
      });
      assertNull(TrendIndexFile.load(dir, Trends.generation(db)), "the file is of the generation before");
      assertNotNull(TrendIndexFile.load(dir, first));
      // a release whose glossary reads the spelling variants otherwise: the counts in the file merged other spellings
      assertNull(TrendIndexFile.load(dir, first, FacetLabels.vocabulary() + 1), "built under another canonical column");
      Trends.forget(db);
      int builds = Trends.BUILDS.get();
      List<String> after = answers(db);
      assertEquals(builds + 1, Trends.BUILDS.get(), "rebuilt");
      assertNotNull(TrendIndexFile.load(dir, Trends.generation(db)), "rewritten for the new generation");
      Trends.forget(db);
      Files.delete(dir.resolve(TrendIndexFile.NAME));
      assertEquals(after, answers(db), "the rewritten file answered as a fresh build does");
    }
  }

  @Test
  void aDamagedFileIsIgnoredWhereverItIsDamaged() throws Exception {
    long seed = TestStores.seed(7L);
    Random rnd = new Random(seed);
    try (Db db = Db.embedded(dir)) {
      List<String> want = filled(db, 400, seed);
      long gen = Trends.generation(db);
      Path file = dir.resolve(TrendIndexFile.NAME);
      byte[] good = Files.readAllBytes(file);
      assertNotNull(TrendIndexFile.load(dir, gen));
      for (int t = 0; t < 200; t++) {
        byte[] bad = good.clone();
        String what;
        switch (t % 4) {
          case 0 -> {
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            what = "bit flipped at byte " + at;
          }
          case 1 -> {
            bad = Arrays.copyOf(bad, rnd.nextInt(bad.length));
            what = "cut to " + bad.length + " bytes";
          }
          case 2 -> {
            int at = rnd.nextInt(bad.length);
            bad = concat(Arrays.copyOf(bad, at), new byte[] {(byte) rnd.nextInt()}, Arrays.copyOfRange(bad, at, bad.length));
            what = "a byte inserted at " + at;
          }
          default -> {
            rnd.nextBytes(bad);
            what = "random bytes";
          }
        }
        Files.write(file, bad);
        assertNull(TrendIndexFile.load(dir, gen), "seed " + seed + ": " + what);
      }
      Trends.forget(db);
      assertEquals(want, answers(db), "rebuilt from the store over the damaged file");
      assertNotNull(TrendIndexFile.load(dir, gen), "and the file rewritten whole");
    }
  }

  /** A file whose checksum is right but whose content is not an index (a value code past the list) is still refused. */
  @Test
  void aWellFormedFileWithImpossibleContentIsRefused() throws Exception {
    try (Db db = Db.embedded(dir)) {
      filled(db, 200, 5);
      long gen = Trends.generation(db);
      Trends.Index idx = TrendIndexFile.load(dir, gen);
      assertNotNull(idx);
      int[] codes = idx.codes.get("country");
      assertTrue(codes.length > 0);
      codes[0] = idx.values.get("country").length; // one past the last value
      TrendIndexFile.save(dir, idx);
      assertNull(TrendIndexFile.load(dir, gen), "code out of range");
      // a count far past the file's end, under a right checksum: refused before anything that size is allocated
      java.nio.ByteBuffer forged = java.nio.ByteBuffer.allocate(32);
      forged.putLong(0, 0x4f42535452454e44L).putInt(8, 1).putLong(12, gen).putInt(20, Integer.MAX_VALUE);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(forged.array(), 0, 24);
      forged.putLong(24, crc.getValue());
      Files.write(dir.resolve(TrendIndexFile.NAME), forged.array());
      assertNull(TrendIndexFile.load(dir, gen), "a count of 2^31 - 1 dates in a 32-byte file");
      answers(db); // the cached copy still answers; a new process would rebuild
      Trends.forget(db);
      int builds = Trends.BUILDS.get();
      answers(db);
      assertEquals(builds + 1, Trends.BUILDS.get());
    }
  }

  @Test
  void noFileForAStoreNeverClusteredNorForStoresWithoutADirectory() {
    try (Db db = Db.embedded(dir)) {
      assertEquals(dir.toAbsolutePath(), db.dataDir().orElseThrow());
      assertEquals(0, Trends.generation(db), "nothing has bumped the generation of a new store");
      answers(db);
      assertFalse(Files.exists(dir.resolve(TrendIndexFile.NAME)), "generation 0 is every new store's: not saved");
    }
    try (Db mem = Fixtures.db()) {
      assertTrue(mem.dataDir().isEmpty());
    }
  }

  /** A writer killed between its temporary file and the rename leaves the file behind; a later save removes it once it is old. */
  @Test
  void anAbandonedTemporaryFileIsRemovedByALaterSave() throws Exception {
    Path old = Files.writeString(dir.resolve(TrendIndexFile.NAME + ".123.tmp"), "half an index");
    Path fresh = Files.writeString(dir.resolve(TrendIndexFile.NAME + ".456.tmp"), "a writer at work");
    Path other = Files.writeString(dir.resolve("notes.tmp"), "not ours");
    long hourAgo = System.currentTimeMillis() - 3_600_000L;
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(hourAgo));
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(hourAgo));
    try (Db db = Db.embedded(dir)) {
      filled(db, 50, 2);
    }
    assertFalse(Files.exists(old), "abandoned an hour ago");
    assertTrue(Files.exists(fresh), "may still be written");
    assertTrue(Files.exists(other), "another name");
    assertTrue(Files.isRegularFile(dir.resolve(TrendIndexFile.NAME)));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
