package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `export --out` writes every format to the file and exits 0 (the exporters close what they write to). */
class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void exportsToAFileInEveryFormat() throws Exception {
    Path data = dir.resolve("data");
    Path seed = Path.of("src/main/resources/registry/seed/registry-seed.json");
    assertEquals(0, Main.commandLine().execute("import", "--data", data.toString(), "seed", seed.toString()));
    for (String format : List.of("csv", "json", "graphml")) {
      Path out = dir.resolve("registry." + format);
      int rc = Main.commandLine().execute("export", "--data", data.toString(), "--format", format, "--out", out.toString());
      assertEquals(0, rc, format);
      String text = Files.readString(out);
      assertTrue(text.length() > 10_000, format + " export holds the bundled records");
      switch (format) {
        case "csv" -> assertTrue(text.startsWith("id,"), text.substring(0, 40));
        case "json" -> assertTrue(text.strip().startsWith("[") && text.strip().endsWith("]"));
        default -> assertTrue(text.strip().endsWith("</graphml>"));
      }
    }
  }
}
