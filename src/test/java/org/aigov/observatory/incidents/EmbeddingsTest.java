package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
  @Test
  void paraphrasesAreCloserThanAnotherEventOfTheSameSystem() {
    float[][] v = Embeddings.embed(List.of(
        "Amazon Alexa Plays Loud Music when Owner is Away",
        "Amazon Alexa holds 2am party when owner is out",
        "Amazon Alexa orders dollhouses after TV news report",
        "Fraudsters Used AI to Mimic Voice of a UK-Based Firm's CEO's Boss",
        "Fraudsters clone CEO voice to steal USD 243,000"));
    assertNotNull(v, "the bundled model loads offline");
    for (float[] x : v) {
      assertEquals(Embeddings.DIM, x.length);
      assertEquals(1.0, Embeddings.dot(x, x), 1e-4, "normalised");
    }
    assertTrue(Embeddings.dot(v[0], v[1]) > Embeddings.dot(v[0], v[2]) + 0.1);
    assertTrue(Embeddings.dot(v[3], v[4]) > Embeddings.dot(v[3], v[1]) + 0.3);
    float[][] again = Embeddings.embed(List.of("Amazon Alexa holds 2am party when owner is out"));
    assertEquals(1.0, Embeddings.dot(v[1], again[0]), 1e-5, "deterministic");
  }

  @Test
  void packingRoundTripsEveryFloat() {
    Random r = new Random(3);
    for (int k = 0; k < 100; k++) {
      float[] v = new float[1 + r.nextInt(400)];
      for (int i = 0; i < v.length; i++) v[i] = k % 10 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
      float[] back = Embeddings.unpack(Embeddings.pack(v));
      for (int i = 0; i < v.length; i++) assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
    }
  }
}
