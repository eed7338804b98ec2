package org.aigov.observatory.incidents;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * MIT risk-domain classifier: all-MiniLM-L6-v2 fine-tuned end to end on the bundled AIID labels and the MIT risk
 * statements, with a sub-domain softmax head ({@code tools/classifier/finetune.py}; weights int8 with a scale per
 * column). It reads an incident's title + ". " + description, tokenised like the base model (uncased WordPiece, at
 * most 128 tokens), and answers sub-domain probabilities, summed here per domain. Fine-tuning needs PyTorch, so it
 * is done offline and the model ships in the jar; the held-out figures of the same recipe are in docs/benchmarks.md.
 */
public final class FineTunedRiskModel implements DomainScorer {
  static final String MODEL = "/incidents/risk-minilm-ft.onnx";
  static final String META = "/incidents/risk-minilm-ft.json";
  static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json"; // in the langchain4j model jar, the same vocabulary
  static final int MAX_TOKENS = 128;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  final String[] classes;
  /** Domain label of each class, spelled as in the bundled labels. */
  final String[] labels;
  /** Texts scored: for tests. */
  static final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

  private FineTunedRiskModel(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, String[] classes, String[] labels) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.classes = classes;
    this.labels = labels;
  }

  private static volatile FineTunedRiskModel bundled;
  private static volatile boolean unavailable;

  /**
   * The shipped model, or null (after one line on stderr) where it is missing or ONNX Runtime cannot load here;
   * callers then use the frozen-embedding model.
   */
  static FineTunedRiskModel bundled() {
    if (bundled != null || unavailable) return bundled;
    synchronized (FineTunedRiskModel.class) {
      if (bundled == null && !unavailable) {
        try {
          bundled = load();
        } catch (IOException | OrtException | RuntimeException | LinkageError e) {
          unavailable = true;
          System.err.println("fine-tuned risk-domain model unavailable (" + e + "); using the sentence-embedding model");
        }
      }
    }
    return bundled;
  }

  static FineTunedRiskModel load() throws IOException, OrtException {
    return load(null);
  }

  /** The bundled model, or the ONNX file's bytes {@code onnx} with the bundled classes (experiments). */
  static FineTunedRiskModel load(byte[] onnx) throws IOException, OrtException {
    byte[] model;
    JsonNode meta;
    try (InputStream m = FineTunedRiskModel.class.getResourceAsStream(MODEL); InputStream j = FineTunedRiskModel.class.getResourceAsStream(META)) {
      if (m == null || j == null) throw new IOException(MODEL + " or " + META + " missing from the classpath");
      model = onnx != null ? onnx : m.readAllBytes();
      meta = new ObjectMapper().readTree(j);
    }
    String[] classes = strings(meta.get("classes")), labels = strings(meta.get("domains"));
    if (classes.length == 0 || classes.length != labels.length) throw new IOException(META + ": classes and domains differ in length");
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
    HuggingFaceTokenizer tok;
    try (InputStream t = FineTunedRiskModel.class.getResourceAsStream(TOKENIZER)) {
      if (t == null) throw new IOException(TOKENIZER + " missing from the classpath");
      tok = HuggingFaceTokenizer.newInstance(t, Map.of("maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false"));
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions opt = new OrtSession.SessionOptions();
    opt.addConfigEntry("session.disable_quant_qdq", "1"); // int8 weights are dequantized once at load (constant folding), not per run
    opt.setIntraOpNumThreads(1); // one record at a time from each ingest worker: threads would only contend
    return new FineTunedRiskModel(env, env.createSession(model, opt), tok, classes, labels);
  }

  private static String[] strings(JsonNode a) {
    String[] out = new String[a == null ? 0 : a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).asText();
    return out;
  }

  /** Sub-domain probabilities of {@code text}, in the order of {@link #classes}. */
  float[] classProbabilities(String text) {
    requests.incrementAndGet();
    String t = text.length() > Embeddings.MAX_CHARS ? text.substring(0, Embeddings.MAX_CHARS) : text;
    Encoding enc = tokenizer.encode(t);
    long[] ids = enc.getIds(), mask = enc.getAttentionMask();
    try (OnnxTensor a = OnnxTensor.createTensor(env, new long[][] {ids}); OnnxTensor b = OnnxTensor.createTensor(env, new long[][] {mask});
        OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b))) {
      return ((float[][]) r.get(0).getValue())[0];
    } catch (OrtException e) {
      throw new IllegalStateException("fine-tuned risk-domain model failed: " + e.getMessage(), e);
    }
  }

  @Override
  public double[] domainProbabilities(String embedText, String[] domains) {
    float[] p = classProbabilities(embedText);
    double[] q = new double[p.length];
    for (int c = 0; c < p.length; c++) q[c] = p[c];
    return RiskModel.sumByDomain(q, labels, domains);
  }
}
