package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Bilingual text is exactly its two languages in JSON: nothing derived leaks into documents or hashes. */
class TextJsonTest {
  @Test
  void onlyTheLanguagesAreWrittenAndAnOldDerivedFieldIsIgnoredOnInput() throws Exception {
    assertEquals("{\"zh\":\"人工智能法\",\"en\":\"AI Act\"}", Json.write(Text.of("人工智能法", "AI Act")));
    assertEquals("{\"en\":\"only English\"}", Json.write(Text.of(null, "only English")));
    Text t = Json.MAPPER.readValue("{\"zh\":\"法\",\"en\":\"law\",\"empty\":false}", Text.class);
    assertEquals(Text.of("法", "law"), t);
  }
}
