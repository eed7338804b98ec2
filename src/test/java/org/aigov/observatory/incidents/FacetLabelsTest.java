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
