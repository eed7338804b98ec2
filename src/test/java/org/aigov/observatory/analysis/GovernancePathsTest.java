package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GovernancePathsTest {
  /**
   * Jurisdiction XA: law (binding unset -> hard by type), strategy geopolitical, project tagged
   * ai_militarization, guideline soft -> 4 instruments, power 2/4 = 0.5, regulatory 2/4 (law, guideline),
   * promotion 2/4 (strategy, project) -> power. XB: law, regulation, strategy -> regulatory 2/3 >= 1/3
   * -> security. XC: strategy, program, guideline -> regulatory 1/3 < 2/3 -> development. XD: one law ->
   * insufficient data. A company issues XA's guideline, so XA has one private participant.
   */
  static Graph paths() {
    Fixtures f = new Fixtures();
    f.actor("acme", "company", "XA");
    f.actor("xa_reg", "government_agency", "XA");
    f.instrument("xa_law", "law", "XA", "2020", "xa_reg");
    f.instrument("xa_strat", "strategy", "XA", "2021", "xa_reg").riskCategories.add("geopolitical");
    f.instrument("xa_proj", "project", "XA", "2021").tags.add("ai_militarization");
    f.instrument("xa_guide", "guideline", "XA", "2022", "acme").binding = "soft";
    f.instrument("xa_sys", "technical_system", "XA", "2022"); // not a governance instrument
    f.rel("builds_on", "xa_guide", "xa_law");
    f.rel("builds_on", "xa_law", "xa_strat");
    f.instrument("xb_law", "law", "XB", "2019");
    f.instrument("xb_reg", "regulation", "XB", "2020");
    f.instrument("xb_strat", "strategy", "XB", "2020");
    f.instrument("xc_s", "strategy", "XC", "2018");
    f.instrument("xc_p", "program", "XC", "2019");
    f.instrument("xc_g", "guideline", "XC", "2019");
    f.instrument("xd_law", "law", "XD", "2019");
    return f.graph();
  }

  @Test
  void profileAndRuleWorkedOutByHand() {
    GovernancePaths gp = new GovernancePaths(paths());
    GovernancePaths.Profile xa = gp.profile("XA");
    assertEquals(4, xa.instruments());
    assertEquals(1, xa.hard()); // the law
    assertEquals(3, xa.soft());
    assertEquals(0.5, xa.powerShare(), 1e-12);
    assertEquals(0.5, xa.regulatoryShare(), 1e-12);
    assertEquals(0.5, xa.promotionShare(), 1e-12);
    assertEquals(1, xa.privateActors());
    assertEquals(0.25, xa.privateShare(), 1e-12);
    assertEquals(2, xa.longestBuildsOnChain()); // guide -> law -> strat
    assertEquals(Map.of(2020, 1, 2021, 2, 2022, 1), xa.byYear());
    var placed = gp.run(List.of("XA", "XB", "XC", "XD")).placements().stream()
        .collect(Collectors.toMap(GovernancePaths.Placement::jurisdiction, GovernancePaths.Placement::path));
    assertEquals(Map.of("XA", "power", "XB", "security", "XC", "development", "XD", "insufficient_data"), placed);
  }

  @Test
  void placementPrintsDecidingFeatures() {
    GovernancePaths gp = new GovernancePaths(paths());
    var p = gp.place(gp.profile("XC"));
    assertTrue(p.decidedBy().stream().anyMatch(s -> s.contains("regulatory_share=0.33 < promotion_share=0.67")), p.decidedBy().toString());
  }

  /**
   * The seed places US on the power path, EU/GB/IN on security-first, CN/JP/RU on development. On the
   * bundled seed snapshot the rule agrees for US and EU only: GB's four instruments are strategies,
   * an initiative and a forum (-> development); CN has more regulatory than promotional instruments
   * (-> security); IN, JP and RU have fewer than three instruments. This test states that result.
   */
  @Test
  void seedPlacementAgainstData() throws Exception {
    var r = new GovernancePaths(SeedData.graph()).run(GovernancePaths.DEFAULT_JURISDICTIONS);
    Map<String, GovernancePaths.Placement> p = r.placements().stream()
        .collect(Collectors.toMap(GovernancePaths.Placement::jurisdiction, x -> x));
    assertEquals("power", p.get("US").path());
    assertTrue(p.get("US").agrees());
    assertEquals("security", p.get("EU").path());
    assertTrue(p.get("EU").agrees());
    assertEquals("development", p.get("GB").path());
    assertFalse(p.get("GB").agrees());
    assertEquals("security", p.get("CN").path());
    assertFalse(p.get("CN").agrees());
    for (String j : List.of("IN", "JP", "RU")) assertEquals("insufficient_data", p.get(j).path(), j);
    assertEquals(2L, GovernancePaths.summary(r).get("agree_with_seed"));
    // a jurisdiction the seed places nowhere neither agrees nor disagrees, and is not counted as compared
    var fr = new GovernancePaths(SeedData.graph()).run(List.of("FR", "US"));
    assertNull(fr.placements().stream().filter(x -> x.jurisdiction().equals("FR")).findFirst().orElseThrow().agrees());
    assertEquals(1L, GovernancePaths.summary(fr).get("compared"));
  }

  @Test
  void euUsTablesFromData() throws Exception {
    var r = new GovernancePaths(SeedData.graph()).run(GovernancePaths.DEFAULT_JURISDICTIONS);
    Table dims = r.euUs().get(0);
    Map<String, List<Object>> rows = dims.rows().stream().collect(Collectors.toMap(x -> (String) x.get(1), x -> x));
    // the seed: US policy centres on executive orders, EU on legislation and ethics; EU has a member-state tier
    assertEquals(0, rows.get("executive_orders").get(2));
    assertTrue((Integer) rows.get("executive_orders").get(3) > 0);
    assertTrue((Double) rows.get("ethical_layer_share").get(2) > (Double) rows.get("ethical_layer_share").get(3));
    assertTrue((Integer) rows.get("designated_authority_roles (member-state tier)").get(2) > 0);
    // technology first: more private actors around US instruments and bodies
    assertTrue((Integer) rows.get("private_actors_involved").get(3) > (Integer) rows.get("private_actors_involved").get(2));
    assertEquals(3, dims.columns().indexOf("US"));
    // University review of 2026-12-04: every government_agency had counted as a regulator (US 36, EU 19) and only research
    // institutes as research/advisory (US 10, with Lockheed Martin ATL, EU 0). Paper 3: the EU builds regulators (AI
    // Office, Board, member-state authorities), the US has none and mostly research, advisory and coordination bodies.
    List<Object> reg = rows.get("regulators_and_authorities"), rac = rows.get("research_advisory_coordination");
    assertEquals(List.of(7, 1, "EU > US", true), reg.subList(2, 6)); // the US one is the FTC, a general regulator
    assertEquals(List.of(4, 17, "US > EU", true), rac.subList(2, 6));
    for (String ind : List.of("hard_share", "executive_orders", "ethical_layer_share", "designated_authority_roles (member-state tier)"))
      assertEquals(Boolean.TRUE, rows.get(ind).get(5), ind);
    assertNull(rows.get("instruments").get(5), "no claim, no verdict");
  }

  /** The roles: curated for the seed's bodies, by type and name for the rest; states, cities and companies are not counted. */
  @Test
  void institutionRoles() {
    Fixtures f = new Fixtures();
    String[][] cases = {
        {"scai", "government_agency", "Select Committee on AI", "research_advisory_coordination"},
        {"ai_hleg", "eu_institution", "High-Level Expert Group on AI", "research_advisory_coordination"},
        {"eu_ai_office", "eu_institution", "European AI Office", "regulator"},
        {"lockheed_atl", "research_institute", "Lockheed Martin Advanced Technology Laboratories", "not_counted"},
        {"agora-auth-texas", "government_agency", "Texas", "not_counted"},
        {"agora-auth-boise-id", "government_agency", "Boise, ID", "not_counted"},
        {"x_cfpb", "government_agency", "Consumer Financial Protection Bureau", "regulator"},
        {"x_panel", "government_agency", "Interagency Coordination Office for AI", "research_advisory_coordination"},
        {"x_dept", "government_agency", "Department of Transportation", "executive"},
        {"x_co", "company", "Acme Advisory Council Inc.", "not_counted"}};
    for (String[] c : cases) {
      var e = f.actor(c[0], c[1], "US");
      e.name = new org.aigov.observatory.kernel.Text(null, c[2]);
      assertEquals(c[3], Institutions.role(e), c[0]);
    }
    assertTrue(Institutions.subNational(f.actor("agora-auth-california", "government_agency", "US")));
    assertFalse(Institutions.subNational(f.actor("agora-auth-department-of-commerce", "government_agency", "US")));
  }

  /**
   * University review of 2026-12-04: at scope all the EU–US table counted AGORA's state laws (US hard share 0.80 vs the
   * EU's 0.21). Paper 3 compares the union and federal level: a state's instruments and bodies are left out, and counted.
   */
  @Test
  void theEuUsComparisonIsAtTheUnionAndFederalLevel() {
    Fixtures f = new Fixtures();
    f.actor("agora-auth-texas", "government_agency", "US");
    f.actor("congress", "legislature", "US");
    for (int i = 0; i < 4; i++) f.instrument("tx" + i, "law", "US", "2023", "agora-auth-texas");
    f.instrument("ndaa", "law", "US", "2022", "congress").tags.add("collection:NDAA provisions");
    f.instrument("fed_law", "law", "US", "2020", "congress");
    f.instrument("fed_eo", "executive_order", "US", "2023").binding = "soft";
    f.instrument("fed_strat", "strategy", "US", "2019");
    f.instrument("eu_act", "law", "EU", "2024");
    var gp = new GovernancePaths(f.graph());
    assertEquals(8, gp.profile("US").instruments()); // the profile keeps everything
    GovernancePaths.Profile fed = gp.profile("US", true);
    assertEquals(3, fed.instruments());
    assertEquals(1.0 / 3, fed.hardShare(), 1e-12);
    assertEquals(4, fed.subNationalInstrumentsExcluded());
    assertEquals(1, fed.sectoralInstrumentsExcluded());
    assertEquals(1, fed.subNationalActorsExcluded());
    Table dims = gp.run(List.of("US")).euUs().get(0);
    assertTrue(dims.titleEn().contains("union and federal level") && dims.titleZh().contains("联邦与欧盟层面"), dims.titleEn());
    var rows = dims.rows().stream().collect(Collectors.toMap(x -> (String) x.get(1), x -> x));
    assertEquals(3, rows.get("instruments").get(3));
    assertEquals(4, rows.get("sub_national_instruments_left_out").get(3));
  }

  /** Scopes: AGORA imports drop out with no-agora; seed keeps records that name a paper, and states. */
  @Test
  void scopes() {
    Fixtures f = new Fixtures();
    f.instrument("ag1", "law", "US", "2020").tags.add("agora");
    f.instrument("s1", "law", "US", "2020").papers.add(5);
    f.instrument("other", "law", "US", "2020");
    f.actor("us", "state", "US");
    assertEquals(List.of("s1", "other", "us"), Graph.scope(f.entries, "no-agora").stream().map(e -> e.id).toList());
    assertEquals(List.of("s1", "us"), Graph.scope(f.entries, "seed").stream().map(e -> e.id).toList());
    assertEquals(4, Graph.scope(f.entries, "all").size());
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class, () -> Graph.scope(f.entries, "x"));
    assertEquals("scope", e.field);
  }

  /** At the seed scope the relations among kept records stay though no paper names them (a state's UN membership). */
  @Test
  void theSeedScopeKeepsTheLinksAmongItsOwnRecords() {
    Fixtures f = new Fixtures();
    f.actor("un", "intergovernmental_organization", null).papers.add(2);
    f.actor("fr", "state", "FR");
    f.actor("acme", "company", "US"); // named by no paper: out, and so are its links
    f.members("un", "fr", "acme");
    f.rel("builds_on", "fr", "acme");
    List<String> seed = Graph.scope(f.entries, "seed").stream().map(x -> x.id).toList();
    assertEquals(List.of("un", "fr", "rel:member_of:fr:un"), seed);
    assertEquals(List.of("fr"), new Graph(Graph.scope(f.entries, "seed")).directMembers("un"));
  }
}
