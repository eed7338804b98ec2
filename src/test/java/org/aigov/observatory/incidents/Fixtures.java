package org.aigov.observatory.incidents;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.aigov.observatory.kernel.Db;

final class Fixtures {
  private Fixtures() {}

  static Db db() {
    return Db.inMemory("inc-" + System.nanoTime());
  }

  static Path copy(String resource, Path to) throws Exception {
    try (InputStream in = Fixtures.class.getResourceAsStream("/incidents/" + resource)) {
      Files.createDirectories(to.getParent());
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
    return to;
  }

  /** A .zip of a snapshot folder's incidents.csv and MIT labels, under a folder of its own as a download nests them. */
  static Path zipOf(Path snap, Path zip) throws Exception {
    try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(Files.newOutputStream(zip))) {
      for (String f : new String[] {"incidents.csv", "classifications_MIT.csv"}) {
        out.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("snapshot/" + f));
        out.write(Files.readAllBytes(snap.resolve(f)));
        out.closeArchiveEntry();
      }
    }
    return zip;
  }

  /** An AIID snapshot folder: the bundled fixture rows plus a reports.csv in AIID's documented format. */
  static Path aiidSnapshot(Path dir) throws Exception {
    copy("aiid/incidents.csv", dir.resolve("incidents.csv"));
    copy("aiid/classifications_MIT.csv", dir.resolve("classifications_MIT.csv"));
    Files.writeString(dir.resolve("reports.csv"),
        "_id,authors,date_downloaded,date_modified,date_published,date_submitted,description,epoch_date_downloaded,epoch_date_modified,"
            + "epoch_date_published,epoch_date_submitted,image_url,language,ref_number,report_number,source_domain,submitters,text,title,url,tags\n"
            + "r1,\"[\"\"Alex Hern\"\"]\",2020-01-01,2020-01-01,2017-10-24T00:00:00.000Z,2020-01-01,,0,0,1508803200,0,,en,,1000001,theguardian.com,[],"
            + "\"Facebook translated a post saying 'good morning' as 'attack them' and police arrested the man.\",Facebook translates good morning into attack them,https://www.theguardian.com/example/facebook-good-morning,[]\n"
            + "r2,[],2020-01-01,2020-01-01,not-a-date,2020-01-01,,0,0,0,0,,en,,1000002,example.com,[],text,Bad date row,https://example.com/bad-date,[]\n");
    // link the first report to AIID incident 72 through its reports list
    String inc = Files.readString(dir.resolve("incidents.csv"));
    inc = inc.replaceFirst("(ObjectId\\([0-9a-f]+\\),72,[0-9-]+,\"\\[)", "$11000001,");
    Files.writeString(dir.resolve("incidents.csv"), inc);
    return dir;
  }
}
