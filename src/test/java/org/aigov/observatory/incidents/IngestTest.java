package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
  @TempDir Path tmp;

  static long count(Db db, String sql) {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  static String one(Db db, String sql) {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  /** A UTF-16 file (a spreadsheet's "Unicode text") is refused by name, whichever byte order. */
  @Test
  void aUtf16FileIsRefusedByName() throws Exception {
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE)) {
      Path f = tmp.resolve("wide-" + cs.name() + ".csv");
      byte[] body = "AIAAIC ID#,Headline\n".getBytes(cs);
      if (cs.equals(StandardCharsets.UTF_16LE)) body = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, body);
      Files.write(f, body);
      try (Db db = Fixtures.db()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString()));
        assertTrue(e.getMessage().matches(".* is UTF-16 \\(it starts with the byte-order mark (FE FF|FF FE)\\); save it as UTF-8 and ingest it again"), e.getMessage());
      }
    }
  }

  /** Without the mark, as some tools write it: known by the NUL beside each ASCII character (it had been read as NUL-laden JSON). */
  @Test
  void aUtf16FileWithoutAByteOrderMarkIsRefusedByName() throws Exception {
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      Path f = tmp.resolve("wide-" + cs.name() + ".jsonl");
      Files.write(f, "{\"url\":\"https://a.example/1\",\"title\":\"t\"}\n".getBytes(cs));
      try (Db db = Fixtures.db()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString()));
        assertTrue(e.getMessage().contains("looks like UTF-16 without a byte-order mark (" + (cs.equals(StandardCharsets.UTF_16LE) ? "little" : "big") + "-endian"),
            e.getMessage());
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void aiidSnapshotWithTaxonomyAndReportsIsIngestedIdempotently() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      Ingest.Report r = in.run("aiid", snap.toString());
      assertEquals(10, r.inserted, r.toString()); // 9 incidents + 1 good report
      assertEquals(1, r.errors, r.messages.toString());
      // a folder holds two CSV files: the error names the file, the line and the column
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("reports.csv line 3") && m.contains("date_published: ") && m.contains("not-a-date")),
          r.messages.toString());
      // a single file is named as it is called, not as the snapshot calls it (it said "reports.csv line 3" for any name)
      Path single = java.nio.file.Files.copy(snap.resolve("reports.csv"), tmp.resolve("aiid-download.csv"));
      Ingest.Report alone = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", single.toString());
      assertTrue(alone.messages.stream().anyMatch(m -> m.contains("aiid-download.csv line 3") && m.contains("not-a-date")), alone.messages.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, "SELECT risk_domain_label FROM incident_records WHERE source='aiid' AND source_id='1'"));
      assertNotNull(one(db, "SELECT risk_domain FROM incident_records WHERE source='aiid' AND source_id='1'"));
      assertEquals("Alex Hern", one(db, "SELECT authors FROM incident_records WHERE source='aiid-report'"));
      assertEquals("theguardian.com", one(db, "SELECT outlet FROM incident_records WHERE source='aiid-report'"));
      assertEquals("2017-10-24", one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE source='aiid-report'"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_aiid_report_links WHERE report_number = 1000001 AND aiid_incident = '72'"));
      // again: nothing new, nothing lost
      Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(0, again.inserted);
      assertEquals(10, again.unchanged);
      assertEquals(10, count(db, "SELECT COUNT(*) FROM incident_records"));
      // an edited title in a newer snapshot updates the record in place
      String csv = Files.readString(snap.resolve("incidents.csv")).replace("Biased Google Image Results", "Biased Google Image Results (edited)");
      Files.writeString(snap.resolve("incidents.csv"), csv);
      Ingest.Report edited = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(1, edited.updated, edited.toString());
      assertEquals("Biased Google Image Results (edited)", one(db, "SELECT title FROM incident_records WHERE source='aiid' AND source_id='53'"));
    }
  }

  @Test
  void newerAiidSnapshotShapeColumnsInAnyOrderWithImplicatedSystems() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Files.createDirectories(tmp.resolve("newer"));
      Files.writeString(snap.resolve("incidents.csv"), "incident_id,title,implicated_systems,editor_notes,date,description,reports,"
          + "Alleged deployer of AI system,Alleged developer of AI system,Alleged harmed or nearly harmed parties,_id\n"
          + "1001,Chatbot gives dangerous advice,\"[\"\"chatgpt\"\",\"\"gpt-4o\"\"]\",an editor's note,2025-06-01,"
          + "A chatbot told a user to stop taking medication.,[5001],\"[\"\"openai\"\"]\",\"[\"\"openai\"\"]\",\"[\"\"patients\"\"]\",x1\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(1, r.inserted, r.toString());
      assertEquals(0, r.errors, r.messages.toString());
      assertEquals("Chatbot gives dangerous advice", one(db, "SELECT title FROM incident_records WHERE source='aiid' AND source_id='1001'"));
      assertEquals("2025-06-01", one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE source_id='1001'"));
      String systems = one(db, "SELECT systems FROM incident_records WHERE source_id='1001'");
      assertTrue(systems.contains("chatgpt") && systems.contains("gpt-4o"), systems);
    }
  }

  @Test
  void storedPredictionsAreScoredAgainstASnapshotsLabelsSeparatelyForUnseenIncidents() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("scored"));
      // incident 337 (labelled 5. Human-Computer Interaction) becomes 9337: not among the training labels
      for (String f : new String[] {"incidents.csv", "classifications_MIT.csv"}) {
        String csv = Files.readString(snap.resolve(f));
        Files.writeString(snap.resolve(f), csv.replaceFirst(f.startsWith("inc") ? ",337," : "MIT,337,", f.startsWith("inc") ? ",9337," : "MIT,9337,"));
      }
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      java.util.Set<String> training = new java.util.HashSet<>();
      for (RiskModel.Example e : RiskModel.bundledExamples()) training.add(e.id());
      Map<String, Object> r = Eval.storedPredictions(db, training);
      assertEquals(9, r.get("labelled_aiid_incidents"), r.toString());
      Map<?, ?> unseen = (Map<?, ?>) r.get("unseen"), seen = (Map<?, ?>) r.get("seen_in_training");
      assertEquals(1, unseen.get("incidents"), r.toString());
      assertEquals(8, seen.get("incidents"), r.toString());
      assertEquals(Map.of("5. Human-Computer Interaction", 1), unseen.get("support"));
      boolean right = "5. Human-Computer Interaction".equals(one(db, "SELECT risk_domain FROM incident_records WHERE source_id='9337'"));
      assertEquals(right ? 1.0 : 0.0, (Double) unseen.get("accuracy"), r.toString());
      assertEquals(right ? 1.0 : 0.0, (Double) unseen.get("macro_f1"), r.toString());
      // the fit on training incidents is a fit: the bundled model gets most of its own labels right
      assertTrue((Double) seen.get("accuracy") >= 0.75, r.toString());
      // with its bootstrap interval around the figure, and none wider than the scale
      double[] ci = (double[]) seen.get("macro_f1_ci95");
      double f = (Double) seen.get("macro_f1");
      assertTrue(ci[0] <= f + 0.0005 && f - 0.0005 <= ci[1] && ci[0] >= 0 && ci[1] <= 1, java.util.Arrays.toString(ci) + " around " + f);
    }
  }

  /**
   * A folder without a classifications file is no news about those labels: the stored ones stay (they had all been
   * blanked). A file that is there is the snapshot's word, even when it no longer labels an incident.
   */
  @Test
  void aFolderWithoutTheClassificationFilesKeepsTheStoredLabels() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("full"));
    Files.writeString(snap.resolve("classifications_CSETv1.csv"), "Namespace,Incident ID,Published,Sector of Deployment,Location Country (two letters)\n"
        + "CSETv1,1,TRUE,Information and communication,\"US\"\n");
    Path bare = tmp.resolve("bare");
    Files.createDirectories(bare);
    Files.copy(snap.resolve("incidents.csv"), bare.resolve("incidents.csv"));
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      String label = "SELECT risk_domain_label FROM incident_records WHERE source='aiid' AND source_id='1'";
      String facets = "SELECT countries || '|' || sectors FROM incident_records WHERE source='aiid' AND source_id='1'";
      assertEquals("1. Discrimination and Toxicity", one(db, label));
      String before = one(db, facets);
      assertTrue(before.contains("US") && before.contains("Information and communication"), before);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", bare.toString());
      assertEquals(0, r.updated, r.toString());
      assertEquals(9, r.unchanged, r.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("classifications_MIT.csv") && m.contains("kept")), r.messages.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, label));
      assertEquals(before, one(db, facets));
      // the file itself, no longer labelling incident 1: its label goes
      Files.writeString(bare.resolve("classifications_MIT.csv"), "Namespace,Incident ID,Published,Risk Domain\n");
      Ingest.Report dropped = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", bare.toString());
      assertTrue(dropped.updated >= 1, dropped.toString());
      assertNull(one(db, label));
      assertEquals(before, one(db, facets), "CSET's file is still absent: its country and sector stay");
    }
  }

  /** CSET joins ISIC sector names with commas, and two of the names it uses hold a comma of their own. */
  @Test
  void csetSectorNamesWithACommaStayWhole() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("cset"));
    Files.writeString(snap.resolve("classifications_CSETv1.csv"), "Namespace,Incident ID,Published,Sector of Deployment,Location Country (two letters)\n"
        + "CSETv1,1,TRUE,\"Arts, entertainment and recreation, information and communication, PROFESSIONAL, scientific and technical activities\",\"US, GB\"\n"
        + "CSETv1,33,TRUE,\"professional, arts\",\n");
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals("Arts, entertainment and recreation; information and communication; PROFESSIONAL, scientific and technical activities",
          one(db, "SELECT sectors FROM incident_records WHERE source = 'aiid' AND source_id = '1'"));
      assertEquals("US; GB", one(db, "SELECT countries FROM incident_records WHERE source = 'aiid' AND source_id = '1'"));
      assertEquals("professional; arts", one(db, "SELECT sectors FROM incident_records WHERE source = 'aiid' AND source_id = '33'"), "a part alone is not a name");
    }
    assertEquals("艺术、娱乐和休闲", FacetLabels.zh("sector", "arts, entertainment and recreation"));
    assertEquals("专业、科学和技术活动", FacetLabels.zh("sector", "Professional, scientific and technical activities"));
  }

  @Test
  void taxonomyHeadersAreMatchedWithoutCaseOrByteOrderMark() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("bom"));
    Path mit = snap.resolve("classifications_MIT.csv");
    Files.writeString(mit, Files.readString(mit).replaceFirst("Namespace,Incident ID,Published,Risk Domain",
        "\uFEFFnamespace,INCIDENT ID,published,risk domain"));
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, "SELECT risk_domain_label FROM incident_records WHERE source = 'aiid' AND source_id = '1'"));
    }
  }

  /**
   * A later export that renames the taxonomy's columns: spacing and underscores are no obstacle; a file whose main column
   * cannot be found is named in an error and read as no news, so the stored labels stay (it had blanked all of them).
   */
  @Test
  void aLabelsFileWithRenamedColumnsKeepsTheStoredLabelsAndSaysWhy() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("renamed"));
    Path mit = snap.resolve("classifications_MIT.csv");
    String original = Files.readString(mit);
    String label = "SELECT risk_domain_label FROM incident_records WHERE source = 'aiid' AND source_id = '1'";
    try (Db db = Fixtures.db()) {
      Files.writeString(mit, original.replaceFirst("Namespace,Incident ID,Published,Risk Domain,Risk Subdomain,Entity",
          "namespace,incident_id,published,risk_domain,Risk-Subdomain,Actor"));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, label), "incident_id and risk_domain are the same columns");
      assertEquals(1, r.warnings, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.startsWith("warning at classifications_MIT.csv line 1: no 'Entity' column")), r.messages.toString());
      Files.writeString(mit, original.replaceFirst("Risk Domain", "Risk domain (MIT)"));
      Ingest.Report renamed = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(r.errors + 1, renamed.errors, renamed.messages.toString());
      assertTrue(renamed.messages.contains("error at classifications_MIT.csv line 1: no 'Risk Domain' column in its header"), renamed.messages.toString());
      assertTrue(renamed.messages.stream().anyMatch(m -> m.contains("classifications_MIT.csv could not be read: the labels stored from an earlier snapshot are kept")),
          renamed.messages.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, label));
      Files.writeString(mit, original.replaceFirst("Incident ID", "Incident"));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals("1. Discrimination and Toxicity", one(db, label), "no id column: no news either");
    }
  }

  /** A copy of snapshot {@code snap} in {@code to} with each incidents.csv line through {@code edit} (null drops it). */
  private static Path edited(Path snap, Path to, java.util.function.UnaryOperator<String> edit) throws Exception {
    Files.createDirectories(to);
    StringBuilder text = new StringBuilder();
    for (String line : Files.readString(snap.resolve("incidents.csv")).split("\n", -1)) {
      String e = edit.apply(line);
      if (e != null) text.append(e).append('\n');
    }
    Files.writeString(to.resolve("incidents.csv"), text.toString().replaceAll("\n+$", "\n"));
    Files.copy(snap.resolve("classifications_MIT.csv"), to.resolve("classifications_MIT.csv"));
    return to;
  }

  /**
   * AIID retires an incident it declares another's duplicate: a newer snapshot drops its row and lists it in
   * duplicates.csv. The stored record stays, is named, and joins the incident it duplicates at the next clustering.
   */
  @Test
  void anIncidentANewerSnapshotRetiresAsADuplicateJoinsItsTwin() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("older"));
    Path newer = edited(snap, tmp.resolve("newer"), line -> line.matches("ObjectId\\([0-9a-f]+\\),33,.*") ? null : line);
    Files.writeString(newer.resolve("duplicates.csv"), "duplicate_incident_number,true_incident_number\n33,1\n");
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      String incidentOf = "SELECT incident_id FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.source = 'aiid' AND r.source_id = ";
      assertNotEquals(one(db, incidentOf + "'33'"), one(db, incidentOf + "'1'"));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", newer.toString());
      assertTrue(r.messages.contains("note: 1 AIID incident in the store is not in this snapshot's incidents.csv (33); kept as stored;"
          + " joined by duplicates.csv at the next clustering: 33 → 1"), r.messages.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(one(db, incidentOf + "'1'"), one(db, incidentOf + "'33'"));
      Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", newer.toString());
      assertTrue(again.messages.contains("note: 1 AIID incident in the store is not in this snapshot's incidents.csv (33); kept as stored"),
          "the link is made once: " + again.messages);
    }
  }

  /**
   * A snapshot older than the store's (its newest incident below the store's) adds what the store lacks and changes no
   * stored record, unless allowed; a newer one that retires the newest incident as a duplicate is not taken for older.
   */
  @Test
  void anOlderAiidSnapshotDoesNotPutOlderTextsBack() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("current"));
    Path older = edited(snap, tmp.resolve("older"), line -> line.matches("ObjectId\\([0-9a-f]+\\),337,.*") ? null // the newest: not yet recorded
        : line.matches("ObjectId\\([0-9a-f]+\\),72,.*") ? line.replaceFirst(",2017-10-17,", ",2017-10-01,") : line);
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      String date72 = "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE source = 'aiid' AND source_id = '72'";
      assertEquals("2017-10-17", one(db, date72));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", older.toString());
      assertEquals(1, r.kept, r.toString());
      assertEquals(0, r.updated, r.toString());
      assertTrue(r.toString().endsWith(", 1 kept as stored (older snapshot)"), r.toString());
      assertTrue(r.messages.contains("note: this snapshot is older than the store's AIID data (its newest incident is 72, the store holds 337):"
          + " it adds what the store lacks and changes no stored record; --allow-older lets it"), r.messages.toString());
      assertEquals("2017-10-17", one(db, date72), "the newer date stays");
      // retired by the snapshot as a duplicate, the newest incident is no sign of age: the snapshot's changes apply
      Files.writeString(older.resolve("duplicates.csv"), "duplicate_incident_number,true_incident_number\n337,72\n");
      Ingest.Report retired = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", older.toString());
      assertEquals(0, retired.kept, retired.toString());
      assertEquals("2017-10-01", one(db, date72));
      Files.delete(older.resolve("duplicates.csv"));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString()); // back to the current date
      Ingest allowed = new Ingest(db, Classifier.bundled(), Progress.silent());
      allowed.allowOlder = true;
      Ingest.Report forced = allowed.run("aiid", older.toString());
      assertEquals(0, forced.kept, forced.toString());
      assertEquals("2017-10-01", one(db, date72), "--allow-older: the operator's choice");
    }
  }

  @Test
  void predictionsAreCountedInTheirConfidenceBand() {
    Map<String, Map<String, Object>> b = Eval.byConfidence(List.of("a", "a", "b", "b", "c"), List.of("a", "b", "b", "b", "a"),
        List.of(0.95, 0.3, 0.6, 0.65, 0.9));
    assertEquals(Map.of("share", 0.2, "accuracy", 0.0), b.get("0.0–0.5"));
    assertEquals(Map.of("share", 0.4, "accuracy", 1.0), b.get("0.5–0.7"));
    assertEquals(null, b.get("0.7–0.9").get("accuracy"), "no prediction in the band");
    assertEquals(Map.of("share", 0.4, "accuracy", 0.5), b.get("≥0.9"));
    Map<String, Map<String, Object>> sel = Eval.selective(List.of("a", "a", "b", "b", "c"), List.of("a", "b", "b", "b", "a"),
        List.of(0.95, 0.3, 0.6, 0.65, 0.9));
    assertEquals(0.8, sel.get("≥0.5").get("coverage"));
    assertEquals(0.75, sel.get("≥0.5").get("accuracy"));
    // kept: a→a, b→b, b→b, c→a: F1 a 0.667, b 1, c 0 over the gold labels a, b, c
    assertEquals(0.556, sel.get("≥0.5").get("macro_f1"));
    assertEquals(0.4, sel.get("≥0.7").get("coverage"));
  }

  @Test
  void aDomainSpelledDifferentlyByANewerSnapshotIsScoredByItsNumber() {
    List<String> gold = List.of("1. Discrimination & Toxicity", "7. AI System Safety, Failures & Limitations", "Other");
    List<String> pred = List.of("1. Discrimination and Toxicity", "3. Misinformation", "Other");
    assertEquals(List.of(gold, List.of("1. Discrimination & Toxicity", "3. Misinformation", "Other")), Eval.folded(gold, pred));
    // labels without their number are matched by name (they had all scored 0)
    List<String> bare = List.of("Discrimination & toxicity", "AI system safety, failures, and limitations", "Misinformation");
    assertEquals(List.of(bare, List.of("Discrimination & toxicity", "AI system safety, failures, and limitations", "3. Privacy & Security")),
        Eval.folded(bare, List.of("1. Discrimination and Toxicity", "7. AI system safety, failures, and limitations", "3. Privacy & Security")));
    // one snapshot spelling a domain two ways, or once without its number, is still one domain (outside QA, 2026-12-07:
    // right answers had scored as wrong, 0.414 for 20 new incidents all predicted right)
    List<String> mixed = List.of("1. Discrimination and Toxicity", "1. Discrimination & Toxicity", "Misinformation", "3. Misinformation",
        "Malicious actors", "4. Malicious Actors & Misuse");
    List<String> right = List.of("1. Discrimination & Toxicity", "1. Discrimination & Toxicity", "3. Misinformation", "3. Misinformation",
        "4. Malicious Actors & Misuse", "4. Malicious Actors & Misuse");
    List<List<String>> f = Eval.folded(mixed, right);
    assertEquals(f.get(0), f.get(1), "every prediction right: " + f);
    assertEquals(3, new java.util.HashSet<>(f.get(0)).size(), "three domains: " + f);
    assertEquals(1.0, RiskModel.macroF1(f.get(0), f.get(1)), 1e-9);
  }

  @Test
  void aiaaicBannerSubheaderBlankDuplicateAndBadRows() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv"));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString());
      assertEquals(7, r.inserted, r.toString());
      assertEquals(3, r.errors, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("duplicate id AIAAIC")), r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("expected 20 fields, found 3")), r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("Occurred") && m.contains("20x4")), r.messages.toString());
      // each error names the file as well as the line, as AIID's do
      assertTrue(r.messages.stream().filter(m -> m.startsWith("error at ")).allMatch(m -> m.matches("error at aiaaic\\.csv line \\d+: .*")),
          r.messages.toString());
      assertEquals("USA", one(db, "SELECT countries FROM incident_records WHERE source_id='AIAAIC0586'").split(";")[0].equals("US") ? "USA" : "?");
      assertEquals(3, count(db, "SELECT COUNT(*) FROM incident_ingest_errors"));
      Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString());
      assertEquals(3, again.errors, again.toString());
      assertEquals(3, count(db, "SELECT COUNT(*) FROM incident_ingest_errors"), "the same file's errors once, not once a run");
    }
  }

  /** The folder the export comes in stands for its one CSV file; a folder with several is refused by name. */
  @Test
  void anAiaaicFolderStandsForItsOneCsvFile() throws Exception {
    Path dir = tmp.resolve("aiaaic-dir");
    Path f = Fixtures.copy("aiaaic.csv", dir.resolve("AIAAIC_Repository_Incidents.csv"));
    Files.writeString(dir.resolve("PROVENANCE.md"), "about");
    assertEquals(f, Ingest.aiaaicFile(dir));
    assertEquals(f, Ingest.aiaaicFile(f));
    Files.writeString(dir.resolve("other.csv"), "x");
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> Ingest.aiaaicFile(dir));
    assertTrue(two.getMessage().contains("2 CSV files"), two.getMessage());
  }

  /** An entry occurring in a year still to come is refused, as a report dated after tomorrow is in every other format. */
  @Test
  void anAiaaicEntryFromAFutureYearIsRefused() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = Fixtures.copy("aiaaic.csv", tmp.resolve("future.csv"));
      int next = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).getYear() + 1;
      Files.writeString(f, "AIAAIC9006,Future date," + next + ",USA" + ",".repeat(16) + "\nAIAAIC9007,This year," + (next - 1) + ",USA" + ",".repeat(16) + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("Occurred: year out of range: " + next)), r.messages.toString());
      assertEquals(0, count(db, "SELECT COUNT(*) FROM incident_records WHERE source_id = 'AIAAIC9006'"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_records WHERE source_id = 'AIAAIC9007'"));
    }
  }

  @Test
  void jsonLinesWithBadLinesDuplicatesAndMixedEncoding() throws Exception {
    try (Db db = Fixtures.db()) {
      byte[] latin = "{\"url\":\"https://example.org/caf\u00e9\",\"title\":\"Caf\u00e9 robot fails\",\"published\":\"2024-02-03\"}\n".getBytes(StandardCharsets.ISO_8859_1);
      String rest = "{\"url\":\"https://news.example.com/a\",\"title\":\"Drone strike AI targeting\",\"text\":\"Military AI.\",\"published\":\"2024-03-01\",\"outlet\":\"Example News\",\"authors\":[\"A. Writer\"]}\r"
          + "{not json}\n"
          + "{\"url\":\"https://www.news.example.com/a/\",\"title\":\"Same URL, other text\"}\n"
          + "{\"title\":\"Drone strike AI targeting\",\"text\":\"Military AI.\",\"url\":\"https://mirror.example.net/x\"}\n"
          + "{\"title\":\"No date\",\"published\":\"31/31/2024\"}\n"
          + "{\"title\":\"\u519b\u4e8b\u4eba\u5de5\u667a\u80fd\u65e0\u4eba\u673a\",\"text\":\"\u56fd\u9632\u90e8\u95e8\u4f7f\u7528\u81f4\u547d\u6027\u81ea\u4e3b\u6b66\u5668\",\"published\":\"Tue, 05 Mar 2024 10:00:00 GMT\"}\n";
      Path f = tmp.resolve("r.jsonl");
      byte[] restBytes = rest.getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[latin.length + restBytes.length];
      System.arraycopy(latin, 0, all, 0, latin.length);
      System.arraycopy(restBytes, 0, all, latin.length, restBytes.length);
      Files.write(f, all);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(3, r.inserted, r.toString());
      assertEquals(2, r.duplicates, r.toString()); // same URL; same title+text
      assertEquals(2, r.errors, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("line 3") && m.contains("malformed JSON")), r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("line 6") && m.contains("31/31/2024")), r.messages.toString());
      assertEquals(1, r.warnings);
      assertEquals("Caf\u00e9 robot fails", one(db, "SELECT title FROM incident_records WHERE url LIKE 'https://example.org/%'"));
      assertEquals("zh", one(db, "SELECT language FROM incident_records WHERE title LIKE '\u519b\u4e8b%'"));
      assertEquals("2024-03-05", one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE title LIKE '\u519b\u4e8b%'"));
    }
  }

  /** Two names of one field that disagree are refused by name; that agree, accepted (one would have been dropped silently). */
  @Test
  void twoSpellingsOfOneFieldMustAgree() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = tmp.resolve("alias.jsonl");
      Files.writeString(f, "{\"source_id\":\"a\",\"title\":\"Dates differ\",\"date\":\"2024-01-01\",\"published\":\"2023-01-01\"}\n"
          + "{\"source_id\":\"b\",\"title\":\"Texts differ\",\"text\":\"x\",\"body\":\"y\"}\n"
          + "{\"id\":\"c1\",\"source_id\":\"c2\",\"title\":\"Ids differ\"}\n"
          + "{\"source_id\":\"d\",\"title\":\"Outlets differ\",\"outlet\":\"A\",\"source_domain\":\"b.example\"}\n"
          + "{\"source_id\":\"e\",\"title\":\"Dates agree\",\"date\":\"2024-01-01\",\"published\":\"2024-01-01\",\"text\":\"same\",\"description\":\"same\"}\n",
          StandardCharsets.UTF_8);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(1, r.inserted, r.messages.toString());
      assertEquals(4, r.errors, r.messages.toString());
      for (String[] lf : new String[][] {{"line 1", "date: 'date' and 'published'"}, {"line 2", "body: 'body' and 'text'"}, {"line 3", "id: 'id' and 'source_id'"},
          {"line 4", "source_domain: 'source_domain' and 'outlet'"}})
        assertTrue(r.messages.stream().anyMatch(m -> m.contains(lf[0]) && m.contains(lf[1])), lf[1] + " in " + r.messages);
      assertEquals("2024-01-01", one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE source_id = 'e'"));
    }
  }

  /** One oversized line, two objects on a line: each an error by line, and the rest of the file still stored. */
  @Test
  void jsonlLinesThatCannotBeStoredAreReportedAndTheRestIngested() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = tmp.resolve("odd.jsonl");
      String huge = "{\"source_id\":\"big\",\"title\":\"" + "x".repeat(CsvStream.MAX_RECORD_BYTES + 10) + "\"}";
      Files.writeString(f, "{\"source_id\":\"a\",\"title\":\"First report about a chatbot\",\"url\":\"https://odd.example/a\"}\n" + huge + "\n"
          + "{\"source_id\":\"b\",\"title\":\"Second report about a robot\",\"url\":\"https://odd.example/b\"} {\"source_id\":\"c\",\"title\":\"hidden\"}\n"
          + "{\"source_id\":\"d\",\"title\":\"Fourth report about a drone\",\"url\":\"https://odd.example/d\"}\n", StandardCharsets.UTF_8);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(2, r.inserted, r.toString());
      assertEquals(2, r.errors, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("line 2") && m.contains("over the")), r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("line 3") && m.contains("malformed JSON at column 87: text after the JSON object")), r.messages.toString());
      assertEquals("First report about a chatbot", one(db, "SELECT title FROM incident_records WHERE source_id = 'a'"));
      // a parse error in the sender's terms, not Jackson's; a country no gazetteer entry names is an error naming the field
      Path plain = tmp.resolve("plain.jsonl");
      Files.writeString(plain, "{\"source_id\":\"g\",\"title\":\"x\"\n{\"source_id\":\"h\",\"title\":\"Country report\",\"countries\":[\"XX\"]}\n"
          + "{\"source_id\":\"i\",\"title\":\"Ninth report about a drone\",\"countries\":[\"fr\", \"Germany\"]}\n", StandardCharsets.UTF_8);
      Ingest.Report pr = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", plain.toString());
      assertEquals(1, pr.inserted, pr.messages.toString());
      assertTrue(pr.messages.stream().anyMatch(m -> m.contains("line 1") && m.contains("malformed JSON at column 29: the object is not closed")), pr.messages.toString());
      assertFalse(pr.messages.stream().anyMatch(m -> m.contains("Source:") || m.contains("Feature")), pr.messages.toString());
      assertTrue(pr.messages.stream().anyMatch(m -> m.contains("line 2") && m.contains("countries: unknown country 'XX'")), pr.messages.toString());
      assertEquals("FR; DE", one(db, "SELECT countries FROM incident_records WHERE source_id = 'i'"));
      assertEquals(1L, count(db, "SELECT COUNT(*) FROM incident_records WHERE source_id = 'd'"));
      // a field of the wrong JSON type: an error naming line and field; a whole-number id or year is text enough
      Path typed = tmp.resolve("typed.jsonl");
      Files.writeString(typed, "{\"source_id\":\"e\",\"title\":true}\n{\"source_id\":\"f\",\"title\":\"Sixth\",\"language\":\"" + "L".repeat(40) + "\"}\n"
          + "{\"source_id\":7,\"title\":\"Seventh report about a drone\",\"date\":2024}\n", StandardCharsets.UTF_8);
      Ingest.Report t = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", typed.toString());
      assertEquals(1, t.inserted, t.messages.toString());
      assertTrue(t.messages.stream().anyMatch(m -> m.contains("line 1") && m.contains("title: expected a string, found true or false")), t.messages.toString());
      assertTrue(t.messages.stream().anyMatch(m -> m.contains("line 2") && m.contains("language: expected a language tag")), t.messages.toString());
      assertEquals("2024-01-01", one(db, "SELECT CAST(pub_date AS VARCHAR(10)) FROM incident_records WHERE source_id = '7'"));
    }
  }

  /** A JSON line naming an AIID record would replace it with its few fields: an error by line, the record as it was. */
  @Test
  void aJsonLineCannotRewriteAMonitorsRecord() throws Exception {
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      String id = one(db, "SELECT source_id FROM incident_records WHERE source = 'aiid' ORDER BY id LIMIT 1");
      String title = one(db, "SELECT title FROM incident_records WHERE source = 'aiid' AND source_id = '" + id + "'");
      Path f = tmp.resolve("over.jsonl");
      Files.writeString(f, "{\"source\":\"aiid\",\"source_id\":\"" + id + "\",\"title\":\"jsonl tries to overwrite\",\"published\":\"2024-01-01\"}\n"
          + "{\"source\":\"aiaaic\",\"source_id\":\"AIAAIC9999\",\"title\":\"nor pose as AIAAIC\"}\n"
          + "{\"source\":\"wire\",\"source_id\":\"w1\",\"title\":\"An ordinary report about a robot\"}\n", StandardCharsets.UTF_8);
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(1, r.inserted, r.messages.toString());
      assertEquals(0, r.updated);
      assertEquals(2, r.errors);
      assertTrue(r.messages.get(0).contains("line 1") && r.messages.get(0).contains("ingest aiid"), r.messages.toString());
      assertEquals(title, one(db, "SELECT title FROM incident_records WHERE source = 'aiid' AND source_id = '" + id + "'"));
    }
  }

  @Test
  void interruptedIngestResumesFromCheckpointWithoutDuplicates() throws Exception {
    try (Db db = Fixtures.db()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 95; i++) {
        sb.append(Json.write(Map.of("url", "https://example.com/r/" + i, "title", "Report number " + i + " about a chatbot",
            "published", "2024-01-" + String.format("%02d", 1 + i % 28)))).append('\n');
      }
      Path f = tmp.resolve("big.jsonl");
      Files.writeString(f, sb.toString());
      Ingest first = new Ingest(db, Classifier.bundled(), Progress.silent());
      first.batch = 20;
      first.stopAfterBatches = 2; // as if killed after two committed batches
      Ingest.Report a = first.run("jsonl", f.toString());
      assertEquals(40, a.inserted);
      Ingest second = new Ingest(db, Classifier.bundled(), Progress.silent());
      second.batch = 20;
      Ingest.Report b = second.run("jsonl", f.toString());
      assertTrue(b.resumed);
      assertEquals(55, b.inserted, b.toString());
      assertEquals(55, b.items, "resumed run reads only the rest");
      assertEquals(95, count(db, "SELECT COUNT(*) FROM incident_records"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_checkpoints WHERE done = TRUE"));
    }
  }

  /**
   * A line changed between the interruption and the resume, the file's size and both ends as they were: the run starts
   * over and the change is stored (the fingerprint had been the size and the first 64 KiB, so it resumed past the edit).
   */
  @Test
  void anEditMidFileBetweenInterruptionAndResumeStartsOver() throws Exception {
    try (Db db = Fixtures.db()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 600; i++) {
        sb.append(Json.write(Map.of("source", "wire", "id", String.format("w%04d", i), "url", "https://example.com/w/" + i,
            "title", String.format("ORIGINAL %04d report on a chatbot", i), "published", "2024-01-10", "text", "x".repeat(300)))).append('\n');
      }
      Path f = tmp.resolve("edited.jsonl");
      Files.writeString(f, sb.toString());
      assertTrue(sb.indexOf("ORIGINAL 0200 ") > 65536 && sb.indexOf("ORIGINAL 0200 ") < Files.size(f) - 65536, "the edit falls between the two ends");
      Ingest first = new Ingest(db, Classifier.bundled(), Progress.silent());
      first.batch = 50;
      first.stopAfterBatches = 5;
      assertEquals(250, first.run("jsonl", f.toString()).inserted);
      String before = Ingest.fingerprint(f);
      Files.writeString(f, sb.toString().replace("ORIGINAL 0200 ", "MODIFIED 0200 "));
      Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
      assertNotEquals(before, Ingest.fingerprint(f));
      Ingest.Report b = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertFalse(b.resumed, b.toString());
      assertEquals("MODIFIED 0200 report on a chatbot", one(db, "SELECT title FROM incident_records WHERE source_id = 'w0200'"));
      assertEquals(600, count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /** The table of ids seen in a file agrees with a map of them, over random ids with repeats and a growing table. */
  @Test
  void firstLinesAgreesWithAMapOfIds() {
    java.util.Random rnd = new java.util.Random(20261206);
    for (int round = 0; round < 5; round++) {
      FirstLines t = new FirstLines();
      Map<String, Long> m = new java.util.HashMap<>();
      int n = 1 + rnd.nextInt(20000);
      for (long line = 1; line <= n; line++) {
        String id = Integer.toString(rnd.nextInt(Math.max(1, n / 2)), 36) + (rnd.nextBoolean() ? "" : "-x");
        Long expected = m.putIfAbsent(id, line);
        assertEquals(expected == null ? 0 : expected, t.putIfAbsent(id, line), "id " + id + " on line " + line);
      }
      assertEquals(m.size(), t.size());
    }
  }

  /** A key given twice in a JSON line is an error naming it, as in the API; a language tag is stored in its canonical case. */
  @Test
  void aJsonLineWithARepeatedKeyIsRefusedAndLanguageTagsAreCanonical() throws Exception {
    Path f = tmp.resolve("keys.jsonl");
    Files.writeString(f, "{\"url\":\"https://a.example/1\",\"title\":\"dup key a\",\"title\":\"dup key b\",\"published\":\"2024-01-02\"}\n"
        + "{\"url\":\"https://a.example/2\",\"title\":\"Upper-case language\",\"language\":\"EN\",\"published\":\"2024-01-02\"}\n"
        + "{\"url\":\"https://a.example/3\",\"title\":\"Region in lower case\",\"language\":\"zh-hant-tw\",\"published\":\"2024-01-02\"}\n");
    try (Db db = Fixtures.db()) {
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(1, r.errors, r.messages.toString());
      assertTrue(r.messages.get(0).contains("line 1") && r.messages.get(0).contains("field 'title' given twice"), r.messages.toString());
      assertEquals("en", one(db, "SELECT language FROM incident_records WHERE url = 'https://a.example/2'"));
      assertEquals("zh-Hant-TW", one(db, "SELECT language FROM incident_records WHERE url = 'https://a.example/3'"));
    }
  }

  /** A resumed run whose rest is all bad still read the file: it is not "nothing could be read" (exit 2, no clustering). */
  @Test
  void aResumedRunWhoseRestIsAllBadHasStillReadTheFile() throws Exception {
    try (Db db = Fixtures.db()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 40; i++) sb.append(Json.write(Map.of("url", "https://example.com/tail/" + i, "title", "Report " + i))).append('\n');
      for (int i = 0; i < 30; i++) sb.append("{not json\n");
      Path f = tmp.resolve("tail.jsonl");
      Files.writeString(f, sb.toString());
      Ingest first = new Ingest(db, Classifier.bundled(), Progress.silent());
      first.batch = 20;
      first.stopAfterBatches = 2;
      assertEquals(40, first.run("jsonl", f.toString()).inserted);
      Ingest second = new Ingest(db, Classifier.bundled(), Progress.silent());
      second.batch = 20;
      Ingest.Report b = second.run("jsonl", f.toString());
      assertTrue(b.resumed && b.errors == 30 && b.inserted == 0, b.toString());
      assertFalse(b.nothingRead());
      Ingest.Report fresh = new Ingest.Report();
      fresh.errors = 3;
      assertTrue(fresh.nothingRead(), "a run that read nothing at all still says so");
    }
  }

  /** An id repeated after the point where a run was interrupted is refused on resume, as without the interruption. */
  @Test
  void aResumedCsvRunRefusesAnIdRepeatedFromBeforeTheInterruption() throws Exception {
    try (Db db = Fixtures.db()) {
      List<String> head = Files.readAllLines(Fixtures.copy("aiaaic.csv", tmp.resolve("head.csv"))).subList(0, 3);
      StringBuilder sb = new StringBuilder(String.join("\n", head)).append('\n');
      for (int i = 0; i < 60; i++) sb.append("AIAAIC9").append(String.format("%03d", i)).append(",Chatbot incident number ").append(i)
          .append(",2024,USA,Technology,,Acme,Acmebot,Chatbot,Chat,,Safety,,,,,,,,https://example.org/").append(i).append('\n');
      sb.append("AIAAIC9003,DUPLICATE id that must be skipped,2024,USA,Technology,,Acme,Acmebot,Chatbot,Chat,,Safety,,,,,,,,https://example.org/dup\n");
      Path f = tmp.resolve("resume.csv");
      Files.writeString(f, sb.toString());
      Ingest first = new Ingest(db, Classifier.bundled(), Progress.silent());
      first.batch = 20;
      first.stopAfterBatches = 2; // as if killed after two committed batches
      assertEquals(40, first.run("aiaaic", f.toString()).inserted);
      Ingest second = new Ingest(db, Classifier.bundled(), Progress.silent());
      second.batch = 20;
      Ingest.Report b = second.run("aiaaic", f.toString());
      assertTrue(b.resumed);
      assertEquals(20, b.inserted, b.toString());
      assertEquals(0, b.updated, b.toString());
      assertTrue(b.messages.stream().anyMatch(m -> m.contains("duplicate id AIAAIC9003")), b.messages.toString());
      assertEquals("Chatbot incident number 3", one(db, "SELECT title FROM incident_records WHERE source_id = 'AIAAIC9003'"));
    }
  }

  @Test
  void anAiaaicYearRangeThatEndsBeforeItStartsIsRefused() throws Exception {
    try (Db db = Fixtures.db()) {
      List<String> head = Files.readAllLines(Fixtures.copy("aiaaic.csv", tmp.resolve("head2.csv"))).subList(0, 3);
      Path f = tmp.resolve("range.csv");
      Files.writeString(f, String.join("\n", head) + "\nAIAAIC9100,Backwards,2024-2018,USA,,,,,,,,,,,,,,,,\nAIAAIC9101,Forwards,2018-2024,USA,,,,,,,,,,,,,,,,\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString());
      assertEquals(1, r.inserted, r.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("line 4") && m.contains("ends before it starts")), r.messages.toString());
    }
  }

  @Test
  void aMalformedListInIncidentsCsvNamesTheFileAndTheColumn() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("badlist"));
      String csv = Files.readString(snap.resolve("incidents.csv"));
      Files.writeString(snap.resolve("incidents.csv"), csv.replaceFirst("\"\\[\"\"", "\"[oops \"\""));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("incidents.csv line") && m.contains("malformed JSON list")
          && (m.contains("alleged deployer of ai system: ") || m.contains("alleged developer of ai system: ") || m.contains("alleged harmed"))),
          r.messages.toString());
    }
  }

  @Test
  void aRunawayFileIsCountedInFullAndListedInPart() throws Exception {
    try (Db db = Fixtures.db()) {
      // the good line first: a file whose first lines are none of them JSON stops after five (aCsvFileGivenAsJsonLinesStopsWithOneHint)
      StringBuilder sb = new StringBuilder("{\"title\":\"The one good line\",\"url\":\"https://runaway.example/1\"}\n");
      for (int i = 0; i < Ingest.MAX_LISTED_ERRORS + 500; i++) sb.append("{not json ").append(i).append("}\n");
      Path f = tmp.resolve("runaway.jsonl");
      Files.writeString(f, sb.toString());
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(Ingest.MAX_LISTED_ERRORS + 500, r.errors);
      assertEquals(1, r.inserted);
      assertEquals(Ingest.MAX_LISTED_ERRORS + 1, count(db, "SELECT COUNT(*) FROM incident_ingest_errors"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_ingest_errors WHERE message LIKE 'more than%not listed'"));
    }
  }

  static long lookupIndexes(Db db) {
    return count(db, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE LOWER(TABLE_NAME) IN ('incident_records', 'incident_record_keys')"
        + " AND LOWER(INDEX_NAME) IN ('incident_records_src', 'incident_record_keys_k', 'incident_records_updated')");
  }

  /** 40 distinct reports with duplicates by URL, by text and by (source, source_id) in the middle. */
  static Path bulkFile(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(Json.write(Map.of("url", "https://example.com/b/" + i, "title", "Bulk report " + i + " on a hiring algorithm",
          "published", "2023-05-" + String.format("%02d", 1 + i % 28)))).append('\n');
      if (i == 17) sb.append(Json.write(Map.of("url", "https://www.example.com/b/3/", "title", "Other words, same page"))).append('\n');
      if (i == 23) sb.append(Json.write(Map.of("url", "https://mirror.example.org/z", "title", "BULK report 5  on a hiring algorithm"))).append('\n');
      if (i == 29) sb.append(Json.write(Map.of("source_id", "k1", "url", "https://example.com/k1", "title", "Keyed report, first version"))).append('\n');
      if (i == 33) sb.append(Json.write(Map.of("source_id", "k1", "url", "https://example.com/k1", "title", "Keyed report, second version"))).append('\n');
    }
    Path f = dir.resolve("bulk.jsonl");
    Files.writeString(f, sb.toString());
    return f;
  }

  /** Review of 2026-12-04: the bar moved once per committed batch, so a 989-record AIID file logged nothing for 25 s. */
  @Test
  void progressMovesPerItemWithinABatch() throws Exception {
    Path f = bulkFile(tmp);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (Db db = Fixtures.db()) {
      Ingest in = new Ingest(db, Classifier.bundled(), new Progress("ingest jsonl", 0, new java.io.PrintStream(out, true, StandardCharsets.UTF_8), 0L));
      assertEquals(44, in.run("jsonl", f.toString()).items); // one batch of 5,000 holds them all
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    long size = Files.size(f);
    assertTrue(lines.size() > 20, "a line at every item's step, not one per batch: " + lines);
    assertTrue(lines.stream().filter(l -> !l.endsWith("done") && !l.contains("done ")).anyMatch(l -> l.matches(".*\\] \\d{1,2}% .*")),
        "some lines are part-way: " + lines);
    // bytes read and items made, with their rate (outside QA, 2026-12-07: the bar was a bare number)
    assertTrue(lines.get(lines.size() - 1).matches(".* 100% " + size + "/" + size + " bytes, 44 items \\(\\d+/s\\) done .*"), lines.get(lines.size() - 1));
  }

  @Test
  void bulkLoadIntoAnEmptyStoreFindsTheSameDuplicatesAndRestoresTheIndexes() throws Exception {
    Path f = bulkFile(tmp);
    String[] outcomes = new String[2];
    for (int mode = 0; mode < 2; mode++) {
      try (Db db = Fixtures.db()) {
        assertEquals(3, lookupIndexes(db));
        Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
        in.batch = 8;
        in.bulkLoad = mode == 0;
        Ingest.Report r = in.run("jsonl", f.toString());
        assertEquals(41, r.inserted, r.toString()); // 40 + k1
        assertEquals(2, r.duplicates, r.toString()); // same URL; same normalised text
        assertEquals(1, r.updated, r.toString()); // k1's second version
        assertEquals("Keyed report, second version", one(db, "SELECT title FROM incident_records WHERE source_id = 'k1'"));
        assertEquals(3, lookupIndexes(db), "look-up indexes are back after the load");
        assertThrows(RuntimeException.class, () -> db.tx(c -> {
          try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO incident_records (source, source_id, content_hash, version_hash, ingested_at, updated_at)"
                + " VALUES ('jsonl', 'k1', 'x', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
          }
          return null;
        }), "the unique (source, source_id) index is enforced again");
        // classification done on the worker threads is the classifier's answer for that record
        for (String line : Files.readAllLines(f)) {
          Rec rec = Ingest.JsonlSource.fromJson(Json.MAPPER.readTree(line), "jsonl");
          Classifier.Result want = Classifier.bundled().classify(rec);
          String stored = one(db, "SELECT risk_domain || '/' || COALESCE(risk_layers, '') FROM incident_records WHERE title = '" + rec.title.replace("'", "''") + "'");
          if (stored != null) assertEquals(want.domain() + "/" + String.join("; ", want.layers()), stored, rec.title);
          String conf = one(db, "SELECT risk_domain_confidence FROM incident_records WHERE title = '" + rec.title.replace("'", "''") + "'");
          if (stored != null) assertEquals((float) want.confidence(), Float.parseFloat(conf), 1e-6, rec.title);
        }
        outcomes[mode] = one(db, "SELECT LISTAGG(source_id || ':' || title || ':' || risk_domain, '|') WITHIN GROUP (ORDER BY id) FROM incident_records");
        // a second run over the same file adds nothing
        Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
        assertEquals(0, again.inserted, again.toString());
        assertEquals(41, count(db, "SELECT COUNT(*) FROM incident_records"));
      }
    }
    assertEquals(outcomes[1], outcomes[0], "bulk mode stores exactly what the indexed path stores");
  }

  @Test
  void interruptedBulkLoadLeavesTheIndexesInPlaceAndResumes() throws Exception {
    Path f = bulkFile(tmp);
    try (Db db = Fixtures.db()) {
      Ingest first = new Ingest(db, Classifier.bundled(), Progress.silent());
      first.batch = 5;
      first.stopAfterBatches = 2;
      Ingest.Report a = first.run("jsonl", f.toString());
      assertEquals(10, a.inserted, a.toString());
      assertEquals(3, lookupIndexes(db));
      Ingest.Report b = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertTrue(b.resumed);
      assertEquals(31, b.inserted, b.toString());
      assertEquals(41, count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  @Test
  void anIndexDroppedByAKilledBulkLoadComesBackAtTheNextRun() throws Exception {
    try (Db db = Fixtures.db()) {
      db.tx(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP INDEX incident_records_src");
          s.execute("DROP INDEX incident_record_keys_k");
        }
        return null;
      });
      assertEquals(1, lookupIndexes(db));
      Ingest.ensureIndexes(db);
      assertEquals(3, lookupIndexes(db));
    }
  }

  @Test
  void unknownFormatAndMissingFileAreClearErrors() {
    try (Db db = Fixtures.db()) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.run("xml", "x"));
      assertTrue(e.getMessage().contains("unknown format"));
      IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> in.run("jsonl", tmp.resolve("nope.jsonl").toString()));
      assertTrue(e2.getMessage().contains("not a readable file"));
    }
  }

  /** A report rewritten in any stored field is updated: its address (found by it afterwards), outlet, authors, language, a title's case. */
  @Test
  void aReingestedReportChangedInAnyStoredFieldIsUpdated() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
      Path reports = snap.resolve("reports.csv");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", reports.toString());
      String original = Files.readString(reports);
      String[][] edits = {
          {"theguardian.com,[]", "guardian.co.uk,[]", "outlet", "guardian.co.uk"},
          {"\"[\"\"Alex Hern\"\"]\"", "\"[\"\"Alex Hern\"\",\"\"Dan Milmo\"\"]\"", "authors", "Alex Hern; Dan Milmo"},
          {",en,,1000001", ",fr,,1000001", "language", "fr"},
          {"Facebook translates good morning into attack them", "Facebook Translates Good Morning Into Attack Them", "title", "Facebook Translates Good Morning Into Attack Them"},
          {"https://www.theguardian.com/example/facebook-good-morning", "https://www.theguardian.com/example/moved", "url", "https://www.theguardian.com/example/moved"}};
      for (String[] e : edits) {
        String edited = original.replace(e[0], e[1]);
        assertNotEquals(original, edited, e[2]);
        Files.writeString(reports, edited);
        Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", reports.toString());
        assertEquals(1, r.updated, e[2] + ": " + r);
        assertEquals(e[3], one(db, "SELECT " + e[2] + " FROM incident_records WHERE source='aiid-report' AND source_id='1000001'"), e[2]);
        Files.writeString(reports, original);
        assertEquals(1, new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", reports.toString()).updated, e[2] + " back");
        Ingest.Report same = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", reports.toString());
        assertEquals(0, same.updated, e[2] + " unchanged: " + same);
        assertEquals(1, same.unchanged, e[2]);
      }
      // the moved address was looked up by its key: a feed item at the new address is a duplicate of the report
      Files.writeString(reports, original.replace("https://www.theguardian.com/example/facebook-good-morning", "https://www.theguardian.com/example/moved"));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", reports.toString());
      Path line = tmp.resolve("moved.jsonl");
      Files.writeString(line, "{\"url\": \"https://theguardian.com/example/moved/\", \"title\": \"Another title\", \"text\": \"other text\"}\n");
      Ingest.Report dup = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", line.toString());
      assertEquals(1, dup.duplicates, dup.toString());
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /** An incidents.csv row whose title or description is empty is an error naming the column; the stored incident is kept. */
  @Test
  void anAiidIncidentRowWithAnEmptyTitleOrDescriptionKeepsTheStoredIncident() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
      Files.delete(snap.resolve("reports.csv"));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      String title = one(db, "SELECT title FROM incident_records WHERE source='aiid' AND source_id='53'");
      String body = one(db, "SELECT body FROM incident_records WHERE source='aiid' AND source_id='53'");
      assertNotNull(title);
      String csv = Files.readString(snap.resolve("incidents.csv"));
      Files.writeString(snap.resolve("incidents.csv"), csv.replace(title, ""));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(0, r.errors, r.toString());
      assertEquals(1, r.keptIncomplete, r.toString());
      assertTrue(r.messages.get(0).matches("warning at incidents.csv line \\d+: title: empty; a new incident is stored with its description alone,"
          + " a stored one is kept as it was \\(incident 53\\)"), r.messages.toString());
      assertTrue(r.toString().contains(", 1 kept as stored (rows with an empty field)"), r.toString());
      String quoted = body.replace("\"", "\"\"");
      assertTrue(csv.contains(quoted));
      Files.writeString(snap.resolve("incidents.csv"), csv.replace(quoted, ""));
      r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertTrue(r.messages.get(0).contains("description: empty"), r.messages.toString());
      assertEquals(title, one(db, "SELECT title FROM incident_records WHERE source='aiid' AND source_id='53'"));
      assertEquals(body, one(db, "SELECT body FROM incident_records WHERE source='aiid' AND source_id='53'"));
    }
  }

  /**
   * A new AIID incident with an empty description (or title) is stored with the other: a newer snapshot's incident had
   * been left out, with no row to score (outside QA, 2026-12-07). One with neither is skipped.
   */
  @Test
  void aNewAiidIncidentWithOneEmptyFieldIsStoredWithTheOther() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
      Files.delete(snap.resolve("reports.csv"));
      String csv = Files.readString(snap.resolve("incidents.csv"));
      List<String> lines = new java.util.ArrayList<>(csv.lines().toList());
      List<String> header = List.of(lines.get(0).split(","));
      int id = header.indexOf("incident_id"), title = header.indexOf("title"), desc = header.indexOf("description"), date = header.indexOf("date");
      assertTrue(id >= 0 && title >= 0 && desc >= 0 && date >= 0, lines.get(0));
      String[][] rows = {{"9001", "Robot mower injures child", ""}, {"9002", "", "A chatbot gave wrong legal advice."}, {"9003", "", ""}};
      for (String[] row : rows) {
        String[] f = new String[header.size()];
        java.util.Arrays.fill(f, "");
        f[id] = row[0];
        f[title] = row[1];
        f[desc] = row[2];
        f[date] = "2025-01-05";
        lines.add(String.join(",", f));
      }
      Files.writeString(snap.resolve("incidents.csv"), String.join("\n", lines) + "\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(1, r.errors, r.messages.toString());
      assertTrue(r.messages.stream().anyMatch(m -> m.contains("title and description: empty; row skipped (incident 9003")), r.messages.toString());
      assertEquals("Robot mower injures child", one(db, "SELECT title FROM incident_records WHERE source='aiid' AND source_id='9001'"));
      assertEquals("A chatbot gave wrong legal advice.", one(db, "SELECT body FROM incident_records WHERE source='aiid' AND source_id='9002'"));
      assertNotNull(one(db, "SELECT risk_domain FROM incident_records WHERE source='aiid' AND source_id='9001'"), "classified");
    }
  }

  /** `ingest aiid FILE` tells incidents from reports by the header; any other file, or an empty one, is refused by name. */
  @Test
  void aSingleAiidFileIsKnownByItsHeaderNotItsName() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
      Path inc = Files.copy(snap.resolve("incidents.csv"), tmp.resolve("download.csv"));
      Path rep = Files.copy(snap.resolve("reports.csv"), tmp.resolve("incidents-reports.csv"));
      Ingest.Report a = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", inc.toString());
      assertEquals(9, a.inserted, a.toString());
      Ingest.Report b = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", rep.toString());
      assertEquals(1, b.inserted, b.toString());
      assertEquals(1, count(db, "SELECT COUNT(*) FROM incident_records WHERE source='aiid-report'"));
      Path other = Files.writeString(tmp.resolve("incidents-other.csv"), "id,name\n1,x\n");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", other.toString()));
      assertTrue(e.getMessage().contains("neither an AIID incidents.csv") && e.getMessage().endsWith("its header: id,name"), e.getMessage());
      Path empty = Files.write(tmp.resolve("incidents.csv"), new byte[0]);
      e = assertThrows(IllegalArgumentException.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", empty.toString()));
      assertTrue(e.getMessage().endsWith("is empty (0 bytes): neither an AIID incidents.csv nor a reports.csv"), e.getMessage());
      assertEquals(10, count(db, "SELECT COUNT(*) FROM incident_records"));
    }
  }

  /** An empty AIAAIC export or a folder's empty incidents.csv is an error, not a silent success. */
  @Test
  void anEmptyCsvIsAnErrorNotASilentSuccess() throws Exception {
    try (Db db = Fixtures.db()) {
      Path empty = Files.write(tmp.resolve("aiaaic.csv"), new byte[0]);
      Exception e = assertThrows(Exception.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", empty.toString()));
      assertTrue(String.valueOf(e.getMessage()).contains("not an AIAAIC export: no 'AIAAIC ID#' header (the file is empty)")
          || String.valueOf(e.getCause()).contains("(the file is empty)"), e.toString());
      Path dir = Files.createDirectories(tmp.resolve("snap"));
      Files.write(dir.resolve("incidents.csv"), "\n\n".getBytes(StandardCharsets.UTF_8));
      e = assertThrows(Exception.class, () -> new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", dir.toString()));
      Throwable t = e.getCause() != null ? e.getCause() : e;
      assertTrue(t.getMessage().contains("not an AIID incidents.csv: the file is empty (no header row)"), e.toString());
    }
  }

  /** A NUL character cannot be stored (PostgreSQL refuses it): it is dropped, and the run says so by line. */
  @Test
  void aDroppedNulCharacterIsAWarningByLine() throws Exception {
    try (Db db = Fixtures.db()) {
      Path f = Files.writeString(tmp.resolve("nul.jsonl"), "{\"url\":\"https://n.example/1\",\"title\":\"clean\",\"text\":\"fine\"}\n"
          + "{\"url\":\"https://n.example/2\",\"title\":\"clean too\",\"text\":\"fine\",\"authors\":[\"A\\u0000B\"]}\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(2, r.inserted, r.messages.toString());
      assertEquals(1, r.warnings, r.messages.toString());
      assertEquals(List.of("warning at nul.jsonl line 2: " + Ingest.CONTROLS_DROPPED), r.messages);
      assertEquals("AB", one(db, "SELECT authors FROM incident_records WHERE url = 'https://n.example/2'"));
      // a right-to-left override (or any bidirectional embedding or isolate) in a public title goes the same way
      Path bidi = Files.writeString(tmp.resolve("bidi.jsonl"), "{\"url\":\"https://n.example/3\",\"title\":\"ctrl \\u202e rlo \\u2067x\\u2069\","
          + "\"text\":\"\u0645\u0631\u062d\u0628\u0627 \\u200f kept\"}\n");
      Ingest.Report b = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", bidi.toString());
      assertEquals(List.of("warning at bidi.jsonl line 1: " + Ingest.CONTROLS_DROPPED), b.messages);
      assertEquals("ctrl rlo x", one(db, "SELECT title FROM incident_records WHERE url = 'https://n.example/3'"));
      assertTrue(one(db, "SELECT body FROM incident_records WHERE url = 'https://n.example/3'").contains("\u200f"), "a right-to-left mark is text, kept");
      // invisible characters inside words go too (a title read "Tesla" and matched no search for it); a zero-width joiner,
      // part of an emoji or of Indic and Persian spelling, stays
      Path zw = Files.writeString(tmp.resolve("zw.jsonl"), "{\"url\":\"https://n.example/4\",\"title\":\"Tes\\u200bla Auto\\u00adpilot\\u2060 crash\\ufeff\","
          + "\"text\":\"coder \\ud83d\\udc69\\u200d\\ud83d\\udcbb kept\"}\n");
      Ingest.Report z = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", zw.toString());
      assertEquals(List.of("warning at zw.jsonl line 1: " + Ingest.CONTROLS_DROPPED), z.messages);
      assertEquals("Tesla Autopilot crash", one(db, "SELECT title FROM incident_records WHERE url = 'https://n.example/4'"));
      assertEquals("Voice clone scam hits pensioners", Rec.noControls("Voice clone scam \u200b hits pensioners"), "no double space left");
      assertEquals("a b", Rec.noControls("a \u200b\u00ad b"));
      assertEquals("ab c", Rec.noControls("a\u200bb c"));
      assertTrue(one(db, "SELECT body FROM incident_records WHERE url = 'https://n.example/4'").contains("\u200d"), "a zero-width joiner is text, kept");
    }
  }
}
