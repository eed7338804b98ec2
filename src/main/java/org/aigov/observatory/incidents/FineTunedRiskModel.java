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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MIT risk-domain classifier: all-MiniLM-L6-v2 fine-tuned end to end on the bundled AIID labels and the MIT risk
 * statements, with a sub-domain softmax head ({@code tools/classifier/finetune.py}; weights int8 with a scale per
 * column). It reads an incident's title + ". " + description, tokenised like the base model (uncased WordPiece, at
 * most 128 tokens), and answers sub-domain probabilities, summed here per domain. Fine-tuning needs PyTorch, so it
 * is done offline and the model ships in the jar; the held-out figures of the same recipe are in docs/benchmarks.md.
 * Several fine-tunings of the same recipe that differ only in their random seed are averaged: one run's figures
 * swing by ±0.02 with the seed, their mean much less.
 */
public final class FineTunedRiskModel implements DomainScorer {
  /** The ensemble's members: each an ONNX file with a ".json" of its classes next to it. */
  static final List<String> MEMBERS = List.of("/incidents/risk-minilm-ft", "/incidents/risk-minilm-ft-seed2");
  static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json"; // in the langchain4j model jar, the same vocabulary
  static final int MAX_TOKENS = 128;

  private final OrtEnvironment env;
  private final List<OrtSession> sessions;
  private final HuggingFaceTokenizer tokenizer;
  final String[] classes;
  /** Domain label of each class, spelled as in the bundled labels. */
  final String[] labels;
  /** Texts scored: for tests. */
  static final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

  private FineTunedRiskModel(OrtEnvironment env, List<OrtSession> sessions, HuggingFaceTokenizer tokenizer, String[] classes, String[] labels) {
    this.env = env;
    this.sessions = sessions;
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
    return load(MEMBERS);
  }

  /** The members named (resource paths without ".onnx"), which must share their classes. */
  static FineTunedRiskModel load(List<String> members) throws IOException, OrtException {
    if (members.isEmpty()) throw new IllegalArgumentException("no member");
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
    String[] classes = null, labels = null;
    List<OrtSession> sessions = new ArrayList<>();
    for (String member : members) {
      byte[] model;
      JsonNode meta;
      try (InputStream m = FineTunedRiskModel.class.getResourceAsStream(member + ".onnx"); InputStream j = FineTunedRiskModel.class.getResourceAsStream(member + ".json")) {
        if (m == null || j == null) throw new IOException(member + ".onnx or .json missing from the classpath");
        model = m.readAllBytes();
        meta = new ObjectMapper().readTree(j);
      }
      String[] c = strings(meta.get("classes")), l = strings(meta.get("domains"));
      if (c.length == 0 || c.length != l.length) throw new IOException(member + ".json: classes and domains differ in length");
      if (classes != null && !(Arrays.equals(classes, c) && Arrays.equals(labels, l))) throw new IOException(member + ".json: classes differ from " + members.get(0));
      classes = c;
      labels = l;
      sessions.add(env.createSession(model, opt));
    }
    return new FineTunedRiskModel(env, List.copyOf(sessions), tok, classes, labels);
  }

  private static String[] strings(JsonNode a) {
    String[] out = new String[a == null ? 0 : a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).asText();
    return out;
  }

  /** Sub-domain probabilities of {@code text}, in the order of {@link #classes}: the mean over the members. */
  float[] classProbabilities(String text) {
    requests.incrementAndGet();
    String t = text.length() > Embeddings.MAX_CHARS ? text.substring(0, Embeddings.MAX_CHARS) : text;
    Encoding enc = tokenizer.encode(t);
    long[] ids = enc.getIds(), mask = enc.getAttentionMask();
    float[] mean = new float[classes.length];
    try (OnnxTensor a = OnnxTensor.createTensor(env, new long[][] {ids}); OnnxTensor b = OnnxTensor.createTensor(env, new long[][] {mask})) {
      for (OrtSession session : sessions) {
        try (OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b))) {
          float[] p = ((float[][]) r.get(0).getValue())[0];
          for (int c = 0; c < mean.length; c++) mean[c] += p[c] / sessions.size();
        }
      }
      return mean;
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
