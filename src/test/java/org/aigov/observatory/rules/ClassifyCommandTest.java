package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line names its own commands in errors, not the API's addresses. */
class ClassifyCommandTest {
  @TempDir Path tmp;

  @Test
  void anUnknownProfileFieldPointsToRulesSchema() throws Exception {
    Path profile = Files.writeString(tmp.resolve("p.json"), "{\"jurisdictions\":[\"EU\"],\"profilng\":true}");
    PrintStream e = System.err, o = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      rc = new CommandLine(new ClassifyCommand()).execute(profile.toString());
    } finally {
      System.setErr(e);
      System.setOut(o);
    }
    assertEquals(2, rc, err.toString(StandardCharsets.UTF_8));
    assertEquals("error: " + profile + ": profilng: unknown field; ./observatory rules schema lists the known fields",
        err.toString(StandardCharsets.UTF_8).strip());
  }

  private record Run(int code, String out, String err) {}

  private static Run run(byte[] stdin, String... args) {
    PrintStream e = System.err, o = System.out;
    java.io.InputStream i = System.in;
    ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setIn(new java.io.ByteArrayInputStream(stdin));
    try {
      int rc = org.aigov.observatory.cli.Main.commandLine().execute(args);
      return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(e);
      System.setOut(o);
      System.setIn(i);
    }
  }

  /** A profile that is not UTF-8 is refused naming the byte, as the API refuses it (standard input replaced the bytes with U+FFFD). */
  @Test
  void aProfileThatIsNotUtf8IsRefusedByByte() throws Exception {
    byte[] bad = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}'};
    Run stdin = run(bad, "classify", "-");
    assertEquals(2, stdin.code(), stdin.out());
    assertEquals("error: -: not valid UTF-8 at byte 9; save the profile as UTF-8", stdin.err().strip());
    Path file = Files.write(tmp.resolve("bad.json"), bad);
    Run fromFile = run(new byte[0], "classify", file.toString());
    assertEquals(2, fromFile.code());
    assertTrue(fromFile.err().contains("not valid UTF-8 at byte 9"), fromFile.err());
    Run crosswalk = run(new byte[0], "rules", "crosswalk", "--from", "EU", "--to", "CN", "--profile", file.toString());
    assertEquals(2, crosswalk.code());
    assertTrue(crosswalk.err().contains("--profile: not valid UTF-8 at byte 9"), crosswalk.err());
  }

  /** Outside QA of 2026-12-07: what the API refuses, the command refuses too; a file it cannot write is one line. */
  @Test
  void halfACharacterAnEmptyDateAndAMissingFolderAreRefused() throws Exception {
    Path lone = Files.writeString(tmp.resolve("lone.json"), "{\"name\":\"\\ud800\",\"jurisdictions\":[\"EU\"]}");
    Run half = run(new byte[0], "classify", lone.toString());
    assertEquals(2, half.code(), half.out());
    assertTrue(half.err().contains("an unpaired surrogate escape (\\ud800) at byte 9"), half.err());
    Path ok = Files.writeString(tmp.resolve("ok.json"), "{\"name\":\"\\ud83d\\ude00 bot\",\"jurisdictions\":[\"EU\"]}");
    assertEquals(0, run(new byte[0], "classify", ok.toString()).code(), "a whole pair is a character");
    Run empty = run(new byte[0], "classify", ok.toString(), "--on", "");
    assertEquals(2, empty.code(), empty.out());
    assertTrue(empty.err().contains("on: empty: give a date as YYYY-MM-DD, or leave it out for today (UTC)"), empty.err());
    Run noFolder = run(new byte[0], "rules", "export", "--what", "crosswalk", "--out", tmp.resolve("no/such/x.csv").toString());
    assertEquals(2, noFolder.code(), noFolder.err());
    assertEquals("error: --out: " + tmp.resolve("no/such/x.csv") + ": no such file or folder", noFolder.err().strip());
  }

  /** The command line's crosswalk checks what the API checks: two regimes, not one, and a format it writes. */
  @Test
  void theCrosswalkCommandChecksWhatTheApiChecks() {
    Run same = run(new byte[0], "rules", "crosswalk", "--from", "EU", "--to", "eu");
    assertEquals(2, same.code(), same.out());
    assertTrue(same.err().contains("--to: choose a regime other than 'from' (EU)"), same.err());
    Run xml = run(new byte[0], "rules", "crosswalk", "--from", "EU", "--to", "CN", "--format", "xml");
    assertEquals(2, xml.code(), xml.out());
    assertTrue(xml.err().contains("--format: must be json or csv"), xml.err());
    Run ok = run(new byte[0], "rules", "crosswalk", "--from", "EU", "--to", "CN", "--format", "csv");
    assertEquals(0, ok.code(), ok.err());
  }
}
