package org.aigov.observatory.incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;

/**
 * Incident counts per period, split by any facet, with the standardized count (a selection's share
 * of all incidents in the period, as the OECD AI Incidents Monitor reports it). Queries run over a
 * compact in-memory column index of the incidents table, rebuilt only when a clustering run or an
 * editor's decision changed the incidents (a generation number in the settings table).
 */
public final class Trends {
  public static final List<String> FACETS = List.of("source", "risk_domain", "risk_layer", "country", "sector", "harm_type", "topic");
  public static final List<String> GRANULARITIES = List.of("day", "week", "month", "year");

  /** Column index: one entry per incident; multi-valued facets in CSR form. */
  static final class Index {
    final long generation;
    int n;
    int[] day;
    /** The distinct dates (epoch days, ascending) and, per incident, the position of its date there (-1: undated). */
    int[] days = new int[0];
    int[] dayIdx;
    /**
     * Incidents dated only to the year or to the month, and the dates some incident dated to the day has (week and day
     * series count only those) or to the day or month (month series count those).
     */
    java.util.BitSet yearOnly = new java.util.BitSet(), monthOnly = new java.util.BitSet();
    boolean[] preciseDay = new boolean[0], preciseMonth = new boolean[0];
    final Map<String, String[]> values = new HashMap<>();
    final Map<String, int[]> offsets = new HashMap<>();
    final Map<String, int[]> codes = new HashMap<>();

    Index(long generation) {
      this.generation = generation;
    }

    int code(String facet, String value) {
      String[] v = values.get(facet);
      value = FacetLabels.canonical(facet, value); // a filter on a variant spelling finds the canonical value's incidents
      for (int i = 0; i < v.length; i++) if (v[i].equalsIgnoreCase(value)) return i;
      // a risk domain by its number, as the list takes it: "7" is "7. AI system safety, …"
      if ("risk_domain".equals(facet) && value.matches("\\d{1,2}"))
        for (int i = 0; i < v.length; i++) if (v[i].startsWith(value + ".")) return i;
      return -1;
    }

    boolean has(String facet, int i, int code) {
      int[] off = offsets.get(facet), c = codes.get(facet);
      for (int k = off[i]; k < off[i + 1]; k++) if (c[k] == code) return true;
      return false;
    }
  }

  private static final Map<String, Index> CACHE = new ConcurrentHashMap<>();

  static long generation(Db db) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = 'incidents.generation'");
           ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Long.parseLong(rs.getString(1)) : 0L;
      }
    });
  }

  /** Marks incidents as changed; called inside the writer's transaction. */
  static void bump(java.sql.Connection c) throws Exception {
    String v = Long.toString(System.nanoTime() ^ System.currentTimeMillis() << 20);
    try (PreparedStatement up = c.prepareStatement("UPDATE settings SET value = ? WHERE name = 'incidents.generation'")) {
      up.setString(1, v);
      if (up.executeUpdate() > 0) return;
    }
    try (PreparedStatement in = c.prepareStatement("INSERT INTO settings (name, value) VALUES ('incidents.generation', ?)")) {
      in.setString(1, v);
      in.executeUpdate();
    }
  }

  /** The stored risk domain a number stands for ("4" → "4. Malicious Actors and Misuse"); null when no incident has it. */
  static String riskDomain(Db db, String number) {
    Index ix = index(db);
    int i = ix.code("risk_domain", number);
    return i < 0 ? null : ix.values.get("risk_domain")[i];
  }

  /** Whether the trend index of {@code db} is built and current. */
  static boolean indexed(Db db) {
    return current(db, generation(db)) != null;
  }

  private static Index current(Db db, long gen) {
    Index cached = CACHE.get(db.url);
    return cached != null && cached.generation == gen ? cached : null;
  }

  /**
   * Builds the trend index and runs each common query shape once, on a low-priority daemon thread, as {@code serve} starts:
   * otherwise the first analyst's query waits for the build (9.4 s over 10^6 incidents on a slow host) and runs before the
   * JIT has compiled the query path (a shape's first use took up to 111.8 ms there, warm ones 29–36 ms: docs/benchmarks.md).
   */
  public static Thread warmUp(Db db) {
    return Daemons.startIdle("trends-warm-up", () -> {
      try {
        for (String series : new String[] {"granularity=month", "granularity=month;topic=military;standardize=true",
            "granularity=week;split=country", "granularity=day;risk_layer=geopolitical", "granularity=year;split=risk_domain"}) {
          query(db, Alerts.queryOf(series));
        }
      } catch (RuntimeException e) {
        System.err.println("trend warm-up: " + e.getMessage()); // the first query then builds the index itself
      }
    });
  }

  static Index index(Db db) {
    long gen = generation(db);
    Index cached = current(db, gen);
    if (cached != null) return cached;
    // generation 0 (never bumped) is every new store's: a file of it could belong to a store since replaced
    java.util.Optional<java.nio.file.Path> dir = gen == 0 ? java.util.Optional.empty() : db.dataDir();
    Index idx = dir.map(d -> TrendIndexFile.load(d, gen)).orElse(null);
    if (idx == null) {
      idx = build(db, gen);
      if (dir.isPresent()) {
        try {
          TrendIndexFile.save(dir.get(), idx);
        } catch (java.io.IOException | RuntimeException e) {
          System.err.println("trend index not saved beside the store (" + e.getMessage() + "); the next process builds it again");
        }
      }
    }
    CACHE.put(db.url, idx);
    return idx;
  }

  /** Index builds from the incidents table in this process (tests tell a file's use from a rebuild by it). */
  static final java.util.concurrent.atomic.AtomicInteger BUILDS = new java.util.concurrent.atomic.AtomicInteger();

  /** Drops this process's copy of the index of {@code db}, as a new process starts without one. */
  static void forget(Db db) {
    CACHE.remove(db.url);
  }

  private static Index build(Db db, long gen) {
    BUILDS.incrementAndGet();
    Index idx = new Index(gen);
    return db.read(c -> {
      int count;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incidents")) {
        rs.next();
        count = rs.getInt(1);
      }
      idx.day = new int[count];
      Map<String, Map<String, Integer>> dict = new HashMap<>();
      Map<String, IntList> offs = new HashMap<>(), cods = new HashMap<>();
      for (String f : FACETS) {
        dict.put(f, new LinkedHashMap<>());
        IntList o = new IntList();
        o.add(0);
        offs.put(f, o);
        cods.put(f, new IntList());
      }
      boolean ac = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(5000);
        try (ResultSet rs = s.executeQuery("SELECT first_date, sources, risk_domain, risk_layers, countries, sectors, harm_types, topics,"
            + " date_precision FROM incidents")) {
          int i = 0;
          idx.yearOnly = new java.util.BitSet(count);
          idx.monthOnly = new java.util.BitSet(count);
          while (rs.next() && i < count) {
            java.sql.Date d = rs.getDate(1);
            idx.day[i] = d == null ? Integer.MIN_VALUE : (int) d.toLocalDate().toEpochDay();
            String precision = d == null ? null : rs.getString(FACETS.size() + 2);
            if (Clusterer.YEAR.equals(precision)) idx.yearOnly.set(i);
            else if (Clusterer.MONTH.equals(precision)) idx.monthOnly.set(i);
            for (int f = 0; f < FACETS.size(); f++) {
              String facet = FACETS.get(f);
              String raw = rs.getString(f + 2);
              List<String> vals = facet.equals("risk_domain") ? (raw == null ? List.of() : List.of(raw)) : RecordWriter.split(raw);
              Map<String, Integer> dm = dict.get(facet);
              IntList cl = cods.get(facet);
              int first = cl.size;
              // one value for a source's two spellings, and each value of a cell that joined two
              for (String raw1 : vals) for (String v : FacetLabels.canonicalValues(facet, raw1)) {
                Integer code = dm.get(v);
                if (code == null) dm.put(v, code = dm.size());
                boolean dup = false; // an incident with both spellings counts once
                for (int k = first; k < cl.size; k++) dup |= cl.a[k] == code;
                if (!dup) cl.add(code);
              }
              offs.get(facet).add(cl.size);
            }
            i++;
          }
          idx.n = i;
        }
      } finally {
        c.setAutoCommit(ac);
      }
      idx.days = java.util.Arrays.stream(idx.day, 0, idx.n).filter(d -> d != Integer.MIN_VALUE).sorted().distinct().toArray();
      derive(idx);
      for (String f : FACETS) {
        idx.values.put(f, dict.get(f).keySet().toArray(new String[0]));
        idx.offsets.put(f, offs.get(f).toArray());
        idx.codes.put(f, cods.get(f).toArray());
      }
      return idx;
    });
  }

  /**
   * Fills in what follows from the dates ({@code day}, {@code days}, {@code yearOnly}): each incident's position among the
   * distinct dates (-1: undated) and which dates some incident has to the day. False if a date is not among {@code days}.
   */
  static boolean derive(Index idx) {
    int[] pos = new int[idx.n];
    boolean[] precise = new boolean[idx.days.length], preciseMonth = new boolean[idx.days.length];
    for (int i = 0; i < idx.n; i++) {
      if (idx.day[i] == Integer.MIN_VALUE) {
        pos[i] = -1;
        continue;
      }
      pos[i] = java.util.Arrays.binarySearch(idx.days, idx.day[i]);
      if (pos[i] < 0) return false;
      if (idx.yearOnly.get(i)) continue;
      preciseMonth[pos[i]] = true;
      if (!idx.monthOnly.get(i)) precise[pos[i]] = true;
    }
    idx.dayIdx = pos;
    idx.preciseDay = precise;
    idx.preciseMonth = preciseMonth;
    return true;
  }

  static final class IntList {
    int[] a = new int[1024];
    int size;

    void add(int v) {
      if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
      a[size++] = v;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(a, size);
    }
  }

  /** A trend query: granularity, date range, filters (facet → value), an optional split facet. */
  public static final class Query {
    public String granularity = "month";
    public LocalDate from, to;
    public final Map<String, String> filters = new LinkedHashMap<>();

    /** The filters as text, "topic=military, source=aiid"; empty for all incidents. */
    public String filtersText() {
      return filters.toString().replaceAll("[{}]", "");
    }
    /** An unsplit series' key: "all", or its filters as "topic=military;country=FR". */
    public String seriesName() {
      java.util.StringJoiner j = new java.util.StringJoiner(";");
      filters.forEach((k, v) -> j.add(k + "=" + v));
      return filters.isEmpty() ? "all" : j.toString();
    }
    public String split;
    /** When set, counts are also given as a share of all incidents per period (filters on other facets still apply to the denominator only if {@code denominatorFiltered}). */
    public boolean standardize;
    /**
     * {@code trim_start=true}: the periods start at the first one holding an incident in the range, not at {@code from}
     * (the page's "last 10 years" drew six years of zeros before the data begins).
     */
    public boolean trimStart;

    public static Query parse(Map<String, List<String>> params) {
      Query q = new Query();
      String g = first(params, "granularity");
      if (g != null) q.granularity = g.toLowerCase(Locale.ROOT);
      if (!GRANULARITIES.contains(q.granularity)) throw ApiException.badRequest("granularity", "expected one of " + GRANULARITIES);
      q.from = date(first(params, "from"), "from");
      q.to = date(first(params, "to"), "to");
      ordered(q.from, q.to);
      q.split = first(params, "split");
      if (q.split != null && !FACETS.contains(q.split)) throw ApiException.badRequest("split", "expected one of " + FACETS);
      for (String f : FACETS) {
        String v = first(params, f);
        // topic ids are lower-case: "KeLp" is kelp here as in the list, not a series echoed as typed (outside QA)
        if (v != null) q.filters.put(f, f.equals("topic") ? v.toLowerCase(Locale.ROOT) : v);
      }
      List<String> st = params.get("standardize");
      q.standardize = org.aigov.observatory.kernel.Http.flag("standardize", st == null || st.isEmpty() ? null : st.get(0));
      List<String> ts = params.get("trim_start");
      q.trimStart = org.aigov.observatory.kernel.Http.flag("trim_start", ts == null || ts.isEmpty() ? null : ts.get(0));
      return q;
    }

    static String first(Map<String, List<String>> p, String k) {
      List<String> v = p.get(k);
      return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).strip();
    }

    /** The latest date a query may name; the earliest is {@link Dates#EARLIEST} (the chart's calendar starts in 1900 too). */
    static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    /** A query's date: a 400 naming the field when unreadable or outside 1900–9999 (a far year overflowed the day count). */
    static LocalDate date(String s, String field) {
      if (s == null) return null;
      LocalDate d;
      try {
        d = field.equals("to") ? Dates.parseEnd(s) : Dates.parse(s); // to=2024 is up to 31 December
      } catch (Dates.FarYear e) { // a query may name any day to 9999: it said a report's range, up to tomorrow (outside QA)
        throw ApiException.badRequest(field, Dates.FarYear.range(e.text, LATEST));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(field, e.getMessage());
      }
      if (d != null && (d.isBefore(Dates.EARLIEST) || d.isAfter(LATEST)))
        throw ApiException.badRequest(field, "date " + d + " is out of range: expected " + Dates.EARLIEST + " to " + LATEST);
      return d;
    }

    /** A range that ends before it starts asks for nothing: a 400 rather than an empty answer that looks like no data. */
    static void ordered(LocalDate from, LocalDate to) {
      if (from != null && to != null && from.isAfter(to)) throw ApiException.badRequest("from", "from " + from + " is after to " + to);
    }

    /**
     * "granularity=month;topic=military", and ";standardize=true" for a share series (its alerts test the share). A sector
     * or harm type is keyed by its canonical spelling: "Privacy" and "Privacy loss" count the same incidents, and keyed
     * as typed they were two series, each raising and delivering its own alert for one spike (outside QA, 2026-12-07).
     */
    public String seriesKey() {
      StringBuilder sb = new StringBuilder("granularity=" + granularity);
      filters.forEach((k, v) -> sb.append(';').append(k).append('=')
          .append("risk_domain".equals(k) ? riskDomainKey(v) : FacetLabels.canonical(k, v).toLowerCase(Locale.ROOT)));
      if (standardize) sb.append(";standardize=true");
      return sb.toString();
    }
  }

  private static final java.util.regex.Pattern DOMAIN_LABEL = java.util.regex.Pattern.compile("([1-7])\\.(?:\\s.*)?", java.util.regex.Pattern.DOTALL);

  /**
   * A risk domain in a series key: its number, however it was given ("4", "4. Malicious Actors & Misuse"). By its label
   * it had been a second series beside the number's, so every spike was raised and delivered twice (outside QA).
   */
  public static String riskDomainKey(String value) {
    java.util.regex.Matcher m = DOMAIN_LABEL.matcher(value.strip());
    return m.matches() ? m.group(1) : value.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * One series: a key (facet value, or for an unsplit series "all" or its filters), counts per period and, when standardized, shares. A period with no
   * incidents at all has no share (NaN here, null in JSON, an empty cell in CSV, a gap in the chart): 0 of 0 is not 0 %.
   */
  public record Series(String key, long[] counts, double[] share, long yearOnly, long undated, long monthOnly) {
    public Series(String key, long[] counts, double[] share) {
      this(key, counts, share, 0, 0, 0);
    }

    public Series(String key, long[] counts, double[] share, long yearOnly, long undated) {
      this(key, counts, share, yearOnly, undated, 0);
    }

    List<Double> shareOrNull() {
      List<Double> l = new ArrayList<>(share.length);
      for (double v : share) l.add(Double.isNaN(v) ? null : v);
      return l;
    }
  }

  /**
   * {@code yearOnly}: incidents matching the query whose date is known only to the year, so not counted in a month,
   * week or day series (0 for year series, which count them).
   */
  /**
   * {@code yearOnlyCounted}: per period, the incidents matching the query counted in it that are known only to their year
   * (by year only), or null; {@code matchedCounted}: per period, the incidents matching the query (once each, however a
   * split divides them), or null when the query has no filter (then {@code total}).
   */
  public record Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly, long undated,
      java.time.LocalDate latest, long monthOnly, java.time.LocalDate latestEnd, boolean dataBefore, boolean dataAfter, long[] yearOnlyCounted,
      long[] matchedCounted) {
    public Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly, long undated,
        java.time.LocalDate latest, long monthOnly, java.time.LocalDate latestEnd, boolean dataBefore, boolean dataAfter, long[] yearOnlyCounted) {
      this(granularity, periods, total, series, yearOnly, undated, latest, monthOnly, latestEnd, dataBefore, dataAfter, yearOnlyCounted, null);
    }

    public Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly, long undated,
        java.time.LocalDate latest, long monthOnly, java.time.LocalDate latestEnd, boolean dataBefore, boolean dataAfter) {
      this(granularity, periods, total, series, yearOnly, undated, latest, monthOnly, latestEnd, dataBefore, dataAfter, null);
    }

    public Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly) {
      this(granularity, periods, total, series, yearOnly, 0, null, 0, null);
    }

    /** No incident counted before or after the periods shown. */
    public Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly, long undated,
        java.time.LocalDate latest, long monthOnly, java.time.LocalDate latestEnd) {
      this(granularity, periods, total, series, yearOnly, undated, latest, monthOnly, latestEnd, false, false);
    }

    /** {@code latest} taken to be known to the day. */
    public Result(String granularity, List<String> periods, long[] total, List<Series> series, long yearOnly, long undated,
        java.time.LocalDate latest) {
      this(granularity, periods, total, series, yearOnly, undated, latest, 0, latest);
    }

    /**
     * The periods after the store's latest dated incident, from this index on (the chart greys them: their zeros mean
     * nothing was ingested, not that nothing happened); {@code periods().size()} when there are none.
     */
    public int firstPeriodAfterLatest() {
      if (latest == null) return periods.size();
      String own = label(bucket((int) latest.toEpochDay(), granularity), granularity);
      int i = periods.indexOf(own);
      return i < 0 ? (periods.isEmpty() || own.compareTo(periods.get(0)) >= 0 ? periods.size() : 0) : i + 1;
    }

    /**
     * The gap periods: between two periods holding incidents (and before the newest), with no incident at all recorded.
     * Their zeros say nothing was ingested, not that nothing happened (see {@link Spikes#covered}). Incidents before or
     * after the periods shown count as such periods ({@code dataBefore}, {@code dataAfter}): a range that starts or ends
     * inside a gap shows it as one (an outside QA pass, 2026-12-07: from=2025-06-01 showed 2025-06..2026-05 as zeros).
     */
    public boolean[] gaps() {
      int n = periods.size(), after = firstPeriodAfterLatest();
      boolean[] g = new boolean[n];
      int last = -1;
      boolean seen = dataBefore;
      int window = new Spikes.Options().window;
      // a run of empty periods inside the data is a gap when the store's rate makes it implausible (Spikes.gaps)
      for (int p = 0; p < n; p++) {
        if (total[p] == 0) continue;
        int s = last + 1, e = Math.min(p, after);
        if (seen && s < e && Spikes.implausiblyEmpty(total, s, e, window)) java.util.Arrays.fill(g, s, e, true);
        last = p;
        seen = true;
      }
      int s = last + 1, e = Math.min(n, after);
      if (seen && dataAfter && s < e && Spikes.implausiblyEmpty(total, s, e, window)) java.util.Arrays.fill(g, s, e, true);
      return g;
    }

    /** The gap periods, for the JSON's {@code gap_periods}. */
    public List<String> gapPeriods() {
      boolean[] g = gaps();
      List<String> l = new ArrayList<>();
      for (int p = 0; p < g.length; p++) if (g[p]) l.add(periods.get(p));
      return l;
    }

    /** Of the partial period's incidents, those known only to the year, which the newest dated incident does not cut off. */
    public long partialYearOnly() {
      String own = partialPeriod();
      int k = own == null || yearOnlyCounted == null ? -1 : periods.indexOf(own);
      return k < 0 ? 0 : yearOnlyCounted[k];
    }

    /**
     * The partial period's count of the incidents the query matches, or 0 when there is none: a topic's chart had quoted
     * the whole store's "207 of its 276" under a line of 5 (outside QA).
     */
    public long partialTotal() {
      String own = partialPeriod();
      int k = own == null ? -1 : periods.indexOf(own);
      return k < 0 ? 0 : (matchedCounted == null ? total : matchedCounted)[k];
    }

    /**
     * The period holding the newest incident when the data stops inside it (a count of part of it, not a fall); else null.
     * The data stops at {@code latestEnd}, the last day the newest incident dated to its day or month may stand for (an
     * April known only as April runs to the 30th: it makes 2025 partial, not April); one known only to its year says
     * nothing of its year, and one newer than {@code latestEnd} in a later period means the data goes on.
     */
    public String partialPeriod() {
      if (latest == null || latestEnd == null || periods.isEmpty()) return null;
      String own = label(bucket((int) latestEnd.toEpochDay(), granularity), granularity);
      if (!own.equals(label(bucket((int) latest.toEpochDay(), granularity), granularity))) return null;
      boolean lastDayOfItsPeriod = !own.equals(label(bucket((int) latestEnd.plusDays(1).toEpochDay(), granularity), granularity));
      return periods.contains(own) && !lastDayOfItsPeriod ? own : null;
    }

    /**
     * The newest counted incident's date as precise as it is known: "2025-03-23", "2025-04" for one known only to its
     * month, "2025" for one known only to its year (its 1 April or 1 January is no date of it).
     */
    public String latestText() {
      if (latest == null) return null;
      if (latestEnd == null || latestEnd.isBefore(latest)) return Integer.toString(latest.getYear());
      if (latestEnd.isAfter(latest)) return latest.toString().substring(0, 7);
      return latest.toString();
    }

    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("granularity", granularity);
      m.put("periods", periods);
      m.put("total", total);
      // by month, week or day every incident dated only by its year; by year those whose year the range cuts
      m.put("year_precision_not_counted", yearOnly);
      // by week or day every incident dated only by its month; by month or year those whose month the range cuts
      m.put("month_precision_not_counted", monthOnly);
      m.put("undated_not_counted", undated); // matching incidents with no date at all (AIAAIC profiles): in no period
      // the store's newest dated incident, whatever the filters: periods after it are zeros because nothing newer was ingested
      m.put("latest_incident_date", latestText());
      // the period holding that incident when the data stops inside it: its count covers part of it, not a fall
      m.put("partial_period", partialPeriod());
      long yo = partialYearOnly();
      if (yo > 0) { // of the partial year's count of what the query matches, those that may fall after that date
        m.put("partial_period_year_only", yo);
        m.put("partial_period_total", partialTotal());
      }
      // periods inside the data with no incident at all: their zeros are a gap in the ingest, in no spike's baseline
      m.put("gap_periods", gapPeriods());
      List<Map<String, Object>> s = new ArrayList<>();
      for (Series x : series) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", x.key());
        e.put("counts", x.counts());
        if (x.share() != null) e.put("standardized", x.shareOrNull());
        // what this series leaves out; the top-level figures are the query's, across every series of a split
        e.put("year_precision_not_counted", x.yearOnly());
        e.put("month_precision_not_counted", x.monthOnly());
        e.put("undated_not_counted", x.undated());
        s.add(e);
      }
      m.put("series", s);
      return m;
    }

    /**
     * One row per period and series: {@code series} is the stored value (what a filter takes), {@code series_en} and
     * {@code series_zh} its names as the chart's legend gives them, so a Chinese reader's spreadsheet is labelled too.
     */
    public String csv(java.util.function.BiFunction<Series, Boolean, String> name) {
      StringBuilder sb = new StringBuilder("period,series,count,total,standardized,series_en,series_zh\n");
      for (Series x : series) {
        String en = csvCell(name.apply(x, false)), zh = csvCell(name.apply(x, true));
        for (int p = 0; p < periods.size(); p++) {
          sb.append(periods.get(p)).append(',').append(csvCell(x.key())).append(',').append(x.counts()[p]).append(',').append(total[p]).append(',');
          if (x.share() != null && !Double.isNaN(x.share()[p])) sb.append(String.format(Locale.ROOT, "%.6f", x.share()[p]));
          sb.append(',').append(en).append(',').append(zh).append('\n');
        }
      }
      return sb.toString();
    }

    /** {@link #csv(java.util.function.BiFunction)} with the series named without stored labels (topics, countries by code). */
    public String csv() {
      return csv((x, zh) -> TrendChart.seriesName(x.key(), zh));
    }

    static String csvCell(String s) {
      s = org.aigov.observatory.kernel.CsvCells.text(s); // a facet value comes from the data: no spreadsheet formula
      return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
  }

  /**
   * The periods shown that {@code from} or {@code to} cuts through: their counts are of the days in range only, while a
   * spike test judges them whole (an outside QA pass saw 5 in the table and "30 incidents in 2023-02" in the spike).
   */
  static List<String> cutPeriods(Query q, Result r) {
    List<String> out = new ArrayList<>(2);
    String g = q.granularity;
    for (LocalDate edge : new LocalDate[] {q.from, q.to}) {
      if (edge == null) continue;
      int d = (int) edge.toEpochDay(), b = bucket(d, g);
      boolean cut = edge == q.from ? bucket(d - 1, g) == b : bucket(d + 1, g) == b;
      String own = label(b, g);
      if (cut && r.periods().contains(own) && !out.contains(own)) out.add(own);
    }
    return out;
  }

  static int bucket(int epochDay, String g) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    return switch (g) {
      case "day" -> epochDay;
      case "week" -> (int) d.with(DayOfWeek.MONDAY).toEpochDay();
      case "month" -> d.getYear() * 12 + d.getMonthValue() - 1;
      default -> d.getYear();
    };
  }

  static String label(int bucket, String g) {
    return switch (g) {
      case "day" -> LocalDate.ofEpochDay(bucket).toString();
      case "week" -> {
        LocalDate d = LocalDate.ofEpochDay(bucket);
        yield String.format(Locale.ROOT, "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      }
      case "month" -> String.format(Locale.ROOT, "%04d-%02d", bucket / 12, bucket % 12 + 1);
      default -> Integer.toString(bucket);
    };
  }

  static int next(int bucket, String g) {
    return g.equals("week") ? bucket + 7 : bucket + 1;
  }

  public static Result query(Db db, Query q) {
    requireKnown(db, q.filters::get);
    return query(index(db), q);
  }

  /**
   * Spikes of the first series of {@code r} (the answer to {@code params}), tested over the series' whole history, as the
   * alert scan tests it, and then cut to the periods shown: a baseline must not depend on where a chart or a command's
   * range starts (a window from 2016 made the data's first months spikes against 0; {@code --from 2018} hid the 2022
   * alert the API and the stored alert report).
   */
  static List<Spikes.Spike> spikesOverHistory(Db db, Map<String, List<String>> params, Query q, Result r, String filtersEn, String filtersZh, Spikes.Options o,
      FacetLabels.Names names) {
    if (r.series().isEmpty()) return List.of();
    Result whole = r;
    if (q.from != null || q.to != null) { // a period the range cuts is judged whole, not part of it against whole ones
      Query all = Query.parse(params);
      all.from = null;
      all.to = null;
      all.trimStart = false;
      whole = query(db, all);
      if (whole.series().isEmpty()) return List.of();
    }
    java.util.Set<String> shown = new java.util.HashSet<>(r.periods());
    if (q.split != null) { // the series tested is the split's first: its value is named, or its count read as all incidents'
      Map<String, List<String>> one = new LinkedHashMap<>(params);
      one.remove("split");
      one.put(q.split, List.of(whole.series().get(0).key()));
      Query tested = Query.parse(one);
      filtersEn = Alerts.enFilters(db, tested, names);
      filtersZh = Alerts.zhFilters(db, tested, names);
    }
    return Spikes.detect(whole.periods(), whole.series().get(0).counts(), whole.total(), filtersEn, filtersZh, q.granularity, o)
        .stream().filter(s -> shown.contains(s.period())).toList();
  }

  /** Filter values that name nothing (a topic never defined, a code that is no country) are 400s, not series of zeros. */
  static void requireKnown(Db db, java.util.function.Function<String, String> filter) {
    Topics.requireKnown(db, filter.apply("topic"));
    FacetLabels.requireCountry(db, filter.apply("country"), "country");
    // a misspelt layer or domain counted zeros, which reads as "no incidents there" (as a misspelt country did); sources,
    // sectors and harm types are open lists, where a value no incident has yet truly counts zero
    requireVocabulary(db, filter, null);
  }

  /**
   * The facets with a closed vocabulary: the four risk layers, and the MIT risk domain by its number or a stored label.
   * {@code field}: the input to name (a subscription's {@code series}); null names the facet.
   */
  static void requireVocabulary(Db db, java.util.function.Function<String, String> filter, String field) {
    String layer = filter.apply("risk_layer");
    if (layer != null && !Classifier.LAYERS.contains(layer.toLowerCase(java.util.Locale.ROOT)))
      throw ApiException.badRequest(field != null ? field : "risk_layer",
          "unknown risk layer '" + Topics.clip(layer) + "'; one of " + String.join(", ", Classifier.LAYERS));
    String dom = filter.apply("risk_domain");
    // a number, or a label in the MIT form ("4. Malicious Actors & Misuse": a newer snapshot may spell it so)
    if (dom != null && !dom.matches("[1-7]|[1-7]\\. \\S.*") && index(db).code("risk_domain", dom) < 0)
      throw ApiException.badRequest(field != null ? field : "risk_domain",
          "unknown risk domain '" + Topics.clip(dom) + "'; give its number (1 to 7) or a label GET /api/incidents/facets lists");
  }

  /** Cells (periods × series) one trend query may return. */
  static final long MAX_CELLS = 5_000_000;
  /**
   * Points (periods × drawn lines) one chart may draw: each is about 1 KB of SVG, and a day chart since 1900 split by
   * topic (8 lines × 46,361 days drawn) ran the server out of heap. 20,000 is ten years of days on two lines, or every
   * month since 1900 on its eight largest lines.
   */
  static final long MAX_CHART_CELLS = 20_000;

  static Result query(Index idx, Query q) {
    return query(idx, q, MAX_CELLS);
  }

  static Result query(Index idx, Query q, long maxCells) {
    int fromDay = q.from == null ? Integer.MIN_VALUE : (int) q.from.toEpochDay();
    int toDay = q.to == null ? Integer.MAX_VALUE : (int) q.to.toEpochDay();
    // resolve filters to codes; an unknown value matches nothing
    List<String> fFacets = new ArrayList<>(q.filters.keySet());
    int nf = fFacets.size();
    int[] fCodes = new int[nf];
    int[][] fOff = new int[nf][], fCod = new int[nf][];
    for (int k = 0; k < nf; k++) {
      fCodes[k] = idx.code(fFacets.get(k), q.filters.get(fFacets.get(k)));
      fOff[k] = idx.offsets.get(fFacets.get(k));
      fCod[k] = idx.codes.get(fFacets.get(k));
    }
    // Periods run from the first to the last bucket holding a dated incident in [from, to], or from `from` to `to`. Buckets
    // are computed once per distinct date (a few thousand), not once per incident.
    int days = idx.days.length;
    // yearEnd, monthEnd: the last day of the year (month) a year-only (month-only) date stands for
    int[] dayBucket = new int[days], yearEnd = new int[days], monthEnd = new int[days];
    int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
    boolean byYear = q.granularity.equals("year"), byMonth = q.granularity.equals("month");
    for (int j = 0; j < days; j++) {
      int d = idx.days[j];
      java.time.LocalDate date = java.time.LocalDate.ofEpochDay(d); // once per distinct day, not per incident
      yearEnd[j] = d + date.lengthOfYear() - 1;
      monthEnd[j] = d + date.lengthOfMonth() - 1;
      if (d < fromDay || d > toDay || !(byYear || (byMonth ? idx.preciseMonth[j] : idx.preciseDay[j]))) {
        dayBucket[j] = Integer.MIN_VALUE;
        continue;
      }
      int x = bucket(d, q.granularity);
      dayBucket[j] = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    // A range the analyst gave is shown whole, its empty periods at either end as zeros (up to today: no future periods)
    int today = (int) java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
    if (q.from != null && fromDay <= today && !(q.trimStart && lo != Integer.MAX_VALUE)) lo = Math.min(lo, bucket(fromDay, q.granularity));
    // (`from` alone asks for everything since: to today, so the quiet months up to now are zeros, not missing)
    if (q.from != null || q.to != null) {
      int end = Math.min(toDay, today);
      if (end >= fromDay) hi = Math.max(hi, bucket(end, q.granularity));
    }
    if (lo == Integer.MAX_VALUE && hi != Integer.MIN_VALUE) lo = hi;
    if (hi == Integer.MIN_VALUE && lo != Integer.MAX_VALUE) hi = lo;
    List<String> periods = new ArrayList<>();
    Map<Integer, Integer> pos = new HashMap<>();
    if (lo != Integer.MAX_VALUE && lo <= hi) {
      for (int x = lo; x <= hi; x = next(x, q.granularity)) {
        pos.put(x, periods.size());
        periods.add(label(x, q.granularity));
      }
    }
    int[] dayPos = new int[days];
    for (int j = 0; j < days; j++) {
      Integer p = dayBucket[j] == Integer.MIN_VALUE ? null : pos.get(dayBucket[j]);
      dayPos[j] = p == null ? -1 : p;
    }
    int P = periods.size();
    long[] total = new long[P], yearOnlyCounted = new long[P], matchedCounted = new long[P];
    String split = q.split;
    // an unsplit series is named by what it counts, so a CSV read alone says "topic=military", not "all"
    String[] splitValues = split == null ? new String[] {q.seriesName()} : idx.values.get(split);
    if ((long) P * splitValues.length > maxCells) // a day series split by country over decades is hundreds of MB of CSV
      throw ApiException.badRequest(split != null ? "split" : "granularity", P + " periods × " + splitValues.length + " series is more than "
          + maxCells + " cells; narrow it with from and to, a filter, or a coarser granularity");
    long[][] counts = new long[splitValues.length][P];
    int[] soff = split == null ? null : idx.offsets.get(split), scode = split == null ? null : idx.codes.get(split);
    int[] dayIdx = idx.dayIdx;
    long[] all = split == null ? counts[0] : null; // a split facet may have no values at all (an empty store)
    long yearOnly = 0, monthOnly = 0;
    java.util.BitSet yo = idx.yearOnly, mo = idx.monthOnly;
    long undated = 0;
    // per split value, what each series leaves out (an incident with two values is left out of both)
    long[] seriesYearOnly = new long[splitValues.length], seriesUndated = new long[splitValues.length], seriesMonthOnly = new long[splitValues.length];
    // the newest counted incident's first day; the last day the newest one dated to its day or month may stand for
    int latest = Integer.MIN_VALUE, latestEnd = Integer.MIN_VALUE;
    boolean dataBefore = false, dataAfter = false; // any incident counted in a period before or after those shown
    for (int i = 0, n = idx.n; i < n; i++) {
      int j = dayIdx[i];
      if (j < 0) { // no date: counted in no period, but said (only without a range: an undated incident is in none)
        if (q.from == null && q.to == null && matches(i, nf, fCodes, fOff, fCod)) {
          undated++;
          leftOut(seriesUndated, i, soff, scode);
        }
        continue;
      }
      boolean year = yo.get(i);
      // an incident this granularity counts, dated before or after the range: the range's edge may cut a gap
      if ((idx.days[j] < fromDay || idx.days[j] > toDay) && (byYear || !year && (byMonth || !mo.get(i)))) {
        if (idx.days[j] < fromDay) dataBefore = true;
        else dataAfter = true;
      }
      if (year || mo.get(i)) {
        // its 1 January (1st) is not a date in January (a day of its week); and a range that cuts its year (month) may or
        // may not hold it: counted apart, as year-only or month-only
        int d = idx.days[j], end = year ? yearEnd[j] : monthEnd[j];
        if (!(byYear || byMonth && !year) || d < fromDay || end > toDay) {
          if (end >= fromDay && d <= toDay && matches(i, nf, fCodes, fOff, fCod)) {
            if (year) yearOnly++;
            else monthOnly++;
            leftOut(year ? seriesYearOnly : seriesMonthOnly, i, soff, scode);
          }
          continue;
        }
      }
      if (idx.days[j] > latest) latest = idx.days[j];
      if (!year && (mo.get(i) ? monthEnd[j] : idx.days[j]) > latestEnd) latestEnd = mo.get(i) ? monthEnd[j] : idx.days[j];
      int p = dayPos[j];
      if (p < 0) continue;
      total[p]++;
      if (!matches(i, nf, fCodes, fOff, fCod)) continue;
      matchedCounted[p]++;
      if (year) yearOnlyCounted[p]++; // counted by year: not cut off where the newest dated incident is
      if (split == null) all[p]++;
      else for (int k = soff[i], e = soff[i + 1]; k < e; k++) counts[scode[k]][p]++;
    }
    List<Series> series = new ArrayList<>();
    for (int s = 0; s < splitValues.length; s++) {
      double[] share = null;
      if (q.standardize) {
        share = new double[P];
        for (int p = 0; p < P; p++) share[p] = total[p] == 0 ? Double.NaN : counts[s][p] / (double) total[p];
      }
      // a split value none of whose incidents is in a period is still a series when it leaves some out: 0 counted, N not
      if (split != null && java.util.Arrays.stream(counts[s]).sum() == 0 && seriesYearOnly[s] + seriesUndated[s] + seriesMonthOnly[s] == 0) continue;
      series.add(split == null ? new Series(splitValues[s], counts[s], share, yearOnly, undated, monthOnly)
          : new Series(splitValues[s], counts[s], share, seriesYearOnly[s], seriesUndated[s], seriesMonthOnly[s]));
    }
    // largest first: a chart draws the first few, and a reader looks there first
    if (split != null) series.sort(java.util.Comparator.comparingLong((Series x) -> -java.util.Arrays.stream(x.counts()).sum()).thenComparing(Series::key));
    return new Result(q.granularity, periods, total, series, yearOnly, undated, latest == Integer.MIN_VALUE ? null : java.time.LocalDate.ofEpochDay(latest),
        monthOnly, latestEnd == Integer.MIN_VALUE ? null : java.time.LocalDate.ofEpochDay(latestEnd), dataBefore, dataAfter, yearOnlyCounted, matchedCounted);
  }

  /** Counts incident {@code i} as left out of each split series it belongs to (nothing when unsplit). */
  private static void leftOut(long[] perSeries, int i, int[] soff, int[] scode) {
    if (soff == null) return;
    for (int k = soff[i], e = soff[i + 1]; k < e; k++) perSeries[scode[k]]++;
  }

  /** Whether incident {@code i} has every filter's value. */
  private static boolean matches(int i, int nf, int[] fCodes, int[][] fOff, int[][] fCod) {
    for (int k = 0; k < nf; k++) {
      int code = fCodes[k];
      if (code < 0) return false;
      int[] off = fOff[k], cod = fCod[k];
      boolean ok = false;
      for (int m = off[i], e = off[i + 1]; m < e && !ok; m++) ok = cod[m] == code;
      if (!ok) return false;
    }
    return true;
  }

  /** Distinct values of every facet (for pickers and validation). */
  public static Map<String, List<String>> facets(Db db) {
    Index idx = index(db);
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String f : FACETS) m.put(f, Set.of(idx.values.get(f)).stream().sorted().toList());
    return m;
  }
}
