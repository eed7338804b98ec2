package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * MIT risk-domain classifier: softmax regression over hashed TF-IDF word unigrams and character
 * 2–5-grams, with class weights so that small domains count (the target metric is macro-F1), trained
 * on the bundled AIID incident labels plus the MIT AI Risk Repository's risk statements and AIAAIC entries with
 * weak labels (both down-weighted).
 * Small enough to train in about a second at first use, so no model file is shipped.
 */
public final class RiskModel {
  static final int DIM = 1 << 19;
  static final int MAX_CHARS = 700;
  /** The model's classes: MIT sub-domains such as "7.3" (a domain number where an incident has no sub-domain). */
  final String[] classes;
  /** The risk-domain label (as in the training data) of each class: what {@link #predict} returns. */
  final String[] labels;
  /**
   * Per feature id, two ints: the IDF's float bits and the feature's row in {@link #weights}, or -1 when
   * all its class weights are zero (about 89 % of ids: never seen in training). One 4 MiB array plus a
   * compact weight table (≈ 5 MiB) instead of a dense 44 MiB one keeps scoring in cache; skipping a
   * zero row only skips adding zeros, so scores are unchanged.
   */
  private final int[] idfAndRow;
  /** Class weights of the rows in use, k per row. */
  private final float[] weights;
  private final float[] bias;

  private RiskModel(String[] classes, String[] labels, float[] w, float[] bias, float[] idf) {
    this.classes = classes;
    this.labels = labels;
    int k = classes.length;
    this.idfAndRow = new int[2 * DIM];
    int rows = 0;
    for (int f = 0; f < DIM; f++) {
      boolean used = false;
      for (int c = 0; c < k && !used; c++) used = w[f * k + c] != 0;
      idfAndRow[2 * f] = Float.floatToRawIntBits(idf[f]);
      idfAndRow[2 * f + 1] = used ? rows++ : -1;
    }
    this.weights = new float[rows * k];
    for (int f = 0; f < DIM; f++) {
      int r = idfAndRow[2 * f + 1];
      if (r >= 0) System.arraycopy(w, f * k, weights, r * k, k);
    }
    this.bias = bias;
  }

  /** Feature ids with a weight row (the rest score nothing and only add to the norm). */
  int rowsInUse() {
    return weights.length / classes.length;
  }

  /** The IDF of feature id {@code f}. */
  float idf(int f) {
    return Float.intBitsToFloat(idfAndRow[2 * f]);
  }

  /** The bias of class {@code c}. */
  float bias(int c) {
    return bias[c];
  }

  /** The weight of feature id {@code f} for class {@code c} (0 for an id no training text had). */
  float weight(int f, int c) {
    int r = idfAndRow[2 * f + 1];
    return r < 0 ? 0f : weights[r * classes.length + c];
  }

  private static volatile RiskModel bundled;

  /**
   * One labelled example: text, MIT risk domain label and, where known, MIT sub-domain ("7.3. Lack of …" or "7.3 > Lack
   * of …"); {@code embedText} is what the sentence-embedding model reads (an AIID incident's title + ". " + description,
   * i.e. {@link Rec#text()} of its record, without the entity slugs the bag-of-words model also reads).
   */
  public record Example(String id, String text, String label, String subdomain, String embedText) {
    public Example(String id, String text, String label, String subdomain) {
      this(id, text, label, subdomain, text);
    }

    public Example(String id, String text, String label) {
      this(id, text, label, "");
    }
  }

  /**
   * The model trained on every label bundled in incidents/mit-training.csv (AIID, CC BY-SA 4.0) plus the
   * risk statements of incidents/mit-risk-statements.csv (MIT AI Risk Repository, CC BY 4.0).
   */
  public static RiskModel bundled() {
    RiskModel m = bundled;
    if (m == null) {
      synchronized (RiskModel.class) {
        if (bundled == null) bundled = train(bundledExamples(), 7);
        m = bundled;
      }
    }
    return m;
  }

  public static List<Example> bundledExamples() {
    try (InputStream in = RiskModel.class.getResourceAsStream("/incidents/mit-training.csv")) {
      if (in == null) throw new IllegalStateException("incidents/mit-training.csv missing from the classpath");
      return readExamples(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Example> readExamples(Reader r) throws IOException {
    List<Example> out = new ArrayList<>();
    for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      // AIID lists harmed parties for every incident (new ones too), so they are model input at training and at prediction
      String harmed = rec.isMapped("harmed") ? " " + rec.get("harmed") : "";
      String td = rec.get("title") + ". " + rec.get("description");
      out.add(new Example(rec.get("incident_id"), td + " " + rec.get("entities") + harmed,
          rec.get("risk_domain"), rec.isMapped("risk_subdomain") ? rec.get("risk_subdomain") : "", td));
    }
    return out;
  }

  /**
   * Word unigrams plus character 2–5-grams inside word boundaries (robust to inflection and spelling), as
   * feature ids in DIM, unsorted. Same ids as hashing {@code "w:" + token} and each n-gram of
   * {@code " " + token + " "} over {@link Tokens#raw} tokens of the first MAX_CHARS characters, without
   * building token strings (the previous string-based version is kept as the reference in RiskModelFeaturesTest).
   */
  static int[] features(String text) {
    Scratch s = SCRATCH.get();
    int n = featuresInto(text, s); // may replace s.feats by a larger array
    return Arrays.copyOf(s.feats, n);
  }

  /** Per-thread buffers: classification runs on ingest worker threads. */
  private static final class Scratch {
    int[] feats = new int[4096];
    int[] tmp = new int[4096];
    final int[] lo = new int[1025], hi = new int[513];
    char[] word = new char[64];
    int[] rows = new int[0];
    double[] xs = new double[0];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final long FNV_OFFSET = 0xcbf29ce484222325L, FNV_PRIME = 0x100000001b3L;
  /** FNV-1a state after "w:", the word features' prefix. */
  private static final long FNV_W = ((FNV_OFFSET ^ 'w') * FNV_PRIME ^ ':') * FNV_PRIME;
  /** Stop words by their word-feature hash (open addressing), confirmed by comparing the characters. */
  private static final long[] STOP_HASH = new long[256];
  private static final char[][] STOP_CHARS = new char[256][];

  static {
    for (String w : Tokens.STOP) {
      long h = Tokens.hash64("w:" + w);
      int i = (int) h & 255;
      while (STOP_CHARS[i] != null) i = (i + 1) & 255;
      STOP_HASH[i] = h;
      STOP_CHARS[i] = w.toCharArray();
    }
  }

  private static boolean isStop(long wordHash, char[] w, int from, int len) {
    for (int i = (int) wordHash & 255; STOP_CHARS[i] != null; i = (i + 1) & 255) {
      if (STOP_HASH[i] == wordHash && Arrays.equals(STOP_CHARS[i], 0, STOP_CHARS[i].length, w, from, from + len)) return true;
    }
    return false;
  }

  /** Writes the feature ids of {@code text} to {@code s.feats}; returns their count. Tokenises as {@link Tokens#raw}. */
  private static int featuresInto(String text, Scratch s) {
    if (text.length() > MAX_CHARS) text = text.substring(0, MAX_CHARS);
    int n = text.length(), k = 0;
    char[] w = s.word;
    w[0] = ' ';
    int len = 0; // token characters in w[1..len]; w[0] is the leading space
    for (int i = 0; i <= n; ) {
      int cp = -1;
      boolean cjk = false;
      if (i < n) {
        cp = text.codePointAt(i);
        i += Character.charCount(cp);
        cjk = Tokens.isCjk(cp);
        if (!cjk && Character.isLetterOrDigit(cp)) {
          if (len + 4 > w.length) w = s.word = Arrays.copyOf(w, w.length * 2);
          len += Character.toChars(Character.toLowerCase(cp), w, len + 1);
          continue;
        }
      } else {
        i++;
      }
      // any other code point ends the current word; a CJK character is then a token of its own
      for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
          if (!cjk) break;
          if (cp < 0x10000) { // in Simplified form, as Tokens.raw gives it
            w[1] = org.aigov.observatory.kernel.HanScript.fold((char) cp);
            len = 1;
          } else {
            len = Character.toChars(cp, w, 1);
          }
        }
        if (len == 0) continue;
        if (k + 16 * len + 8 > s.feats.length) {
          s.feats = Arrays.copyOf(s.feats, Math.max(s.feats.length * 2, k + 16 * len + 8));
          s.tmp = new int[s.feats.length];
        }
        int[] f = s.feats;
        long wh = FNV_W;
        for (int j = 1; j <= len; j++) wh = (wh ^ w[j]) * FNV_PRIME;
        wh = Tokens.mix(wh);
        if (!isStop(wh, w, 1, len)) f[k++] = (int) (wh >>> 45);
        w[len + 1] = ' ';
        int padded = len + 2;
        for (int st = 0; st + 2 <= padded; st++) {
          long h = (FNV_OFFSET ^ w[st]) * FNV_PRIME;
          int end = Math.min(padded, st + 5);
          for (int e = st + 1, m = 2; e < end; e++, m++) {
            h = (h ^ w[e]) * FNV_PRIME;
            f[k++] = (int) (Tokens.mix(h + m) >>> 45);
          }
        }
        len = 0;
      }
    }
    return k;
  }

  /** Sorts feature ids in [0, DIM) by two counting passes of 10 and 9 bits (ids are 19 bits). */
  private static void radixSort(Scratch s, int n) {
    int[] a = s.feats, tmp = s.tmp, lo = s.lo, hi = s.hi;
    Arrays.fill(lo, 0);
    Arrays.fill(hi, 0);
    for (int i = 0; i < n; i++) {
      lo[(a[i] & 1023) + 1]++;
      hi[(a[i] >>> 10) + 1]++;
    }
    for (int i = 0; i < 1024; i++) lo[i + 1] += lo[i];
    for (int i = 0; i < 512; i++) hi[i + 1] += hi[i];
    for (int i = 0; i < n; i++) tmp[lo[a[i] & 1023]++] = a[i];
    for (int i = 0; i < n; i++) a[hi[tmp[i] >>> 10]++] = tmp[i];
  }

  /** Sparse TF-IDF vector, L2-normalised: parallel arrays of index and value. */
  private static Object[] vector(int[] f, float[] idf) {
    int[] sorted = f.clone();
    Arrays.sort(sorted);
    int n = 0;
    int[] idx = new int[sorted.length];
    float[] val = new float[sorted.length];
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) j++;
      idx[n] = sorted[i];
      val[n] = (float) ((1 + Math.log(j - i)) * (idf == null ? 1 : idf[sorted[i]]));
      n++;
      i = j;
    }
    double norm = 0;
    for (int i = 0; i < n; i++) norm += val[i] * val[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (int i = 0; i < n; i++) val[i] /= norm;
    return new Object[] {Arrays.copyOf(idx, n), Arrays.copyOf(val, n)};
  }

  /**
   * Trained on {@code examples} plus, as auxiliary examples, the bundled MIT AI Risk Repository statements and the
   * AIAAIC entries with weak labels.
   */
  public static RiskModel train(List<Example> examples, long seed) {
    List<Example> aux = new ArrayList<>(riskStatements(examples));
    aux.addAll(aiaaicWeakLabels(examples));
    return train(examples, aux, seed);
  }

  /**
   * Weight of one risk statement relative to one incident of the same domain. Statements are abstract
   * ("AI systems may …"), not incident reports: at equal weight they hurt (5-fold CV 0.58 at 1.0, 0.61
   * at 0.3), at 0.03 they help (see docs/benchmarks.md).
   */
  static final double AUX_WEIGHT = 0.03;
  /**
   * Weight of one AIAAIC entry with a weak label relative to one incident of the same domain: real incidents, but
   * labelled by rules from AIAAIC's own categories, not by MIT's coders (0.1: docs/benchmarks.md).
   */
  static final double WEAK_WEIGHT = 0.1;
  static final String WEAK_PREFIX = "aiaaic-weak:";
  private static final double LAMBDA = 3e-4;
  private static final int EPOCHS = 8; // with sub-domain classes 8 epochs score as 12 did (CV 0.631 vs 0.630) at two thirds of the training time

  /**
   * The 1,411 domain-coded risk statements of the MIT AI Risk Repository v3 (CC BY 4.0), labelled with
   * the label of {@code examples} that has the same domain number; statements of a domain absent from
   * {@code examples} are left out.
   */
  public static List<Example> riskStatements(List<Example> examples) {
    return auxiliary("incidents/mit-risk-statements.csv", examples,
        (rec, label) -> new Example("mit-risk:" + rec.get("ev_id"), rec.get("text"), label, rec.get("sub_domain")));
  }

  /**
   * AIAAIC entries with an MIT sub-domain mapped by fixed rules from their own Issue(s) and External harms
   * (tools/classifier/aiaaic_weak_labels.py, "no-twins": without the entries clustering merges with an AIID incident
   * or that are among a word-overlap scorer's three best candidates for a labelled one, so no held-out incident is
   * learnt through its own AIAAIC twin). Text: headline plus deployer, developer and system names, as for incidents.
   */
  static List<Example> aiaaicWeakLabels(List<Example> examples) {
    return auxiliary("incidents/aiaaic-weak-labels.csv", examples,
        (rec, label) -> new Example(WEAK_PREFIX + rec.get("id"), rec.get("text"), label, rec.get("subdomain"), rec.get("embed")));
  }

  /** A bundled CSV of auxiliary examples, each labelled with the label of {@code examples} of its column "domain"'s number. */
  private static List<Example> auxiliary(String resource, List<Example> examples, java.util.function.BiFunction<CSVRecord, String, Example> make) {
    java.util.Map<String, String> byNumber = new java.util.HashMap<>();
    for (Example e : examples) byNumber.putIfAbsent(domainNumber(e.label()), e.label());
    List<Example> out = new ArrayList<>();
    try (InputStream in = RiskModel.class.getResourceAsStream("/" + resource)) {
      if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        String label = byNumber.get(domainNumber(rec.get("domain")));
        if (label != null) out.add(make.apply(rec, label));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /**
   * The class of an example: its sub-domain number ("7.3" of "7.3. Lack of …" or "7.3 > Lack of …") when it
   * has one inside its domain, else the domain number.
   */
  static String classOf(Example e) {
    String d = domainNumber(e.label()), sub = e.subdomain() == null ? "" : e.subdomain().strip();
    int i = 0;
    while (i < sub.length() && (Character.isDigit(sub.charAt(i)) || sub.charAt(i) == '.')) i++;
    String n = sub.substring(0, i);
    while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    return n.startsWith(d + ".") ? n : d;
  }

  /** "4" of "4. Malicious Actors & Misuse": the two sources spell the domain names differently. */
  static String domainNumber(String label) {
    int dot = label.indexOf('.');
    return (dot < 0 ? label : label.substring(0, dot)).strip();
  }

  /**
   * Softmax regression on {@code examples} plus {@code aux}. Auxiliary examples only add gradient, scaled by
   * AUX_WEIGHT times their domain's class weight, and no L2 decay (else 1,400 extra steps per epoch would
   * shrink the incidents' weights); IDF, class weights and the class list come from the incidents alone.
   */
  public static RiskModel train(List<Example> examples, List<Example> aux, long seed) {
    int nMain = examples.size();
    // sub-domains as classes (domain = the class's domain); class weights stay per domain
    String[] classes = new TreeSet<>(examples.stream().map(RiskModel::classOf).toList()).toArray(new String[0]);
    java.util.Map<String, String> labelOf = new java.util.HashMap<>();
    for (Example e : examples) labelOf.putIfAbsent(domainNumber(e.label()), e.label());
    String[] labels = new String[classes.length];
    for (int c = 0; c < classes.length; c++) labels[c] = labelOf.get(domainNumber(classes[c]));
    List<Example> all = new ArrayList<>(examples); // statements of a sub-domain no incident has are left out
    for (Example e : aux) if (Arrays.binarySearch(classes, classOf(e)) >= 0) all.add(e);
    int k = classes.length;
    int n = all.size();
    float[] df = new float[DIM];
    int[][] feats = new int[n][];
    int[] y = new int[n];
    double[] count = new double[k];
    for (int i = 0; i < n; i++) {
      feats[i] = features(all.get(i).text());
      y[i] = Arrays.binarySearch(classes, classOf(all.get(i)));
      if (i < nMain) {
        for (int f : Arrays.stream(feats[i]).distinct().toArray()) df[f]++;
        count[y[i]]++;
      }
    }
    float[] idf = new float[DIM];
    for (int f = 0; f < DIM; f++) idf[f] = (float) Math.log((1.0 + nMain) / (1.0 + df[f])) + 1f;
    int[][] xi = new int[n][];
    float[][] xv = new float[n][];
    for (int i = 0; i < n; i++) {
      Object[] v = vector(feats[i], idf);
      xi[i] = (int[]) v[0];
      xv[i] = (float[]) v[1];
    }
    // balanced per domain (macro-F1 is over domains); per sub-domain, singletons would get weight ~40 (CV 0.605 vs 0.632)
    java.util.Map<String, Double> perDomain = new java.util.HashMap<>();
    for (int c = 0; c < k; c++) perDomain.merge(labels[c], count[c], Double::sum);
    double[] cw = new double[k];
    for (int c = 0; c < k; c++) cw[c] = nMain / (perDomain.size() * Math.max(1, perDomain.get(labels[c])));
    double[] ew = new double[n];
    for (int i = 0; i < n; i++) ew[i] = i < nMain ? cw[y[i]] : (all.get(i).id().startsWith(WEAK_PREFIX) ? WEAK_WEIGHT : AUX_WEIGHT) * cw[y[i]];
    float[] w = new float[DIM * k];
    float[] b = new float[k];
    double lambda = LAMBDA;
    Random rnd = new Random(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    double[] p = new double[k], g = new double[k];
    int epochs = EPOCHS;
    for (int ep = 0; ep < epochs; ep++) {
      double lr = 4.0 / (1 + ep * 0.2);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int o : order) {
        // feature-major loops read each feature's k weights contiguously; every class still sums in feature order
        int[] fi = xi[o];
        float[] fv = xv[o];
        for (int c = 0; c < k; c++) p[c] = b[c];
        for (int q = 0; q < fi.length; q++) {
          int base = fi[q] * k;
          float x = fv[q];
          for (int c = 0; c < k; c++) p[c] += w[base + c] * x;
        }
        double max = -1e30;
        for (int c = 0; c < k; c++) max = Math.max(max, p[c]);
        double z = 0;
        for (int c = 0; c < k; c++) z += (p[c] = Math.exp(p[c] - max));
        double weight = ew[o];
        double decay = o < nMain ? lambda : 0;
        for (int c = 0; c < k; c++) {
          g[c] = (p[c] / z - (c == y[o] ? 1 : 0)) * weight;
          b[c] -= (float) (lr * g[c] * 0.1);
        }
        for (int q = 0; q < fi.length; q++) { // feature ids are distinct within an example: each weight updated once
          int base = fi[q] * k;
          float x = fv[q];
          for (int c = 0; c < k; c++) w[base + c] -= (float) (lr * (g[c] * x + decay * w[base + c]));
        }
      }
    }
    return new RiskModel(classes, labels, w, b, idf);
  }

  private static final float[] TF = new float[64];

  static {
    for (int c = 1; c < TF.length; c++) TF[c] = (float) (1 + Math.log(c));
  }

  /** Sublinear term frequency 1 + ln(count), from a table for the usual small counts. */
  private static double tf(int count) {
    return count < TF.length ? TF[count] : 1 + Math.log(count);
  }

  public String predict(String text) {
    return labels[argmax(scores(text))];
  }

  /** A predicted risk domain and the model's probability for it (0–1). */
  public record Prediction(String domain, double confidence) {}

  /**
   * {@link #predict}'s label (the best sub-domain class's domain) and that domain's probability: the softmax over the
   * sub-domain classes summed over the domain's classes.
   */
  public Prediction predictWithConfidence(String text) {
    double[] s = scores(text);
    int best = argmax(s);
    String label = labels[best];
    double z = 0, mass = 0;
    for (int c = 0; c < s.length; c++) {
      double e = Math.exp(s[c] - s[best]);
      z += e;
      if (labels[c].equals(label)) mass += e;
    }
    return new Prediction(label, mass / z);
  }

  /** Index of the largest value (the first of equals). */
  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }

  /** Probability of each risk-domain label of {@code domains} (sorted): the softmax over sub-domain classes, summed per domain. */
  double[] domainProbabilities(String text, String[] domains) {
    return softmaxByDomain(scores(text), labels, domains);
  }

  static double[] softmaxByDomain(double[] s, String[] labels, String[] domains) {
    double max = -1e300, z = 0;
    for (double v : s) max = Math.max(max, v);
    double[] e = new double[s.length];
    for (int c = 0; c < s.length; c++) z += (e[c] = Math.exp(s[c] - max));
    for (int c = 0; c < s.length; c++) e[c] /= z;
    return sumByDomain(e, labels, domains);
  }

  /** Class probabilities {@code p} summed into their domains ({@code labels[c]}), in the order of the sorted {@code domains}. */
  static double[] sumByDomain(double[] p, String[] labels, String[] domains) {
    double[] out = new double[domains.length];
    for (int c = 0; c < p.length; c++) {
      int d = Arrays.binarySearch(domains, labels[c]);
      if (d >= 0) out[d] += p[c];
    }
    return out;
  }

  /** The risk-domain labels of {@code examples}, sorted: the domain order of every probability vector. */
  static String[] domainsOf(List<Example> examples) {
    return new TreeSet<>(examples.stream().map(Example::label).toList()).toArray(new String[0]);
  }

  /** The risk-domain labels this model can answer, sorted. */
  String[] domains() {
    return new TreeSet<>(Arrays.asList(labels)).toArray(new String[0]);
  }

  /** Class scores (logits) of a text, in the order of {@link #classes}. */
  double[] scores(String text) {
    Scratch s = SCRATCH.get();
    int n = featuresInto(text, s);
    radixSort(s, n);
    return scoresOfSorted(s.feats, n);
  }

  /** Class scores from sorted feature ids; summed in ascending id order, as they always were, so scores are bit-identical. */
  double[] scoresOfSorted(int[] f, int n) {
    int k = classes.length;
    Scratch s = SCRATCH.get();
    if (s.rows.length < n) {
      s.rows = new int[n];
      s.xs = new double[n];
    }
    int[] rows = s.rows;
    double[] xs = s.xs;
    int m = 0;
    double norm = 0;
    for (int i = 0; i < n; ) { // sorted ids: equal features are adjacent; TF-IDF as in training
      int j = i;
      while (j < n && f[j] == f[i]) j++;
      double x = tf(j - i) * Float.intBitsToFloat(idfAndRow[2 * f[i]]);
      norm += x * x;
      int r = idfAndRow[2 * f[i] + 1];
      if (r >= 0) {
        rows[m] = r * k;
        xs[m++] = x;
      }
      i = j;
    }
    norm = norm > 0 ? Math.sqrt(norm) : 1;
    double[] score = new double[k];
    float[] w = weights;
    int c = 0;
    for (; c + 4 <= k; c += 4) { // four classes per pass, each still summed in feature order
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int q = 0; q < m; q++) {
        int b = rows[q] + c;
        double x = xs[q];
        s0 += w[b] * x;
        s1 += w[b + 1] * x;
        s2 += w[b + 2] * x;
        s3 += w[b + 3] * x;
      }
      score[c] = s0;
      score[c + 1] = s1;
      score[c + 2] = s2;
      score[c + 3] = s3;
    }
    for (; c < k; c++) {
      double s0 = 0;
      for (int q = 0; q < m; q++) s0 += w[rows[q] + c] * xs[q];
      score[c] = s0;
    }
    for (c = 0; c < k; c++) score[c] = score[c] / norm + bias[c];
    return score;
  }

  /** Macro-F1 of {@code predicted} against {@code gold}. */
  public static double macroF1(List<String> gold, List<String> predicted) {
    Map<String, Double> f1 = f1PerClass(gold, predicted);
    double sum = 0;
    for (double f : f1.values()) sum += f;
    return f1.isEmpty() ? 0 : sum / f1.size();
  }

  /**
   * F1 of each label that is either gold or predicted, in label order: a class predicted but absent from the gold counts
   * (F1 0), as scikit-learn's macro average counts it; over gold labels alone a subset's figure read higher than an
   * outside scorer's (outside QA of newer snapshots).
   */
  public static Map<String, Double> f1PerClass(List<String> gold, List<String> predicted) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    TreeSet<String> labels = new TreeSet<>(gold);
    for (String p : predicted) if (p != null) labels.add(p);
    for (String l : labels) {
      int tp = 0, fp = 0, fn = 0;
      for (int i = 0; i < gold.size(); i++) {
        boolean g = l.equals(gold.get(i)), p = l.equals(predicted.get(i));
        if (g && p) tp++;
        else if (p) fp++;
        else if (g) fn++;
      }
      double prec = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
      double rec = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
      out.put(l, prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec));
    }
    return out;
  }
}
