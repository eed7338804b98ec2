package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.alg.scoring.BetweennessCentrality;
import org.jgrapht.alg.scoring.Coreness;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.junit.jupiter.api.Test;

class CentralityTest {
  @Test
  void triangleWithTail() {
    // x0-x1-x2 triangle, x3 hangs off x2 (duplicate edge and self-loop dropped).
    // betweenness: x2 lies on the only shortest paths x3-x0 and x3-x1 -> 2; others 0.
    // cores: triangle is a 2-core, x3 has core 1.
    Centrality c = new Centrality(4, new int[] {0, 1, 2, 2, 1, 3}, new int[] {1, 2, 0, 3, 0, 3}, 6);
    assertEquals(4, c.edges());
    assertArrayEquals(new double[] {0, 0, 2, 0}, c.betweenness(0, 1), 1e-12);
    assertArrayEquals(new int[] {2, 2, 2, 1}, c.coreNumbers());
    assertEquals(3, c.degree(2));
    assertEquals(2 / 3.0, Centrality.normalise(2, 4), 1e-12); // 3 pairs without x2
  }

  @Test
  void agreesWithJGraphTOnRandomGraphs() {
    Random r = new Random(7);
    for (int round = 0; round < 5; round++) {
      int n = 40, m = 90;
      int[] u = new int[m], v = new int[m];
      Graph<Integer, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
      for (int i = 0; i < n; i++) g.addVertex(i);
      for (int i = 0; i < m; i++) {
        u[i] = r.nextInt(n);
        v[i] = r.nextInt(n);
        if (u[i] != v[i]) g.addEdge(u[i], v[i]);
      }
      Centrality c = new Centrality(n, u, v, m);
      double[] b = c.betweenness(0, 1);
      int[] core = c.coreNumbers();
      var jb = new BetweennessCentrality<>(g).getScores();
      var jc = new Coreness<>(g).getScores();
      for (int i = 0; i < n; i++) {
        assertEquals(jb.get(i), b[i], 1e-9, "betweenness of " + i);
        assertEquals(jc.get(i).intValue(), core[i], "core of " + i);
      }
    }
  }
}
