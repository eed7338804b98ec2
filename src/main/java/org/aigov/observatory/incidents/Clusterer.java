package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;

import static org.aigov.observatory.incidents.PartyNames.*;

/**
 * Merges source records into incidents. Candidate links come from (1) MinHash/LSH near-duplicate
 * text (word 3-shingles, or character 3-grams for Chinese), (2) event matching: records that share
 * a deployer, developer or AI system name and an informative title word, with compatible dates,
 * scored by IDF-weighted word overlap, (3) AIID's own incident→report lists, and (4) editors'
 * merge decisions. Links are applied strongest first through union–find under constraints: an
 * editor's split (cannot-link) is never crossed, and a curated monitor (AIID, AIAAIC) contributes at
 * most one entry per incident unless two entries are near-identical texts or AIID declares one a duplicate of the
 * other (such entries then count as one). A run rebuilds incidents
 * from scratch, so it is deterministic and editors' decisions always survive it.
 */
public final class Clusterer {
  public static final class Options {
    public double threshold = 0.5;
    /** Mix the AIAAIC labels of an incident into its records' risk domains ({@link AiaaicEvidence}). */
    public boolean aiaaicEvidence = true;
    public int dateWindowDays = 120;
    public double textJaccard = 0.5;
    public double curatedDuplicateJaccard = 0.9;
    public int maxBlock = 300;
    public double noEntityPenalty = 0.15;
    public double undatedPenalty = 0.3;
    /**
     * Event links to an undated curated entry, in AIAAIC a profile of a system ("Clearview AI facial recognition")
     * rather than one occurrence. Off: such a profile linked to one arrest of the many it covers, and gave that
     * incident its ten countries and its defence sector (so the military topic and the 2022 alert). Text links stay.
     */
    public boolean undatedEventLinks = false;
    /**
     * ... except where the profile has a single candidate event above the threshold and no other record of that
     * event's monitor names any entity the two share: a system with one recorded occurrence (GPT-4chan) is profiled by
     * that occurrence, while a profile of a system recorded many times (Clearview AI) stays apart.
     */
    public boolean undatedSingleLinks = true;
    /** Weight of structured-field words (AIAAIC technology, purpose, issues, systems) found in the other record's text. */
    public double fieldWeight = 0;
    /**
     * Subtracted from an AIID–AIAAIC event score when both records name deployers and neither record mentions any of the
     * other's: a different operator usually means a different occurrence (Humana's suit is not UnitedHealth's; a stabbing
     * at a Utica school is not Charlotte's false alarms). 0.15, the middle of the development set's plateau (0.12–0.20).
     */
    public double deployerConflictPenalty = 0.15;
    /** Deployers count as the same party when a distinctive word of one's name is in the other's listed names. */
    public boolean deployerWords = true;
    /**
     * An event match (with or without a shared name) that involves a record from a feed, JSON lines or the API is
     * refused when both records name deployers and neither mentions any of the other's: templated news ("Acme1 Corp
     * chatbot leaks tenant data in Boston" / "Zephyrion Labs chatbot leaks …") otherwise linked on their shared words.
     * Pairs of two curated entries (AIID, AIAAIC) keep {@link #deployerConflictPenalty}, tuned on the labelled pairs.
     */
    public boolean reportDeployerConflict = true;
    /**
     * The same for countries: an event match involving a feed, JSON lines or API record is refused when both records name
     * countries and share none. Two outlets writing up one event name its place; "Deepfake robocall of Biden urges voters
     * to stay home" (US) and "… of Modi …" (IN) are two events in the same words.
     */
    public boolean reportCountryConflict = true;
    /**
     * A link on words alone (no shared entity) involving a feed, JSON lines or API record is refused when both titles hold
     * capitalised words after the first and none of either title's is in the other record's words: templated news about
     * different people or places ("… near Porto" / "… near Cebu") shares every other word.
     */
    public boolean reportNameConflict = true;
    /**
     * The report rules hold between incidents, not only between the two records of a link: a link is refused when a
     * record of one incident is kept apart from a record of the other ({@code reportsMayJoin}).
     */
    public boolean reportIncidentConflict = true;
    /** Near-identical text of a feed, JSON lines or API record and a record dated more than this many days apart is no link. */
    public int reportTextWindowDays = 365;
    /** Date term when a year-precision date (AIAAIC) and the other record's year differ by one (same year: +0.05). */
    public double yearMismatch = 0.15;
    /**
     * Width of the band below the threshold in which an AIID–AIAAIC event match is still accepted when
     * it is one-to-one: after all other links, both records are alone and each is the other's single
     * highest-scoring candidate from the other monitor. 0 switches the pass off.
     */
    public double reciprocalBand = 0;
    /**
     * The reciprocal pass takes only pairs whose dates agree (date term ≥ 0): no undated entry (in
     * AIAAIC mostly a system profile) and no year-precision date one year off.
     */
    public boolean reciprocalNeedsDate = true;
    /**
     * Weight of the sentence-embedding term in an AIID–AIAAIC event score: weight × (cosine − centre),
     * so paraphrased headlines ("plays loud music when owner is away" / "holds 2am party when owner is
     * out") gain and pairs that only share names lose. 0 switches embeddings off.
     */
    public double embeddingWeight = 0.75;
    public double embeddingCenter = 0.5;
    /**
     * Candidate AIID–AIAAIC pairs from sentence embeddings: each curated record's k nearest records of
     * the other monitor are scored too (by the same event score), so a pair whose names or rare title
     * words differ ("Geisel School of Medicine" / "Dartmouth College") is not lost to blocking. 0 = off.
     */
    public int embeddingNeighbours = 5;
    /**
     * A day-precision date more than a year from the other record's year(s) (an AIID date against an AIAAIC year two
     * calendar years off) costs yearMismatch per 365 days between the day and the nearest day of those years (at most
     * twice), not a flat yearMismatch. A 1 January date keeps the flat term: AIID gives a known year as 1 January.
     */
    public boolean yearMismatchByDays = true;
    /**
     * AIID dates an incident when the harm began, AIAAIC by the year it came to light, so an AIID date years before an
     * AIAAIC year need not be another occurrence (Amazon's recruiting tool: 2016 / 2018). Such a pair, refused before, costs
     * yearMismatch plus this per further year (the pair is refused once the date term falls below −0.5, nine years on).
     * 0 = refused, as before 2026-12-05 evening; 0.05 was measured on all five labelled sets (docs/benchmarks.md).
     */
    public double surfacedLater = 0.05;
    /**
     * Subtracted from an AIID–AIAAIC event score when both records name harmed parties and they share none: an AIID
     * incident's harmed parties named with two to four words ("robert-julian-borchak-williams": all words, or first and
     * last) against the runs of capitalised words of an AIAAIC headline ("Michael Oliver facial recognition wrongful
     * arrest"). A name counts only when both monitors use it, each for at most {@link #nameMaxRecords} records (a person
     * named in one or two occurrences, not a celebrity). 0 = off.
     */
    public double nameConflict = 0.3;
    /**
     * Added to an AIID–AIAAIC event score when both records name a harmed party that counts (as for {@link #nameConflict})
     * and share one, when their years are at most one apart: Pa Edrissa Manjang, Ousmane Bah, Molly Russell are each one
     * occurrence, while Zelda Williams spoke against AI recreations of her father in 2023 and again in 2025. The same
     * weight as the conflict: a rare name shared says as much for the pair as names that differ say against it. 0 = off
     * (-Dobservatory.nameShared=0 measures its absence).
     */
    public double nameShared = Double.parseDouble(System.getProperty("observatory.nameShared", "0.3"));
    public int nameMaxRecords = 3;
    /**
     * Subtracted from an AIID–AIAAIC event score when both records name countries and they share none: a Tesla crash in
     * Taiwan is not the one in California, deepfakes of Australian doctors are not those of a British one. A record naming
     * more than {@link #MAX_COUNTRIES} countries (a global service) is not judged. 0 = off.
     */
    public double countryConflict = 0.3;
    /**
     * Subtracted from an AIID–AIAAIC event score when both records name US states or other countries' states and provinces
     * (incidents/places.csv) and share none: California's online bar exam is not Michigan's. Cities are not judged (a
     * city's state is not listed). 0 = off (-Dobservatory.regionConflict=0 measures its absence).
     */
    public double regionConflict = Double.parseDouble(System.getProperty("observatory.regionConflict", "0.3"));
    /**
     * Subtracted when both records of an AIID–AIAAIC pair name a Tesla model ("Model 3", "Model X") and share none: a Model
     * 3 crash is not a Model X crash. Every labelled same-event pair naming models names the same one. 0 = off.
     */
    public double vehicleModelConflict = Double.parseDouble(System.getProperty("observatory.vehicleModelConflict", "1"));
    /**
     * Pairs kept for editors as suggested merges ({@link MergeSuggestions}): those scoring at most this much below the
     * threshold, and links a rule refused. 0 = none kept.
     */
    public double suggestBand = 0.2;
    public int maxSuggestions = 300;
    /** Lowest score at which two entries of one monitor (never linked by the run) are suggested to editors. */
    public double sameMonitorSuggest = 0.5;
    /** ... and how many days apart their dates may be (both dated to the day); −1: none suggested. */
    public int sameMonitorDays = 0;
  }

  public static final class Stats {
    public int records, incidents, textLinks, eventLinks, aiidLinks, manualLinks, reciprocalLinks, rejected, multiRecordIncidents;
    /** Pairs written to incident_merge_suggestions. */
    public int suggestions;
    /** Records whose risk domain the AIAAIC labels of their incident changed (or changed back) in this run. */
    public int evidenceChanged;
    public long millis;
    /** Wall time of the phases: loading, candidate links, union–find, writing memberships and aggregates. */
    public long loadMs, edgeMs, linkMs, writeMs;

    @Override
    public String toString() {
      return records + " records -> " + incidents + " incidents (" + multiRecordIncidents + " with several records); links: "
          + textLinks + " text, " + eventLinks + " event, " + aiidLinks + " AIID report, " + manualLinks + " manual, "
          + reciprocalLinks + " reciprocal; "
          + rejected + " rejected by constraints; " + suggestions + " suggested merges; " + evidenceChanged + " risk domains changed by AIAAIC labels; " + millis + " ms (load " + loadMs + ", edges " + edgeMs + ", links " + linkMs
          + ", write " + writeMs + ")";
    }
  }

  static final int K = 32, BANDS = 8, ROWS = 4;
  static final byte T_MANUAL = 0, T_AIID = 1, T_TEXT = 2, T_EVENT = 3, T_EVENT_UNDATED = 4, T_RECIPROCAL = 5;
  static final String[] VIA = {"manual", "aiid-link", "text", "event", "event", "reciprocal"};
  /** Structured taxonomy fields (AIAAIC) whose words count as evidence for an event match. */
  static final String[] FIELD_KEYS = {"technology", "purpose", "issues"};
  private static final long[] SEEDS_A = new long[K], SEEDS_B = new long[K];

  static {
    java.util.Random r = new java.util.Random(20240301L);
    for (int i = 0; i < K; i++) {
      SEEDS_A[i] = r.nextLong() | 1;
      SEEDS_B[i] = r.nextLong();
    }
  }

  private final Options opt;
  private final Progress progress;

  public Clusterer(Options opt, Progress progress) {
    this.opt = opt == null ? new Options() : opt;
    this.progress = progress == null ? Progress.silent() : progress;
  }

  // ------------------------------------------------------------------ per-record state (index i)
  private int n;
  private long[] ids;
  private byte[] kind; // 0 aiid, 1 aiaaic, 2 other
  private int[] day, yearLo, yearHi;
  /** Last day a day-precision record may fall on: its day, or the month's last day for a date known only to the month. */
  private int[] dayHi;
  private byte[] prec; // 0 none, 1 year, 2 day or month
  private int[] sig;
  private int[][] toks, keyToks, ents, fieldToks, depl;
  private final Map<String, Set<String>> aliasWords = new HashMap<>();
  private final Map<String, Integer> vocab = new HashMap<>();
  private int[] df = new int[1024];
  /**
   * Word counts over the curated records only (AIID, AIAAIC), for the IDF of a pair of curated entries: their
   * linkage then does not move when unrelated news is added. The same array as df when every record is curated.
   */
  private int[] dfCurated = df;
  private int nCurated;
  private final Map<String, Integer> entVocab = new HashMap<>();
  private final List<Set<Integer>> entTokens = new ArrayList<>();
  private int[] entDf;
  private String[] aiidId;
  private long[] aiidReport;
  private String[] aiidHint;
  /** A hash of a curated record's AI system names (0: none named): near-identical texts about other systems are no duplicate. */
  private long[] systemsSig;
  private String[] embText; // curated records only, until embedded
  /** Named harmed-party keys per curated record (see {@link Options#nameConflict}); after loading, only those that count. */
  private int[][] names;
  /** Word ids of a report's capitalised title words after the first ({@link Options#reportNameConflict}); NONE for curated records. */
  private int[][] capToks;
  /**
   * A Chinese report's names, as it were: word ids of the title's two-character words that recur in its text
   * ({@link #zhTitleNames}); NONE for curated records and titles without Chinese.
   */
  private int[][] zhNames;
  private final Map<String, Integer> nameVocab = new HashMap<>();
  /**
   * Distinctive words of a curated record's deployer names, and of all its listed parties (deployers, developers,
   * systems): "Medak District Police" and "medak-police" share "medak", though not a name (see {@link #deployerConflict}).
   */
  private int[][] deplWords, partyWords;
  private final Map<String, Integer> partyVocab = new HashMap<>();
  /** A curated record's countries, up to {@link #MAX_COUNTRIES} ISO codes packed 10 bits each (0: none, or too many to judge). */
  private long[] ctry;
  static final int MAX_COUNTRIES = 6;
  /** A curated record's states and provinces named in its text ({@link Options#regionConflict}); NO_NAMES for reports. */
  private String[][] regions;
  private static final String[] NO_NAMES = {};
  /** A curated record's Tesla models as bits of "3SXY" ({@link Options#vehicleModelConflict}). */
  private byte[] vehicleModels;
  private float[][] emb;

  /** One run at a time in a process (the monitor, the API and a command may all ask). */
  private static final java.util.concurrent.locks.ReentrantLock RUNNING = new java.util.concurrent.locks.ReentrantLock();

  /**
   * Held by a run's write-out and by every editor's decision ({@link Decisions}): a decision taken while a run computes
   * is seen by its check before writing; one taken during the write-out waits for that (not for the whole run) and then
   * changes the incidents just written. Taken after RUNNING, never the other way round.
   */
  static final java.util.concurrent.locks.ReentrantLock WRITING = new java.util.concurrent.locks.ReentrantLock();

  /** Store-wide lock (PostgreSQL advisory) that {@link #WRITING} stands for across processes sharing one database. */
  static final long WRITING_KEY = 0x6f62732d636c7573L; // "obs-clus"

  /** Runs {@code work} while no clustering run writes its incidents, in this process or another on the same database. */
  static <T> T exclusive(Db db, java.util.function.Supplier<T> work) {
    WRITING.lock();
    try {
      return db.exclusive(WRITING_KEY, work);
    } finally {
      WRITING.unlock();
    }
  }

  public Stats run(Db db) {
    RUNNING.lock();
    try {
      String fingerprint = Monitor.fingerprint(db); // taken first: records added during the run leave it stale
      Stats st = runOnce(db);
      Monitor.clustered(db, fingerprint, st.toString());
      return st;
    } finally {
      RUNNING.unlock();
    }
  }

  private Stats runOnce(Db db) {
    long t0 = System.nanoTime();
    Stats st = new Stats();
    vocab.clear(); // a Clusterer may be run again: start from empty vocabularies and counts
    entVocab.clear();
    entTokens.clear();
    aliasWords.clear();
    nameVocab.clear();
    partyVocab.clear();
    df = new int[1024];
    seenAt = new int[1024];
    distinctCall = 0;
    applied = 0;
    PhraseMatcher dict = buildDictionary(db);
    load(db, dict);
    embed(db);
    st.records = n;
    long t1 = System.nanoTime();
    st.loadMs = (t1 - t0) / 1_000_000;
    // edges
    EdgeList edges = new EdgeList();
    near = new EdgeList();
    undated = new EdgeList();
    suggest = new MergeSuggestions.Collector(opt.maxSuggestions * 4);
    List<long[]> must = new ArrayList<>();
    List<long[]> cannot = new ArrayList<>();
    long decided = decisions(db, must, cannot);
    aiidEdges(db, edges, st);
    lshEdges(edges, st);
    eventEdges(edges, st);
    wordPairEdges(edges);
    embeddingNeighbourEdges(edges);
    singleOccurrenceEdges(edges);
    long t2 = System.nanoTime();
    st.edgeMs = (t2 - t1) / 1_000_000;
    EdgeList sorted = edges.sorted();
    edges = null;
    Linked l = link(sorted, must, cannot, st);
    long t3 = System.nanoTime();
    st.linkMs = (t3 - t2) / 1_000_000;
    if (opt.aiaaicEvidence) st.evidenceChanged = evidence(db, l);
    if (linked != null) linked.run();
    Linked first = l;
    long seen = decided;
    // An editor's decision taken since they were read would be written over: link again with it (union–find over
    // the kept edges, the cheap "links" phase). Decisions wait for WRITING (and on PostgreSQL for its store-wide lock,
    // taken by other servers and commands too), so none lands between this check and the commit.
    st.evidenceChanged += exclusive(db, () -> {
      Linked use = first;
      int more = 0;
      List<long[]> must2 = new ArrayList<>(), cannot2 = new ArrayList<>();
      boolean newer = newestDecision(db) != seen;
      if (newer) {
        decisions(db, must2, cannot2);
        use = link(sorted, must2, cannot2, st);
        if (opt.aiaaicEvidence) more = evidence(db, use);
      }
      write(db, use.incidentOf, use.via, use.viaScore, st);
      st.suggestions = writeSuggestions(db, sorted, use.incidentOf, newer ? cannot2 : cannot);
      // a report rejected (or changed by its sender) after the load was taken out of its incident: not put back
      db.tx(Decisions::withdrawUncounted);
      return more;
    });
    near = null;
    suggest = null;
    long t4 = System.nanoTime();
    st.writeMs = (t4 - t3) / 1_000_000;
    st.millis = (t4 - t0) / 1_000_000;
    progress.finish();
    return st;
  }

  /** The active decisions, must-links and cannot-links in the order taken; returns the newest decision id. */
  private static long decisions(Db db, List<long[]> must, List<long[]> cannot) {
    long newest = newestDecision(db); // read first: a decision taken meanwhile makes it look stale, never fresh
    db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT kind, record_a, record_b, note FROM incident_decisions WHERE superseded_by IS NULL ORDER BY id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // the third value: 1 for a merge's or split's bookkeeping link ("merge 12"), 0 for the editor's own
          String note = rs.getString(4);
          long bookkeeping = Decisions.partOf(note) != null ? 1 : 0;
          (rs.getString(1).equals("must_link") ? must : cannot).add(new long[] {rs.getLong(2), rs.getLong(3), bookkeeping});
        }
      }
      return null;
    });
    return newest;
  }

  /** Every decision, superseded ones included, raises it (a supersession comes with a newer decision). */
  private static long newestDecision(Db db) {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM incident_decisions")) {
        rs.next();
        return rs.getLong(1); // 0 when none
      }
    });
  }

  private int evidence(Db db, Linked l) {
    return AiaaicEvidence.bundled().apply(db, id -> {
      int i = index(id);
      return i < 0 ? id : l.incidentOf[i];
    });
  }

  private MergeSuggestions.Collector suggest;

  /**
   * Rewrites the suggested merges: the near misses collected while scoring, and the candidate links that a rule refused
   * (AIID's own report links excepted: its editors keep those incidents apart), each pair of incidents once, none across
   * an editor's split. Returns how many were written.
   */
  private int writeSuggestions(Db db, EdgeList sorted, long[] incidentOf, List<long[]> cannot) {
    if (opt.suggestBand <= 0) return MergeSuggestions.write(db, List.of());
    for (int e = 0; e < sorted.size; e++) {
      int a = sorted.a[e], b = sorted.b[e];
      if (sorted.type[e] != T_AIID && incidentOf[a] != incidentOf[b]) suggest.offer(a, b, sorted.score[e], MergeSuggestions.REFUSED);
    }
    Set<List<Long>> apart = new HashSet<>();
    for (long[] c : cannot) {
      int a = index(c[0]), b = index(c[1]);
      if (a >= 0 && b >= 0) apart.add(incidentPair(incidentOf[a], incidentOf[b]));
    }
    Set<List<Long>> seen = new HashSet<>();
    List<MergeSuggestions.Pair> out = new ArrayList<>();
    for (MergeSuggestions.Candidate c : suggest.best()) {
      long ia = incidentOf[c.a()], ib = incidentOf[c.b()];
      if (ia == ib || apart.contains(incidentPair(ia, ib)) || !seen.add(incidentPair(ia, ib))) continue;
      out.add(new MergeSuggestions.Pair(ids[c.a()], ids[c.b()], c.score(), c.reason()));
      if (out.size() == opt.maxSuggestions) break;
    }
    return MergeSuggestions.write(db, out);
  }

  private static List<Long> incidentPair(long x, long y) {
    return List.of(Math.min(x, y), Math.max(x, y));
  }

  /** A run's incidents: each record's incident id and the strongest link that brought it there. */
  private record Linked(long[] incidentOf, byte[] via, float[] viaScore) {}

  /** Union–find over the decisions, then the candidate links strongest first; sets the link counts of {@code st}. */
  private Linked link(EdgeList sorted, List<long[]> must, List<long[]> cannot, Stats st) {
    st.manualLinks = st.textLinks = st.eventLinks = st.aiidLinks = st.reciprocalLinks = st.rejected = 0;
    int[] parent = new int[n];
    int[] curAiid = new int[n], curAiaaic = new int[n];
    byte[] via = new byte[n];
    float[] viaScore = new float[n];
    Arrays.fill(via, (byte) -1);
    List<List<Integer>> forbid = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      curAiid[i] = kind[i] == 0 ? 1 : 0;
      curAiaaic[i] = kind[i] == 1 ? 1 : 0;
      forbid.add(null);
    }
    UF uf = new UF(parent, curAiid, curAiaaic, forbid);
    for (long[] cl : cannot) {
      int a = index(cl[0]), b = index(cl[1]);
      if (a < 0 || b < 0) continue;
      uf.forbid(a, b);
    }
    // an editor's merge wins over the one-entry-per-monitor rule (only an editor's split stops it)
    Map<Long, Long> up = new HashMap<>(); // union–find of record ids over every merge link
    List<Long> absent = new ArrayList<>();
    List<int[]> heldOnly = new ArrayList<>(); // bookkeeping links: they hold records together, and name the link last
    for (long[] ml : must) {
      long ra = rootId(up, ml[0]), rb = rootId(up, ml[1]);
      if (ra != rb) up.put(ra, rb);
      int a = index(ml[0]), b = index(ml[1]);
      if (a < 0 || b < 0) {
        if (a < 0) absent.add(ml[0]);
        if (b < 0) absent.add(ml[1]);
        continue;
      }
      boolean bookkeeping = ml.length > 2 && ml[2] == 1;
      editorsLink(uf, a, b, bookkeeping ? null : via, viaScore, st);
      if (bookkeeping) heldOnly.add(new int[] {a, b});
    }
    // A merge hangs its links off one record; when that record is out of the clustering (a report back in review), the
    // records it held together stay together: the present ones of its group are joined to each other.
    if (!absent.isEmpty()) {
      Set<Long> groups = new HashSet<>();
      for (long id : absent) groups.add(rootId(up, id));
      Map<Long, Integer> first = new HashMap<>();
      for (long[] ml : must) {
        for (long id : ml) {
          int x = index(id);
          long g = rootId(up, id);
          if (x < 0 || !groups.contains(g)) continue;
          Integer f = first.putIfAbsent(g, x);
          if (f == null || uf.find(f) == uf.find(x)) continue;
          editorsLink(uf, f, x, via, viaScore, st);
        }
      }
    }
    for (int e = 0; e < sorted.size; e++) {
      int a = sorted.a[e], b = sorted.b[e];
      byte type = sorted.type[e];
      // AIID's own links may join an AIAAIC entry's incident, but a report cited by two AIID incidents
      // must not merge them: AIID's editors keep those apart (the report goes with the first).
      // two entries of one monitor that name different AI systems are two profiles written from one template
      // (AIAAIC's "GPT-3 large language model" and "GPT-4 large language model"), not a duplicate
      boolean otherSystems = systemsSig[a] != 0 && systemsSig[b] != 0 && systemsSig[a] != systemsSig[b];
      boolean duplicate = type == T_TEXT && sorted.score[e] - 1 >= opt.curatedDuplicateJaccard && !otherSystems
          || type == T_AIID && kind[a] == 0 && kind[b] == 0; // an AIID incident its editors declared a duplicate (duplicates.csv)
      if (uf.find(a) == uf.find(b)) {
        mark(via, viaScore, a, b, type, sorted.score[e]);
        continue;
      }
      if (!reportsMayJoin(uf, a, b)) st.rejected++;
      else if (uf.union(a, b, duplicate, duplicate || type == T_AIID, duplicate)) {
        mark(via, viaScore, a, b, type, sorted.score[e]);
        switch (type) {
          case T_TEXT -> st.textLinks++;
          case T_EVENT, T_EVENT_UNDATED -> st.eventLinks++;
          case T_AIID -> st.aiidLinks++;
          default -> { }
        }
      } else st.rejected++;
    }
    reciprocalPass(sorted, uf, via, viaScore, st);
    // A merge ties every member to the survivor's first record so that no re-run can part them, but a record the tool
    // had linked keeps that reason (AIID 74 and AIAAIC0420 matched as one event stay "event" inside a merged incident);
    // only a record linked by nothing else is "manual".
    for (int[] h : heldOnly)
      for (int i : h)
        if (via[i] < 0) {
          via[i] = T_MANUAL;
          viaScore[i] = 1f;
        }
    // incident id = smallest record id in the component: stable across re-runs
    long[] incidentOf = new long[n];
    long[] minId = new long[n];
    Arrays.fill(minId, Long.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      int r = uf.find(i);
      if (ids[i] < minId[r]) minId[r] = ids[i];
    }
    int incidents = 0;
    for (int i = 0; i < n; i++) {
      int r = uf.find(i);
      incidentOf[i] = minId[r];
      if (r == i) incidents++;
    }
    st.incidents = incidents;
    return new Linked(incidentOf, via, viaScore);
  }

  /** How many members of each incident {@link #reportsMayJoin} compares: a bound on the cost of one link. */
  static final int JOIN_CHECK_MEMBERS = 64;

  /**
   * Whether the incidents of {@code a} and {@code b} may become one under the report rules: no feed, JSON lines or API
   * record of one is kept apart from a record of the other ({@link #keptApart}). The rules judge pairs, and merging is
   * transitive: without this, a copy with no deployers or places of its own links to two templated reports the rules
   * keep apart, and joins them (an outside QA pass, 2026-12-07). Links are taken strongest first, so the copy stays with
   * the report it matches best. The first {@link #JOIN_CHECK_MEMBERS} members of each incident are compared.
   */
  private boolean reportsMayJoin(UF uf, int a, int b) {
    if (!opt.reportIncidentConflict) return true;
    int ra = uf.find(a), rb = uf.find(b);
    if (ra == rb || ra == a && rb == b && uf.next[a] == a && uf.next[b] == b) return true; // two single records: the pair's own rules judged it
    // an editor's merge says its records are one event, whatever their deployers: a copy of either story joins (outside QA,
    // 2026-12-07: once two deployers' reports were merged by hand, no new copy of either could join them)
    if (uf.edited[ra] || uf.edited[rb]) return true;
    int x = ra;
    for (int i = 0; i < JOIN_CHECK_MEMBERS; i++) {
      int y = rb;
      for (int j = 0; j < JOIN_CHECK_MEMBERS; j++) {
        if ((kind[x] == 2 || kind[y] == 2) && keptApart(x, y)) return false;
        if ((y = uf.next[y]) == rb) break;
      }
      if ((x = uf.next[x]) == ra) break;
    }
    return true;
  }

  /**
   * Two records the report rules never link: deployers or countries differ ({@link #reportConflict}), or, with no entity
   * shared, the titles' names do ({@link #reportNamesDiffer}; a shared system or organisation name lets an event link
   * stand against the names rule, as {@link #score} does).
   */
  private boolean keptApart(int x, int y) {
    return reportConflict(x, y) || reportNamesDiffer(x, y) && minSharedEntity(x, y) == Long.MAX_VALUE;
  }

  /** AIID–AIAAIC event matches scoring in the band just below the threshold (see {@link Options#reciprocalBand}). */
  private EdgeList near;

  /**
   * Keeps an AIID–AIAAIC near miss: as a pair the pass may accept (type {@code T_RECIPROCAL}), or, when
   * its dates disagree, only as a rival candidate that can stop a lower-scoring pair ({@code T_EVENT}).
   */
  private void nearMiss(int a, int b, double sc) {
    if (opt.suggestBand > 0 && sc >= opt.threshold - opt.suggestBand) suggest.offer(a, b, sc, MergeSuggestions.NEAR);
    if (opt.reciprocalBand > 0 && kind[a] + kind[b] == 1 && sc >= opt.threshold - opt.reciprocalBand) {
      near.add(a, b, (float) sc, !opt.reciprocalNeedsDate || dateFit(a, b) >= 0 ? T_RECIPROCAL : T_EVENT);
    }
  }

  /**
   * One-to-one record linkage between the two curated monitors, each de-duplicated: a near miss (an
   * AIID–AIAAIC event match in the band below the threshold) is accepted when, after all other links,
   * both records are still alone and each is the other's single highest-scoring candidate from the
   * other monitor, counting every candidate link of any kind (a record whose better candidate was
   * refused by a constraint, or failed the date condition, is not taken). Editors' splits still hold (the union checks them); records
   * in an incident, merged by editors included, are never taken.
   */
  private void reciprocalPass(EdgeList sorted, UF uf, byte[] via, float[] viaScore, Stats st) {
    if (near == null || near.size == 0) return;
    int[] size = new int[n];
    for (int i = 0; i < n; i++) size[uf.find(i)]++;
    Map<Integer, Best> best = new HashMap<>(); // for the near misses' records only
    for (int e = 0; e < near.size; e++) {
      best.putIfAbsent(near.a[e], new Best());
      best.putIfAbsent(near.b[e], new Best());
    }
    for (EdgeList l : new EdgeList[] {sorted, near}) {
      for (int e = 0; e < l.size; e++) {
        int a = l.a[e], b = l.b[e];
        if (kind[a] > 1 || kind[b] > 1 || kind[a] == kind[b]) continue; // one AIID and one AIAAIC record
        Best x = best.get(a), y = best.get(b);
        if (x != null) x.offer(b, l.score[e]);
        if (y != null) y.offer(a, l.score[e]);
      }
    }
    for (int e = 0; e < near.size; e++) {
      int a = near.a[e], b = near.b[e];
      if (near.type[e] != T_RECIPROCAL) continue; // a rival only
      if (size[uf.find(a)] != 1 || size[uf.find(b)] != 1) continue;
      if (!best.get(a).is(b) || !best.get(b).is(a)) continue;
      if (uf.union(a, b, false, false)) {
        mark(via, viaScore, a, b, T_RECIPROCAL, near.score[e]);
        st.reciprocalLinks++;
      } else st.rejected++;
    }
  }

  /** A record's highest-scoring candidate from the other monitor; a tie between two partners leaves none. */
  private static final class Best {
    float score = Float.NEGATIVE_INFINITY;
    int partner = -1;
    boolean tie;

    void offer(int p, float s) {
      if (s > score) {
        score = s;
        partner = p;
        tie = false;
      } else if (s == score && p != partner) tie = true;
    }

    boolean is(int p) {
      return !tie && partner == p;
    }
  }

  public double pairScore(long recordA, long recordB) {
    int a = index(recordA), b = index(recordB);
    return a < 0 || b < 0 ? Double.NaN : Math.max(score(a, b), scoreNoEntity(a, b));
  }

  /** {@link #dateFit(int, int)} of two records by id (NaN for a record outside the last run). */
  double dateFitOf(long recordA, long recordB) {
    int a = index(recordA), b = index(recordB);
    return a < 0 || b < 0 ? Double.NaN : dateFit(a, b);
  }

  /** Whether the two records' deployers count as different parties (see {@link Options#deployerConflictPenalty}). */
  boolean deployersConflict(long recordA, long recordB) {
    int a = index(recordA), b = index(recordB);
    return a >= 0 && b >= 0 && deployerConflict(a, b);
  }

  /** The event score of two records ({@link #score(int, int)}): −1 when they share no entity or their dates disagree. */
  double eventScore(long recordA, long recordB) {
    int a = index(recordA), b = index(recordB);
    return a >= 0 && b >= 0 ? score(a, b) : -1;
  }

  /** Why two records did or did not link (for evaluation and editors). */
  public String explain(long recordA, long recordB) {
    int a = index(recordA), b = index(recordB);
    if (a < 0 || b < 0) return "unknown record";
    Map<Integer, String> inv = new HashMap<>();
    for (Map.Entry<String, Integer> e : vocab.entrySet()) inv.put(e.getValue(), e.getKey());
    Map<Integer, String> einv = new HashMap<>();
    for (Map.Entry<String, Integer> e : entVocab.entrySet()) einv.put(e.getValue(), e.getKey());
    StringBuilder sb = new StringBuilder();
    for (int i : new int[] {a, b}) {
      sb.append("\n  ").append(ids[i]).append(" ents=");
      for (int e : ents[i]) sb.append(einv.get(e)).append(',');
      sb.append(" keys=");
      for (int t : keyToks[i]) sb.append(inv.get(t)).append(',');
      sb.append(" prec=").append(prec[i]).append(" years=").append(yearLo[i]).append('-').append(yearHi[i]);
    }
    sb.append("\n  dateFit=").append(dateFit(a, b)).append(" score=").append(score(a, b)).append(" noEntityScore=").append(scoreNoEntity(a, b)).append(" deployerConflict=").append(deployerConflict(a, b)).append(" embedding=").append(embeddingTerm(a, b)).append(" names=").append(nameTerm(a, b)).append(" place=").append(placeTerm(a, b)).append(" jaccard=").append(jaccard(a, b));
    return sb.toString();
  }

  private static void mark(byte[] via, float[] score, int a, int b, byte type, float s) {
    for (int i : new int[] {a, b}) {
      if (via[i] < 0 || type < via[i] || (type == via[i] && s > score[i])) {
        via[i] = type;
        score[i] = s;
      }
    }
  }

  private int index(long id) {
    int i = Arrays.binarySearch(ids, 0, n, id);
    return i >= 0 ? i : -1;
  }

  /**
   * An editor's merge link: wins over the one-entry-per-monitor rule (only an editor's split stops it). {@code via} null:
   * a bookkeeping link, which joins without naming the link (see {@code heldOnly} in {@link #link}).
   */
  private static void editorsLink(UF uf, int a, int b, byte[] via, float[] viaScore, Stats st) {
    if (uf.union(a, b, true, true)) {
      uf.edited[uf.find(a)] = true;
      st.manualLinks++;
      if (via != null) mark(via, viaScore, a, b, T_MANUAL, 1f);
    } else st.rejected++;
  }

  /** The root of {@code id} in a union–find of record ids kept in a map (an id not in it is its own root). */
  private static long rootId(Map<Long, Long> up, long id) {
    Long next;
    while ((next = up.get(id)) != null) id = next;
    return id;
  }

  /**
   * Union–find with per-component counts of curated entries and cannot-link partners, and each component's members as a
   * circular list ({@code next}), so a link can be judged against the records already in both incidents.
   */
  static final class UF {
    final int[] p, aiid, aiaaic, next;
    /** Components an editor's merge made: the report rules do not judge links into them. */
    final boolean[] edited;
    final List<List<Integer>> forbid;

    UF(int[] p, int[] aiid, int[] aiaaic, List<List<Integer>> forbid) {
      this.p = p;
      this.aiid = aiid;
      this.aiaaic = aiaaic;
      this.forbid = forbid;
      next = new int[p.length];
      for (int i = 0; i < p.length; i++) next[i] = i;
      edited = new boolean[p.length];
    }

    int find(int x) {
      while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
      }
      return x;
    }

    void forbid(int a, int b) {
      int ra = find(a), rb = find(b);
      if (forbid.get(ra) == null) forbid.set(ra, new ArrayList<>());
      if (forbid.get(rb) == null) forbid.set(rb, new ArrayList<>());
      forbid.get(ra).add(b);
      forbid.get(rb).add(a);
    }

    boolean union(int a, int b, boolean ignoreAiid, boolean ignoreAiaaic) {
      return union(a, b, ignoreAiid, ignoreAiaaic, false);
    }

    boolean union(int a, int b, boolean ignoreAiid, boolean ignoreAiaaic, boolean asOne) {
      int ra = find(a), rb = find(b);
      if (ra == rb) return true;
      List<Integer> fa = forbid.get(ra), fb = forbid.get(rb);
      if (fa != null) for (int x : fa) if (find(x) == rb) return false;
      if (fb != null) for (int x : fb) if (find(x) == ra) return false;
      // never two entries of one monitor joined automatically; an incident an editor made of two takes other records still
      if (!ignoreAiid && aiid[ra] > 0 && aiid[rb] > 0) return false;
      if (!ignoreAiaaic && aiaaic[ra] > 0 && aiaaic[rb] > 0) return false;
      if (ra > rb) {
        int t = ra;
        ra = rb;
        rb = t;
        List<Integer> tf = fa;
        fa = fb;
        fb = tf;
      }
      p[rb] = ra;
      int t = next[ra]; // splice the two circular member lists
      next[ra] = next[rb];
      next[rb] = t;
      edited[ra] |= edited[rb];
      // entries of one monitor merged as the same entry (declared or near-identical duplicates) count as one, so the
      // merged incident can still take its entry from the other monitor
      aiid[ra] = asOne ? Math.max(aiid[ra], aiid[rb]) : aiid[ra] + aiid[rb];
      aiaaic[ra] = asOne ? Math.max(aiaaic[ra], aiaaic[rb]) : aiaaic[ra] + aiaaic[rb];
      if (fb != null) {
        if (fa == null) forbid.set(ra, fb);
        else fa.addAll(fb);
        forbid.set(rb, null);
      }
      return true;
    }
  }

  /** Growable parallel arrays of edges. */
  static final class EdgeList {
    int[] a = new int[1024], b = new int[1024];
    float[] score = new float[1024];
    byte[] type = new byte[1024];
    int size;

    void add(int x, int y, float s, byte t) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
        b = Arrays.copyOf(b, size * 2);
        score = Arrays.copyOf(score, size * 2);
        type = Arrays.copyOf(type, size * 2);
      }
      a[size] = x;
      b[size] = y;
      score[size] = s;
      type[size] = t;
      size++;
    }

    /**
     * Strongest first: AIID links, then near-duplicate text, then event matches by score; ties by
     * (a, b). Returns the edges in that order. Sorts primitive keys (type, score, position), then each
     * run of equal type and score by (a, b): boxed comparator sorting took ~5 % of clustering.
     */
    EdgeList sorted() {
      if (size >= (1 << 28)) throw new IllegalStateException("too many candidate links: " + size);
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) keys[i] = ((long) type[i] << 60) | (descending(score[i]) << 28) | i;
      Arrays.sort(keys);
      EdgeList out = new EdgeList();
      out.a = new int[Math.max(1, size)];
      out.b = new int[Math.max(1, size)];
      out.score = new float[Math.max(1, size)];
      out.type = new byte[Math.max(1, size)];
      long[] ab = new long[0];
      for (int s = 0; s < size; ) {
        int e = s + 1;
        while (e < size && (keys[e] >>> 28) == (keys[s] >>> 28)) e++;
        if (ab.length < e - s) ab = new long[Math.max(e - s, ab.length * 2)];
        for (int q = s; q < e; q++) {
          int i = (int) (keys[q] & 0xFFFFFFF);
          ab[q - s] = ((long) a[i] << 32) | (b[i] & 0xFFFFFFFFL);
        }
        Arrays.sort(ab, 0, e - s);
        int first = (int) (keys[s] & 0xFFFFFFF);
        for (int q = s; q < e; q++) {
          out.a[q] = (int) (ab[q - s] >>> 32);
          out.b[q] = (int) ab[q - s];
          out.score[q] = score[first];
          out.type[q] = type[first];
        }
        s = e;
      }
      out.size = size;
      return out;
    }

    /** 32-bit key that sorts floats as {@code Float.compare} does, largest first. */
    static long descending(float f) {
      int bits = Float.floatToIntBits(f);
      int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF); // signed-int order = Float.compare order
      return (~ordered ^ 0x80000000) & 0xFFFFFFFFL;
    }
  }

  // ------------------------------------------------------------------ loading

  /** The keys of every name listed in the corpus (see {@link PartyNames#countrySuffixAlias}), set by buildDictionary. */
  private Set<String> listed = new HashSet<>();

  /** Entity names listed anywhere in the corpus, to find their mentions in free text. */
  private PhraseMatcher buildDictionary(Db db) {
    listed = new HashSet<>();
    PhraseMatcher pm = new PhraseMatcher(false);
    db.read(c -> {
      try (Statement s = c.createStatement()) {
        s.setFetchSize(5000);
        try (ResultSet rs = s.executeQuery("SELECT DISTINCT deployers, developers, systems FROM incident_records WHERE " + PublicReports.counted(""))) {
          Set<String> seen = new HashSet<>();
          while (rs.next()) {
            for (int k = 1; k <= 3; k++) {
              for (String e : RecordWriter.split(rs.getString(k))) {
                if (generic(e) || !seen.add(e)) continue;
                String national = nationalAlias(e);
                if (national != null) pm.add(national.replace('-', ' '), compact(national));
                e = withoutBracket(e);
                String phrase = e.replace('-', ' ');
                String key = compact(e);
                String gov = govKey(e);
                if (gov != null) pm.add(phrase, gov);
                String alias = corporateAlias(e);
                if (alias != null) pm.add(alias, compact(alias));
                if (key.length() >= 3) listed.add(key);
                if (key.length() < 4) continue;
                pm.add(phrase, key);
              }
            }
          }
        }
      }
      return null;
    });
    return pm;
  }

  /**
   * H2 builds a whole query result before returning the first row, and past ~40,000 rows per GiB of
   * heap it copies it into a temporary file; a lazy scan streams the rows instead. PostgreSQL streams
   * with a fetch size already. Switched off again because the connection goes back to the pool.
   */
  static void lazy(Connection c, boolean on) throws java.sql.SQLException {
    if (!c.getMetaData().getURL().startsWith("jdbc:h2:")) return;
    try (Statement s = c.createStatement()) {
      s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
    }
  }

  interface Rows {
    void accept(ResultSet rs) throws Exception;
  }

  /** Streams a large query's rows (lazy on H2, fetch size elsewhere), then puts the connection back as it was. */
  static void streamRows(Connection c, String sql, Rows rows) throws Exception {
    boolean ac = c.getAutoCommit();
    c.setAutoCommit(false);
    lazy(c, true);
    try (Statement s = c.createStatement()) {
      s.setFetchSize(2000);
      try (ResultSet rs = s.executeQuery(sql)) {
        rows.accept(rs);
      }
    } finally {
      lazy(c, false);
      c.commit();
      c.setAutoCommit(ac);
    }
  }

  private static final int[] NONE = new int[0];
  private int tok(String t) {
    Integer id = vocab.get(t);
    if (id == null) {
      id = vocab.size();
      vocab.put(t, id);
      if (id >= df.length) df = Arrays.copyOf(df, df.length * 2);
    }
    return id;
  }

  private int ent(String key) {
    Integer id = entVocab.get(key);
    if (id == null) {
      id = entVocab.size();
      entVocab.put(key, id);
      entTokens.add(null);
    }
    return id;
  }

  private void load(Db db, PhraseMatcher dict) {
    // An upper bound sizes the arrays (n is what the scan finds): H2 counts a whole table from its
    // primary index, while the count of counted records read every row, 5-7 s at 10^6.
    int count = db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incident_records")) {
        rs.next();
        return rs.getInt(1);
      }
    });
    if (count >= (1 << 24)) throw new IllegalStateException("clustering supports up to 16.7 million records in one run");
    ids = new long[count];
    kind = new byte[count];
    day = new int[count];
    dayHi = new int[count];
    yearLo = new int[count];
    yearHi = new int[count];
    prec = new byte[count];
    sig = new int[count * K];
    toks = new int[count][];
    keyToks = new int[count][];
    ents = new int[count][];
    fieldToks = new int[count][];
    depl = new int[count][];
    names = new int[count][];
    capToks = new int[count][];
    zhNames = new int[count][];
    deplWords = new int[count][];
    partyWords = new int[count][];
    ctry = new long[count];
    regions = new String[count][];
    vehicleModels = new byte[count];
    aiidId = new String[count];
    aiidReport = new long[count];
    aiidHint = new String[count];
    systemsSig = new long[count];
    embText = opt.embeddingWeight != 0 ? new String[count] : null;
    emb = null;
    Progress bar = progress;
    db.read(c -> {
      streamRows(c, "SELECT id, source, source_id, title, body, pub_date, date_text, deployers, developers, systems, taxonomy, harmed, countries FROM incident_records"
          + " WHERE " + PublicReports.counted("") + " ORDER BY id", rs -> {
          // Text work runs on worker threads in chunks; ids of words and entities are then assigned
          // here in record order, so they (and the results) are those of a sequential run.
          int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
          java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, Daemons.named("cluster-load"));
          java.util.ArrayDeque<java.util.concurrent.Future<Parsed[]>> inFlight = new java.util.ArrayDeque<>();
          try {
            int i = 0;
            List<Row> chunk = new ArrayList<>(CHUNK);
            while (rs.next() && i < count) {
              ids[i] = rs.getLong(1);
              String body = rs.getString(5);
              if (body != null && body.length() > 2000) body = body.substring(0, 2000);
              chunk.add(new Row(i, rs.getString(2), rs.getString(3), rs.getString(4), body, rs.getDate(6), rs.getString(7), rs.getString(8),
                  rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
              i++;
              if (chunk.size() == CHUNK) {
                List<Row> rows = chunk;
                inFlight.add(pool.submit(() -> parseAll(rows, dict)));
                chunk = new ArrayList<>(CHUNK);
                while (inFlight.size() > 2 * threads) applyAll(inFlight.poll().get(), bar);
              }
            }
            if (!chunk.isEmpty()) {
              List<Row> rows = chunk;
              inFlight.add(pool.submit(() -> parseAll(rows, dict)));
            }
            while (!inFlight.isEmpty()) applyAll(inFlight.poll().get(), bar);
            n = i;
          } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
          } finally {
            pool.shutdownNow();
          }
      });
      return null;
    });
    entDf = new int[entVocab.size()];
    for (int i = 0; i < n; i++) for (int e : ents[i]) entDf[e]++;
    filterNames();
    nCurated = 0;
    for (int i = 0; i < n; i++) if (kind[i] < 2) nCurated++;
    dfCurated = df;
    if (nCurated < n) {
      dfCurated = new int[df.length];
      for (int i = 0; i < n; i++) if (kind[i] < 2) for (int t : toks[i]) dfCurated[t]++;
    }
    for (Map.Entry<String, Integer> e : entVocab.entrySet()) {
      Set<Integer> ts = new HashSet<>();
      for (String w : Tokens.stems(Tokens.content(e.getKey()))) {
        Integer id = vocab.get(w);
        if (id != null) ts.add(id);
      }
      for (String w : aliasWords.getOrDefault(e.getKey(), Set.of())) { // "Government of China": china, government
        Integer id = vocab.get(w);
        if (id != null) ts.add(id);
      }
      entTokens.set(e.getValue(), ts);
    }
  }

  static final int CHUNK = 512;
  private static final java.util.regex.Pattern YEAR_RANGE = java.util.regex.Pattern.compile("^(\\d{4})\\s*[-–]\\s*(\\d{4})?$");

  /** The columns of one record that loading needs. */
  private record Row(int i, String src, String sourceId, String title, String body, Date date, String dateText, String deployers,
                     String developers, String systems, String taxonomy, String harmed, String countries) {}

  /**
   * A record's text work, done on a worker: entity keys in the order they are met ({@code depKey}
   * marks deployers), words of the similarity text, the title and the structured fields. Per-record
   * arrays (kind, dates, hints, MinHash signature) are filled in directly at the record's index.
   */
  private record Parsed(List<String> entKeys, List<Boolean> depKey, Map<String, List<String>> govWords, List<String> simWords,
                        List<String> fieldWords, List<String> titleWords, List<String> nameKeys, List<String> deplWords,
                        List<String> partyWords, List<String> capWords, List<String> zhNames) {}

  private Parsed[] parseAll(List<Row> rows, PhraseMatcher dict) {
    Parsed[] out = new Parsed[rows.size()];
    for (int k = 0; k < out.length; k++) out[k] = parse(rows.get(k), dict);
    return out;
  }

  private Parsed parse(Row r, PhraseMatcher dict) {
    int i = r.i();
    String src = r.src();
    if ("feed".equals(src) && r.sourceId() != null && r.sourceId().startsWith(SharedFeed.RECORD_ID)) {
      // a curated monitor's entry another observatory shared: that monitor's rules apply, as they did there
      String rest = r.sourceId().substring(SharedFeed.RECORD_ID.length());
      if (rest.startsWith("aiid:")) src = "aiid";
      else if (rest.startsWith("aiaaic:")) src = "aiaaic";
    }
    kind[i] = (byte) ("aiid".equals(src) ? 0 : "aiaaic".equals(src) ? 1 : 2);
    // AIID's report links and declared duplicates join its own records only: a feed cannot claim them with a forged id
    if ("aiid".equals(r.src())) aiidId[i] = r.sourceId();
    ctry[i] = packCountries(r.countries());
    if (embText != null && kind[i] < 2) embText[i] = r.body() == null ? r.title() : r.title() + ". " + r.body();
    if ("aiid-report".equals(src)) {
      try {
        aiidReport[i] = Long.parseLong(r.sourceId());
      } catch (NumberFormatException e) {
        aiidReport[i] = -1;
      }
    } else aiidReport[i] = -1;
    String title = r.title();
    String body = r.body();
    Date d = r.date();
    String dt = r.dateText();
    if (d != null) {
      day[i] = (int) d.toLocalDate().toEpochDay();
      yearLo[i] = d.toLocalDate().getYear();
      yearHi[i] = yearLo[i];
      String precision = kind[i] == 1 ? YEAR : precision(src, dt);
      prec[i] = (byte) (YEAR.equals(precision) ? 1 : 2);
      dayHi[i] = MONTH.equals(precision) ? (int) d.toLocalDate().withDayOfMonth(d.toLocalDate().lengthOfMonth()).toEpochDay() : day[i];
      if (kind[i] == 1 && dt != null) {
        java.util.regex.Matcher m = YEAR_RANGE.matcher(dt.strip());
        if (m.matches()) yearHi[i] = m.group(2) == null ? 9999 : Integer.parseInt(m.group(2));
      }
    }
    String tax = r.taxonomy();
    StringBuilder fields = new StringBuilder();
    if (tax != null && (tax.contains("aiid_incident") || tax.contains("\"purpose\"") || tax.contains("\"technology\""))) {
      try {
        com.fasterxml.jackson.databind.JsonNode tn = org.aigov.observatory.kernel.Json.MAPPER.readTree(tax);
        aiidHint[i] = tn.path("aiid_incident").asText(null);
        for (String f : FIELD_KEYS) for (com.fasterxml.jackson.databind.JsonNode v : tn.path(f)) fields.append(v.asText()).append(" . ");
      } catch (Exception ignored) {
        // not a hint then
      }
    }
    java.util.TreeSet<String> sysNames = new java.util.TreeSet<>();
    for (String sys : RecordWriter.split(r.systems())) {
      fields.append(sys).append(" . ");
      String key = compact(sys);
      if (!key.isEmpty()) sysNames.add(key);
    }
    systemsSig[i] = kind[i] < 2 && !sysNames.isEmpty() ? Tokens.hash64(String.join("|", sysNames)) | 1L : 0L;
    // entities: listed ones plus dictionary mentions in the text
    List<String> keys = new ArrayList<>();
    List<Boolean> dep = new ArrayList<>();
    Map<String, List<String>> govWords = null;
    String[] cols = {r.deployers(), r.developers(), r.systems()};
    List<String> deplWordList = new ArrayList<>(2), partyWordList = new ArrayList<>(4), slashKeys = new ArrayList<>(0);
    List<Boolean> slashDep = new ArrayList<>(0);
    for (int k : COLUMN_ORDER) {
      for (String e : RecordWriter.split(cols[k])) {
        if (generic(e)) continue;
        String national = nationalAlias(e), acronym = bracketAcronym(e);
        e = withoutBracket(e);
        if (kind[i] < 2) for (String w : partyWords(national != null ? national : e)) {
          partyWordList.add(w);
          if (k == 0) deplWordList.add(w);
        }
        String key = compact(e);
        if (key.length() >= 3) {
          keys.add(key);
          dep.add(k == 0);
        }
        String arm = countrySuffixAlias(e); // a national arm meets its brand only where the brand is listed on its own
        if (arm != null && !listed.contains(compact(arm))) arm = null;
        for (String alias : new String[] {national, acronym, handleAlias(e), arm}) {
          if (alias == null) continue;
          keys.add(compact(alias));
          dep.add(k == 0);
        }
        String gov = govKey(e);
        if (gov != null) {
          keys.add(gov);
          dep.add(k == 0);
          if (govWords == null) govWords = new HashMap<>();
          govWords.computeIfAbsent(gov, x -> new ArrayList<>()).addAll(Tokens.stems(Tokens.content(e.replace('-', ' '))));
        }
        String first = firstWordKey(e);
        if (first != null) {
          keys.add(first);
          dep.add(false);
        }
        for (String part : slashParts(e)) {
          slashKeys.add(part);
          slashDep.add(k == 0);
        }
      }
    }
    String text = (title == null ? "" : title) + " . " + (body == null ? "" : body.length() > 1000 ? body.substring(0, 1000) : body);
    regions[i] = kind[i] == 2 || opt.regionConflict == 0 ? NO_NAMES : Gazetteer.get().regionsInText(text).toArray(NO_NAMES);
    vehicleModels[i] = kind[i] == 2 || opt.vehicleModelConflict == 0 ? 0 : vehicleModels(text);
    // after the listed names, so that they only fill the slots those leave (six in all), before the text's mentions
    keys.addAll(slashKeys);
    dep.addAll(slashDep);
    for (String key : dict.find(text)) {
      keys.add(key);
      dep.add(false);
    }
    // words for similarity (title + start of body) and blocking keys (title + rarest body words later)
    String simText = (title == null ? "" : title) + " " + (body == null ? "" : body.length() > PartyNames.NAMES_TEXT ? body.substring(0, PartyNames.NAMES_TEXT) : body);
    List<String> simContent = Tokens.content(simText); // once for the words and the shingles
    List<String> simWords = words(simContent);
    minhash(Tokens.shingles(simContent, simText), i);
    List<String> nameKeys = opt.nameConflict == 0 && opt.nameShared == 0 ? List.of()
        : kind[i] == 0 ? harmedNames(r.harmed()) : kind[i] == 1 ? capitalisedNames(title) : List.of();
    return new Parsed(keys, dep, govWords, simWords,
        fields.length() == 0 || opt.fieldWeight <= 0 ? null : words(fields.toString()), words(title), nameKeys, deplWordList,
        partyWordList, kind[i] == 2 && opt.reportNameConflict ? words(PartyNames.capitalisedWords(title, body)) : List.of(),
        kind[i] == 2 && opt.reportNameConflict ? zhTitleNames(title, simWords) : List.of());
  }

  /**
   * The order in which deployers (0), systems (2) and developers (1) fill a record's six entity keys: a system's name says
   * which event more than a long list of developers does (AIAAIC lists eight developers of BlenderBot 3 before the system).
   * {@code -Dobservatory.systemsFirst=false} measures the earlier order.
   */
  static final int[] COLUMN_ORDER = "false".equals(System.getProperty("observatory.systemsFirst")) ? new int[] {0, 1, 2} : new int[] {0, 2, 1};

  /** Assigns word and entity ids in record order (as a sequential run would). */
  private void applyAll(Parsed[] ps, Progress bar) {
    for (Parsed p : ps) {
      apply(p);
      bar.step(1);
    }
  }

  private int applied;

  private int[] partyIds(List<String> words) {
    return words.isEmpty() ? NONE : words.stream().mapToInt(w -> partyVocab.computeIfAbsent(w, x -> partyVocab.size())).distinct().toArray();
  }

  private int apply(Parsed p) {
    int i = applied++;
    Set<Integer> es = new LinkedHashSet<>();
    Set<Integer> dep = new LinkedHashSet<>();
    for (int k = 0; k < p.entKeys().size(); k++) {
      int e = ent(p.entKeys().get(k));
      es.add(e);
      if (p.depKey().get(k)) dep.add(e);
    }
    if (p.govWords() != null) for (Map.Entry<String, List<String>> g : p.govWords().entrySet()) {
      aliasWords.computeIfAbsent(g.getKey(), x -> new HashSet<>()).addAll(g.getValue());
    }
    ents[i] = es.stream().mapToInt(Integer::intValue).limit(6).toArray();
    depl[i] = dep.stream().mapToInt(Integer::intValue).toArray();
    deplWords[i] = partyIds(p.deplWords());
    partyWords[i] = partyIds(p.partyWords());
    int[] tt = distinct(p.simWords());
    toks[i] = tt;
    for (int t : tt) df[t]++;
    fieldToks[i] = p.fieldWords() == null ? NONE : distinct(p.fieldWords());
    keyToks[i] = distinct(p.titleWords());
    capToks[i] = p.capWords().isEmpty() ? NONE : distinct(p.capWords());
    zhNames[i] = p.zhNames().isEmpty() ? NONE : distinct(p.zhNames());
    if (p.nameKeys().isEmpty()) names[i] = NONE;
    else {
      int[] nk = new int[p.nameKeys().size()];
      for (int k = 0; k < nk.length; k++) nk[k] = nameVocab.computeIfAbsent(p.nameKeys().get(k), x -> nameVocab.size());
      names[i] = Arrays.stream(nk).distinct().toArray();
    }
    return i;
  }

  /** Keeps the named-party keys both monitors use, each for at most {@link Options#nameMaxRecords} records. */
  private void filterNames() {
    int[] inAiid = new int[nameVocab.size()], inAiaaic = new int[nameVocab.size()];
    for (int i = 0; i < n; i++) for (int k : names[i]) (kind[i] == 0 ? inAiid : inAiaaic)[k]++;
    for (int i = 0; i < n; i++) {
      if (names[i].length == 0) continue;
      names[i] = Arrays.stream(names[i]).filter(k -> inAiid[k] > 0 && inAiaaic[k] > 0 && inAiid[k] <= opt.nameMaxRecords
          && inAiaaic[k] <= opt.nameMaxRecords).toArray();
    }
  }

  /** ISO codes packed 10 bits each; 0 when none or more than {@link #MAX_COUNTRIES} (a global service says nothing of where). */
  static long packCountries(String countries) {
    long packed = 0;
    int k = 0;
    for (String c : RecordWriter.split(countries)) {
      if (c.length() != 2 || c.charAt(0) < 'A' || c.charAt(0) > 'Z' || c.charAt(1) < 'A' || c.charAt(1) > 'Z') continue;
      if (k == MAX_COUNTRIES) return 0;
      packed |= (long) (1 + (c.charAt(0) - 'A') * 26 + (c.charAt(1) - 'A')) << (10 * k++);
    }
    return packed;
  }

  private static final java.util.regex.Pattern TESLA_MODEL = java.util.regex.Pattern.compile("\\bModel ([3SXY])\\b");

  /** Bits of "3SXY" for the Tesla models a text names, when it names Tesla. */
  static byte vehicleModels(String text) {
    if (!text.contains("Model ") || !text.toLowerCase(java.util.Locale.ROOT).contains("tesla")) return 0;
    byte bits = 0;
    for (java.util.regex.Matcher m = TESLA_MODEL.matcher(text); m.find(); ) bits |= (byte) (1 << "3SXY".indexOf(m.group(1).charAt(0)));
    return bits;
  }

  /** −regionConflict and −vehicleModelConflict for an AIID–AIAAIC pair whose states or Tesla models differ. */
  double placeTerm(int a, int b) {
    if (kind[a] + kind[b] != 1) return 0;
    double t = 0;
    if (vehicleModels[a] != 0 && vehicleModels[b] != 0 && (vehicleModels[a] & vehicleModels[b]) == 0) t -= opt.vehicleModelConflict;
    if (regions[a].length > 0 && regions[b].length > 0 && java.util.Collections.disjoint(Arrays.asList(regions[a]), Arrays.asList(regions[b])))
      t -= opt.regionConflict;
    return t;
  }

  /** −countryConflict when an AIID–AIAAIC pair both name countries and share none. */
  double countryTerm(int a, int b) {
    if (opt.countryConflict == 0 || kind[a] + kind[b] != 1 || ctry[a] == 0 || ctry[b] == 0) return 0;
    return sharesCountry(a, b) ? 0 : -opt.countryConflict;
  }

  /**
   * When an AIID–AIAAIC pair both name harmed parties (see {@link #filterNames}): +nameShared if they share one and their
   * years are at most one apart, else −nameConflict.
   */
  double nameTerm(int a, int b) {
    if (kind[a] + kind[b] != 1 || names[a].length == 0 || names[b].length == 0) return 0;
    for (int x : names[a]) for (int y : names[b]) if (x == y) return withinAYear(a, b) ? opt.nameShared : 0;
    return -opt.nameConflict;
  }

  /** Both dated, and their years at most one apart: one person's name, years apart, is often two occurrences. */
  private boolean withinAYear(int a, int b) {
    return prec[a] > 0 && prec[b] > 0 && Math.max(yearLo[a], yearLo[b]) - Math.min(yearHi[a], yearHi[b]) <= 1;
  }

  /** Stemmed content words; runs of Chinese characters become character bigrams (single characters say little). */
  static List<String> words(String text) {
    return words(Tokens.content(text));
  }

  /** As {@link #words(String)}, from the text's content tokens. */
  static List<String> words(List<String> in) {
    List<String> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      String t = in.get(i);
      if (t.length() == 1 && Tokens.isCjk(t.codePointAt(0))) {
        if (i + 1 < in.size() && in.get(i + 1).length() == 1 && Tokens.isCjk(in.get(i + 1).codePointAt(0))) out.add(t + in.get(i + 1));
        continue;
      }
      out.add(Tokens.stem(t));
    }
    return out;
  }

  /** Per token id, the last call of {@link #distinct} that saw it (no set allocated per record). */
  private int[] seenAt = new int[1024];
  private int distinctCall;

  private int[] distinct(List<String> ts) {
    int[] out = new int[ts.size()];
    int k = 0;
    int call = ++distinctCall;
    for (String t : ts) {
      int id = tok(t);
      if (id >= seenAt.length) seenAt = Arrays.copyOf(seenAt, Math.max(id + 1, seenAt.length * 2));
      if (seenAt[id] != call) {
        seenAt[id] = call;
        out[k++] = id;
      }
    }
    return Arrays.copyOf(out, k);
  }

  private void minhash(long[] sh, int i) {
    int base = i * K;
    if (sh.length == 0) {
      for (int k = 0; k < K; k++) sig[base + k] = Integer.MAX_VALUE - k; // empty texts never collide
      return;
    }
    for (int k = 0; k < K; k++) {
      long min = Long.MAX_VALUE;
      long a = SEEDS_A[k], b = SEEDS_B[k];
      for (long h : sh) {
        long v = Tokens.mix(h * a + b);
        if (v < min) min = v;
      }
      sig[base + k] = (int) (min >>> 32);
    }
  }

  double jaccard(int x, int y) {
    int eq = 0;
    for (int k = 0; k < K; k++) if (sig[x * K + k] == sig[y * K + k]) eq++;
    return eq / (double) K;
  }

  // ------------------------------------------------------------------ candidate links

  private void aiidEdges(Db db, EdgeList edges, Stats st) {
    Map<String, Integer> aiidIndex = new HashMap<>();
    boolean anyReport = false;
    for (int i = 0; i < n; i++) {
      if (aiidId[i] != null) aiidIndex.put(aiidId[i], i);
      if (aiidReport[i] >= 0 || aiidHint[i] != null) anyReport = true;
    }
    for (int i = 0; i < n; i++) {
      if (aiidHint[i] != null) {
        Integer j = aiidIndex.get(aiidHint[i]);
        if (j != null && j != i) edges.add(i, j, 10f, T_AIID);
      }
    }
    if (!anyReport) return;
    Map<Long, Integer> reportIndex = new HashMap<>();
    for (int i = 0; i < n; i++) if (aiidReport[i] >= 0) reportIndex.put(aiidReport[i], i);
    db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT report_number, aiid_incident FROM incident_aiid_report_links")) {
        while (rs.next()) {
          Integer r = reportIndex.get(rs.getLong(1));
          Integer a = aiidIndex.get(rs.getString(2));
          if (r != null && a != null) edges.add(r, a, 10f, T_AIID);
        }
      }
      return null;
    });
  }

  private void lshEdges(EdgeList edges, Stats st) {
    long[] keys = new long[n];
    for (int band = 0; band < BANDS; band++) {
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (sig[i * K] == Integer.MAX_VALUE) continue; // empty text
        long h = 0x9E3779B97F4A7C15L * (band + 1);
        for (int r = 0; r < ROWS; r++) h = Tokens.mix(h ^ sig[i * K + band * ROWS + r]);
        keys[m++] = (h & 0xFFFFFFFFFF000000L) | i;
      }
      Arrays.sort(keys, 0, m);
      for (int s = 0; s < m; ) {
        int e = s + 1;
        while (e < m && (keys[e] & 0xFFFFFFFFFF000000L) == (keys[s] & 0xFFFFFFFFFF000000L)) e++;
        if (e - s > 1) {
          int first = (int) (keys[s] & 0xFFFFFF);
          for (int q = s + 1; q < e; q++) {
            int j = (int) (keys[q] & 0xFFFFFF);
            int lim = e - s <= 20 ? q : s + 1; // pairwise in small buckets, star in big ones
            for (int p = s; p < lim; p++) {
              int x = p == s ? first : (int) (keys[p] & 0xFFFFFF);
              double jac = jaccard(x, j);
              if (jac >= opt.textJaccard && textLinkAllowed(x, j)) edges.add(Math.min(x, j), Math.max(x, j), (float) (1 + jac), T_TEXT);
            }
          }
        }
        s = e;
      }
    }
  }

  private double idf(int t) {
    return Math.log((n + 1.0) / (df[t] + 1.0)) + 0.1;
  }

  /** IDF for scoring the pair a, b: over the curated records when both are curated (see {@link #dfCurated}). */
  private double idf(int t, int a, int b) {
    return kind[a] < 2 && kind[b] < 2 ? Math.log((nCurated + 1.0) / (dfCurated[t] + 1.0)) + 0.1 : idf(t);
  }

  /** Date compatibility: negative means incompatible; otherwise a small bonus or penalty. */
  double dateFit(int a, int b) {
    if (prec[a] == 0 || prec[b] == 0) return -opt.undatedPenalty;
    if (prec[a] == 2 && prec[b] == 2) {
      int d = daysApart(a, b);
      if (d > opt.dateWindowDays) return -1;
      return 0.1 * (1 - d / (double) opt.dateWindowDays);
    }
    int lo = Math.max(yearLo[a], yearLo[b]) - 1, hi = Math.min(yearHi[a], yearHi[b]) + 1;
    if (lo > hi) return surfacedLater(a, b);
    if (yearLo[a] == yearLo[b]) return 0.05;
    boolean overlap = Math.max(yearLo[a], yearLo[b]) <= Math.min(yearHi[a], yearHi[b]);
    if (overlap) return 0;
    if (opt.yearMismatchByDays && prec[a] + prec[b] == 3) { // one day-precision date, one year-precision
      int d = prec[a] == 2 ? a : b, y = d == a ? b : a;
      LocalDate dd = LocalDate.ofEpochDay(day[d]);
      if (dd.getDayOfYear() != 1) {
        long first = LocalDate.of(yearLo[y], 1, 1).toEpochDay(), last = LocalDate.of(Math.min(yearHi[y], 9999), 12, 31).toEpochDay();
        long gap = dayHi[d] < first ? first - dayHi[d] : day[d] > last ? day[d] - last : 0;
        return -opt.yearMismatch * Math.max(1, Math.min(2, gap / 365.0));
      }
    }
    return -opt.yearMismatch;
  }

  /** Days between two day- or month-precision dates: 0 when a month holds the other date or overlaps the other month. */
  private int daysApart(int a, int b) {
    return Math.max(0, Math.max(day[a], day[b]) - Math.min(dayHi[a], dayHi[b]));
  }

  /** The date term of an AIID date before an AIAAIC year by two years or more ({@link Options#surfacedLater}); −1 otherwise. */
  private double surfacedLater(int a, int b) {
    if (opt.surfacedLater <= 0 || kind[a] + kind[b] != 1) return -1;
    int aiid = kind[a] == 0 ? a : b, entry = aiid == a ? b : a;
    if (prec[aiid] == 0 || prec[entry] != 1 || yearHi[aiid] >= yearLo[entry]) return -1;
    return -opt.yearMismatch - opt.surfacedLater * (yearLo[entry] - yearHi[aiid] - 1);
  }

  /** Score for records with no shared entity: at least three shared words, and a penalty. */
  double scoreNoEntity(int a, int b) {
    double fit = dateFit(a, b);
    if (fit < -0.5 || reportConflict(a, b) || reportNamesDiffer(a, b)) return -1;
    Set<Integer> setB = new HashSet<>();
    double massA = 0, massB = 0, common = 0;
    int commonCount = 0;
    for (int t : toks[b]) {
      setB.add(t);
      massB += idf(t, a, b);
    }
    for (int t : toks[a]) {
      double w = idf(t, a, b);
      massA += w;
      if (setB.contains(t)) {
        common += w;
        commonCount++;
      }
    }
    double[] ex = fieldMatches(a, b, setB, Set.of());
    if (commonCount + ex[2] < 3) return -1;
    return Math.min(1, (common + ex[0] + ex[1]) / Math.max(1e-9, Math.min(massA + ex[0], massB + ex[1]))) + fit - opt.noEntityPenalty
        + embeddingTerm(a, b) + nameTerm(a, b) + countryTerm(a, b) + placeTerm(a, b);
  }

  /** Event score: IDF-weighted coverage of the shorter text's non-entity words, plus entity and date terms. */
  double score(int a, int b) {
    double fit = dateFit(a, b);
    if (fit < -0.5 || reportConflict(a, b)) return -1;
    int shared = 0;
    double rare = 0;
    Set<Integer> entToks = new HashSet<>();
    for (int x : ents[a]) {
      for (int y : ents[b]) {
        if (x != y) continue;
        shared++;
        int d = entDf[x];
        rare = Math.max(rare, d <= 3 ? 0.3 : d <= 6 ? 0.2 : d <= 12 ? 0.1 : 0);
      }
      if (entTokens.get(x) != null) entToks.addAll(entTokens.get(x));
    }
    for (int y : ents[b]) if (entTokens.get(y) != null) entToks.addAll(entTokens.get(y));
    if (shared == 0) return -1;
    double massA = 0, massB = 0, common = 0;
    int commonCount = 0;
    Set<Integer> setB = new HashSet<>();
    for (int t : toks[b]) if (!entToks.contains(t)) {
      setB.add(t);
      massB += idf(t, a, b);
    }
    for (int t : toks[a]) {
      if (entToks.contains(t)) continue;
      double w = idf(t, a, b);
      massA += w;
      if (setB.contains(t)) {
        common += w;
        commonCount++;
      }
    }
    double[] ex = fieldMatches(a, b, setB, entToks);
    if (commonCount + ex[2] < (rare >= 0.2 ? 1 : 2)) return -1;
    double sim = Math.min(1, (common + ex[0] + ex[1]) / Math.max(1e-9, Math.min(massA + ex[0], massB + ex[1])));
    return sim + 0.05 * (shared - 1) + rare + fit - (deployerConflict(a, b) ? opt.deployerConflictPenalty : 0) + embeddingTerm(a, b)
        + nameTerm(a, b) + countryTerm(a, b) + placeTerm(a, b);
  }

  /** weight × (cosine − centre) when both records have an embedding (both from a curated monitor), else 0. */
  double embeddingTerm(int a, int b) {
    if (emb == null || emb[a] == null || emb[b] == null) return 0;
    return opt.embeddingWeight * (Embeddings.dot(emb[a], emb[b]) - opt.embeddingCenter);
  }

  private record StoredVector(String textHash, byte[] vec) {}

  /**
   * Embeddings of the curated records: those stored for the same text are reused, the others taken from
   * {@link Embeddings} (bundled, cached or computed) and stored, so only new or changed records cost
   * model time on a re-run.
   */
  private void embed(Db db) {
    String[] texts = embText;
    embText = null;
    if (texts == null) return;
    List<Integer> curated = new ArrayList<>();
    for (int i = 0; i < n; i++) if (texts[i] != null) curated.add(i);
    if (curated.isEmpty()) return;
    Map<Long, StoredVector> stored = db.read(c -> {
      Map<Long, StoredVector> m = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT record_id, text_hash, vec FROM incident_embeddings WHERE model = ?")) {
        ps.setString(1, Embeddings.MODEL);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) m.put(rs.getLong(1), new StoredVector(rs.getString(2), rs.getBytes(3)));
        }
      }
      return m;
    });
    float[][] out = new float[n][];
    List<Integer> todo = new ArrayList<>();
    String[] hash = new String[n];
    for (int i : curated) {
      hash[i] = org.aigov.observatory.kernel.Hashing.sha256Hex(texts[i]);
      StoredVector s = stored.get(ids[i]);
      if (s != null && hash[i].equals(s.textHash()) && s.vec().length == 4 * Embeddings.DIM) out[i] = Embeddings.unpack(s.vec());
      else todo.add(i);
    }
    for (int from = 0; from < todo.size(); from += 256) {
      List<Integer> part = todo.subList(from, Math.min(todo.size(), from + 256));
      float[][] v = Embeddings.of(part.stream().map(i -> texts[i]).toList());
      if (v == null) return; // model unavailable: words only
      db.tx(c -> {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM incident_embeddings WHERE record_id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO incident_embeddings (record_id, model, text_hash, vec) VALUES (?,?,?,?)")) {
          for (int k = 0; k < part.size(); k++) {
            int i = part.get(k);
            out[i] = v[k];
            del.setLong(1, ids[i]);
            del.addBatch();
            ins.setLong(1, ids[i]);
            ins.setString(2, Embeddings.MODEL);
            ins.setString(3, hash[i]);
            ins.setBytes(4, Embeddings.pack(v[k]));
            ins.addBatch();
          }
          del.executeBatch();
          ins.executeBatch();
        }
        return null;
      });
    }
    emb = out;
  }

  /**
   * Words of one record's structured fields (AIAAIC technology, purpose, issues, system names) found in
   * the other record's text, and not already in the first record's own text: {IDF mass of a's field
   * words matched in b, of b's matched in a, count}. Fields only add evidence: unmatched field words
   * do not dilute the similarity.
   */
  private double[] fieldMatches(int a, int b, Set<Integer> setB, Set<Integer> skip) {
    double[] out = new double[3];
    if (opt.fieldWeight <= 0 || (fieldToks[a].length == 0 && fieldToks[b].length == 0)) return out; // off by default
    Set<Integer> setA = new HashSet<>();
    for (int t : toks[a]) setA.add(t);
    Set<Integer> ownB = new HashSet<>();
    for (int t : toks[b]) ownB.add(t);
    for (int t : fieldToks[a]) {
      if (!skip.contains(t) && !setA.contains(t) && ownB.contains(t)) {
        out[0] += opt.fieldWeight * idf(t, a, b);
        out[2]++;
      }
    }
    for (int t : fieldToks[b]) {
      if (!skip.contains(t) && !ownB.contains(t) && setA.contains(t)) {
        out[1] += opt.fieldWeight * idf(t, a, b);
        out[2]++;
      }
    }
    return out;
  }

  private void eventEdges(EdgeList edges, Stats st) {
    // group records by entity: a sorted array of (entity << 24 | record)
    int total = 0;
    for (int i = 0; i < n; i++) total += ents[i].length;
    long[] pairs = new long[total];
    int m = 0;
    for (int i = 0; i < n; i++) for (int e : ents[i]) pairs[m++] = ((long) e << 24) | i;
    Arrays.sort(pairs);
    int maxDf = Math.max(50, n / 50);
    for (int s = 0; s < m; ) {
      int e = s + 1;
      long ent = pairs[s] >>> 24;
      while (e < m && (pairs[e] >>> 24) == ent) e++;
      int size = e - s;
      if (size > 1) {
        Map<Integer, List<Integer>> byTok = new HashMap<>();
        for (int q = s; q < e; q++) {
          int i = (int) (pairs[q] & 0xFFFFFF);
          for (int t : blockTokens(i, maxDf)) byTok.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
        }
        Set<Long> done = new HashSet<>();
        for (List<Integer> list : byTok.values()) {
          if (list.size() < 2 || list.size() > opt.maxBlock) continue;
          for (int x = 0; x < list.size(); x++) {
            for (int y = x + 1; y < list.size(); y++) {
              int a = Math.min(list.get(x), list.get(y)), b = Math.max(list.get(x), list.get(y));
              boolean sameMonitor = kind[a] == kind[b] && kind[a] < 2; // curated entries of one monitor: text links only
              if (sameMonitor && !sameMonitorCandidate(a, b)) continue;
              if (!done.add(pairKey(a, b))) continue;
              if (minSharedEntity(a, b) != ent) continue; // score each pair once
              double sc = score(a, b);
              if (sameMonitor) {
                if (sc >= opt.sameMonitorSuggest) suggest.offer(a, b, sc, MergeSuggestions.SAME_MONITOR);
              } else if (sc >= opt.threshold) addEvent(edges, a, b, sc);
              else nearMiss(a, b, sc);
            }
          }
        }
      }
      s = e;
    }
  }

  /**
   * Two entries of one monitor are never linked automatically (each monitor's editors keep related events apart on
   * purpose), but a pair dated to the same day within {@link Options#sameMonitorDays} is scored as a suggestion.
   */
  private boolean sameMonitorCandidate(int a, int b) {
    return opt.suggestBand > 0 && opt.sameMonitorDays >= 0 && prec[a] == 2 && prec[b] == 2 && dayHi[a] == day[a] && dayHi[b] == day[b]
        && Math.abs(day[a] - day[b]) <= opt.sameMonitorDays;
  }

  /** Event matches to an undated curated entry held back by {@link #addEvent}, for {@link #singleOccurrenceEdges}. */
  private EdgeList undated;

  /**
   * The held-back event match of an undated entry that has one partner, when that partner is the only record of its
   * monitor naming any of the entities the two share: the system's single recorded occurrence
   * ({@link Options#undatedSingleLinks}).
   */
  private void singleOccurrenceEdges(EdgeList edges) {
    Map<Integer, Integer> partner = new HashMap<>(); // profile -> its one partner, or -1 when it has several
    for (int e = 0; e < undated.size; e++) {
      int p = profileOf(undated.a[e], undated.b[e]), o = p == undated.a[e] ? undated.b[e] : undated.a[e];
      partner.merge(p, o, (x, y) -> x.equals(y) ? x : -1);
    }
    Map<Long, Integer> named = new HashMap<>(); // (entity, monitor) -> records of that monitor naming it, for shared entities of single partners
    for (Map.Entry<Integer, Integer> m : partner.entrySet()) {
      if (m.getValue() < 0) continue;
      for (int x : ents[m.getKey()]) for (int y : ents[m.getValue()]) if (x == y) named.put(((long) x << 2) | kind[m.getValue()], 0);
    }
    if (!named.isEmpty()) for (int i = 0; i < n; i++) for (int x : ents[i]) named.computeIfPresent(((long) x << 2) | kind[i], (k, c) -> c + 1);
    Set<Integer> taken = new HashSet<>();
    for (int e = 0; e < undated.size; e++) {
      int p = profileOf(undated.a[e], undated.b[e]), o = partner.get(p);
      if (o < 0 || !taken.add(p)) continue;
      boolean only = true;
      for (int x : ents[p]) for (int y : ents[o]) if (x == y && named.get(((long) x << 2) | kind[o]) > 1) only = false;
      if (only) edges.add(undated.a[e], undated.b[e], undated.score[e], T_EVENT_UNDATED);
    }
    undated = null;
  }

  private int profileOf(int a, int b) {
    return kind[a] < 2 && prec[a] == 0 ? a : b;
  }

  /** An event link, unless it joins an undated curated entry and {@link Options#undatedEventLinks} is off. */
  private void addEvent(EdgeList edges, int a, int b, double score) {
    byte type = eventType(a, b);
    if (type == T_EVENT_UNDATED && !opt.undatedEventLinks) {
      if (opt.undatedSingleLinks) undated.add(a, b, (float) score, type);
      return;
    }
    edges.add(a, b, (float) score, type);
  }

  /**
   * Event links to an undated curated entry (in AIAAIC mostly a profile of a system rather than one
   * occurrence) are applied after all dated event links, so a dated entry about the occurrence wins.
   */
  private byte eventType(int a, int b) {
    return (kind[a] < 2 && prec[a] == 0) || (kind[b] < 2 && prec[b] == 0) ? T_EVENT_UNDATED : T_EVENT;
  }

  /**
   * AIID–AIAAIC pairs among each curated record's {@link Options#embeddingNeighbours} nearest records of the
   * other monitor (cosine of the linkage embeddings), scored like the blocked pairs when no blocking
   * produced them. Brute force over the curated records only (AIID × AIAAIC dot products: about 2 × 10^6
   * for the shipped data); records from feeds and bulk sources have no embedding and take no part.
   */
  private void embeddingNeighbourEdges(EdgeList edges) {
    int k = opt.embeddingNeighbours;
    if (k <= 0 || emb == null) return;
    int[] aiid = java.util.stream.IntStream.range(0, n).filter(i -> kind[i] == 0 && emb[i] != null).toArray();
    int[] aiaaic = java.util.stream.IntStream.range(0, n).filter(i -> kind[i] == 1 && emb[i] != null).toArray();
    if (aiid.length == 0 || aiaaic.length == 0) return;
    // one pass over the cosine matrix keeps the k best of every row (AIID) and every column (AIAAIC)
    TopK[] rows = new TopK[aiid.length], cols = new TopK[aiaaic.length];
    for (int y = 0; y < aiaaic.length; y++) cols[y] = new TopK(k);
    for (int x = 0; x < aiid.length; x++) {
      rows[x] = new TopK(k);
      float[] v = emb[aiid[x]];
      for (int y = 0; y < aiaaic.length; y++) {
        if (dateFit(aiid[x], aiaaic[y]) < -0.5) continue; // could never score: keep the k places for compatible dates
        double c = dot4(v, emb[aiaaic[y]]);
        rows[x].offer(aiaaic[y], c);
        cols[y].offer(aiid[x], c);
      }
    }
    // pairs already proposed: only AIID–AIAAIC ones can recur here, so bulk records' edges are not boxed into the set
    Set<Long> seen = new HashSet<>();
    for (EdgeList l : new EdgeList[] {edges, near}) {
      for (int e = 0; e < l.size; e++) if (kind[l.a[e]] + kind[l.b[e]] == 1) seen.add(pairKey(l.a[e], l.b[e]));
    }
    for (int side = 0; side < 2; side++) {
      int[] from = side == 0 ? aiid : aiaaic;
      TopK[] tops = side == 0 ? rows : cols;
      for (int x = 0; x < from.length; x++) {
        for (int q = 0; q < tops[x].size; q++) {
          int a = Math.min(from[x], tops[x].id[q]), b = Math.max(from[x], tops[x].id[q]);
          if (!seen.add(pairKey(a, b))) continue;
          double sc = minSharedEntity(a, b) != Long.MAX_VALUE ? score(a, b) : scoreNoEntity(a, b);
          if (sc >= opt.threshold) addEvent(edges, a, b, sc);
          else nearMiss(a, b, sc);
        }
      }
    }
  }

  /** Dot product for ranking only: float sums in four lanes (twice as fast as {@link Embeddings#dot}). */
  private static float dot4(float[] a, float[] b) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** The k highest-scoring ids offered, best first (insertion into a small sorted buffer). */
  private static final class TopK {
    final int[] id;
    final double[] sc;
    int size;

    TopK(int k) {
      id = new int[k];
      sc = new double[k];
    }

    void offer(int i, double c) {
      if (size == id.length && c <= sc[size - 1]) return;
      int p = size < id.length ? size++ : size - 1;
      while (p > 0 && sc[p - 1] < c) {
        sc[p] = sc[p - 1];
        id[p] = id[p - 1];
        p--;
      }
      sc[p] = c;
      id[p] = i;
    }
  }

  private static long pairKey(int a, int b) {
    return ((long) Math.min(a, b) << 24) | Math.max(a, b);
  }

  /** Records with no shared entity: block on pairs of their rarest title words. */
  private void wordPairEdges(EdgeList edges) {
    int maxDf = Math.max(50, n / 50);
    long[] keys = new long[n * 6];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int[] kt = Arrays.stream(keyToks[i]).filter(t -> df[t] <= maxDf && df[t] > 1).boxed()
          .sorted((x, y) -> Integer.compare(df[x], df[y])).limit(4).mapToInt(Integer::intValue).toArray();
      for (int x = 0; x < kt.length; x++) {
        for (int y = x + 1; y < kt.length; y++) {
          long h = Tokens.mix(((long) Math.min(kt[x], kt[y]) << 32) | Math.max(kt[x], kt[y]));
          if (m == keys.length) keys = Arrays.copyOf(keys, m * 2);
          keys[m++] = (h & 0xFFFFFFFFFF000000L) | i;
        }
      }
    }
    Arrays.sort(keys, 0, m);
    Set<Long> done = new HashSet<>();
    for (int s = 0; s < m; ) {
      int e = s + 1;
      while (e < m && (keys[e] & 0xFFFFFFFFFF000000L) == (keys[s] & 0xFFFFFFFFFF000000L)) e++;
      if (e - s > 1 && e - s <= opt.maxBlock) {
        for (int x = s; x < e; x++) {
          for (int y = x + 1; y < e; y++) {
            int a = (int) Math.min(keys[x] & 0xFFFFFF, keys[y] & 0xFFFFFF), b = (int) Math.max(keys[x] & 0xFFFFFF, keys[y] & 0xFFFFFF);
            if (a == b || (kind[a] == kind[b] && kind[a] < 2)) continue;
            if (minSharedEntity(a, b) != Long.MAX_VALUE) continue; // handled by entity blocking
            if (!done.add(pairKey(a, b))) continue;
            double sc = scoreNoEntity(a, b);
            if (sc >= opt.threshold) addEvent(edges, a, b, sc);
            else nearMiss(a, b, sc);
          }
        }
      }
      s = e;
    }
  }

  /** Both records name deployers and neither mentions any of the other's. */
  boolean deployerConflict(int a, int b) {
    if (depl[a].length == 0 || depl[b].length == 0) return false;
    for (int x : depl[a]) for (int y : ents[b]) if (x == y) return false;
    for (int x : depl[b]) for (int y : ents[a]) if (x == y) return false;
    if (opt.deployerWords) {
      for (int x : deplWords[a]) for (int y : partyWords[b]) if (x == y) return false;
      for (int x : deplWords[b]) for (int y : partyWords[a]) if (x == y) return false;
    }
    return true;
  }

  /**
   * A pair involving a non-curated record whose deployers differ ({@link Options#reportDeployerConflict}) or whose
   * countries do ({@link Options#reportCountryConflict}).
   */
  private boolean reportConflict(int a, int b) {
    if (kind[a] != 2 && kind[b] != 2) return false;
    if (opt.reportDeployerConflict && deployerConflict(a, b)) return true;
    return reportCountriesDiffer(a, b);
  }

  /** {@link Options#reportCountryConflict}: both name countries and share none. */
  private boolean reportCountriesDiffer(int a, int b) {
    return opt.reportCountryConflict && ctry[a] != 0 && ctry[b] != 0 && !sharesCountry(a, b);
  }

  private boolean sharesCountry(int a, int b) {
    for (long x = ctry[a]; x != 0; x >>>= 10) for (long y = ctry[b]; y != 0; y >>>= 10) if ((x & 1023) == (y & 1023)) return true;
    return false;
  }

  /**
   * {@link Options#reportNameConflict}: both titles name someone or somewhere, and neither record mentions the other's;
   * for Chinese titles (no capitals to go by), each title has at least two of its recurring two-character runs that the
   * other record's text lacks ({@link #zhTitleNames}).
   */
  private boolean reportNamesDiffer(int a, int b) {
    if (zhNames[a].length > 0 && zhNames[b].length > 0 && absent(zhNames[a], toks[b]) >= ZH_NAMES_ABSENT && absent(zhNames[b], toks[a]) >= ZH_NAMES_ABSENT)
      return true;
    if (capToks[a].length == 0 || capToks[b].length == 0) return false;
    return !anyIn(capToks[a], toks[b]) && !anyIn(capToks[b], toks[a]);
  }

  /** How many of {@code xs} are not in {@code words}. */
  private static int absent(int[] xs, int[] words) {
    int n = xs.length;
    for (int x : xs) {
      for (int y : words) {
        if (y == x) {
          n--;
          break;
        }
      }
    }
    return n;
  }

  /**
   * The two-character words of a Chinese title (as {@link #words} makes them) that recur in the record's text (its
   * similarity words {@code simWords}: title and start of body), at most 16. Names recur: a template filled in for
   * another city, company and system ("深圳市华安科技公司的慧眼人脸识别系统误认身份" / "杭州市星辰智能公司的天眼…") shares every
   * other word with its twin, but its names recur in its own text and are missing from the other's.
   */
  static List<String> zhTitleNames(String title, List<String> simWords) {
    if (title == null || title.codePoints().noneMatch(Tokens::isCjk)) return List.of();
    Map<String, Integer> seen = new HashMap<>(); // simWords hold the title too: a recurring word is there twice
    for (String w : simWords) if (zhNameLike(w)) seen.merge(w, 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (String w : words(Tokens.content(title))) if (zhNameLike(w) && seen.getOrDefault(w, 0) >= 2 && !out.contains(w) && out.size() < 16) out.add(w);
    return out;
  }

  /** A two-character Chinese word, or a Latin word of two or more letters in a Chinese title (OpenAI的ChatGPT, 谷歌的Gemini). */
  private static boolean zhNameLike(String w) {
    return w.length() == 2 && Tokens.isCjk(w.codePointAt(0)) || w.length() >= 2 && !Tokens.isCjk(w.codePointAt(0)) && Character.isLetter(w.codePointAt(0));
  }

  /**
   * How many of a Chinese title's names the other record's text must lack, on each side, for two reports to be two
   * events: one. Two had let templates that differ in one place only (深圳 / 广州 hospitals) merge; a copy or summary of
   * one story lacks none of the other's, since it retells it (an outside QA pass's 46 labelled reports, docs/incidents.md).
   */
  static final int ZH_NAMES_ABSENT = 1;

  private static boolean anyIn(int[] xs, int[] ys) {
    for (int x : xs) for (int y : ys) if (x == y) return true;
    return false;
  }

  /**
   * Near-identical text of a report and another record is no link when dated far apart ({@link Options#reportTextWindowDays}),
   * or when their deployers, countries or titles' names differ as for event links: a template filled in for another city
   * or company shares most of its shingles, a syndicated copy of one story shares its places and names too (different
   * deployers had stopped only event links: an outside QA pass's two hospitals, named as such, merged on their text).
   */
  private boolean textLinkAllowed(int a, int b) {
    if (kind[a] != 2 && kind[b] != 2) return true;
    if (prec[a] == 2 && prec[b] == 2 && daysApart(a, b) > opt.reportTextWindowDays) return false;
    return !reportConflict(a, b) && !reportNamesDiffer(a, b);
  }

  private long minSharedEntity(int a, int b) {
    long best = Long.MAX_VALUE;
    for (int x : ents[a]) for (int y : ents[b]) if (x == y && x < best) best = x;
    return best;
  }

  /** Title words, plus for long texts the rarest few words of the start of the body. */
  private int[] blockTokens(int i, int maxDf) {
    int[] title = keyToks[i];
    List<Integer> out = new ArrayList<>();
    for (int t : title) if (df[t] <= maxDf) out.add(t);
    if (toks[i].length > title.length) {
      int[] rest = Arrays.stream(toks[i]).filter(t -> df[t] <= maxDf).boxed()
          .sorted((x, y) -> Integer.compare(df[x], df[y])).limit(8).mapToInt(Integer::intValue).toArray();
      for (int t : rest) if (!out.contains(t)) out.add(t);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  // ------------------------------------------------------------------ output

  /** The secondary indexes of the two tables a clustering run rewrites (as in V4_1). */
  static final String[] WRITE_INDEXES = {
      "CREATE INDEX IF NOT EXISTS incidents_date ON incidents (first_date)",
      "CREATE INDEX IF NOT EXISTS incident_members_incident ON incident_members (incident_id)"};

  /** Creates the indexes a clustering run drops while it writes, if a run killed meanwhile left them dropped. */
  public static void ensureWriteIndexes(Db db) {
    db.tx(c -> {
      try (Statement s = c.createStatement()) {
        for (String ddl : WRITE_INDEXES) s.execute(ddl);
      }
      return null;
    });
  }

  /**
   * On H2 the two secondary indexes are dropped before the rewrite and built again after it: maintained row by row, they
   * made H2 rewrite most of their pages at every flush (re-clustering 10^6 records: 81–86 s of writing, against 39–45 s
   * including the rebuild). Dropping is DDL and commits at once, but the rewrite is still one transaction: readers
   * meanwhile see the previous incidents, only without these indexes. PostgreSQL maintains them well, so it keeps them.
   */
  private void write(Db db, long[] incidentOf, byte[] via, float[] viaScore, Stats st) {
    boolean rebuild = db.dialect == Db.Dialect.H2;
    if (rebuild) {
      db.tx(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP INDEX IF EXISTS incidents_date");
          s.execute("DROP INDEX IF EXISTS incident_members_incident");
        }
        return null;
      });
    }
    RuntimeException failed = null;
    try {
      rewrite(db, incidentOf, via, viaScore, st);
    } catch (RuntimeException e) {
      failed = e;
      throw e;
    } finally {
      if (rebuild) {
        try {
          ensureWriteIndexes(db);
        } catch (RuntimeException e) {
          if (failed == null) throw e;
          failed.addSuppressed(e); // the rewrite's own failure is the one to report
        }
      }
    }
  }

  private void rewrite(Db db, long[] incidentOf, byte[] via, float[] viaScore, Stats st) {
    List<Topics.Topic> topics = db.read(Topics::all);
    Topics.Matcher tm = new Topics.Matcher(topics);
    db.tx(c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM incident_members");
        s.executeUpdate("DELETE FROM incidents");
      }
      // The aggregates are built on a second thread (scan and topic matching) while this one inserts
      // the memberships; completed aggregates come back through a bounded queue and are inserted here.
      java.util.concurrent.BlockingQueue<Object> done = new java.util.concurrent.ArrayBlockingQueue<>(4096);
      Object end = new Object();
      Thread scanner = Daemons.start("cluster-aggregates", () -> {
        Object last = end;
        try {
          aggregateAll(db, tm, incidentOf, agg -> {
            try {
              done.put(agg);
            } catch (InterruptedException e) {
              throw new IllegalStateException("interrupted", e);
            }
          });
        } catch (Throwable t) {
          last = t;
        }
        try {
          done.put(last);
        } catch (InterruptedException ignored) {
          // the writer gave up
        }
      });
      if (scanFirst) scanner.join();
      Timestamp now = Timestamp.from(Instant.now());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_members (record_id, incident_id, via, score) VALUES (?,?,?,?)");
           PreparedStatement ins = c.prepareStatement("INSERT INTO incidents (id, title, first_date, record_count, sources, risk_domain,"
               + " risk_layers, harm_types, sectors, countries, topics, updated_at, date_precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        int[] pending = {0};
        boolean finished = false; // the scanner may finish before the memberships are all inserted
        for (int i = 0; i < n; i++) {
          ps.setLong(1, ids[i]);
          ps.setLong(2, incidentOf[i]);
          ps.setString(3, via[i] < 0 ? "single" : VIA[via[i]]);
          if (via[i] < 0) ps.setNull(4, Types.DOUBLE);
          else ps.setDouble(4, Math.round(viaScore[i] * 1000) / 1000.0);
          ps.addBatch();
          if (i % memberBatch == memberBatch - 1) {
            ps.executeBatch();
            for (Object o; !finished && (o = done.poll()) != null; ) finished = insertAgg(o, end, ins, tm, now, st, pending);
          }
        }
        ps.executeBatch();
        while (!finished) finished = insertAgg(done.take(), end, ins, tm, now, st, pending);
        ins.executeBatch();
        if (beforeCommit != null) beforeCommit.run();
      } finally {
        scanner.interrupt();
        scanner.join();
      }
      Trends.bump(c);
      return null;
    });
  }

  /** Memberships per batch, between which finished aggregates are inserted. */
  int memberBatch = 5000;
  /** For tests: let the aggregate scan finish before the memberships are inserted. */
  boolean scanFirst;
  /** For tests: runs in the rewrite's transaction once every row is written, before it commits. */
  Runnable beforeCommit;
  /** For tests: runs once the run has read the decisions and linked, before its write-out. */
  Runnable linked;

  /** Inserts one aggregate from the queue; true at the end marker. */
  private static boolean insertAgg(Object o, Object end, PreparedStatement ins, Topics.Matcher tm, Timestamp now, Stats st, int[] pending) throws Exception {
    if (o == end) return true;
    if (o instanceof RuntimeException e) throw e;
    if (o instanceof Error e) throw e;
    if (o instanceof Throwable t) throw new IllegalStateException(t);
    ((Agg) o).insert(ins, tm, now, st);
    if (++pending[0] % 5000 == 0) ins.executeBatch();
    return false;
  }

  /**
   * Every incident's aggregate from one scan of the records in id order, with no join and no sort: an
   * incident's aggregate is handed on as soon as its last record has passed, so only incidents still
   * waiting for records are held. Same rows as {@link #aggregate} over all incidents; the join sorted
   * all records with their texts by incident, which took a third of clustering. Records are not
   * changed by the clustering transaction, so another connection reads them.
   */
  private void aggregateAll(Db db, Topics.Matcher tm, long[] incidentOf, java.util.function.Consumer<Agg> out) {
    // records of each incident (an incident id is the id of its first record)
    Map<Long, int[]> left = new HashMap<>();
    for (int i = 0; i < n; i++) if (incidentOf[i] != ids[i]) left.computeIfAbsent(incidentOf[i], k -> new int[] {1})[0]++;
    Map<Long, Agg> open = new HashMap<>();
    db.read(rc -> {
      streamRows(rc, "SELECT id, source, title, body, pub_date, risk_domain, risk_layers, harm_types, sectors, countries, date_text"
            + " FROM incident_records ORDER BY id", rs -> {
          while (rs.next()) {
            int i = index(rs.getLong(1));
            if (i < 0) continue; // added after loading: not in this run's incidents
            long inc = incidentOf[i];
            int[] rest = left.get(inc);
            Agg agg = rest == null ? new Agg(inc, tm) : open.computeIfAbsent(inc, k -> new Agg(k, tm));
            agg.add(rs);
            if (rest != null && --rest[0] > 0) continue;
            if (rest != null) open.remove(inc);
            out.accept(agg);
          }
      });
      return null;
    });
    if (!open.isEmpty()) throw new IllegalStateException(open.size() + " incidents lost records during clustering");
  }

  /** One pass over records ordered by incident, writing each incident's aggregate as it completes. */
  static void aggregate(Connection c, Topics.Matcher tm, Stats st, List<Long> only) throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    try (Statement s = c.createStatement();
         PreparedStatement ins = c.prepareStatement("INSERT INTO incidents (id, title, first_date, record_count, sources, risk_domain,"
             + " risk_layers, harm_types, sectors, countries, topics, updated_at, date_precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      s.setFetchSize(2000);
      String where = "";
      if (only != null) {
        StringBuilder sb = new StringBuilder(" WHERE m.incident_id IN (");
        for (int i = 0; i < only.size(); i++) sb.append(i == 0 ? "" : ",").append(only.get(i).longValue());
        where = sb.append(')').toString();
      }
      try (ResultSet rs = s.executeQuery("SELECT m.incident_id, r.source, r.title, r.body, r.pub_date, r.risk_domain, r.risk_layers,"
          + " r.harm_types, r.sectors, r.countries, r.date_text FROM incident_members m JOIN incident_records r ON r.id = m.record_id" + where
          + " ORDER BY m.incident_id, r.id")) {
        Agg agg = null;
        int batch = 0;
        while (rs.next()) {
          long inc = rs.getLong(1);
          if (agg == null || agg.id != inc) {
            if (agg != null) {
              agg.insert(ins, tm, now, st);
              if (++batch % 5000 == 0) ins.executeBatch();
            }
            agg = new Agg(inc, tm);
          }
          agg.add(rs);
        }
        if (agg != null) agg.insert(ins, tm, now, st);
        ins.executeBatch();
      }
    }
  }

  static final String DAY = "day", MONTH = "month", YEAR = "year";

  /**
   * How precisely a record's date is known: {@link #YEAR} (AIAAIC; a bare year), {@link #MONTH} (a bare year-month such
   * as "2024-03", stored as its 1st, which must not count as a report of that day) or {@link #DAY}.
   */
  static String precision(String source, String dateText) {
    if ("aiaaic".equals(source)) return YEAR;
    if (dateText == null) return DAY;
    String t = Dates.yearMonth(dateText.strip());
    if (t.length() != 4 && t.length() != 7) return DAY;
    for (int i = 0; i < t.length(); i++) if (i == 4 ? t.charAt(i) != '-' : t.charAt(i) < '0' || t.charAt(i) > '9') return DAY;
    return t.length() == 4 ? YEAR : MONTH;
  }

  /** A date as precisely as it is known: 2024-03-17, 2024-03 or 2024. */
  static String shown(LocalDate d, String precision) {
    return YEAR.equals(precision) ? Integer.toString(d.getYear()) : MONTH.equals(precision) ? d.toString().substring(0, 7) : d.toString();
  }

  private static final class Agg {
    final long id;
    int count, rank = 99;
    String title, domain;
    LocalDate dayDate, monthDate, yearDate;
    final Set<String> sources = new LinkedHashSet<>(), layers = new LinkedHashSet<>(), harms = new LinkedHashSet<>(),
        sectors = new LinkedHashSet<>(), countries = new LinkedHashSet<>();
    final Topics.Matcher.Stream topics;
    int textLength;

    Agg(long id, Topics.Matcher tm) {
      this.id = id;
      this.topics = tm.new Stream();
    }

    void add(String source, String title, String body, Date date, String precision, String domain, String layers, String harms, String sectors,
        String countries) {
      count++;
      sources.add(source);
      int r = "aiid".equals(source) ? 0 : "aiaaic".equals(source) ? 1 : 2;
      if (r < rank && title != null) {
        rank = r;
        this.title = title;
        this.domain = domain;
      }
      if (this.title == null) this.title = title;
      if (this.domain == null) this.domain = domain;
      if (date != null) {
        LocalDate d = date.toLocalDate();
        if (YEAR.equals(precision)) {
          if (yearDate == null || d.isBefore(yearDate)) yearDate = d;
        } else if (MONTH.equals(precision)) {
          if (monthDate == null || d.isBefore(monthDate)) monthDate = d;
        } else if (dayDate == null || d.isBefore(dayDate)) dayDate = d;
      }
      this.layers.addAll(RecordWriter.split(layers));
      this.harms.addAll(RecordWriter.split(harms));
      this.sectors.addAll(RecordWriter.split(sectors));
      this.countries.addAll(RecordWriter.split(countries));
      if (textLength < 20000) { // topics are matched on the first ~20,000 characters of the records' texts
        StringBuilder piece = new StringBuilder();
        if (title != null) piece.append(title).append(" . ");
        if (sectors != null) piece.append(sectors).append(" . ");
        if (body != null) piece.append(body, 0, Math.min(body.length(), 4000)).append(" . ");
        textLength += piece.length();
        if (piece.length() > 0) topics.add(piece.toString());
      }
    }

    void add(ResultSet rs) throws java.sql.SQLException {
      add(rs.getString(2), rs.getString(3), rs.getString(4), rs.getDate(5), precision(rs.getString(2), rs.getString(11)), rs.getString(6),
          rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    void insert(PreparedStatement ins, Topics.Matcher tm, Timestamp now, Stats st) throws Exception {
      if (count > 1 && st != null) st.multiRecordIncidents++;
      List<String> ordered = Classifier.ordered(layers);
      // the most precise date known; a month-dated report does not make a day-dated incident
      LocalDate d = dayDate != null ? dayDate : monthDate != null ? monthDate : yearDate;
      ins.setLong(1, id);
      ins.setString(2, title == null ? null : title.length() > 3990 ? title.substring(0, 3990) : title);
      if (d == null) ins.setNull(3, Types.DATE);
      else ins.setDate(3, Date.valueOf(d));
      ins.setInt(4, count);
      ins.setString(5, cap(String.join("; ", sources), 490));
      ins.setString(6, domain);
      ins.setString(7, String.join("; ", ordered));
      ins.setString(8, cap(String.join("; ", harms), 3990));
      ins.setString(9, cap(String.join("; ", sectors), 1990));
      ins.setString(10, cap(String.join("; ", countries), 990));
      ins.setString(11, String.join("; ", tm.ids(topics.bits()))); // at most 63 ids of 64 characters: 4,158 of the column's 8,000 (V4_33)
      ins.setTimestamp(12, now);
      ins.setString(13, dayDate != null ? DAY : monthDate != null ? MONTH : yearDate != null ? YEAR : null);
      ins.addBatch();
    }

    static String cap(String s, int n) {
      return s.isEmpty() ? null : org.aigov.observatory.kernel.Utf8.cut(s, n);
    }
  }
}
