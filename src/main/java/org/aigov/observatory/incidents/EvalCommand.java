package org.aigov.observatory.incidents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** "eval": linkage P/R/F1 on labelled AIID–AIAAIC pairs and held-out macro-F1 of the MIT risk-domain classifier. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure linkage precision/recall/F1 and risk-domain macro-F1 (fresh in-memory store unless --data is given)")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--shared", description = "folder with aiid-2025-03/ and aiaaic/ (default ../shared/data)")
  Path shared = Path.of("../shared/data");

  @Option(names = "--data", description = "evaluate an existing store instead of ingesting into memory")
  Path data;

  @Option(names = "--pairs", description = "labelled pairs CSV (aiid_id,aiaaic_id,same_event); default: every labelled set bundled in the jar"
      + " (incidents/linkage-dev.csv, the development set, then the sets labelled independently and never used for tuning), each scored and then pooled")
  Path pairs;

  @Option(names = "--export", paramLabel = "<csv>", description = "score this file of `export incidents --format csv` as an outside check"
      + " would: its linkage against --pairs (or every bundled set and their pool), and its AIID rows' risk_domain against"
      + " their risk_domain_label (incidents the classifier was not trained on apart); reads no data and ingests nothing")
  Path export;

  @Option(names = "--threshold", description = "event-match threshold (default ${DEFAULT-VALUE})")
  double threshold = new Clusterer.Options().threshold;

  @Option(names = "--folds", description = "cross-validation folds for the classifier (default ${DEFAULT-VALUE})")
  int folds = 5;

  @Option(names = "--show-errors", description = "list linkage errors and the incident each record joined instead; the scores behind each"
      + " only without --data (they need the clustering run eval does in memory, and re-clustering a store just to print them would change it)")
  boolean showErrors;

  @Option(names = "--sweep", hidden = true, split = ",", description = "re-cluster at these field weights and report each")
  double[] sweepFieldWeights;

  @Option(names = "--sweep-conflict", hidden = true, split = ",", description = "deployer-conflict penalties to sweep")
  double[] sweepConflict = {new Clusterer.Options().deployerConflictPenalty};

  @Option(names = "--deployer-conflict", hidden = true, description = "linkage: penalty when an AIID–AIAAIC pair name deployers and neither mentions the other's (default ${DEFAULT-VALUE})")
  double deployerConflict = new Clusterer.Options().deployerConflictPenalty;

  @Option(names = "--deployer-words", hidden = true, arity = "1", description = "linkage: deployers sharing a distinctive name word are one party (default ${DEFAULT-VALUE})")
  boolean deployerWords = new Clusterer.Options().deployerWords;

  @Option(names = "--country-conflict", hidden = true, description = "linkage: penalty when an AIID–AIAAIC pair name countries and share none (default ${DEFAULT-VALUE})")
  double countryConflict = new Clusterer.Options().countryConflict;

  @Option(names = "--sweep-country", split = ",", description = "linkage: country-conflict penalties to sweep; re-clusters the store for each value (a --data store too) and once more at the end with this command's settings")
  double[] sweepCountry;

  @Option(names = "--surfaced-later", hidden = true, description = "linkage: date term per further year when an AIID date is two or more years before"
      + " an AIAAIC year (default ${DEFAULT-VALUE}; 0 = refused)")
  double surfacedLater = new Clusterer.Options().surfacedLater;

  @Option(names = "--skip-linkage", description = "measure the classifier only")
  boolean skipLinkage;

  @Option(names = "--sweep-year", hidden = true, split = ",", description = "year-mismatch penalties to sweep")
  double[] sweepYear = {new Clusterer.Options().yearMismatch};

  @Option(names = "--sweep-reciprocal", hidden = true, split = ",", description = "reciprocal-best-match band widths below the threshold to sweep (0 = off)")
  double[] sweepReciprocal = {new Clusterer.Options().reciprocalBand};

  @Option(names = "--sweep-reciprocal-date", hidden = true, arity = "1", split = ",", description = "reciprocal pass needs agreeing dates: values to sweep")
  boolean[] sweepReciprocalDate = {new Clusterer.Options().reciprocalNeedsDate};

  @Option(names = "--reciprocal-band", hidden = true, description = "reciprocal-best-match band below the threshold (default ${DEFAULT-VALUE}; 0 = off)")
  double reciprocalBand = new Clusterer.Options().reciprocalBand;

  @Option(names = "--list-via", hidden = true, description = "list the AIID–AIAAIC pairs joined by this link type (e.g. reciprocal)")
  String listVia;

  @Option(names = "--undated-links", description = "linkage: let undated AIAAIC entries (system profiles) join events by event matching, as before 2026-12-03 (in the in-memory run; a --data store keeps its own clustering)")
  boolean undatedLinks;

  @Option(names = "--undated-single", arity = "1", description = "linkage: an undated entry with a single candidate event joins it (default ${DEFAULT-VALUE}; false: as before 2026-12-05)")
  boolean undatedSingle = true;

  @Option(names = "--countries", description = "measure only the countries found in records' text against those the monitors' editors gave"
      + " (CSET's Location Country on AIID incidents, AIAAIC's Country(ies)), from --shared; seconds. With --show-errors, every record"
      + " where the text names a country its editors did not")
  boolean countries;

  @Option(names = "--skip-classifier", description = "measure linkage only")
  boolean skipClassifier;

  @Option(names = "--no-risk-statements", description = "train the classifier on the AIID incidents alone (the previous model), for comparison")
  boolean noRiskStatements;

  @Option(names = "--embedding-weight", description = "weight of the sentence-embedding term in event scores (default ${DEFAULT-VALUE}; 0 = words only)")
  double embeddingWeight = new Clusterer.Options().embeddingWeight;

  @Option(names = "--embedding-neighbours", description = "linkage: also score each curated record's k nearest records of the other monitor by embedding (0 = off)")
  int embeddingNeighbours = new Clusterer.Options().embeddingNeighbours;

  @Option(names = "--sweep-neighbours", hidden = true, split = ",", description = "embedding-neighbour counts to sweep (thresholds ±0.05), scoring all three labelled sets")
  int[] sweepNeighbours;

  @Option(names = "--sweep-embedding", hidden = true, split = ",", description = "embedding weights to sweep")
  double[] sweepEmbedding;
  @Option(names = "--no-embeddings", description = "skip the sentence-embedding and fused models' figures (they add a few minutes)")
  boolean noEmbeddings;

  @Option(names = "--alpha-all-labels", hidden = true, description = "print the fusion weight chosen by inner CV on all labels")
  boolean alphaAll;

  @Option(names = "--dump-scores", hidden = true)
  boolean dumpScores;

  @Option(names = "--snapshot", description = "score the shipped classifier on the MIT labels of this AIID snapshot folder or download (.tar.bz2, .tgz, .tar, .zip; e.g. a newer one):"
      + " ingests it into memory and compares the stored risk_domain with the label, for incidents not among the training labels and for those that are")
  Path snapshot;

  @Option(names = "--aiaaic", paramLabel = "FILE|bundled|none", description = "with --snapshot: the AIAAIC export ingested beside the snapshot before"
      + " clustering, so the stored risk domains include the merged AIAAIC entries' labels as the product's are (docs/incidents.md);"
      + " default 'bundled': the demo subset a store loads at first start (entries occurring 2023–2025); 'none': the text model alone")
  String aiaaic = "bundled";

  static Long recordId(Db db, String source, String id) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT id FROM incident_records WHERE source = ? AND source_id = ?")) {
        ps.setString(1, source);
        ps.setString(2, id);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
  }

  /** Precision over every merge of the sets' AIID incidents, whether or not a set's candidates held the entry. */
  private static void printAudit(Db db, List<List<Eval.Pair>> sets) throws java.io.IOException {
    List<Eval.Pair> audit = Eval.auditPairs();
    Eval.Audit a = Eval.audit(db, sets, audit == null ? List.of() : audit);
    System.out.printf(java.util.Locale.ROOT, "merge audit (every AIAAIC entry merged with the %d sets' sampled AIID incidents): %d merged, %d right, %d wrong,"
        + " %d unlabelled; precision %.3f%s%n", sets.size(), a.merged(), a.right(), a.wrong(), a.unlabelled().size(), a.precision(),
        a.unlabelled().isEmpty() ? "" : " (label these in incidents/linkage-audit.csv: " + String.join(" ", a.unlabelled()) + ")");
    if (!a.wrongPairs().isEmpty()) System.out.println("  wrong merges: " + String.join(" ", a.wrongPairs()));
  }

  /**
   * What the editors' list of suggested merges holds: of the labelled sets' same-event pairs the linkage missed, how many
   * it offers (as a pair of their two incidents), and how the suggested AIID–AIAAIC pairs that some set labelled are labelled.
   */
  @SuppressWarnings("unchecked")
  private static void printSuggestions(Db db, List<List<Eval.Pair>> sets) throws java.io.IOException {
    List<Map<String, Object>> all = MergeSuggestions.list(db, 1000);
    Map<List<Long>, Integer> rank = new java.util.HashMap<>();
    Map<String, Boolean> label = new java.util.HashMap<>();
    List<Eval.Pair> audit = Eval.auditPairs();
    for (List<Eval.Pair> set : sets) for (Eval.Pair p : set) label.put(p.aiid() + "~" + p.aiaaic(), p.same());
    if (audit != null) for (Eval.Pair p : audit) label.putIfAbsent(p.aiid() + "~" + p.aiaaic(), p.same());
    int same = 0, other = 0, unlabelled = 0;
    for (int i = 0; i < all.size(); i++) {
      Map<String, Object> a = (Map<String, Object>) all.get(i).get("a"), b = (Map<String, Object>) all.get(i).get("b");
      long ia = (Long) a.get("incident_id"), ib = (Long) b.get("incident_id");
      rank.putIfAbsent(List.of(Math.min(ia, ib), Math.max(ia, ib)), i + 1);
      Map<String, Object> x = "aiid".equals(a.get("source")) ? a : b, y = x == a ? b : a;
      Boolean l = "aiid".equals(x.get("source")) && "aiaaic".equals(y.get("source")) ? label.get(x.get("source_id") + "~" + y.get("source_id")) : null;
      if (l == null) unlabelled++;
      else if (l) same++;
      else other++;
    }
    int missed = 0;
    List<String> found = new java.util.ArrayList<>();
    for (List<Eval.Pair> set : sets) for (Eval.Pair p : set) {
      if (!p.same()) continue;
      Long ra = recordId(db, "aiid", p.aiid()), rb = recordId(db, "aiaaic", p.aiaaic());
      Long ia = ra == null ? null : incidentOf(db, ra), ib = rb == null ? null : incidentOf(db, rb);
      if (ia == null || ib == null || ia.equals(ib)) continue;
      missed++;
      Integer r = rank.get(List.of(Math.min(ia, ib), Math.max(ia, ib)));
      if (r != null) found.add(p.aiid() + "~" + p.aiaaic() + " (#" + r + ")");
    }
    Map<Object, Long> reasons = new java.util.TreeMap<>();
    for (Map<String, Object> s : all) reasons.merge(s.get("reason"), 1L, Long::sum);
    System.out.printf(java.util.Locale.ROOT, "suggested merges for editors: %d %s; of the sets' %d missed same-event pairs, %d are among them%s;"
        + " suggested AIID–AIAAIC pairs labelled same event %d, different %d, unlabelled or other sources %d%n",
        all.size(), reasons, missed, found.size(), found.isEmpty() ? "" : " (" + String.join(" ", found) + ")", same, other, unlabelled);
  }

  private static Long incidentOf(Db db, long record) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT incident_id FROM incident_members WHERE record_id = ?")) {
        ps.setLong(1, record);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
  }

  private static void printLinkage(String name, Eval.Linkage k) {
    printLinkage(name, k, "store");
  }

  private static void printLinkage(String name, Eval.Linkage k, String where) {
    System.out.printf(java.util.Locale.ROOT, "%s: %d pairs (%d not found in %s): TP %d FP %d FN %d TN %d; precision %.3f recall %.3f F1 %.3f%n",
        name, k.pairs(), k.missing(), where, k.tp(), k.fp(), k.fn(), k.tn(), k.precision(), k.recall(), k.f1());
  }

  /** A file option's content, its errors said as the option's (no stack trace, nothing ingested first). */
  private <T> T readOption(String option, Path file, IoReader<T> reader) {
    try {
      return reader.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), option + ": " + file + " not found");
    } catch (IllegalArgumentException | IOException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), option + ": " + file + ": " + e.getMessage());
    }
  }

  private interface IoReader<T> {
    T read(Path file) throws IOException;
  }

  /**
   * Scores an export, as an outside check does: the same pairs against the incidents the file gives each AIID and AIAAIC
   * record. Against --pairs, or every bundled set and their pool.
   */
  private int scoreExport() throws IOException {
    String text = readOption("--export", export, Eval::csvText);
    Map<String, Long> inc = readOption("--export", export, f -> Eval.incidentsOfExport(new java.io.StringReader(text)));
    List<Eval.LabelledSet> sets = pairs != null
        ? List.of(new Eval.LabelledSet("linkage (" + pairs.getFileName() + ")", readOption("--pairs", pairs, Eval::readPairs)))
        : Eval.labelledSets();
    if (sets.isEmpty()) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--pairs: needed (this build holds no labelled set)");
    if (inc.isEmpty()) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--export: " + export
        + " holds no clustered AIID or AIAAIC record: there is nothing to score");
    System.out.println("export: " + inc.size() + " AIID and AIAAIC records in " + new java.util.HashSet<>(inc.values()).size() + " incidents");
    for (Eval.LabelledSet set : skipLinkage ? List.<Eval.LabelledSet>of() : sets) {
      Eval.Linkage l = Eval.linkage(inc, set.pairs());
      printLinkage(set.name(), l, "export");
      if (showErrors) for (String e : l.errors()) System.out.println("  " + e);
    }
    if (sets.size() > 1 && !skipLinkage)
      printLinkage("linkage, all " + sets.size() + " sets pooled", Eval.linkage(inc, Eval.pooled(sets.stream().map(Eval.LabelledSet::pairs).toList())), "export");
    java.util.Set<String> training = new java.util.HashSet<>();
    for (RiskModel.Example e : RiskModel.bundledExamples()) training.add(e.id());
    if (skipClassifier) return 0;
    Map<String, Object> scored = readOption("--export", export, f -> Eval.exportPredictions(new java.io.StringReader(text), training));
    if (scored == null) { // said, not left out without a word
      System.err.println("note: " + export + " has no risk_domain_label column: its risk domains are not scored");
      return 0;
    }
    System.out.println("exported risk domains against the export's MIT labels: " + Json.write(scored));
    String note = Eval.exportNote(scored);
    if (note != null) System.err.println("note: " + note);
    return 0;
  }

  private List<Eval.Pair> devPairs;

  /** The development pairs or --pairs, read once (the sweeps score them once per setting). */
  private List<Eval.Pair> devPairs() throws IOException {
    if (devPairs == null) devPairs = Eval.bundledPairs(pairs);
    return devPairs;
  }

  /** The other records of a record's incident, with how they were linked. */
  static String partners(Db db, long record) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT r.source, r.source_id, m.via, m.score, r.title FROM incident_members m JOIN incident_records r ON r.id = m.record_id"
          + " WHERE m.incident_id = (SELECT incident_id FROM incident_members WHERE record_id = ?) AND m.record_id <> ?")) {
        ps.setLong(1, record);
        ps.setLong(2, record);
        StringBuilder sb = new StringBuilder();
        try (var rs = ps.executeQuery()) {
          while (rs.next()) sb.append("[").append(rs.getString(1)).append(':').append(rs.getString(2)).append(' ').append(rs.getString(3))
              .append(' ').append(rs.getObject(4)).append(" \"").append(rs.getString(5)).append("\"] ");
        }
        return sb.length() == 0 ? "alone" : sb.toString();
      }
    });
  }

  @Override
  public Integer call() throws Exception {
    picocli.CommandLine usage = new picocli.CommandLine(this);
    // each was taken: --folds 0 crashed, a negative threshold scored a clustering `cluster` refuses (outside QA, 2026-12-07)
    if (folds < 2 || folds > 50) throw new picocli.CommandLine.ParameterException(usage, "--folds: expected 2 to 50, got " + folds);
    ClusterCommand.checkScoring(usage, threshold, embeddingWeight);
    if (skipLinkage && skipClassifier && export == null && !countries && snapshot == null)
      throw new picocli.CommandLine.ParameterException(usage, "--skip-linkage and --skip-classifier leave nothing to evaluate");
    if (export != null) {
      // the export is the whole input: options about a store or a run would be ignored without a word (outside QA)
      List<String> idle = new java.util.ArrayList<>();
      if (data != null) idle.add("--data");
      if (snapshot != null) idle.add("--snapshot");
      if (countries) idle.add("--countries");
      if (threshold != new Clusterer.Options().threshold) idle.add("--threshold");
      if (!idle.isEmpty()) throw new picocli.CommandLine.ParameterException(usage, String.join(", ", idle)
          + ": not with --export, which scores the file as it is (no store is read and nothing is clustered)");
      return scoreExport();
    }
    // a store that is not there is not scored as zeros, nor made (an empty one was, exit 0; outside QA)
    if (data != null && !Files.exists(data.resolve("observatory.mv.db")))
      throw new picocli.CommandLine.ParameterException(usage, "--data: no store at " + data.toAbsolutePath().normalize()
          + "; give the folder that holds observatory.mv.db");
    if (countries) {
      CountryEval.print(shared, showErrors);
      return 0;
    }
    if (pairs != null) devPairs = readOption("--pairs", pairs, Eval::readPairs); // its errors before minutes of ingest
    if (snapshot == null && !skipLinkage && data == null) { // checked first: the classifier part takes minutes
      for (Path need : List.of(shared.resolve("aiid-2025-03"), shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv")))
        if (!Files.exists(need))
          throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--shared: " + need + " not found; give the folder"
              + " holding aiid-2025-03/ and aiaaic/ (default ../shared/data), or --skip-linkage");
    }
    if (snapshot != null) {
      if (!Files.isDirectory(snapshot) && !(Files.isRegularFile(snapshot) && AiidSnapshotFiles.isArchive(snapshot)))
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--snapshot: not a folder or a snapshot archive: " + snapshot);
      Path unpacked = Files.createTempDirectory("eval-snapshot");
      try (Db db = Db.inMemory("eval-snapshot-" + System.nanoTime())) {
        Ingest ingest = new Ingest(db, Classifier.bundled(), new Progress("ingest", 0, System.err));
        ingest.extractRoot = unpacked; // an archive's files, removed after scoring
        Ingest.Report got;
        try {
          got = ingest.run("aiid", snapshot.toString());
        } catch (IllegalArgumentException e) { // not a snapshot (no incidents.csv where one is looked for)
          System.err.println("error: " + e.getMessage());
          return 2;
        }
        System.out.println("aiid: " + got);
        got.messages.forEach(m -> System.out.println("  " + m));
        if (!aiaaic.equals("none")) {
          boolean bundled = aiaaic.equals("bundled");
          Path file = bundled ? IncidentsBootstrap.bundledAiaaic(Files.createTempDirectory("eval-aiaaic")) : Path.of(aiaaic);
          if (!Files.isRegularFile(file)) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--aiaaic: not a file: " + aiaaic);
          try {
            System.out.println("aiaaic (" + (bundled ? "bundled demo subset" : file) + "): " + ingest.run("aiaaic", file.toString()));
          } finally {
            if (bundled) {
              Files.deleteIfExists(file);
              Files.deleteIfExists(file.getParent());
            }
          }
          System.out.println("cluster: " + new Clusterer(new Clusterer.Options(), new Progress("cluster", 0, System.err)).run(db));
        }
        java.util.Set<String> training = new java.util.HashSet<>();
        for (RiskModel.Example e : RiskModel.bundledExamples()) training.add(e.id());
        Map<String, Object> scored = Eval.storedPredictions(db, training);
        System.out.println("stored risk domains against the snapshot's MIT labels: " + Json.write(scored));
        String note = Eval.snapshotNote(scored);
        if (note != null) System.err.println("note: " + note);
      } finally {
        org.aigov.observatory.kernel.FileTrees.delete(unpacked);
      }
      return 0;
    }
    if (!skipClassifier) {
      Map<String, Object> cls = Eval.classification(RiskModel.bundledExamples(), folds, !noRiskStatements);
      System.out.println("classification (MIT risk domain): " + Json.write(cls));
      if (!noEmbeddings && !noRiskStatements) {
        Map<String, Object> fused = Eval.fusedClassification(RiskModel.bundledExamples(), folds);
        System.out.println("classification fused with MiniLM (shipped_*: the shipped model for AIID/AIAAIC records, its weight fixed; finetuned_fused_aiaaic_*: the same with"
            + " the weight chosen per split by 5-fold CV; finetuned_fused_*: without the AIAAIC labels; fused_*: frozen embeddings, its fallback): " + Json.write(fused));
      }
      if (alphaAll) {
        List<RiskModel.Example> ex = RiskModel.bundledExamples();
        System.out.println("fusion weight chosen by inner CV on all labels (seed 7): "
            + Eval.alphaAllLabels(ex, RiskModel.domainsOf(ex)));
      }
    }
    if (skipLinkage) return 0;
    if (undatedLinks && data != null && sweepCountry == null)
      System.err.println("note: --undated-links changes only a clustering this command runs; the --data store is scored as it is clustered");
    Db db = data != null ? Db.embedded(data) : Db.inMemory("eval-" + System.nanoTime());
    // the two measure different things, and a newcomer with --data on every command got figures unlike the docs' (outside QA)
    if (data != null) System.out.println("scoring the store in " + data + " as it is clustered, its editors' merges and splits included;"
        + " without --data eval ingests the shared AIID and AIAAIC files into a fresh store, the figures docs/benchmarks.md quotes");
    try {
      if (data == null) {
        Ingest in = new Ingest(db, Classifier.bundled(), new Progress("ingest", 0, System.err));
        System.out.println("aiid: " + in.run("aiid", shared.resolve("aiid-2025-03").toString()));
        System.out.println("aiaaic: " + in.run("aiaaic", shared.resolve("aiaaic/AIAAIC_Repository_Incidents.csv").toString()));
      }
      Clusterer.Options o = new Clusterer.Options();
      o.threshold = threshold;
      o.reciprocalBand = reciprocalBand;
      o.embeddingWeight = embeddingWeight;
      o.embeddingNeighbours = embeddingNeighbours;
      o.undatedEventLinks = undatedLinks;
      o.undatedSingleLinks = undatedSingle;
      o.countryConflict = countryConflict;
      o.deployerConflictPenalty = deployerConflict;
      o.deployerWords = deployerWords;
      o.surfacedLater = surfacedLater;
      Clusterer cl = new Clusterer(o, Progress.silent());
      if (data == null) System.out.println("cluster: " + cl.run(db));
      if (sweepNeighbours != null && data == null) {
        for (int k : sweepNeighbours) for (double th : new double[] {threshold - 0.05, threshold, threshold + 0.05}) {
          Clusterer.Options so = new Clusterer.Options();
          so.threshold = th;
          so.embeddingWeight = embeddingWeight;
          so.embeddingNeighbours = k;
          String stats = new Clusterer(so, Progress.silent()).run(db).toString();
          StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "sweep neighbours %d threshold %.2f:", k, th));
          String[] names = {"dev", "check", "holdout"};
          List<List<Eval.Pair>> sets = java.util.Arrays.asList(devPairs(), Eval.checkPairs(), Eval.holdoutPairs());
          for (int i = 0; i < 3; i++) {
            if (sets.get(i) == null) continue;
            Eval.Linkage sl = Eval.linkage(db, sets.get(i));
            sb.append(String.format(java.util.Locale.ROOT, " %s TP %d FP %d FN %d (P %.3f R %.3f)", names[i], sl.tp(), sl.fp(), sl.fn(), sl.precision(), sl.recall()));
          }
          System.out.println(sb + " | " + stats.substring(0, stats.indexOf(" (")));
        }
        cl.run(db);
      }
      if (sweepCountry != null) {
        for (double cc : sweepCountry) {
          Clusterer.Options so = new Clusterer.Options();
          so.threshold = threshold;
          so.countryConflict = cc;
          String stats = new Clusterer(so, Progress.silent()).run(db).toString();
          System.out.printf(java.util.Locale.ROOT, "sweep country %.2f | %s%n", cc, stats.substring(0, stats.indexOf(" (")));
          printLinkage("  dev", Eval.linkage(db, devPairs()));
          printLinkage("  check", Eval.linkage(db, Eval.checkPairs()));
          printLinkage("  holdout", Eval.linkage(db, Eval.holdoutPairs()));
          printAudit(db, List.of(Eval.bundledPairs(null), Eval.checkPairs(), Eval.holdoutPairs()));
        }
        cl.run(db);
      }
      if (sweepFieldWeights != null && data == null) {
        for (double ew : sweepEmbedding == null ? new double[] {embeddingWeight} : sweepEmbedding)
        for (double fw : sweepFieldWeights) for (double dc : sweepConflict) for (double ym : sweepYear) for (double rb : sweepReciprocal) for (boolean rd : sweepReciprocalDate) {
          for (double th : new double[] {threshold - 0.05, threshold, threshold + 0.05}) {
            Clusterer.Options so = new Clusterer.Options();
            so.threshold = th;
            so.fieldWeight = fw;
            so.deployerConflictPenalty = dc;
            so.yearMismatch = ym;
            so.reciprocalBand = rb;
            so.reciprocalNeedsDate = rd;
            so.embeddingWeight = ew;
            new Clusterer(so, Progress.silent()).run(db);
            Eval.Linkage sl = Eval.linkage(db, devPairs());
            System.out.printf(java.util.Locale.ROOT, "sweep embedding %.2f fieldWeight %.2f conflict %.2f year %.2f reciprocal %.2f%s threshold %.2f: TP %d FP %d FN %d precision %.3f recall %.3f F1 %.3f%n",
                ew, fw, dc, ym, rb, rd ? " dated" : "", th, sl.tp(), sl.fp(), sl.fn(), sl.precision(), sl.recall(), sl.f1());
            for (int half = 0; half < 2; half++) {
              final int h = half;
              Eval.Linkage hl = Eval.linkage(db, devPairs().stream().filter(p -> Eval.half(p) == h).toList());
              System.out.printf(java.util.Locale.ROOT, "   half %s: pairs %d TP %d FP %d FN %d precision %.3f recall %.3f%n", h == 0 ? "A" : "B",
                  hl.pairs(), hl.tp(), hl.fp(), hl.fn(), hl.precision(), hl.recall());
            }
          }
        }
        cl.run(db);
      }
      Eval.Linkage l = Eval.linkage(db, devPairs()); // the development set, or --pairs
      if (pairs != null) {
        printLinkage("linkage", l);
      } else {
        List<Eval.LabelledSet> named = Eval.labelledSets();
        List<List<Eval.Pair>> sets = named.stream().map(Eval.LabelledSet::pairs).toList();
        for (Eval.LabelledSet set : named) printLinkage(set.name(), set == named.get(0) ? l : Eval.linkage(db, set.pairs()));
        if (sets.size() > 1) {
          printLinkage("linkage, all " + sets.size() + " sets pooled", Eval.linkage(db, Eval.pooled(sets)));
          printAudit(db, sets);
          printSuggestions(db, sets);
        }
      }
      if (listVia != null) {
        db.read(c -> {
          try (var ps = c.prepareStatement("SELECT m.incident_id, r.source, r.source_id, m.score, r.pub_date, r.title FROM incident_members m"
              + " JOIN incident_records r ON r.id = m.record_id WHERE m.via = ? ORDER BY m.incident_id, r.source")) {
            ps.setString(1, listVia);
            try (var rs = ps.executeQuery()) {
              while (rs.next()) System.out.println("via " + listVia + " incident " + rs.getLong(1) + " " + rs.getString(2) + ":" + rs.getString(3)
                  + " " + rs.getObject(4) + " " + rs.getDate(5) + " \"" + rs.getString(6) + "\"");
            }
          }
          return null;
        });
      }
      if (dumpScores) {
        for (Eval.Pair p : devPairs()) {
          Long a = recordId(db, "aiid", p.aiid()), b = recordId(db, "aiaaic", p.aiaaic());
          if (a != null && b != null) System.out.println("score " + (p.same() ? 1 : 0) + " " + p.aiid() + " " + p.aiaaic() + " " + cl.pairScore(a, b));
        }
      }
      if (showErrors) {
        for (String e : l.errors()) {
          System.out.println("  " + e);
          String[] p = e.replaceAll(".*aiid (\\d+) ~ (\\S+).*", "$1 $2").split(" ");
          if (p.length == 2) {
            Long a = recordId(db, "aiid", p[0]), b = recordId(db, "aiaaic", p[1]);
            if (a != null && b != null) {
              if (data == null) System.out.println("   " + cl.explain(a, b)); // the scores need this run's loaded clustering
              for (long r : new long[] {a, b}) System.out.println("   incident of " + r + ": " + partners(db, r));
            }
          }
        }
      }
    } finally {
      db.close();
    }
    return 0;
  }
}
