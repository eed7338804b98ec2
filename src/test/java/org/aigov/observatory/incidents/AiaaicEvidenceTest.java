package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiaaicEvidenceTest {
  @TempDir Path tmp;

  static int domainIndex(AiaaicEvidence ev, String prefix) {
    String[] d = ev.domains();
    for (int i = 0; i < d.length; i++) if (d[i].startsWith(prefix)) return i;
    throw new AssertionError(prefix);
  }

  @Test
  void bundledModelReadsAiaaicLabelsAsTheirDomains() {
    AiaaicEvidence ev = AiaaicEvidence.bundled();
    // stored probabilities are in the fused model's domain order: both must agree
    assertArrayEquals(RiskModel.bundled().domains(), ev.domains());
    assertEquals(7, ev.domains().length);
    Map<String, Set<String>> f = AiaaicEvidence.bundledFeatures();
    assertTrue(f.size() > 300, "labelled AIID incidents merged with an AIAAIC entry: " + f.size());
    assertTrue(f.get("1").contains("issues=privacy"), f.get("1").toString());
    String[][] cases = {{"Privacy/surveillance", "2."}, {"Mis/disinformation", "3."}};
    for (String[] c : cases) {
      double[] p = ev.probabilities(Set.of(AiaaicEvidence.feature("issues", c[0])));
      assertEquals(domainIndex(ev, c[1]), RiskModel.argmax(p), c[0] + " -> " + Arrays.toString(p));
      assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
    }
    assertNull(ev.probabilities(Set.of("issues=never seen")), "no known label: no evidence");
    double[] text = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4};
    assertSame(text, ev.mix(text, Set.of("issues=never seen")));
    assertSame(text, ev.mix(text, null));
    double[] m = ev.mix(text, Set.of("issues=privacy/surveillance"));
    assertEquals(1.0, Arrays.stream(m).sum(), 1e-9);
    assertTrue(m[1] > text[1] && m[6] < text[6], Arrays.toString(m));
  }

  @Test
  void featuresComeFromTheStoredTaxonomyAndTheBundledFile() throws Exception {
    var json = org.aigov.observatory.kernel.Json.read(
        "{\"issues\":[\"Safety\",\" \"],\"external_harms_individual\":[\"Bodily injury\"],\"technology\":[\"Robotics\"]}");
    assertEquals(Set.of("issues=safety", "external_harms_individual=bodily injury"), AiaaicEvidence.features(json));
    Map<String, Set<String>> f = AiaaicEvidence.readFeatures(new StringReader(
        "aiid_incident_id,aiaaic_id,issues,harms_individual,harms_societal\n7,AIAAIC1,Fairness; Privacy,,Discrimination\n7,AIAAIC2,Safety,,\n"));
    assertEquals(Set.of("issues=fairness", "issues=privacy", "external_harms_societal=discrimination", "issues=safety"), f.get("7"));
    double[] p = {0.125, 0.5, 0.0625, 0.0625, 0.125, 0.0625, 0.0625};
    assertArrayEquals(p, AiaaicEvidence.parse(AiaaicEvidence.format(p)), 1e-9);
    assertNull(AiaaicEvidence.parse("0.5;x"));
  }

  /** Stored probabilities of a record, by source id. */
  static double[] probs(Db db, String source, String id) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT risk_domain_probs FROM incident_records WHERE source = ? AND source_id = ?")) {
        ps.setString(1, source);
        ps.setString(2, id);
        try (var rs = ps.executeQuery()) {
          assertTrue(rs.next(), id);
          return rs.getString(1) == null ? null : AiaaicEvidence.parse(rs.getString(1));
        }
      }
    });
  }

  /** The stored risk layers of an AIID record, and those ingest would give its text under {@code domain}. */
  static List<String> layers(Db db, String id) {
    return db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT risk_layers FROM incident_records WHERE source = 'aiid' AND source_id = '" + id + "'")) {
        assertTrue(rs.next());
        return RecordWriter.split(rs.getString(1));
      }
    });
  }

  static List<String> layersFor(Db db, String id, String domain) {
    String text = Classifier.inputText(db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT title, body, deployers, developers, systems, harmed FROM incident_records"
          + " WHERE source = 'aiid' AND source_id = '" + id + "'")) {
        assertTrue(rs.next());
        return RecordWriter.textFields(rs, 1);
      }
    }));
    return Classifier.layers(domain, text, Tokens.raw(text));
  }

  static String domain(Db db, String id) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT risk_domain, risk_layers FROM incident_records WHERE source = 'aiid' AND source_id = ?")) {
        ps.setString(1, id);
        try (var rs = ps.executeQuery()) {
          assertTrue(rs.next());
          return rs.getString(1);
        }
      }
    });
  }

  static long recordId(Db db, String sourceId) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT id FROM incident_records WHERE source_id = ?")) {
        ps.setString(1, sourceId);
        try (var rs = ps.executeQuery()) {
          assertTrue(rs.next(), sourceId);
          return rs.getLong(1);
        }
      }
    });
  }

  @Test
  void clusteringMixesTheMergedEntrysLabelsInAndASplitUndoesIt() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      AiaaicEvidence ev = AiaaicEvidence.bundled();
      String[] domains = ev.domains();
      // curated records keep the fused model's probabilities; the AIID report does not (bag-of-words only)
      double[] stored = probs(db, "aiid", "51");
      assertNotNull(stored);
      assertEquals(domains[RiskModel.argmax(stored)], domain(db, "51"));
      assertNull(probs(db, "aiid-report", "1000001"));
      // make the text model's call on incident 51 a near tie, decided against the domain AIAAIC062's labels favour
      Set<String> k5 = Set.of("issues=accuracy/reliability", "issues=safety", "external_harms_individual=bodily injury");
      int favoured = RiskModel.argmax(ev.probabilities(k5));
      // the text model's side of the tie: a domain implying other risk layers for this text, so that reverting must drop one
      int other = java.util.stream.IntStream.range(0, domains.length)
          .filter(d -> d != favoured && !layersFor(db, "51", domains[d]).equals(layersFor(db, "51", domains[favoured]))).findFirst().orElseThrow();
      double[] tie = new double[7];
      Arrays.fill(tie, 0.04);
      tie[other] = 0.41;
      tie[favoured] = 0.39;
      db.tx(c -> {
        try (var ps = c.prepareStatement("UPDATE incident_records SET risk_domain = ?, risk_domain_probs = ? WHERE source = 'aiid' AND source_id = '51'")) {
          ps.setString(1, domains[other]);
          ps.setString(2, AiaaicEvidence.format(tie));
          ps.executeUpdate();
        }
        return null;
      });
      Clusterer.Options off = new Clusterer.Options();
      off.aiaaicEvidence = false;
      new Clusterer(off, Progress.silent()).run(db);
      assertEquals(domains[other], domain(db, "51"), "switched off: the text model's domain stays");
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:51"), inc.get("aiaaic:AIAAIC062"));
      assertEquals(domains[favoured], domain(db, "51"), "merged with AIAAIC062: its labels decide the tie");
      assertEquals(layersFor(db, "51", domains[favoured]), layers(db, "51"), "the layers follow the new domain");
      assertTrue(layers(db, "51").containsAll(Classifier.domainLayers(domains[favoured])));
      assertTrue(st.evidenceChanged >= 1, st.toString());
      assertTrue(st.toString().contains("risk domains changed by AIAAIC labels"));
      // the incident row is built from its records after the change
      String incDomain = db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT risk_domain FROM incidents WHERE id = " + inc.get("aiid:51"))) {
          assertTrue(rs.next());
          return rs.getString(1);
        }
      });
      assertEquals(domains[favoured], incDomain, "an incident takes its AIID record's domain");
      // incident 72 (merged with AIAAIC086): the argmax of its stored probabilities mixed with AIAAIC086's labels
      Set<String> fb = Set.of("issues=accuracy/reliability", "issues=fairness", "external_harms_individual=loss of rights/freedoms");
      double[] mixed = ev.mix(probs(db, "aiid", "72"), fb);
      assertEquals(domains[RiskModel.argmax(mixed)], domain(db, "72"));
      double conf = db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT risk_domain_confidence FROM incident_records WHERE source = 'aiid' AND source_id = '72'")) {
          assertTrue(rs.next());
          return rs.getDouble(1);
        }
      });
      assertEquals(mixed[RiskModel.argmax(mixed)], conf, 1e-3, "the stored confidence is the mixed probability");
      // an editor splits AIAAIC062 out; incident 51 is then free to take the other K5 entry, AIAAIC0117, which the
      // editor splits out too: the next run returns incident 51 to the text model's domain
      Decisions.split(db, inc.get("aiid:51"), List.of(recordId(db, "AIAAIC062")), "editor", "not the same event");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> after = ClusterTest.incidentOf(db);
      assertNotEquals(after.get("aiid:51"), after.get("aiaaic:AIAAIC062"));
      if (after.get("aiid:51").equals(after.get("aiaaic:AIAAIC0117"))) {
        Decisions.split(db, after.get("aiid:51"), List.of(recordId(db, "AIAAIC0117")), "editor", "not the same event either");
        new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      }
      after = ClusterTest.incidentOf(db);
      for (var e : after.entrySet()) if (e.getKey().startsWith("aiaaic:")) assertNotEquals(after.get("aiid:51"), e.getValue(), e.getKey());
      assertEquals(domains[other], domain(db, "51"), ClusterTest.incidentOf(db).toString());
      List<String> back = layersFor(db, "51", domains[other]);
      assertEquals(back, layers(db, "51"), "the layer the mixed domain added goes with it");
      assertNotEquals(layersFor(db, "51", domains[favoured]), back, "the two domains imply different layers for this text, so the check can fail");
    }
  }

  @Test
  void evalSnapshotWithAiaaicClustersBeforeScoring() throws Exception {
    Path snap = Fixtures.aiidSnapshot(tmp.resolve("snap"));
    Path aiaaic = Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream o = System.out, e = System.err;
    java.io.ByteArrayOutputStream byDefault = new java.io.ByteArrayOutputStream(), textOnly = new java.io.ByteArrayOutputStream();
    int rc, bad;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      rc = new picocli.CommandLine(new EvalCommand()).execute("--snapshot", snap.toString(), "--aiaaic", aiaaic.toString());
      System.setOut(new java.io.PrintStream(byDefault, true, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, new picocli.CommandLine(new EvalCommand()).execute("--snapshot", snap.toString()));
      System.setOut(new java.io.PrintStream(textOnly, true, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, new picocli.CommandLine(new EvalCommand()).execute("--snapshot", snap.toString(), "--aiaaic", "none"));
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      bad = new picocli.CommandLine(new EvalCommand()).execute("--snapshot", snap.toString(), "--aiaaic", tmp.resolve("missing.csv").toString());
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, rc, text);
    assertTrue(text.contains("risk domains changed by AIAAIC labels"), text);
    assertTrue(text.indexOf("cluster: ") < text.indexOf("stored risk domains"), text);
    assertNotEquals(0, bad);
    assertTrue(err.toString().contains("--aiaaic: not a file"), err.toString());
    // without --aiaaic the bundled demo subset is the second monitor, as in a store that loaded it at first start
    String d = byDefault.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(d.contains("aiaaic (bundled demo subset): ") && d.contains("cluster: "), d);
    assertTrue(d.indexOf("cluster: ") < d.indexOf("stored risk domains"), d);
    String t = textOnly.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(t.contains("cluster: ") || t.contains("aiaaic"), t);
    assertTrue(t.contains("stored risk domains"), t);
  }
}
