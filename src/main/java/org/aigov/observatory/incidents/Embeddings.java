package org.aigov.observatory.incidents;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sentence embeddings (all-MiniLM-L6-v2, quantized, 384 dimensions, L2-normalised) computed in-process with
 * ONNX Runtime: model, tokenizer and native libraries ship inside the langchain4j / ONNX Runtime / DJL jars,
 * nothing is downloaded (DJL extracts its tokenizer library to ~/.djl.ai or $DJL_CACHE_DIR).
 *
 * <p>Texts already embedded are looked up first: the bundled {@code incidents/embeddings-minilm-l6-q.bin}
 * (the training texts, the MIT risk statements and the demo subset's curated records, bfloat16, keyed by
 * {@link Tokens#hash64} of the text) and then a per-JVM cache. Rebuild the bundle after changing any of
 * those texts: {@code java -cp target/observatory.jar org.aigov.observatory.incidents.Embeddings
 * src/main/resources/incidents/embeddings-minilm-l6-q.bin}.
 */
public final class Embeddings {
  public static final int DIM = 384;
  /** Name stored beside each embedding kept in the database (incident_embeddings.model). */
  static final String MODEL = "all-minilm-l6-v2-q";
  static final String BUNDLE = "/incidents/embeddings-minilm-l6-q.bin";
  private static final int MAGIC = 0x454d4231; // "EMB1"
  private static final int CACHE_MAX = 20_000; // ≈ 31 MB of vectors
  static final int MAX_CHARS = 2_000;

  private Embeddings() {}

  private static volatile Map<Long, float[]> bundled;
  private static final Map<Long, float[]> cache = new ConcurrentHashMap<>();
  private static volatile dev.langchain4j.model.embedding.EmbeddingModel model;
  private static volatile boolean unavailable;
  /** Texts run through the network (not found in the bundle or the cache): for tests and the cost figures. */
  static final AtomicLong computed = new AtomicLong();
  /** Every embedding request, found or computed. */
  static final AtomicLong requests = new AtomicLong();
  /** When set (bundle builder), every text embedded is recorded here. */
  private static volatile Map<Long, float[]> recording;
  private static volatile boolean useBundle = true;

  /**
   * Whether embeddings can be had: false (after one line on stderr) where ONNX Runtime or the tokenizer's native
   * library cannot load on this platform; callers then fall back to their word-based models.
   */
  static boolean available() {
    if (model != null) return true;
    if (unavailable) return false;
    try {
      model();
      return true;
    } catch (RuntimeException | LinkageError e) {
      unavailable = true;
      System.err.println("sentence embeddings unavailable on this platform (" + e + "); using word-based models only");
      return false;
    }
  }

  /**
   * The embedding of {@code text}: bundled, cached or computed; null only when it must be computed and the
   * model cannot load here ({@link #available}). Bundled and cached texts never load the model.
   */
  public static float[] of(String text) {
    requests.incrementAndGet();
    long key = Tokens.hash64(text);
    float[] v = known(key);
    if (v == null) {
      if (!available()) return null;
      v = compute(text);
      if (cache.size() >= CACHE_MAX) cache.clear();
      cache.put(key, v);
    }
    Map<Long, float[]> rec = recording;
    if (rec != null) synchronized (rec) { rec.put(key, v); }
    return v;
  }

  /** Runs the network (loading it at first use). */
  static float[] compute(String text) {
    computed.incrementAndGet();
    // The model reads about 256 word pieces; longer input is split and averaged, so an oversized record
    // would cost seconds. 2,000 characters hold what it reads of any incident description.
    String in = text == null || text.isBlank() ? "." : text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    float[] v = model().embed(in).content().vector();
    double s = 0;
    for (float f : v) s += f * f;
    s = Math.sqrt(s);
    if (s > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) s;
    return v;
  }

  static dev.langchain4j.model.embedding.EmbeddingModel model() {
    if (model == null) {
      synchronized (Embeddings.class) {
        if (model == null) {
          // DJL warns about a missing CUDA driver at start-up: irrelevant here (CPU only)
          if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
          model = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        }
      }
    }
    return model;
  }

  static Map<Long, float[]> bundle() {
    Map<Long, float[]> b = bundled;
    if (b == null) {
      synchronized (Embeddings.class) {
        if (bundled == null) {
          try (InputStream in = Embeddings.class.getResourceAsStream(BUNDLE)) {
            bundled = in == null ? Map.of() : read(in);
          } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLE + ": " + e.getMessage(), e);
          }
        }
        b = bundled;
      }
    }
    return b;
  }

  static Map<Long, float[]> read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    if (in.readInt() != MAGIC) throw new IOException("not an embeddings file");
    int n = in.readInt(), dim = in.readInt();
    if (dim != DIM) throw new IOException("dimension " + dim + ", expected " + DIM);
    Map<Long, float[]> out = new java.util.HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      long key = in.readLong();
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) v[j] = Float.intBitsToFloat((in.readShort() & 0xffff) << 16);
      out.put(key, v);
    }
    return out;
  }

  /** bfloat16 (the float's upper 16 bits, rounded to nearest even): ample for cosines (relative error ≤ 0.4 %). */
  static void write(OutputStream raw, Map<Long, float[]> vectors) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
    out.writeInt(MAGIC);
    out.writeInt(vectors.size());
    out.writeInt(DIM);
    for (Map.Entry<Long, float[]> e : new java.util.TreeMap<>(vectors).entrySet()) {
      out.writeLong(e.getKey());
      for (float f : e.getValue()) {
        int bits = Float.floatToRawIntBits(f);
        bits += 0x7fff + ((bits >>> 16) & 1);
        out.writeShort(bits >>> 16);
      }
    }
    out.flush();
  }

  /** Embeddings of several texts, in order; null if one of them cannot be had ({@link #of(String)}). */
  static float[][] of(java.util.List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) if ((out[i] = of(texts.get(i))) == null) return null;
    return out;
  }

  /** The bundled or cached vector of a text's key, or null. */
  private static float[] known(long key) {
    float[] v = useBundle ? bundle().get(key) : null;
    return v != null ? v : cache.get(key);
  }

  /** Dot product: the cosine of two normalised vectors. */
  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** Little-endian float32, as stored in incident_embeddings.vec. */
  static byte[] pack(float[] v) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float x : v) b.putFloat(x);
    return b.array();
  }

  static float[] unpack(byte[] bytes) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / 4];
    for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
    return v;
  }

  static double cosine(float[] a, float[] b) {
    double s = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return s / Math.sqrt(na * nb);
  }

  /**
   * Builds the bundle: embeds (with the network, ignoring any existing bundle) the embedding texts of the bundled
   * training labels and risk statements, and every curated record of the bundled demo subset as the classifier sees it.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: Embeddings <output file>");
    useBundle = false;
    Map<Long, float[]> rec = new LinkedHashMap<>();
    recording = rec;
    long t0 = System.nanoTime();
    java.util.List<RiskModel.Example> ex = RiskModel.bundledExamples();
    for (RiskModel.Example e : ex) of(e.embedText());
    for (RiskModel.Example e : RiskModel.riskStatements(ex)) of(e.embedText());
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.inMemory("emb-" + System.nanoTime())) {
      IncidentsBootstrap.loadBundled(db);
    }
    recording = null;
    try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
      write(out, rec);
    }
    System.out.printf(java.util.Locale.ROOT, "%d embeddings (%d computed) in %.1f s -> %s%n", rec.size(), computed.get(),
        (System.nanoTime() - t0) / 1e9, args[0]);
  }
}
