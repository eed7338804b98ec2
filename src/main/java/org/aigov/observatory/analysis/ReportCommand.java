package org.aigov.observatory.analysis;

import org.aigov.observatory.kernel.DataOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Rebuild the seed's tables and figures from stored data as a bilingual report.", "由存储数据重建原文表格与图表，生成中英文报告。"})
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--lang", defaultValue = "en", description = "zh | en (default ${DEFAULT-VALUE})")
  String lang;

  @Option(names = "--format", defaultValue = "html", description = "html | pdf (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--out", required = true, paramLabel = "<dir>", description = "Output folder.")
  Path out;

  @Mixin DataOptions store;

  @Option(names = "--scope", defaultValue = "all", description = "all | seed | no-agora (default ${DEFAULT-VALUE})")
  String scope;

  @Override
  public Integer call() throws Exception {
    if (!lang.equals("zh") && !lang.equals("en")) throw ApiException.badRequest("lang", "zh or en, got '" + lang + "'");
    if (!format.equals("html") && !format.equals("pdf")) throw ApiException.badRequest("format", "html or pdf, got '" + format + "'");
    // a file where the folder should be was a FileSystemException's stack trace
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) throw ApiException.badRequest("--out", "is a file, not a folder: " + out);
    // the store stays open while the report is written: it names the log's signed tree head
    try (Observatory obs = AnalysisStore.open(store, System.err)) {
      Graph g = new Graph(Graph.scope(obs.registry.listAll(null), scope));
      List<String> written;
      try {
        written = new Report(g, lang, obs::reportLogHead).scope(scope).write(out, format);
      } catch (java.io.IOException e) { // an unwritable place (a file in the way, /proc …) was a stack trace
        throw ApiException.io("--out", e);
      }
      for (String f : written) System.out.println(out.resolve(f));
    }
    return 0;
  }
}
