package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.api.Test;

class FacetLabelsTest {
  /** The glossary is well-formed: known facets, one Chinese name per value (case aside), each with Han characters. */
  @Test
  void theBundledGlossaryNamesEachValueOnceInChinese() throws Exception {
    Set<String> seen = new HashSet<>();
    int rows = 0;
    try (var in = FacetLabels.class.getResourceAsStream("/incidents/facet-labels-zh.csv")) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        rows++;
        assertTrue(List.of("sector", "harm_type").contains(r.get("facet")), "line " + r.getRecordNumber() + ": " + r.get("facet"));
        assertTrue(seen.add(r.get("facet") + "=" + r.get("value").toLowerCase(Locale.ROOT)), "line " + r.getRecordNumber() + " repeats " + r.get("value"));
        assertTrue(r.get("zh").codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN), "line " + r.getRecordNumber());
        assertEquals(r.get("value").strip(), r.get("value"), "line " + r.getRecordNumber());
      }
    }
    assertTrue(rows > 250, "rows: " + rows);
  }

  /** A cell that joined two values ("Financial loss, Reputational damage") counts as each; a near-duplicate as its twin. */
  @Test
  void joinedCellsStandForEachValueAndEveryCanonicalValueIsOneOfTheGlossarys() throws Exception {
    assertEquals(List.of("Financial loss", "Reputational damage"), FacetLabels.canonicalValues("harm_type", "financial loss, reputational damage"));
    assertEquals(List.of("Govt - police", "Govt - security"), FacetLabels.canonicalValues("sector", "Govt - police: Govt - security"));
    assertEquals(List.of("Consumer goods"), FacetLabels.canonicalValues("sector", "Consumer products"));
    assertEquals(List.of("Politics"), FacetLabels.canonicalValues("sector", "Politics"), "a value without an entry is itself");
    assertEquals("Financial loss, Reputational damage", FacetLabels.canonical("harm_type", "Financial loss, Reputational damage"),
        "typed as a filter, a joined cell stays itself");
    Set<String> financial = FacetLabels.spellings("harm_type", "Financial loss");
    assertTrue(financial.contains("financial loss, reputational damage") && financial.contains("ip/copyright loss, financial loss")
        && financial.contains("financial closs"), financial.toString());
    assertFalse(financial.contains("reputational damage"));
    try (var in = FacetLabels.class.getResourceAsStream("/incidents/facet-labels-zh.csv")) {
      List<CSVRecord> all = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
      Set<String> values = new HashSet<>();
      for (CSVRecord r : all) if (!r.isSet("canonical") || r.get("canonical").isBlank()) values.add(r.get("facet") + "=" + r.get("value"));
      for (CSVRecord r : all) if (r.isSet("canonical") && !r.get("canonical").isBlank())
        for (String v : r.get("canonical").split("\\|")) assertTrue(values.contains(r.get("facet") + "=" + v), "line " + r.getRecordNumber() + ": " + v);
    }
  }

  @Test
  void countriesAreNamedByTheRegistryOrTheJdkAndTheRestByTheGlossaryWhateverTheCase() {
    FacetLabels.Names registry = ids -> ids.contains("cn") ? Map.of("cn", new Text("中国", "China")) : Map.of();
    var m = FacetLabels.of(Map.of("country", List.of("CN", "ZZ"), "sector", List.of("Govt - police", "no such sector"),
        "harm_type", List.of("reputational damage")), registry);
    assertEquals(Map.of("en", "China", "zh", "中国"), m.get("country").get("CN"));
    assertNull(m.get("country").get("ZZ"), "a code the registry does not know keeps its code");
    assertEquals("政府 - 警务", m.get("sector").get("Govt - police").get("zh"));
    assertEquals("Govt - police", m.get("sector").get("Govt - police").get("en"));
    assertNull(m.get("sector").get("no such sector"));
    assertEquals("声誉损害", m.get("harm_type").get("reputational damage").get("zh"), "trend series keys come lower-cased");
    // without the registry's countries (serve --no-bundled) a code is named as the registry's import would name it
    var bare = FacetLabels.of(Map.of("country", List.of("US", "KE", "ZZ")), FacetLabels.Names.NONE).get("country");
    assertEquals(Map.of("en", "United States", "zh", "美国"), bare.get("US"));
    assertEquals(Map.of("en", "Kenya", "zh", "肯尼亚"), bare.get("KE"));
    assertNull(bare.get("ZZ"));
  }
}
