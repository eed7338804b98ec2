package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void aLineSaysHowFarWithAShareWhenTheTotalIsKnownAndDoneOnlyAtTheEnd() {
    Progress p = new Progress("ingest jsonl", 0, null);
    p.total(1000);
    p.at(400); // resumed 400 bytes in
    p.step(80);
    assertEquals("ingest jsonl [##############                ] 48% 480/1000  12.3s", p.line(false, 12.34));
    p.step(520);
    assertEquals("ingest jsonl [##############################] 100% 1000/1000 done  20.0s", p.line(true, 20));
    Progress unknown = new Progress("cluster", 0, null);
    unknown.step(7);
    assertEquals("cluster 7 so far  1.0s", unknown.line(false, 1));
    assertEquals("cluster 7 done  1.0s", unknown.line(true, 1));
    // what the bar counts, and what the job made with its rate from the first count (a resumed run starts at 40)
    Progress ingest = new Progress("ingest feed", 0, null).unit("bytes");
    ingest.at(900);
    ingest.count(40, "items");
    ingest.count(52, "items");
    assertEquals("ingest feed 900 bytes, 52 items (4/s) done  3.0s", ingest.line(true, 3));
  }

  @Test
  void inALogTheFinalLineEndsTheOutput() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Progress p = new Progress("import", 10, new PrintStream(b, true, StandardCharsets.UTF_8));
    p.step(5); // well inside the interval between log lines: nothing yet
    p.step(5);
    p.finish();
    String out = b.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("import [##############################] 100% 10/10 done"), out);
    assertTrue(out.endsWith("s\n"), out);
  }
}
