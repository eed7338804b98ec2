package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.api.Test;

class ConvergenceTest {
  @Test
  void meanCosineByHand() {
    // d1 = d2 = {safety, transparency}, d3 = {weapons}: cos(d1,d2) = 1, the others 0 -> mean 1/3
    assertEquals(1 / 3.0, Convergence.meanCosine(List.of(List.of("safety", "transparency"), List.of("safety", "transparency"),
        List.of("weapons"))), 1e-12);
    assertEquals(Double.NaN, Convergence.meanCosine(List.of(List.of("x"))));
  }

  @Test
  void chainsAndSimilarityOverTime() {
    Fixtures f = new Fixtures();
    f.instrument("p1", "principles", "INTL", "2019").name = Text.of(null, "safety transparency");
    f.instrument("p2", "guideline", "INTL", "2020").name = Text.of(null, "safety transparency");
    f.instrument("p3", "declaration", "INTL", "2021").name = Text.of(null, "weapons");
    f.rel("builds_on", "p2", "p1");
    f.rel("builds_on", "p3", "p2");
    var pts = new Convergence(f.graph()).overTime();
    // IDF over all three: safety, transparency ln(3/2), weapons ln 3.
    // 2019: one document, no pair; 2020: p1 = p2 -> 1.0, one link; 2021: 1/3, chain p3 -> p2 -> p1 = 2
    assertEquals(3, pts.size());
    assertEquals(1.0, pts.get(1).meanSimilarity(), 1e-12);
    assertEquals(1, pts.get(1).buildsOnLinks());
    assertEquals(1 / 3.0, pts.get(2).meanSimilarity(), 1e-12);
    assertEquals(2, pts.get(2).longestChain());
  }
}
