package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTest {
  @TempDir Path tmp;

  /** The incident of the record stored under {@code url} (reports without an id of their own are known by it). */
  static String incidentOfUrl(Db db, String url) {
    return IngestTest.one(db, "SELECT CAST(m.incident_id AS VARCHAR) FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.url = '"
        + url + "'");
  }

  static Map<String, Long> incidentOf(Db db) {
    StringWriter w = new StringWriter();
    IncidentExport.writeCsv(db, w);
    Map<String, Long> m = new HashMap<>();
    String[] lines = w.toString().split("\n");
    assertTrue(lines[0].startsWith("source,source_id,incident_id,title,date,risk_domain"), lines[0]);
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      m.put(f[0] + ":" + f[1], f[2].isEmpty() ? null : Long.parseLong(f[2]));
    }
    return m;
  }

  static Db loaded(Path tmp) throws Exception {
    Db db = Fixtures.db();
    Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
    in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
    in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv")).toString());
    return db;
  }

  /** The export's date is in one format, the day or the year, with its precision; the source's own text beside it. */
  @Test
  void theExportDatesEveryRecordInOneFormatAndKeepsTheSourcesText() throws Exception {
    Db db = Fixtures.db();
    try (db) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      Path a = Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv"));
      java.nio.file.Files.writeString(a, java.nio.file.Files.readString(a).replace(",Amazon Alexa holds 2am party when owner is out,2017,",
          ",Amazon Alexa holds 2am party when owner is out,2017-2018,"));
      in.run("aiaaic", a.toString());
      Path j = tmp.resolve("y.jsonl");
      java.nio.file.Files.writeString(j, "{\"url\":\"https://y.example/1\",\"title\":\"Chatbot misleads voters\",\"published\":\"2021\"}\n");
      in.run("jsonl", j.toString());
      StringWriter w = new StringWriter();
      IncidentExport.writeCsv(db, w);
      Map<String, org.apache.commons.csv.CSVRecord> rows = new HashMap<>();
      for (org.apache.commons.csv.CSVRecord r : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new java.io.StringReader(w.toString()))) rows.put(r.get("source") + ":" + r.get("source_id"), r);
      org.apache.commons.csv.CSVRecord range = rows.get("aiaaic:AIAAIC090");
      assertEquals(List.of("2017", "year", "2017-2018"), List.of(range.get("date"), range.get("date_precision"), range.get("date_text")));
      org.apache.commons.csv.CSVRecord bare = rows.values().stream().filter(r -> r.get("url").equals("https://y.example/1")).findFirst().orElseThrow();
      assertEquals(List.of("2021", "year"), List.of(bare.get("date"), bare.get("date_precision")));
      for (org.apache.commons.csv.CSVRecord r : rows.values()) {
        if (r.get("source").equals("aiid")) {
          assertTrue(r.get("date").matches("\\d{4}-\\d{2}-\\d{2}") && r.get("date_precision").equals("day"), r.toString());
        } else if (!r.get("date").isEmpty()) {
          assertTrue(r.get("date").matches("\\d{4}(-\\d{2}-\\d{2})?"), r.toString());
        }
      }
    }
  }

  @Test
  void sameEventsAcrossMonitorsAndReportsMergeDifferentOnesDoNot() throws Exception {
    try (Db db = loaded(tmp)) {
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(17, st.records);
      Map<String, Long> inc = incidentOf(db);
      assertEquals(inc.get("aiid:72"), inc.get("aiaaic:AIAAIC086"), "Facebook 'good morning' translation");
      assertEquals(inc.get("aiid:51"), inc.get("aiaaic:AIAAIC062"), "Knightscope K5 hits child");
      assertEquals(inc.get("aiid:337"), inc.get("aiaaic:AIAAIC0586"), "Tesla Model S into tree");
      assertEquals(inc.get("aiid:72"), inc.get("aiid-report:1000001"), "AIID report joins its incident");
      assertNotEquals(inc.get("aiid:51"), inc.get("aiaaic:AIAAIC0117"), "K5 drowning is another event");
      assertNotEquals(inc.get("aiid:51"), inc.get("aiid:72"));
      // every source record is kept under some incident
      assertEquals(17, inc.values().stream().filter(v -> v != null).count());
      // and carries the classifier's confidence in its predicted risk domain
      StringWriter w = new StringWriter();
      IncidentExport.writeCsv(db, w);
      var rows = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new java.io.StringReader(w.toString())).getRecords();
      assertEquals(17, rows.size());
      for (var row : rows) {
        double p = Double.parseDouble(row.get("risk_domain_confidence"));
        assertTrue(p >= 1.0 / 20 && p <= 1, row.get("source_id") + ": " + p); // 20 sub-domain classes at worst
      }
      // deterministic: a second run gives the same ids
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(inc, incidentOf(db));
    }
  }

  static String report(String url, String deployer, String title, String text, String date) {
    return "{\"url\":\"" + url + "\",\"title\":\"" + title + "\",\"text\":\"" + text + "\",\"published\":\"" + date
        + "\",\"language\":\"en\"" + (deployer == null ? "" : ",\"deployers\":[\"" + deployer + "\"]") + "}\n";
  }

  /**
   * Templated news naming a different deployer each ("X chatbot leaks tenant data in CITY") shares every word but the
   * names: text alone linked them (no shared name, so the no-entity score). Records of feeds, JSON lines and the API whose
   * deployers differ are not event-linked; a second report naming the same deployer still joins.
   */
  @Test
  void templatedReportsNamingDifferentDeployersStayApart() throws Exception {
    StringBuilder sb = new StringBuilder();
    String[][] rows = {{"Acme1 Corp", "Boston", "2025-03-02"}, {"Zephyrion Labs", "Austin", "2025-03-03"}, {"Quillbrook Inc", "Reno", "2025-03-04"}};
    for (int k = 0; k < rows.length; k++) {
      sb.append(report("https://exp.example.net/" + k, rows[k][0], rows[k][0] + " chatbot leaks tenant data in " + rows[k][1],
          "The chatbot run by " + rows[k][0] + " exposed tenant files of " + rows[k][1] + " renters.", rows[k][2]));
    }
    sb.append(report("https://other.example.net/1", "Acme1 Corp", "Acme1 Corp chatbot exposed tenant files of Boston renters",
        "Tenant data leaked by the Acme1 Corp chatbot in Boston.", "2025-03-05"));
    Path j = tmp.resolve("templated.jsonl");
    java.nio.file.Files.writeString(j, sb.toString());
    for (boolean rule : new boolean[] {true, false}) {
      try (Db db = loaded(tmp.resolve("r" + rule))) {
        new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
        Clusterer.Options o = new Clusterer.Options();
        o.reportDeployerConflict = rule;
        o.reportCountryConflict = false; // the deployer rule alone: the names (Boston, Austin) would also keep them apart
        o.reportNameConflict = false;
        new Clusterer(o, Progress.silent()).run(db);
        Map<String, Long> byUrl = new HashMap<>();
        for (var r : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(new java.io.StringReader(export(db)))) {
          if (r.get("source").equals("jsonl")) byUrl.put(r.get("url"), Long.parseLong(r.get("incident_id")));
        }
        long acme = byUrl.get("https://exp.example.net/0"), zeph = byUrl.get("https://exp.example.net/1"), quill = byUrl.get("https://exp.example.net/2");
        if (rule) {
          assertEquals(3, java.util.Set.of(acme, zeph, quill).size(), "three deployers, three incidents: " + byUrl);
          assertEquals(acme, byUrl.get("https://other.example.net/1"), "the same deployer's second report joins");
        } else {
          assertTrue(acme == zeph || zeph == quill || acme == quill, "without the rule the template links them: " + byUrl);
        }
      }
    }
  }

  /**
   * Outside QA of 2026-12-06: reports that name no deployer merged on their words alone. A robocall deepfake of Biden (US)
   * and one of Modi (IN) are two events in the same words; so are templated reports about different places the gazetteer
   * does not know (Porto, Cebu, Graz); and near-identical text dated years apart. Two outlets' different words about the
   * Biden call still join, as does a copy of a report a few days later.
   */
  @Test
  void reportsOfDifferentPlacesPeopleOrYearsStayApart() throws Exception {
    String sb = report("https://c.example/biden", null, "Deepfake robocall of Biden urges voters to stay home",
            "A deepfake audio robocall imitating Joe Biden told New Hampshire voters not to vote in the primary.", "2024-01-22")
        + report("https://d.example/biden2", null, "Deepfake Biden robocall urges New Hampshire voters to stay home",
            "A robocall with a deepfake of Joe Biden's voice told New Hampshire voters not to vote in the primary.", "2024-01-23")
        + report("https://c.example/modi", null, "Deepfake robocall of Modi urges voters to stay home",
            "A deepfake audio robocall imitating Narendra Modi told voters in Delhi not to vote.", "2024-03-10")
        + report("https://m.example/porto", null, "Military drone swarm malfunction reported near Porto",
            "A military drone swarm malfunctioned during an exercise near Porto, officials said.", "2026-11-01")
        + report("https://m.example/cebu", null, "Military drone swarm malfunction reported near Cebu",
            "A military drone swarm malfunctioned during an exercise near Cebu, officials said.", "2026-11-02")
        + report("https://w.example/2020", null, "Weekly digest: chatbot gave wrong tax advice to small shops",
            "The city's chatbot told small shops they could skip the sales tax filing; the city corrected the answer.", "2020-12-31")
        + report("https://w.example/2023", null, "Weekly digest: chatbot gave wrong tax advice to small shops",
            "The city's chatbot told small shops they could skip the sales tax filing; the city corrected the answer quickly.", "2023-06-01")
        + report("https://w.example/2020copy", null, "Weekly digest: chatbot gave wrong tax advice to small shops",
            "The city's chatbot told small shops they could skip the sales tax filing; the city corrected the answer later.", "2021-01-04");
    // a press template filled in for two cities: near-identical text (a text link before), two events
    String template = "Police said the live facial recognition vans would scan shoppers on the high street for two days, and civil liberties"
        + " groups said the cameras were deployed without public consultation or a clear legal basis in CITY.";
    sb += report("https://t.example/london", null, "Police deploy live facial recognition vans in London",
            template.replace("CITY", "London"), "2025-02-03")
        + report("https://t.example/paris", null, "Police deploy live facial recognition vans in Paris",
            template.replace("CITY", "Paris"), "2025-02-04");
    Path j = tmp.resolve("qa.jsonl");
    java.nio.file.Files.writeString(j, sb);
    for (boolean rules : new boolean[] {true, false}) {
      try (Db db = loaded(tmp.resolve("q" + rules))) {
        new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
        Clusterer.Options o = new Clusterer.Options();
        o.reportCountryConflict = rules;
        o.reportNameConflict = rules;
        o.reportTextWindowDays = rules ? 365 : 100_000;
        new Clusterer(o, Progress.silent()).run(db);
        Map<String, Long> byUrl = new HashMap<>();
        for (var r : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(new java.io.StringReader(export(db)))) {
          if (r.get("source").equals("jsonl")) byUrl.put(r.get("url").replaceAll("^https://[a-z]\\.example/", ""), Long.parseLong(r.get("incident_id")));
        }
        assertEquals(byUrl.get("biden"), byUrl.get("biden2"), "two outlets, one event: " + byUrl);
        assertEquals(byUrl.get("2020"), byUrl.get("2020copy"), "a copy days later: " + byUrl);
        if (rules) {
          assertNotEquals(byUrl.get("biden"), byUrl.get("modi"), "US and IN: " + byUrl);
          assertNotEquals(byUrl.get("porto"), byUrl.get("cebu"), "Porto and Cebu: " + byUrl);
          assertNotEquals(byUrl.get("2020"), byUrl.get("2023"), "years apart: " + byUrl);
          assertNotEquals(byUrl.get("london"), byUrl.get("paris"), "one template, two cities: " + byUrl);
        } else {
          assertEquals(byUrl.get("biden"), byUrl.get("modi"), "without the rules the words link them: " + byUrl);
          assertEquals(byUrl.get("porto"), byUrl.get("cebu"), byUrl.toString());
          assertEquals(byUrl.get("2020"), byUrl.get("2023"), byUrl.toString());
          assertEquals(byUrl.get("london"), byUrl.get("paris"), byUrl.toString());
        }
      }
    }
  }

  static String export(Db db) {
    StringWriter w = new StringWriter();
    IncidentExport.writeCsv(db, w);
    return w.toString();
  }

  /** Word weights for a pair of curated entries are counted over the curated records: unrelated news does not move them. */
  /** Two monitors' entries that name different states, or different Tesla models, are two events; the same model is one. */
  @Test
  void curatedEntriesNamingOtherStatesOrOtherTeslaModelsStayApart() throws Exception {
    try (Db db = Fixtures.db()) {
      Path snap = java.nio.file.Files.createDirectories(tmp.resolve("snap"));
      java.nio.file.Files.writeString(snap.resolve("incidents.csv"), String.join("\n",
          "_id,incident_id,date,reports,Alleged deployer of AI system,Alleged developer of AI system,Alleged harmed or nearly harmed parties,description,title",
          "ObjectId(1),901,2021-04-17,[],\"[\"\"tesla\"\"]\",\"[\"\"tesla\"\"]\",[],\"A Tesla Model S on Autopilot crashed into a tree and burst into flames, killing two passengers.\",Tesla Model S Crashed into Tree Killing Two Passengers",
          "ObjectId(2),902,2020-10-04,[],\"[\"\"examsoft\"\"]\",\"[\"\"examsoft\"\"]\",[],ExamSoft's online proctoring algorithm flagged a third of California bar exam takers as possible cheaters.,Online Proctoring Flagged California Bar Exam Takers as Cheaters",
          "") );
      String head = String.join("\n", java.nio.file.Files.readString(Fixtures.copy("aiaaic.csv", tmp.resolve("a.csv"))).lines().limit(3).toList()) + "\n";
      String row = "%s,\"%s\",%s,USA,Automotive,,%s,%s,Driver assistance system,Automate steering,Police threat/action,Safety,,,,,,,,https://www.aiaaic.org/x/%s\n";
      Path f = tmp.resolve("entries.csv");
      java.nio.file.Files.writeString(f, head
          + String.format(row, "AIAAIC7101", "Two passengers die as Tesla Model X on Autopilot hits a tree and burns", "2021", "Tesla", "Tesla Autopilot", "x")
          + String.format(row, "AIAAIC7102", "Tesla Model S on Autopilot crashes into tree, kills two passengers", "2021", "Tesla", "Tesla Autopilot", "s")
          + String.format(row, "AIAAIC7103", "Michigan online bar exam proctoring flags takers as cheaters", "2020", "ExamSoft", "ExamSoft", "m"));
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      Ingest.Report ar = in.run("aiid", snap.toString());
      assertEquals(0, ar.errors, ar.messages.toString());
      assertEquals(3, in.run("aiaaic", f.toString()).inserted);
      Map<String, Long> id = new HashMap<>();
      db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT source_id, id FROM incident_records")) {
          while (rs.next()) id.put(rs.getString(1), rs.getLong(2));
        }
        return null;
      });
      Clusterer.Options off = new Clusterer.Options();
      off.vehicleModelConflict = 0;
      off.regionConflict = 0;
      Clusterer without = new Clusterer(off, Progress.silent());
      without.run(db);
      double modelX = without.pairScore(id.get("901"), id.get("AIAAIC7101")), michigan = without.pairScore(id.get("902"), id.get("AIAAIC7103"));
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      assertEquals(modelX - 1, cl.pairScore(id.get("901"), id.get("AIAAIC7101")), 1e-9, "Model S against Model X");
      assertEquals(michigan - 0.3, cl.pairScore(id.get("902"), id.get("AIAAIC7103")), 1e-9, "California against Michigan");
      Map<String, Long> inc = incidentOf(db);
      assertEquals(inc.get("aiid:901"), inc.get("aiaaic:AIAAIC7102"), "the same model's crash is one event");
      assertNotEquals(inc.get("aiid:901"), inc.get("aiaaic:AIAAIC7101"));
    }
  }

  @Test
  void teslaModelsAndStatesAreReadFromTheText() {
    assertEquals(0b0101, Clusterer.vehicleModels("Tesla Model 3 and Model X owners"), "bits of 3SXY");
    assertEquals(0, Clusterer.vehicleModels("Model 3 of the survey"), "no Tesla named");
    assertEquals(0, Clusterer.vehicleModels("Tesla's model 3 crash"), "the name is capitalised");
    Gazetteer g = Gazetteer.get();
    assertEquals(java.util.Set.of("West Virginia"), g.regionsInText("A West Virginia school board"), "not also Virginia");
    assertEquals(java.util.Set.of(), g.regionsInText("Texas Instruments chips in a Washington office, San Francisco"), "a brand, the capital, a city");
    assertEquals(java.util.Set.of("New York", "Ontario"), g.regionsInText("from New York to Ontario"));
  }

  @Test
  void curatedPairScoresIgnoreUnrelatedNews() throws Exception {
    try (Db db = loaded(tmp)) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      List<long[]> pairs = new java.util.ArrayList<>();
      db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT a.id, b.id FROM incident_records a, incident_records b"
            + " WHERE a.source = 'aiid' AND b.source = 'aiaaic' ORDER BY a.id, b.id")) {
          while (rs.next()) pairs.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
        return null;
      });
      Map<String, Double> before = new HashMap<>();
      for (long[] p : pairs) before.put(p[0] + "~" + p[1], cl.pairScore(p[0], p[1]));
      assertTrue(before.values().stream().filter(v -> v > 0).count() >= 3, "fixture pairs that score: " + before);
      StringBuilder sb = new StringBuilder();
      String[] words = {"translation", "police", "robot", "camera", "school", "car", "arrest", "morning", "security", "crash"};
      for (int k = 0; k < 60; k++) {
        sb.append(report("https://news.example.org/" + k, null, "Council notice " + k + " about " + words[k % 10] + " and " + words[(k + 3) % 10],
            "A notice on the council page about " + words[k % 10] + ", " + words[(k + 5) % 10] + " and parking, item " + k + ".", "2019-06-1" + (k % 9)));
      }
      Path j = tmp.resolve("news.jsonl");
      java.nio.file.Files.writeString(j, sb.toString());
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
      cl.run(db);
      for (long[] p : pairs) {
        assertEquals(before.get(p[0] + "~" + p[1]), cl.pairScore(p[0], p[1]), 1e-12, p[0] + "~" + p[1] + ": the AIID–AIAAIC score does not depend on the news");
      }
    }
  }

  @Test
  void aReportCitedByTwoAiidIncidentsJoinsOneAndKeepsThemApart() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    // AIID lets a report belong to several incidents: cite report 1000001 from incident 51 too
    Path incidents = snap.resolve("incidents.csv");
    java.nio.file.Files.writeString(incidents, java.nio.file.Files.readString(incidents)
        .replaceFirst("(ObjectId\\([0-9a-f]+\\),51,[0-9-]+,\"\\[)", "$11000001,"));
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = incidentOf(db);
      assertNotEquals(inc.get("aiid:51"), inc.get("aiid:72"), "two AIID incidents are two events");
      Long report = inc.get("aiid-report:1000001");
      assertTrue(report.equals(inc.get("aiid:51")) || report.equals(inc.get("aiid:72")), "the report joins one of its incidents");
    }
  }

  private static String via(Db db, String source, String sourceId) {
    return IngestTest.one(db, "SELECT m.via FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.source = '"
        + source + "' AND r.source_id = '" + sourceId + "'");
  }

  /** QA of 2026-12-06: a merge had marked every record "manual", losing how the tool had linked them; only its own link is. */
  @Test
  void aMergeKeepsHowTheToolHadLinkedEachRecord() throws Exception {
    try (Db db = loaded(tmp)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = incidentOf(db);
      assertEquals(inc.get("aiid:72"), inc.get("aiaaic:AIAAIC086"), "the fixture's linked pair");
      String before = via(db, "aiaaic", "AIAAIC086");
      assertTrue(List.of("text", "event", "reciprocal", "aiid-link").contains(before), before);
      Decisions.merge(db, inc.get("aiid:72"), inc.get("aiid:1"), "editor", "one campaign");
      assertEquals(before, via(db, "aiaaic", "AIAAIC086"), "at once");
      assertEquals("manual", via(db, "aiid", "1"), "the record the editor's link joins");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> after = incidentOf(db);
      assertEquals(after.get("aiid:72"), after.get("aiid:1"), "the merge holds");
      assertEquals(after.get("aiid:72"), after.get("aiaaic:AIAAIC086"));
      assertEquals(before, via(db, "aiaaic", "AIAAIC086"), "after a re-run");
      assertEquals("manual", via(db, "aiid", "1"));
    }
  }

  /** QA of 2026-12-07: a split marked every record of the incident "manual" until the next run; now as the run says it. */
  @Test
  void aSplitSaysHowEachRecordIsLinkedAsARerunWould() throws Exception {
    try (Db db = loaded(tmp)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = incidentOf(db);
      assertEquals(inc.get("aiid:72"), inc.get("aiid-report:1000001"), "the fixture's three-record incident");
      String before = via(db, "aiaaic", "AIAAIC086");
      Decisions.split(db, inc.get("aiid:72"), List.of(EvalCommand.recordId(db, "aiid-report", "1000001")), "editor", null);
      assertEquals("single", via(db, "aiid-report", "1000001"), "alone");
      assertEquals(before, via(db, "aiaaic", "AIAAIC086"), "staying, as the tool had linked it");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals("single", via(db, "aiid-report", "1000001"));
      assertEquals(before, via(db, "aiaaic", "AIAAIC086"));
    }
  }

  @Test
  void editorsMergeAndSplitSurviveReclustering() throws Exception {
    try (Db db = loaded(tmp)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = incidentOf(db);
      long a = inc.get("aiid:1"), b = inc.get("aiid:60");
      Map<String, Object> merged = Decisions.merge(db, a, b, "editor", "same campaign");
      long survivor = (Long) merged.get("incident_id");
      assertEquals(survivor, incidentOf(db).get("aiid:60"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> after = incidentOf(db);
      assertEquals(after.get("aiid:1"), after.get("aiid:60"), "merge kept by re-run");

      long k = after.get("aiid:72");
      List<Map<String, Object>> recs = IncidentQueries.records(db, k);
      assertTrue(recs.size() >= 2);
      long reportId = recs.stream().filter(r -> "aiaaic".equals(r.get("source"))).map(r -> (Long) r.get("id")).findFirst().orElseThrow();
      Decisions.split(db, k, List.of(reportId), "editor", "different angle");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> split = incidentOf(db);
      assertNotEquals(split.get("aiid:72"), split.get("aiaaic:AIAAIC086"), "split kept by re-run");
      assertEquals(split.get("aiid:72"), split.get("aiid-report:1000001"));
      // a later merge supersedes the split
      Decisions.merge(db, split.get("aiid:72"), split.get("aiaaic:AIAAIC086"), "editor", "after all");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> re = incidentOf(db);
      assertEquals(re.get("aiid:72"), re.get("aiaaic:AIAAIC086"));
      assertEquals(3 + 1, Decisions.list(db, 100).stream().filter(d -> d.get("superseded_by") != null).count() + 3);
    }
  }

  /**
   * A pair scoring just below the threshold is offered to editors as a suggested merge; a merge removes it from the list
   * at once, and a pair an editor split is never offered again, whether it scores below the threshold or above it.
   */
  @Test
  void nearMissesAreSuggestedToEditorsAndASplitIsNeverSuggestedBack() throws Exception {
    try (Db db = loaded(tmp)) {
      Clusterer first = new Clusterer(new Clusterer.Options(), Progress.silent());
      first.run(db);
      long aiid = AiaaicEvidenceTest.recordId(db, "72"), entry = AiaaicEvidenceTest.recordId(db, "AIAAIC086");
      assertEquals(incidentOf(db).get("aiid:72"), incidentOf(db).get("aiaaic:AIAAIC086"), "linked at the default threshold");
      double score = first.pairScore(aiid, entry);
      assertTrue(score > 0.5 && score < 2, "score " + score);
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(s -> names(s, aiid, entry)), "a merged pair is no suggestion");

      Clusterer.Options strict = new Clusterer.Options();
      strict.threshold = score + 0.05; // the pair is now a near miss
      Clusterer.Stats st = new Clusterer(strict, Progress.silent()).run(db);
      Map<String, Long> inc = incidentOf(db);
      assertNotEquals(inc.get("aiid:72"), inc.get("aiaaic:AIAAIC086"));
      List<Map<String, Object>> list = MergeSuggestions.list(db, 1000);
      assertEquals(st.suggestions, list.size(), st.toString());
      Map<String, Object> s = list.stream().filter(x -> names(x, aiid, entry)).findFirst().orElseThrow(() -> new AssertionError(list.toString()));
      assertEquals(MergeSuggestions.NEAR, s.get("reason"));
      assertEquals(score, (Double) s.get("score"), 0.001);
      for (int i = 1; i < list.size(); i++) assertTrue((Double) list.get(i - 1).get("score") >= (Double) list.get(i).get("score"), "best first");

      Decisions.merge(db, inc.get("aiid:72"), inc.get("aiaaic:AIAAIC086"), "editor", "same event");
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(x -> names(x, aiid, entry)), "gone as soon as merged");

      Decisions.split(db, incidentOf(db).get("aiid:72"), List.of(entry), "editor", "not the same after all");
      new Clusterer(strict, Progress.silent()).run(db);
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(x -> names(x, aiid, entry)), "a split pair below the threshold");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertNotEquals(incidentOf(db).get("aiid:72"), incidentOf(db).get("aiaaic:AIAAIC086"));
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(x -> names(x, aiid, entry)), "a split pair above the threshold");

      Clusterer.Options none = new Clusterer.Options();
      none.suggestBand = 0;
      assertEquals(0, new Clusterer(none, Progress.silent()).run(db).suggestions);
      assertTrue(MergeSuggestions.list(db, 1000).isEmpty());
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean names(Map<String, Object> suggestion, long x, long y) {
    long a = (Long) ((Map<String, Object>) suggestion.get("a")).get("record_id"), b = (Long) ((Map<String, Object>) suggestion.get("b")).get("record_id");
    return a == Math.min(x, y) && b == Math.max(x, y);
  }

  /**
   * Two entries of one monitor with near-identical texts are one event written up twice, unless they name different AI
   * systems: AIAAIC's profiles "GPT-3 large language model" and "GPT-4 large language model" share a template.
   */
  @Test
  void nearIdenticalEntriesAboutOtherSystemsStayApart() throws Exception {
    try (Db db = Fixtures.db()) {
      String head = String.join("\n", java.nio.file.Files.readString(Fixtures.copy("aiaaic.csv", tmp.resolve("a.csv"))).lines().limit(3).toList()) + "\n";
      String row = "%s,%s large language model,2023,USA,Technology,,OpenAI,%s,Large language model (LLM),Generate text,Research study,Accuracy/reliability; Safety,,,,,,,,https://www.aiaaic.org/x/%s\n";
      java.nio.file.Path f = tmp.resolve("profiles.csv");
      java.nio.file.Files.writeString(f, head + String.format(row, "AIAAIC7001", "GPT-3", "GPT-3", "gpt-3") + String.format(row, "AIAAIC7002", "GPT-4", "GPT-4", "gpt-4")
          + String.format(row, "AIAAIC7003", "Codex", "Codex", "codex-a") + String.format(row, "AIAAIC7004", "Codex", "Codex", "codex-b"));
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiaaic", f.toString());
      assertEquals(4, r.inserted, r.messages.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      java.util.function.Function<String, String> incident = id -> IngestTest.one(db,
          "SELECT CAST(m.incident_id AS VARCHAR) FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.source_id = '" + id + "'");
      assertNotEquals(incident.apply("AIAAIC7001"), incident.apply("AIAAIC7002"), "GPT-3 and GPT-4 are two systems");
      assertEquals(incident.apply("AIAAIC7003"), incident.apply("AIAAIC7004"), "the same entry twice is one event");
    }
  }

  @Test
  void nearDuplicateChineseReportsMergeByCharacterShingles() throws Exception {
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve("zh.jsonl");
      java.nio.file.Files.writeString(f,
          "{\"url\":\"https://a.example.cn/1\",\"title\":\"某市自动驾驶出租车撞伤行人\",\"text\":\"某市一辆自动驾驶出租车在路口撞伤一名行人，警方已介入调查，公司表示将配合调查并暂停车队运营。\",\"published\":\"2024-05-01\"}\n"
              + "{\"url\":\"https://b.example.cn/2\",\"title\":\"自动驾驶出租车撞伤行人\",\"text\":\"某市一辆自动驾驶出租车在路口撞伤一名行人，警方已介入调查，公司表示将配合调查并暂停车队运营。\",\"published\":\"2024-05-02\"}\n"
              + "{\"url\":\"https://c.example.cn/3\",\"title\":\"人脸识别系统误认嫌疑人\",\"text\":\"警方使用的人脸识别系统错误识别一名男子为嫌疑人，导致其被拘留。\",\"published\":\"2024-05-02\"}\n");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(3, st.records);
      assertEquals(2, st.incidents, st.toString());
      assertEquals(1, st.textLinks);
    }
  }

  /** A Hong Kong or Taiwan outlet's Traditional-script copy of a mainland story is the same story. */
  @Test
  void traditionalAndSimplifiedCopiesOfOneStoryMerge() throws Exception {
    String simplified = "某市一辆自动驾驶出租车在路口撞伤一名行人，警方已介入调查，公司表示将配合调查并暂停车队运营。";
    String traditional = com.ibm.icu.text.Transliterator.getInstance("Simplified-Traditional").transliterate(simplified);
    assertNotEquals(simplified, traditional);
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve("zh-both.jsonl");
      java.nio.file.Files.writeString(f,
          "{\"url\":\"https://a.example.cn/1\",\"title\":\"某市自动驾驶出租车撞伤行人\",\"text\":\"" + simplified + "\",\"published\":\"2024-05-01\"}\n"
              + "{\"url\":\"https://b.example.hk/2\",\"title\":\"自動駕駛的士撞傷途人\",\"text\":\"" + traditional + "\",\"published\":\"2024-05-02\"}\n"
              + "{\"url\":\"https://c.example.cn/3\",\"title\":\"人脸识别系统误认嫌疑人\",\"text\":\"警方使用的人脸识别系统错误识别一名男子为嫌疑人，导致其被拘留。\",\"published\":\"2024-05-02\"}\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(3, r.inserted, "a copy in the other script is a record of its own (its own outlet and address)");
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(2, st.incidents, st.toString());
      assertEquals(1, st.textLinks);
    }
  }

  /**
   * A Chinese template filled in for another city, company and system is another event (outside QA, 2026-12-07: eight
   * such reports had become one incident, as no capitalised names mark Chinese titles); two outlets' copies of one
   * story, which name the same parties, still merge.
   */
  @Test
  void chineseTemplatedReportsAboutOtherPartiesStayApart() throws Exception {
    String[] city = {"深圳", "杭州", "成都", "武汉", "南京", "西安"}, org = {"华安科技", "星辰智能", "蓝海数据", "云图视觉", "天枢网络", "九州安防"},
        sys = {"慧眼", "天眼", "神瞳", "鹰眼", "灵犀", "明察"};
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < city.length; i++) {
      lines.append("{\"url\":\"https://news.example.cn/").append(i).append("\",\"title\":\"").append(city[i]).append("市").append(org[i]).append("公司的")
          .append(sys[i]).append("人脸识别系统误认身份 市民被错误拘留\",\"text\":\"据报道，").append(city[i]).append("市公安部门使用").append(org[i])
          .append("公司开发的").append(sys[i]).append("人脸识别系统，该系统将一名市民误认为通缉嫌疑人，导致其被错误拘留十二小时。当地律师表示，这一事件暴露了人工智能执法工具缺乏监督的问题。\",")
          .append("\"published\":\"2025-03-0").append(i + 1).append("\"}\n");
    }
    // the first story again, from another outlet: its own headline, a sentence more, the same parties
    lines.append("{\"url\":\"https://other.example.cn/a\",\"title\":\"华安科技慧眼系统出错 深圳市民被误拘十二小时\",\"text\":\"据报道，深圳市公安部门使用华安科技")
        .append("公司开发的慧眼人脸识别系统，该系统将一名市民误认为通缉嫌疑人，导致其被错误拘留十二小时。当地律师表示，这一事件暴露了人工智能执法工具缺乏监督的问题。公司尚未回应。\",")
        .append("\"published\":\"2025-03-02\"}\n");
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve("zh-template.jsonl");
      java.nio.file.Files.writeString(f, lines);
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(7, st.records);
      assertEquals(6, st.incidents, "six events, the first told twice: " + st);
      assertEquals(incidentOfUrl(db, "https://news.example.cn/0"), incidentOfUrl(db, "https://other.example.cn/a"));
      assertNotEquals(incidentOfUrl(db, "https://news.example.cn/0"), incidentOfUrl(db, "https://news.example.cn/1"));
    }
  }

  /**
   * Near-identical text about two operators named as different deployers is two events (outside QA, 2026-12-07: the
   * deployers rule had stopped event links only, so a title-case template merged on its text); a copy naming the same
   * deployer still joins.
   */
  @Test
  void nearIdenticalReportsNamingOtherDeployersStayApart() throws Exception {
    String body = "%s's customer service chatbot exposed the names, phone numbers and account balances of about three thousand customers to other"
        + " users after a configuration error on Tuesday, the company said in a statement. The chatbot was taken offline and regulators were notified.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"Chatbot Exposes Customer Data After Configuration Error\",\"text\":\"%s\","
        + "\"published\":\"2026-05-0%d\",\"deployers\":[\"%s\"]}\n";
    Clusterer.Stats st = twoEventsAndACopyOfTheFirst("deployers.jsonl", String.format(line, "a", 1, String.format(body, "Acme Savings"), 5, "Acme Savings")
        + String.format(line, "b", 2, String.format(body, "Zenith Credit"), 7, "Zenith Credit")
        + String.format(line, "c", 3, String.format(body, "Acme Savings") + " Acme Savings apologised.", 6, "Acme Savings"));
    assertEquals(1, st.textLinks, st.toString());
  }

  /**
   * A copy naming no deployer matches two templated reports about different deployers; the rules keep those two apart, and
   * the copy must not join them through itself (outside QA, 2026-12-07: merging was transitive). It goes with the report
   * it matches best; with the rule held between records only, all three become one incident.
   */
  @Test
  void aCopyNamingNoDeployerDoesNotBridgeTwoDeployers() throws Exception {
    String body = "%s customer service chatbot exposed the names, phone numbers and account balances of about three thousand customers to other"
        + " users after a configuration error on Tuesday, the company said in a statement. The chatbot was taken offline and regulators were notified.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"Chatbot Exposes Customer Data After Configuration Error\",\"text\":\"%s\","
        + "\"published\":\"2026-05-0%d\"%s}\n";
    String lines = String.format(line, "a", 1, String.format(body, "Acme Savings's"), 5, ",\"deployers\":[\"Acme Savings\"]")
        + String.format(line, "b", 2, String.format(body, "Zenith Credit's"), 7, ",\"deployers\":[\"Zenith Credit\"]")
        + String.format(line, "c", 3, String.format(body, "Acme Savings's") + " A spokesperson apologised.", 6, "")
        + String.format(line, "d", 4, String.format(body, "A bank's"), 6, "");
    for (boolean held : new boolean[] {true, false}) {
      try (Db db = Fixtures.db()) {
        java.nio.file.Path f = tmp.resolve("bridge.jsonl");
        java.nio.file.Files.writeString(f, lines);
        new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
        Clusterer.Options o = new Clusterer.Options();
        o.reportIncidentConflict = held;
        Clusterer.Stats st = new Clusterer(o, Progress.silent()).run(db);
        String a = incidentOfUrl(db, "https://a.example/1"), b = incidentOfUrl(db, "https://b.example/2");
        if (!held) {
          assertEquals(a, b, "the rules judged pairs only, and the copies bridged the two deployers: " + st);
          continue;
        }
        assertNotEquals(a, b, st.toString());
        assertEquals(2, st.incidents, st.toString());
        assertEquals(a, incidentOfUrl(db, "https://c.example/3"), "the copy naming Acme Savings goes with Acme Savings: " + st);
        assertTrue(st.rejected >= 1, st.toString());
      }
    }
  }

  /**
   * Sentence-case headlines from one template about two banks, no deployers given: "Bank" is a kind of body, not a name,
   * so the titles' names (Northwind, Northgate) differ and the reports stay apart (outside QA, 2026-12-07: they shared
   * "Bank" and merged); another outlet's copy about Northwind joins it.
   */
  @Test
  void templatedReportsAboutTwoBanksStayApart() throws Exception {
    String body = "A chatbot run by %1$s Bank exposed the account balances of about three thousand customers to other users after a"
        + " configuration error on Tuesday, %1$s Bank said in a statement. The chatbot was taken offline and regulators were notified.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"%s\",\"text\":\"%s\",\"published\":\"2026-05-0%d\"}\n";
    twoEventsAndACopyOfTheFirst("banks.jsonl", String.format(line, "a", 1, "Chatbot of Northwind Bank exposes customer data", String.format(body, "Northwind"), 5)
        + String.format(line, "b", 2, "Chatbot of Northgate Bank exposes customer data", String.format(body, "Northgate"), 6)
        + String.format(line, "c", 3, "Northwind Bank chatbot shows customers other people's balances", String.format(body, "Northwind") + " The bank apologised.", 6));
    assertEquals("Northwind", PartyNames.capitalisedWords("Chatbot of Northwind Bank exposes customer data"));
  }

  /**
   * Title-case headlines from one template about two towns: their capitals say nothing by themselves, so a title's names
   * are the words its text writes with a capital inside a sentence (Eastbrook, Westmoor), and the two stay apart (outside
   * QA, 2026-12-07: they merged); another outlet's sentence-case copy about Eastbrook joins it.
   */
  @Test
  void titleCaseHeadlinesAboutTwoTownsStayApart() throws Exception {
    String body = "A driverless car hit a pedestrian in %s on Monday evening, police said. The pedestrian was taken to hospital with"
        + " minor injuries and the operator suspended its driverless service in the town while engineers examine the car's software.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"%s\",\"text\":\"%s\",\"published\":\"2026-05-0%d\"}\n";
    twoEventsAndACopyOfTheFirst("towns.jsonl", String.format(line, "a", 1, "Driverless Car Hits Pedestrian In Eastbrook", String.format(body, "Eastbrook"), 5)
        + String.format(line, "b", 2, "Driverless Car Hits Pedestrian In Westmoor", String.format(body, "Westmoor"), 6)
        + String.format(line, "c", 3, "Pedestrian hurt by driverless car in Eastbrook", String.format(body, "Eastbrook") + " Police are investigating.", 6));
    assertEquals("Eastbrook", PartyNames.capitalisedWords("Driverless Car Hits Pedestrian In Eastbrook", String.format(body, "Eastbrook")));
    assertEquals("", PartyNames.capitalisedWords("Driverless Car Hits Pedestrian In Eastbrook", "A driverless car hit a pedestrian."),
        "a word the text does not write with a capital inside a sentence is no name");
  }

  /**
   * An editor's merge of two deployers' reports says they are one event: later copies of either join the merged incident
   * (outside QA, 2026-12-07: the rules between incidents refused every copy naming either deployer, and the copies
   * naming none went with them).
   */
  @Test
  void copiesJoinAnIncidentAnEditorMergedAcrossDeployers() throws Exception {
    String body = "%s said its tenant portal chatbot showed the names, rent arrears and phone numbers of about two thousand tenants to"
        + " other users after a software update on Friday. The chatbot was switched off and the data regulator was informed.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"%s\",\"text\":\"%s\",\"published\":\"2026-06-0%d\"%s}\n";
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve("edited-1.jsonl");
      java.nio.file.Files.writeString(f, String.format(line, "a", 1, "Acme Corp chatbot leaks tenant data", String.format(body, "Acme Corp"), 5,
          ",\"deployers\":[\"Acme Corp\"]")
          + String.format(line, "b", 2, "Zephyrion Labs chatbot leaks tenant data", String.format(body, "Zephyrion Labs"), 5, ",\"deployers\":[\"Zephyrion Labs\"]"));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Options o = new Clusterer.Options();
      assertEquals(2, new Clusterer(o, Progress.silent()).run(db).incidents);
      Decisions.merge(db, Long.parseLong(incidentOfUrl(db, "https://a.example/1")), Long.parseLong(incidentOfUrl(db, "https://b.example/2")), "editor",
          "one landlord's leak");
      java.nio.file.Path g = tmp.resolve("edited-2.jsonl");
      java.nio.file.Files.writeString(g, String.format(line, "c", 3, "Acme Corp chatbot leaked tenant data, researchers say",
          String.format(body, "Acme Corp") + " Researchers found it first.", 6, ",\"deployers\":[\"Acme Corp\"]")
          + String.format(line, "d", 4, "Chatbot leaked tenant data, researchers say", String.format(body, "Acme Corp") + " Researchers found it first.", 6, ""));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", g.toString());
      Clusterer.Stats st = new Clusterer(o, Progress.silent()).run(db);
      String merged = incidentOfUrl(db, "https://a.example/1");
      assertEquals(merged, incidentOfUrl(db, "https://b.example/2"), st.toString());
      assertEquals(merged, incidentOfUrl(db, "https://c.example/3"), "a copy naming Acme Corp joins the merged incident: " + st);
      assertEquals(merged, incidentOfUrl(db, "https://d.example/4"), "and so does one naming no deployer: " + st);
    }
  }

  /**
   * A title-case headline's names are read as far into its text as the linkage compares records: two copies of one story
   * whose headlines' names come only later in the text still join (outside QA, 2026-12-07: names read from 1,000
   * characters and looked for in the other's first 600 split them); a name written only at the start of a sentence counts.
   */
  @Test
  void titleCaseNamesAreReadAsFarAsTheLinkageCompares() throws Exception {
    String lead = "A driverless taxi struck a woman crossing the road on Thursday night and dragged her several metres before it stopped,"
        + " witnesses said. Emergency services took her to hospital, where she was treated for leg injuries and later released. The"
        + " vehicle had no safety driver on board and was carrying no passengers at the time, according to a statement issued on Friday."
        + " Witnesses said the car appeared to slow down before the impact but did not stop until other drivers sounded their horns"
        + " and a cyclist banged on its windows. Local officials have asked for the data recorded by its cameras and sensors, and"
        + " a spokesperson for the regional transport authority said an inquiry would look at how the car detects people at night. ";
    assertTrue(lead.length() > PartyNames.NAMES_TEXT, "the names come after what the linkage compares");
    String text = lead + "The crash happened in Eastbrook, near the station. The operator, Robocab, said it had paused its service there.";
    String line = "{\"url\":\"https://%s.example/%d\",\"title\":\"%s\",\"text\":\"%s\",\"published\":\"2026-06-05\"}\n";
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve("late-names.jsonl");
      java.nio.file.Files.writeString(f, String.format(line, "a", 1, "Driverless Car Hits Pedestrian In Eastbrook", text)
          + String.format(line, "b", 2, "Robocab Suspends Robotaxi Service After Crash", text));
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(1, st.incidents, st.toString());
    }
    assertEquals("Eastbrook", PartyNames.capitalisedWords("Driverless Car Hits Pedestrian In Eastbrook",
        "Eastbrook police said a driverless car hit a pedestrian. Eastbrook officials said the car was stopped."));
    assertEquals("", PartyNames.capitalisedWords("Robocab suspends its service", "Robocab said it had paused."),
        "a sentence-case title's names are its own capitals after the first word, as before");
  }

  /** Ingests reports a, b and c (https://a.example/1, b.example/2, c.example/3) and checks: two incidents, c with a, b apart; returns the run's figures. */
  private Clusterer.Stats twoEventsAndACopyOfTheFirst(String file, String jsonl) throws Exception {
    try (Db db = Fixtures.db()) {
      java.nio.file.Path f = tmp.resolve(file);
      java.nio.file.Files.writeString(f, jsonl);
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(2, st.incidents, st.toString());
      assertEquals(incidentOfUrl(db, "https://a.example/1"), incidentOfUrl(db, "https://c.example/3"), st.toString());
      assertNotEquals(incidentOfUrl(db, "https://a.example/1"), incidentOfUrl(db, "https://b.example/2"), st.toString());
      return st;
    }
  }
}
