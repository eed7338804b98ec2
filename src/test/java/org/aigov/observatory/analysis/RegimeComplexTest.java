package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegimeComplexTest {
  /**
   * Eight institutions: actors A (international_org; fr de ng br jp), B (multilateral_forum; fr de),
   * C (multistakeholder_body; ng), D (intergovernmental_forum; no members, issues nothing);
   * instruments iA (by A: application_security, ethical), iB (by B: application_security),
   * iC (by C, org_form multistakeholder: geopolitical), iD (no issuer, members fr ng:
   * application_security, design). Actors inherit the issues of what they issue.
   */
  static Graph complex() {
    Fixtures f = new Fixtures();
    for (String s : List.of("fr", "de", "ng", "br", "jp")) f.actor(s, "state", s.toUpperCase());
    f.actor("a", "international_org", "INTL");
    f.actor("b", "multilateral_forum", "INTL");
    f.actor("c", "multistakeholder_body", "INTL");
    f.actor("d", "intergovernmental_forum", "INTL");
    f.members("a", "fr", "de", "ng", "br", "jp");
    f.members("b", "fr", "de");
    f.members("c", "ng");
    var iA = f.instrument("ia", "principles", "INTL", "2019", "a");
    iA.riskCategories.add("application_security");
    iA.governanceLayers.add("ethical");
    f.instrument("ib", "declaration", "INTL", "2021", "b").riskCategories.add("application_security");
    var iC = f.instrument("ic", "initiative", null, "2023", "c");
    iC.orgForm = "multistakeholder";
    iC.riskCategories.add("geopolitical");
    var iD = f.instrument("id", "framework", "INTL", null);
    iD.riskCategories.add("application_security");
    iD.lifecycle.add("design");
    f.members("id", "fr", "ng");
    f.instrument("rep", "report", "INTL", "2020"); // not an institution
    return f.graph();
  }

  /** Review of 2026-12-04: ranks were positions in an id-ordered list, so two nodes of one degree had different ranks. */
  @Test
  void equalValuesShareTheirRank() {
    List<RegimeComplex.Node> all = new RegimeComplex(complex()).centrality(List.of(), 1_000);
    assertTrue(all.size() > 3);
    boolean tie = false;
    for (RegimeComplex.Node a : all) {
      assertEquals(1 + all.stream().filter(b -> b.degree() > a.degree()).count(), a.degreeRank(), a.id());
      assertEquals(1 + all.stream().filter(b -> b.betweenness() > a.betweenness()).count(), a.betweennessRank(), a.id());
      tie |= all.stream().anyMatch(b -> b != a && b.degree() == a.degree());
    }
    assertTrue(tie, "the fixture has nodes of equal degree");
  }

  @Test
  void pairClassesWorkedOutByHand() {
    RegimeComplex rc = new RegimeComplex(complex());
    assertEquals(8, rc.institutions().size());
    RegimeComplex.Result r = rc.run();
    // 28 pairs: nested A-B A-iA A-iB B-iA B-iB C-iC iA-iB; overlapping A-iD B-iD iA-iD iB-iD;
    // parallel A-C A-iC C-iA C-iD iA-iC iC-iD; the other 11 disjoint.
    assertEquals(new RegimeComplex.Counts(8, 28, 7, 4, 6, 11), r.counts());
    Map<String, RegimeComplex.Kind> k = r.pairs().stream().collect(Collectors.toMap(p -> p.a() + "-" + p.b(), RegimeComplex.Pair::kind));
    assertEquals(RegimeComplex.Kind.nested, k.get("a-b")); // B's members and issues are subsets of A's
    assertEquals(RegimeComplex.Kind.overlapping, k.get("a-id")); // share fr,ng and application_security; design not in A
    assertEquals(RegimeComplex.Kind.parallel, k.get("a-c")); // share ng, no issue in common
    assertEquals(RegimeComplex.Kind.nested, k.get("c-ic")); // iC is issued by C
    assertEquals(17, r.pairs().size()); // only non-disjoint pairs are listed
    // review of 2026-12-04: the Chinese note listed the types as codes ([forum, intergovernmental_forum, …])
    String zh = r.notesZh().get(0);
    assertTrue(zh.contains("政府间论坛、国际组织") && zh.contains("除司法案例、报告、技术系统以外") && !zh.contains("[") && !zh.contains("_"), zh);
  }

  @Test
  void fragmentationWorkedOutByHand() {
    RegimeComplex rc = new RegimeComplex(complex());
    RegimeComplex.Fragmentation all = rc.run().fragmentation().get(rc.run().fragmentation().size() - 1);
    assertEquals("all", all.asOf());
    // 7 institutions carry issues (D none), ln 7 = 1.94591.
    // application_security: weights A .5, B 1, iA .5, iB 1, iD .5 -> p = 1/7 x3, 2/7 x2 -> H/ln7 = 0.79645
    // ethical: A, iA equal -> ln2/ln7 = 0.35621; geopolitical: C, iC -> 0.35621; design: iD only -> 0
    // dispersion = 1.50887/4 = 0.37722; overlap share = 4/(4+7) = 0.36364; index = 0.37043
    assertEquals(0.37722, all.issueDispersion(), 1e-4);
    assertEquals(0.36364, all.overlapShare(), 1e-4);
    assertEquals(0.37043, all.index(), 1e-4);
    // By 2019: actors A B C D (undated, always present) and iA (2019). B's only issue comes from iB (2021) and C's
    // from iC (2023), so in 2019 only A and iA carry issues: A-iA nested (issued_by); A-B, A-C, B-iA, C-iA share
    // members but no issue -> parallel; rest disjoint -> 10 pairs, overlap share 0.
    RegimeComplex.Fragmentation y2019 = row(rc, "2019");
    assertEquals(new RegimeComplex.Counts(5, 10, 1, 0, 4, 5), y2019.counts());
    assertEquals(2, y2019.withIssues());
    assertEquals(0.0, y2019.overlapShare());
    // by 2021 B has iB's issue: A, B, iA, iB carry issues
    assertEquals(4, row(rc, "2021").withIssues());
  }

  static RegimeComplex.Fragmentation row(RegimeComplex rc, String asOf) {
    return rc.fragmentationOverTime().stream().filter(x -> x.asOf().equals(asOf)).findFirst().orElseThrow();
  }

  /** A year's row uses only instruments dated up to that year: an undated or later instrument of A changes 'all' only. */
  @Test
  void laterAndUndatedInstrumentsLeaveEarlierYearsAlone() {
    RegimeComplex base = new RegimeComplex(complex());
    for (String date : new String[] {null, "2024"}) {
      Graph g = complex();
      List<org.aigov.observatory.registry.Entry> l = new java.util.ArrayList<>(g.nodes.values());
      l.addAll(g.relations);
      Fixtures f = new Fixtures();
      f.entries.addAll(l);
      // a national instrument (not an institution itself) that A issues, on an issue no one else covers
      f.instrument("later", "strategy", "FR", date, "a").riskCategories.add("geopolitical");
      RegimeComplex rc = new RegimeComplex(f.graph());
      for (String y : List.of("2019", "2021", "2023")) assertEquals(row(base, y), row(rc, y), date + " changed " + y);
      assertTrue(row(rc, "all").issueDispersion() != row(base, "all").issueDispersion(), "the 'all' row counts it");
    }
  }

  @Test
  void coverageMatrixShowsGaps() {
    RegimeComplex rc = new RegimeComplex(complex());
    var cov = rc.coverage();
    // application_security: A, iA (international_org), B, iB (multilateral), iD (no issuer -> unset)
    assertEquals(2, cov.get("application_security").get("international_org"));
    assertEquals(2, cov.get("application_security").get("multilateral"));
    assertEquals(1, cov.get("application_security").get("unset"));
    assertEquals(2, cov.get("geopolitical").get("multistakeholder"));
    assertEquals(1, cov.get("(no risk coded)").get("multilateral")); // D
    assertEquals(0, cov.get("intrinsic_safety").values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(RegimeComplex.gaps(cov).contains("national_security × international_org"));
  }

  @Test
  void representationByUnRegion() {
    RegimeComplex rc = new RegimeComplex(complex());
    // baseline: 5 states, Europe 2/5, Africa 1/5, Americas 1/5, Asia 1/5; developing proxy ng, br = 2/5
    assertEquals(0.4, rc.regionBaseline().get("Europe"), 1e-9);
    assertEquals(0.4, rc.regionBaseline().get("developing_proxy"), 1e-9);
    var rep = rc.representation(2).stream().collect(Collectors.toMap(RegimeComplex.Representation::id, x -> x));
    assertEquals(2.5, rep.get("b").ratioToBaseline().get("Europe"), 1e-9); // fr, de: Europe share 1 / 0.4
    assertEquals(0.0, rep.get("b").developingRatio(), 1e-9);
    assertEquals(1.25, rep.get("id").developingRatio(), 1e-9); // fr, ng: 0.5 / 0.4
    assertEquals(1.0, rep.get("ia").developingRatio(), 1e-9); // issuer A's five members
    assertTrue(!rep.containsKey("c")); // one state only
  }

  /**
   * When states carry the un_member tag the baseline is the UN members: territories recorded as state actors
   * (Bouvet Island, Guam, Åland) would otherwise make a body with every UN member look under-represented.
   */
  @Test
  void unMembersAreTheBaselineWhenTagged() {
    Fixtures f = new Fixtures();
    for (String s : List.of("fr", "de", "ng", "br", "jp")) f.actor(s, "state", s.toUpperCase()).tags.add("un_member");
    for (String s : List.of("bv", "gu", "ax")) f.actor(s, "state", s.toUpperCase()); // territories, no un_member tag
    f.actor("un", "international_org", "INTL");
    f.members("un", "fr", "de", "ng", "br", "jp");
    RegimeComplex rc = new RegimeComplex(f.graph());
    assertEquals(5.0, rc.regionBaseline().get("states"));
    assertEquals(0.4, rc.regionBaseline().get("developing_proxy"), 1e-9); // ng, br of 5 (Bouvet Island not counted)
    RegimeComplex.Representation un = rc.representation(5).get(0);
    assertEquals(1.0, un.developingRatio(), 1e-12);
    for (double r : un.ratioToBaseline().values()) if (!Double.isNaN(r)) assertEquals(1.0, r, 1e-12); // Oceania: no member, NaN
    assertEquals(0L, rc.run().representationTest().get("initiatives_under_represented"));
  }

  /** On the bundled seed (193 UN members among its 248 state actors) the UN is not under-represented. */
  @Test
  void theUnIsNotUnderRepresentedOnTheSeed() throws Exception {
    RegimeComplex rc = new RegimeComplex(SeedData.graph());
    assertEquals(193.0, rc.regionBaseline().get("states"));
    RegimeComplex.Representation un = rc.representation(5).stream().filter(x -> x.id().equals("un")).findFirst().orElseThrow();
    assertEquals(193, un.states());
    assertEquals(1.0, un.developingRatio(), 1e-12);
  }

  /** The counting fast path (used for large subsets) must give the exact loop's counts. */
  @Test
  void fastCountsEqualExactCounts() {
    List<org.aigov.observatory.registry.Entry> es = AnalysisBench.synth(300, 400, 3000, 5);
    Fixtures f = new Fixtures();
    f.entries.addAll(es);
    f.rel("issued_by", "inst1", "inst0"); // a structural link without shared members
    RegimeComplex rc = new RegimeComplex(f.graph());
    int[] all = rc.all();
    rc.exactPairLimit = Integer.MAX_VALUE;
    RegimeComplex.Counts exact = rc.classifyAll(all, null);
    rc.exactPairLimit = 0;
    RegimeComplex.Counts fast = rc.classifyAll(all, null);
    assertEquals(exact, fast);
    assertTrue(exact.nested() > 0 && exact.overlapping() > 0 && exact.parallel() > 0 && exact.disjoint() > 0, exact.toString());
  }
}
