package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IncidentsCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    return exec(new IncidentsCommand(), args);
  }

  static Run exec(Object command, String... args) {
    PrintStream o = System.out, e = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(command).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  @Test
  void listSearchAndShowWithSourceRecords() throws Exception {
    Path data = tmp.resolve("data");
    try (Db db = Db.embedded(data)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv")).toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    }
    Run all = run("--data", data.toString(), "--limit", "3");
    assertEquals(0, all.code(), all.err());
    assertTrue(all.out().contains("(1–3 shown)"), all.out());
    // a word only in a record's text, with the records of the hit printed
    Run hit = run("--data", data.toString(), "--records", "homeowner", "police");
    assertEquals(0, hit.code(), hit.err());
    assertTrue(hit.out().contains("- aiid:33 "), hit.out());
    assertTrue(hit.out().contains("\n1 incident (1–1 shown)"), hit.out());
    // an -exclude word after -- (as the help says): not an unknown option
    Run without = run("--data", data.toString(), "--", "homeowner", "-police");
    assertEquals(0, without.code(), without.err());
    assertFalse(without.out().contains("aiid:33"), "-police excludes the hit: " + without.out());
    // the same incident by id, as JSON, with every source record
    long id = Long.parseLong(hit.out().substring(1, hit.out().indexOf(' ')));
    Run one = run("--data", data.toString(), "--id", Long.toString(id), "--format", "json");
    assertEquals(0, one.code(), one.err());
    assertTrue(one.out().contains("\"source_id\" : \"33\""), one.out());
    // filters and bad input
    assertTrue(run("--data", data.toString(), "--filter", "source=nobody", "homeowner").out().contains("0 incidents"));
    // a misspelt facet is named (review of 2026-12-04: it had been ignored)
    Run topc = run("--data", data.toString(), "--filter", "topc=military");
    assertEquals(2, topc.code(), topc.out());
    assertTrue(topc.err().contains("unknown facet 'topc'"), topc.err());
    Run bad = run("--data", data.toString(), "--filter", "nonsense");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--filter"), bad.err());
    Run badSort = run("--data", data.toString(), "--sort", "size", "x");
    assertEquals(2, badSort.code());
    assertTrue(badSort.err().contains("sort"), badSort.err());
    assertEquals(2, run("--data", data.toString(), "--id", "999999").code(), "an unknown incident is an error, not a crash");
    // an incident known only to its year (an AIAAIC entry alone) shows the year, not 1 January
    String[] yearOnly;
    try (Db db = Db.embedded(data)) {
      yearOnly = db.read(c -> {
        var row = org.aigov.observatory.kernel.Sql.one(c, "SELECT id, CAST(first_date AS VARCHAR(10)) AS d FROM incidents WHERE date_precision = 'year' ORDER BY id LIMIT 1");
        return new String[] {String.valueOf(row.get("id")), (String) row.get("d")};
      });
    }
    Run year = run("--data", data.toString(), "--id", yearOnly[0]);
    assertTrue(year.out().contains("    " + yearOnly[1].substring(0, 4) + " · "), year.out());
    assertFalse(year.out().contains(yearOnly[1]), "no 1 January: " + year.out());
  }

  @Test
  void feedsItemsListsWhatAFeedAdded() throws Exception {
    Path data = tmp.resolve("feeds-data");
    long fid;
    try (Db db = Db.embedded(data)) {
      fid = (Long) Feeds.add(db, "https://example.org/wire.xml", "Wire 通讯", 600, "t").get("id");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent())
          .feedBody("https://example.org/wire.xml", FeedIngestTest.RSS.strip().getBytes(StandardCharsets.UTF_8), fid);
      assertEquals(2, r.inserted, r.messages.toString());
    }
    PrintStream o = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new FeedsCommand()).execute("items", Long.toString(fid), "--data", data.toString());
    } finally {
      System.setOut(o);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.startsWith("feed " + fid + " added 2 report(s); newest first:"), text);
    assertTrue(text.indexOf("Second story") < text.indexOf("Chatbot gives dangerous advice"), "newest first: " + text);
    assertTrue(text.contains("not clustered yet"), text);
  }

  @Test
  void reportsQueueFromTheCommandLine() throws Exception {
    Path data = tmp.resolve("reports-data");
    long id;
    try (Db db = Db.embedded(data)) {
      id = ((Number) Ingest.postOne(db, Classifier.bundled(), org.aigov.observatory.kernel.Json.read(
          "{\"url\":\"https://anon.example/cli\",\"title\":\"Anonymous tip 匿名线索\",\"published\":\"2024-05-01\",\"source\":\"public\","
          + "\"deployers\":[\"City Bank\"],\"countries\":[\"CN\"]}")).get("record_id")).longValue();
    }
    String pending = capture("pending", "--data", data.toString());
    assertTrue(pending.startsWith("1 report(s) waiting for review"), pending);
    assertTrue(pending.contains(" anonymous "), "the sender, here none: " + pending);
    assertTrue(pending.contains("Anonymous tip 匿名线索") && pending.contains("2024-05-01"), pending);
    assertTrue(pending.contains("      deployers: City Bank · countries: CN"), "what accepting publishes: " + pending);
    String accepted = capture("accept", Long.toString(id), "--note", "checked", "--data", data.toString());
    assertTrue(accepted.startsWith("report " + id + " accepted"), accepted);
    assertTrue(capture("pending", "--data", data.toString()).startsWith("0 report(s)"));
    try (Db db = Db.embedded(data)) {
      assertEquals("cli", IngestTest.one(db, "SELECT reviewed_by FROM incident_reviews WHERE record_id = " + id));
      assertEquals("checked", IngestTest.one(db, "SELECT note FROM incident_reviews WHERE record_id = " + id));
      assertEquals("accepted", IngestTest.one(db, "SELECT review_status FROM incident_records WHERE id = " + id));
    }
  }

  @Test
  void topicsFromTheCommandLine() throws Exception {
    Path data = tmp.resolve("topics-data");
    Db.embedded(data).close();
    String d = data.toString();
    Run added = topics("add", "drones", "--name-en", "Drones", "--name-zh", "无人机", "--en", "drone; UAV", "--data", d);
    assertEquals(0, added.code(), added.err());
    assertTrue(added.out().startsWith("added drones  Drones / 无人机  [drone; UAV]"), added.out());
    Run changed = topics("update", "drones", "--zh", "无人机; 无人驾驶飞机", "--data", d);
    assertEquals(0, changed.code(), changed.err());
    assertTrue(changed.out().contains("[drone; UAV | 无人机; 无人驾驶飞机]"), "names and English terms kept: " + changed.out());
    Run list = topics("--data", d);
    // the seed's military topic, the seven starter topics (V4_24) and drones
    assertTrue(list.out().startsWith("9 topic(s)") && list.out().contains("military") && list.out().contains("(built in)"), list.out());
    Run shown = topics("show", "drones", "--data", d);
    assertTrue(shown.out().contains(" create by cli: drone; UAV | ") && shown.out().contains(" update by cli: drone; UAV | 无人机; 无人驾驶飞机"), shown.out());
    Run bad = topics("update", "drones", "--en", "!!", "--data", d);
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("terms_en"), bad.err());
    Run builtin = topics("delete", "military", "--data", d);
    assertEquals(2, builtin.code());
    assertTrue(builtin.err().contains("built in"), builtin.err());
    assertEquals(0, topics("delete", "drones", "--data", d).code());
    assertTrue(topics("--data", d).out().startsWith("8 topic(s)"));
    // a deleted topic's history stays readable
    Run gone = topics("show", "drones", "--data", d);
    assertEquals(0, gone.code(), gone.err());
    assertTrue(gone.out().startsWith("drones  (deleted") && gone.out().contains(" delete by cli"), gone.out());
    assertEquals(2, topics("show", "never-was", "--data", d).code(), "a topic that never was is an error");
  }

  /** Without the shared data, eval names the folder it needs at once, before minutes of classifier work. */
  @Test
  void evalWithoutTheSharedDataNamesWhatItNeeds() throws Exception {
    Path empty = Files.createTempDirectory("no-shared");
    Run r = cli("eval", "--skip-classifier", "--shared", empty.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--shared: " + empty.resolve("aiid-2025-03") + " not found"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  /** An export that cannot write its file says so, naming --out, and leaves no half-made file. */
  @Test
  void anExportToAPlaceThatCannotBeWrittenNamesOut() throws Exception {
    Path dir = Files.createTempDirectory("export");
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(dir.resolve("d"))) {
      db.read(c -> null); // an empty store: export only reads, and refuses a folder with none
    }
    // incidents have one format, so it is their default (it used to be json, which they refused), and its case is free
    for (String[] f : new String[][] {{}, {"--format", "CSV"}}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("export", "incidents", "--data", dir.resolve("d").toString()));
      args.addAll(java.util.List.of(f));
      Run ok = cli(args.toArray(String[]::new));
      assertEquals(0, ok.code(), ok.err());
      assertTrue(ok.out().startsWith("source,source_id,incident_id,"), ok.out());
    }
    Run r = cli("export", "incidents", "--format", "csv", "--out", notADir.resolve("x.csv").toString(), "--data", dir.resolve("d").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("error: out: cannot write"), r.err());
    Run bad = cli("export", "instruments", "--format", "xml", "--out", dir.resolve("x.xml").toString(), "--data", dir.resolve("d").toString());
    assertEquals(2, bad.code());
    assertFalse(Files.exists(dir.resolve("x.xml")), "a refused export makes no file");
  }

  /** A CSV that is not the format it is ingested as is refused in one line, exit 2, not with a stack trace. */
  @Test
  void aFileThatIsNotTheFormatNamedIsRefusedInOneLine() throws Exception {
    Path dir = Files.createTempDirectory("ingest");
    Path csv = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
    Run r = cli("ingest", "aiid", csv.toString(), "--data", dir.resolve("d").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("other.csv is neither an AIID incidents.csv (header with incident_id, title) nor a reports.csv (report_number, url); its header: a,b"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  /** An empty CSV exits 2 naming why; an empty JSON-lines file exits 0 and says nothing was ingested. */
  @Test
  void anEmptyFileIsNeverASilentSuccess() throws Exception {
    Path dir = Files.createTempDirectory("ingest");
    Path csv = Files.write(dir.resolve("aiaaic.csv"), new byte[0]);
    Run a = cli("ingest", "aiaaic", csv.toString(), "--data", dir.resolve("d").toString(), "--no-cluster");
    assertEquals(2, a.code(), a.err());
    assertTrue(a.err().contains("error: not an AIAAIC export: no 'AIAAIC ID#' header (the file is empty)"), a.err());
    Path jsonl = Files.write(dir.resolve("r.jsonl"), new byte[0]);
    Run b = cli("ingest", "jsonl", jsonl.toString(), "--data", dir.resolve("d").toString(), "--no-cluster");
    assertEquals(0, b.code(), b.err());
    assertTrue(b.err().contains("note: " + jsonl + " holds no rows; nothing was ingested"), b.err());
  }

  /** The count line reads as a sentence: "1 incident", not "1 incidents" (outside QA). */
  @Test
  void oneIncidentIsSaidInTheSingular() throws Exception {
    Path dir = Files.createTempDirectory("one");
    Path jsonl = Files.writeString(dir.resolve("r.jsonl"), "{\"title\":\"Kelp drone swarm blinds a ferry's radar\",\"url\":\"https://example.org/kelp\",\"date\":\"2026-11-02\"}\n"
        + "{\"title\":\"Seaweed sorter misreads a catch\",\"url\":\"https://example.org/sorter\",\"date\":\"2026-11-03\"}\n");
    assertEquals(0, cli("ingest", "jsonl", jsonl.toString(), "--data", dir.resolve("d").toString()).code());
    Run one = cli("incidents", "kelp", "--data", dir.resolve("d").toString());
    assertEquals(0, one.code(), one.err());
    assertTrue(one.out().strip().endsWith("\n1 incident (1–1 shown)"), one.out());
    Run two = cli("incidents", "--data", dir.resolve("d").toString());
    assertTrue(two.out().strip().endsWith("\n2 incidents (1–2 shown)"), two.out());
    // one incident whole: a list's options are refused, not ignored (outside QA)
    Run byId = cli("incidents", "--id", "1", "--limit", "2", "--data", dir.resolve("d").toString());
    assertEquals(2, byId.code(), byId.out());
    assertEquals("error: --id prints one incident whole: --limit is for a list, not with --id", byId.err().strip());
    assertEquals(0, cli("incidents", "--id", "1", "--data", dir.resolve("d").toString()).code());
  }

  /** The suggested merges on the command line, and "apart": a cannot-link that drops the suggestion and outlasts clustering. */
  @Test
  void suggestionsAndApartFromTheCommandLine() throws Exception {
    Path data = tmp.resolve("suggest-data");
    Clusterer.Options strict = new Clusterer.Options();
    strict.threshold = 3; // every candidate is left apart, the best suggested
    strict.suggestBand = 3;
    try (Db db = Db.embedded(data)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv")).toString());
      new Clusterer(strict, Progress.silent()).run(db);
    }
    String d = data.toString();
    Run json = cli("decisions", "suggestions", "--format", "json", "--limit", "1000", "--data", d);
    assertEquals(0, json.code(), json.err());
    com.fasterxml.jackson.databind.JsonNode items = org.aigov.observatory.kernel.Json.read(json.out());
    assertTrue(items.size() > 1, json.out());
    long ra = items.get(0).get("a").get("record_id").asLong(), rb = items.get(0).get("b").get("record_id").asLong();
    Run text = cli("decisions", "suggestions", "--limit", "1", "--data", d);
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().startsWith("1 suggested merge(s) from the last clustering run"), text.out());
    assertTrue(text.out().contains("record " + ra + "  ") && text.out().contains("record " + rb + "  "), text.out());
    long near = 0;
    for (com.fasterxml.jackson.databind.JsonNode it : items) if (MergeSuggestions.NEAR.equals(it.get("reason").asText())) near++;
    assertTrue(near > 0 && near < items.size() || near == items.size(), "counted");
    Run nearOnly = cli("decisions", "suggestions", "--reason", "near_threshold", "--format", "json", "--limit", "1000", "--data", d);
    assertEquals(0, nearOnly.code(), nearOnly.err());
    com.fasterxml.jackson.databind.JsonNode nearItems = org.aigov.observatory.kernel.Json.read(nearOnly.out());
    assertEquals(near, nearItems.size(), nearOnly.out());
    for (com.fasterxml.jackson.databind.JsonNode it : nearItems) assertEquals(MergeSuggestions.NEAR, it.get("reason").asText());
    Run nearText = cli("decisions", "suggestions", "--reason", "near_threshold", "--limit", "1", "--data", d);
    assertTrue(nearText.out().contains("just below the threshold"), nearText.out());
    long inA = items.get(0).get("a").get("incident_id").asLong(), touching = 0;
    for (com.fasterxml.jackson.databind.JsonNode it : items) {
      if (it.get("a").get("incident_id").asLong() == inA || it.get("b").get("incident_id").asLong() == inA) touching++;
    }
    Run ofIncident = cli("decisions", "suggestions", "--incident", "" + inA, "--format", "json", "--limit", "1000", "--data", d);
    assertEquals(touching, org.aigov.observatory.kernel.Json.read(ofIncident.out()).size(), ofIncident.out());
    Run badReason = cli("decisions", "suggestions", "--reason", "close", "--data", d);
    assertEquals(2, badReason.code(), badReason.out() + badReason.err());
    assertTrue(badReason.err().contains("--reason: expected one of [near_threshold, refused_by_rule, same_monitor], got 'close'"),
        badReason.err());
    String[][] bad = {{"apart", "" + ra}, {"apart", "" + ra, "" + ra}, {"apart", "" + ra, "987654321"}, {"apart", "" + ra, "x"}};
    String[] why = {"apart needs two record ids, got 1", "expected another record than record_a", "record 987654321 is in no incident",
        "expected a record id (a number), got 'x'"};
    for (int i = 0; i < bad.length; i++) {
      List<String> args = new ArrayList<>(List.of("decisions"));
      args.addAll(List.of(bad[i]));
      args.addAll(List.of("--data", d));
      Run r = cli(args.toArray(String[]::new));
      assertEquals(2, r.code(), String.join(" ", bad[i]) + ": " + r.out() + r.err());
      assertTrue(r.err().startsWith("error: ") && r.err().contains(why[i]), String.join(" ", bad[i]) + ": " + r.err());
    }
    assertEquals(2, cli("decisions", "suggestions", "--limit", "0", "--data", d).code());
    Run apart = cli("decisions", "apart", "" + ra, "" + rb, "--note", "two events", "--data", d);
    assertEquals(0, apart.code(), apart.err());
    assertTrue(apart.out().startsWith("records " + ra + " and " + rb + " are different events (decision "), apart.out());
    assertFalse(apart.out().contains("taken before"), apart.out());
    Run again = cli("decisions", "apart", "" + rb, "" + ra, "--data", d);
    assertTrue(again.out().contains(", taken before; nothing added)"), "a second time says so (outside QA, 2026-12-07): " + again.out());
    Run after = cli("decisions", "suggestions", "--format", "json", "--limit", "1000", "--data", d);
    assertEquals(items.size() - 1, org.aigov.observatory.kernel.Json.read(after.out()).size(), after.out());
    try (Db db = Db.embedded(data)) {
      Clusterer.Options loose = new Clusterer.Options();
      loose.threshold = -5; // links whatever it can: the decision still holds
      new Clusterer(loose, Progress.silent()).run(db);
      assertNotEquals(IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + ra),
          IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + rb));
    }
  }

  /** Editors' merge and split on the command line: the API's decisions, by the operator ("cli"), kept by a later clustering run. */
  @Test
  void mergeAndSplitFromTheCommandLineOutlastClustering() throws Exception {
    Path data = tmp.resolve("decisions-data");
    long a, b, rec60;
    try (Db db = Db.embedded(data)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv")).toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      java.util.Map<String, Long> inc = ClusterTest.incidentOf(db);
      a = inc.get("aiid:1");
      b = inc.get("aiid:60");
      rec60 = EvalCommand.recordId(db, "aiid", "60");
    }
    assertNotEquals(a, b);
    String d = data.toString();
    // bad input: exit 2 with what is wrong, and nothing decided
    String[][] bad = {{"merge", "" + a, "" + a}, {"merge", "" + a, "987654321"}, {"merge", "" + a}, {"merge", "" + a, "sixty"},
        {"split", "" + a}, {"split", "" + b, "987654321"}, {"split", "" + b, "" + rec60, "x"}, {"undo"},
        // an option the action does not read is refused, not ignored while the write goes ahead (outside QA)
        {"merge", "" + a, "" + b, "--limit", "5"}, {"merge", "" + a, "" + b, "--reason", "bogus"}, {"merge", "" + a, "" + b, "--format", "yaml"},
        {"list", "extra"}, {"list", "--offset", "-1"}, {"suggestions", "--incident", "987654321"}};
    String[] why = {"cannot merge an incident with itself", "incident 987654321 not found", "merge needs two incident ids, got 1",
        "expected an incident id (a number), got 'sixty'", "split needs the incident id and at least one record id", "record 987654321 is not in incident " + b,
        "expected a record id (a number), got 'x'", "expected list, merge, split, suggestions or apart, got 'undo'",
        "--limit: not an option of decisions merge (it takes --note, --format)", "--reason: not an option of decisions merge",
        "--format: expected text or json, got 'yaml'", "decisions list takes no ids, got 'extra'", "--offset: expected 0 or more, got -1",
        "incident 987654321 not found"};
    for (int i = 0; i < bad.length; i++) {
      String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("decisions"), java.util.stream.Stream.concat(java.util.Arrays.stream(bad[i]),
          java.util.stream.Stream.of("--data", d))).toArray(String[]::new);
      Run r = cli(args);
      assertEquals(2, r.code(), String.join(" ", bad[i]) + ": " + r.out() + r.err());
      assertTrue(r.err().startsWith("error: ") && r.err().contains(why[i]), String.join(" ", bad[i]) + ": " + r.err());
    }
    Run longNote = cli("decisions", "merge", "" + a, "" + b, "--note", "n".repeat(2001), "--data", d);
    assertEquals(2, longNote.code());
    assertTrue(longNote.err().contains("--note: at most 2000 characters"), longNote.err());
    // a note is one visible line: a line break had printed a forged decision under its own in the list
    for (String forged : new String[] {"spoof\n  99  2026-12-06T00:00:00Z  split by acct:1", "robot \u202eevil\u202c", "bell\u0007"}) {
      Run r = cli("decisions", "merge", "" + a, "" + b, "--note", forged, "--data", d);
      assertEquals(2, r.code(), forged);
      assertTrue(r.err().contains("--note: contains "), r.err());
    }
    try (Db db = Db.embedded(data)) {
      assertEquals(0L, IngestTest.count(db, "SELECT COUNT(*) FROM incident_decisions"), "the refused commands decided nothing");
    }
    Run merged = cli("decisions", "merge", "" + a, "" + b, "--note", "one event", "--data", d);
    assertEquals(0, merged.code(), merged.err());
    long survivor = Math.min(a, b);
    assertTrue(merged.out().startsWith("merged incidents " + a + " and " + b + " into incident " + survivor + " ("), merged.out());
    // the undo names every record the other incident brought (a newcomer's undo named one and left the rest in)
    java.util.regex.Matcher undo = java.util.regex.Pattern.compile("(?m)^to undo: decisions split " + survivor + "((?: \\d+)+)$").matcher(merged.out());
    assertTrue(undo.find(), merged.out());
    try (Db db = Db.embedded(data)) {
      java.util.Set<String> brought = new java.util.HashSet<>(List.of(undo.group(1).strip().split(" ")));
      assertEquals(survivor != b, brought.contains(String.valueOf(rec60)), brought + ": the merged-away incident's records, record " + rec60 + " is incident " + b + "'s");
      java.util.Set<String> members = new java.util.HashSet<>();
      for (java.util.Map<String, Object> m : IncidentQueries.records(db, survivor)) members.add(String.valueOf(m.get("id")));
      assertTrue(members.containsAll(brought), brought + " in " + members);
      assertTrue(brought.size() < IncidentQueries.records(db, survivor).size(), "the survivor's own records are not named");
    }
    try (Db db = Db.embedded(data)) {
      assertEquals("cli", IngestTest.one(db, "SELECT editor FROM incident_decisions WHERE note = 'one event'"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      java.util.Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(survivor, inc.get("aiid:1"), "a later clustering run keeps the merge");
      assertEquals(survivor, inc.get("aiid:60"));
    }
    // every record out would leave the incident empty; the incident merged away is unknown now
    StringBuilder all = new StringBuilder();
    try (Db db = Db.embedded(data)) {
      for (java.util.Map<String, Object> r : IncidentQueries.records(db, survivor)) all.append(r.get("id")).append(' ');
    }
    List<String> every = new ArrayList<>(List.of("decisions", "split", "" + survivor));
    every.addAll(List.of(all.toString().strip().split(" ")));
    every.addAll(List.of("--data", d));
    Run empty = cli(every.toArray(String[]::new));
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("a split must leave at least one record in the incident"), empty.err());
    assertEquals(2, cli("decisions", "merge", "" + Math.max(a, b), "" + survivor, "--data", d).code(), "merged away");
    Run split = cli("decisions", "split", "" + survivor, "" + rec60, "" + rec60, "--note", "two events after all", "--data", d); // named twice, moved once
    assertEquals(0, split.code(), split.err());
    assertTrue(split.out().startsWith("split 1 record(s) out of incident " + survivor + " into incident "), split.out());
    try (Db db = Db.embedded(data)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      java.util.Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:1"), inc.get("aiid:60"), "a later clustering run keeps the split");
    }
    Run list = cli("decisions", "--data", d);
    assertEquals(0, list.code(), list.err());
    // a page of the history says it is one, and where the next begins (it read as the total; outside QA)
    Run page = cli("decisions", "list", "--limit", "1", "--offset", "1", "--data", d);
    assertEquals(0, page.code(), page.err());
    assertTrue(page.out().matches("(?s)1 of \\d+ decisions, newest first, from the 2nd newest(; --offset 2 for the next)?\n.*"), page.out());
    // every action needs the store there: a mistyped folder is said, and no store is made (a merge had made one)
    Path typo = tmp.resolve("no-such-store");
    Run nowhere = cli("decisions", "merge", "1", "2", "--data", typo.toString());
    assertEquals(2, nowhere.code(), nowhere.err());
    assertTrue(nowhere.err().contains("no store at"), nowhere.err());
    Run evalNowhere = cli("eval", "--skip-classifier", "--data", typo.toString());
    assertEquals(2, evalNowhere.code(), evalNowhere.err());
    assertTrue(evalNowhere.err().contains("--data: no store at"), evalNowhere.err());
    assertFalse(Files.exists(typo), "nothing made");
    // --export scores the file alone: an option about a store or a run is refused, not ignored (outside QA)
    Path header = Files.writeString(tmp.resolve("header-only.csv"), "source,source_id,incident_id\n");
    Run both = cli("eval", "--export", header.toString(), "--data", d, "--threshold", "0.9");
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("--data, --threshold: not with --export"), both.err());
    Run headerOnly = cli("eval", "--export", header.toString());
    assertEquals(2, headerOnly.code(), headerOnly.err());
    assertTrue(headerOnly.err().contains("holds no clustered AIID or AIAAIC record"), headerOnly.err());
    assertTrue(list.out().contains(" split by cli: ") && list.out().contains("\"two events after all\""), list.out());
    assertTrue(list.out().contains(" merge by cli: ") && list.out().contains("\"one event\""), list.out());
    // splitting out the incident's first record takes its number along: said so, not "into incident N; M keeps the rest" (outside QA, 2026-12-07)
    long other, whole;
    int left;
    try (Db db = Db.embedded(data)) {
      other = ClusterTest.incidentOf(db).get("aiid:60");
      whole = Math.min(survivor, other);
    }
    assertEquals(0, cli("decisions", "merge", "" + survivor, "" + other, "--data", d).code());
    try (Db db = Db.embedded(data)) {
      left = IncidentQueries.records(db, whole).size();
    }
    assertTrue(left >= 2, "the merged incident holds two records or more: " + left);
    Run first = cli("decisions", "split", "" + whole, "" + whole, "--data", d);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().startsWith("split 1 record(s) out of incident " + whole + "; they keep number " + whole + ", since it is the number of"
        + " their record " + whole), first.out());
    long rest = Long.parseLong(first.out().replaceAll("(?s).*the rest are now incident (\\d+).*", "$1"));
    try (Db db = Db.embedded(data)) {
      assertEquals(left - 1, IncidentQueries.records(db, rest).size(), "the rest are where the message says");
    }
    // the incidents command's country filter shares the API's check
    Run country = run("--data", d, "--filter", "country=XX");
    assertEquals(2, country.code());
    assertTrue(country.err().contains("country: expected an ISO 3166 alpha-2 code"), country.err());
    assertEquals(0, run("--data", d, "--filter", "country=AQ").code(), "a country with no incidents lists none");
  }

  /** A half character stored before ingest dropped them is exported as "?" to a file too: it had stopped the export. */
  @Test
  void aStoredHalfCharacterDoesNotStopAnExportToAFile() throws Exception {
    Path data = clusteredFixture(tmp, "half");
    try (Db db = Db.embedded(data)) {
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_records SET title = ? WHERE source = 'aiid' AND source_id = '1'", "half \uD800 title"));
    }
    Path csv = tmp.resolve("half.csv");
    Run exp = cli("export", "incidents", "--format", "csv", "--out", csv.toString(), "--data", data.toString());
    assertEquals(0, exp.code(), exp.err());
    String written = Files.readString(csv, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(written.contains("half ? title"), "the half is written as ?");
    assertEquals(1, written.lines().filter(l -> l.startsWith("source,source_id,incident_id,")).count(), "one header");
  }

  private static Path clusteredFixture(Path tmp, String name) throws Exception {
    Path data = tmp.resolve(name);
    try (Db db = Db.embedded(data)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap-" + name)).toString());
      in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic-" + name + ".csv")).toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    }
    return data;
  }

  /**
   * After "merge A B", "split A B" moves record B alone: the records the merge joined stay in A, and the split says which
   * (a newcomer found B's other records still in A, one split per record later). A split that cuts no merge says nothing more.
   */
  @Test
  void aSplitThatCutsAMergeListsTheRecordsTheMergeKeepsInTheIncident() throws Exception {
    Path data = clusteredFixture(tmp, "merge-split");
    String d = data.toString();
    long report, c086, c062, rec51;
    java.util.Map<String, Long> inc;
    try (Db db = Db.embedded(data)) {
      inc = ClusterTest.incidentOf(db);
      report = EvalCommand.recordId(db, "aiid-report", "1000001");
      c086 = EvalCommand.recordId(db, "aiaaic", "AIAAIC086");
      c062 = EvalCommand.recordId(db, "aiaaic", "AIAAIC062");
      rec51 = EvalCommand.recordId(db, "aiid", "51");
    }
    long a = inc.get("aiid:72"), b = inc.get("aiid:51");
    assertEquals(b, inc.get("aiaaic:AIAAIC062"), "the fixture's AIAAIC062 joins aiid:51 by clustering");
    // a split of an incident clustering made: no merge is cut, nothing more to say
    Run plain = cli("decisions", "split", "" + a, "" + report, "--data", d);
    assertEquals(0, plain.code(), plain.err());
    assertFalse(plain.out().contains("note:"), plain.out());
    assertFalse(cli("decisions", "split", "" + a, "" + c086, "--format", "json", "--data", d).out().contains("kept_by_merge"),
        "json: no merge cut");

    // merge 72's incident with 51's, then split record 51 out: AIAAIC062 came with it and stays, and is listed
    assertEquals(0, cli("decisions", "merge", "" + a, "" + b, "--data", d).code());
    long survivor = Math.min(a, b);
    Run split = cli("decisions", "split", "" + survivor, "" + rec51, "--data", d);
    assertEquals(0, split.code(), split.err());
    String out = split.out();
    long kept;
    try (Db db = Db.embedded(data)) {
      kept = ClusterTest.incidentOf(db).get("aiid:72"); // the rest keep the incident's id when the record split out named it
    }
    assertTrue(out.contains("note: this split cut merge decision ") && out.contains("stay in incident " + kept + ", since"), out);
    assertTrue(out.contains("\n  " + c062 + "  aiaaic:AIAAIC062  "), out);
    assertFalse(out.contains("  " + rec51 + "  aiid:51  "), "the record split out is not among those kept: " + out);
    assertFalse(out.contains("aiaaic:AIAAIC086"), "split out before the merge, so not in the incident: " + out);
    try (Db db = Db.embedded(data)) {
      assertEquals(kept, ClusterTest.incidentOf(db).get("aiaaic:AIAAIC062"), "the listing changes nothing: it is what stayed");
    }
    // the first split retired the merge's links; what holds AIAAIC062 now is that split's own, so splitting it cuts no merge
    Run again = cli("decisions", "split", "" + kept, "" + c062, "--format", "json", "--data", d);
    assertEquals(0, again.code(), again.err());
    assertFalse(again.out().contains("\"merges_cut\""), again.out());
  }

  /** Subscriptions made on the command line are listed and stopped there too, by the API's code (Alerts.subscriptions, deactivate). */
  @Test
  void subscriptionsAreListedAndStoppedFromTheCommandLine() throws Exception {
    Path data = tmp.resolve("subs-data");
    String d = data.toString();
    Run none = cli("alerts", "--subscriptions", "--data", d);
    assertEquals(2, none.code(), none.out());
    assertTrue(none.err().contains("no store at"), none.err());
    assertFalse(Files.exists(data.resolve("observatory.mv.db")), "a listing creates no store");
    assertEquals(0, cli("alerts", "--subscribe", "granularity=month", "--no-deliver", "--data", d).code());
    // the build allows private webhook targets for its local receivers
    Run hook = cli("alerts", "--subscribe", "source=aiid&granularity=year", "--webhook", "http://127.0.0.1:9/hook", "--no-deliver", "--data", d);
    assertEquals(0, hook.code(), hook.err());
    // said in lines, the feed a path with a word on it (it printed a raw map, "feed=/api/…"; outside QA)
    assertTrue(hook.out().matches("(?s)subscribed: #\\d+ granularity=year;source=aiid\n  Atom feed: /api/incidents/subscriptions/\\d+/feed\\.atom"
        + " \\(on the server's address; set OBS_PUBLIC_URL for a full link\\)\n  webhook: http://127\\.0\\.0\\.1:9/hook\n  secret: \\S+ \\(shown only now.*"), hook.out());
    Run ftp = cli("alerts", "--subscribe", "granularity=week", "--webhook", "ftp://nope", "--no-deliver", "--data", d);
    assertEquals(2, ftp.code(), ftp.err());
    assertTrue(ftp.err().startsWith("error: --webhook: "), "the option, not webhook_url: " + ftp.err());
    long atomId, hookId;
    try (Db db = Db.embedded(data)) {
      List<java.util.Map<String, Object>> subs = Alerts.subscriptions(db);
      assertEquals(2, subs.size());
      atomId = (Long) subs.get(0).get("id");
      hookId = (Long) subs.get(1).get("id");
    }
    Run listed = cli("alerts", "--subscriptions", "--data", d);
    assertEquals(0, listed.code(), listed.err());
    String l = listed.out();
    assertTrue(l.startsWith("2 subscriptions (2 active)\n"), l);
    assertTrue(l.contains("#" + atomId + "  series granularity=month, \"cli granularity=month\"  created "), l);
    assertTrue(l.contains("Atom feed /api/incidents/subscriptions/" + atomId + "/feed.atom (on the server's address"), l);
    assertTrue(l.contains("#" + hookId + "  series ") && l.contains("webhook http://127.0.0.1:9/hook"), l);
    assertTrue(l.contains(" by cli\n"), l);
    // the delivery log, as the API gives it (an outside QA pass: the command line had none)
    long[] ids = new long[2];
    try (Db db = Db.embedded(data)) {
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at)"
          + " VALUES ('granularity=year;source=aiid', 'year', '2024', 9, 1.0, 0.001, 'poisson', '{\"en\":\"e\",\"zh\":\"z\"}', CURRENT_TIMESTAMP)"));
      ids[0] = IngestTest.count(db, "SELECT MAX(id) FROM incident_alerts");
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_deliveries (subscription_id, alert_id, status, attempts, next_attempt_at, created_at)"
          + " VALUES (?, ?, 'pending', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", hookId, ids[0]));
      ids[1] = IngestTest.count(db, "SELECT MAX(id) FROM incident_deliveries");
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_delivery_log (delivery_id, attempt, at, http_status, error, duration_ms)"
          + " VALUES (?, 1, CURRENT_TIMESTAMP, 503, 'HTTP 503', 12)", ids[1]));
    }
    Run log = cli("alerts", "--deliveries", "" + hookId, "--data", d);
    assertEquals(0, log.code(), log.err());
    assertTrue(log.out().contains("  delivery " + ids[1] + "  alert #" + ids[0] + "  pending, 1 attempt(s), next attempt "), log.out());
    assertTrue(log.out().matches("(?s).*\n    attempt 1  \\S+  HTTP 503  12 ms\n.*"), log.out());
    assertEquals(2, cli("alerts", "--deliveries", "987654", "--data", d).code());

    Run stop = cli("alerts", "--unsubscribe", "" + hookId, "--data", d);
    assertEquals(0, stop.code(), stop.err());
    assertTrue(stop.out().startsWith("stopped subscription " + hookId + " (series "), stop.out());
    try (Db db = Db.embedded(data)) {
      assertEquals(false, Alerts.subscriptions(db).get(1).get("active"));
      assertEquals(true, Alerts.subscriptions(db).get(0).get("active"), "only the one named");
    }
    Run after = cli("alerts", "--subscriptions", "--data", d);
    assertTrue(after.out().startsWith("2 subscriptions (1 active)\n") && after.out().contains("[stopped]"), after.out());
    assertTrue(after.out().contains("deliveries: 0 pending, 0 delivered, 0 failed, 1 cancelled"), "a stopped subscription's waiting delivery is said: " + after.out());
    assertTrue(cli("alerts", "--unsubscribe", "" + hookId, "--data", d).out().contains("was already stopped"));
    Run unknown = cli("alerts", "--unsubscribe", "987654", "--data", d);
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("subscription 987654 not found"), unknown.err());
    Run both = cli("alerts", "--list", "--unsubscribe", "" + atomId, "--data", d);
    assertEquals(2, both.code());
    assertTrue(both.err().contains("give one at a time"), both.err());
    try (Db db = Db.embedded(data)) {
      assertEquals(true, Alerts.subscriptions(db).get(0).get("active"), "a refused command stops nothing");
    }
  }

  /** The help says what the commands do (a newcomer's run of every documented command, 2026-12-05). */
  @Test
  void helpTextsDescribeWhatTheCommandsDo() {
    String incidents = cli("incidents", "--help").out();
    assertTrue(incidents.contains("all but one") && incidents.contains("near spellings") && incidents.contains("synonyms"), incidents);
    assertFalse(incidents.contains("every hit must contain"), incidents);
    assertTrue(incidents.matches("(?s).*--from=DATE\\s+incidents on or after.*"), incidents);
    String trends = cli("trends", "--help").out();
    assertTrue(trends.matches("(?s).*--from=DATE\\s+start of the range.*--to=DATE\\s+end of the range.*"), trends);
    String ingest = cli("ingest", "--help").out().replace(System.lineSeparator(), ""); // picocli may wrap at a dot
    for (String ext : List.of(".tar.bz2", ".tgz", ".tar", ".zip")) assertTrue(ingest.contains(ext), ext + ": " + ingest);
    String eval = cli("eval", "--help").out();
    assertTrue(eval.contains("--undated-links") && eval.contains("--sweep-country"), "documented, so shown: " + eval);
    assertFalse(eval.contains("--sweep-year") || eval.contains("--dump-scores"), "the other experiments stay hidden: " + eval);
    assertTrue(eval.replaceAll("\\s+", " ").contains("only without --data"), eval);
    String alerts = cli("alerts", "--help").out();
    assertTrue(alerts.contains("--subscriptions") && alerts.contains("--unsubscribe=ID"), alerts);
  }

  /**
   * An outside check scores the CSV export; `eval --export` does the same and agrees with `eval --data` on the store the
   * export came from. A bad pairs file is named, with its line, before anything is read or ingested.
   */
  @Test
  void anExportScoresAsItsStoreDoes() throws Exception {
    Path data = clusteredFixture(tmp, "export-eval");
    Path pairs = tmp.resolve("pairs.csv"), csv = tmp.resolve("incidents.csv");
    Files.writeString(pairs, "aiid_id,aiaaic_id,same_event\n72,AIAAIC086,0\n1,AIAAIC086,1\n72,AIAAIC062,1\n");
    Run exp = cli("export", "incidents", "--format", "csv", "--out", csv.toString(), "--data", data.toString());
    assertEquals(0, exp.code(), exp.err());
    Run fromStore = cli("eval", "--skip-classifier", "--data", data.toString(), "--pairs", pairs.toString());
    Run fromExport = cli("eval", "--export", csv.toString(), "--pairs", pairs.toString(), "--show-errors");
    assertEquals(0, fromExport.code(), fromExport.err());
    assertTrue(fromStore.out().startsWith("scoring the store in " + data + " as it is clustered"), "says what it scores: " + fromStore.out());
    assertFalse(fromExport.out().contains("scoring the store in"), fromExport.out());
    String line = fromStore.out().lines().filter(l -> l.startsWith("linkage: ")).findFirst().orElseThrow();
    String scored = line.substring(line.indexOf("TP "));
    assertTrue(fromExport.out().contains("linkage (pairs.csv): 3 pairs (0 not found in export): " + scored), fromExport.out() + "\n" + line);
    assertTrue(fromExport.out().contains("  false link: aiid 72 ~ AIAAIC086"), fromExport.out());
    assertTrue(fromExport.out().contains("exported risk domains against the export's MIT labels: {\"labelled_aiid_incidents\":"), fromExport.out());
    Files.writeString(pairs, "aiid_id,aiaaic_id,same_event\n72,AIAAIC086,perhaps\n");
    Run bad = cli("eval", "--skip-classifier", "--shared", tmp.resolve("nothing-read").toString(), "--pairs", pairs.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("error: --pairs: " + pairs + ": line 2: same_event 'perhaps' is not a label"), bad.err());
    assertFalse(bad.err().contains("Exception"), bad.err());
  }

  /** With --data, --show-errors prints the incident each record of a wrong pair joined (the scores need eval's own clustering run). */
  @Test
  void showErrorsOnAStoreNamesTheIncidentsEachRecordJoined() throws Exception {
    Path data = clusteredFixture(tmp, "show-errors");
    Path pairs = tmp.resolve("pairs.csv");
    // clustering joins aiid:72 and AIAAIC086; labelled "not the same event", that is a false link
    Files.writeString(pairs, "aiid_id,aiaaic_id,same_event\n72,AIAAIC086,0\n");
    Run r = cli("eval", "--skip-classifier", "--data", data.toString(), "--pairs", pairs.toString(), "--show-errors");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("  false link: aiid 72 ~ AIAAIC086\n"), r.out());
    assertTrue(r.out().contains("   incident of ") && r.out().contains("aiaaic:AIAAIC086"), r.out());
    assertFalse(r.out().contains("dateFit="), "no scores without eval's own run: " + r.out());
  }

  private static Run topics(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "topics";
    System.arraycopy(args, 0, full, 1, args.length);
    return cli(full);
  }

  static Run cli(String... full) {
    PrintStream o = System.out, e = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine cl = org.aigov.observatory.cli.Main.commandLine();
      int code = cl.execute(full);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  private static String capture(String... args) {
    PrintStream o = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, new CommandLine(new ReportsCommand()).execute(args));
    } finally {
      System.setOut(o);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTitleWithALineBreakIsListedOnOneLine() {
    assertEquals("multi line \"quoted\", title", IncidentsCommand.oneLine("multi\nline \"quoted\",\r\n\ttitle"));
    assertEquals(null, IncidentsCommand.oneLine(null));
  }

  /** trends on the command line: the series named by its filter, and with --spikes the JSON carries them as the API's does. */
  @Test
  void trendsNameTheirSeriesAndPutSpikesInTheJson() throws Exception {
    Path data = tmp.resolve("data");
    try (Db db = Db.embedded(data)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    }
    Run csv = trends("--data", data.toString(), "--granularity", "year", "--filter", "topic=military", "--standardize");
    assertEquals(0, csv.code(), csv.err());
    Run misspelt = trends("--data", data.toString(), "--granularity", "year", "--filter", "topc=military");
    assertEquals(2, misspelt.code(), "topc=military had counted every incident as the series 'all'");
    assertTrue(misspelt.err().contains("unknown facet 'topc'"), misspelt.err());
    assertTrue(csv.out().startsWith("period,series,count,total,standardized,series_en,series_zh\n"), csv.out());
    assertTrue(csv.out().lines().skip(1).allMatch(l -> l.split(",")[1].equals("topic=military")), csv.out());
    // the series by name in both languages, as the chart's legend gives it, so a Chinese spreadsheet is labelled too
    Trends.Result partial = new Trends.Result("year", List.of("2024", "2025"), new long[] {3, 1}, List.of(), 0, 0, java.time.LocalDate.of(2025, 3, 23));
    Trends.Query byCountry = Trends.Query.parse(java.util.Map.of("split", List.of("country")));
    assertEquals("note: no incident counted has a country, so there is no series to show", TrendsCommand.emptyNote(byCountry, partial));
    Trends.Query all = Trends.Query.parse(java.util.Map.of());
    assertNull(TrendsCommand.emptyNote(all, new Trends.Result("year", List.of("2024"), new long[] {3}, List.of(new Trends.Series("all", new long[] {3}, null)), 0)));
    assertTrue(TrendsCommand.partialNote(partial).contains("2025 is counted only up to that day"), TrendsCommand.partialNote(partial));
    assertNull(TrendsCommand.partialNote(new Trends.Result("year", List.of("2024"), new long[] {3}, List.of(), 0, 0, java.time.LocalDate.of(2024, 12, 31))),
        "a year whose last day holds the newest incident is whole");
    // QA of 2026-12-07: the newest incident known only as April 2025 had been shown as 2025-04-01, and 2025 not called partial
    java.time.LocalDate april = java.time.LocalDate.of(2025, 4, 1), aprilEnd = java.time.LocalDate.of(2025, 4, 30);
    Trends.Result monthOnlyByYear = new Trends.Result("year", List.of("2024", "2025"), new long[] {3, 1}, List.of(), 0, 0, april, 0, aprilEnd);
    assertEquals("2025", monthOnlyByYear.partialPeriod(), "data to April: 2025 is partial");
    assertEquals("2025-04", monthOnlyByYear.latestText());
    assertTrue(TrendsCommand.partialNote(monthOnlyByYear).contains("newest incident is of 2025-04, so 2025 is counted only up to that month"),
        TrendsCommand.partialNote(monthOnlyByYear));
    assertNull(new Trends.Result("month", List.of("2025-03", "2025-04"), new long[] {3, 1}, List.of(), 0, 0, april, 0, aprilEnd).partialPeriod(),
        "April known only as April may run to its last day");
    Trends.Result yearOnlyNewer = new Trends.Result("year", List.of("2025", "2026"), new long[] {3, 1}, List.of(), 0, 0,
        java.time.LocalDate.of(2026, 1, 1), 0, java.time.LocalDate.of(2025, 3, 23));
    assertNull(yearOnlyNewer.partialPeriod(), "an incident of 2026 means 2025 is not where the data stops");
    assertEquals("2026", yearOnlyNewer.latestText());
    String named = csv.out().lines().skip(1).findFirst().orElseThrow();
    assertTrue(named.endsWith(",Topic: Military AI,主题：军事人工智能"), named);
    Path busy = tmp.resolve("busy"); // 3,000 synthetic incidents: enough per month for a test to find something
    try (Db db = Db.embedded(busy)) {
      IncidentsBench.writeIncidents(db, 3000, 11);
    }
    Run json = trends("--data", busy.toString(), "--granularity", "month", "--spikes", "--alpha", "0.5", "--format", "json");
    assertEquals(0, json.code(), json.err());
    com.fasterxml.jackson.databind.JsonNode j = org.aigov.observatory.kernel.Json.read(json.out());
    assertEquals("granularity=month", j.get("query").asText());
    assertTrue(j.get("spikes").isArray() && j.get("spikes").size() > 0, "at alpha 0.5 some month stands out: " + json.out());
    com.fasterxml.jackson.databind.JsonNode first = j.get("spikes").get(0);
    assertTrue(first.has("period") && first.has("probability") && first.get("explanation").get("zh").asText().contains("基线"), first.toString());
    assertEquals(json.err().lines().filter(l -> l.startsWith("spike: ")).count(), j.get("spikes").size(), "the same spikes on stderr");
    // --from cuts what is shown, not the baseline: the same spikes with the same probabilities as over the whole history,
    // as the API and the stored alerts give (a range starting later had given other p-values, or no alert at all)
    com.fasterxml.jackson.databind.JsonNode last = j.get("spikes").get(j.get("spikes").size() - 1);
    java.time.YearMonth lastMonth = java.time.YearMonth.parse(last.get("period").asText());
    String from = lastMonth.minusMonths(3).atDay(1).toString();
    Run cut = trends("--data", busy.toString(), "--granularity", "month", "--spikes", "--alpha", "0.5", "--format", "json", "--from", from);
    assertEquals(0, cut.code(), cut.err());
    java.util.List<String> whole = new java.util.ArrayList<>(), shown = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode sp : j.get("spikes"))
      if (sp.get("period").asText().compareTo(from.substring(0, 7)) >= 0) whole.add(sp.get("period").asText() + " " + sp.get("probability").asText());
    for (com.fasterxml.jackson.databind.JsonNode sp : org.aigov.observatory.kernel.Json.read(cut.out()).get("spikes"))
      shown.add(sp.get("period").asText() + " " + sp.get("probability").asText());
    assertEquals(whole, shown, "spikes from " + from);
    // and `to` likewise: a month cut after its first day is judged whole, not as one day against whole months
    String to = lastMonth.atDay(1).toString();
    Run cutEnd = trends("--data", busy.toString(), "--granularity", "month", "--spikes", "--alpha", "0.5", "--format", "json", "--to", to);
    assertEquals(0, cutEnd.code(), cutEnd.err());
    java.util.List<String> wholeTo = new java.util.ArrayList<>(), shownTo = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode sp : j.get("spikes"))
      if (sp.get("period").asText().compareTo(to.substring(0, 7)) <= 0) wholeTo.add(sp.get("period").asText() + " " + sp.get("probability").asText());
    for (com.fasterxml.jackson.databind.JsonNode sp : org.aigov.observatory.kernel.Json.read(cutEnd.out()).get("spikes"))
      shownTo.add(sp.get("period").asText() + " " + sp.get("probability").asText());
    assertEquals(wholeTo, shownTo, "spikes to " + to);
    // split: the series tested is the split's first, and its spikes name it (QA of 2026-12-07: "All incidents: 233" was the US)
    Run split = trends("--data", busy.toString(), "--granularity", "month", "--split", "country", "--spikes", "--alpha", "0.5", "--format", "json");
    assertEquals(0, split.code(), split.err());
    com.fasterxml.jackson.databind.JsonNode sj = org.aigov.observatory.kernel.Json.read(split.out());
    String tested = sj.get("series").get(0).get("key").asText();
    assertEquals(tested, sj.get("spikes_series").asText());
    assertTrue(sj.get("spikes").size() > 0, split.out());
    for (com.fasterxml.jackson.databind.JsonNode sp : sj.get("spikes")) {
      String en = sp.get("explanation").get("en").asText();
      assertFalse(en.startsWith("All incidents"), en);
      assertTrue(en.startsWith("Incidents (Country: "), en);
    }
    Run noSpikes = trends("--data", data.toString(), "--format", "json");
    assertFalse(org.aigov.observatory.kernel.Json.read(noSpikes.out()).has("spikes"));
    // the fixture's newest incident is years old: a range to today says its zeros are for want of data
    Run toToday = trends("--data", data.toString(), "--granularity", "year", "--from", "2015-01-01");
    assertEquals(0, toToday.code(), toToday.err());
    assertTrue(toToday.err().matches("(?s).*note: no incidents were ingested after \\d{4}-\\d{2}-\\d{2}; the last \\d+ periods? (is|are) zero for want of data.*"), toToday.err());
    assertFalse(csv.err().contains("for want of data"), "a range that ends with the data has no such note");
    // a table with no count says why (outside QA: a header alone read as a store without incidents)
    Run future = trends("--data", data.toString(), "--from", "2099-01-01");
    assertEquals(0, future.code(), future.err());
    assertTrue(future.err().matches("(?s).*note: nothing to count: --from 2099-01-01 is after the newest incident in the store \\(\\d{4}(-\\d{2}){0,2}\\).*"), future.err());
    Run before = trends("--data", data.toString(), "--to", "1950-01-01");
    assertTrue(before.err().contains("note: no incident is dated up to 1950-01-01; there are some outside that range"), before.err());
    assertFalse(csv.err().contains("nothing to count") || csv.err().contains("no incident is dated"), csv.err());
    Run badFormat = trends("--data", data.toString(), "--format", "xml");
    assertEquals(2, badFormat.code());
    assertTrue(badFormat.err().contains("--format"), badFormat.err());
  }

  static Run trends(String... args) {
    return exec(new TrendsCommand(), args);
  }

  /** Review of 2026-12-04: a year series cut by --to was told "--granularity year counts them" while it was one. */
  @Test
  void theYearOnlyNoteGivesTheReasonThatApplies() throws Exception {
    Path data = tmp.resolve("years");
    Path f = tmp.resolve("years.jsonl");
    java.nio.file.Files.writeString(f, String.join("\n",
        "{\"url\":\"https://a.example/1\",\"title\":\"Drone swarm test over a harbour\",\"published\":\"2021\"}",
        "{\"url\":\"https://a.example/2\",\"title\":\"Face matching error at a border post\",\"published\":\"2021-03-05\"}", ""));
    try (Db db = Db.embedded(data)) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    }
    Run cut = trends("--data", data.toString(), "--granularity", "year", "--from", "2021-01-01", "--to", "2021-06-30");
    assertEquals(0, cut.code(), cut.err());
    assertTrue(cut.err().contains("note: 1 matching incidents are dated only to the year (AIAAIC) and are not counted in a year that --from/--to cuts through"), cut.err());
    assertFalse(cut.err().contains("--granularity year counts them"), cut.err());
    Run months = trends("--data", data.toString(), "--granularity", "month");
    assertTrue(months.err().contains("not counted per month; --granularity year counts them"), months.err());
    Run whole = trends("--data", data.toString(), "--granularity", "year");
    assertFalse(whole.err().contains("dated only to the year"), whole.err());
  }
  /** The command names countries as the API and the stored alerts do, by the store's registry (it had its own "Taiwan"). */
  @Test
  void trendsNameCountriesByTheRegistryAsTheApiDoes() throws Exception {
    Path data = tmp.resolve("named");
    Path f = tmp.resolve("named.jsonl");
    java.nio.file.Files.writeString(f, "{\"url\":\"https://a.example/tw\",\"title\":\"Chip fab robot fault\",\"published\":\"2024-03-05\",\"countries\":[\"TW\"]}\n");
    try (Db db = Db.embedded(data)) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    }
    TrendsCommand t = new TrendsCommand();
    t.names(db -> ids -> ids.contains("tw") ? java.util.Map.of("tw", org.aigov.observatory.kernel.Text.of("中国台湾", "Taiwan, Province of China")) : java.util.Map.of());
    Run named = exec(t, "--data", data.toString(), "--granularity", "year", "--split", "country");
    assertEquals(0, named.code(), named.err());
    assertTrue(named.out().contains("2024,TW,1,1,,\"Taiwan, Province of China\",中国台湾"), named.out());
  }

  /** On the command line an unknown topic points to `./observatory topics`, not to the API's list. */
  @Test
  void anUnknownTopicPointsToTheTopicsCommand() throws Exception {
    Path data = tmp.resolve("topics");
    try (Db db = Db.embedded(data)) {
      db.read(c -> null);
    }
    String said = "unknown topic 'militray'; ./observatory topics lists them";
    Run trends = exec(new TrendsCommand(), "--data", data.toString(), "--filter", "topic=militray");
    assertEquals(2, trends.code(), trends.err());
    assertEquals("error: topic: " + said, trends.err().strip());
    Run list = run("--data", data.toString(), "--filter", "topic=militray");
    assertEquals(2, list.code(), list.err());
    assertEquals("error: topic: " + said, list.err().strip());
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = org.aigov.observatory.cli.Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    assertEquals(2, cl.execute("alerts", "--data", data.toString(), "--subscribe", "topic=militray&granularity=month", "--no-deliver"));
    assertEquals("error: --subscribe: " + said, err.toString().strip(), "the command's option, not the API's field");
  }
}
