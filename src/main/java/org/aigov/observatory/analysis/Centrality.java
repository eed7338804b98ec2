package org.aigov.observatory.analysis;

import java.util.Arrays;
import java.util.Random;

/**
 * Degree, betweenness (Brandes) and k-core numbers on an undirected simple graph held as compressed
 * adjacency arrays, so the 10^6-edge synthetic complex fits in memory and time. Exact betweenness when
 * {@code samples <= 0 || samples >= n}; otherwise Brandes from a seeded sample of sources, scaled by n/samples.
 */
public final class Centrality {
  public final int n;
  final int[] offs;
  final int[] adj;

  /** @param edges pairs (u,v), duplicates and self-loops are dropped */
  public Centrality(int n, int[] eu, int[] ev, int m) {
    this.n = n;
    long[] keys = new long[m];
    int k = 0;
    for (int i = 0; i < m; i++) {
      int a = eu[i], b = ev[i];
      if (a == b) continue;
      keys[k++] = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }
    Arrays.sort(keys, 0, k);
    int[] deg = new int[n];
    int uniq = 0;
    for (int i = 0; i < k; i++) {
      if (i > 0 && keys[i] == keys[i - 1]) continue;
      keys[uniq++] = keys[i];
      deg[(int) (keys[i] >>> 32)]++;
      deg[(int) keys[i]]++;
    }
    offs = new int[n + 1];
    for (int i = 0; i < n; i++) offs[i + 1] = offs[i] + deg[i];
    adj = new int[offs[n]];
    int[] pos = Arrays.copyOf(offs, n);
    for (int i = 0; i < uniq; i++) {
      int a = (int) (keys[i] >>> 32), b = (int) keys[i];
      adj[pos[a]++] = b;
      adj[pos[b]++] = a;
    }
  }

  public int degree(int v) {
    return offs[v + 1] - offs[v];
  }

  public int edges() {
    return adj.length / 2;
  }

  /** Unnormalised betweenness (each unordered pair counted once). */
  public double[] betweenness(int samples, long seed) {
    double[] cb = new double[n];
    int[] sources;
    boolean exact = samples <= 0 || samples >= n;
    if (exact) {
      sources = new int[n];
      for (int i = 0; i < n; i++) sources[i] = i;
    } else {
      Random r = new Random(seed);
      sources = new int[samples];
      for (int i = 0; i < samples; i++) sources[i] = r.nextInt(n);
    }
    int[] stack = new int[n];
    int[] queue = new int[n];
    int[] dist = new int[n];
    double[] sigma = new double[n];
    double[] delta = new double[n];
    Arrays.fill(dist, -1);
    for (int s : sources) {
      int sp = 0, qh = 0, qt = 0;
      dist[s] = 0;
      sigma[s] = 1;
      queue[qt++] = s;
      while (qh < qt) {
        int v = queue[qh++];
        stack[sp++] = v;
        for (int i = offs[v]; i < offs[v + 1]; i++) {
          int w = adj[i];
          if (dist[w] < 0) {
            dist[w] = dist[v] + 1;
            queue[qt++] = w;
          }
          if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
        }
      }
      while (sp > 0) {
        int w = stack[--sp];
        for (int i = offs[w]; i < offs[w + 1]; i++) {
          int v = adj[i];
          if (dist[v] == dist[w] - 1) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
        }
        if (w != s) cb[w] += delta[w];
      }
      // reset only what this BFS touched
      for (int i = 0; i < qt; i++) {
        int v = queue[i];
        dist[v] = -1;
        sigma[v] = 0;
        delta[v] = 0;
      }
    }
    double scale = exact ? 0.5 : 0.5 * n / sources.length;
    for (int i = 0; i < n; i++) cb[i] *= scale;
    return cb;
  }

  /** Betweenness divided by the number of pairs not containing the node, (n-1)(n-2)/2. */
  public static double normalise(double b, int n) {
    return n < 3 ? 0 : b / ((n - 1.0) * (n - 2.0) / 2.0);
  }

  /** Core number of every node (Batagelj–Zaversnik bucket algorithm, O(n+m)). */
  public int[] coreNumbers() {
    int[] deg = new int[n];
    int md = 0;
    for (int v = 0; v < n; v++) {
      deg[v] = degree(v);
      md = Math.max(md, deg[v]);
    }
    int[] bin = new int[md + 1];
    for (int v = 0; v < n; v++) bin[deg[v]]++;
    int start = 0;
    for (int d = 0; d <= md; d++) {
      int num = bin[d];
      bin[d] = start;
      start += num;
    }
    int[] pos = new int[n];
    int[] vert = new int[n];
    for (int v = 0; v < n; v++) {
      pos[v] = bin[deg[v]];
      vert[pos[v]] = v;
      bin[deg[v]]++;
    }
    for (int d = md; d > 0; d--) bin[d] = bin[d - 1];
    if (md >= 0 && bin.length > 0) bin[0] = 0;
    for (int i = 0; i < n; i++) {
      int v = vert[i];
      for (int j = offs[v]; j < offs[v + 1]; j++) {
        int u = adj[j];
        if (deg[u] > deg[v]) {
          int du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw];
          if (u != w) {
            pos[u] = pw;
            vert[pu] = w;
            pos[w] = pu;
            vert[pw] = u;
          }
          bin[du]++;
          deg[u]--;
        }
      }
    }
    return deg;
  }
}
