package org.aigov.observatory.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Lucene index of the registry. English text goes through the English analyzer; every text also
 * goes through the SmartCN analyzer (which handles Chinese and Latin words), so Chinese, English
 * and mixed queries all work. The index follows the store's change feed ({@code registry_changes})
 * and remembers the last applied sequence number in its commit data, so it can catch up after a
 * crash, be rebuilt from the store, and run on several nodes over one database.
 */
public final class SearchIndex implements Closeable {
  public static final List<String> FACETS = List.of("kind", "type", "jurisdiction", "binding", "governance_layers",
      "risk_categories", "lifecycle", "org_form", "status", "year");
  private static final Set<String> MULTI = Set.of("governance_layers", "risk_categories", "lifecycle", "tags");
  private static final String[] HIGHLIGHT_FIELDS = {"name_en", "summary_en", "name_zh", "summary_zh"};

  private final Directory dir;
  private final IndexWriter writer; // null when opened read-only (another process owns the writer)
  private final SearcherManager manager;
  /** The searchers that cursors' first pages read, kept for their later pages (Lucene's recipe for stable paging). */
  private final org.apache.lucene.search.SearcherLifetimeManager lifetimes = new org.apache.lucene.search.SearcherLifetimeManager();
  private final org.apache.lucene.search.SearcherLifetimeManager.Pruner pruner =
      new org.apache.lucene.search.SearcherLifetimeManager.PruneByAge(SNAPSHOT_SECONDS);
  private final Analyzer analyzer;
  private final Analyzer en = new EnglishSynonymAnalyzer(false);
  private final Analyzer enIndex = new EnglishSynonymAnalyzer(true);
  private final Analyzer zh = org.aigov.observatory.kernel.HanScript.chineseAnalyzer(); // Traditional folded to Simplified
  private final Analyzer zhGram = chineseBigrams();
  private final Analyzer plainEn = new org.apache.lucene.analysis.standard.StandardAnalyzer(org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
  private final FacetsConfig facets = new FacetsConfig();
  private final FacetTally tally = new FacetTally(FACETS, MULTI);
  /** New searchers decode the facet values of new segments before queries see them. */
  private final org.apache.lucene.search.SearcherFactory factory = new org.apache.lucene.search.SearcherFactory() {
    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
      IndexSearcher s = new BalancedSearcher(reader);
      s.setQueryCachingPolicy(FACET_FILTERS);
      tally.warm(reader);
      return s;
    }
  };
  private long lastSeq;
  private String store; // the store the index was built from (Db.storeId), null in an index older than the stamp
  private final TreeMap<Long, Long> gaps = new TreeMap<>(); // missing seq -> first seen (ms)
  private volatile boolean dirty;
  /** Searches run over index slices on every core: a query at 10^6 records is CPU-bound. */
  private static final java.util.concurrent.ExecutorService SEARCH_POOL = java.util.concurrent.Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), Daemons.named("search"));
  /**
   * One slice per core, segments spread by size (largest first onto the lightest slice). Lucene's default
   * gives every segment over 250,000 documents a slice of its own, so at 10^6 records three segments of
   * 430k/430k/140k left one core with 57 % of each query.
   */
  private static final class BalancedSearcher extends IndexSearcher {
    BalancedSearcher(IndexReader reader) {
      super(reader, SEARCH_POOL);
    }

    @Override
    protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
      return balancedSlices(leaves, Runtime.getRuntime().availableProcessors());
    }
  }

  static IndexSearcher.LeafSlice[] balancedSlices(List<LeafReaderContext> leaves, int cores) {
    int n = Math.max(1, Math.min(cores, leaves.size()));
    List<List<LeafReaderContext>> groups = new ArrayList<>();
    long[] load = new long[n];
    for (int i = 0; i < n; i++) groups.add(new ArrayList<>());
    List<LeafReaderContext> bySize = new ArrayList<>(leaves);
    bySize.sort((a, b) -> Integer.compare(b.reader().maxDoc(), a.reader().maxDoc()));
    for (var leaf : bySize) {
      int lightest = 0;
      for (int i = 1; i < n; i++) if (load[i] < load[lightest]) lightest = i;
      groups.get(lightest).add(leaf);
      load[lightest] += leaf.reader().maxDoc();
    }
    return groups.stream().filter(g -> !g.isEmpty()).map(IndexSearcher.LeafSlice::new).toArray(IndexSearcher.LeafSlice[]::new);
  }

  /**
   * Facet filters (kind=instrument, binding=hard, …) are few, reused by most queries and match large parts
   * of the index, so they are cached per segment as bit sets (Lucene's query cache, dropped with the
   * segment): a conjunction then checks a bit instead of advancing a dense posting list. Lucene's default
   * policy never caches term queries, which is what a one-value filter becomes. Text queries are never
   * cached.
   */
  private static final org.apache.lucene.search.QueryCachingPolicy FACET_FILTERS = new org.apache.lucene.search.QueryCachingPolicy() {
    @Override
    public void onUse(Query query) {}

    @Override
    public boolean shouldCache(Query query) {
      return isFacetFilter(query);
    }
  };

  static boolean isFacetFilter(Query q) {
    if (q instanceof TermQuery t) return FACETS.contains(t.getTerm().field());
    if (q instanceof BooleanQuery b) {
      if (b.clauses().isEmpty()) return false;
      for (org.apache.lucene.search.BooleanClause c : b.clauses())
        if (c.getOccur() == Occur.MUST_NOT || !isFacetFilter(c.getQuery())) return false;
      return true;
    }
    return false;
  }

  private SearchIndex(Directory dir, boolean readOnly) throws IOException {
    this.dir = dir;
    Map<String, Analyzer> per = new HashMap<>();
    for (String f : new String[] {"name_en", "summary_en", "all_en"}) per.put(f, enIndex);
    per.put("name_alias", en);
    per.put("name_zh_gram", zhGram);
    per.put("zh_gram", zhGram);
    per.put("plain_en", plainEn);
    per.put("plain_name_en", plainEn);
    per.put("juris_en", enIndex);
    this.analyzer = new PerFieldAnalyzerWrapper(zh, per);
    for (String m : MULTI) facets.setMultiValued(m, true);
    if (readOnly) {
      writer = null;
      manager = new SearcherManager(dir, factory);
      Map<String, String> data = DirectoryReader.listCommits(dir).get(DirectoryReader.listCommits(dir).size() - 1).getUserData();
      lastSeq = Long.parseLong(data.getOrDefault("seq", "0"));
      store = data.get("store");
    } else {
      IndexWriter w;
      try {
        w = new IndexWriter(dir, writerConfig(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      } catch (IllegalArgumentException otherLayout) {
        // An index written before the index sort was introduced cannot take it: start afresh with seq 0,
        // so the next sync replays the store's change feed into the new layout.
        System.err.println("search index: " + otherLayout.getMessage() + "; rebuilding it from the store");
        w = new IndexWriter(dir, writerConfig(IndexWriterConfig.OpenMode.CREATE));
      }
      Map<String, String> data = new HashMap<>();
      if (w.getLiveCommitData() != null) w.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
      if (w.getDocStats().numDocs > 0 && !LAYOUT.equals(data.get("layout"))) {
        // written in an older layout: start afresh with seq 0, so the next sync replays the store's change feed
        System.err.println("search index: layout " + data.getOrDefault("layout", "1") + ", now " + LAYOUT + "; rebuilding it from the store");
        w.close();
        w = new IndexWriter(dir, writerConfig(IndexWriterConfig.OpenMode.CREATE));
        data.clear();
      }
      writer = w;
      manager = new SearcherManager(writer, factory);
      lastSeq = Long.parseLong(data.getOrDefault("seq", "0"));
      store = data.get("store");
      // a new index is committed empty at once: a command run beside the server opens it read-only, which needs a commit
      // ("no segments* file" until the server's first change or its shutdown)
      if (!DirectoryReader.indexExists(dir)) commit();
    }
  }

  /**
   * Documents are kept sorted by one key, kind then binding force ({@link #sortKey}): the filters analysts
   * use most (and combine with any text query) then match one contiguous block of each segment, found by
   * binary search, and a conjunction jumps to it through the postings' skip data instead of decoding the
   * text terms over the whole index.
   */
  static final Sort INDEX_SORT = new Sort(new SortField("sort_kb", SortField.Type.LONG));

  /**
   * The index's layout, kept in its commit data: an index of another layout is rebuilt from the store at start. "2":
   * undated records carry no date_sort (in layout 1 they held Long.MIN_VALUE, so "oldest first" listed them first).
   * "4": records that are the same as another carry copy_of and is_copy.
   */
  static final String LAYOUT = "13"; // 5: Chinese text folded to Simplified; 6: regional words mapped (人工智慧 → 人工智能), deep fake = deepfake;
  // 7: Chinese names and summaries also as character bigrams (zh_gram, name_zh_gram), the whole Chinese name (name_zh_key);
  // 8: machine tags (iso3:…) out of all_en; acronyms AIA, PIPL, DSA, DMA, LAWS; 9: id_sort, ties broken by record id;
  // 10: English names and summaries unstemmed (plain_en, plain_name_en) for near spellings; 11: jurisdiction names (juris_*);
  // 12: the whole name as one term in each language (whole_name_en, whole_name_zh), for names held by a longer query;
  // 13: "general purpose AI" no longer indexed as "gpai" (here GPAI is the Global Partnership on AI)

  private static final SortField ID_SORT = new SortField("id_sort", SortField.Type.STRING);

  /** By date, newest or oldest first; undated records last either way. */
  static SortField dateSort(boolean newestFirst) {
    SortField f = new SortField("date_sort", SortField.Type.LONG, newestFirst);
    f.setMissingValue(newestFirst ? Long.MIN_VALUE : Long.MAX_VALUE);
    return f;
  }

  private Map<String, String> commitData() {
    return store == null ? Map.of("seq", Long.toString(lastSeq), "layout", LAYOUT) : Map.of("seq", Long.toString(lastSeq), "layout", LAYOUT, "store", store);
  }
  private static final List<String> SORT_KINDS = List.of("actor", "instrument", "relation"); // relation last
  private static final List<String> SORT_BINDINGS = List.of("hard", "soft");

  /** kind code × 4 + binding code; 0 stands for a missing or unlisted value. */
  static long sortKey(String kind, String binding) {
    return (code(SORT_KINDS, kind) + 1) * 4L + (code(SORT_BINDINGS, binding) + 1);
  }

  private static int code(List<String> values, String v) {
    return v == null ? -1 : values.indexOf(v); // List.of refuses indexOf(null)
  }

  /**
   * The kind and binding filters as one range of the sort key when they select one block (one kind, with
   * at most one binding); otherwise null. Segments not sorted this way answer with the term filters.
   */
  static Query sortedBlock(List<String> kinds, List<String> bindings, Query fallback) {
    if (kinds == null || kinds.size() != 1 || !SORT_KINDS.contains(kinds.get(0))) return null;
    if (bindings != null && (bindings.size() != 1 || !SORT_BINDINGS.contains(bindings.get(0)))) return null;
    long lo = sortKey(kinds.get(0), bindings == null ? null : bindings.get(0));
    long hi = bindings == null ? lo + 3 : lo; // without a binding filter: every binding code of the kind
    return new IndexSortSortedNumericDocValuesRangeQuery("sort_kb", lo, hi, fallback);
  }

  private IndexWriterConfig writerConfig(IndexWriterConfig.OpenMode mode) {
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
    cfg.setOpenMode(mode);
    cfg.setIndexSort(INDEX_SORT);
    // Segments of at most ~64 MB (a 32 MB buffer flushes ~45 MB segments): at 10^6 records about ten,
    // which the slices above share evenly between the cores (Lucene 9 searches a segment on one thread).
    cfg.setRAMBufferSizeMB(32);
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setMaxMergedSegmentMB(64);
    cfg.setMergePolicy(merges);
    return cfg;
  }

  /** Opens (or creates) the index in {@code path}; if another process holds the writer, opens it read-only. */
  public static SearchIndex open(Path path) {
    try {
      FSDirectory d = FSDirectory.open(path);
      try {
        return new SearchIndex(d, false);
      } catch (LockObtainFailedException locked) {
        return new SearchIndex(d, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open search index at " + path, e);
    }
  }

  public static SearchIndex inMemory() {
    try {
      return new SearchIndex(new ByteBuffersDirectory(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean readOnly() {
    return writer == null;
  }

  public long lastSeq() {
    return lastSeq;
  }

  // ------------------------------------------------------------ following the store

  /** Applies every change in the store's feed after the last one seen. */
  public synchronized void sync(Db db) {
    if (writer == null) {
      try {
        manager.maybeRefreshBlocking();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    String storeId = db.storeId();
    if (!storeId.equals(store)) {
      boolean foreign = db.builtFromAnother(store, lastSeq,
          () -> db.read(c -> ((Number) org.aigov.observatory.kernel.Sql.value(c, "SELECT COALESCE(MAX(seq), 0) FROM registry_changes")).longValue()));
      store = storeId;
      if (foreign) {
        // built from another store (a database dropped and made again under the same URL, a replaced file): its change
        // numbers say nothing about this one's, so it is rebuilt from this store's current records
        System.err.println("search index: built from another store; rebuilding it from this one");
        rebuild(db);
        return;
      }
      dirty = true; // stamped at the next commit
    }
    db.read(c -> {
      LinkedHashSet<String> ids = new LinkedHashSet<>();
      long max = lastSeq;
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, id FROM registry_changes WHERE seq > ? ORDER BY seq")) {
        ps.setLong(1, lastSeq);
        ps.setFetchSize(5000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong(1);
            for (long s = max + 1; s < seq; s++) gaps.putIfAbsent(s, System.currentTimeMillis());
            max = Math.max(max, seq);
            gaps.remove(seq);
            ids.add(rs.getString(2));
          }
        }
      }
      // A transaction that took a sequence number earlier may commit later: look at open gaps again.
      if (!gaps.isEmpty()) {
        long now = System.currentTimeMillis();
        gaps.values().removeIf(t -> now - t > 300_000);
        // Gaps come in runs (a crash or a refused import leaves hundreds in a row): one range query per
        // run of nearby gaps, not one per gap.
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, id FROM registry_changes WHERE seq BETWEEN ? AND ?")) {
          List<Long> open = new ArrayList<>(gaps.keySet());
          for (int i = 0; i < open.size(); ) {
            long from = open.get(i);
            int j = i;
            while (j + 1 < open.size() && open.get(j + 1) - from < 1000) j++;
            ps.setLong(1, from);
            ps.setLong(2, open.get(j));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (gaps.remove(rs.getLong(1)) != null) ids.add(rs.getString(2));
              }
            }
            i = j + 1;
          }
        }
      }
      if (ids.isEmpty()) return null;
      // A large catch-up (after a bulk import) analyses documents on every core; a few changes stay on this thread.
      try (Bulk bulk = ids.size() >= PARALLEL_FROM ? new Bulk() : null) {
        List<String> batch = new ArrayList<>();
        for (String id : ids) {
          batch.add(id);
          if (batch.size() == 500) {
            reindex(c, batch, bulk);
            batch.clear();
          }
        }
        if (!batch.isEmpty()) reindex(c, batch, bulk);
      }
      lastSeq = max;
      writer.setLiveCommitData(commitData().entrySet());
      dirty = true;
      manager.maybeRefreshBlocking();
      return null;
    });
  }

  private void reindex(Connection c, List<String> ids, Bulk bulk) throws Exception {
    String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
    Set<String> seen = new java.util.HashSet<>();
    List<Object[]> live = new ArrayList<>(ids.size());
    Set<String> copySources = new LinkedHashSet<>(); // a same_as relation changed: its source shows or hides
    try (PreparedStatement ps = c.prepareStatement("SELECT r.id, v.doc, r.version, r.deleted, r.type, r.source_id FROM "
        + Registry.CURRENT + " WHERE r.id IN (" + in + ")")) {
      for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          seen.add(id);
          if (SAME_AS.equals(rs.getString(5)) && rs.getString(6) != null) copySources.add(rs.getString(6));
          if (rs.getBoolean(4)) writer.deleteDocuments(new Term("id", id));
          else live.add(new Object[] {rs.getString(2), rs.getLong(3), id});
        }
      }
    }
    for (String id : ids) if (!seen.contains(id)) writer.deleteDocuments(new Term("id", id));
    Map<String, String> copies = copiesAmong(c, ids);
    for (Object[] row : live) row[2] = copies.get((String) row[2]);
    if (bulk != null) bulk.submit(live, true);
    else index(live, true);
    copySources.removeAll(ids);
    if (!copySources.isEmpty()) reindex(c, new ArrayList<>(copySources), null);
  }

  static final String SAME_AS = "same_as";
  private static final String COPY_FLAG = "is_copy";

  /** id -> the record it is the same as, for those of {@code ids} that are the source of a live same_as relation. */
  private static Map<String, String> copiesAmong(Connection c, List<String> ids) throws java.sql.SQLException {
    Map<String, String> out = new HashMap<>();
    String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement ps = c.prepareStatement("SELECT source_id, target_id FROM registry_records WHERE kind='relation'"
        + " AND type='" + SAME_AS + "' AND deleted=FALSE AND source_id IN (" + in + ")")) {
      for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Parses stored documents ({doc, version, same-as target or null}) and adds or replaces them in the index. */
  private void index(List<Object[]> rows, boolean replace) throws IOException {
    for (Object[] row : rows) {
      Entry e = Registry.parse((String) row[0]);
      e.version = (Long) row[1];
      Document d = document(e, (String) row[2]);
      if (replace) writer.updateDocument(new Term("id", e.id), d);
      else writer.addDocument(d);
    }
  }

  /** Catch-ups of at least this many records analyse on every core. */
  static final int PARALLEL_FROM = 2000;

  /**
   * Analysis (SmartCN above all) is the cost of indexing; IndexWriter takes documents from many threads,
   * so bulk work is spread over one thread per core while the caller keeps reading the store.
   */
  private final class Bulk implements AutoCloseable {
    final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, Daemons.named("index-bulk"));
    final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(threads * 2);
    final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();

    void submit(List<Object[]> rows, boolean replace) throws Exception {
      inFlight.acquire();
      pending.add(pool.submit(() -> {
        try {
          index(rows, replace);
          return null;
        } finally {
          inFlight.release();
        }
      }));
      if (pending.size() > 64) {
        for (java.util.concurrent.Future<?> f : pending) if (f.isDone()) f.get();
        pending.removeIf(java.util.concurrent.Future::isDone);
      }
    }

    /** Waits for every submitted batch; the first failure is thrown. */
    @Override
    public void close() throws Exception {
      try {
        for (java.util.concurrent.Future<?> f : pending) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Exception x) throw x;
            throw ex;
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Drops the index and rebuilds it from every current record in the store. */
  public synchronized long rebuild(Db db) {
    if (writer == null) throw ApiException.conflict("the search index is open read-only: a server runs on this store; stop it to rebuild the index");
    return db.read(c -> {
      writer.deleteAll();
      long n = 0;
      long max;
      try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM registry_changes");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        max = rs.getLong(1);
      }
      Map<String, String> copies = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT source_id, target_id FROM registry_records WHERE kind='relation'"
          + " AND type='" + SAME_AS + "' AND deleted=FALSE"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) copies.put(rs.getString(1), rs.getString(2));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT v.doc, r.version, r.id FROM " + Registry.CURRENT + " WHERE r.deleted = FALSE");
          Bulk bulk = new Bulk()) {
        ps.setFetchSize(5000);
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Object[] {rs.getString(1), rs.getLong(2), copies.get(rs.getString(3))});
            n++;
            if (rows.size() == 500) {
              bulk.submit(rows, false);
              rows = new ArrayList<>();
            }
          }
        }
        if (!rows.isEmpty()) bulk.submit(rows, false);
      }
      lastSeq = max;
      gaps.clear();
      writer.setLiveCommitData(commitData().entrySet());
      writer.commit();
      manager.maybeRefreshBlocking();
      return n;
    });
  }

  /** Adds documents directly (benchmarks and bulk loads that bypass the change feed). */
  public void addAll(Iterable<Entry> entries) {
    try {
      for (Entry e : entries) writer.addDocument(document(e, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void commit() {
    if (writer == null) return;
    try {
      writer.setLiveCommitData(commitData().entrySet());
      writer.commit();
      manager.maybeRefreshBlocking();
      dirty = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the merges running in the background have finished (benchmarks time queries after them). */
  public void awaitMerges() {
    if (writer == null) return;
    if (writer.getConfig().getMergeScheduler() instanceof org.apache.lucene.index.ConcurrentMergeScheduler cms) cms.sync();
    commit();
  }

  /** Commits if anything changed since the last commit (called periodically by the server). */
  public void commitIfDirty() {
    if (dirty) commit();
  }

  /** {@code copyOf}: the record this one is the same as (it is left out of searches unless copies are asked for). */
  Document document(Entry e, String copyOf) throws IOException {
    Document d = new Document();
    d.add(new StringField("id", e.id, Field.Store.YES));
    d.add(new org.apache.lucene.document.SortedDocValuesField("id_sort", new org.apache.lucene.util.BytesRef(e.id)));
    if (copyOf != null) {
      d.add(new StringField("copy_of", copyOf, Field.Store.YES));
      d.add(new StringField(COPY_FLAG, "1", Field.Store.NO));
    }
    keyword(d, "kind", e.kind);
    d.add(new NumericDocValuesField("sort_kb", sortKey(e.kind, e.binding)));
    keyword(d, "type", e.type);
    keyword(d, "jurisdiction", e.jurisdiction);
    keyword(d, "binding", e.binding);
    keyword(d, "org_form", e.orgForm);
    keyword(d, "status", e.status);
    for (String v : e.governanceLayers) keyword(d, "governance_layers", v);
    for (String v : e.riskCategories) keyword(d, "risk_categories", v);
    for (String v : e.lifecycle) keyword(d, "lifecycle", v);
    for (String v : e.tags) d.add(new StringField("tags", v, Field.Store.NO));
    if (e.source != null) d.add(new StringField("source", e.source, Field.Store.YES));
    if (e.target != null) d.add(new StringField("target", e.target, Field.Store.YES));
    if (e.date != null) {
      keyword(d, "year", Integer.toString(e.date.year()));
      d.add(new IntPoint("year_i", e.date.year()));
      d.add(new NumericDocValuesField("date_sort", e.date.start().toEpochDay()));
      d.add(new StoredField("date", e.date.toString()));
    } // an undated record has no date_sort: each sort direction puts it last (see search)
    StringBuilder allEn = new StringBuilder();
    StringBuilder allZh = new StringBuilder();
    if (!e.papers.isEmpty()) d.add(new StringField("prominent", "seed", Field.Store.NO));
    if (e.name != null && e.name.en() != null) d.add(new TextField("name_alias", EnglishSynonymAnalyzer.abbreviate(nameCore(e.name.en())), Field.Store.NO));
    if (e.name != null && e.name.en() != null) d.add(new TextField("plain_name_en", e.name.en(), Field.Store.NO));
    String wholeEn = e.name == null || e.name.en() == null ? "" : String.join(" ", tokens(en, abbreviateName(e.name.en())));
    if (!wholeEn.isEmpty()) d.add(new StringField("whole_name_en", wholeEn, Field.Store.NO));
    if (e.name != null && e.name.zh() != null)
      for (String k : new LinkedHashSet<>(List.of(nameKey(e.name.zh()), nameKey(zhCore(e.name.zh())))))
        if (!k.isEmpty()) d.add(new StringField("whole_name_zh", k, Field.Store.NO));
    if (e.name != null) {
      text(d, "name_en", e.name.en(), allEn);
      text(d, "name_zh", e.name.zh(), allZh);
    }
    if (e.summary != null) { // summaries are searched through all_en / all_zh; their own fields are only shown and highlighted
      storedOnly(d, "summary_en", e.summary.en(), allEn);
      storedOnly(d, "summary_zh", e.summary.zh(), allZh);
    }
    if (e.name != null && e.name.zh() != null) {
      d.add(new TextField("name_zh_gram", e.name.zh(), Field.Store.NO));
      d.add(new StringField("name_zh_key", nameKey(e.name.zh()), Field.Store.NO));
      d.add(new TextField("zh_gram", e.name.zh(), Field.Store.NO));
    }
    if (e.summary != null && e.summary.zh() != null) d.add(new TextField("zh_gram", e.summary.zh(), Field.Store.NO));
    String plain = (e.name == null || e.name.en() == null ? "" : e.name.en()) + " " + (e.summary == null || e.summary.en() == null ? "" : e.summary.en());
    if (!plain.isBlank()) d.add(new TextField("plain_en", plain, Field.Store.NO));
    Vocab.Field tf = Vocab.typeField(e.kind);
    allEn.append(' ').append(tf.label(e.type, "en"));
    for (String t : e.tags) if (!machineTag(t)) allEn.append(' ').append(t);
    allZh.append(' ').append(tf.label(e.type, "zh"));
    if (e.notes != null) allEn.append(' ').append(e.notes);
    if (e.jurisdiction != null) allEn.append(' ').append(e.jurisdiction);
    String[] juris = e.jurisdiction == null ? null : JURISDICTION_NAMES.get(e.jurisdiction);
    if (juris != null) { // 美国 finds the records of the US, and counts with the name (see view)
      allEn.append(' ').append(juris[0]);
      allZh.append(' ').append(juris[1]);
      d.add(new TextField("juris_en", juris[0], Field.Store.NO));
      d.add(new TextField("juris_zh", juris[1], Field.Store.NO));
    }
    d.add(new TextField("all_en", allEn.toString(), Field.Store.NO));
    d.add(new TextField("all_zh", allZh.append(' ').append(allEn).toString(), Field.Store.NO));
    d.add(new StoredField("version", e.version == null ? 0 : e.version));
    return facets.build(d);
  }

  /**
   * Machine tags (iso3:AIA, un_region:Americas, collection:…, public_record) stay out of the free text, where "AIA" found
   * Anguilla and "DMA" Dominica; the tags filter still takes them. AGORA's descriptive tags ("harms: bias…") stay in.
   */
  static boolean machineTag(String t) {
    return t.indexOf('_') >= 0 || t.matches("[^:\\s]+:\\S.*");
  }

  /**
   * A jurisdiction code's names, English then Chinese. The code alone is only a filter: eo_14110 says 白宫, not 美国, so
   * 美国行政令14110 ranked three US agencies whose summaries say 美国 above it.
   */
  static final Map<String, String[]> JURISDICTION_NAMES = Map.ofEntries(
      Map.entry("US", new String[] {"United States USA America", "美国 美利坚合众国"}),
      Map.entry("CN", new String[] {"China PRC", "中国 中华人民共和国"}),
      Map.entry("EU", new String[] {"European Union", "欧盟 欧洲联盟"}),
      Map.entry("GB", new String[] {"United Kingdom UK Britain", "英国 大不列颠"}),
      Map.entry("JP", new String[] {"Japan", "日本"}),
      Map.entry("KR", new String[] {"South Korea Korea", "韩国"}),
      Map.entry("FR", new String[] {"France", "法国"}),
      Map.entry("DE", new String[] {"Germany", "德国"}),
      Map.entry("IN", new String[] {"India", "印度"}),
      Map.entry("CA", new String[] {"Canada", "加拿大"}),
      Map.entry("RU", new String[] {"Russia", "俄罗斯"}),
      Map.entry("SG", new String[] {"Singapore", "新加坡"}),
      Map.entry("AU", new String[] {"Australia", "澳大利亚"}),
      Map.entry("IL", new String[] {"Israel", "以色列"}));

  /** The jurisdictions' names as words (analysed) and as written: extra words of a query, never a name it holds. */
  private static final Set<String> JURISDICTION_WORDS_EN = new java.util.HashSet<>();
  private static final Set<String> JURISDICTION_WORDS_ZH = new java.util.HashSet<>();
  static {
    try (Analyzer a = new EnglishSynonymAnalyzer(false)) {
      for (String[] n : JURISDICTION_NAMES.values()) {
        JURISDICTION_WORDS_EN.addAll(tokens(a, EnglishSynonymAnalyzer.abbreviate(n[0])));
        JURISDICTION_WORDS_EN.addAll(tokens(a, n[0]));
        JURISDICTION_WORDS_ZH.addAll(List.of(n[1].split(" ")));
      }
    }
  }

  private static void text(Document d, String field, String value, StringBuilder all) {
    if (value == null) return;
    d.add(new TextField(field, value, Field.Store.YES));
    all.append(' ').append(value);
  }

  /**
   * No query targets the summary fields, so they are stored, not analysed: the highlighter analyses the
   * returned page's stored text anyway (a field without indexed offsets is highlighted by analysis), and
   * indexing summaries twice (their own field and all_*) was a third of the SmartCN work per record.
   */
  private static void storedOnly(Document d, String field, String value, StringBuilder all) {
    if (value == null) return;
    d.add(new StoredField(field, value));
    all.append(' ').append(value);
  }

  private static void keyword(Document d, String field, String value) {
    if (value == null || value.isEmpty()) return;
    d.add(new StringField(field, value, Field.Store.YES));
    d.add(new SortedSetDocValuesFacetField(field, value));
  }

  // ------------------------------------------------------------ querying

  /**
   * {@code disjunctive}: a filtered field's own counts leave out its filter (the other filters apply), so
   * its other values stay on offer. It costs one more counting pass per filtered field, so it is asked for
   * (the search page does), not the default. {@code copies}: also return records that are the same as another
   * record (a same_as relation's source, e.g. an AGORA document the seed already describes); by default each thing
   * is found once, as the record it is the same as.
   */
  public record Request(String q, Map<String, List<String>> filters, Integer yearFrom, Integer yearTo, String sort,
      int offset, int limit, boolean highlight, boolean disjunctive, boolean copies) {
    /** Jurisdiction codes are stored upper case (the validator's rule), so {@code cn} filters as {@code CN}. */
    public Request {
      if (filters != null && filters.containsKey("jurisdiction")) {
        filters = new LinkedHashMap<>(filters);
        filters.put("jurisdiction", filters.get("jurisdiction").stream().map(v -> v.toUpperCase(java.util.Locale.ROOT)).toList());
      }
    }

    public Request(String q, Map<String, List<String>> filters, Integer yearFrom, Integer yearTo, String sort, int offset,
        int limit, boolean highlight, boolean disjunctive) {
      this(q, filters, yearFrom, yearTo, sort, offset, limit, highlight, disjunctive, false);
    }

    public Request(String q, Map<String, List<String>> filters, Integer yearFrom, Integer yearTo, String sort, int offset,
        int limit, boolean highlight) {
      this(q, filters, yearFrom, yearTo, sort, offset, limit, highlight, false, false);
    }
  }

  /** {@code copy_of}: set when the hit is the same as another record (only with {@code copies}). */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Hit(String id, String kind, String type, Map<String, String> name, String date, String jurisdiction,
      float score, Map<String, String> highlights, String copy_of) {}

  public record Bucket(String value, long count) {}

  /**
   * {@code copies_hidden}: how many records matching the request were left out as copies (null when copies were asked for).
   * {@code relaxed}: true when no record holds every word of the query and these hold all but one (else absent).
   * {@code fuzzy}: true when neither found anything and these hold words spelt nearly like the query's (else absent).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Result(long total, List<Hit> hits, Map<String, List<Bucket>> facets, Integer next_offset, Long copies_hidden, Boolean relaxed,
      Boolean fuzzy, List<String> ignored, @com.fasterxml.jackson.annotation.JsonIgnore long snapshot) {
    public Result(long total, List<Hit> hits, Map<String, List<Bucket>> facets, Integer next_offset, Long copies_hidden) {
      this(total, hits, facets, next_offset, copies_hidden, null, null, null, 0);
    }

    Result at(long snapshot, boolean relaxed) {
      return at(snapshot, relaxed, false);
    }

    Result at(long snapshot, boolean relaxed, boolean fuzzy) {
      return new Result(total, hits, facets, next_offset, copies_hidden, relaxed ? Boolean.TRUE : null, fuzzy ? Boolean.TRUE : null, ignored, snapshot);
    }

    /** {@code ignored}: parts of the query read but not supported (title:, OR); null when none. */
    Result ignoring(List<String> parts) {
      return parts.isEmpty() ? this : new Result(total, hits, facets, next_offset, copies_hidden, relaxed, fuzzy, List.copyOf(parts), snapshot);
    }
  }

  /** How long a page's snapshot of the index outlives a newer one, so the next pages of a cursor read the same records. */
  static final double SNAPSHOT_SECONDS = 600;

  public Result search(Request r) {
    return search(r, null);
  }

  /**
   * Every word of the query must match; when no record holds them all ("facial recognition ban"), the records holding all
   * but one are shown instead, marked {@code relaxed}, rather than nothing.
   */
  /**
   * {@code snapshot}: the {@link Result#snapshot} of an earlier page, so a cursor's later pages come from the index as it
   * was then, and records written meanwhile neither shift nor repeat them; a snapshot pruned since (older than the newest
   * by {@link #SNAPSHOT_SECONDS}) answers from the current index.
   */
  public Result search(Request r, Long snapshot) {
    if (r.limit() < 1 || r.limit() > 200) throw ApiException.badRequest("limit", "must be between 1 and 200");
    if (r.offset() < 0 || r.offset() > 10_000) throw ApiException.badRequest("cursor", "offset out of range");
    // an empty range is a mistake (the years swapped), not a search that finds nothing
    if (r.yearFrom() != null && r.yearTo() != null && r.yearFrom() > r.yearTo())
      throw ApiException.badRequest("year_from", "year_from " + r.yearFrom() + " is after year_to " + r.yearTo());
    for (String field : r.filters().keySet())
      if (!FACETS.contains(field) && !field.equals("tags"))
        throw ApiException.badRequest(field, "not a filterable field; use one of " + FACETS + " or tags");
    Sort sort = switch (r.sort() == null ? "relevance" : r.sort()) {
      // equal scores (and dates) in record-id order: Lucene's own tie-break is the order records were indexed, which
      // differs between H2 and PostgreSQL and after a rebuild, so the same query listed ties differently
      case "relevance" -> new Sort(SortField.FIELD_SCORE, ID_SORT);
      case "date" -> new Sort(dateSort(true), SortField.FIELD_SCORE, ID_SORT);
      case "date_asc" -> new Sort(dateSort(false), SortField.FIELD_SCORE, ID_SORT);
      default -> throw ApiException.badRequest("sort", "one of relevance, date, date_asc");
    };
    QuerySyntax.Parsed p = parse(r.q());
    IndexSearcher s = null;
    boolean pinned = false;
    try {
      if (snapshot != null) pinned = (s = lifetimes.acquire(snapshot)) != null;
      if (s == null) s = manager.acquire();
      long version = pinned ? snapshot : lifetimes.record(s);
      Result strict = search(s, r, constrained(words(p.text(), false), p), sort);
      if (strict.total() > 0) return strict.at(version, false).ignoring(p.ignored()); // (the total does not depend on the page, so later pages stay relaxed too)
      Query loose = constrained(words(p.text(), true), p);
      if (loose != null) {
        Result relaxed = search(s, r, loose, sort);
        if (relaxed.total() > 0) return relaxed.at(version, true).ignoring(p.ignored());
      }
      Query near = constrained(fuzzyQuery(p.text() == null ? null : QuerySyntax.split(p.text())), p);
      if (near == null) return strict.at(version, false).ignoring(p.ignored());
      Result fuzzy = search(s, r, near, sort);
      return (fuzzy.total() == 0 ? strict.at(version, false) : fuzzy.at(version, false, true)).ignoring(p.ignored());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (s != null) {
        try {
          if (pinned) lifetimes.release(s);
          else manager.release(s);
          lifetimes.prune(pruner);
        } catch (IOException ignored) {
          // releasing a searcher cannot lose data
        }
      }
    }
  }

  private Result search(IndexSearcher s, Request r, Query text, Sort sort) throws IOException {
    Query q = filtered(text, r, null);
    int n = r.offset() + r.limit();
    // One pass: the top n by relevance (or date), the exact total and the matches for facet counting.
    // (A non-scoring count pass plus a block-max top-n pass was tried: slower at 10^6, same results.)
    // every sort ends with the record id (ties), so the top hits are always collected by a field sort
    var topManager = new org.apache.lucene.search.TopFieldCollectorManager(sort, n, null, Integer.MAX_VALUE, true);
    Object[] both = s.search(q, new org.apache.lucene.search.MultiCollectorManager(topManager, tally.manager()));
    TopDocs top = (TopDocs) both[0];
    // a field sort leaves ScoreDoc.score unset: the score is among the sort values
    SortField[] fs = sort.getSort();
    for (int k = 0; k < fs.length; k++)
      if (fs[k].getType() == SortField.Type.SCORE)
        for (ScoreDoc sd : top.scoreDocs) sd.score = (Float) ((org.apache.lucene.search.FieldDoc) sd).fields[k];
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) both[1];
    long total = top.totalHits.value;
    Map<String, List<Bucket>> facetOut = new LinkedHashMap<>();
    // A filtered field counts its values as if it were not filtered (the other filters still apply),
    // so the values not chosen stay on offer and a second one widens the result (OR within a field).
    Map<String, Map<String, Map<String, Long>>> without = new HashMap<>();
    if (r.disjunctive())
      for (String dim : r.filters().keySet())
        if (FACETS.contains(dim)) without.put(dim, s.search(filtered(text, r, dim), tally.manager()));
    for (String dim : FACETS) {
      Map<String, Long> c = without.containsKey(dim) ? without.get(dim).get(dim) : total > 0 ? counts.get(dim) : null;
      if (c == null) continue;
      List<Bucket> buckets = FacetTally.top(c, dim.equals("year") ? 100 : 50);
      if (buckets.isEmpty() && total == 0) continue;
      if (dim.equals("year")) buckets.sort((x, y) -> y.value().compareTo(x.value()));
      facetOut.put(dim, buckets);
    }
    ScoreDoc[] docs = top.scoreDocs;
    int from = Math.min(r.offset(), docs.length);
    ScoreDoc[] page = java.util.Arrays.copyOfRange(docs, from, docs.length);
    Map<String, String[]> hl = Map.of();
    if (r.highlight() && page.length > 0 && !(text instanceof MatchAllDocsQuery)) {
      UnifiedHighlighter uh = UnifiedHighlighter.builder(s, analyzer).withFieldMatcher(f -> true)
          .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true)).withMaxLength(20_000).build();
      TopDocs pageDocs = new TopDocs(top.totalHits, page);
      hl = uh.highlightFields(HIGHLIGHT_FIELDS, text, pageDocs, new int[] {1, 2, 1, 2});
    }
    List<Hit> hits = new ArrayList<>();
    var stored = s.storedFields();
    for (int i = 0; i < page.length; i++) {
      Document d = stored.document(page[i].doc);
      Map<String, String> name = new LinkedHashMap<>();
      if (d.get("name_zh") != null) name.put("zh", d.get("name_zh"));
      if (d.get("name_en") != null) name.put("en", d.get("name_en"));
      Map<String, String> h = new LinkedHashMap<>();
      for (String f : HIGHLIGHT_FIELDS) {
        String[] arr = hl.get(f);
        if (arr != null && arr[i] != null) h.put(f, arr[i]);
      }
      hits.add(new Hit(d.get("id"), d.get("kind"), d.get("type"), name, d.get("date"), d.get("jurisdiction"),
          Float.isNaN(page[i].score) ? 0f : page[i].score, h, d.get("copy_of")));
    }
    Integer next = r.offset() + r.limit() < total && r.offset() + r.limit() <= 10_000 ? r.offset() + r.limit() : null;
    Long hidden = null;
    if (!r.copies()) { // a count over the few copies: the conjunction leaps from one is_copy document to the next
      Request with = new Request(r.q(), r.filters(), r.yearFrom(), r.yearTo(), r.sort(), 0, 1, false, false, true);
      hidden = (long) s.count(new BooleanQuery.Builder().add(filtered(text, with, null), Occur.MUST)
          .add(new TermQuery(new Term(COPY_FLAG, "1")), Occur.FILTER).build());
    }
    return new Result(total, hits, facetOut, next, hidden);
  }

  /** The text query under the request's filters, leaving out those on {@code except} (null: none left out). */
  private Query filtered(Query text, Request r, String except) {
    Map<String, List<String>> filters = new LinkedHashMap<>(r.filters());
    if (except != null) filters.remove(except);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(text, text instanceof MatchAllDocsQuery ? Occur.FILTER : Occur.MUST);
    // Relations are records too, but a search is for instruments and actors unless relations are asked for.
    if (!filters.containsKey("kind")) {
      Query notRelation = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
          .add(new TermQuery(new Term("kind", "relation")), Occur.MUST_NOT).build();
      b.add(new IndexSortSortedNumericDocValuesRangeQuery("sort_kb", Long.MIN_VALUE,
          sortKey("relation", null) - 1, notRelation), Occur.FILTER);
    }
    Query block = sortedBlock(filters.get("kind"), filters.get("binding"),
        filters(filters, List.of("kind", "binding")));
    if (block != null) b.add(block, Occur.FILTER);
    if (!r.copies()) b.add(new TermQuery(new Term(COPY_FLAG, "1")), Occur.MUST_NOT);
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      if (block != null && (f.getKey().equals("kind") || f.getKey().equals("binding"))) continue;
      b.add(filters(Map.of(f.getKey(), f.getValue()), List.of(f.getKey())), Occur.FILTER);
    }
    if (r.yearFrom() != null || r.yearTo() != null)
      b.add(IntPoint.newRangeQuery("year_i", r.yearFrom() == null ? Integer.MIN_VALUE : r.yearFrom(),
          r.yearTo() == null ? Integer.MAX_VALUE : r.yearTo()), Occur.FILTER);
    return b.build();
  }

  /** The term filters on {@code fields}: any listed value of each field (absent fields are skipped). */
  private static Query filters(Map<String, List<String>> filters, List<String> fields) {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String field : fields) {
      List<String> values = filters.get(field);
      if (values == null) continue;
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String v : values) any.add(new TermQuery(new Term(field, v)), Occur.SHOULD);
      all.add(any.build(), Occur.FILTER);
    }
    return all.build();
  }


  /** The query's operators read ({@link QuerySyntax}); a query that only excludes words is a 400: there is nothing to look for. */
  static QuerySyntax.Parsed parse(String q) {
    if (q != null && q.length() > 500) throw ApiException.badRequest("q", "longer than 500 characters");
    QuerySyntax.Parsed p = QuerySyntax.parse(q == null ? null : org.aigov.observatory.kernel.HanScript.foldWidth(q));
    if (!p.excluded().isEmpty() && p.text().isBlank())
      throw ApiException.badRequest("q", "only excludes words (-word, NOT word); add a word to search for").with("reason", "only_excluded");
    return p;
  }

  /** The words, and also the words joined by "." or ":" written apart: the tokenizer keeps EU.AI.Act one word, which no record holds. */
  Query words(String q, boolean relaxed) {
    Query whole = textQuery(q, relaxed);
    if (q == null || q.isBlank()) return whole;
    String folded = org.aigov.observatory.kernel.HanScript.foldWidth(q), apart = QuerySyntax.split(folded);
    if (apart.equals(folded)) return whole;
    Query split = textQuery(apart, relaxed);
    if (whole == null || whole instanceof org.apache.lucene.search.MatchNoDocsQuery) return split;
    return split == null ? whole : either(whole, split);
  }

  /** Quoted phrases must match, excluded words and phrases must not; null stays null (no relaxed or near reading). */
  private Query constrained(Query text, QuerySyntax.Parsed p) {
    if (text == null || (p.phrases().isEmpty() && p.excluded().isEmpty())) return text;
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, text instanceof MatchAllDocsQuery ? Occur.FILTER : Occur.MUST);
    for (String ph : p.phrases()) {
      Query m = phrase(ph);
      if (m != null) b.add(m, Occur.FILTER);
    }
    // -word leaves out what the word alone would find (stemmed, either language, its glossary reading)
    for (QuerySyntax.Excluded x : p.excluded()) {
      Query m = x.phrase() ? phrase(x.text()) : words(x.text(), false);
      if (m != null && !(m instanceof MatchAllDocsQuery)) b.add(m, Occur.MUST_NOT);
    }
    return b.build();
  }

  /**
   * A quoted phrase: its words adjacent, in order, in the English name and summary (unstemmed) or the Chinese ones (as
   * written, Traditional folded), in any of its spellings (EU.AI.Act, AI ↔ artificial intelligence, 布莱切利). Null
   * when it holds no word.
   */
  Query phrase(String text) {
    String t = org.aigov.observatory.kernel.HanScript.foldWidth(text);
    Set<String> forms = new LinkedHashSet<>(List.of(t, QuerySyntax.split(t), EnglishSynonymAnalyzer.abbreviate(t),
        EnglishSynonymAnalyzer.expandAbbreviations(t), EnglishSynonymAnalyzer.expandAcronyms(t)));
    if (hasHan(t)) {
      String zhForm = zhVariants(org.aigov.observatory.kernel.HanScript.regional(org.aigov.observatory.kernel.HanScript.toSimplified(t)));
      forms.add(zhForm);
      forms.add(acronymsAsHan(zhForm));
    }
    org.apache.lucene.util.QueryBuilder english = new org.apache.lucene.util.QueryBuilder(plainEn), chinese = new org.apache.lucene.util.QueryBuilder(zhGram);
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    int n = 0;
    for (String f : forms)
      for (Query m : new Query[] {hasHan(f) ? null : english.createPhraseQuery("plain_en", f), chinese.createPhraseQuery("zh_gram", f)})
        if (m != null) {
          any.add(m, Occur.SHOULD);
          n++;
        }
    return n == 0 ? null : any.build();
  }

  /**
   * Every term of the query must appear in the English view or in the Chinese view of a record;
   * names weigh more. The words are analysed, never handed to a query parser: the operators
   * {@link QuerySyntax} reads are taken out before.
   */
  Query textQuery(String q) {
    return textQuery(q, false);
  }

  /** {@code relaxed}: all but one of each view's words must match; null when no view has two words to relax. */
  Query textQuery(String q, boolean relaxed) {
    if (q == null || q.isBlank()) return relaxed ? null : new MatchAllDocsQuery();
    if (q.length() > 500) throw ApiException.badRequest("q", "longer than 500 characters");
    q = EnglishSynonymAnalyzer.query(org.aigov.observatory.kernel.HanScript.foldWidth(q));
    q = org.aigov.observatory.kernel.HanScript.regional(org.aigov.observatory.kernel.HanScript.toSimplified(q)); // the glossary is Simplified and mainland; the analyser maps alike
    q = zhVariants(q);
    // Every text is in the Chinese view too, so a query without Chinese characters needs only the
    // English view and one without Latin letters only the Chinese view: half the work per hit.
    boolean hasCjk = hasHan(q);
    boolean hasLatin = q.codePoints().anyMatch(Character::isLetterOrDigit) && q.codePoints()
        .anyMatch(c -> Character.isLetterOrDigit(c) && !han(c));
    List<String> enTerms = hasCjk ? List.of() : terms(en, "all_en", q);
    List<String> zhTerms = hasLatin && !hasCjk ? List.of() : terms(zh, "all_zh", q);
    if (enTerms.isEmpty() && zhTerms.isEmpty()) {
      if (relaxed) return null;
      // stop words only ("the", "of and") or signs only ("\\", "/.*/") find nothing: every record, each scored 0, read as
      // 1,689 matches; only an empty query lists everything
      return new org.apache.lucene.search.MatchNoDocsQuery();
    }
    if (relaxed && enTerms.size() < 2 && zhTerms.size() < 2) return null;
    // Per language: the name clauses only ever match documents the all_* conjunction matches (all_*
    // holds the name, analysed the same way), so they are optional extras on a required clause —
    // Lucene then checks them only on its candidates instead of iterating their union. Same scores.
    List<Query> views = new ArrayList<>(2);
    // the phrase is matched in the names' abbreviated form, so the query is abbreviated the same way
    if (!enTerms.isEmpty()) addView(views, view("all_en", "name_en", "name_alias", enTerms, terms(en, "name_alias", EnglishSynonymAnalyzer.abbreviate(EnglishSynonymAnalyzer.expandAcronyms(q))), relaxed));
    if (!zhTerms.isEmpty()) {
      Query zhView = relaxed ? view("all_zh", "name_zh", "name_zh", zhTerms, zhTerms, true)
          : view(allZh(zhTerms), "name_zh", "name_zh", zhTerms, zhTerms, false);
      if (zhView != null) views.add(relaxed ? zhView : orLiteral(zhView, q));
      // 欧盟AI法案 is also read as 欧盟人工智能法案: the records' Chinese text writes the term out
      String han = hasCjk ? acronymsAsHan(q) : q;
      if (!han.equals(q)) {
        List<String> hanTerms = terms(zh, "all_zh", han);
        Query hanView = view("all_zh", "name_zh", "name_zh", hanTerms, hanTerms, relaxed);
        if (hanView != null) views.add(relaxed ? hanView : orLiteral(hanView, han));
      }
    }
    // Most records (AGORA's 951 documents) are in English only: a Chinese query whose words the bundled glossary
    // covers also looks for their English equivalents, weighted below matches in the query's own language.
    Query translated = hasCjk && !relaxed ? translated(q) : null;
    if (translated != null) views.add(new BoostQuery(translated, TRANSLATED_WEIGHT));
    if (views.isEmpty()) return null; // (relaxed only: no view may drop a word)
    Query any;
    if (views.size() == 1) {
      any = views.get(0);
    } else {
      BooleanQuery.Builder either = new BooleanQuery.Builder();
      for (Query v : views) either.add(v, Occur.SHOULD);
      any = either.build();
    }
    // Records the seed papers discuss get a small lift: they are the ones analysts come for.
    BooleanQuery.Builder ranked = new BooleanQuery.Builder();
    ranked.add(any, Occur.MUST);
    ranked.add(new BoostQuery(new org.apache.lucene.search.ConstantScoreQuery(new TermQuery(new Term("prominent", "seed"))), 2f), Occur.SHOULD);
    Query named = hasCjk ? namesHeld("whole_name_zh", zhNameParts(q)) : namesHeld("whole_name_en", enNameParts(q));
    if (named != null) ranked.add(named, Occur.SHOULD);
    return ranked.build();
  }

  /**
   * The name and phrase boosts need every word of the query in the name, so one extra word ("Bletchley Declaration UK")
   * took both from the record named and left the summit, whose jurisdiction is GB, first. A record whose whole name is
   * a run of the query gains by the share of the query its name covers (the best run counts): the name outweighs
   * the extra words, and a country word alone is never a name held.
   */
  static final float NAME_HELD_WEIGHT = 15f;

  /** Runs of the query (name keys) by their share of it; null when none. */
  private static Query namesHeld(String field, Map<Float, List<String>> parts) {
    if (parts.isEmpty()) return null;
    List<Query> byShare = new ArrayList<>();
    parts.forEach((share, keys) -> byShare.add(new BoostQuery(new org.apache.lucene.search.ConstantScoreQuery(
        new org.apache.lucene.search.TermInSetQuery(field, keys.stream().map(org.apache.lucene.util.BytesRef::new).toList())), NAME_HELD_WEIGHT * share)));
    return new org.apache.lucene.search.DisjunctionMaxQuery(byShare, 0f);
  }

  /** The English query's runs of words, analysed as names are for {@code whole_name_en}, by their share of its words. */
  Map<Float, List<String>> enNameParts(String q) {
    List<String> w = tokens(en, abbreviateName(EnglishSynonymAnalyzer.expandAcronyms(q)));
    Map<Float, List<String>> out = new HashMap<>();
    if (w.size() > 32) return out;
    for (int i = 0; i < w.size(); i++)
      for (int j = i + 1; j <= w.size(); j++) {
        List<String> run = w.subList(i, j);
        if (JURISDICTION_WORDS_EN.containsAll(run)) continue;
        out.computeIfAbsent((float) run.size() / w.size(), k -> new ArrayList<>()).add(String.join(" ", run));
      }
    return out;
  }

  /** The Chinese query's runs of characters (as {@link #nameKey} folds them), by their share of its characters. */
  static Map<Float, List<String>> zhNameParts(String q) {
    Map<Float, List<String>> out = new HashMap<>();
    for (String form : new LinkedHashSet<>(List.of(q, acronymsAsHan(q)))) {
      String k = nameKey(form);
      int n = k.length();
      if (n < 2 || n > 100) continue; // (names held in longer queries are not looked for: runs grow as n²)
      for (int i = 0; i < n; i++)
        for (int j = i + 2; j <= Math.min(n, i + 80); j++) {
          String run = k.substring(i, j);
          if (JURISDICTION_WORDS_ZH.contains(run)) continue;
          out.computeIfAbsent((float) run.length() / n, x -> new ArrayList<>()).add(run);
        }
    }
    return out;
  }

  /** An English name as the phrase boost reads it: without parenthesised qualifiers, long forms abbreviated. */
  static String abbreviateName(String name) {
    return EnglishSynonymAnalyzer.abbreviate(nameCore(name));
  }

  /** A Chinese name without its parenthesised qualifiers: 《布莱奇利宣言》（Bletchley Declaration） is named 布莱奇利宣言. */
  static String zhCore(String name) {
    String core = name.replaceAll("\\s*[（(][^）)]*[）)]", "").strip();
    return core.isEmpty() ? name : core;
  }

  /** The weight of a Chinese name holding the query as written (a summary holding it adds a constant 1). */
  static final float LITERAL_NAME_WEIGHT = 1f;

  /**
   * SmartCN cuts a word alone otherwise than inside a text (数字丝绸之路: 数字|丝绸|之|路 alone, 数字|丝绸之路 in the
   * name), so the word-by-word view can miss the very record named by the query. A query of Chinese characters only
   * also matches the names and summaries holding it as written (a phrase of character bigrams); the name counts more.
   */
  private Query orLiteral(Query view, String q) {
    String s = q.strip();
    if (s.length() < 2 || !s.chars().allMatch(SearchIndex::han)) return view;
    org.apache.lucene.util.QueryBuilder qb = new org.apache.lucene.util.QueryBuilder(zhGram);
    Query inText = qb.createPhraseQuery("zh_gram", s), inName = qb.createPhraseQuery("name_zh_gram", s);
    if (inText == null || inName == null) return view;
    return new BooleanQuery.Builder().add(view, Occur.SHOULD)
        .add(new org.apache.lucene.search.ConstantScoreQuery(inText), Occur.SHOULD)
        .add(new BoostQuery(inName, LITERAL_NAME_WEIGHT), Occur.SHOULD) // scored: the shorter name that holds it first
        .add(new BoostQuery(new org.apache.lucene.search.ConstantScoreQuery(new TermQuery(new Term("name_zh_key", nameKey(s)))), EXACT_NAME_WEIGHT), Occur.SHOULD)
        .build();
  }

  /** A query that is a record's whole Chinese name puts it first: 七国集团 is the G7, above the records that repeat it. */
  static final float EXACT_NAME_WEIGHT = 10f;

  /** A Chinese name folded like the index, without the title marks and quotes around it (《人工智能法》 = 人工智能法). */
  static String nameKey(String name) {
    String s = org.aigov.observatory.kernel.HanScript.regional(org.aigov.observatory.kernel.HanScript.toSimplified(name));
    return s.replaceAll("[《》〈〉“”\"「」『』\\s]", "");
  }

  /** Chinese text as overlapping character pairs, folded like the SmartCN view, for {@link #orLiteral}. */
  static Analyzer chineseBigrams() {
    return new Analyzer() {
      @Override
      protected java.io.Reader initReader(String fieldName, java.io.Reader reader) {
        return new org.apache.lucene.analysis.charfilter.MappingCharFilter(org.aigov.observatory.kernel.HanScript.regionalMap(),
            org.aigov.observatory.kernel.HanScript.folding(reader));
      }

      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        org.apache.lucene.analysis.standard.StandardTokenizer t = new org.apache.lucene.analysis.standard.StandardTokenizer();
        TokenStream ts = new org.apache.lucene.analysis.cjk.CJKBigramFilter(new org.apache.lucene.analysis.cjk.CJKWidthFilter(t));
        return new TokenStreamComponents(t, new org.apache.lucene.analysis.LowerCaseFilter(ts));
      }
    };
  }

  /**
   * The last resort of a query without Chinese that found nothing ("Artifical Inteligence Act", "algoritm"): every word
   * must match the English view within a small edit distance (none under 5 letters, 1 up to 7, 2 from 8; the first
   * letter as typed); names weigh more. Null when the query has Chinese or no word long enough to misspell.
   */
  Query fuzzyQuery(String q) {
    if (q == null || q.isBlank() || q.length() > 500) return null;
    q = org.aigov.observatory.kernel.HanScript.foldWidth(q);
    if (hasHan(q)) return null;
    // the words as typed, not stemmed: KStem makes "artifical" "artifice", three edits from "artificial"
    List<String> words = terms(plainEn, "all_en", EnglishSynonymAnalyzer.query(q));
    if (words.isEmpty() || words.stream().allMatch(w -> edits(w) == 0)) return null;
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String w : words) {
      int k = edits(w);
      List<String> stem = terms(en, "all_en", w);
      String t = stem.isEmpty() ? w : stem.get(0);
      // stemmed and unstemmed: "algoritmic" is 3 edits from the stem "algorithm", 1 from the word "algorithmic"
      Query inAll = k == 0 ? new TermQuery(new Term("all_en", t)) : either(near("all_en", w, k), near("plain_en", w, k));
      Query inName = k == 0 ? new TermQuery(new Term("name_en", t)) : either(near("name_en", w, k), near("plain_name_en", w, k));
      all.add(new BooleanQuery.Builder().add(inAll, Occur.MUST).add(new BoostQuery(inName, 3f), Occur.SHOULD).build(), Occur.MUST);
    }
    return new BooleanQuery.Builder().add(all.build(), Occur.MUST)
        .add(new BoostQuery(new org.apache.lucene.search.ConstantScoreQuery(new TermQuery(new Term("prominent", "seed"))), 2f), Occur.SHOULD).build();
  }

  private static Query near(String field, String w, int k) {
    return new org.apache.lucene.search.FuzzyQuery(new Term(field, w), k, 1, 50, true);
  }

  private static Query either(Query a, Query b) {
    return new BooleanQuery.Builder().add(a, Occur.SHOULD).add(b, Occur.SHOULD).build();
  }

  private static int edits(String word) {
    int n = word.codePointCount(0, word.length());
    return n >= 8 ? 2 : n >= 5 ? 1 : 0;
  }

  /** Translated matches score below matches in the query's own language (a bilingual record gets both). */
  static final float TRANSLATED_WEIGHT = 0.5f;

  /** Chinese term → English equivalents (registry/glossary-zh-en.csv). */
  static final Map<String, List<String>> GLOSSARY = glossary();
  /** Capitalised acronyms among the glossary's equivalents (AI, EU, UK…) → their Chinese term, the first listed if several. */
  static final Map<String, String> ACRONYMS = acronyms();

  private static Map<String, String> acronyms() {
    Map<String, String> m = new HashMap<>();
    try (var in = SearchIndex.class.getResourceAsStream("/registry/glossary-zh-en.csv");
        var csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(Importers.csvReader(in))) {
      for (var r : csv)
        for (String en : r.get("en").split("\\|"))
          if (en.strip().matches("[A-Z]{2,}")) m.putIfAbsent(en.strip(), org.aigov.observatory.kernel.HanScript.toSimplified(r.get("zh").strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }

  private static final java.util.regex.Pattern LATIN_WORD = java.util.regex.Pattern.compile("(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])");

  /** A Chinese query's glossary acronyms written as their Chinese term (欧盟AI法案 → 欧盟人工智能法案); other words as they are. */
  static String acronymsAsHan(String q) {
    java.util.regex.Matcher m = LATIN_WORD.matcher(q);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String zh = ACRONYMS.get(m.group().toUpperCase(java.util.Locale.ROOT));
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(zh == null ? m.group() : zh));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Transliterations that differ from the records' own (布莱切利 for 布莱奇利, Bletchley) are read as the records write
   * them; a query-side table, since a search index holds each record's spelling only.
   */
  static final Map<String, String> ZH_VARIANTS = Map.of("布莱切利", "布莱奇利");

  static String zhVariants(String q) {
    for (Map.Entry<String, String> v : ZH_VARIANTS.entrySet()) q = q.replace(v.getKey(), v.getValue());
    return q;
  }
  private static final int LONGEST_TERM = GLOSSARY.keySet().stream().mapToInt(String::length).max().orElse(1);
  /** Function words a covered query may also hold ("人脸识别的监管"). */
  private static final String PARTICLES = "的与和及对关于之等在中或其于";

  private static Map<String, List<String>> glossary() {
    Map<String, List<String>> m = new HashMap<>();
    try (var in = SearchIndex.class.getResourceAsStream("/registry/glossary-zh-en.csv");
        var csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(Importers.csvReader(in))) {
      for (var r : csv) m.put(org.aigov.observatory.kernel.HanScript.toSimplified(r.get("zh").strip()), List.of(r.get("en").strip().split("\\|")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }

  /**
   * The English reading of a Chinese (or mixed) query, when the glossary covers every Chinese word of it (longest
   * term first; function words skipped): each term must match through one of its equivalents, Latin words as
   * they are. Null when some Chinese word is not covered: dropping it would match far more than was asked for.
   */
  Query translated(String q) {
    List<List<String>> concepts = new ArrayList<>();
    StringBuilder latin = new StringBuilder();
    int i = 0;
    while (i < q.length()) {
      char c = q.charAt(i);
      if (!han(c)) {
        latin.append(c);
        i++;
        continue;
      }
      latin.append(' ');
      String hit = null;
      for (int len = Math.min(LONGEST_TERM, q.length() - i); len >= 1 && hit == null; len--)
        if (GLOSSARY.containsKey(q.substring(i, i + len))) hit = q.substring(i, i + len);
      if (hit != null) {
        if (!concepts.contains(GLOSSARY.get(hit))) concepts.add(GLOSSARY.get(hit));
        i += hit.length();
      } else if (PARTICLES.indexOf(c) >= 0) i++;
      else return null;
    }
    for (String w : terms(en, "all_en", latin.toString())) concepts.add(List.of(w));
    if (concepts.isEmpty() || concepts.size() > 16) return null;
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (List<String> alternatives : concepts) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String alt : alternatives) {
        // the glossary's LAWS is the weapons' acronym, not "law" (lower-cased and stemmed, it matched every law)
        List<String> t = terms(en, "all_en", EnglishSynonymAnalyzer.query(alt));
        if (!t.isEmpty()) any.add(view("all_en", "name_en", "name_alias", t, List.of()), Occur.SHOULD);
      }
      all.add(any.build(), Occur.MUST);
    }
    return all.build();
  }

  private static Query view(String allField, String nameField, String phraseField, List<String> terms, List<String> phrase) {
    return view(allField, nameField, phraseField, terms, phrase, false);
  }

  private static Query view(String allField, String nameField, String phraseField, List<String> terms, List<String> phrase, boolean relaxed) {
    Query required = relaxed && terms.size() >= 2 ? allButOne(allField, terms) : all(allField, terms);
    return required == null ? null : view(required, nameField, phraseField, terms, phrase, relaxed);
  }

  private static Query view(Query required, String nameField, String phraseField, List<String> terms, List<String> phrase, boolean relaxed) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(required, Occur.MUST);
    b.add(new BoostQuery(inName(nameField, terms, relaxed), 3f), Occur.SHOULD);
    // a record of the jurisdiction the query names gains as a word of its name would: 英国人工智能白皮书 is relaxed (no
    // record holds all three), and the EU's white paper held the two rarer words
    String juris = nameField.equals("name_en") ? "juris_en" : "juris_zh";
    for (String t : terms) b.add(new BoostQuery(new TermQuery(new Term(juris, t)), JURISDICTION_WEIGHT), Occur.SHOULD);
    if (phrase.size() > 1) b.add(new BoostQuery(new org.apache.lucene.search.PhraseQuery(phraseField, phrase.toArray(String[]::new)), 4f), Occur.SHOULD);
    return b.build();
  }

  /**
   * The English name without its parenthesised qualifiers, for the phrase boost: "Artificial
   * Intelligence Act" is the name of "EU Artificial Intelligence Act", not of "Notifying authority
   * (AI Act)", whose name merely mentions it.
   */
  static String nameCore(String name) {
    String core = name.replaceAll("\\s*\\([^)]*\\)", "").strip();
    return core.isEmpty() ? name : core;
  }

  private static void addView(List<Query> views, Query view) {
    if (view != null) views.add(view);
  }

  /**
   * All but one word; a word of two or more characters is never the one dropped when it is the only one, and a query of
   * lone Han characters is not relaxed (null): a lone character also matches every word it begins, so 自驾车 relaxed to
   * 自 alone ranked 自贸协定 first.
   */
  private static Query allButOne(String field, List<String> terms) {
    List<String> singles = terms.stream().filter(SearchIndex::loneHan).toList();
    List<String> words = terms.stream().filter(t -> !loneHan(t)).toList();
    if (words.isEmpty()) return null;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (words.size() == 1 && !singles.isEmpty()) {
      b.add(term(field, words.get(0)), Occur.MUST);
      for (String t : singles) b.add(term(field, t), Occur.SHOULD);
      return b.setMinimumNumberShouldMatch(singles.size() - 1).build();
    }
    for (String t : terms) b.add(term(field, t), Occur.SHOULD);
    return b.setMinimumNumberShouldMatch(terms.size() - 1).build();
  }

  private static boolean han(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  private static boolean hasHan(String s) {
    return s.codePoints().anyMatch(SearchIndex::han);
  }

  private static boolean loneHan(String t) {
    return t.length() == 1 && han(t.charAt(0));
  }

  /** Every term in the name, a country word also in the jurisdiction's names: "US executive order 14110" names eo_14110. */
  private static Query inName(String nameField, List<String> terms, boolean relaxed) {
    String juris = nameField.equals("name_en") ? "juris_en" : "juris_zh";
    boolean loose = relaxed && terms.size() >= 2; // a relaxed query's name also holds all words but one
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms)
      b.add(new BooleanQuery.Builder().add(term(nameField, t), Occur.SHOULD).add(new TermQuery(new Term(juris, t)), Occur.SHOULD).build(),
          loose ? Occur.SHOULD : Occur.MUST);
    return loose ? b.setMinimumNumberShouldMatch(terms.size() - 1).build() : b.build();
  }

  static final float JURISDICTION_WEIGHT = 2f;

  /**
   * Every Chinese word of the query in all_zh, as {@link #all}, except that a word may also match as written (a phrase of
   * character bigrams in zh_gram): SmartCN cuts a word otherwise in a longer query than in a record's text (中国数字丝绸之路:
   * 丝绸|之|路, where the record's text has 丝绸之路), so 中国数字丝绸之路 found nothing. Lone characters join the word
   * before them (the one after, at the start), since they are most often its pieces. A record matching word by word
   * scores exactly as before (the written form counts only where the words do not).
   */
  private Query allZh(List<String> terms) {
    List<List<String>> units = new ArrayList<>();
    for (String t : terms) {
      List<String> last = units.isEmpty() ? null : units.get(units.size() - 1);
      boolean glue = last != null && han(t.codePointAt(0)) && han(last.get(last.size() - 1).codePointAt(0))
          && (loneHan(t) || last.size() == 1 && loneHan(last.get(0)));
      if (glue) last.add(t);
      else units.add(new ArrayList<>(List.of(t)));
    }
    org.apache.lucene.util.QueryBuilder qb = new org.apache.lucene.util.QueryBuilder(zhGram);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (List<String> u : units) {
      Query words = all("all_zh", u);
      String written = String.join("", u);
      Query phrase = written.length() >= 2 && written.chars().allMatch(SearchIndex::han) ? qb.createPhraseQuery("zh_gram", written) : null;
      b.add(phrase == null ? words : new org.apache.lucene.search.DisjunctionMaxQuery(
          List.of(words, new BoostQuery(new org.apache.lucene.search.ConstantScoreQuery(phrase), 0.001f)), 0f), Occur.MUST);
    }
    return b.build();
  }

  private static Query all(String field, List<String> terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) b.add(term(field, t), Occur.MUST);
    return b.build();
  }

  /**
   * A lone Han character from the Chinese analyser is most often the head of a longer word the
   * segmenter kept whole elsewhere (人工智能法 → 人工智能 + 法, but 人工智能法案 → 人工智能 + 法案), so it
   * matches the words it begins; the exact word scores as before.
   */
  private static Query term(String field, String t) {
    TermQuery exact = new TermQuery(new Term(field, t));
    if (!loneHan(t)) return exact;
    return new BooleanQuery.Builder().add(exact, Occur.SHOULD)
        .add(new org.apache.lucene.search.PrefixQuery(new Term(field, t)), Occur.SHOULD).build();
  }

  /** The distinct terms in order, at most 32. */
  static List<String> terms(Analyzer a, String field, String text) {
    return org.aigov.observatory.kernel.Analysis.tokens(a, field, text).stream().filter(t -> !t.isBlank()).distinct().limit(32).toList();
  }

  /** The analysed words in order, repeats kept (for whole-name keys). */
  static List<String> tokens(Analyzer a, String text) {
    return org.aigov.observatory.kernel.Analysis.tokens(a, "name_alias", text);
  }

  public int numDocs() {
    IndexSearcher s = null;
    try {
      s = manager.acquire();
      return s.getIndexReader().numDocs();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        if (s != null) manager.release(s);
      } catch (IOException ignored) {
        // nothing to lose
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (writer != null) {
        writer.setLiveCommitData(commitData().entrySet());
        writer.commit();
      }
      lifetimes.close();
      manager.close();
      if (writer != null) writer.close();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
