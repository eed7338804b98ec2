package org.aigov.observatory.incidents;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Scratch harness (not shipped, not a test; branch views): other text views for the embedding model, on the folds and
 * seeds of `eval --skip-linkage` (reuses HeadExperiment's splits, bag-of-words cache /tmp/clf2-bow-*.bin and fusion grid).
 * Views: td (current: title + ". " + description), d (description only), t|d (title and description embedded apart,
 * concatenated, 768-d), t|d|td (1152-d), td+ent (title + description + deployer/developer and harmed-party names),
 * d+ent (description + the names). -Dviews=… picks some, -Dlambdas=… the λ grid (default 0.1).
 * Risk statements (auxiliary examples) fill every slot of a view with their own text. Per split: the L2 weight λ of the
 * softmax regression is chosen from -Dlambdas by the inner 4-fold OOF macro-F1 of the embedding model alone, then the
 * fusion weight with the bag-of-words model (per seed) by the inner OOF of the fusion, never on the test part.
 * Extra embeddings are computed with the network and cached in /tmp/views-emb.bin.
 * java -cp target/test-classes:target/classes:$(cat cp) org.aigov.observatory.incidents.ViewExperiment
 */
public final class ViewExperiment {
  static String[] domains;
  static int D;
  static final Map<String, String[]> rows = new HashMap<>(); // id -> title, description, entities, harmed
  static final Map<Long, float[]> vecs = new ConcurrentHashMap<>();

  static String entText(String[] r) {
    String ents = String.join(", ", Arrays.stream(r[2].strip().split("\\s+")).filter(s -> !s.isEmpty()).map(s -> s.replace('-', ' ')).toList());
    String harmed = String.join(", ", Arrays.stream(r[3].strip().split("\\s+")).filter(s -> !s.isEmpty()).map(s -> s.replace('-', ' ')).toList());
    return r[0] + ". " + r[1] + " Deployers and developers: " + ents + ". Harmed: " + harmed + ".";
  }

  /** The texts of each view for an example; statements use their own text in every slot. */
  static final Map<String, Function<RiskModel.Example, String[]>> VIEWS = new LinkedHashMap<>();
  static {
    VIEWS.put("td", e -> new String[] {e.embedText()});
    VIEWS.put("d", e -> { String[] r = rows.get(e.id()); return new String[] {r == null ? e.embedText() : r[1]}; });
    VIEWS.put("t|d", e -> { String[] r = rows.get(e.id()); return r == null ? new String[] {e.embedText(), e.embedText()} : new String[] {r[0], r[1]}; });
    VIEWS.put("t|d|td", e -> { String[] r = rows.get(e.id()); return r == null ? new String[] {e.embedText(), e.embedText(), e.embedText()} : new String[] {r[0], r[1], e.embedText()}; });
    VIEWS.put("td+ent", e -> { String[] r = rows.get(e.id()); return new String[] {r == null ? e.embedText() : entText(r)}; });
    VIEWS.put("d+ent", e -> { String[] r = rows.get(e.id()); return new String[] {r == null ? e.embedText() : entText(new String[] {"", r[1], r[2], r[3]}).substring(2)}; });
  }

  static float[] vec(String text) {
    long k = Tokens.hash64(text);
    float[] v = vecs.get(k);
    if (v == null) {
      v = Embeddings.of(text);
      vecs.put(k, v);
    }
    return v;
  }

  static float[] features(String view, RiskModel.Example e) {
    String[] t = VIEWS.get(view).apply(e);
    float[] out = new float[Embeddings.DIM * t.length];
    for (int i = 0; i < t.length; i++) System.arraycopy(vec(t[i]), 0, out, i * Embeddings.DIM, Embeddings.DIM);
    return out;
  }

  public static void main(String[] a) throws Exception {
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    try (Reader r = new InputStreamReader(ViewExperiment.class.getResourceAsStream("/incidents/mit-training.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r))
        rows.put(rec.get("incident_id"), new String[] {rec.get("title"), rec.get("description"), rec.get("entities"), rec.get("harmed")});
    }
    domains = new TreeSet<>(all.stream().map(RiskModel.Example::label).toList()).toArray(new String[0]);
    D = domains.length;
    HeadExperiment.domains = domains;
    HeadExperiment.D = D;
    List<String> views = new ArrayList<>(Arrays.asList(System.getProperty("views", String.join(",", VIEWS.keySet())).split(",")));
    double[] lambdas = Arrays.stream(System.getProperty("lambdas", "0.1").split(",")).mapToDouble(Double::parseDouble).toArray();
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("threads", 2));
    // ---- embeddings: cache file, then compute what is missing
    File cf = new File("/tmp/views-emb.bin");
    if (cf.exists()) try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(cf)))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) { long k = in.readLong(); float[] v = new float[Embeddings.DIM]; for (int j = 0; j < v.length; j++) v[j] = in.readFloat(); vecs.put(k, v); }
    }
    List<RiskModel.Example> withSt = new ArrayList<>(all);
    withSt.addAll(RiskModel.riskStatements(all));
    Set<String> need = new LinkedHashSet<>();
    for (String v : views) for (RiskModel.Example e : withSt) need.addAll(Arrays.asList(VIEWS.get(v).apply(e)));
    long t0 = System.nanoTime(), c0 = Embeddings.computed.get();
    List<Future<?>> ef = new ArrayList<>();
    for (String t : need) ef.add(pool.submit(() -> vec(t)));
    for (Future<?> f : ef) f.get();
    System.out.printf(Locale.ROOT, "%d texts, %d computed in %.1f s%n", need.size(), Embeddings.computed.get() - c0, (System.nanoTime() - t0) / 1e9);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(cf)))) {
      out.writeInt(vecs.size());
      for (Map.Entry<Long, float[]> e : vecs.entrySet()) { out.writeLong(e.getKey()); for (float f : e.getValue()) out.writeFloat(f); }
    }
    // ---- splits (as Eval.fusedClassification / HeadExperiment)
    int folds = 5;
    List<Eval.Split> sp = Eval.splits(all, folds);
    List<List<RiskModel.Example>> trains = sp.stream().map(Eval.Split::train).toList(), tests = sp.stream().map(Eval.Split::test).toList();
    int S = trains.size();
    double[][][][][] bow = HeadExperiment.loadOrComputeBow(pool, trains, tests);

    // ---- current model (EmbeddingRiskModel as shipped) for reference
    Map<String, double[][][][]> emb = new LinkedHashMap<>();
    Map<String, String[]> lamChoice = new LinkedHashMap<>();
    emb.put("current", new double[S][][][]);
    List<Future<?>> fs = new ArrayList<>();
    for (int s0 = 0; s0 < S; s0++) {
      final int s = s0;
      fs.add(pool.submit(() -> {
        List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
        emb.get("current")[s] = new double[][][] {HeadExperiment.innerOof(tr, HeadExperiment::lrPredict), HeadExperiment.lrPredict(tr, te)};
        return null;
      }));
    }
    for (String v : views) {
      emb.put(v, new double[S][][][]);
      lamChoice.put(v, new String[S]);
      for (int s0 = 0; s0 < S; s0++) {
        final int s = s0;
        fs.add(pool.submit(() -> {
          List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
          double bf = -1; StringBuilder sb = new StringBuilder();
          for (double lam : lambdas) {
            double[][] oof = HeadExperiment.innerOof(tr, (itr, q) -> predict(v, lam, itr, q));
            double f = HeadExperiment.f1(tr, oof);
            sb.append(String.format(Locale.ROOT, " %s=%.3f", lam, f));
            if (f > bf + 1e-12) {
              bf = f;
              emb.get(v)[s] = new double[][][] {oof, predict(v, lam, tr, te)};
              lamChoice.get(v)[s] = String.valueOf(lam);
            }
          }
          System.out.printf(Locale.ROOT, "view %s split %d: inner λ%s -> %s%n", v, s, sb, lamChoice.get(v)[s]);
          return null;
        }));
      }
    }
    for (Future<?> f : fs) f.get();
    pool.shutdown();
    System.out.printf(Locale.ROOT, "%-10s %-8s | %-30s | %-30s | emb alone CV / newest | λ per split%n", "view", "", "fused CV mean (seeds 1-5)", "fused newest-fifth mean");
    for (Map.Entry<String, double[][][][]> en : emb.entrySet()) {
      double[][][][] m = en.getValue();
      double[] cv = new double[HeadExperiment.SEEDS.length], nf = new double[cv.length];
      StringBuilder al = new StringBuilder();
      for (int si = 0; si < cv.length; si++) {
        List<String> g = new ArrayList<>(), p = new ArrayList<>();
        for (int s = 0; s < S; s++) {
          List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
          double[][][] inP = {bow[si][s][0], m[s][0]}, teP = {bow[si][s][1], m[s][1]};
          double[] w = HeadExperiment.bestWeights(tr, inP, false);
          if (si == 0) al.append(" ").append(w[1]);
          double[][] sc = HeadExperiment.combine(teP, w, false);
          if (s < S - 1) {
            for (int i = 0; i < te.size(); i++) { g.add(te.get(i).label()); p.add(domains[RiskModel.argmax(sc[i])]); }
          } else nf[si] = HeadExperiment.f1(te, sc);
        }
        cv[si] = RiskModel.macroF1(g, p);
      }
      System.out.printf(Locale.ROOT, "%-10s CV %.3f %s | newest %.3f %s | emb %.3f / %.3f | λ %s | α(seed1)%s%n", en.getKey(),
          HeadExperiment.mean(cv), HeadExperiment.fmt(cv), HeadExperiment.mean(nf), HeadExperiment.fmt(nf),
          HeadExperiment.cvF1(tests, m), HeadExperiment.f1(tests.get(S - 1), m[S - 1][1]),
          lamChoice.containsKey(en.getKey()) ? String.join(",", lamChoice.get(en.getKey())) : "0.1", al);
    }
  }

  static double[][] predict(String view, double lambda, List<RiskModel.Example> tr, List<RiskModel.Example> q) {
    EmbeddingRiskModel m = EmbeddingRiskModel.train(tr, RiskModel.riskStatements(tr), e -> features(view, e), lambda, EmbeddingRiskModel.AUX_WEIGHT);
    double[][] out = new double[q.size()][];
    for (int i = 0; i < q.size(); i++) out[i] = RiskModel.softmaxByDomain(m.scores(features(view, q.get(i))), m.labels, domains);
    return out;
  }
}
