package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files an outside check brings to `eval`: labelled pairs in its own words, and an export to score them against. */
class EvalFilesTest {
  @TempDir Path tmp;

  @Test
  void pairsAreReadUnderOtherHeaderNamesLabelWordsAndRecordPrefixes() throws Exception {
    String csv = "\uFEFFnote,AIID,Label,AIAAIC\nx,aiid:14,same,aiaaic:aiaaic080\ny,15,No,AIAAIC081\nz,16,true,AIAAIC082\n"
        + "again,14,1,AIAAIC080\n";
    Path f = Files.writeString(tmp.resolve("p.csv"), csv, StandardCharsets.UTF_8);
    List<Eval.Pair> p = Eval.readPairs(f);
    assertEquals(List.of(new Eval.Pair("14", "AIAAIC080", true), new Eval.Pair("15", "AIAAIC081", false),
        new Eval.Pair("16", "AIAAIC082", true)), p, "the same pair twice with one label counts once");
  }

  @Test
  void aBadPairsFileIsNamedByLineAndField() {
    assertError("aiid_id,aiaaic_id,same_event\n14,AIAAIC080,1\n15,AIAAIC081,maybe\n",
        "line 3: same_event 'maybe' is not a label; use 1 or 0 (or true/false, yes/no, same/different)");
    assertError("a,b,c\n1,2,3\n", "line 1: no column for the AIID incident id; the header needs one of aiid_id, aiid, aiid_incident_id,"
        + " aiid_incident, and has a, b, c");
    assertError("aiid_id,aiaaic_id,same_event\n14,AIAAIC080\n", "line 2: 2 values, but same_event is column 3");
    assertError("aiid_id,aiaaic_id,same_event\n14,,1\n", "line 2: aiaaic_id is empty");
    assertError("aiid_id,aiaaic_id,same_event\nfourteen,AIAAIC080,1\n", "line 2: aiid_id 'fourteen' is not an AIID incident number");
    assertError("aiid_id,aiaaic_id,same_event\n14,AIAAIC080,1\n14,aiaaic080,0\n",
        "line 3: the pair 14 ~ AIAAIC080 is labelled the other way on an earlier line");
    IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
        () -> Eval.readPairs(new StringReader("aiid_id,aiaaic_id,same_event\n14,\"AIAAIC080,1\n")));
    assertTrue(quote.getMessage().startsWith("malformed CSV near line "), quote.getMessage());
  }

  @Test
  void aByteThatIsNotUtf8IsNamedByItsLine() throws Exception {
    byte[] head = "aiid_id,aiaaic_id,same_event\n14,AIAAIC080,1\n15,AIAAIC".getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(head, head.length + 5);
    all[head.length] = (byte) 0xFF;
    System.arraycopy("81,1\n".getBytes(StandardCharsets.US_ASCII), 0, all, head.length + 1, 4);
    Path f = Files.write(tmp.resolve("bad.csv"), all);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eval.readPairs(f));
    assertTrue(e.getMessage().startsWith("line 3: not valid UTF-8"), e.getMessage());
  }

  /** eval reads these files whole, so one past the cap is refused before it is read. */
  @Test
  void aFileOverTheCapIsRefusedBeforeItIsRead() throws Exception {
    Path f = Files.write(tmp.resolve("big.csv"), new byte[(2 << 20) + 1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eval.csvText(f, 2 << 20));
    assertTrue(e.getMessage().startsWith("larger than 2 MiB, which eval reads whole"), e.getMessage());
    assertEquals(2 << 20, Eval.csvText(Files.write(tmp.resolve("ok.csv"), new byte[2 << 20]), 2 << 20).length());
  }

  @Test
  void anExportIsScoredAsTheStoreWouldBe() throws Exception {
    String export = "source,source_id,incident_id,title\naiid,14,1,a\naiaaic,AIAAIC080,1,b\naiid,15,2,c\naiaaic,aiaaic081,3,d\n"
        + "jsonl,https://x.org/1,1,e\naiid,16,4,f\naiaaic,AIAAIC082,4,g\n";
    Map<String, Long> inc = Eval.incidentsOfExport(new StringReader(export));
    assertEquals(6, inc.size(), "other sources are left out: " + inc);
    assertEquals(3L, inc.get("aiaaic:AIAAIC081"), "AIAAIC ids in any case");
    List<Eval.Pair> pairs = List.of(new Eval.Pair("14", "AIAAIC080", true), new Eval.Pair("15", "AIAAIC081", true),
        new Eval.Pair("16", "AIAAIC082", false), new Eval.Pair("17", "AIAAIC083", false), new Eval.Pair("14", "AIAAIC081", false));
    Eval.Linkage l = Eval.linkage(inc, pairs);
    assertEquals(List.of(1, 1, 1, 2, 1), List.of(l.tp(), l.fp(), l.fn(), l.tn(), l.missing()));
    assertEquals(0.5, l.precision(), 1e-9);
    assertEquals(List.of("missed: aiid 15 ~ AIAAIC081", "false link: aiid 16 ~ AIAAIC082"), l.errors());
  }

  @Test
  void aBadExportIsNamedByLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Eval.incidentsOfExport(new StringReader("source,source_id,incident_id\naiid,1,7\naiid,2,seven\n")));
    assertEquals("line 3: incident_id 'seven' is not a number", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Eval.incidentsOfExport(new StringReader("source,source_id,incident_id\naiid,1,7\naiid,1,8\n")));
    assertEquals("line 3: aiid record 1 is in incident 8 here and in incident 7 on an earlier line", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Eval.incidentsOfExport(new StringReader("source,id\naiid,1\n")));
    assertTrue(e.getMessage().startsWith("line 1: no column for its id in that source; the header needs one of source_id"), e.getMessage());
  }

  /** The export's AIID rows score the classifier as `eval --snapshot` scores a store: unseen incidents apart from trained ones. */
  @Test
  void anExportsRiskDomainsAreScoredAgainstItsLabels() throws Exception {
    String d1 = "1. Discrimination & Toxicity", d7 = "7. AI System Safety, Failures, & Limitations";
    String export = "source,source_id,incident_id,risk_domain,risk_domain_label,risk_domain_confidence\n"
        + "aiid,9001,1,\"" + d1 + "\",\"" + d1 + "\",0.91\n"
        + "aiid,9002,2,\"" + d1 + "\",\"" + d7 + "\",0.40\n"
        + "aiid,9003,3,\"" + d7 + "\",\"" + d7 + "\",\n"
        + "aiid,9004,4,\"" + d7 + "\",,0.5\n"
        + "aiaaic,AIAAIC1,1,\"" + d7 + "\",\"" + d1 + "\",0.5\n"
        + "aiid,1,5,\"" + d1 + "\",\"" + d1 + "\",0.99\n";
    Map<String, Object> m = Eval.exportPredictions(new StringReader(export), java.util.Set.of("1"));
    assertEquals(4, m.get("labelled_aiid_incidents"), "AIID rows with a label only: " + m);
    Map<?, ?> unseen = (Map<?, ?>) m.get("unseen");
    assertEquals(3, unseen.get("incidents"));
    assertEquals(2 / 3.0, (Double) unseen.get("accuracy"), 1e-9);
    assertEquals((2 / 3.0 + 2 / 3.0) / 2, (Double) unseen.get("macro_f1"), 1e-9, "F1 2/3 for each domain");
    assertEquals(1, ((Map<?, ?>) m.get("seen_in_training")).get("incidents"));
    assertNull(Eval.exportPredictions(new StringReader("source,source_id,incident_id\naiid,1,1\n"), java.util.Set.of()),
        "an export without the label column has nothing to score");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eval.exportPredictions(new StringReader(
        "source,source_id,risk_domain,risk_domain_label,risk_domain_confidence\naiid,9,x,y,high\n"), java.util.Set.of()));
    assertEquals("line 2: risk_domain_confidence 'high' is not a number", e.getMessage());
  }

  private static void assertError(String csv, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eval.readPairs(new StringReader(csv)));
    assertEquals(message, e.getMessage());
  }

  /** Outside QA, 2026-12-07: lines are the file's lines; nothing to score is said; 023 is 23; a pair whose record is absent says so. */
  @Test
  void linesAreTheFilesAndEmptyOrAbsentInputIsSaid() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Eval.readPairs(new StringReader("aiid_id,aiaaic_id,same_event\n23,AIAAIC0121,1\n\n4,AIAAIC0187,maybe\n")));
    assertTrue(e.getMessage().startsWith("line 4: "), "past a blank line: " + e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Eval.readPairs(new StringReader(
        "aiid_id,aiaaic_id,same_event,note\r\n23,AIAAIC0121,1,\"two\r\nlines\"\r\n4,AIAAIC0187,maybe,x\r\n")));
    assertTrue(e.getMessage().startsWith("line 4: "), "past a cell holding a line break: " + e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Eval.readPairs(new StringReader("aiid_id,aiaaic_id,same_event\r\n\r\n")));
    assertTrue(e.getMessage().contains("holds no labelled pair"), e.getMessage());
    assertEquals(List.of(new Eval.Pair("23", "AIAAIC0121", true)), Eval.readPairs(new StringReader("aiid_id,aiaaic_id,same_event\n023,AIAAIC0121,1\n23,AIAAIC0121,1\n")),
        "023 is incident 23: one pair");
    // an unclustered record (empty incident_id) is in no incident; it no longer stops the whole score
    Map<String, Long> inc = Eval.incidentsOfExport(new StringReader("source,source_id,incident_id\naiid,23,5\naiaaic,AIAAIC0121,5\naiaaic,AIAAIC0999,\n"));
    assertEquals(Map.of("aiid:23", 5L, "aiaaic:AIAAIC0121", 5L), inc);
    Eval.Linkage l = Eval.linkage(inc, List.of(new Eval.Pair("23", "AIAAIC0121", true), new Eval.Pair("99999", "AIAAIC0121", true)));
    assertEquals(1, l.tp());
    assertEquals(1, l.fn());
    assertEquals(List.of("missed: aiid 99999 ~ AIAAIC0121 (aiid 99999 is not there)"), l.errors());
    e = assertThrows(IllegalArgumentException.class, () -> Eval.incidentsOfExport(new StringReader("source,source_id,incident_id\naiid,1,7\n\naiid,2,seven\n")));
    assertTrue(e.getMessage().startsWith("line 4: "), e.getMessage());
  }

  /** A label outside MIT's seven domains is named: it is scored as a class of its own (outside QA: 0.988 fell to 0.846). */
  @Test
  void anExportsLabelOutsideTheSevenDomainsIsNamed() throws Exception {
    String export = "source,source_id,incident_id,risk_domain,risk_domain_label\naiid,1,1,3. Misinformation,3. Misinformation\n"
        + "aiid,2,2,3. Misinformation,8. Made up\naiid,3,3,7. AI system safety,Privacy and security\n";
    Map<String, Object> scored = Eval.exportPredictions(new StringReader(export), java.util.Set.of());
    assertEquals("labels outside MIT's seven risk domains are scored as classes of their own: 8. Made up", Eval.exportNote(scored));
    assertTrue(Eval.mitDomain("Privacy and security") && Eval.mitDomain("7. AI system safety") && !Eval.mitDomain("8. Made up") && !Eval.mitDomain("Weather"));
  }
}
