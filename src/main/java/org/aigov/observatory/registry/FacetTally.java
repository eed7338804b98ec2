package org.aigov.observatory.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/**
 * Exact facet counts taken while the query collects its hits, instead of Lucene's FacetsCollector (a bit
 * set of every match, then a second pass decoding the multi-valued "$facets" doc values of each match and
 * mapping segment ordinals through an index-wide ordinal map rebuilt on every refresh). Per segment, the
 * doc values are decoded once into one long per document — each dimension a few bits (a value code, or a
 * bit mask for multi-valued dimensions) — so counting a match is one array read and a handful of
 * increments. Segments are immutable, so the packed array is cached with the segment and dropped with it.
 * A segment whose values do not fit 64 bits is counted from its doc values directly; the counts are the
 * same either way.
 */
final class FacetTally {
  static final String FIELD = "$facets"; // FacetsConfig's default index field
  private static final char DELIM = '\u001f'; // FacetsConfig's path delimiter

  private final List<String> dims;
  private final Set<String> multi;
  private final PerSegment<Segment> cache = new PerSegment<>(this::decode);

  FacetTally(List<String> dims, Set<String> multi) {
    this.dims = List.copyOf(dims);
    this.multi = Set.copyOf(multi);
  }

  /**
   * Decoded facet values of one segment: per ordinal its dimension (null outside the counted ones) and
   * value; {@code packed} one long per document, or null to count from the doc values; per packed
   * dimension its first ordinal, bit offset, mask and whether it is a bit mask (multi-valued).
   */
  record Segment(int valueCount, String[] dimOfOrd, String[] valueOfOrd, long[] packed, int[] base, int[] shift,
      long[] mask, boolean[] multi) {}

  /** Decodes every segment of a new reader, so queries do not pay for it (called when a searcher is made). */
  void warm(IndexReader reader) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) segment(leaf.reader());
  }

  int cachedSegments() {
    return cache.size();
  }

  Segment segment(LeafReader reader) throws IOException {
    return cache.get(reader);
  }

  Segment decode(LeafReader reader) throws IOException {
    SortedSetDocValues dv = DocValues.getSortedSet(reader, FIELD);
    int n = (int) dv.getValueCount();
    String[] dimOfOrd = new String[n];
    String[] valueOfOrd = new String[n];
    Map<String, int[]> range = new LinkedHashMap<>(); // dim -> first, last ordinal
    boolean contiguous = true;
    String prevDim = null;
    for (int ord = 0; ord < n; ord++) {
      String label = dv.lookupOrd(ord).utf8ToString();
      int cut = label.indexOf(DELIM);
      if (cut < 0) continue;
      String dim = label.substring(0, cut);
      if (!dims.contains(dim)) continue;
      dimOfOrd[ord] = dim;
      valueOfOrd[ord] = label.substring(cut + 1);
      int[] r = range.get(dim);
      if (r == null) {
        range.put(dim, new int[] {ord, ord});
      } else {
        if (!dim.equals(prevDim)) contiguous = false;
        r[1] = ord;
      }
      prevDim = dim;
    }
    int k = range.size();
    int[] base = new int[k], shift = new int[k];
    long[] mask = new long[k];
    boolean[] isMulti = new boolean[k];
    int[] dimIndexOfOrd = new int[n];
    java.util.Arrays.fill(dimIndexOfOrd, -1);
    int bits = 0, i = 0;
    for (Map.Entry<String, int[]> e : range.entrySet()) {
      int values = e.getValue()[1] - e.getValue()[0] + 1;
      isMulti[i] = multi.contains(e.getKey());
      int width = isMulti[i] ? values : 64 - Long.numberOfLeadingZeros(values); // codes 1..values, 0 = none
      base[i] = e.getValue()[0];
      shift[i] = bits;
      mask[i] = width >= 64 ? -1L : (1L << width) - 1;
      for (int o = e.getValue()[0]; o <= e.getValue()[1]; o++) dimIndexOfOrd[o] = i;
      bits += width;
      i++;
    }
    long[] packed = null;
    if (contiguous && bits <= 64) {
      packed = new long[reader.maxDoc()];
      decoding:
      for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
        long p = 0;
        for (int j = 0, c = dv.docValueCount(); j < c; j++) {
          int ord = (int) dv.nextOrd();
          int d = dimIndexOfOrd[ord];
          if (d < 0) continue;
          if (isMulti[d]) {
            p |= 1L << (shift[d] + ord - base[d]);
          } else if (((p >>> shift[d]) & mask[d]) != 0) {
            packed = null; // two values in a single-valued dimension: a code cannot hold them
            break decoding;
          } else {
            p |= (long) (ord - base[d] + 1) << shift[d];
          }
        }
        packed[doc] = p;
      }
    }
    return new Segment(n, dimOfOrd, valueOfOrd, packed, base, shift, mask, isMulti);
  }

  /** Counts per dimension and value over the matches of one search; one collector per index slice. */
  CollectorManager<Counter, Map<String, Map<String, Long>>> manager() {
    return new CollectorManager<>() {
      @Override
      public Counter newCollector() {
        return new Counter();
      }

      @Override
      public Map<String, Map<String, Long>> reduce(Collection<Counter> counters) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (Counter c : counters) c.addTo(out);
        return out;
      }
    };
  }

  final class Counter implements Collector {
    private final List<Segment> segments = new ArrayList<>();
    private final List<int[]> counts = new ArrayList<>();

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
      Segment seg = segment(context.reader());
      int[] c = new int[seg.valueCount()];
      segments.add(seg);
      counts.add(c);
      if (seg.packed() != null) return new PackedLeaf(seg, c);
      SortedSetDocValues dv = DocValues.getSortedSet(context.reader(), FIELD);
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
          if (!dv.advanceExact(doc)) return;
          for (int j = 0, n = dv.docValueCount(); j < n; j++) c[(int) dv.nextOrd()]++;
        }
      };
    }

    void addTo(Map<String, Map<String, Long>> out) {
      for (int s = 0; s < segments.size(); s++) {
        Segment seg = segments.get(s);
        int[] c = counts.get(s);
        for (int ord = 0; ord < c.length; ord++)
          if (c[ord] > 0 && seg.dimOfOrd()[ord] != null)
            out.computeIfAbsent(seg.dimOfOrd()[ord], d -> new HashMap<>()).merge(seg.valueOfOrd()[ord], (long) c[ord], Long::sum);
      }
    }
  }

  private static final class PackedLeaf implements LeafCollector {
    private final long[] packed;
    private final int[] base, shift;
    private final long[] mask;
    private final boolean[] multi;
    private final int[] c;

    PackedLeaf(Segment seg, int[] c) {
      this.packed = seg.packed();
      this.base = seg.base();
      this.shift = seg.shift();
      this.mask = seg.mask();
      this.multi = seg.multi();
      this.c = c;
    }

    @Override
    public void setScorer(Scorable scorer) {}

    @Override
    public void collect(int doc) {
      long p = packed[doc];
      for (int d = 0; d < base.length; d++) {
        long v = (p >>> shift[d]) & mask[d];
        if (v == 0) continue;
        if (multi[d]) {
          for (; v != 0; v &= v - 1) c[base[d] + Long.numberOfTrailingZeros(v)]++;
        } else {
          c[base[d] + (int) v - 1]++;
        }
      }
    }
  }

  /**
   * The largest {@code top} values of one dimension, by count and then by value in byte order (the order
   * Lucene's facet counts use).
   */
  static List<SearchIndex.Bucket> top(Map<String, Long> counts, int top) {
    if (counts == null) return new ArrayList<>();
    TreeMap<BytesRef, Map.Entry<String, Long>> byValue = new TreeMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) byValue.put(new BytesRef(e.getKey()), e);
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(byValue.values());
    sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue())); // stable: ties stay in byte order
    List<SearchIndex.Bucket> out = new ArrayList<>();
    for (int i = 0; i < Math.min(top, sorted.size()); i++) out.add(new SearchIndex.Bucket(sorted.get(i).getKey(), sorted.get(i).getValue()));
    return out;
  }
}
