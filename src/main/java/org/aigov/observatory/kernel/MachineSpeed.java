package org.aigov.observatory.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A fixed single-threaded workload timed at the start of a benchmark, so figures from different machines can be set side
 * by side: the same build ran about three times slower on one 2-core machine of this project's kind than on another
 * (docs/benchmarks.md). Two parts: arithmetic on data in cache, and reads at random places of a 64 MiB array (memory
 * latency, which dominates the classifier's weight look-ups on a slow host).
 */
public final class MachineSpeed {
  private MachineSpeed() {}

  /** Where the workload's results go, so the JIT cannot drop the loops. */
  private static volatile long sink;

  /** One line: the CPU model and the best of three timings of each part, in milliseconds (lower is faster). */
  public static String line() {
    long bestCpu = Long.MAX_VALUE, bestMem = Long.MAX_VALUE;
    int[] big = oneCycle(16 << 20);
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < 40_000_000; i++) h = (h ^ (i & 0xff)) * 0x100000001b3L;
      long t1 = System.nanoTime();
      int p = 0;
      for (int i = 0; i < 2_000_000; i++) p = big[p]; // each read depends on the last: latency, not bandwidth
      long t2 = System.nanoTime();
      sink = h + p;
      bestCpu = Math.min(bestCpu, t1 - t0);
      bestMem = Math.min(bestMem, t2 - t1);
    }
    return String.format(Locale.ROOT, "machine speed: %s; arithmetic %.0f ms, random memory reads %.0f ms (lower is faster)",
        cpuModel(), bestCpu / 1e6, bestMem / 1e6);
  }

  /**
   * A permutation of 0..n-1 that is one cycle (Sattolo's shuffle, fixed seed): following it from any slot visits all n
   * before returning, so the timed reads cannot settle into a short loop that stays in cache.
   */
  static int[] oneCycle(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i); // below i, never i itself: that is what makes it one cycle
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).strip();
      }
    } catch (Exception e) {
      // not Linux: the timings still compare
    }
    return System.getProperty("os.arch");
  }
}
