package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A report dated only to its month ("2024-03") is stored on the 1st but never counted as a report of that day or week. */
class MonthPrecisionTest {
  @TempDir Path tmp;

  private static final String LONG_TEXT = "A warehouse robot arm crushed a maintenance worker at the Harbor Valley plant after its"
      + " vision system failed to detect him during a night shift; regulators opened an inquiry into the vendor.";

  private Db corpus(Db db) throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append(Json.write(Map.of("url", "https://a.example/month", "title", "Glacier orchid signal lantern outage",
        "text", "Copper meadow falcon prairie canyon", "published", "2024-03"))).append('\n');
    sb.append(Json.write(Map.of("url", "https://b.example/day", "title", "Velvet summit bramble cobalt chatbot",
        "text", "Ember fjord garnet hollow island", "published", "2024-03-17"))).append('\n');
    sb.append(Json.write(Map.of("url", "https://c.example/year", "title", "Juniper kelp lagoon mosaic deepfake",
        "text", "Tundra harbor delta valley", "published", "2023"))).append('\n');
    // one event, reported once to the month and once to the day: the incident is dated to the day
    sb.append(Json.write(Map.of("url", "https://d.example/robot", "title", "Robot arm crushes worker at Harbor Valley plant",
        "text", LONG_TEXT, "published", "2024-05"))).append('\n');
    sb.append(Json.write(Map.of("url", "https://e.example/robot", "title", "Robot arm crushes worker at Harbor Valley plant",
        "text", LONG_TEXT + " The vendor said it was reviewing.", "published", "2024-05-20"))).append('\n');
    Path f = tmp.resolve("m.jsonl");
    Files.writeString(f, sb.toString());
    Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
    assertEquals(5, r.inserted, r.toString());
    new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    return db;
  }

  private static long incidentOf(Db db, String url) {
    return IngestTest.count(db, "SELECT m.incident_id FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.url = '" + url + "'");
  }

  @Test
  void precisionFollowsTheDateAsWritten() {
    assertEquals(Clusterer.MONTH, Clusterer.precision("jsonl", "2024-03"));
    assertEquals(Clusterer.MONTH, Clusterer.precision("feed", " 2024-12 "));
    assertEquals(Clusterer.YEAR, Clusterer.precision("jsonl", "2024"));
    assertEquals(Clusterer.YEAR, Clusterer.precision("aiaaic", "2024-03-17"));
    for (String day : new String[] {"2024-03-17", "2024/03", "2024-3", "20240", "Tue, 05 Mar 2024 10:00:00 GMT", "2024年3月5日"})
      assertEquals(Clusterer.DAY, Clusterer.precision("jsonl", day), day);
    assertEquals(Clusterer.DAY, Clusterer.precision("jsonl", null));
    assertEquals("2024-03", Clusterer.shown(java.time.LocalDate.of(2024, 3, 1), Clusterer.MONTH));
  }

  @ParameterizedTest
  @MethodSource("org.aigov.observatory.kernel.TestStores#names")
  void exportListsAndRecordsSayMonth(String store) throws Exception {
    try (Db db = corpus(org.aigov.observatory.kernel.TestStores.open(store))) {
      StringWriter w = new StringWriter();
      IncidentExport.writeCsv(db, w);
      String csv = w.toString();
      assertTrue(csv.contains(",2024-03,") && csv.contains(",month,2024-03"), csv);
      assertTrue(csv.contains(",2024-03-17,") && csv.contains(",day,2024-03-17"), csv);
      assertTrue(csv.contains(",2023,") && csv.contains(",year,2023"), csv);
      long month = incidentOf(db, "https://a.example/month"), robot = incidentOf(db, "https://d.example/robot");
      assertEquals(robot, incidentOf(db, "https://e.example/robot"), "the two reports of one event are one incident");
      Map<String, Object> m = IncidentQueries.get(db, month);
      assertEquals("2024-03-01", m.get("date"));
      assertEquals("month", m.get("date_precision"));
      Map<String, Object> r = IncidentQueries.get(db, robot);
      assertEquals("2024-05-20", r.get("date"), "a day beats a month");
      assertEquals("day", r.get("date_precision"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> records = (List<Map<String, Object>>) r.get("records");
      assertTrue(records.stream().anyMatch(x -> "month".equals(x.get("date_precision")) && "2024-05-01".equals(x.get("date"))), records.toString());

      // a range that cuts March lists neither way: counted apart; a range of whole March lists it
      Map<String, Object> cut = IncidentQueries.list(db, null, TrendsAlertsTest.params("from", "2024-03-10", "to", "2024-04-30"), 100, 0);
      assertEquals(1L, cut.get("total"), cut.toString()); // the day-dated one
      assertEquals(1L, cut.get(IncidentQueries.YEAR_ONLY_NOT_LISTED), cut.toString());
      Map<String, Object> whole = IncidentQueries.list(db, null, TrendsAlertsTest.params("from", "2024-03-01", "to", "2024-03-31"), 100, 0);
      assertEquals(2L, whole.get("total"), whole.toString());
      assertEquals(0L, whole.get(IncidentQueries.YEAR_ONLY_NOT_LISTED), whole.toString());
      Map<String, Object> endCut = IncidentQueries.list(db, null, TrendsAlertsTest.params("from", "2024-02-01", "to", "2024-03-30"), 100, 0);
      assertEquals(1L, endCut.get("total"), endCut.toString()); // 17 March
      assertEquals(1L, endCut.get(IncidentQueries.YEAR_ONLY_NOT_LISTED), endCut.toString());
    }
  }

  @Test
  void monthSeriesCountItWeekAndDaySeriesLeaveItOutAndSaySo() throws Exception {
    try (Db db = corpus(Db.embedded(tmp.resolve("store")))) {
      List<String> answers = new java.util.ArrayList<>();
      for (boolean fromFile : new boolean[] {false, true}) {
        if (fromFile) Trends.forget(db); // the index read back from its file answers alike
        Trends.Result months = Trends.query(db, Trends.Query.parse(TrendsAlertsTest.params("granularity", "month", "from", "2024-01-01", "to", "2024-06-30")));
        assertEquals(List.of("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"), months.periods());
        assertArrayEquals(new long[] {0, 0, 2, 0, 1, 0}, months.series().get(0).counts(), "March: the month-dated and the day-dated incident");
        assertEquals(0, months.monthOnly());
        Trends.Result weeks = Trends.query(db, Trends.Query.parse(TrendsAlertsTest.params("granularity", "week", "from", "2024-02-26", "to", "2024-03-24")));
        assertEquals(1, java.util.Arrays.stream(weeks.series().get(0).counts()).sum(), "the week of 1 March holds no month-dated incident");
        assertEquals(1, weeks.monthOnly());
        assertEquals(1, weeks.series().get(0).monthOnly());
        Trends.Result days = Trends.query(db, Trends.Query.parse(TrendsAlertsTest.params("granularity", "day")));
        assertFalse(days.periods().contains("2024-03-01"), days.periods().toString());
        assertEquals(1, days.monthOnly());
        assertEquals(1, days.yearOnly());
        Trends.Result cutMonths = Trends.query(db, Trends.Query.parse(TrendsAlertsTest.params("granularity", "month", "from", "2024-03-10", "to", "2024-04-30")));
        assertEquals(1, java.util.Arrays.stream(cutMonths.series().get(0).counts()).sum());
        assertEquals(1, cutMonths.monthOnly(), "a range that cuts its month may or may not hold it");
        Map<String, Object> json = days.json();
        assertEquals(1L, json.get("month_precision_not_counted"));
        answers.add(Json.write(List.of(months.json(), weeks.json(), days.json(), cutMonths.json())));
      }
      assertEquals(answers.get(0), answers.get(1));
    }
  }

  /** A month-only date spans its month in the linkage's date rules: read as the 1st, a late report looked a month further off. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"2023-12, true", "2023-11, false"})
  void linkageReadsAMonthAsItsWholeMonth(String month, boolean linked) throws Exception {
    // 31 December 2023 is 365 days before 30 December 2024, inside the report-text window (1 December is 395 days);
    // November 2023 ends 396 days before it, outside whichever day is meant
    String crash = "A delivery drone lost power over Marlow Heath and fell onto a parked school bus, and the operator grounded its"
        + " whole fleet of forty drones while aviation investigators examined the battery logs from the flight.";
    String title = "Delivery drone falls on school bus at Marlow Heath";
    Path f = tmp.resolve("drone.jsonl");
    Files.writeString(f, Json.write(Map.of("url", "https://f.example/drone-month", "title", title, "text", crash, "published", month)) + "\n"
        + Json.write(Map.of("url", "https://g.example/drone-late", "title", title, "text", crash + " A year on, the operator has not flown again.",
            "published", "2024-12-30")) + "\n");
    try (Db db = Db.embedded(tmp.resolve("drones"))) {
      assertEquals(2, new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString()).inserted);
      Clusterer.Options o = new Clusterer.Options();
      assertEquals(365, o.reportTextWindowDays);
      new Clusterer(o, Progress.silent()).run(db);
      assertEquals(linked, incidentOf(db, "https://f.example/drone-month") == incidentOf(db, "https://g.example/drone-late"), month);
    }
  }
}
