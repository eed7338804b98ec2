package org.aigov.observatory.incidents;

import java.io.*;
import java.util.*;

/**
 * Scratch harness (not shipped, not a test): macro-F1 of (a) the bag-of-words RiskModel, (b) softmax regression on
 * MiniLM sentence embeddings, (c) late fusion of the two, on the folds and seeds of `eval --skip-linkage`
 * (5 folds by hash of the incident id, seeds 1–5; newest fifth by incident id). Every hyperparameter of (b) and
 * the fusion weight of (c) is chosen by an inner 4-fold CV of the training part only.
 * Run EmbCache first: java -cp ... EmbExperiment q|f td|full
 */
public final class EmbExperiment {
  static Map<String, float[]> emb = new HashMap<>();
  static String kind;

  public static void main(String[] a) throws Exception {
    String which = a.length > 0 ? a[0] : "q";
    kind = a.length > 1 ? a[1] : "td";
    boolean skipBow = a.length > 2 && a[2].equals("nobow");
    // "a+b": the vectors of /tmp/emb-a.bin and /tmp/emb-b.bin, each normalised, concatenated
    for (String part : which.split("\\+")) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream("/tmp/emb-" + part + ".bin")))) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          String id = in.readUTF(), k = in.readUTF();
          float[] v = new float[in.readInt()];
          for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
          normalise(v);
          float[] prev = emb.get(k + ":" + id);
          if (prev != null) {
            float[] c = Arrays.copyOf(prev, prev.length + v.length);
            System.arraycopy(v, 0, c, prev.length, v.length);
            v = c;
            normalise(v);
          }
          emb.put(k + ":" + id, v);
        }
      }
    }
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    String aiaaic = System.getProperty("aiaaic");
    if (aiaaic != null) all = withAiaaicEvidence(all, aiaaic.split(",")[0], aiaaic.split(",")[1]);
    List<RiskModel.Example> statements = RiskModel.riskStatements(all);
    long[] seeds = {1, 2, 3, 4, 5};
    int folds = 5;
    List<List<RiskModel.Example>[]> splits = new ArrayList<>();
    for (Eval.Split s : Eval.splits(all, folds)) splits.add(new List[] {s.train(), s.test()});
    String[] domains = new TreeSet<>(all.stream().map(RiskModel.Example::label).toList()).toArray(new String[0]);

    // (b) per split: hyperparameters by inner CV, then test-part domain probabilities (seed-independent: full-batch)
    double[][] lambdas = {{3e-2}, {1e-1}, {3e-1}};
    double[] auxes = {0.3};
    double[][][] pEmbTest = new double[splits.size()][][];
    double[][][] pEmbInner = new double[splits.size()][][];
    String[] chosen = new String[splits.size()];
    for (int s = 0; s < splits.size(); s++) {
      List<RiskModel.Example> tr = splits.get(s)[0], te = splits.get(s)[1];
      double best = -1, bl = 0, ba = 0;
      StringBuilder grid = new StringBuilder();
      for (double[] l : lambdas) for (double ax : auxes) {
        double[][] p = innerPredictEmb(tr, statements, domains, l[0], ax);
        double f1 = f1(tr, p, domains);
        grid.append(String.format(Locale.ROOT, " l%.0e/a%.1f=%.3f", l[0], ax, f1));
        if (f1 > best) { best = f1; bl = l[0]; ba = ax; }
      }
      chosen[s] = String.format(Locale.ROOT, "lambda %.0e aux %.1f (inner %.3f)", bl, ba, best);
      System.out.println("split " + s + " inner grid:" + grid + " -> " + chosen[s]);
      pEmbInner[s] = innerPredictEmb(tr, statements, domains, bl, ba);
      EmbLr m = EmbLr.train(tr, statements, bl, ba);
      pEmbTest[s] = new double[te.size()][];
      for (int i = 0; i < te.size(); i++) pEmbTest[s][i] = m.domainProbs(vec(te.get(i)), domains);
    }
    // (b) figures
    {
      List<String> g = new ArrayList<>(), p = new ArrayList<>();
      for (int s = 0; s < folds; s++) for (int i = 0; i < splits.get(s)[1].size(); i++) {
        g.add(splits.get(s)[1].get(i).label());
        p.add(domains[argmax(pEmbTest[s][i])]);
      }
      System.out.printf(Locale.ROOT, "(b) embedding LR [%s %s]: CV macro-F1 %.3f (deterministic), newest fifth %.3f%n", which, kind,
          RiskModel.macroF1(g, p), f1(splits.get(folds)[1], pEmbTest[folds], domains));
    }
    if (skipBow) return;
    double[] alphas = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    double[] cvA = new double[seeds.length], cvC = new double[seeds.length], cvCl = new double[seeds.length];
    double[] nfA = new double[seeds.length], nfC = new double[seeds.length], nfCl = new double[seeds.length];
    for (int si = 0; si < seeds.length; si++) {
      long seed = seeds[si];
      List<String> g = new ArrayList<>(), pa = new ArrayList<>(), pc = new ArrayList<>(), pcl = new ArrayList<>();
      StringBuilder al = new StringBuilder();
      for (int s = 0; s < splits.size(); s++) {
        List<RiskModel.Example> tr = splits.get(s)[0], te = splits.get(s)[1];
        // inner BoW predictions on the training part (same inner folds as the embedding model's)
        double[][] pBowInner = new double[tr.size()][];
        for (int f = 0; f < 4; f++) {
          List<RiskModel.Example> itr = new ArrayList<>();
          List<Integer> ite = new ArrayList<>();
          for (int i = 0; i < tr.size(); i++) if (inner(tr.get(i)) == f) ite.add(i); else itr.add(tr.get(i));
          RiskModel m = RiskModel.train(itr, seed);
          for (int i : ite) pBowInner[i] = bowProbs(m, tr.get(i).text(), domains);
        }
        double bestA = 0, bestF = -1, bestAl = 0, bestFl = -1;
        for (double alpha : alphas) {
          double f = f1(tr, mix(pBowInner, pEmbInner[s], alpha, false), domains);
          if (f > bestF + 1e-12) { bestF = f; bestA = alpha; }
          double fl = f1(tr, mix(pBowInner, pEmbInner[s], alpha, true), domains);
          if (fl > bestFl + 1e-12) { bestFl = fl; bestAl = alpha; }
        }
        al.append(String.format(Locale.ROOT, " %.1f/%.1f", bestA, bestAl));
        RiskModel m = RiskModel.train(tr, seed);
        double[][] pBow = new double[te.size()][];
        for (int i = 0; i < te.size(); i++) pBow[i] = bowProbs(m, te.get(i).text(), domains);
        double[][] pc1 = mix(pBow, pEmbTest[s], bestA, false), pc2 = mix(pBow, pEmbTest[s], bestAl, true);
        if (s < folds) {
          for (int i = 0; i < te.size(); i++) {
            g.add(te.get(i).label());
            pa.add(m.predict(te.get(i).text()));
            pc.add(domains[argmax(pc1[i])]);
            pcl.add(domains[argmax(pc2[i])]);
          }
        } else {
          List<String> ga = new ArrayList<>(), pp = new ArrayList<>();
          for (RiskModel.Example e : te) { ga.add(e.label()); pp.add(m.predict(e.text())); }
          nfA[si] = RiskModel.macroF1(ga, pp);
          nfC[si] = f1(te, pc1, domains);
          nfCl[si] = f1(te, pc2, domains);
        }
      }
      cvA[si] = RiskModel.macroF1(g, pa);
      cvC[si] = RiskModel.macroF1(g, pc);
      cvCl[si] = RiskModel.macroF1(g, pcl);
      System.out.printf(Locale.ROOT, "seed %d: CV a %.3f c-prob %.3f c-log %.3f | newest a %.3f c-prob %.3f c-log %.3f | alphas(prob/log) per split%s%n",
          seed, cvA[si], cvC[si], cvCl[si], nfA[si], nfC[si], nfCl[si], al);
    }
    System.out.printf(Locale.ROOT, "MEAN seeds 1-5: CV a %.3f c-prob %.3f c-log %.3f | newest a %.3f c-prob %.3f c-log %.3f%n",
        mean(cvA), mean(cvC), mean(cvCl), mean(nfA), mean(nfC), mean(nfCl));
    System.out.println("per seed CV a " + Arrays.toString(cvA) + "\n c-prob " + Arrays.toString(cvC) + "\n c-log " + Arrays.toString(cvCl));
    System.out.println("per seed newest a " + Arrays.toString(nfA) + "\n c-prob " + Arrays.toString(nfC) + "\n c-log " + Arrays.toString(nfCl));
  }

  static double mean(double[] v) { return Arrays.stream(v).average().orElse(0); }

  static int inner(RiskModel.Example e) { return (int) Math.floorMod(Tokens.hash64("inner:" + e.id()), 4L); }

  static double[][] innerPredictEmb(List<RiskModel.Example> tr, List<RiskModel.Example> st, String[] domains, double lambda, double aux) {
    double[][] p = new double[tr.size()][];
    for (int f = 0; f < 4; f++) {
      List<RiskModel.Example> itr = new ArrayList<>();
      for (RiskModel.Example e : tr) if (inner(e) != f) itr.add(e);
      EmbLr m = EmbLr.train(itr, st, lambda, aux);
      for (int i = 0; i < tr.size(); i++) if (inner(tr.get(i)) == f) p[i] = m.domainProbs(vec(tr.get(i)), domains);
    }
    return p;
  }

  static double[][] mix(double[][] bow, double[][] e, double alpha, boolean log) {
    double[][] out = new double[bow.length][];
    for (int i = 0; i < bow.length; i++) {
      out[i] = new double[bow[i].length];
      for (int c = 0; c < out[i].length; c++) out[i][c] = log ? (1 - alpha) * Math.log(bow[i][c] + 1e-9) + alpha * Math.log(e[i][c] + 1e-9)
          : (1 - alpha) * bow[i][c] + alpha * e[i][c];
    }
    return out;
  }

  static double f1(List<RiskModel.Example> ex, double[][] p, String[] domains) {
    List<String> g = new ArrayList<>(), q = new ArrayList<>();
    for (int i = 0; i < ex.size(); i++) { g.add(ex.get(i).label()); q.add(domains[argmax(p[i])]); }
    return RiskModel.macroF1(g, q);
  }

  static int argmax(double[] v) { int b = 0; for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i; return b; }

  static double[] bowProbs(RiskModel m, String text, String[] domains) {
    double[] s = m.scores(text);
    double max = Arrays.stream(s).max().orElse(0), z = 0;
    double[] p = new double[domains.length];
    for (int c = 0; c < s.length; c++) z += Math.exp(s[c] - max);
    for (int c = 0; c < s.length; c++) p[Arrays.binarySearch(domains, m.labels[c])] += Math.exp(s[c] - max) / z;
    return p;
  }

  static float[] vec(RiskModel.Example e) {
    float[] v = emb.get((e.id().startsWith("mit-risk:") ? "st" : kind) + ":" + e.id());
    if (v == null) throw new IllegalStateException("no embedding for " + e.id());
    return v;
  }

  static void normalise(float[] v) {
    double s = 0; for (float f : v) s += f * f; s = Math.sqrt(s);
    if (s > 0) for (int i = 0; i < v.length; i++) v[i] /= s;
  }

  /** Softmax regression on the (standardised) embedding, sub-domain classes, class weights balanced per domain, full-batch Adam. */
  static int ITERS = Integer.getInteger("iters", 100);

  static final class EmbLr {
    String[] classes, labels; float[] mu, sd; double[][] w; double[] b;

    static EmbLr train(List<RiskModel.Example> ex, List<RiskModel.Example> aux, double lambda, double auxW) {
      EmbLr m = new EmbLr();
      m.classes = new TreeSet<>(ex.stream().map(RiskModel::classOf).toList()).toArray(new String[0]);
      Map<String, String> labelOf = new HashMap<>();
      for (RiskModel.Example e : ex) labelOf.putIfAbsent(RiskModel.domainNumber(e.label()), e.label());
      m.labels = new String[m.classes.length];
      for (int c = 0; c < m.classes.length; c++) m.labels[c] = labelOf.get(RiskModel.domainNumber(m.classes[c]));
      List<RiskModel.Example> allEx = new ArrayList<>(ex);
      if (auxW > 0) for (RiskModel.Example e : aux) if (Arrays.binarySearch(m.classes, RiskModel.classOf(e)) >= 0) allEx.add(e);
      int n = allEx.size(), nMain = ex.size(), k = m.classes.length, d = vec(ex.get(0)).length;
      float[][] x = new float[n][];
      int[] y = new int[n];
      double[] count = new double[k];
      for (int i = 0; i < n; i++) {
        x[i] = vec(allEx.get(i));
        y[i] = Arrays.binarySearch(m.classes, RiskModel.classOf(allEx.get(i)));
        if (i < nMain) count[y[i]]++;
      }
      m.mu = new float[d]; m.sd = new float[d];
      for (int i = 0; i < nMain; i++) for (int j = 0; j < d; j++) m.mu[j] += x[i][j] / nMain;
      for (int i = 0; i < nMain; i++) for (int j = 0; j < d; j++) m.sd[j] += (x[i][j] - m.mu[j]) * (x[i][j] - m.mu[j]) / nMain;
      for (int j = 0; j < d; j++) m.sd[j] = (float) Math.sqrt(m.sd[j] + 1e-8);
      float[][] z = new float[n][d];
      for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - m.mu[j]) / m.sd[j];
      Map<String, Double> perDomain = new HashMap<>();
      for (int c = 0; c < k; c++) perDomain.merge(m.labels[c], count[c], Double::sum);
      double[] ew = new double[n];
      double sumW = 0;
      for (int i = 0; i < n; i++) {
        double cw = nMain / (perDomain.size() * Math.max(1, perDomain.get(m.labels[y[i]])));
        ew[i] = i < nMain ? cw : auxW * cw;
        sumW += ew[i];
      }
      // weights transposed (feature-major, k per feature) so the class loops vectorise
      float[] w = new float[d * k], mw = new float[d * k], vw = new float[d * k], gw = new float[d * k];
      m.b = new double[k];
      double[] mb = new double[k], vb = new double[k], gb = new double[k];
      float[] p = new float[k], gf = new float[k];
      double lr = 0.05, b1 = 0.9, b2 = 0.999;
      for (int it = 1; it <= ITERS; it++) {
        Arrays.fill(gw, 0);
        Arrays.fill(gb, 0);
        for (int i = 0; i < n; i++) {
          float[] zi = z[i];
          for (int c = 0; c < k; c++) p[c] = (float) m.b[c];
          for (int j = 0; j < d; j++) {
            float xj = zi[j]; int base = j * k;
            for (int c = 0; c < k; c++) p[c] += w[base + c] * xj;
          }
          double max = -1e30;
          for (int c = 0; c < k; c++) max = Math.max(max, p[c]);
          double zz = 0;
          double[] e = new double[k];
          for (int c = 0; c < k; c++) zz += (e[c] = Math.exp(p[c] - max));
          for (int c = 0; c < k; c++) {
            gf[c] = (float) ((e[c] / zz - (c == y[i] ? 1 : 0)) * ew[i] / sumW);
            gb[c] += gf[c];
          }
          for (int j = 0; j < d; j++) {
            float xj = zi[j]; int base = j * k;
            for (int c = 0; c < k; c++) gw[base + c] += gf[c] * xj;
          }
        }
        double c1 = 1 - Math.pow(b1, it), c2 = 1 - Math.pow(b2, it);
        for (int q = 0; q < w.length; q++) {
          double g = gw[q] + lambda * w[q];
          mw[q] = (float) (b1 * mw[q] + (1 - b1) * g);
          vw[q] = (float) (b2 * vw[q] + (1 - b2) * g * g);
          w[q] -= (float) (lr * (mw[q] / c1) / (Math.sqrt(vw[q] / c2) + 1e-8));
        }
        for (int c = 0; c < k; c++) {
          mb[c] = b1 * mb[c] + (1 - b1) * gb[c];
          vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c];
          m.b[c] -= lr * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
        }
      }
      m.w = new double[k][d];
      for (int j = 0; j < d; j++) for (int c = 0; c < k; c++) m.w[c][j] = w[j * k + c];
      return m;
    }

    double[] domainProbs(float[] x, String[] domains) {
      int k = classes.length, d = x.length;
      double[] s = new double[k];
      double max = -1e30;
      for (int c = 0; c < k; c++) {
        double v = b[c];
        for (int j = 0; j < d; j++) v += w[c][j] * (x[j] - mu[j]) / sd[j];
        s[c] = v; max = Math.max(max, v);
      }
      double z = 0;
      for (int c = 0; c < k; c++) z += (s[c] = Math.exp(s[c] - max));
      double[] p = new double[domains.length];
      for (int c = 0; c < k; c++) p[Arrays.binarySearch(domains, labels[c])] += s[c] / z;
      return p;
    }
  }

  /**
   * -Daiaaic=EXPORT.csv,AIAAIC.csv: appends to each labelled AIID incident's bag-of-words text the headline and the
   * Issue(s), Technology, Purpose, Sector and External harms of every AIAAIC entry merged with it in EXPORT.csv
   * (`export incidents --format csv` after ingesting both monitors and `cluster`), as tokens "aaissueprivacy" etc.
   * With -Daiaaic.mode=head / feats: the headline only / the tokens only.
   */
  static List<RiskModel.Example> withAiaaicEvidence(List<RiskModel.Example> ex, String export, String aiaaicCsv) throws IOException {
    String mode = System.getProperty("aiaaic.mode", "both");
    Map<String, List<String>> members = new HashMap<>();
    Map<String, String> aiidIncident = new HashMap<>();
    org.apache.commons.csv.CSVFormat headed = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = new InputStreamReader(new FileInputStream(export), java.nio.charset.StandardCharsets.UTF_8)) {
      for (org.apache.commons.csv.CSVRecord rec : headed.parse(r)) {
        members.computeIfAbsent(rec.get("incident_id"), k -> new ArrayList<>()).add(rec.get("source") + ":" + rec.get("source_id"));
        if (rec.get("source").equals("aiid")) aiidIncident.put(rec.get("source_id"), rec.get("incident_id"));
      }
    }
    // AIAAIC's sheet: a title row, then a two-row header (External harms | Individual, Societal, Environmental)
    Map<String, String> evidence = new HashMap<>();
    String[] cols = {"Headline", "Issue(s)", "Technology(ies)", "Purpose(s)", "Sector(s)"};
    try (Reader r = new InputStreamReader(new FileInputStream(aiaaicCsv), java.nio.charset.StandardCharsets.UTF_8)) {
      List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.DEFAULT.parse(r).getRecords();
      List<String> h = rows.get(1).toList();
      int harms = h.indexOf("External harms");
      for (org.apache.commons.csv.CSVRecord row : rows.subList(3, rows.size())) {
        if (!row.get(0).startsWith("AIAAIC") || evidence.containsKey(row.get(0))) continue;
        StringBuilder sb = new StringBuilder();
        if (!mode.equals("feats")) sb.append(' ').append(row.get(h.indexOf("Headline"))).append('.');
        if (!mode.equals("head")) {
          List<String> vals = new ArrayList<>();
          for (int c = 1; c < cols.length; c++) vals.add(cols[c].substring(0, 4).toLowerCase(Locale.ROOT) + "|" + row.get(h.indexOf(cols[c])));
          for (int c = harms; c < harms + 3 && c < row.size(); c++) vals.add("harm|" + row.get(c));
          for (String v : vals) {
            String pre = v.substring(0, v.indexOf('|'));
            for (String t : v.substring(v.indexOf('|') + 1).split("[;,]")) {
              String tok = t.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
              if (!tok.isEmpty()) sb.append(" aa").append(pre).append(tok);
            }
          }
        }
        evidence.put(row.get(0), sb.toString());
      }
    }
    List<RiskModel.Example> out = new ArrayList<>();
    int n = 0;
    for (RiskModel.Example e : ex) {
      StringBuilder sb = new StringBuilder();
      for (String m : members.getOrDefault(aiidIncident.get(e.id()), List.of()))
        if (m.startsWith("aiaaic:") && evidence.containsKey(m.substring(7))) sb.append(evidence.get(m.substring(7)));
      if (sb.length() > 0) n++;
      out.add(sb.length() == 0 ? e : new RiskModel.Example(e.id(), e.text() + sb, e.label(), e.subdomain(), e.embedText()));
    }
    System.out.println("AIAAIC evidence (" + mode + ") added to " + n + " of " + ex.size() + " labelled incidents");
    return out;
  }
}
