package org.aigov.observatory.analysis;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Vocab;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times every analysis on the bundled data (target ≤ 2 s each) and the regime-complex metrics on a
 * synthetic complex (default 10^4 institutions, 10^5 actors, 10^6 memberships; target ≤ 60 s, heap ≤ 4 GiB).
 */
@Command(name = "analysis", mixinStandardHelpOptions = true, description = "Analysis timings on bundled and synthetic data.")
public final class AnalysisBench implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "<dir>", description = "Store with the bundled data (default: a fresh temp store).")
  Path data;

  @Option(names = "--institutions", defaultValue = "10000") int institutions;
  @Option(names = "--actors", defaultValue = "100000") int actors;
  @Option(names = "--memberships", defaultValue = "1000000") int memberships;
  @Option(names = "--betweenness-samples", defaultValue = "256", description = "Sampled Brandes sources on the synthetic graph.")
  int samples;
  @Option(names = "--skip-bundled") boolean skipBundled;
  @Option(names = "--entries", paramLabel = "<json>", description = "Time the bundled analyses on this registry JSON file instead of a store.")
  Path entries;
  @Option(names = "--repeat", defaultValue = "3", description = "Runs per bundled analysis (best and median printed).")
  int repeat;

  @Override
  public Integer call() throws Exception {
    java.io.PrintStream out = System.out;
    out.printf(Locale.ROOT, "JVM max heap %.2f GiB, %d processors%n", Runtime.getRuntime().maxMemory() / 1073741824.0,
        Runtime.getRuntime().availableProcessors());
    if (!skipBundled) bundled(out);
    synthetic(out);
    return 0;
  }

  void bundled(java.io.PrintStream out) throws Exception {
    if (entries != null) {
      List<Entry> list;
      try (var in = Files.newInputStream(entries)) {
        list = org.aigov.observatory.kernel.Json.MAPPER.readValue(in, new com.fasterxml.jackson.core.type.TypeReference<List<Entry>>() {});
      }
      time(out, () -> new Graph(list), "file " + entries.getFileName());
      return;
    }
    Path dir = data != null ? data : Files.createTempDirectory("analysis-bench");
    try (Observatory obs = Observatory.open(dir, null)) {
      obs.loadBundledIfNeeded(null);
      time(out, () -> Graph.of(obs.registry), "store " + dir);
    }
  }

  void time(java.io.PrintStream out, java.util.function.Supplier<Graph> load, String what) {
    {
      for (String a : Analyses.NAMES) {
        long[] ms = new long[repeat];
        int records = 0;
        for (int i = 0; i < repeat; i++) {
          long t0 = System.nanoTime();
          Graph g = a.equals("military") ? null : load.get();
          if (g != null) records = g.nodes.size() + g.relations.size();
          Analyses.Output o = Analyses.run(a, g, null, null);
          o.json();
          ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        out.printf(Locale.ROOT, "bundled %-8s records=%d  best=%d ms  median=%d ms  (incl. reading %s)%n", a, records, ms[0], ms[repeat / 2], what);
      }
    }
  }

  void synthetic(java.io.PrintStream out) {
    long t0 = System.nanoTime();
    List<Entry> es = synth(institutions, actors, memberships, 1);
    long t1 = System.nanoTime();
    Graph g = new Graph(es);
    es = null;
    long t2 = System.nanoTime();
    RegimeComplex rc = new RegimeComplex(g);
    rc.betweennessSamples = samples;
    long t3 = System.nanoTime();
    double memberSets = (t3 - t2) / 1e9;
    var th = ManagementFactory.getThreadMXBean();
    long c0 = th.getCurrentThreadCpuTime();
    long p0 = System.nanoTime();
    rc.classifyAll(rc.all(), new ArrayList<>());
    long p1 = System.nanoTime();
    rc.fragmentationOverTime();
    long p2 = System.nanoTime();
    rc.centrality(RegimeComplex.FOCUS, 15);
    long p3 = System.nanoTime();
    rc.coverage();
    rc.representation(5);
    long p4 = System.nanoTime();
    out.printf(Locale.ROOT, "  parts: pairs(all, listed) %.1f s, fragmentation series %.1f s, centrality %.1f s, coverage+representation %.1f s (cpu %.1f s)%n",
        (p1 - p0) / 1e9, (p2 - p1) / 1e9, (p3 - p2) / 1e9, (p4 - p3) / 1e9, (th.getCurrentThreadCpuTime() - c0) / 1e9);
    long c1 = th.getCurrentThreadCpuTime();
    t3 = System.nanoTime();
    RegimeComplex.Result r = rc.run();
    long t4 = System.nanoTime();
    out.printf(Locale.ROOT, "  full run(): wall %.1f s, cpu %.1f s%n", (t4 - t3) / 1e9, (th.getCurrentThreadCpuTime() - c1) / 1e9);
    out.printf(Locale.ROOT, "synthetic institutions=%d actors=%d memberships=%d%n", institutions, actors, memberships);
    out.printf(Locale.ROOT, "  generate %.1f s, index graph %.1f s, member sets %.1f s, metrics run() %.1f s (wall)%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, memberSets, (t4 - t3) / 1e9);
    out.printf(Locale.ROOT, "  pairs=%d nested=%d overlapping=%d parallel=%d disjoint=%d; fragmentation(all)=%.4f; years=%d%n",
        r.counts().pairs(), r.counts().nested(), r.counts().overlapping(), r.counts().parallel(), r.counts().disjoint(),
        r.fragmentation().get(r.fragmentation().size() - 1).index(), r.fragmentation().size() - 1);
    out.printf(Locale.ROOT, "  peak heap used %.2f GiB%n", peakHeap() / 1073741824.0);
  }

  static long peakHeap() {
    long s = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) s += p.getPeakUsage().getUsed();
    return s;
  }

  /** Half the institutions are INTL actors, half INTL instruments with random issue coverage and years 2000–2024. */
  static List<Entry> synth(int nInst, int nActors, int nMember, long seed) {
    Random r = new Random(seed);
    List<Entry> es = new ArrayList<>(nInst + nActors + nMember);
    List<String> risks = new ArrayList<>(Vocab.RISK.codes()), life = new ArrayList<>(Vocab.LIFECYCLE.codes()),
        layers = new ArrayList<>(Vocab.GOVERNANCE_LAYER.codes());
    String[] forms = Vocab.ORG_FORM.codes().toArray(String[]::new);
    for (int i = 0; i < nInst; i++) {
      Entry e = new Entry();
      e.id = "inst" + i;
      e.name = new Text(null, e.id);
      e.jurisdiction = "INTL";
      if (i % 2 == 0) {
        e.kind = "actor";
        e.type = "international_org";
      } else {
        e.kind = "instrument";
        e.type = "initiative";
        e.orgForm = forms[r.nextInt(forms.length)];
        e.date = new PartialDate(2000 + r.nextInt(25), null, null);
        e.riskCategories.add(risks.get(r.nextInt(risks.size())));
        if (r.nextBoolean()) e.lifecycle.add(life.get(r.nextInt(life.size())));
        e.governanceLayers.add(layers.get(r.nextInt(layers.size())));
      }
      es.add(e);
    }
    String[] cc = Graph.countryRegions().keySet().toArray(String[]::new);
    for (int i = 0; i < nActors; i++) {
      Entry e = new Entry();
      e.id = "act" + i;
      e.kind = "actor";
      e.type = "state";
      e.jurisdiction = cc[i % cc.length];
      es.add(e);
    }
    for (int i = 0; i < nMember; i++) {
      Entry e = new Entry();
      e.kind = "relation";
      e.type = "member_of";
      e.source = "act" + r.nextInt(nActors);
      e.target = "inst" + r.nextInt(nInst);
      e.id = "m" + i;
      es.add(e);
    }
    return es;
  }
}
