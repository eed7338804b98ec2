package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Newcomer's rehearsal of 2026-12-03: `import json` on malformed JSON printed Jackson's exception and stack trace and exited
 * 1; `--strict` with several bad rows listed one and said "1 skipped".
 */
class ImportCommandTest {
  @TempDir Path dir;

  /** Exit code, standard output, the command's error stream. */
  record Run(int rc, String out, String err) {}

  Run run(String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      var cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      int rc = cl.execute(args);
      return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void malformedJsonIsOneLineNamingTheFileAndPlace() throws Exception {
    String data = dir.resolve("data").toString();
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[{\"id\":\"x1\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"A\"}},\n {\"id\":\"x2\", \"kind\":\"instrument\" \"type\":\"law\"}]");
    Run r = run("import", "json", bad.toString(), "--data", data);
    assertEquals(2, r.rc(), r.err());
    assertTrue(r.err().startsWith("error: bad.json: malformed JSON at line 2, column 34: Unexpected character"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    // no valid UTF-8, and an array holding something other than records: the same, not a stack trace or a silent stop
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, "[{\"id\":\"x\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"Caf\u00e9\"}}]".getBytes(StandardCharsets.ISO_8859_1));
    r = run("import", "json", latin1.toString(), "--data", data);
    assertEquals(2, r.rc(), r.err());
    assertEquals("error: latin1.json: not valid UTF-8 near line 1; save the file as UTF-8", r.err().strip());
    Path five = dir.resolve("five.json");
    Files.writeString(five, "[{\"id\":\"z1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"Z\"}},\n 5]");
    r = run("import", "json", five.toString(), "--data", data);
    assertEquals(2, r.rc(), r.err());
    assertEquals("error: five.json: line 2: expected a record (a JSON object) or the end of the array", r.err().strip());
  }

  @Test
  void aStrictImportListsEveryBadRow() throws Exception {
    String data = dir.resolve("data").toString();
    Path f = dir.resolve("three.json");
    Files.writeString(f, "[{\"id\":\"y1\",\"kind\":\"instrument\",\"type\":\"nosuch\",\"name\":{\"en\":\"A\"}},\n"
        + " {\"id\":\"y2\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"B\"},\"date\":\"2024-13-01\"},\n"
        + " {\"id\":\"y3\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"C\"},\"jurisdiction\":\"!!\"},\n"
        + " {\"id\":\"y4\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"D\"}}]");
    Run r = run("import", "json", f.toString(), "--data", data, "--strict");
    assertEquals(1, r.rc(), r.out());
    assertTrue(r.out().startsWith("three.json: REFUSED (strict mode; nothing written): 3 bad rows"), r.out());
    for (String line : new String[] {"line 1 (y1): type:", "line 2: not a valid record (id y2): date:", "line 3 (y3): jurisdiction:"})
      assertTrue(r.out().contains(line), line + " in " + r.out());
    r = run("import", "json", f.toString(), "--data", data);
    assertEquals(0, r.rc(), r.out());
    assertTrue(r.out().startsWith("three.json: 1 added, 0 updated, 0 unchanged, 3 skipped"), "the strict run wrote nothing: " + r.out());
  }
}
