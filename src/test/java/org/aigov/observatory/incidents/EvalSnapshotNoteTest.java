package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval --snapshot says when there is nothing to score, or nothing held out, instead of printing figures of 0 incidents. */
class EvalSnapshotNoteTest {
  @TempDir Path tmp;

  @Test
  void notesNameWhatTheFiguresAreNot() {
    assertTrue(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 0, "unseen", Map.of("incidents", 0))).contains("no MIT risk-domain label could be read"));
    assertTrue(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 30, "unseen", Map.of("incidents", 30, "accuracy", 0.0, "support", Map.of("Safety", 30))))
        .contains("no prediction matched a label in \"unseen\""));
    assertTrue(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 5, "unseen", Map.of("incidents", 0))).contains("not a held-out score"));
    assertNull(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 5, "unseen", Map.of("incidents", 2))));
  }

  private record Run(int rc, String out, String err) {}

  private static Run eval(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    PrintStream o = System.out, e = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int rc = new picocli.CommandLine(new EvalCommand()).execute(args);
      return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  /** The ingest's own messages are printed (they had been counted only), and a folder that is no snapshot is one line. */
  @Test
  void theIngestsMessagesArePrintedAndAFolderWithoutIncidentsIsOneLine() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    Path mit = snap.resolve("classifications_MIT.csv");
    Files.writeString(mit, Files.readString(mit).replaceFirst("Incident ID", "Incident"));
    Run r = eval("--snapshot", snap.toString(), "--aiaaic", "none");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("  error at classifications_MIT.csv line 1: no 'Incident ID' column in its header"), r.out());
    Files.createDirectories(tmp.resolve("empty"));
    Run none = eval("--snapshot", tmp.resolve("empty").toString(), "--aiaaic", "none");
    assertEquals(2, none.rc());
    assertEquals("error: no incidents.csv in " + tmp.resolve("empty"), none.err().strip());
  }

  /** An archive is unpacked for the run and removed after it. */
  @Test
  void anArchivesUnpackedFilesAreRemovedAfterScoring() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    Path zip = Fixtures.zipOf(snap, tmp.resolve("aiid.zip"));
    Path sys = Path.of(System.getProperty("java.io.tmpdir"));
    java.util.Set<Path> before = evalDirs(sys);
    Run r = eval("--snapshot", zip.toString(), "--aiaaic", "none");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("\"labelled_aiid_incidents\":"), r.out());
    assertEquals(before, evalDirs(sys), "tests run one at a time: nothing else makes these folders meanwhile");
  }

  private static java.util.Set<Path> evalDirs(Path dir) throws java.io.IOException {
    try (var l = Files.list(dir)) {
      return l.filter(p -> p.getFileName().toString().startsWith("eval-snapshot")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void aSnapshotWithoutLabelsSaysSo() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    Files.delete(snap.resolve("classifications_MIT.csv"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    PrintStream o = System.out, e = System.err;
    int rc;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      rc = new picocli.CommandLine(new EvalCommand()).execute("--snapshot", snap.toString(), "--aiaaic", "none");
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"labelled_aiid_incidents\":0"), out.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("note: no MIT risk-domain label could be read"), err.toString(StandardCharsets.UTF_8));
  }
}
