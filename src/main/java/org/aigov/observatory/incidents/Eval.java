package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Quality measures: pairwise linkage precision/recall/F1 and MIT risk-domain macro-F1 on held-out labels. */
public final class Eval {
  private Eval() {}

  public record Pair(String aiid, String aiaaic, boolean same) {}

  public record Linkage(int pairs, int tp, int fp, int fn, int tn, int missing, double precision, double recall, double f1,
      List<String> errors) {}

  /** The header names a labelled-pairs file may give each column (the bundled sets use the first). */
  static final List<List<String>> PAIR_COLUMNS = List.of(List.of("aiid_id", "aiid", "aiid_incident_id", "aiid_incident"),
      List.of("aiaaic_id", "aiaaic"), List.of("same_event", "same", "label"));

  private static final Map<String, Boolean> LABELS = Map.of("1", true, "0", false, "true", true, "false", false, "yes", true,
      "no", false, "same", true, "different", false);

  /**
   * Labelled AIID–AIAAIC pairs: a header with a column of each of {@link #PAIR_COLUMNS} (any case, any order, other columns
   * ignored), ids as AIID numbers and AIAAIC ids (a {@code aiid:} or {@code aiaaic:} prefix, as the export's records
   * are named, is dropped), labels 1/0, true/false, yes/no or same/different. A pair given twice counts once; given twice
   * with both labels it is an error. Errors name the line ({@link IllegalArgumentException}); nothing is half-read.
   */
  public static List<Pair> readPairs(Reader r) throws IOException {
    Map<String, Integer> seen = new HashMap<>();
    List<Pair> out = new ArrayList<>();
    Lines lines = new Lines(r);
    try (org.apache.commons.csv.CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(lines.reader())) {
      int[] col = columns(csv, PAIR_COLUMNS, List.of("the AIID incident id", "the AIAAIC id", "the label"));
      for (CSVRecord rec : records(csv)) {
        int line = lines.of(rec);
        String aiid = value(rec, col[0], line, csv), aiaaic = value(rec, col[1], line, csv), label = value(rec, col[2], line, csv);
        aiid = dropPrefix(aiid, "aiid:");
        aiaaic = dropPrefix(aiaaic, "aiaaic:").toUpperCase(java.util.Locale.ROOT);
        if (!aiid.matches("\\d{1,9}")) throw new IllegalArgumentException("line " + line + ": " + name(csv, col[0]) + " '" + aiid + "' is not an AIID incident number");
        aiid = Long.toString(Long.parseLong(aiid)); // 023 is incident 23, as the export writes it (it was "not found")
        Boolean same = LABELS.get(label.toLowerCase(java.util.Locale.ROOT));
        if (same == null) throw new IllegalArgumentException("line " + line + ": " + name(csv, col[2]) + " '" + label
            + "' is not a label; use 1 or 0 (or true/false, yes/no, same/different)");
        Pair p = new Pair(aiid, aiaaic, same);
        Integer before = seen.putIfAbsent(aiid + "~" + aiaaic, out.size());
        if (before == null) out.add(p);
        else if (out.get(before).same() != same) throw new IllegalArgumentException("line " + line + ": the pair " + aiid + " ~ " + aiaaic
            + " is labelled the other way on an earlier line");
      }
    }
    if (out.isEmpty()) throw new IllegalArgumentException("holds no labelled pair (a header and nothing under it): there is nothing to score");
    return out;
  }

  /**
   * A CSV text's physical lines: a record's line is where its first value starts, past the blank lines the parser skips;
   * the record number had been given as the line, one short after each blank line or cell holding a line break (outside QA).
   */
  private static final class Lines {
    private final String text;
    private final int[] starts;

    Lines(Reader r) throws IOException {
      StringBuilder b = new StringBuilder();
      char[] buf = new char[1 << 16];
      for (int n; (n = r.read(buf)) > 0; ) b.append(buf, 0, n);
      text = b.toString();
      List<Integer> s = new ArrayList<>();
      s.add(0);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) s.add(i + 1);
      }
      starts = s.stream().mapToInt(Integer::intValue).toArray();
    }

    Reader reader() {
      return new java.io.StringReader(text);
    }

    int of(CSVRecord rec) {
      int pos = (int) Math.min(rec.getCharacterPosition(), text.length());
      while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) pos++;
      int i = java.util.Arrays.binarySearch(starts, pos);
      return (i >= 0 ? i : -i - 2) + 1;
    }
  }

  /** For each wanted column, the index of the first of its accepted names the header has (case-insensitive). */
  private static int[] columns(org.apache.commons.csv.CSVParser csv, List<List<String>> wanted, List<String> what) {
    List<String> header = csv.getHeaderNames();
    int[] out = new int[wanted.size()];
    for (int w = 0; w < out.length; w++) {
      out[w] = -1;
      for (String n : wanted.get(w)) {
        for (int i = 0; i < header.size() && out[w] < 0; i++) if (header.get(i).strip().equalsIgnoreCase(n)) out[w] = i;
        if (out[w] >= 0) break;
      }
      if (out[w] < 0) throw new IllegalArgumentException("line 1: no column for " + what.get(w) + "; the header needs one of "
          + String.join(", ", wanted.get(w)) + ", and has " + (header.isEmpty() ? "none" : String.join(", ", header)));
    }
    return out;
  }

  /** The records one at a time, a malformed one (an unclosed quote, text after a closing quote) reported as such. */
  private static Iterable<CSVRecord> records(org.apache.commons.csv.CSVParser csv) {
    java.util.Iterator<CSVRecord> it = csv.iterator();
    return () -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return it.hasNext();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          throw new IllegalArgumentException("malformed CSV near line " + (csv.getCurrentLineNumber() + 1) + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
      }

      @Override
      public CSVRecord next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        return it.next();
      }
    };
  }

  private static String value(CSVRecord rec, int col, int line, org.apache.commons.csv.CSVParser csv) {
    if (col >= rec.size()) throw new IllegalArgumentException("line " + line + ": " + rec.size() + " values, but " + name(csv, col)
        + " is column " + (col + 1));
    String v = rec.get(col).strip();
    if (v.isEmpty()) throw new IllegalArgumentException("line " + line + ": " + name(csv, col) + " is empty");
    return v;
  }

  private static String name(org.apache.commons.csv.CSVParser csv, int col) {
    return csv.getHeaderNames().get(col).strip();
  }

  private static String dropPrefix(String v, String prefix) {
    return v.regionMatches(true, 0, prefix, 0, prefix.length()) ? v.substring(prefix.length()).strip() : v;
  }

  /**
   * The incident of each AIID and AIAAIC record of an export ({@code ./observatory export incidents --format csv}: one row
   * per source record with {@code source}, {@code source_id}, {@code incident_id}), keyed "aiid:14", "aiaaic:AIAAIC0801" as
   * {@link #linkage(Map, List)} reads them. Other sources' rows are skipped. Errors name the line.
   */
  public static Map<String, Long> incidentsOfExport(Reader r) throws IOException {
    Map<String, Long> m = new HashMap<>();
    Lines lines = new Lines(r);
    try (org.apache.commons.csv.CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(lines.reader())) {
      int[] col = columns(csv, List.of(List.of("source"), List.of("source_id"), List.of("incident_id")),
          List.of("the record's source", "its id in that source", "its incident"));
      for (CSVRecord rec : records(csv)) {
        int line = lines.of(rec);
        String source = value(rec, col[0], line, csv).toLowerCase(java.util.Locale.ROOT);
        if (!source.equals("aiid") && !source.equals("aiaaic")) continue;
        String id = value(rec, col[1], line, csv);
        // a record not yet clustered has no incident (the export leaves it empty): it is in none, as a pair's absent record
        if (col[2] >= rec.size() || rec.get(col[2]).isBlank()) continue;
        String incident = rec.get(col[2]).strip();
        long inc;
        try {
          inc = Long.parseLong(incident);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + line + ": incident_id '" + incident + "' is not a number");
        }
        Long before = m.put(source + ":" + (source.equals("aiaaic") ? id.toUpperCase(java.util.Locale.ROOT) : id), inc);
        if (before != null && before != inc) throw new IllegalArgumentException("line " + line + ": " + source + " record " + id
            + " is in incident " + inc + " here and in incident " + before + " on an earlier line");
      }
    }
    return m;
  }

  /** The development pairs (settings were chosen on them), or {@code file} when given. */
  public static List<Pair> bundledPairs(Path file) throws IOException {
    List<Pair> p = file != null ? readPairs(file) : labelledPairs("linkage-dev.csv");
    if (p == null) throw new IOException("no linkage pairs: pass --pairs <file>");
    return p;
  }

  /** The second labelled set (other AIID incidents, labelled independently, never used to choose a setting); null if absent. */
  public static List<Pair> checkPairs() throws IOException {
    return labelledPairs("linkage-check.csv");
  }

  /** The third labelled set (other AIID incidents again, labelled blind by two helpers; built 2026-12-01); null if absent. */
  public static List<Pair> holdoutPairs() throws IOException {
    return labelledPairs("linkage-holdout.csv");
  }

  /** A bundled labelled set: its name in eval's output and its pairs. */
  public record LabelledSet(String name, List<Pair> pairs) {}

  /**
   * The sets labelled after the second, each blind on 110 other AIID incidents and scored once on the product as it
   * then stood (file, name). The sweep options leave out those after the third, so no setting is chosen on them.
   */
  private static final String[][] BLIND = {
      {"linkage-holdout.csv", "third labelled set (labelled blind 2026-12-01)"},
      {"linkage-fourth.csv", "fourth labelled set (labelled blind 2026-12-05, never used to choose a setting)"},
      {"linkage-fifth.csv", "fifth labelled set (labelled blind 2026-12-05 evening; its misses prompted the name rules of that night, measured on every set)"},
      {"linkage-sixth.csv", "sixth labelled set (labelled blind 2026-12-06, never used to choose a setting)"},
      {"linkage-seventh.csv", "seventh labelled set (labelled blind 2026-12-06 morning; scored once, then its misses prompted two name rules, measured on every set)"},
      {"linkage-eighth.csv", "eighth labelled set (labelled blind 2026-12-06 noon; scored once)"},
      {"linkage-ninth.csv", "ninth labelled set (labelled blind 2026-12-06 evening; scored once)"}};

  /** Every bundled set, the development set first; empty if the jar holds none. */
  public static List<LabelledSet> labelledSets() throws IOException {
    List<LabelledSet> out = new ArrayList<>();
    List<Pair> dev = labelledPairs("linkage-dev.csv"), check = checkPairs();
    if (dev != null) out.add(new LabelledSet("linkage", dev));
    if (check != null) out.add(new LabelledSet("linkage, second labelled set (never used to choose a setting)", check));
    for (String[] b : BLIND) {
      List<Pair> p = labelledPairs(b[0]);
      if (p != null) out.add(new LabelledSet("linkage, " + b[1], p));
    }
    return out;
  }

  /** The pairs of several sets as one. */
  public static List<Pair> pooled(List<List<Pair>> sets) {
    List<Pair> out = new ArrayList<>();
    for (List<Pair> s : sets) if (s != null) out.addAll(s);
    return out;
  }

  /** A labelled set shipped in the jar (incidents/linkage-*.csv), so `eval` runs from any directory; null if absent. */
  static List<Pair> labelledPairs(String name) throws IOException {
    try (InputStream in = Eval.class.getResourceAsStream("/incidents/" + name)) {
      return in == null ? null : readPairs(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  /** A labelled-pairs file (see {@link #readPairs(Reader)}). */
  public static List<Pair> readPairs(Path file) throws IOException {
    return readPairs(new java.io.StringReader(csvText(file)));
  }

  static final long MAX_CSV_BYTES = 256L << 20;

  /** A CSV file's text: strict UTF-8 (a bad byte is named by its line), a spreadsheet's byte-order mark dropped. */
  static String csvText(Path file) throws IOException {
    return csvText(file, MAX_CSV_BYTES);
  }

  static String csvText(Path file, long maxBytes) throws IOException {
    if (Files.size(file) > maxBytes) throw new IllegalArgumentException("larger than " + (maxBytes >> 20)
        + " MiB, which eval reads whole; keep the aiid and aiaaic rows (an export of both monitors is a few MiB)");
    byte[] b = Files.readAllBytes(file);
    try {
      String t = org.aigov.observatory.kernel.Utf8.decode(b);
      return t.startsWith("\uFEFF") ? t.substring(1) : t;
    } catch (org.aigov.observatory.kernel.Utf8.Malformed e) {
      int line = 1;
      for (int i = 0; i < e.offset; i++) if (b[i] == '\n') line++;
      throw new IllegalArgumentException("line " + line + ": not valid UTF-8 (byte " + e.offset + "); save the file as UTF-8");
    }
  }

  /** Split of the labelled pairs by AIID incident (0 = half A, 1 = half B), for tuning on one half and reporting the other. */
  public static int half(Pair p) {
    return (int) Math.floorMod(Tokens.hash64("half:" + p.aiid()), 2L);
  }

  /** The merge audit's labels (incidents/linkage-audit.csv); null if absent. */
  public static List<Pair> auditPairs() throws IOException {
    return labelledPairs("linkage-audit.csv");
  }

  /**
   * Every AIID–AIAAIC pair the store merged among the sampled AIID incidents, judged by all the labels: the labelled sets
   * hold only each incident's top three candidates of a simple scorer, so a merge with an entry ranked lower was counted
   * nowhere. {@code unlabelled} lists the merges no set judges (label them in linkage-audit.csv before quoting the figure).
   */
  public record Audit(int merged, int right, int wrong, List<String> wrongPairs, List<String> unlabelled) {
    public double precision() {
      return right + wrong == 0 ? 0 : right / (double) (right + wrong);
    }
  }

  public static Audit audit(Db db, List<List<Pair>> sampled, List<Pair> extraLabels) {
    Map<String, Boolean> label = new HashMap<>();
    java.util.Set<String> aiids = new java.util.TreeSet<>();
    for (List<Pair> set : sampled) for (Pair p : set) {
      aiids.add(p.aiid());
      label.put(p.aiid() + "~" + p.aiaaic(), p.same());
    }
    for (Pair p : extraLabels) label.putIfAbsent(p.aiid() + "~" + p.aiaaic(), p.same());
    Map<String, Long> inc = incidentsOf(db);
    Map<Long, List<String>> aiaaicOf = new HashMap<>();
    inc.forEach((k, v) -> {
      if (k.startsWith("aiaaic:")) aiaaicOf.computeIfAbsent(v, x -> new ArrayList<>()).add(k.substring(7));
    });
    int merged = 0, right = 0, wrong = 0;
    List<String> bad = new ArrayList<>(), unlabelled = new ArrayList<>();
    for (String a : aiids) {
      Long i = inc.get("aiid:" + a);
      if (i == null) continue;
      for (String b : aiaaicOf.getOrDefault(i, List.of())) {
        merged++;
        Boolean same = label.get(a + "~" + b);
        if (same == null) unlabelled.add(a + "~" + b);
        else if (same) right++;
        else {
          wrong++;
          bad.add(a + "~" + b);
        }
      }
    }
    return new Audit(merged, right, wrong, bad, unlabelled);
  }

  private static Map<String, Long> incidentsOf(Db db) {
    return db.read(c -> {
      Map<String, Long> m = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.source, r.source_id, m.incident_id FROM incident_records r"
          + " JOIN incident_members m ON m.record_id = r.id WHERE r.source IN ('aiid', 'aiaaic')");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) m.put(rs.getString(1) + ":" + rs.getString(2), rs.getLong(3));
      }
      return m;
    });
  }

  /** Scores the stored incident assignment against labelled AIID–AIAAIC pairs. */
  public static Linkage linkage(Db db, List<Pair> pairs) {
    return linkage(incidentsOf(db), pairs);
  }

  /** Scores an incident assignment (record "aiid:14" or "aiaaic:AIAAIC0801" → incident) against labelled pairs. */
  public static Linkage linkage(Map<String, Long> inc, List<Pair> pairs) {
    int tp = 0, fp = 0, fn = 0, tn = 0, missing = 0;
    List<String> errors = new ArrayList<>();
    for (Pair p : pairs) {
      Long a = inc.get("aiid:" + p.aiid()), b = inc.get("aiaaic:" + p.aiaaic());
      if (a == null || b == null) missing++;
      boolean pred = a != null && a.equals(b);
      if (pred && p.same()) tp++;
      else if (pred) {
        fp++;
        errors.add("false link: aiid " + p.aiid() + " ~ " + p.aiaaic());
      } else if (p.same()) {
        fn++;
        // a pair whose record the export or store lacks is still a miss, as an outside check would count it, but said apart
        errors.add("missed: aiid " + p.aiid() + " ~ " + p.aiaaic() + (a == null && b == null ? " (neither record is there)"
            : a == null ? " (aiid " + p.aiid() + " is not there)" : b == null ? " (" + p.aiaaic() + " is not there)" : ""));
      } else tn++;
    }
    double prec = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double rec = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
    return new Linkage(pairs.size(), tp, fp, fn, tn, missing, prec, rec, f1, errors);
  }

  /**
   * Cost of {@link Classifier#classify} (domain, layers, countries) per record, in microseconds: the
   * bundled model over every labelled example as a record, median of 5 timed passes after 3 warm-up passes,
   * in thread CPU time (the shared machine's load does not inflate it).
   */
  static double classifyMicros(List<RiskModel.Example> all) {
    Classifier c = Classifier.bundled();
    List<Rec> recs = new ArrayList<>();
    for (RiskModel.Example e : all) {
      Rec r = new Rec();
      r.title = e.text();
      recs.add(r);
    }
    double[] t = new double[8];
    int sink = 0;
    for (int pass = 0; pass < t.length; pass++) {
      long t0 = cpuNanos();
      for (Rec r : recs) sink += c.classify(r).layers().size();
      t[pass] = (cpuNanos() - t0) / 1000.0 / recs.size();
    }
    double[] timed = java.util.Arrays.copyOfRange(t, 3, t.length);
    java.util.Arrays.sort(timed);
    return sink < 0 ? -1 : Math.round(timed[timed.length / 2] * 10) / 10.0;
  }

  static long cpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** Cost of the risk-domain model alone ({@link RiskModel#predict}) per text, in microseconds, as above. */
  static double predictMicros(List<RiskModel.Example> all) {
    RiskModel m = RiskModel.bundled();
    double[] t = new double[8];
    int sink = 0;
    for (int pass = 0; pass < t.length; pass++) {
      long t0 = cpuNanos();
      for (RiskModel.Example e : all) sink += m.predict(e.text()).length();
      t[pass] = (cpuNanos() - t0) / 1000.0 / all.size();
    }
    double[] timed = java.util.Arrays.copyOfRange(t, 3, t.length);
    java.util.Arrays.sort(timed);
    return sink < 0 ? -1 : Math.round(timed[timed.length / 2] * 10) / 10.0;
  }

  /** Held-out evaluation of the risk-domain model, trained with the bundled risk statements. */
  public static Map<String, Object> classification(List<RiskModel.Example> all, int folds) {
    return classification(all, folds, true);
  }

  /**
   * Held-out evaluation of the risk-domain model: k-fold cross-validation by id hash (the first fold is
   * the single held-out figure), repeated over SGD seeds because one seed's figure moves by ±0.015, and a
   * train-on-older / test-on-newest-fifth split (by incident id), which is closest to scoring a later snapshot.
   * Risk statements, when used, are added to each training part only.
   */
  public static Map<String, Object> classification(List<RiskModel.Example> all, int folds, boolean statements) {
    Map<String, Object> out = new LinkedHashMap<>();
    double[] foldF1 = new double[folds];
    double[] cv = crossValidate(all, folds, statements, 7, foldF1);
    double[] seedCv = new double[SEEDS.length];
    double[] seedFolds = new double[folds];
    for (int s = 0; s < SEEDS.length; s++) {
      double[] ff = new double[folds];
      seedCv[s] = crossValidate(all, folds, statements, SEEDS[s], ff)[0];
      for (int f = 0; f < folds; f++) seedFolds[f] += ff[f] / SEEDS.length;
    }
    Split newestFifth = newestFifth(all);
    List<RiskModel.Example> older = newestFifth.train(), newest = newestFifth.test();
    double[] newestF1 = new double[SEEDS.length];
    for (int s = 0; s < SEEDS.length; s++) {
      RiskModel m = train(older, statements, SEEDS[s]);
      List<String> g = new ArrayList<>(), p = new ArrayList<>();
      for (RiskModel.Example e : newest) {
        g.add(e.label());
        p.add(m.predict(e.text()));
      }
      newestF1[s] = RiskModel.macroF1(g, p);
    }
    out.put("examples", all.size());
    out.put("risk_statements", statements);
    out.put("folds", folds);
    out.put("macro_f1_first_fold_holdout", foldF1[0]);
    out.put("macro_f1_cross_validated", cv[0]);
    out.put("accuracy_cross_validated", cv[1]);
    out.put("fold_macro_f1", foldF1);
    out.put("seeds", SEEDS);
    out.put("macro_f1_cross_validated_per_seed", seedCv);
    out.put("macro_f1_cross_validated_seed_mean", Arrays.stream(seedCv).average().orElse(0));
    out.put("fold_macro_f1_seed_mean", seedFolds);
    out.put("newest_fifth", "train on incidents " + older.get(0).id() + ".." + older.get(older.size() - 1).id() + ", test on "
        + newest.get(0).id() + ".." + newest.get(newest.size() - 1).id() + " (" + newest.size() + ")");
    out.put("macro_f1_newest_fifth_per_seed", newestF1);
    out.put("macro_f1_newest_fifth_seed_mean", Arrays.stream(newestF1).average().orElse(0));
    out.put("classify_micros_per_record", classifyMicros(all));
    out.put("predict_micros_per_record", predictMicros(all));
    return out;
  }

  /**
   * The risk domains that ingest stored for AIID incidents, scored against the snapshot's own MIT labels: separately
   * for incidents outside {@code trainingIds} (never seen by the classifier: a newer snapshot's additions) and for
   * those the bundled model was trained on (a fit, not a held-out figure).
   */
  public static Map<String, Object> storedPredictions(Db db, java.util.Set<String> trainingIds) {
    SeenApart split = new SeenApart();
    db.read(c -> {
      try (var st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT source_id, risk_domain, risk_domain_label, risk_domain_confidence FROM incident_records"
               + " WHERE source = 'aiid' AND risk_domain_label IS NOT NULL AND risk_domain_label <> ''")) {
        while (rs.next()) {
          double p = rs.getDouble(4), confidence = rs.wasNull() ? 0 : p; // wasNull speaks of the column read last
          split.add(trainingIds.contains(rs.getString(1)), rs.getString(3), rs.getString(2) == null ? "" : rs.getString(2), confidence);
        }
      }
      return null;
    });
    return split.scored();
  }

  /** Gold labels, predictions and confidences, kept apart by whether the classifier was trained on the incident. */
  private static final class SeenApart {
    final List<String> gold = new ArrayList<>(), pred = new ArrayList<>(), seenGold = new ArrayList<>(), seenPred = new ArrayList<>();
    final List<Double> conf = new ArrayList<>(), seenConf = new ArrayList<>();

    void add(boolean seen, String label, String predicted, double confidence) {
      (seen ? seenGold : gold).add(label);
      (seen ? seenPred : pred).add(predicted);
      (seen ? seenConf : conf).add(confidence);
    }

    Map<String, Object> scored() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("labelled_aiid_incidents", gold.size() + seenGold.size());
      out.put("unseen", Eval.scored(gold, pred, conf));
      out.put("seen_in_training", Eval.scored(seenGold, seenPred, seenConf));
      return out;
    }
  }

  /**
   * As {@link #storedPredictions}, from an export's AIID rows: {@code risk_domain} against {@code risk_domain_label}, with
   * {@code risk_domain_confidence}. Null when the export has no label column (nothing to score).
   */
  public static Map<String, Object> exportPredictions(Reader r, java.util.Set<String> trainingIds) throws IOException {
    SeenApart split = new SeenApart();
    Lines lines = new Lines(r);
    try (org.apache.commons.csv.CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(lines.reader())) {
      if (csv.getHeaderNames().stream().noneMatch(h -> h.strip().equalsIgnoreCase("risk_domain_label"))) return null;
      int[] col = columns(csv, List.of(List.of("source"), List.of("source_id"), List.of("risk_domain"), List.of("risk_domain_label")),
          List.of("the record's source", "its id in that source", "the predicted domain", "the source's label"));
      int confCol = csv.getHeaderNames().indexOf("risk_domain_confidence");
      for (CSVRecord rec : records(csv)) {
        int line = lines.of(rec);
        if (!value(rec, col[0], line, csv).equalsIgnoreCase("aiid") || col[3] >= rec.size() || rec.get(col[3]).isBlank()) continue;
        boolean seen = trainingIds.contains(value(rec, col[1], line, csv));
        double c = 0;
        if (confCol >= 0 && confCol < rec.size() && !rec.get(confCol).isBlank()) {
          try {
            c = Double.parseDouble(rec.get(confCol).strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": risk_domain_confidence '" + rec.get(confCol) + "' is not a number");
          }
        }
        split.add(seen, rec.get(col[3]).strip(), col[2] < rec.size() ? rec.get(col[2]).strip() : "", c);
      }
    }
    return split.scored();
  }

  /**
   * {@link #snapshotNote} for an export: no label to score is the file's, not a snapshot's; a label outside MIT's seven
   * domains is named, since it is scored as a class of its own and lowers the macro-F1 (outside QA: 0.988 to 0.846).
   */
  static String exportNote(Map<String, Object> scored) {
    if (((Number) scored.get("labelled_aiid_incidents")).intValue() == 0)
      return "no AIID row of the export has a risk_domain_label: there is nothing to score";
    java.util.Set<String> odd = new java.util.TreeSet<>();
    for (String part : List.of("unseen", "seen_in_training"))
      if (scored.get(part) instanceof Map<?, ?> m && m.get("support") instanceof Map<?, ?> support)
        for (Object label : support.keySet()) if (!mitDomain(String.valueOf(label))) odd.add(String.valueOf(label));
    if (!odd.isEmpty()) return "labels outside MIT's seven risk domains are scored as classes of their own: " + String.join("; ", odd);
    return snapshotNote(scored);
  }

  private static final List<String> MIT_WORDS = List.of("discrimination", "privacy", "misinformation", "malicious", "human-computer",
      "socioeconomic", "ai system safety");

  /** Whether a label names one of MIT's seven domains: by its number 1 to 7, or (unnumbered) by a word of its name. */
  static boolean mitDomain(String label) {
    String l = label.strip().toLowerCase(java.util.Locale.ROOT);
    if (l.matches("\\d+\\..*")) return l.matches("[1-7]\\..*");
    return MIT_WORDS.stream().anyMatch(l::contains);
  }

  /** What a reader of {@link #storedPredictions} must know before quoting it: nothing scored, or nothing held out. */
  static String snapshotNote(Map<String, Object> scored) {
    if (((Number) scored.get("labelled_aiid_incidents")).intValue() == 0)
      return "no MIT risk-domain label could be read from the snapshot (classifications_MIT.csv missing or unreadable: see the ingest's"
          + " messages above): there is nothing to score";
    for (String part : List.of("unseen", "seen_in_training")) {
      Map<?, ?> m = (Map<?, ?>) scored.get(part);
      if (m != null && m.get("accuracy") instanceof Number a && a.doubleValue() == 0 && ((Number) m.get("incidents")).intValue() >= 20)
        return "no prediction matched a label in \"" + part + "\": the snapshot may name the domains in a way this build does not"
            + " recognise (its labels: " + m.get("support") + ")";
    }
    Object unseen = ((Map<?, ?>) scored.get("unseen")).get("incidents");
    if (unseen instanceof Number n && n.intValue() == 0)
      return "every labelled incident of this snapshot was used to train the classifier: \"seen_in_training\" is not a held-out score";
    return null;
  }

  private static Map<String, Object> scored(List<String> gold, List<String> rawPred, List<Double> conf) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidents", gold.size());
    if (gold.isEmpty()) return out;
    List<List<String>> f = folded(gold, rawPred);
    gold = f.get(0);
    List<String> pred = f.get(1);
    int right = 0;
    for (int i = 0; i < gold.size(); i++) if (gold.get(i).equals(pred.get(i))) right++;
    out.put("macro_f1", RiskModel.macroF1(gold, pred));
    out.put("macro_f1_ci95", MacroF1Interval.rounded(MacroF1Interval.ci95(gold, pred, 1, 42)));
    out.put("accuracy", right / (double) gold.size());
    out.put("f1_per_domain", f1PerDomain(gold, pred));
    Map<String, Integer> support = new java.util.TreeMap<>();
    for (String g : gold) support.merge(g, 1, Integer::sum);
    out.put("support", support);
    out.put("accuracy_by_confidence", byConfidence(gold, pred, conf));
    return out;
  }

  /**
   * Gold labels and predictions folded to one spelling per domain, so that a domain is one class however a snapshot
   * spells it: {@code "1. Discrimination and Toxicity"} and {@code "1. Discrimination & Toxicity"} by their number, a
   * label without its number ({@code "Misinformation"}) by its name, or a unique known name it begins or is contained in.
   * Each domain is shown in its first gold spelling. Until 2026-12-07 only predictions were folded, to the first gold
   * spelling, so a snapshot that spelt one domain two ways split it into two classes and scored right answers as wrong
   * (outside QA: 0.414 for 20 new incidents all predicted right). Returns {gold, predictions}.
   */
  static List<List<String>> folded(List<String> gold, List<String> pred) {
    Map<String, String> numberByName = new java.util.HashMap<>();
    for (List<String> labels : List.of(gold, pred))
      for (String l : labels) if (numbered(l)) numberByName.putIfAbsent(domainName(l), RiskModel.domainNumber(l));
    Map<String, String> keyOf = new java.util.HashMap<>(), shown = new java.util.HashMap<>();
    for (List<String> labels : List.of(gold, pred)) {
      for (String l : labels) {
        String k = keyOf.computeIfAbsent(l, x -> domainKey(x, numberByName));
        if (k != null) shown.putIfAbsent(k, l); // gold first: a domain is shown as the snapshot spells it
      }
    }
    List<List<String>> out = new ArrayList<>();
    for (List<String> labels : List.of(gold, pred)) {
      List<String> f = new ArrayList<>(labels.size());
      for (String l : labels) {
        String k = keyOf.get(l);
        f.add(k == null ? l : shown.get(k));
      }
      out.add(f);
    }
    return out;
  }

  /** The domain number a label names, or null when it names none this scoring knows. */
  private static String domainKey(String label, Map<String, String> numberByName) {
    if (numbered(label)) return RiskModel.domainNumber(label);
    String name = domainName(label);
    String exact = numberByName.get(name);
    if (exact != null || name.length() < 5) return exact;
    String found = null;
    for (var e : numberByName.entrySet()) {
      if (e.getKey().startsWith(name) || e.getKey().contains(name)) {
        if (found != null && !found.equals(e.getValue())) return null; // names two domains: none
        found = e.getValue();
      }
    }
    return found;
  }

  /** A domain label's name without its number, case, "&" for "and" or punctuation: "7. AI system safety, failures, and limitations" → "aisystemsafetyfailuresandlimitations". */
  static String domainName(String label) {
    return label.replaceFirst("^\\s*\\d+\\s*\\.\\s*", "").toLowerCase(java.util.Locale.ROOT).replace("&", "and").replaceAll("[^\\p{L}\\p{N}]", "");
  }

  private static boolean numbered(String label) {
    return label.indexOf('.') > 0 && RiskModel.domainNumber(label).matches("\\d+");
  }

  /** F1 of each domain, to three decimals, for printing. */
  private static Map<String, Double> f1PerDomain(List<String> gold, List<String> pred) {
    Map<String, Double> out = new LinkedHashMap<>();
    RiskModel.f1PerClass(gold, pred).forEach((d, f) -> out.put(d, Math.round(f * 1000) / 1000.0));
    return out;
  }

  private static final long[] SEEDS = {1, 2, 3, 4, 5};
  /** Grid of the embedding model's fusion weight. */
  static final double[] ALPHAS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /**
   * Held-out evaluation of the embedding model alone and of the fused model ({@link FusedRiskModel}) on the same
   * folds, seeds and newest-fifth split as {@link #classification}. The fusion weight is chosen inside each training
   * part by an inner 4-fold CV (by hash of "inner:" + id; pooled macro-F1 over the grid {@link #ALPHAS}), never on
   * the test part; "alpha_all_labels" is the same choice on all labels (the shipped {@link FusedRiskModel#ALPHA}).
   */
  public static Map<String, Object> fusedClassification(List<RiskModel.Example> all, int folds) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Split> sp = splits(all, folds);
    List<List<RiskModel.Example>> trains = sp.stream().map(Split::train).toList(), tests = sp.stream().map(Split::test).toList();
    String[] domains = RiskModel.domainsOf(all);
    int splits = trains.size();
    // embedding model: deterministic, one per split (and per inner fold)
    double[][][] embTest = new double[splits][][], embInner = new double[splits][][];
    for (int s = 0; s < splits; s++) {
      List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
      EmbeddingRiskModel m = EmbeddingRiskModel.train(tr, RiskModel.riskStatements(tr));
      embTest[s] = new double[te.size()][];
      for (int i = 0; i < te.size(); i++) embTest[s][i] = m.domainProbabilities(te.get(i).embedText(), domains);
      embInner[s] = new double[tr.size()][];
      for (int f = 0; f < 4; f++) {
        List<RiskModel.Example> itr = new ArrayList<>();
        for (RiskModel.Example e : tr) if (inner(e) != f) itr.add(e);
        EmbeddingRiskModel im = EmbeddingRiskModel.train(itr, RiskModel.riskStatements(itr));
        for (int i = 0; i < tr.size(); i++) if (inner(tr.get(i)) == f) embInner[s][i] = im.domainProbabilities(tr.get(i).embedText(), domains);
      }
    }
    alone(out, "embedding_model_", tests, folds, embTest, domains);
    double[][][][] bowTest = new double[SEEDS.length][splits][][];
    for (int si = 0; si < SEEDS.length; si++) {
      for (int s = 0; s < splits; s++) {
        List<RiskModel.Example> te = tests.get(s);
        RiskModel m = RiskModel.train(trains.get(s), SEEDS[si]);
        bowTest[si][s] = new double[te.size()][];
        for (int i = 0; i < te.size(); i++) bowTest[si][s][i] = m.domainProbabilities(te.get(i).text(), domains);
      }
    }
    Pooled frozen = fuse(out, "fused_", tests, folds, bowTest, embTest, domains, (si, s) -> innerAlpha(trains.get(s), embInner[s], domains, SEEDS[si]), NO_ADJUST);
    double[][][] ft = FineTunedHeldOut.bundled(tests, domains);
    if (ft == null) {
      out.put("finetuned", "no held-out predictions for these labels (incidents/risk-minilm-ft-heldout.json missing or out of date)");
      details(out, "fused_", frozen, domains);
    } else {
      alone(out, "finetuned_model_", tests, folds, ft, domains);
      double[][] alphas = new double[SEEDS.length][splits];
      for (int si = 0; si < SEEDS.length; si++) for (int s = 0; s < splits; s++) alphas[si][s] = heldOutAlpha(tests, trains.get(s), s, folds, bowTest[si], ft, domains);
      Pooled tuned = fuse(out, "finetuned_fused_", tests, folds, bowTest, ft, domains, (si, s) -> alphas[si][s], NO_ADJUST);
      details(out, "finetuned_fused_", tuned, domains);
      // the shipped model: as above, then the AIAAIC labels of the test incidents merged with an AIAAIC entry, by a
      // model trained on the training part's merged incidents
      Map<String, java.util.Set<String>> ev = AiaaicEvidence.bundledFeatures();
      AiaaicEvidence[] side = new AiaaicEvidence[splits];
      for (int s = 0; s < splits; s++) side[s] = AiaaicEvidence.train(domains, AiaaicEvidence.examples(trains.get(s), ev));
      out.put("finetuned_fused_aiaaic_test_incidents_with_labels", tests.stream().map(te -> te.stream().filter(e -> ev.containsKey(e.id())).count()).toList());
      Pooled withEv = fuse(out, "finetuned_fused_aiaaic_", tests, folds, bowTest, ft, domains, (si, s) -> alphas[si][s],
          (s, i, q) -> side[s].mix(q, ev.get(tests.get(s).get(i).id())));
      details(out, "finetuned_fused_aiaaic_", withEv, domains);
      // the shipped weight, fixed: chosen on a forward split inside the newest fifth's training part, so the newest
      // fifth's figure is one the choice never saw
      Pooled shipped = fuse(out, "shipped_", tests, folds, bowTest, ft, domains, (si, s) -> FusedRiskModel.FT_ALPHA,
          (s, i, q) -> side[s].mix(q, ev.get(tests.get(s).get(i).id())));
      details(out, "shipped_", shipped, domains);
    }
    return out;
  }

  /** Macro-F1 of a model's own held-out predictions ({@code probs}[split][incident]): folds pooled, then the newest fifth. */
  private static void alone(Map<String, Object> out, String prefix, List<List<RiskModel.Example>> tests, int folds, double[][][] probs, String[] domains) {
    List<String> g = new ArrayList<>(), p = new ArrayList<>();
    for (int s = 0; s < folds; s++) for (int i = 0; i < tests.get(s).size(); i++) {
      g.add(tests.get(s).get(i).label());
      p.add(domains[RiskModel.argmax(probs[s][i])]);
    }
    out.put(prefix + "macro_f1_cross_validated", RiskModel.macroF1(g, p));
    out.put(prefix + "macro_f1_newest_fifth", f1(tests.get(folds), probs[folds], domains));
  }

  /** The fusion weight for a seed (index into {@link #SEEDS}) and a split. */
  interface AlphaPicker {
    double pick(int seedIndex, int split);
  }

  /** A last change to a test incident's fused probabilities ({@code split}, index in its test part). */
  interface Adjust {
    double[] apply(int split, int incident, double[] q);
  }

  private static final Adjust NO_ADJUST = (s, i, q) -> q;

  /**
   * Each seed's bag-of-words test probabilities mixed with a second model's ({@code second}[split][incident]) at the
   * weight {@code alpha} picks, then {@code adjust}ed; per-seed figures go to {@code out} under {@code prefix}, the
   * predictions of all seeds come back pooled.
   */
  private static Pooled fuse(Map<String, Object> out, String prefix, List<List<RiskModel.Example>> tests, int folds, double[][][][] bowTest,
      double[][][] second, String[] domains, AlphaPicker alpha, Adjust adjust) {
    double[] cv = new double[SEEDS.length], newest = new double[SEEDS.length];
    List<String> alphas = new ArrayList<>();
    Pooled all = new Pooled();
    for (int si = 0; si < SEEDS.length; si++) {
      Pooled seed = new Pooled();
      StringBuilder chosen = new StringBuilder();
      for (int s = 0; s < tests.size(); s++) {
        List<RiskModel.Example> te = tests.get(s);
        double a = alpha.pick(si, s);
        chosen.append(chosen.length() == 0 ? "" : " ").append(a);
        double[][] q = new double[te.size()][];
        for (int i = 0; i < te.size(); i++) q[i] = adjust.apply(s, i, mix(bowTest[si][s][i], second[s][i], a));
        seed.add(s == folds, te, q, domains);
      }
      cv[si] = RiskModel.macroF1(seed.gold, seed.pred);
      newest[si] = RiskModel.macroF1(seed.newestGold, seed.newestPred);
      all.addAll(seed);
      alphas.add(chosen.toString());
    }
    seedFigures(out, prefix, cv, newest, alphas);
    return all;
  }

  private static void seedFigures(Map<String, Object> out, String prefix, double[] cv, double[] newest, List<String> alphas) {
    out.put(prefix + "macro_f1_cross_validated_per_seed", cv);
    out.put(prefix + "macro_f1_cross_validated_seed_mean", Arrays.stream(cv).average().orElse(0));
    out.put(prefix + "macro_f1_newest_fifth_per_seed", newest);
    out.put(prefix + "macro_f1_newest_fifth_seed_mean", Arrays.stream(newest).average().orElse(0));
    out.put(prefix + "alpha_per_seed_folds_then_newest", alphas);
  }

  /** Held-out gold labels, predictions and confidences, pooled over seeds: the cross-validated ones and the newest fifth's. */
  static final class Pooled {
    final List<String> gold = new ArrayList<>(), pred = new ArrayList<>(), newestGold = new ArrayList<>(), newestPred = new ArrayList<>();
    final List<Double> conf = new ArrayList<>(), newestConf = new ArrayList<>();

    void add(boolean newestFifth, List<RiskModel.Example> te, double[][] q, String[] domains) {
      for (int i = 0; i < te.size(); i++) {
        int d = RiskModel.argmax(q[i]);
        (newestFifth ? newestGold : gold).add(te.get(i).label());
        (newestFifth ? newestPred : pred).add(domains[d]);
        (newestFifth ? newestConf : conf).add(q[i][d]);
      }
    }

    void addAll(Pooled o) {
      gold.addAll(o.gold);
      pred.addAll(o.pred);
      conf.addAll(o.conf);
      newestGold.addAll(o.newestGold);
      newestPred.addAll(o.newestPred);
      newestConf.addAll(o.newestConf);
    }
  }

  /** Where the errors are and how far the confidence can be trusted, for the model whose keys start with {@code prefix}. */
  private static void details(Map<String, Object> out, String prefix, Pooled p, String[] domains) {
    // F1 of each domain, cross-validated predictions of all seeds pooled
    out.put(prefix + "f1_per_domain_cross_validated", f1PerDomain(p.gold, p.pred));
    // rows: gold domain; columns: predicted domain, in the order of the rows (pooled over the seeds)
    Map<String, int[]> confusion = new LinkedHashMap<>();
    for (String d : domains) confusion.put(d, new int[domains.length]);
    for (int i = 0; i < p.gold.size(); i++) confusion.get(p.gold.get(i))[Arrays.binarySearch(domains, p.pred.get(i))]++;
    out.put(prefix + "confusion_cross_validated", confusion);
    // how far each figure moves with which incidents happen to be labelled (incidents resampled, seeds kept together)
    out.put(prefix + "macro_f1_cross_validated_ci95", MacroF1Interval.rounded(MacroF1Interval.ci95(p.gold, p.pred, SEEDS.length, 42)));
    out.put(prefix + "macro_f1_newest_fifth_ci95", MacroF1Interval.rounded(MacroF1Interval.ci95(p.newestGold, p.newestPred, SEEDS.length, 42)));
    // how far the stored risk_domain_confidence can be trusted: accuracy of the predictions in each band
    out.put(prefix + "accuracy_by_confidence_cross_validated", byConfidence(p.gold, p.pred, p.conf));
    out.put(prefix + "accuracy_by_confidence_newest_fifth", byConfidence(p.newestGold, p.newestPred, p.newestConf));
    // if analysts review the predictions below a confidence: how many are left to the machine, and how good they are
    out.put(prefix + "selective_cross_validated", selective(p.gold, p.pred, p.conf));
    out.put(prefix + "selective_newest_fifth", selective(p.newestGold, p.newestPred, p.newestConf));
  }

  /**
   * The fine-tuned model's fusion weight for split {@code s}, chosen from {@link #ALPHAS} by pooled macro-F1 on held-out
   * predictions outside that split's test part (fine-tuning per inner fold is too costly): for a fold, the other
   * folds' test parts; for the newest fifth, the cross-validated predictions of its training part.
   */
  static double heldOutAlpha(List<List<RiskModel.Example>> tests, List<RiskModel.Example> train, int s, int folds,
      double[][][] bowTest, double[][][] ft, String[] domains) {
    java.util.Set<String> trainIds = new java.util.HashSet<>();
    for (RiskModel.Example e : train) trainIds.add(e.id());
    List<RiskModel.Example> ex = new ArrayList<>();
    List<double[]> b = new ArrayList<>(), f = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      if (k == s) continue;
      for (int i = 0; i < tests.get(k).size(); i++) {
        if (s == folds && !trainIds.contains(tests.get(k).get(i).id())) continue;
        ex.add(tests.get(k).get(i));
        b.add(bowTest[k][i]);
        f.add(ft[k][i]);
      }
    }
    double best = -1, bestAlpha = 0;
    for (double a : ALPHAS) {
      double[][] q = new double[ex.size()][];
      for (int i = 0; i < q.length; i++) q[i] = mix(b.get(i), f.get(i), a);
      double score = f1(ex, q, domains);
      if (score > best + 1e-12) {
        best = score;
        bestAlpha = a;
      }
    }
    return bestAlpha;
  }

  static final double[] CONFIDENCE_BANDS = {0, 0.5, 0.7, 0.9};

  /** For confidence ≥ 0.5 and ≥ 0.7: the share of predictions kept (coverage), and their accuracy and macro-F1. */
  static Map<String, Map<String, Object>> selective(List<String> gold, List<String> pred, List<Double> conf) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (double t : new double[] {0.5, 0.7}) {
      List<String> g = new ArrayList<>(), p = new ArrayList<>();
      for (int i = 0; i < gold.size(); i++) {
        if (conf.get(i) < t) continue;
        g.add(gold.get(i));
        p.add(pred.get(i));
      }
      int right = 0;
      for (int i = 0; i < g.size(); i++) if (g.get(i).equals(p.get(i))) right++;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("coverage", gold.isEmpty() ? 0 : Math.round(1000.0 * g.size() / gold.size()) / 1000.0);
      m.put("accuracy", g.isEmpty() ? null : Math.round(1000.0 * right / g.size()) / 1000.0);
      m.put("macro_f1", g.isEmpty() ? null : Math.round(1000.0 * RiskModel.macroF1(g, p)) / 1000.0);
      out.put("≥" + t, m);
    }
    return out;
  }

  /** For each confidence band ([0, 0.5), [0.5, 0.7), [0.7, 0.9), [0.9, 1]): the share of predictions in it and their accuracy. */
  static Map<String, Map<String, Object>> byConfidence(List<String> gold, List<String> pred, List<Double> conf) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (int b = 0; b < CONFIDENCE_BANDS.length; b++) {
      double lo = CONFIDENCE_BANDS[b], hi = b + 1 < CONFIDENCE_BANDS.length ? CONFIDENCE_BANDS[b + 1] : Double.POSITIVE_INFINITY;
      int n = 0, right = 0;
      for (int i = 0; i < gold.size(); i++) {
        if (conf.get(i) < lo || conf.get(i) >= hi) continue;
        n++;
        if (gold.get(i).equals(pred.get(i))) right++;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("share", gold.isEmpty() ? 0 : Math.round(1000.0 * n / gold.size()) / 1000.0);
      m.put("accuracy", n == 0 ? null : Math.round(1000.0 * right / n) / 1000.0);
      out.put(hi == Double.POSITIVE_INFINITY ? "≥" + lo : lo + "–" + hi, m);
    }
    return out;
  }

  /** The fusion weight that maximises pooled inner-CV macro-F1 on {@code tr}; {@code embInner}: the embedding model's inner-CV probabilities. */
  static double innerAlpha(List<RiskModel.Example> tr, double[][] embInner, String[] domains, long seed) {
    double[][] bowInner = new double[tr.size()][];
    for (int f = 0; f < 4; f++) {
      List<RiskModel.Example> itr = new ArrayList<>();
      for (RiskModel.Example e : tr) if (inner(e) != f) itr.add(e);
      RiskModel m = RiskModel.train(itr, seed);
      for (int i = 0; i < tr.size(); i++) if (inner(tr.get(i)) == f) bowInner[i] = m.domainProbabilities(tr.get(i).text(), domains);
    }
    double best = -1, bestAlpha = 0;
    for (double a : ALPHAS) {
      double[][] q = new double[tr.size()][];
      for (int i = 0; i < q.length; i++) q[i] = mix(bowInner[i], embInner[i], a);
      double f = f1(tr, q, domains);
      if (f > best + 1e-12) {
        best = f;
        bestAlpha = a;
      }
    }
    return bestAlpha;
  }

  /** The fusion weight chosen by inner CV on all of {@code all} (what {@link FusedRiskModel#ALPHA} was set from), at seed 7. */
  static double alphaAllLabels(List<RiskModel.Example> all, String[] domains) {
    double[][] embInner = new double[all.size()][];
    for (int f = 0; f < 4; f++) {
      List<RiskModel.Example> itr = new ArrayList<>();
      for (RiskModel.Example e : all) if (inner(e) != f) itr.add(e);
      EmbeddingRiskModel im = EmbeddingRiskModel.train(itr, RiskModel.riskStatements(itr));
      for (int i = 0; i < all.size(); i++) if (inner(all.get(i)) == f) embInner[i] = im.domainProbabilities(all.get(i).embedText(), domains);
    }
    return innerAlpha(all, embInner, domains, 7);
  }

  static int inner(RiskModel.Example e) {
    return (int) Math.floorMod(Tokens.hash64("inner:" + e.id()), 4L);
  }

  static double[] mix(double[] bow, double[] emb, double alpha) {
    double[] p = new double[bow.length];
    for (int d = 0; d < p.length; d++) p[d] = (1 - alpha) * bow[d] + alpha * emb[d];
    return p;
  }

  static double f1(List<RiskModel.Example> ex, double[][] p, String[] domains) {
    List<String> g = new ArrayList<>(), q = new ArrayList<>();
    for (int i = 0; i < ex.size(); i++) {
      g.add(ex.get(i).label());
      q.add(domains[RiskModel.argmax(p[i])]);
    }
    return RiskModel.macroF1(g, q);
  }

  private static RiskModel train(List<RiskModel.Example> train, boolean statements, long seed) {
    return statements ? RiskModel.train(train, seed) : RiskModel.train(train, List.of(), seed);
  }

  /** The training and test part of one held-out split. */
  record Split(List<RiskModel.Example> train, List<RiskModel.Example> test) {}

  /** Fold {@code f} of {@code folds}, by hash of the incident id (the folds of every figure `eval` prints). */
  static Split fold(List<RiskModel.Example> all, int folds, int f) {
    List<RiskModel.Example> train = new ArrayList<>(), test = new ArrayList<>();
    for (RiskModel.Example e : all) (Math.floorMod(Tokens.hash64(e.id()), folds) == f ? test : train).add(e);
    return new Split(train, test);
  }

  /** Train on the older four fifths by incident id, test on the newest fifth: the stand-in for a later snapshot. */
  static Split newestFifth(List<RiskModel.Example> all) {
    List<RiskModel.Example> byId = new ArrayList<>(all);
    byId.sort(java.util.Comparator.comparingLong(e -> numericId(e.id())));
    int cut = byId.size() - byId.size() / 5;
    return new Split(new ArrayList<>(byId.subList(0, cut)), new ArrayList<>(byId.subList(cut, byId.size())));
  }

  /** The {@code folds} cross-validation folds, then the newest-fifth split. */
  static List<Split> splits(List<RiskModel.Example> all, int folds) {
    List<Split> out = new ArrayList<>();
    for (int f = 0; f < folds; f++) out.add(fold(all, folds, f));
    out.add(newestFifth(all));
    return out;
  }

  private static long numericId(String id) {
    try {
      return Long.parseLong(id.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Cross-validated {macro-F1, accuracy} over all folds pooled; each fold's macro-F1 into {@code foldF1}. */
  static double[] crossValidate(List<RiskModel.Example> all, int folds, boolean statements, long seed, double[] foldF1) {
    List<String> gold = new ArrayList<>(), pred = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      Split split = fold(all, folds, f);
      List<RiskModel.Example> test = split.test();
      RiskModel m = train(split.train(), statements, seed);
      List<String> g = new ArrayList<>(), p = new ArrayList<>();
      for (RiskModel.Example e : test) {
        g.add(e.label());
        p.add(m.predict(e.text()));
      }
      foldF1[f] = RiskModel.macroF1(g, p);
      gold.addAll(g);
      pred.addAll(p);
    }
    int correct = 0;
    for (int i = 0; i < gold.size(); i++) if (gold.get(i).equals(pred.get(i))) correct++;
    return new double[] {RiskModel.macroF1(gold, pred), correct / (double) gold.size()};
  }
}
