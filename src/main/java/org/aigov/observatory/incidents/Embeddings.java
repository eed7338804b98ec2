package org.aigov.observatory.incidents;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (quantized), run in-process by ONNX Runtime; the model
 * and tokenizer ship inside the jar, nothing is downloaded. About 7 ms of CPU per short text, so they
 * are used only where records are few (the curated monitors), never on bulk report streams.
 */
final class Embeddings {
  static final String MODEL = "all-minilm-l6-v2-q";
  static final int DIM = 384;
  private static volatile EmbeddingModel model;
  private static volatile boolean failed;

  private Embeddings() {}

  /** The shared model, loaded on first use; null (with one warning) where ONNX Runtime cannot load. */
  static EmbeddingModel model() {
    if (model == null && !failed) {
      synchronized (Embeddings.class) {
        if (model == null && !failed) {
          try {
            model = new AllMiniLmL6V2QuantizedEmbeddingModel();
          } catch (RuntimeException | LinkageError e) {
            failed = true;
            System.err.println("sentence embeddings unavailable (" + e + "); linkage uses words only");
          }
        }
      }
    }
    return model;
  }

  /** L2-normalised embeddings of the texts, in order; null if the model is unavailable. */
  static float[][] embed(List<String> texts) {
    EmbeddingModel m = model();
    if (m == null) return null;
    List<TextSegment> segs = new ArrayList<>(texts.size());
    for (String t : texts) segs.add(TextSegment.from(t == null || t.isBlank() ? "-" : t));
    float[][] out = new float[texts.size()][];
    var res = m.embedAll(segs).content();
    for (int i = 0; i < out.length; i++) out[i] = normalise(res.get(i).vector());
    return out;
  }

  static float[] normalise(float[] v) {
    double n = 0;
    for (float x : v) n += x * x;
    float inv = n == 0 ? 0 : (float) (1 / Math.sqrt(n));
    float[] o = new float[v.length];
    for (int i = 0; i < v.length; i++) o[i] = v[i] * inv;
    return o;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static byte[] pack(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) b.putFloat(x);
    return b.array();
  }

  static float[] unpack(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / 4];
    for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
    return v;
  }
}
