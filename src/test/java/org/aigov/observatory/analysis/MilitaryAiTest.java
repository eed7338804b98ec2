package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Map;
import java.util.stream.Collectors;
import org.aigov.observatory.kernel.ApiException;
import org.junit.jupiter.api.Test;

class MilitaryAiTest {
  static final String CSV = """
      id,name_en,country,developer,developer_type,function,deployment,year
      a1,Alpha,XA,MoD,government_military,weapon,offensive,2020
      a2,Beta,XA,StartCo,new_commercial,isr,offensive,2021
      a3,Gamma,XA,StartCo,new_commercial,cyber,defensive,
      a4,Delta,XA,Prime,traditional_defence,air_defence,defensive,
      a5,Eps,XA,AppCo,new_commercial,info_ops,interventional,
      b1,Zeta,XB,Prime,traditional_defence,weapon,offensive,
      b2,Eta,XB,Prime,traditional_defence,weapon,defensive,
      b3,Theta,XB,MoD,government_military,isr,interventional,
      b4,Cloud,XB,BigTech,new_commercial,cloud,,
      c1,K,XC,Prime,traditional_defence,x,defensive,
      c2,L,XC,Prime,traditional_defence,x,defensive,
      c3,M,XC,AppCo,new_commercial,x,interventional,
      """;

  @Test
  void sharesAndTypologyWorkedOutByHand() throws Exception {
    var r = MilitaryAi.run(MilitaryAi.fromCsv(new StringReader(CSV)));
    assertEquals(12, r.systems());
    var xaOff = r.shares().stream().filter(s -> s.country().equals("XA") && s.deployment().equals("offensive")).findFirst().orElseThrow();
    assertEquals(2, xaOff.systems());
    assertEquals(0.5, xaOff.byDeveloperType().get("new_commercial"), 1e-12); // a2 of a1,a2
    assertEquals(0.5, xaOff.byDeveloperType().get("government_military"), 1e-12);
    Map<String, String> t = r.typology().stream().collect(Collectors.toMap(MilitaryAi.Typology::country, MilitaryAi.Typology::type));
    // XA: 3/5 new commercial, all three types, new commercial in all three -> comprehensive
    // XB: b4 has no deployment type; 0/3 new commercial -> path-dependent
    // XC: 1/3 new commercial, types {defensive, interventional}, new commercial only interventional -> innovation-intervention
    assertEquals(Map.of("XA", "comprehensive_outward", "XB", "path_dependent", "XC", "innovation_intervention"), t);
  }

  @Test
  void badRowsNameFieldAndLine() {
    var e = assertThrows(ApiException.class, () -> MilitaryAi.fromCsv(new StringReader(
        "id,name_en,country,developer_type,deployment\nx1,X,US,startup,offensive\n")));
    assertEquals("developer_type", e.field);
    assertTrue(e.getMessage().contains("x1") || String.valueOf(e).contains("x1"), String.valueOf(e));
  }

  /**
   * Bundled dataset: every system the seed's paper 2 names. The seed types the US as comprehensive
   * and outward-looking, Russia and Israel as path-dependent, France as innovation- and
   * intervention-led; with this dataset the rule yields the same four. France sits just above the
   * path-dependent threshold (1 of 4 systems from a new commercial firm = 0.25 vs 0.2).
   */
  @Test
  void bundledDataAgreesWithSeedTypology() {
    var r = MilitaryAi.run(MilitaryAi.bundled());
    assertTrue(r.systems() >= 30, "every system the seed names");
    Map<String, MilitaryAi.Typology> t = r.typology().stream().collect(Collectors.toMap(MilitaryAi.Typology::country, x -> x));
    assertEquals("comprehensive_outward", t.get("US").type());
    assertEquals("path_dependent", t.get("RU").type());
    assertEquals("path_dependent", t.get("IL").type());
    assertEquals("innovation_intervention", t.get("FR").type());
    assertEquals(0.25, t.get("FR").newCommercialShare(), 1e-12);
    // the seed: over half of new US military AI applications come from new commercial entities
    assertTrue(t.get("US").newCommercialShare() > 0.5);
    for (var x : t.values()) assertTrue(x.agrees(), x.country());
  }

  /** Every coded cell of the bundled systems (function, developer and deployment type) has a Chinese name for the report and the page. */
  @org.junit.jupiter.api.Test
  void everyCodedValueOfTheBundledSystemsHasAChineseName() {
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (MilitaryAi.System x : MilitaryAi.bundled())
      for (String code : new String[] {x.function(), x.developerType(), x.deployment()})
        if (code != null && Report.LABELS.path("zh").path("v_" + code).isMissingNode()) missing.add(x.id() + ": " + code);
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), missing);
  }

  /** The seed's section headings (paper 2, seed.txt lines 1588, 1770, 1942) name the three types; the Chinese labels must be those words. */
  @Test
  void chineseTypologyLabelsAreTheSeedsWords() {
    Map<String, String> seed = Map.of("US", "综合外向型", "RU", "路径依赖型", "FR", "创新干预型");
    seed.forEach((country, words) -> assertEquals(words, Report.LABELS.path("zh").path("v_" + MilitaryAi.SEED_TYPOLOGY.get(country)).asText(), country));
  }
}
