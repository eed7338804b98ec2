package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Randomised: the counts taken while collecting equal Lucene's own facet counts (FacetsCollector and
 * SortedSetDocValuesFacetCounts) for every dimension, value order included, over several segments with
 * deletions, missing and multi-valued dimensions, segments that fit the packed form and segments that
 * do not, on one thread and on several slices.
 */
class FacetTallyTest {
  static final List<String> DIMS = List.of("kind", "type", "jurisdiction", "binding", "governance_layers", "year");
  static final Set<String> MULTI = Set.of("governance_layers");

  @Test
  void countsEqualLuceneFacetCounts() throws Exception {
    long seed = new Random().nextLong();
    for (int run = 0; run < 6; run++) {
      try {
        check(new Random(seed + run), "seed " + (seed + run));
      } catch (Exception e) {
        throw new AssertionError("seed " + (seed + run), e);
      }
    }
  }

  private void check(Random rnd, String why) throws Exception {
    FacetsConfig config = new FacetsConfig();
    for (String m : MULTI) config.setMultiValued(m, true);
    // Wide value pools overflow 64 bits in some segments (then they are counted from the doc values).
    boolean wide = rnd.nextBoolean();
    int jurisdictions = wide ? 5000 : 1 + rnd.nextInt(40);
    int layers = wide ? 70 : 1 + rnd.nextInt(8);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (var dir = new ByteBuffersDirectory();
        var w = new IndexWriter(dir, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
      int segments = 1 + rnd.nextInt(5);
      int id = 0;
      for (int s = 0; s < segments; s++) {
        if (wide && s == 0) { // 70 values of a multi-valued dimension in one segment: 70 bits, more than a long holds
          for (int l = 0; l < layers; l++, id++) {
            Document d = new Document();
            d.add(new StringField("id", "d" + id, Field.Store.NO));
            d.add(new StringField("grp", "g" + rnd.nextInt(4), Field.Store.NO));
            d.add(new SortedSetDocValuesFacetField("governance_layers", "l" + l));
            w.addDocument(config.build(d));
          }
        }
        for (int i = 0, n = 1 + rnd.nextInt(300); i < n; i++, id++) {
          Document d = new Document();
          d.add(new StringField("id", "d" + id, Field.Store.NO));
          d.add(new StringField("grp", "g" + rnd.nextInt(4), Field.Store.NO));
          if (rnd.nextInt(10) > 0) d.add(new SortedSetDocValuesFacetField("kind", rnd.nextBoolean() ? "actor" : "instrument"));
          if (rnd.nextInt(3) > 0) d.add(new SortedSetDocValuesFacetField("type", "t" + rnd.nextInt(12)));
          if (rnd.nextInt(4) > 0) d.add(new SortedSetDocValuesFacetField("jurisdiction", "J" + rnd.nextInt(jurisdictions)));
          if (rnd.nextBoolean()) d.add(new SortedSetDocValuesFacetField("binding", rnd.nextBoolean() ? "hard" : "soft"));
          for (int k = rnd.nextInt(4); k > 0; k--) d.add(new SortedSetDocValuesFacetField("governance_layers", "l" + rnd.nextInt(layers)));
          if (rnd.nextInt(5) > 0) d.add(new SortedSetDocValuesFacetField("year", Integer.toString(1990 + rnd.nextInt(40))));
          if (rnd.nextInt(6) == 0) d.add(new SortedSetDocValuesFacetField("other", "x")); // a dimension not counted
          w.addDocument(config.build(d));
        }
        for (int k = rnd.nextInt(20); k > 0; k--) w.deleteDocuments(new Term("id", "d" + rnd.nextInt(id)));
        w.commit();
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        FacetTally tally = new FacetTally(DIMS, MULTI);
        if (reader.leaves().stream().noneMatch(l -> l.reader().getFieldInfos().fieldInfo("$facets") != null)) {
          // Every document deleted (segments that lose all their documents are dropped): nothing to count,
          // and Lucene's reader state refuses an index without the field.
          Map<String, Map<String, Long>> counts = new IndexSearcher(reader).search(new MatchAllDocsQuery(), tally.manager());
          for (String dim : DIMS) assertTrue(counts.get(dim) == null || counts.get(dim).isEmpty(), why);
          return;
        }
        var state = new DefaultSortedSetDocValuesReaderState(reader, config);
        IndexSearcher single = new IndexSearcher(reader);
        IndexSearcher sliced = new IndexSearcher(reader, pool) {
          @Override
          protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
            return SearchIndex.balancedSlices(leaves, 3);
          }
        };
        for (int q = 0; q < 12; q++) {
          Query query = query(rnd);
          IndexSearcher s = rnd.nextBoolean() ? single : sliced;
          FacetsCollector fc = s.search(query, new FacetsCollectorManager());
          var expected = new SortedSetDocValuesFacetCounts(state, fc);
          Map<String, Map<String, Long>> counts = s.search(query, tally.manager());
          for (String dim : DIMS) {
            int top = 1 + rnd.nextInt(60);
            FacetResult fr;
            try {
              fr = expected.getTopChildren(top, dim);
            } catch (IllegalArgumentException notIndexed) {
              fr = null;
            }
            List<String> want = new ArrayList<>();
            if (fr != null) for (LabelAndValue lv : fr.labelValues) want.add(lv.label + "=" + lv.value);
            List<String> got = FacetTally.top(counts.get(dim), top).stream().map(b -> b.value() + "=" + b.count()).toList();
            assertEquals(want, got, why + ", dim " + dim + ", query " + query + ", top " + top);
          }
          assertNull(counts.get("other"), "dimensions outside the list are not counted");
        }
        if (wide) {
          long fallback = reader.leaves().stream().filter(l -> {
            try {
              return tally.segment(l.reader()).packed() == null;
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).count();
          assertTrue(fallback > 0, "a segment with 70 values of one dimension is counted from its doc values; " + why);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Query query(Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> new MatchAllDocsQuery();
      case 1 -> new TermQuery(new Term("grp", "g" + rnd.nextInt(4)));
      default -> new BooleanQuery.Builder().add(new TermQuery(new Term("grp", "g" + rnd.nextInt(4))), Occur.SHOULD)
          .add(new TermQuery(new Term("grp", "g" + rnd.nextInt(4))), Occur.SHOULD).build();
    };
  }

  /** Packed arrays are cached per segment and dropped when the segment is closed. */
  @Test
  void segmentsAreCachedAndDroppedWithTheSegment() throws Exception {
    FacetsConfig config = new FacetsConfig();
    try (var dir = new ByteBuffersDirectory(); var w = new IndexWriter(dir, new IndexWriterConfig())) {
      for (int s = 0; s < 3; s++) {
        for (int i = 0; i < 10; i++) {
          Document d = new Document();
          d.add(new SortedSetDocValuesFacetField("kind", "k" + (i % 3)));
          w.addDocument(config.build(d));
        }
        w.commit();
      }
      FacetTally tally = new FacetTally(List.of("kind"), Set.of());
      DirectoryReader reader = DirectoryReader.open(dir);
      assertEquals(3, reader.leaves().size());
      tally.warm(reader);
      assertEquals(3, tally.cachedSegments());
      FacetTally.Segment first = tally.segment(reader.leaves().get(0).reader());
      assertSame(first, tally.segment(reader.leaves().get(0).reader()), "decoded once");
      assertNotNull(first.packed());
      w.forceMerge(1);
      w.commit();
      DirectoryReader merged = DirectoryReader.openIfChanged(reader);
      reader.close();
      tally.warm(merged);
      assertEquals(1, tally.cachedSegments(), "the three closed segments left the cache");
      assertEquals(Map.of("k0", 12L, "k1", 9L, "k2", 9L), new IndexSearcher(merged).search(new MatchAllDocsQuery(), tally.manager()).get("kind"));
      merged.close();
      assertEquals(0, tally.cachedSegments());
    }
  }
}
