package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.api.Test;

/**
 * Randomised: the kind/binding filters answered as a block of the index sort match exactly what the
 * plain term filters would, over several segments, with missing values and every filter combination.
 */
class SortedFilterTest {
  static final String[] KINDS = {"instrument", "actor", "relation"};
  static final String[] BINDINGS = {"hard", "soft", null};
  static final String[] WORDS = {"alpha", "bravo", "charlie", "delta"};

  @Test
  void blockFiltersMatchTheTermFilters() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    List<Entry> all = new ArrayList<>();
    try (SearchIndex idx = SearchIndex.inMemory()) {
      for (int seg = 0; seg < 4; seg++) { // one commit per batch: several segments
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          Entry e = new Entry();
          e.id = "r" + seg + "-" + i;
          e.kind = KINDS[rnd.nextInt(KINDS.length)];
          e.type = e.kind.equals("actor") ? "state" : e.kind.equals("relation") ? "member_of" : "law";
          e.binding = e.kind.equals("instrument") ? BINDINGS[rnd.nextInt(BINDINGS.length)] : null;
          if (e.kind.equals("relation")) {
            e.source = "a";
            e.target = "b";
          }
          e.name = Text.of("测试", WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)]);
          e.version = 1L;
          batch.add(e);
        }
        idx.addAll(batch);
        idx.commit();
        all.addAll(batch);
      }
      for (int round = 0; round < 60; round++) {
        List<String> kinds = pick(rnd, KINDS);
        List<String> bindings = pick(rnd, new String[] {"hard", "soft"});
        String word = rnd.nextInt(4) == 0 ? null : WORDS[rnd.nextInt(WORDS.length)];
        Map<String, List<String>> filters = new java.util.HashMap<>();
        if (kinds != null) filters.put("kind", kinds);
        if (bindings != null) filters.put("binding", bindings);
        Set<String> expected = new TreeSet<>();
        for (Entry e : all) {
          boolean kindOk = kinds == null ? !e.kind.equals("relation") : kinds.contains(e.kind);
          boolean bindingOk = bindings == null || bindings.contains(e.binding);
          boolean textOk = word == null || e.name.en().contains(word);
          if (kindOk && bindingOk && textOk) expected.add(e.id);
        }
        SearchIndex.Result res = idx.search(new SearchIndex.Request(word, filters, null, null, null, 0, 200, false));
        String why = "seed " + seed + " kinds " + kinds + " bindings " + bindings + " word " + word;
        assertEquals(expected.size(), res.total(), why);
        if (expected.size() <= 200) assertEquals(expected, new TreeSet<>(res.hits().stream().map(SearchIndex.Hit::id).toList()), why);
        if (!expected.isEmpty() && kinds != null) {
          long counted = res.facets().get("kind").stream().mapToLong(SearchIndex.Bucket::count).sum();
          assertEquals(expected.size(), counted, "kind facet counts add up to the total; " + why);
        }
      }
    }
  }

  /** null (no filter), one value or two values. */
  private static List<String> pick(Random rnd, String[] values) {
    int n = rnd.nextInt(3);
    if (n == 0) return null;
    List<String> out = new ArrayList<>();
    while (out.size() < n) {
      String v = values[rnd.nextInt(values.length)];
      if (!out.contains(v)) out.add(v);
    }
    return out;
  }

  /** Segments are spread over one slice per core, largest first onto the lightest slice, each exactly once. */
  @Test
  void slicesShareSegmentsEvenly() throws Exception {
    try (var dir = new org.apache.lucene.store.ByteBuffersDirectory();
        var w = new org.apache.lucene.index.IndexWriter(dir, new org.apache.lucene.index.IndexWriterConfig()
            .setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE))) {
      for (int size : new int[] {30, 50, 10, 40, 20}) {
        for (int i = 0; i < size; i++) w.addDocument(new org.apache.lucene.document.Document());
        w.commit();
      }
      try (var reader = org.apache.lucene.index.DirectoryReader.open(dir)) {
        var slices = SearchIndex.balancedSlices(reader.leaves(), 2);
        assertEquals(2, slices.length);
        List<Integer> loads = new ArrayList<>();
        Set<Object> seen = new java.util.HashSet<>();
        for (var slice : slices) {
          int load = 0;
          for (var leaf : slice.leaves) {
            assertTrue(seen.add(leaf.reader()), "a segment in two slices");
            load += leaf.reader().maxDoc();
          }
          loads.add(load);
        }
        assertEquals(5, seen.size());
        loads.sort(null);
        assertEquals(List.of(70, 80), loads); // 50+20+10 and 40+30
        assertEquals(1, SearchIndex.balancedSlices(reader.leaves(), 1).length);
        assertEquals(5, SearchIndex.balancedSlices(reader.leaves(), 8).length, "never more slices than segments");
      }
    }
  }

  @Test
  void sortKeysKeepRelationsLastAndBlocksContiguous() {
    assertTrue(SearchIndex.sortKey("relation", null) > SearchIndex.sortKey("instrument", "soft"));
    assertTrue(SearchIndex.sortKey("instrument", "hard") < SearchIndex.sortKey("instrument", "soft"));
    assertEquals(SearchIndex.sortKey("actor", null) + 1, SearchIndex.sortKey("actor", "hard"));
    assertNull(SearchIndex.sortedBlock(List.of("instrument", "actor"), null, null), "two kinds are not one block");
    assertNull(SearchIndex.sortedBlock(List.of("unknown"), null, null));
    assertNotNull(SearchIndex.sortedBlock(List.of("instrument"), List.of("hard"), null));
  }
}
