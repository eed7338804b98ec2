package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Full-text search over incident source records (title, text, outlet, deployers, developers, system names), in
 * English (stemmed) and Chinese (word-segmented) at once. The index is derived: before each search it catches up with
 * the store by record id (new records) and by {@code updated_at} (re-ingested ones: an update's stamp is later than
 * its {@code ingested_at}), so ingest stays as fast as it was
 * and every node of a shared PostgreSQL store keeps its own index. Deleting the folder rebuilds it.
 */
public final class IncidentSearch implements AutoCloseable {
  /** Updated records are looked for this far behind the last catch-up: a batch commits a little after it stamps rows. */
  static final long UPDATE_LOOKBACK_MS = 120_000;
  /** How documents are analysed; an index written another way is rebuilt (2: Chinese folded to Simplified). */
  static final String LAYOUT = "3"; // 2: Chinese folded to Simplified; 3: and regional words mapped

  private final Directory dir;
  private final IndexWriter writer;
  private final SearcherManager manager;
  private final Analyzer en = new EnglishAnalyzer();
  private final Analyzer zh = org.aigov.observatory.kernel.HanScript.chineseAnalyzer(); // Traditional folded to Simplified
  /**
   * The Chinese analysis for queries, without English stop words: it keeps them, so "deepfake OR the" matched every
   * record holding "the" through the Chinese fields (864 incidents where "deepfake" alone has 299; outside QA).
   */
  private final Analyzer zhQuery = new org.apache.lucene.analysis.AnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
      return zh;
    }

    @Override
    protected TokenStreamComponents wrapComponents(String fieldName, TokenStreamComponents c) {
      return new TokenStreamComponents(c.getSource(),
          new org.apache.lucene.analysis.StopFilter(c.getTokenStream(), org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
    }
  };
  private long maxId;
  private long updatedMark;
  private String store; // the store the index was built from (Db.storeId), null in an index older than the stamp

  private IncidentSearch(Directory dir) throws IOException {
    this.dir = dir;
    Analyzer perField = new PerFieldAnalyzerWrapper(en, Map.of("title_zh", zh, "body_zh", zh));
    // the writer first: its lock keeps a second process (a command beside the server) from reading a commit mid-way
    writer = new IndexWriter(dir, new IndexWriterConfig(perField).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
    try {
      Map<String, String> data = new LinkedHashMap<>();
      if (DirectoryReader.indexExists(dir)) {
        try (DirectoryReader r = DirectoryReader.open(dir)) {
          data.putAll(r.getIndexCommit().getUserData());
        }
      }
      if (!data.isEmpty() && !LAYOUT.equals(data.get("layout"))) {
        // written by an older analysis: emptied, and the next catch-up indexes the store again from record 0
        System.err.println("incident search index: layout " + data.getOrDefault("layout", "1") + ", now " + LAYOUT + "; rebuilding it from the store");
        writer.deleteAll();
        writer.setLiveCommitData(Map.of("max_id", "0", "updated_mark", "0", "layout", LAYOUT).entrySet());
        data.clear();
      }
      maxId = Long.parseLong(data.getOrDefault("max_id", "0"));
      updatedMark = Long.parseLong(data.getOrDefault("updated_mark", "0"));
      store = data.get("store");
      manager = new SearcherManager(writer, null);
    } catch (IOException | RuntimeException e) {
      writer.rollback(); // releases the lock, so the caller can wipe the folder and start again
      throw e;
    }
  }

  /**
   * As {@link #open}, but an index another process holds (a server beside a command, a second server on the same data
   * folder) is replaced by one in memory, built from the store at the first search; {@code note} is told why.
   */
  public static IncidentSearch openOrInMemory(Path folder, java.util.function.Consumer<String> note) {
    try {
      return open(folder);
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException)) throw e;
      note.accept("the incident search index in " + folder + " is in use by another process; indexing into memory instead");
      return open(null);
    }
  }

  /** An index in {@code folder} (created if missing; rebuilt from the store if unreadable), or in memory when null. */
  public static IncidentSearch open(Path folder) {
    try {
      if (folder == null) return new IncidentSearch(new ByteBuffersDirectory());
      Files.createDirectories(folder);
      Directory d = FSDirectory.open(folder);
      try {
        return new IncidentSearch(d);
      } catch (IOException | RuntimeException e) {
        d.close();
        // a derived index: an unreadable one is thrown away and rebuilt from the store (a locked one is not: another
        // process is using it, and LockObtainFailedException reaches the caller)
        boolean unreadable = e instanceof org.apache.lucene.index.CorruptIndexException || e instanceof org.apache.lucene.index.IndexFormatTooOldException
            || e instanceof org.apache.lucene.index.IndexFormatTooNewException || e instanceof java.nio.file.NoSuchFileException
            || e instanceof NumberFormatException;
        if (!unreadable) throw e;
        try (var files = Files.list(folder)) {
          for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
        }
        return new IncidentSearch(FSDirectory.open(folder));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the incident search index: " + e.getMessage(), e);
    }
  }

  /** Indexes the records added or re-ingested since the last call; returns how many it (re)indexed. */
  public synchronized int catchUp(Db db) {
    String id = db.storeId();
    boolean stamp = !id.equals(store);
    if (stamp && db.builtFromAnother(store, maxId, () -> db.read(c -> ((Number) Sql.value(c, "SELECT COALESCE(MAX(id), 0) FROM incident_records")).longValue()))) {
      // built from another store (one dropped and made again under the same URL, a replaced file): its documents name
      // that store's records, and ids after its max_id would never be read here
      System.err.println("incident search index: built from another store; rebuilding it from this one");
      try {
        writer.deleteAll();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      maxId = 0;
      updatedMark = 0;
    }
    store = id;
    long[] seen = {maxId, updatedMark};
    int n = db.read(c -> {
      int count = 0;
      String cols = "SELECT id, title, body, outlet, deployers, developers, systems, updated_at FROM incident_records";
      try (PreparedStatement ps = c.prepareStatement(cols + " WHERE id > ? ORDER BY id")) {
        ps.setLong(1, maxId);
        ps.setFetchSize(1000);
        count += index(ps, seen);
      }
      if (updatedMark > 0) {
        // updates only (an insert stamps both columns alike and is found by id above)
        try (PreparedStatement ps = c.prepareStatement(cols + " WHERE updated_at > ? AND updated_at > ingested_at AND id <= ?")) {
          ps.setTimestamp(1, new Timestamp(updatedMark - UPDATE_LOOKBACK_MS));
          ps.setLong(2, maxId);
          count += index(ps, seen);
        }
      }
      return count;
    });
    try {
      if (stamp || n > 0 || seen[0] != maxId || seen[1] != updatedMark) {
        maxId = seen[0];
        updatedMark = seen[1];
        writer.setLiveCommitData(Map.of("max_id", Long.toString(maxId), "updated_mark", Long.toString(updatedMark), "layout", LAYOUT, "store", store).entrySet());
        writer.commit();
        manager.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  private int index(PreparedStatement ps, long[] seen) throws Exception {
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long id = rs.getLong(1);
        String title = nz(rs.getString(2));
        StringBuilder rest = new StringBuilder(nz(rs.getString(3)));
        for (int k = 4; k <= 7; k++) rest.append('\n').append(nz(rs.getString(k)).replace(';', ' '));
        Document d = new Document();
        d.add(new StringField("rid", Long.toString(id), Field.Store.NO));
        d.add(new NumericDocValuesField("rid_dv", id)); // read back per hit: doc values, not stored fields (5× faster for 5,000 hits)
        d.add(new TextField("title_en", title, Field.Store.NO));
        d.add(new TextField("title_zh", title, Field.Store.NO));
        d.add(new TextField("body_en", rest.toString(), Field.Store.NO));
        d.add(new TextField("body_zh", rest.toString(), Field.Store.NO));
        writer.updateDocument(new Term("rid", Long.toString(id)), d);
        seen[0] = Math.max(seen[0], id);
        Timestamp u = rs.getTimestamp(8);
        if (u != null) seen[1] = Math.max(seen[1], u.getTime());
        n++;
      }
    }
    return n;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * Record ids matching {@code q}, best first, with their scores: every word must match (in English or in Chinese
   * analysis); "quotes" for phrases, -word to exclude, a|b for either; glossary terms also match their translation and
   * English terms their synonyms ({@link QueryGlossary}; not inside quotes, nor an excluded word). Never throws on syntax; a query of more clauses than Lucene takes (hundreds of a|b|…
   * alternatives, each also in translation) is a 400 on {@code q}.
   */
  public Map<Long, Float> search(Db db, String q, int max) {
    q = queryText(q);
    try {
      return searchClauses(db, q, max);
    } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
      throw org.aigov.observatory.kernel.ApiException.badRequest("q", "too many words or alternatives for one search; use fewer");
    }
  }

  private Map<Long, Float> searchClauses(Db db, String q, int max) {
    catchUp(db);
    return run(strict(q), max);
  }

  /** How a search matched: every word ({@code null}), all words but one ({@code "relaxed"}), or near spellings ({@code "fuzzy"}). */
  public record Hits(Map<Long, Float> scores, String fallback) {}

  /**
   * As {@link #search}, but a plain query (no quotes or operators) that finds nothing tries the records that hold all
   * its words but one, and (without Chinese) words spelt nearly like its own, shows whichever finds more, and says which: an
   * analyst typing "facial recognition arrest ban" or "facail recogniton" should see the nearest incidents, marked as
   * such, not an empty page. Queries with operators asked for exactly what they say and get no fallback.
   */
  public Hits find(Db db, String q, int max) {
    q = booleanWords(queryText(q));
    Map<Long, Float> strict = search(db, q, max);
    if (!strict.isEmpty() || !plain(q)) return new Hits(strict, null);
    // stop words alone: nothing to relax, and their near spellings ("she", "thy") are no guess at what was meant
    if (stopWordsOnly(q)) return new Hits(strict, null);
    try {
      Map<Long, Float> loose = run(relaxed(q), max), near = run(fuzzy(q), max);
      // both are guesses at what was meant; the one more records bear out is shown ("facail recogniton": all but one
      // word finds the one record with the same typo, near spellings find the facial recognition incidents)
      if (!loose.isEmpty() && loose.size() >= near.size()) return new Hits(loose, "relaxed");
      if (!near.isEmpty()) return new Hits(near, "fuzzy");
    } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
      // a fallback too large to run finds nothing more; the strict answer (empty) stands
    }
    return new Hits(strict, null);
  }

  /**
   * English stop words and nothing else ("the", "AND"): no query. The Chinese analysis keeps such words, and "the" had
   * matched 434 of 1,278 incidents through it. Query syntax is no word: a phrase's slop ({@code "the"~1}) had analysed
   * as the word "1", and the stop words found those 434 again (an outside QA pass, 2026-12-07).
   */
  private boolean stopWordsOnly(String q) {
    return q.codePoints().noneMatch(IncidentSearch::han) && analyzed(en, SYNTAX.matcher(q).replaceAll(" ")).isEmpty();
  }

  /**
   * A query as the search reads it: full-width ＡＩ as AI; without the invisible characters ingest drops from records
   * (a zero-width space or soft hyphen copied from a page had found nothing: "deep\u00ADfake" 0, "deepfake" 299); and
   * "|", "(" and ")" outside quotes set apart as words of their own, so "人脸识别|深度伪造" and "(face recognition)" keep the
   * glossary and synonyms that "人脸识别 | 深度伪造" has (1 incident against 486; outside QA, 2026-12-07).
   */
  static String queryText(String q) {
    if (q == null) return null;
    q = Rec.noControls(org.aigov.observatory.kernel.HanScript.foldWidth(q));
    // "**" is "*" (the parser read it as a prefix of "*" and found nothing, where "*" finds everything); an escaped \* stays
    if (q.contains("**")) q = MANY_STARS.matcher(q).replaceAll("*");
    if (q.indexOf('|') < 0 && q.indexOf('(') < 0 && q.indexOf(')') < 0) return q;
    StringBuilder out = new StringBuilder(q.length() + 8);
    boolean quoted = false;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '"') quoted = !quoted;
      boolean operator = !quoted && (c == '|' || c == '(' || c == ')') && (i == 0 || q.charAt(i - 1) != '\\');
      // "-(a | b)" stays one exclusion: no space between a sign and its group
      if (operator) out.append(c == '(' && i > 0 && (q.charAt(i - 1) == '-' || q.charAt(i - 1) == '+') ? "" : " ").append(c).append(' ');
      else out.append(c);
    }
    return out.toString();
  }

  private static final java.util.regex.Pattern MANY_STARS = java.util.regex.Pattern.compile("(?<!\\\\)\\*{2,}");

  /** The simple query parser's operators, and a slop or fuzziness suffix with its number; a prefix (the*) is a word. */
  private static final java.util.regex.Pattern SYNTAX = java.util.regex.Pattern.compile("~\\d*|[\"|()+\\-\\\\]");

  /**
   * Upper-case NOT, OR and AND written as operators, in the simple parser's syntax: {@code NOT x} → {@code -x},
   * {@code a OR b} → {@code a | b}, AND dropped (every word must match anyway). The English analysis drops them as stop
   * words, so "facial recognition NOT arrest" had found the arrests, and "deepfake OR chatbot" what holds both. Quoted
   * phrases are left alone, and OR or AND count only between two words; lower-case "not" and "or" stay words.
   */
  static String booleanWords(String q) {
    if (q == null || !(q.contains("NOT") || q.contains("OR") || q.contains("AND"))) return q;
    List<String> tokens = new ArrayList<>(); // whitespace-separated, a quoted phrase inside one token kept whole
    for (int i = 0, n = q.length(); i < n; ) {
      if (Character.isWhitespace(q.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(q.charAt(i))) {
        if (q.charAt(i) == '"') {
          int close = q.indexOf('"', i + 1);
          i = close < 0 ? n : close + 1;
        } else i++;
      }
      tokens.add(q.substring(start, i));
    }
    List<String> out = new ArrayList<>();
    boolean changed = false;
    for (int k = 0; k < tokens.size(); k++) {
      String t = tokens.get(k);
      boolean between = k > 0 && k + 1 < tokens.size();
      if (t.equals("NOT") && k + 1 < tokens.size()) {
        String next = tokens.get(++k);
        out.add(next.startsWith("-") ? next : "-" + (next.startsWith("+") ? next.substring(1) : next));
        changed = true;
      } else if (between && t.equals("OR")) {
        out.add("|");
        changed = true;
      } else if (between && t.equals("AND")) {
        changed = true;
      } else out.add(t);
    }
    return changed ? String.join(" ", out) : q;
  }

  /** Words only: no quotes, either-or, grouping, prefix, slop, escapes or leading -/+. */
  static boolean plain(String q) {
    if (q == null || q.isBlank() || q.length() > 1000 || q.chars().anyMatch(c -> "\"|()*~\\".indexOf(c) >= 0)) return false;
    for (String w : q.strip().split("\\s+")) if (w.startsWith("-") || w.startsWith("+")) return false;
    return true;
  }

  /** Every word of the query, in either language (glossary terms also in translation): the strict search. */
  private Query strict(String q) {
    q = QueryGlossary.bundled().expand(folded(q));
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int clauses = 0;
    for (Query part : new Query[] {parse(en, q, "title_en", "body_en"), stopWordsOnly(q) ? null : parse(zhQuery, q, "title_zh", "body_zh")}) {
      if (part != null) {
        b.add(part, BooleanClause.Occur.SHOULD);
        clauses++;
      }
    }
    return clauses == 0 ? null : b.build();
  }

  private static String folded(String q) {
    return org.aigov.observatory.kernel.HanScript.regional(org.aigov.observatory.kernel.HanScript.toSimplified(q));
  }

  /**
   * All the query's words but one, each word matched as the strict search matches it (a multi-word synonym term counts as
   * one word). Chinese runs count as the words
   * the segmenter finds in them. A lone Han character is never what is left: it also matches every word it begins, so a
   * query of lone characters is not relaxed (null), nor is a single word.
   */
  Query relaxed(String q) {
    List<String> words = new java.util.ArrayList<>(), singles = new java.util.ArrayList<>();
    // a multi-word synonym term ("face recognition") is one word here, so it keeps its synonyms and is kept or dropped whole
    for (String token : QueryGlossary.bundled().units(List.of(folded(q).strip().split("\\s+")))) {
      if (token.codePoints().anyMatch(IncidentSearch::han)) {
        QueryGlossary g = QueryGlossary.bundled(); // a glossary term stays one word, so it keeps its translation
        for (String piece : g.pieces(token)) {
          for (String w : g.isTerm(piece) ? List.of(piece) : analyzed(zh, piece)) (w.codePointCount(0, w.length()) == 1 && han(w.codePointAt(0)) ? singles : words).add(w);
        }
      } else if (!analyzed(en, token).isEmpty()) {
        words.add(token); // (a stop word alone is no word: "the" cannot be the one kept)
      }
    }
    if (words.isEmpty() || words.size() + singles.size() < 2) return null;
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    List<Query> lone = singles.stream().map(this::strict).filter(java.util.Objects::nonNull).toList();
    if (words.size() == 1) { // the word must match, and all the lone characters but one
      Query word = strict(words.get(0));
      if (word == null || lone.isEmpty()) return null;
      b.add(word, BooleanClause.Occur.MUST);
      for (Query c : lone) b.add(c, BooleanClause.Occur.SHOULD);
      return b.setMinimumNumberShouldMatch(lone.size() - 1).build();
    }
    for (String w : words) {
      Query one = strict(w);
      if (one != null) b.add(one, BooleanClause.Occur.SHOULD);
    }
    for (Query c : lone) b.add(c, BooleanClause.Occur.SHOULD);
    int n = b.build().clauses().size();
    return n < 2 ? null : b.setMinimumNumberShouldMatch(n - 1).build();
  }

  /**
   * Every word within a small edit distance of an indexed word (none under 5 letters, 1 up to 7, 2 from 8; first letter
   * as typed), as stemmed and as typed, since the index holds stems. Null for a
   * query with Chinese, or with no word long enough to misspell.
   */
  Query fuzzy(String q) {
    if (q.codePoints().anyMatch(IncidentSearch::han)) return null;
    List<String> typed = new java.util.ArrayList<>();
    for (String token : q.strip().split("\\s+")) if (!analyzed(en, token).isEmpty()) typed.addAll(words(token));
    if (typed.isEmpty() || typed.stream().allMatch(w -> edits(w) == 0)) return null;
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String w : typed) {
      List<String> stems = analyzed(en, w);
      if (stems.isEmpty()) continue; // a stop word
      int k = edits(w);
      BooleanQuery.Builder either = new BooleanQuery.Builder();
      for (String field : new String[] {"title_en", "body_en"}) {
        // the typo's stem and the typo as typed: the stemmer cuts a misspelt suffix its own way ("artifical" → artif,
        // while "artificial" → artifici, two edits from the word as typed)
        for (String form : new java.util.LinkedHashSet<>(List.of(stems.get(0), w))) {
          Query t = k == 0 ? new org.apache.lucene.search.TermQuery(new Term(field, form)) : new org.apache.lucene.search.FuzzyQuery(new Term(field, form), k, 1, 50, true);
          either.add(field.startsWith("title") ? new org.apache.lucene.search.BoostQuery(t, 2f) : t, BooleanClause.Occur.SHOULD);
        }
      }
      all.add(either.build(), BooleanClause.Occur.MUST);
    }
    return all.build();
  }

  private static int edits(String word) {
    int n = word.codePointCount(0, word.length());
    return n >= 8 ? 2 : n >= 5 ? 1 : 0;
  }

  /** The letters-and-digits runs of a token, lower-cased ("Face-ID's" → face, id, s). */
  private static List<String> words(String token) {
    List<String> out = new java.util.ArrayList<>();
    for (String w : token.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
    return out;
  }

  private static boolean han(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  /** The terms the analyzer makes of {@code text} (stop words dropped, English stemmed, Chinese segmented). */
  private static List<String> analyzed(Analyzer a, String text) {
    return org.aigov.observatory.kernel.Analysis.tokens(a, "body", text);
  }

  private Map<Long, Float> run(Query query, int max) {
    Map<Long, Float> out = new LinkedHashMap<>();
    if (query == null) return out;
    try {
      IndexSearcher s = manager.acquire();
      try {
        TopDocs top = s.search(query, max);
        long[] rid = recordIds(s, top.scoreDocs);
        for (int i = 0; i < rid.length; i++) out.put(rid[i], top.scoreDocs[i].score);
      } finally {
        manager.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The record id of each hit, read from doc values in doc order (as their iterators require). */
  private static long[] recordIds(IndexSearcher s, ScoreDoc[] hits) throws IOException {
    Integer[] order = new Integer[hits.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> hits[i].doc));
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    long[] out = new long[hits.length];
    int leaf = -1;
    NumericDocValues dv = null;
    for (int i : order) {
      int doc = hits[i].doc, l = ReaderUtil.subIndex(doc, leaves);
      if (l != leaf) {
        leaf = l;
        dv = leaves.get(l).reader().getNumericDocValues("rid_dv");
      }
      if (dv == null || !dv.advanceExact(doc - leaves.get(l).docBase)) throw new IllegalStateException("index entry without a record id");
      out[i] = dv.longValue();
    }
    return out;
  }

  static Query parse(Analyzer a, String q, String title, String body) {
    SimpleQueryParser p = new SimpleQueryParser(a, Map.of(title, 2f, body, 1f));
    p.setDefaultOperator(BooleanClause.Occur.MUST);
    return p.parse(clampTildes(q));
  }

  private static final java.util.regex.Pattern BIG_TILDE = java.util.regex.Pattern.compile("~0*\\d{10,}");

  /**
   * The parser reads the number after {@code ~} as an int and silently drops one that overflows, so "face~2147483648"
   * had searched for "face" exactly where "face~99" searches at the largest edit distance (2): any number that long is
   * read as the largest (an outside QA pass).
   */
  static String clampTildes(String q) {
    return BIG_TILDE.matcher(q).replaceAll("~999999999");
  }

  @Override
  public void close() {
    try {
      manager.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
