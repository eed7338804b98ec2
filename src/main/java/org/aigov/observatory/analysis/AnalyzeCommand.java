package org.aigov.observatory.analysis;

import org.aigov.observatory.kernel.DataOptions;
import java.io.FileReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = {"Analyse the registry: the regime complex, governance paths, or military-AI participation.",
        "分析注册库：机制复合体、治理路径或人工智能军事化参与。"})
public final class AnalyzeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<analysis>", description = "complex | paths | military")
  String analysis;

  @Option(names = "--format", defaultValue = "json", description = "json | csv (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--table", description = "With --format csv: only this table.")
  String table;

  @Mixin DataOptions store;

  @Option(names = "--jurisdictions", split = ",", description = "For paths (default US,EU,GB,IN,CN,JP,RU).")
  List<String> jurisdictions;

  @Option(names = "--military-csv", paramLabel = "<file>",
      description = "For military: add systems from a CSV (id,name_en,name_zh,country,developer,developer_type,function,deployment,year,source).")
  Path militaryCsv;

  @Option(names = "--scope", defaultValue = "all",
      description = "all | seed (records the seed papers name) | no-agora (default ${DEFAULT-VALUE})")
  String scope;

  @Option(names = "--out", paramLabel = "<file>", description = "Write here instead of standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Analyses.NAMES.contains(analysis)) throw ApiException.badRequest("analysis", "one of " + Analyses.NAMES + ", got '" + analysis + "'");
    if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format", "json or csv, got '" + format + "'");
    if (table != null && !format.equals("csv")) throw ApiException.badRequest("table", "only with --format csv");
    if (jurisdictions != null && !analysis.equals("paths")) throw ApiException.badRequest("--jurisdictions", "only the paths analysis takes jurisdictions");
    // read as the API reads ?jurisdictions=: empty items dropped, an empty list is the default seven ("us,,eu" had been an error)
    if (jurisdictions != null) {
      jurisdictions = jurisdictions.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
      if (jurisdictions.isEmpty()) jurisdictions = null;
    }
    Graph g;
    if (analysis.equals("military")) g = null;
    else {
      try (Observatory obs = AnalysisStore.open(store, System.err)) {
        java.util.List<org.aigov.observatory.registry.Entry> all = obs.registry.listAll(null);
        // as the API: us is US, and a code no record uses is an error rather than a profile of zeros
        if (jurisdictions != null && analysis.equals("paths")) jurisdictions = AnalysisRoutes.known(jurisdictions, all);
        g = new Graph(Graph.scope(all, scope));
      }
    }
    List<MilitaryAi.System> mil = null;
    if (militaryCsv != null) {
      mil = new ArrayList<>(MilitaryAi.bundled());
      if (!Files.isRegularFile(militaryCsv)) throw ApiException.badRequest("--military-csv", "no such file: " + militaryCsv);
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (MilitaryAi.System s : mil) ids.add(s.id());
      try (FileReader r = new FileReader(militaryCsv.toFile(), StandardCharsets.UTF_8)) {
        mil.addAll(MilitaryAi.fromCsv(r, ids));
      }
    }
    Analyses.Output o = Analyses.run(analysis, g, jurisdictions, mil);
    String text = format.equals("json") ? Json.pretty(o.json()) + "\n"
        : table != null ? o.table(table).toCsv() : Table.toCsv(o.tables());
    if (out != null) {
      if (out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent()))
        throw ApiException.badRequest("--out", "no such folder: " + out.toAbsolutePath().getParent());
      try {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } catch (java.io.IOException e) { // a folder, /dev/full, /proc … was a stack trace
        throw ApiException.io("--out", e);
      }
    }
    else {
      PrintStream ps = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      ps.print(text);
      ps.flush();
    }
    return 0;
  }
}
