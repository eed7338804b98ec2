package org.aigov.observatory.registry;

import java.util.ArrayList;
import java.util.List;

/** What an import did: counts, and every skipped row with its line and reason. */
public final class ImportReport {
  public record Skip(long line, String id, String reason) {}

  public final String dataset;
  public int added;
  public int updated;
  public int unchanged;
  public final List<Skip> skipped = new ArrayList<>();
  public boolean refused;
  /** Wall time of the store phase and of bringing the search index up to it (benchmarks report both). */
  public long storeNanos;
  public long indexNanos;
  /** Process CPU time (all threads) of the same two phases. */
  public long storeCpuNanos;
  public long indexCpuNanos;

  static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  public ImportReport(String dataset) {
    this.dataset = dataset;
  }

  void count(Registry.Outcome o) {
    switch (o) {
      case ADDED -> added++;
      case UPDATED -> updated++;
      case UNCHANGED -> unchanged++;
    }
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    if (refused) sb.append(dataset).append(": REFUSED (strict mode; nothing written): ").append(skipped.size()).append(skipped.size() == 1 ? " bad row" : " bad rows");
    else sb.append(dataset).append(": ").append(added).append(" added, ").append(updated).append(" updated, ").append(unchanged)
        .append(" unchanged, ").append(skipped.size()).append(" skipped");
    int shown = 0;
    for (Skip s : skipped.stream().sorted(java.util.Comparator.comparingLong(Skip::line)).toList()) { // rows that did not parse come first otherwise
      if (shown++ == 50) {
        sb.append("\n  … ").append(skipped.size() - 50).append(" more");
        break;
      }
      sb.append("\n  line ").append(s.line()).append(s.id() == null ? "" : " (" + s.id() + ")").append(": ").append(s.reason());
    }
    return sb.toString();
  }
}
