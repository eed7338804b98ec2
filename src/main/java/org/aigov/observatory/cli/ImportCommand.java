package org.aigov.observatory.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.registry.ImportReport;
import org.aigov.observatory.registry.Importers;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import a dataset into the registry. Re-importing the same file changes nothing.",
        "Datasets: json (registry JSON array, e.g. an export or the bundled seed), agora (folder with documents.csv and authorities.csv),",
        "countries (ISO 3166 CSV with UN M49 regions)."})
public final class ImportCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Parameters(index = "0", paramLabel = "<dataset>", description = "json | seed | agora | countries")
  String dataset;

  @Parameters(index = "1", paramLabel = "<path>", description = "File or folder to import.")
  Path path;

  @Option(names = "--strict", description = "Refuse the whole import if any row is bad (default: skip bad rows).")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(path)) {
      System.err.println("error: " + path + " does not exist");
      return 2;
    }
    if (Files.isDirectory(path) && !dataset.equals("agora")) { // it was an IOException's stack trace
      System.err.println("error: " + path + " is a folder; " + dataset + " imports one file");
      return 2;
    }
    try (Observatory obs = store.open()) {
      Importers imp = new Importers(obs.registry);
      Progress progress = new Progress(dataset, 0, System.err);
      ImportReport r;
      switch (dataset) {
        case "json", "seed" -> {
          try (InputStream in = Files.newInputStream(path)) {
            r = imp.importJson(in, path.getFileName().toString(), strict, progress);
          }
        }
        case "agora" -> r = imp.importAgora(Files.isDirectory(path) ? path : path.getParent(), strict, progress);
        case "countries" -> {
          try (InputStream in = Files.newInputStream(path)) {
            r = imp.importCountries(Importers.csvReader(in), path.getFileName().toString(), strict, progress);
          }
        }
        default -> throw ApiException.badRequest("dataset", "unknown dataset '" + dataset + "'; one of json, seed, agora, countries");
      }
      obs.index.commit();
      System.out.println(r.summary());
      return r.refused ? 1 : 0;
    }
  }
}
