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
    assertTrue(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 0, "unseen", Map.of("incidents", 0))).contains("no MIT risk-domain labels"));
    assertTrue(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 5, "unseen", Map.of("incidents", 0))).contains("not a held-out score"));
    assertNull(Eval.snapshotNote(Map.of("labelled_aiid_incidents", 5, "unseen", Map.of("incidents", 2))));
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
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("note: the snapshot carries no MIT risk-domain labels"), err.toString(StandardCharsets.UTF_8));
  }
}
