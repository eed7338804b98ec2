package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PublishedChange;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  static TestServer s;
  static final List<PublishedChange> logged = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void up() {
    s = new TestServer();
    s.obs.sinks.add((tx, change) -> logged.add(change));
  }

  @AfterAll
  static void down() {
    s.close();
  }

  @Test
  void fullRoundWithReturnAmendVersionsDiffAndPublication() {
    ObjectNode doc = TestServer.rulesReport("Interim Measures for Generative AI");
    TestServer.Resp c = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc));
    assertEquals(201, c.status(), c.body());
    String id = c.json().get("id").asText();
    assertEquals("draft", c.json().get("state").asText());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    TestServer.Resp noComment = s.call("POST", "/api/filings/" + id + "/return", "reviewer", null);
    assertEquals(400, noComment.status());
    assertEquals("comment", noComment.json().get("field").asText());
    assertEquals("returned", s.call("POST", "/api/filings/" + id + "/return", "reviewer", Map.of("comment", "add the effective date"))
        .json().get("state").asText());
    ((ObjectNode) doc.get("instruments").get(0)).put("date_effective", "2023-08-15");
    TestServer.Resp stale = s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", doc, "version", 7));
    assertEquals(409, stale.status());
    // HTTP's own precondition works too (outside QA: a stale If-Match had been ignored and the edit written)
    String readTag = s.call("GET", "/api/filings/" + id, "reporterA", null).header("ETag");
    assertTrue(readTag != null && readTag.matches("\"[0-9a-f]{32}\""), readTag);
    TestServer.Resp staleTag = s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", doc), "If-Match", "\"0123456789abcdef0123456789abcdef\"");
    assertEquals(409, staleTag.status(), staleTag.body());
    assertEquals("If-Match", staleTag.json().get("field").asText());
    assertTrue(staleTag.json().get("detail").asText().endsWith("its ETag is " + readTag), staleTag.body());
    assertEquals(400, s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", doc), "If-Match", "1").status(), "not a tag");
    assertEquals(409, s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", doc), "If-Match", "W/" + readTag).status(), "weak never matches");
    assertEquals(1, s.call("GET", "/api/filings/" + id, "reporterA", null).json().get("version").asInt(), "nothing written");
    TestServer.Resp amended = s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", doc, "version", 1), "If-Match", readTag);
    assertEquals(200, amended.status(), amended.body());
    assertFalse(readTag.equals(amended.header("ETag")), "a new tag for the new text");
    assertEquals("amended", amended.json().get("state").asText());
    assertEquals(2, amended.json().get("version").asInt());
    assertEquals("resubmitted", s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null).json().get("state").asText());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    int before = logged.size();
    TestServer.Resp pub = s.call("POST", "/api/filings/" + id + "/publish", "reviewer", null);
    assertEquals(200, pub.status(), pub.body());
    assertEquals("published", pub.json().get("state").asText());
    String rid = pub.json().get("registry_ids").get(0).asText();
    Entry e = s.obs.registry.get(rid);
    assertEquals("regulation", e.type);
    assertEquals("CN", e.jurisdiction);
    assertEquals("2023-08-15", e.dateEffective.toString());
    assertEquals(before + 2, logged.size(), "the transparency sink saw the instrument and the report's own record");
    assertEquals(rid, logged.get(logged.size() - 2).recordId());
    assertEquals("filing-" + id, logged.get(logged.size() - 1).recordId());

    // every transition with who and when, for those in the workflow; the public sees the states and times only
    List<String> states = new ArrayList<>();
    for (JsonNode t : s.call("GET", "/api/filings/" + id + "/history", "reviewer", null).json()) {
      states.add(t.get("to_state").asText());
      assertNotNull(t.get("actor").asText());
      assertNotNull(t.get("at").asText());
    }
    for (JsonNode t : s.call("GET", "/api/filings/" + id + "/history", "public", null).json()) {
      assertFalse(t.has("actor") || t.has("comment"), t.toString());
      assertNotNull(t.get("at").asText());
    }
    assertEquals(List.of("draft", "submitted", "in_review", "returned", "amended", "resubmitted", "in_review", "published"), states);
    // versions and the diff between them
    assertEquals(2, s.call("GET", "/api/filings/" + id + "/versions", "reporterA", null).json().size());
    JsonNode diff = s.call("GET", "/api/filings/" + id + "/diff?from=1&to=2", "reporterA", null).json();
    assertEquals(1, diff.size());
    assertEquals("doc.instruments[0].date_effective", diff.get(0).get("field").asText());
    assertEquals("2023-08-15", diff.get(0).get("to").asText());
    // published is final
    assertEquals(409, s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null).status());
  }

  @Test
  void amendedAndRepealedInstrumentsUpdateExistingRecords() {
    Entry a = new Entry();
    a.kind = "instrument";
    a.type = "law";
    a.name = Text.of(null, "Old AI Law");
    a.jurisdiction = "CN";
    String oldId = s.obs.registry.create(a, "test").id;
    Entry b = new Entry();
    b.kind = "instrument";
    b.type = "policy";
    b.name = Text.of(null, "Repealed AI Policy");
    b.jurisdiction = "cn"; // matched without case
    String repId = s.obs.registry.create(b, "test").id;
    ObjectNode doc = Json.object();
    doc.put("jurisdiction", "CN");
    var ins = doc.putArray("instruments");
    ins.addObject().put("action", "amended").put("registry_id", oldId).put("status", "amended").putObject("summary").put("en", "Amended in 2025");
    ins.addObject().put("action", "repealed").put("registry_id", repId).put("date_end", "2025-01-01");
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc)).json().get("id").asText();
    for (String[] step : new String[][] {{"reporterA", "submit"}, {"reviewer", "start_review"}, {"reviewer", "publish"}})
      assertEquals(200, s.call("POST", "/api/filings/" + id + "/" + step[1], step[0], null).status());
    Entry old = s.obs.registry.get(oldId);
    assertEquals("amended", old.status);
    assertEquals("Amended in 2025", old.summary.en());
    assertEquals(2L, old.version);
    assertEquals("revoked", s.obs.registry.get(repId).status);
  }

  /** Four eyes: whoever wrote the filing (an admin too) may not review or publish it; another reviewer may. */
  @Test
  void theAuthorDoesNotReviewTheirOwnFiling() {
    String id = s.call("POST", "/api/filings", "admin", TestServer.newFiling("rules_report", "cn-office", TestServer.rulesReport("Admin's own"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "admin", null).status());
    TestServer.Resp own = s.call("POST", "/api/filings/" + id + "/start_review", "admin", null);
    assertEquals(403, own.status(), own.body());
    assertTrue(own.body().contains("did not write it"), own.body());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    assertEquals(403, s.call("POST", "/api/filings/" + id + "/publish", "admin", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/publish", "reviewer", null).status());
    // who filed is the workflow's: the public reads the filing and its version without it
    JsonNode pub = s.call("GET", "/api/filings/" + id, "public", null).json();
    assertEquals("published", pub.get("state").asText());
    assertFalse(pub.has("created_by"), pub.toString());
    assertFalse(s.call("GET", "/api/filings/" + id + "/versions", "public", null).body().contains("author"));
    assertFalse(s.call("GET", "/api/filings?state=published", "public", null).body().contains("created_by"));
    assertTrue(s.call("GET", "/api/filings/" + id, "reviewer", null).json().has("created_by"), "the secretariat still sees it");
  }

  /** A reviewer who belongs to the filing party is its colleague: they may not review it; the secretariat's reviewer may. */
  @Test
  void aReviewerOfTheFilingsOwnPartyDoesNotReviewIt() {
    Map<String, Object> acc = s.routes.accounts.createAccount(new Accounts.AccountInput("rev-acme@example.org", "rev-acme", "reviewer", "acme", TestServer.PW), "test");
    String token = (String) s.routes.accounts.issueToken(((Number) acc.get("id")).longValue(), new Accounts.TokenInput("t", List.of("read", "review"), 30), "test").get("token");
    String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Own party"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "reporterB", null).status());
    TestServer.Resp colleague = s.call("POST", "/api/filings/" + id + "/start_review", token, null);
    assertEquals(403, colleague.status(), colleague.body());
    assertTrue(colleague.body().contains("belongs to party acme"), colleague.body());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    assertEquals(403, s.call("POST", "/api/filings/" + id + "/publish", token, null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/publish", "reviewer", null).status());
  }

  /** A party reports its own jurisdiction's rules: another jurisdiction's law, or another jurisdiction named, is refused by field. */
  @Test
  void aRulesReportTouchesOnlyItsPartysJurisdiction() {
    Entry eu = new Entry();
    eu.kind = "instrument";
    eu.type = "law";
    eu.jurisdiction = "EU";
    eu.name = Text.of(null, "Another jurisdiction's AI law");
    String euId = s.obs.registry.create(eu, "test").id;
    ObjectNode doc = Json.object();
    doc.put("jurisdiction", "CN");
    doc.putArray("instruments").addObject().put("action", "repealed").put("registry_id", euId);
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null);
    assertEquals(422, r.status(), r.body());
    assertEquals("doc.instruments[0].registry_id", r.json().get("errors").get(0).get("field").asText());
    assertTrue(r.body().contains("jurisdiction EU"), r.body());
    ObjectNode other = TestServer.rulesReport("Claimed for the EU");
    other.put("jurisdiction", "EU");
    String id2 = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, other)).json().get("id").asText();
    TestServer.Resp r2 = s.call("POST", "/api/filings/" + id2 + "/submit", "reporterA", null);
    assertEquals(422, r2.status(), r2.body());
    assertEquals("doc.jurisdiction", r2.json().get("errors").get(0).get("field").asText());
    // every bad reference in one answer (outside QA: one per round trip, three round trips for three)
    ObjectNode three = TestServer.rulesReport("Three wrongs");
    three.put("jurisdiction", "EU");
    three.putArray("instruments").add(Json.object().put("action", "repealed").put("registry_id", euId))
        .add(Json.object().put("action", "amended").put("registry_id", "no-such-record"));
    String id3 = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, three)).json().get("id").asText();
    TestServer.Resp r3 = s.call("POST", "/api/filings/" + id3 + "/submit", "reporterA", null);
    assertEquals(422, r3.status(), r3.body());
    List<String> fields = new java.util.ArrayList<>();
    r3.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(List.of("doc.jurisdiction", "doc.instruments[0].registry_id", "doc.instruments[1].registry_id"), fields, r3.body());
    assertNotEquals("revoked", s.obs.registry.get(euId).status);
    assertEquals(1L, s.obs.registry.get(euId).version, "the other jurisdiction's law is untouched");
  }

  /**
   * Review of 2026-12-04: another filing of the same jurisdiction could amend a filing's own record (its text rewritten
   * under the original filing's commitment), and the publishing reviewer's account id reached the public log.
   */
  @Test
  void aFilingsOwnRecordIsWrittenOnlyByItsPublicationAndNamesNoAccount() {
    String first = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, TestServer.rulesReport("Own record " + java.util.UUID.randomUUID())))
        .json().get("id").asText();
    for (String[] step : new String[][] {{"reporterA", "submit"}, {"reviewer", "start_review"}, {"reviewer", "publish"}})
      assertEquals(200, s.call("POST", "/api/filings/" + first + "/" + step[1], step[0], null).status());
    String rid = "filing-" + first;
    assertEquals("CN", s.obs.registry.get(rid).jurisdiction, "same jurisdiction: only the new rule refuses what follows");
    for (var h : s.obs.registry.history(rid)) assertEquals("filing:" + first, h.actor(), "who published stays with the workflow");
    ObjectNode doc = Json.object();
    doc.put("jurisdiction", "CN");
    doc.putArray("instruments").addObject().put("action", "amended").put("registry_id", rid).putObject("name").put("en", "WITHDRAWN");
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null);
    assertEquals(422, r.status(), r.body());
    assertEquals("doc.instruments[0].registry_id", r.json().get("errors").get(0).get("field").asText());
    assertTrue(r.body().contains("published record of a filing"), r.body());
    assertEquals(1L, s.obs.registry.get(rid).version, "the filing's record is untouched");
  }

  /** Four eyes counts the submitter: an admin who submitted a reporter's draft had reviewed and published it alone. */
  @Test
  void whoeverSubmittedAFilingDoesNotReviewIt() {
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, TestServer.rulesReport("Submitted by admin"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "admin", null).status());
    TestServer.Resp own = s.call("POST", "/api/filings/" + id + "/start_review", "admin", null);
    assertEquals(403, own.status(), own.body());
    assertTrue(own.body().contains("did not submit it"), own.body());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    assertEquals(403, s.call("POST", "/api/filings/" + id + "/publish", "admin", null).status());
  }

  /** The create answer gives the times later reads give: the clock's nanoseconds were answered, the store's microseconds read. */
  @Test
  void aCreatedFilingsTimesAreTheStoredOnes() {
    for (int i = 0; i < 5; i++) {
      TestServer.Resp made = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, TestServer.rulesReport("Times " + i)));
      assertEquals(201, made.status(), made.body());
      JsonNode read = s.call("GET", "/api/filings/" + made.json().get("id").asText(), "reporterA", null).json();
      assertEquals(read.get("created_at").asText(), made.json().get("created_at").asText(), made.body());
      assertEquals(read.get("updated_at").asText(), made.json().get("updated_at").asText(), made.body());
      assertTrue(made.json().get("created_at").asText().matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z"), made.body());
    }
  }

  /** A reporter shares the text with analysts, not the review: who acted and the reviewers' comments stay hidden from them. */
  @Test
  void analystsReadASharedFilingWithoutItsReview() {
    String before = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, TestServer.rulesReport("Earlier"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + before + "/submit", "reporterA", null).status(), "a transition stored before this filing's");
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, TestServer.rulesReport("Shared"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/share", "reporterA", Map.of("shared", true)).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/return", "reviewer", Map.of("comment", "internal reviewer note")).status());
    assertEquals(200, s.call("GET", "/api/filings/" + id, "analyst", null).status(), "the shared text is still the analysts'");
    TestServer.Resp seen = s.call("GET", "/api/filings/" + id + "/history", "analyst", null);
    assertEquals(200, seen.status());
    assertEquals(4, seen.json().size(), seen.body());
    assertFalse(seen.body().contains("internal reviewer note") || seen.body().contains("\"actor\""), seen.body());
    assertTrue(s.call("GET", "/api/filings/" + id + "/history", "reporterA", null).body().contains("internal reviewer note"));
    // nor who wrote it: no created_by on the filing, no author on its versions (review of 2026-12-04)
    TestServer.Resp asAnalyst = s.call("GET", "/api/filings/" + id, "analyst", null);
    assertFalse(asAnalyst.json().has("created_by"), asAnalyst.body());
    TestServer.Resp versions = s.call("GET", "/api/filings/" + id + "/versions", "analyst", null);
    assertEquals(200, versions.status(), versions.body());
    assertTrue(versions.json().size() > 0 && !versions.body().contains("\"author\""), versions.body());
    assertTrue(s.call("GET", "/api/filings/" + id, "reporterA", null).json().has("created_by"), "the reporter still sees who filed");
    assertTrue(s.call("GET", "/api/filings/" + id + "/versions", "reporterA", null).body().contains("\"author\""));
    // history rows are numbered within the filing, whatever else was filed before
    for (int i = 0; i < seen.json().size(); i++) assertEquals(i + 1, seen.json().get(i).get("seq").asInt(), seen.body());
    TestServer.Resp own = s.call("GET", "/api/filings/" + id + "/history", "reporterA", null);
    for (int i = 0; i < own.json().size(); i++) assertEquals(i + 1, own.json().get(i).get("seq").asInt(), own.body());
    // a refused step names the field it is about, and says what to do
    TestServer.Resp again = s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null);
    assertEquals(409, again.status(), again.body());
    assertEquals("state", again.json().get("field").asText());
    assertTrue(again.json().get("detail").asText().contains("edit it first"), again.body());
    TestServer.Resp zh = s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null, "Accept-Language", "zh");
    assertTrue(zh.json().get("detail").asText().contains("请先修改"), zh.body());
  }

  @Test
  void submittingAReferenceToAMissingRecordNamesTheField() {
    ObjectNode doc = Json.object();
    doc.put("jurisdiction", "CN");
    doc.putArray("instruments").addObject().put("action", "amended").put("registry_id", "no-such-record");
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null);
    assertEquals(422, r.status());
    assertEquals("doc.instruments[0].registry_id", r.json().get("errors").get(0).get("field").asText());
  }

  @Test
  void aFailedPublicationChangesNothing() throws Exception {
    // the referenced record disappears between submission and publication: nothing is half-written
    Entry a = new Entry();
    a.kind = "instrument";
    a.type = "law";
    a.name = Text.of(null, "Soon deleted law");
    a.jurisdiction = "CN";
    Entry made = s.obs.registry.create(a, "test");
    ObjectNode doc = Json.object();
    doc.put("jurisdiction", "CN");
    var ins = doc.putArray("instruments");
    ins.addObject().put("action", "new").put("type", "law").putObject("name").put("en", "Brand new atomic law");
    ins.addObject().put("action", "amended").put("registry_id", made.id).put("status", "amended");
    String id = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", null, doc)).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "reporterA", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/start_review", "reviewer", null).status());
    s.obs.registry.delete(made.id, made.version, "test");
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/publish", "reviewer", null);
    assertEquals(422, r.status(), r.body());
    assertEquals("in_review", s.call("GET", "/api/filings/" + id, "reviewer", null).json().get("state").asText());
    assertTrue(s.obs.registry.find("brand-new-atomic-law").isEmpty(), "the first instrument was rolled back");
    assertTrue(s.obs.registry.history(made.id).size() == 2, "the deleted record was not written again");
  }

  /** An incident in the future ("9999-12-31") and 50,000 copies of one harm type were taken as given. */
  @Test
  void anIncidentHappenedByTomorrowAndNamesEachHarmOnce() {
    for (String[] c : new String[][] {{"date_occurred", "9999-12-31"}, {"date_occurred", String.valueOf(java.time.LocalDate.now().getYear() + 2)},
        {"date_reported", "9999-12-31"}}) {
      ObjectNode d = TestServer.incident("future");
      d.put(c[0], c[1]);
      TestServer.Resp r = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, d));
      assertEquals(422, r.status(), r.body()); // a form field, as every form error
      assertEquals("doc." + c[0], r.json().get("errors").get(0).get("field").asText(), r.body());
      assertTrue(r.json().get("errors").get(0).get("message").asText().startsWith("in the future: not after "), r.body());
    }
    ObjectNode today = TestServer.incident("today");
    today.put("date_occurred", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    assertEquals(201, s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, today)).status());

    ObjectNode many = TestServer.incident("many");
    var harms = many.putArray("harm_types");
    for (int i = 0; i < 50_000; i++) harms.add("privacy");
    TestServer.Resp r = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, many));
    assertEquals(422, r.status(), r.body()); // a form field, as every form error
    assertEquals("doc.harm_types", r.json().get("errors").get(0).get("field").asText());
    assertEquals("at most " + Forms.HARMS.size() + " values, each once", r.json().get("errors").get(0).get("message").asText());
    ObjectNode twice = TestServer.incident("twice");
    twice.putArray("harm_types").add("privacy").add("financial").add("privacy");
    TestServer.Resp made = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, twice));
    assertEquals(201, made.status(), made.body());
    String id = made.json().get("id").asText();
    assertEquals("[\"privacy\",\"financial\"]", s.call("GET", "/api/filings/" + id, "reporterB", null).json().get("doc").get("harm_types").toString());
  }

  /** A company discloses its own systems only (by any of its names, legal suffix and case aside); an office reports on anyone's. */
  @Test
  void aCompanysDisclosureNamesTheCompanyAsItsDeveloper() {
    ObjectNode other = TestServer.disclosure("Someone else's model");
    other.put("developer", "Globex Corporation");
    String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, other)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", null);
    assertEquals(422, r.status(), r.body());
    assertEquals("doc.developer", r.json().get("errors").get(0).get("field").asText());
    String msg = r.json().get("errors").get(0).get("message").asText();
    assertTrue(msg.contains("Globex Corporation") && msg.contains("party acme (Acme AI)"), msg);
    assertEquals("draft", s.call("GET", "/api/filings/" + id, "reporterB", null).json().get("state").asText());
    TestServer.Resp zh = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", null, "Accept-Language", "zh-CN");
    assertTrue(zh.body().contains("开发者“Globex Corporation”不是报送方 acme（Acme AI）"), zh.body());

    // itself, in another case and with a legal suffix: accepted, and published
    ObjectNode own = TestServer.disclosure("Our own model");
    own.put("developer", "ACME-AI, Inc.");
    String ok = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, own)).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + ok + "/submit", "reporterB", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + ok + "/start_review", "reviewer", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + ok + "/publish", "reviewer", null).status());

    // checked again at publication: the party's name changed since submission
    String later = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, TestServer.disclosure("Renamed"))).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + later + "/submit", "reporterB", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + later + "/start_review", "reviewer", null).status());
    try {
      s.obs.db.tx(c -> Sql.update(c, "UPDATE filing_parties SET name_en='Acme Robotics' WHERE id='acme'"));
      TestServer.Resp p = s.call("POST", "/api/filings/" + later + "/publish", "reviewer", null);
      assertEquals(422, p.status(), p.body());
      assertEquals("doc.developer", p.json().get("errors").get(0).get("field").asText());
      assertEquals("in_review", s.call("GET", "/api/filings/" + later, "reviewer", null).json().get("state").asText());
    } finally {
      s.obs.db.tx(c -> Sql.update(c, "UPDATE filing_parties SET name_en='Acme AI' WHERE id='acme'"));
    }

    // a jurisdiction's office reports on another developer's system
    String office = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("disclosure", null, other)).json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + office + "/submit", "reporterA", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + office + "/start_review", "reviewer", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + office + "/publish", "reviewer", null).status());
  }

  /** A company with a registry actor may name itself as the registry does, here by the actor's Chinese name. */
  @Test
  void aCompanyMayNameItselfAsItsRegistryActor() {
    Entry actor = new Entry();
    actor.kind = "actor";
    actor.type = "company";
    actor.name = Text.of("深度求索人工智能基础技术研究有限公司", "DeepSeek");
    String actorId = s.obs.registry.create(actor, "test").id;
    s.routes.accounts.createParty(new Accounts.PartyInput("deepseek", "company", Text.of(null, "Hangzhou DeepSeek"), null, actorId), "test");
    ObjectNode doc = TestServer.disclosure("Reasoning");
    doc.put("developer", "深度求索人工智能基础技术研究股份有限公司");
    TestServer.Resp made = s.call("POST", "/api/filings", "admin", TestServer.newFiling("disclosure", "deepseek", doc));
    assertEquals(201, made.status(), made.body());
    String id = made.json().get("id").asText();
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/submit", "admin", null).status());
    doc.put("developer", "OpenAI");
    String other = s.call("POST", "/api/filings", "admin", TestServer.newFiling("disclosure", "deepseek", doc)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + other + "/submit", "admin", null);
    assertEquals(422, r.status(), r.body());
    assertEquals("doc.developer", r.json().get("errors").get(0).get("field").asText());
  }

  @Test
  void companyNamesCompareWithoutCasePunctuationOrLegalSuffix() {
    assertEquals(Filings.companyKey("acme ai"), Filings.companyKey("ACME AI Co., Ltd."));
    assertEquals(Filings.companyKey("Acme AI"), Filings.companyKey("Ａｃｍｅ　ＡＩ，ＬＬＣ"));
    assertEquals(Filings.companyKey("华为技术"), Filings.companyKey("华为技术有限公司"));
    assertNotEquals(Filings.companyKey("Acme AI"), Filings.companyKey("Acme"));
    assertNotEquals(Filings.companyKey("Acme AI"), Filings.companyKey("Acme AI Labs"));
    assertEquals("co", Filings.companyKey("Co."), "a suffix alone is a name");
    assertEquals("", Filings.companyKey("  "));
  }

  /**
   * Review of 2026-12-04: a published disclosure cannot be edited, so a system's withdrawal was a second, unrelated
   * record. A later disclosure names the one it updates; its record supersedes the earlier one, which stays as filed.
   */
  @Test
  void aLaterDisclosureSupersedesAnEarlierOneOfTheSameParty() {
    String[][] steps = {{"reporterB", "submit"}, {"admin", "start_review"}, {"admin", "publish"}};
    String first = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, TestServer.disclosure("Ranks CVs"))).json().get("id").asText();
    for (String[] step : steps) assertEquals(200, s.call("POST", "/api/filings/" + first + "/" + step[1], step[0], null).status());
    Entry before = s.obs.registry.get("filing-" + first);
    ObjectNode update = TestServer.disclosure("Ranks CVs");
    update.put("market_status", "withdrawn");
    update.put("supersedes", first);
    String second = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, update)).json().get("id").asText();
    for (String[] step : steps) assertEquals(200, s.call("POST", "/api/filings/" + second + "/" + step[1], step[0], null).status());
    Entry rel = s.obs.registry.get("rel:supersedes:filing-" + second + ":filing-" + first);
    assertEquals("supersedes", rel.type);
    assertEquals("filing-" + second, rel.source);
    assertEquals("filing-" + first, rel.target);
    assertEquals(before.version, s.obs.registry.get("filing-" + first).version, "the earlier record stays as filed");
    // one line of versions: a third naming the first again is told to name the second (second review of 2026-12-04)
    ObjectNode again = TestServer.disclosure("Ranks CVs");
    again.put("supersedes", first);
    String third = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, again)).json().get("id").asText();
    TestServer.Resp dup = s.call("POST", "/api/filings/" + third + "/submit", "reporterB", null);
    assertEquals(422, dup.status(), dup.body());
    assertTrue(dup.body().contains("already superseded by filing-" + second), dup.body());
    // not a published disclosure of the same party: refused by name, in the form's field
    for (String bad : List.of("no-such-filing", second + "x")) {
      ObjectNode doc = TestServer.disclosure("Ranks CVs");
      doc.put("supersedes", bad);
      String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, doc)).json().get("id").asText();
      TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", null);
      assertEquals(422, r.status(), r.body());
      assertEquals("doc.supersedes", r.json().get("errors").get(0).get("field").asText());
    }
    ObjectNode others = TestServer.disclosure("Ranks CVs");
    others.put("supersedes", first);
    String office = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("disclosure", null, others)).json().get("id").asText();
    TestServer.Resp o = s.call("POST", "/api/filings/" + office + "/submit", "reporterA", null);
    assertEquals(422, o.status(), o.body());
    assertTrue(o.body().contains("another party's"), o.body());
    String incident = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Leak"))).json().get("id").asText();
    for (String[] step : steps) assertEquals(200, s.call("POST", "/api/filings/" + incident + "/" + step[1], step[0], null).status());
    ObjectNode doc = TestServer.disclosure("Ranks CVs");
    doc.put("supersedes", incident);
    String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, doc)).json().get("id").asText();
    TestServer.Resp r = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", null, "Accept-Language", "zh-CN");
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("不是已发布的披露"), r.body());
  }

  @Test
  void disclosureAndIncidentBecomeReports() {
    String d = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, TestServer.disclosure("Writes code"))).json().get("id").asText();
    String i = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Leak"))).json().get("id").asText();
    for (String id : List.of(d, i))
      for (String[] step : new String[][] {{"reporterB", "submit"}, {"admin", "start_review"}, {"admin", "publish"}})
        assertEquals(200, s.call("POST", "/api/filings/" + id + "/" + step[1], step[0], null).status());
    Entry de = s.obs.registry.get("filing-" + d);
    assertEquals("report", de.type);
    assertTrue(de.name.en().contains("Acme-1"));
    assertTrue(de.tags.contains("disclosure"));
    Entry ie = s.obs.registry.get("filing-" + i);
    assertTrue(ie.tags.contains("incident"));
    assertEquals("2025-03", ie.date.toString());
  }

  @Test
  void formsReportEveryBadFieldAtOnce() {
    ObjectNode bad = TestServer.disclosure("x");
    bad.remove("developer");
    bad.put("open_weights", "maybe");
    bad.putArray("modalities").add("smell");
    bad.put("training_compute_flop", -1);
    bad.put("surprise", 1);
    TestServer.Resp r = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, bad));
    assertEquals(422, r.status());
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertTrue(fields.containsAll(List.of("doc.developer", "doc.open_weights", "doc.modalities[0]", "doc.training_compute_flop", "doc.surprise")), fields.toString());
    ObjectNode inc = TestServer.incident("x");
    inc.put("date_occurred", "yesterday");
    inc.put("severity", "apocalyptic");
    TestServer.Resp r2 = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, inc));
    List<String> f2 = new ArrayList<>();
    r2.json().get("errors").forEach(e -> f2.add(e.get("field").asText()));
    assertEquals(List.of("doc.date_occurred", "doc.severity"), f2);
    TestServer.Resp r3 = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("memo", null, inc));
    assertEquals("type", r3.json().get("field").asText());
  }

  /** A reporting office that works in Chinese gets the form's messages in Chinese; the fields stay the API's names. */
  @Test
  void formErrorsComeInChineseWhenAskedFor() {
    ObjectNode inc = TestServer.incident("x");
    inc.put("date_occurred", "yesterday");
    inc.put("severity", "apocalyptic");
    inc.remove("system");
    Object body = TestServer.newFiling("incident", null, inc);
    TestServer.Resp en = s.call("POST", "/api/filings", "reporterB", body);
    TestServer.Resp zh = s.call("POST", "/api/filings", "reporterB", body, "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5");
    assertEquals(422, zh.status());
    assertEquals("zh", zh.raw().headers().firstValue("Content-Language").orElse(""));
    assertTrue(en.raw().headers().firstValue("Content-Language").isEmpty());
    java.util.Map<String, String> msgs = new java.util.LinkedHashMap<>();
    zh.json().get("errors").forEach(e -> msgs.put(e.get("field").asText(), e.get("message").asText()));
    assertEquals("日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD", msgs.get("doc.date_occurred"));
    assertEquals("必填", msgs.get("doc.system"));
    assertTrue(msgs.get("doc.severity").startsWith("未知取值“apocalyptic”；可选："), msgs.toString());
    assertEquals(en.json().get("errors").size(), zh.json().get("errors").size());
    assertTrue(zh.json().get("detail").asText().startsWith("有 3 个字段需要更正："), zh.json().get("detail").asText());
    assertEquals(en.json().get("detail").asText(), zh.json().get("detail_en").asText());
    // English first in the header: English
    TestServer.Resp enFirst = s.call("POST", "/api/filings", "reporterB", body, "Accept-Language", "en-GB,zh;q=0.8");
    assertEquals(en.body(), enFirst.body());
  }

  @Test
  void idempotencyKeyReturnsTheFirstResult() {
    ObjectNode body = TestServer.newFiling("incident", null, TestServer.incident("Once only"));
    TestServer.Resp a = s.call("POST", "/api/filings", "reporterB", body, "Idempotency-Key", "k-123");
    TestServer.Resp b = s.call("POST", "/api/filings", "reporterB", body, "Idempotency-Key", "k-123");
    assertEquals(201, a.status());
    assertEquals(201, b.status());
    assertEquals(a.json().get("id"), b.json().get("id"));
    assertEquals("true", b.header("Idempotent-Replayed"));
    long n = s.obs.db.read(c -> ((Number) Sql.one(c, "SELECT COUNT(*) AS n FROM filings WHERE title='Once only'").get("n")).longValue());
    assertEquals(1, n);
    TestServer.Resp other = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Other")),
        "Idempotency-Key", "k-123");
    assertEquals(422, other.status());
    // keys are per caller: another account's same key is a different request
    TestServer.Resp c = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("incident", null, TestServer.incident("Once only")),
        "Idempotency-Key", "k-123");
    assertEquals(201, c.status());
    assertFalse(c.json().get("id").equals(a.json().get("id")));
    // a retried action gets the first answer, not "cannot submit a filing in state submitted" (QA, 2026-12-02)
    String id = a.json().get("id").asText();
    TestServer.Resp submit = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", Map.of(), "Idempotency-Key", "submit-1");
    TestServer.Resp again = s.call("POST", "/api/filings/" + id + "/submit", "reporterB", Map.of(), "Idempotency-Key", "submit-1");
    assertEquals(200, submit.status(), submit.body());
    assertEquals(200, again.status(), again.body());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(submit.body(), again.body());
    assertEquals(409, s.call("POST", "/api/filings/" + id + "/submit", "reporterB", Map.of(), "Idempotency-Key", "submit-2").status(),
        "a new key is a new request");
    TestServer.Resp huge = s.call("GET", "/api/filings/" + id + "/versions/99999999999", "reporterB", null);
    assertEquals(400, huge.status(), "not version 1215752191 by truncation: " + huge.body());
    TestServer.Resp word = s.call("GET", "/api/filings/" + id + "/versions/abc", "reporterB", null);
    assertEquals(400, word.status(), "a word is no version (it was 404 \"v 'abc' not found\"): " + word.body());
    assertEquals("v", word.json().get("field").asText(), word.body());
  }

  @Test
  void aDisabledAccountLosesItsTokensAndSessionsAndKeepsItsFilings() {
    String reporter = s.accountIds.get("reporterB").toString();
    String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Before disabling"))).json().get("id").asText();
    TestServer.Resp off = s.call("PUT", "/api/filings/accounts/" + reporter + "/disabled", "admin", Map.of("disabled", true));
    assertEquals(200, off.status(), off.body());
    assertTrue(off.json().get("disabled").asBoolean());
    assertEquals(401, s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("After"))).status());
    assertEquals(200, s.call("GET", "/api/filings/" + id, "admin", null).status(), "what the account filed stays");
    assertEquals(400, s.call("PUT", "/api/filings/accounts/" + reporter + "/disabled", "admin", Map.of()).status());
    assertEquals(200, s.call("PUT", "/api/filings/accounts/" + reporter + "/disabled", "admin", Map.of("disabled", false)).status());
    assertEquals(201, s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("Again"))).status());
    boolean audited = false;
    for (JsonNode e : s.call("GET", "/api/filings/audit", "admin", null).json()) audited |= e.toString().contains("account_disabled");
    assertTrue(audited, "disabling is in the audit trail");
  }

  @Test
  void expiredSessionsAreDeletedAtTheNextLogin() {
    Accounts a = s.routes.accounts;
    a.db().tx(c -> Sql.update(c,
        "INSERT INTO filing_sessions (id_hash, account_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)", "stale-session-hash",
        s.accountIds.get("analyst"), "csrf", Sql.now().minusDays(30), Sql.now().minusDays(29)));
    Accounts.Session fresh = a.login("analyst@example.org", TestServer.PW, "203.0.113.9", null);
    assertNotNull(fresh);
    long stale = a.db().read(c -> ((Number) Sql.one(c, "SELECT COUNT(*) AS n FROM filing_sessions WHERE id_hash=?", "stale-session-hash").get("n")).longValue());
    assertEquals(0, stale);
    assertNotNull(a.session(fresh.secret()), "the new session works");
  }

  @Test
  void webhookToAnInternalAddressIsRefusedUnlessTheOperatorAllowsIt() {
    String saved = System.getProperty("obs.webhook.allowPrivate");
    System.setProperty("obs.webhook.allowPrivate", "false");
    try {
      for (String url : new String[] {"http://127.0.0.1:5432/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/hook"}) {
        TestServer.Resp r = s.call("POST", "/api/filings/webhooks", "admin", Map.of("url", url));
        assertEquals(400, r.status(), url);
        assertEquals("url", r.json().get("field").asText(), r.body());
      }
    } finally {
      if (saved == null) System.clearProperty("obs.webhook.allowPrivate");
      else System.setProperty("obs.webhook.allowPrivate", saved);
    }
    assertEquals(201, s.call("POST", "/api/filings/webhooks", "admin", Map.of("url", "http://127.0.0.1:9/allowed-in-tests")).status());
  }

  @Test
  void webhookRetriesWithBackoffSignsAndCarriesADeliveryId() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Map<String, String>> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/hook", ctx -> {
      if (calls.incrementAndGet() == 1) {
        ctx.status(503);
        return;
      }
      got.add(Map.of("id", ctx.header("X-Filings-Delivery"), "sig", ctx.header("X-Filings-Signature"), "ts", ctx.header("X-Filings-Timestamp"),
          "body", ctx.body()));
    }).start(0);
    try {
      TestServer.Resp hook = s.call("POST", "/api/filings/webhooks", "admin", Map.of("url", "http://127.0.0.1:" + receiver.port() + "/hook",
          "filing_type", "incident"));
      assertEquals(201, hook.status());
      String secret = hook.json().get("secret").asText();
      String id = s.publishedByReporterB("incident", TestServer.incident("Hooked"));
      // the outbox row was committed with the publication, before any delivery attempt
      long hookId = hook.json().get("id").asLong();
      List<JsonNode> rows = new ArrayList<>();
      s.call("GET", "/api/filings/webhooks/deliveries", "admin", null).json().forEach(r -> {
        if (r.get("webhook_id").asLong() == hookId) rows.add(r);
      });
      assertEquals(1, rows.size());
      assertFalse(rows.get(0).hasNonNull("delivered_at"));
      assertEquals(0, s.routes.outbox.deliverDue()); // receiver down (503)
      assertEquals(0, s.routes.outbox.deliverDue()); // not yet due: back-off
      Thread.sleep(200);
      assertEquals(1, s.routes.outbox.deliverDue());
      assertEquals(0, s.routes.outbox.deliverDue()); // delivered once
      assertEquals(1, got.size());
      Map<String, String> h = got.get(0);
      assertEquals("sha256=" + Outbox.sign(secret, h.get("ts") + "." + h.get("body")), h.get("sig"));
      assertEquals(rows.get(0).get("delivery_id").asText(), h.get("id"));
      assertEquals(id, Json.read(h.get("body")).get("filing").asText());
    } finally {
      receiver.stop();
    }
  }

  @Test
  void anOutboxRowCommittedBeforeACrashIsDeliveredAfterRestart() throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/after-restart", ctx -> ids.add(ctx.header("X-Filings-Delivery"))).start(0);
    try {
      assertEquals(201, s.call("POST", "/api/filings/webhooks", "admin", Map.of("url", "http://127.0.0.1:" + receiver.port() + "/after-restart",
          "party", "acme", "filing_type", "disclosure")).status());
      s.publishedByReporterB("disclosure", TestServer.disclosure("x"));
      // the process that published "dies" before delivering; a new one over the same store delivers
      Outbox restarted = new Outbox(s.obs.db, java.time.Duration.ofMillis(10));
      int delivered = restarted.deliverDue();
      assertTrue(delivered >= 1);
      assertEquals(1, ids.size());
      assertEquals(0, restarted.deliverDue());
    } finally {
      receiver.stop();
    }
  }

  @Test
  void atomFeedsPerPartyAndTypeListOnlyPublications() {
    String pub = s.filingIn("published");
    String draft = s.filingIn("draft");
    TestServer.Resp all = s.call("GET", "/api/filings/feed.atom", "public", null);
    assertEquals(200, all.status());
    assertTrue(all.header("Content-Type").startsWith("application/atom+xml"));
    assertTrue(all.body().contains(pub));
    assertFalse(all.body().contains(draft));
    // a rules report's title is the server's wording, so it comes in both languages, as the feed's own title does
    assertTrue(all.body().contains("<title>National AI rules report: CN 2025 / 国家人工智能规则报告：CN 2025</title>"), all.body());
    assertTrue(all.body().contains("<category term=\"rules_report\" label=\"National AI rules report / 国家人工智能规则报告\"/>"), all.body());
    assertTrue(s.call("GET", "/api/filings/feed.atom?party=cn-office&type=rules_report", "public", null).body().contains(pub));
    assertFalse(s.call("GET", "/api/filings/feed.atom?party=acme", "public", null).body().contains(pub));
    assertFalse(s.call("GET", "/api/filings/feed.atom?type=incident", "public", null).body().contains(pub));
    assertEquals(400, s.call("GET", "/api/filings/feed.atom?type=nope", "public", null).status());
    // a party there is not is refused naming it, as a webhook for it is (it had answered an empty feed forever)
    var noParty = s.call("GET", "/api/filings/feed.atom?party=cn-offcie", "public", null);
    assertEquals(400, noParty.status(), noParty.body());
    assertTrue(noParty.body().contains("no party 'cn-offcie'"), noParty.body());
    assertEquals(400, s.call("GET", "/api/filings?party=nope", "public", null).status());
    String both = s.call("GET", "/api/filings/feed.atom?party=cn-office&type=rules_report", "public", null).body();
    assertTrue(both.contains("feed.atom?party=cn-office&amp;type=rules_report\"/>"), both);
    // an empty feed was updated now, not in 1970
    String empty = s.call("GET", "/api/filings/feed.atom?party=acme&type=rules_report", "public", null).body(); // a company files no rules report
    assertFalse(empty.contains("<entry>") || empty.contains("1970-01-01"), empty);
    assertTrue(empty.contains("<updated>" + java.time.Year.now(java.time.ZoneOffset.UTC)), empty);
  }
}
