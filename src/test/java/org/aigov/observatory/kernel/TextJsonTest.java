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

  /** Map.of's order is salted per JVM: written sorted by key, the same answer is the same bytes in every run. */
  @Test
  void unorderedMapsAreWrittenInKeyOrderAndOrderedOnesKeepTheirs() {
    java.util.Random rnd = new java.util.Random(42);
    for (int round = 0; round < 200; round++) {
      java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("zh", "en", "b", "a", "c", "10", "9"));
      java.util.Collections.shuffle(keys, rnd);
      int n = 2 + rnd.nextInt(keys.size() - 1);
      java.util.Map<String, Object> ordered = new java.util.LinkedHashMap<>();
      for (String k : keys.subList(0, n)) ordered.put(k, k.equals("a") ? java.util.Map.of("y", 1, "x", java.util.List.of(2)) : k.length());
      java.util.Map<String, Object> unordered = java.util.Map.copyOf(ordered);
      java.util.Map<String, Object> sorted = new java.util.TreeMap<>(ordered);
      if (sorted.containsKey("a")) sorted.put("a", new java.util.TreeMap<>(java.util.Map.of("y", 1, "x", java.util.List.of(2))));
      assertEquals(Json.write(sorted), Json.write(unordered), "sorted by key, nested maps too");
      assertEquals(Json.write(new java.util.LinkedHashMap<>(ordered)).length(), Json.write(unordered).length());
    }
    assertEquals("{\"zh\":1,\"en\":2}", Json.write(new java.util.LinkedHashMap<>(java.util.Map.of("zh", 1)) {{ put("en", 2); }}), "an ordered map keeps its order");
    assertEquals("{\"en\":\"a\",\"zh\":\"b\"}", Json.write(Text.enZh("a", "b")));
    assertEquals("{\"7\":true,\"8\":false}", Json.write(java.util.Map.of(8L, false, 7L, true)), "keys that are not text are written as Jackson writes them");
  }
}
