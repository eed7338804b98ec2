package org.aigov.observatory.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Exports;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export records as CSV, JSON (re-importable) or GraphML (networkx, Gephi).")
public final class ExportCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "<what>",
      description = "all | instruments | actors | relations | incidents (default ${DEFAULT-VALUE})")
  String what;

  @Option(names = "--format", description = "csv | json | graphml (default json; incidents: csv, their only format)")
  String format;

  @Option(names = "--out", paramLabel = "<file>", description = "Write here instead of standard output.")
  Path out;

  @Option(names = "--bom", description = "CSV: begin with UTF-8's byte-order mark, so Excel opened by double-click reads Chinese right.")
  boolean bom;

  @Override
  public Integer call() throws Exception {
    // The CSV printer and Jackson close what they write to: they get a writer whose close only flushes.
    // The file is closed here; standard output is never closed.
    format = format == null ? (what.equals("incidents") ? "csv" : "json") : format.strip().toLowerCase(java.util.Locale.ROOT);
    if (what.equals("incidents") && !format.equals("csv")) throw ApiException.badRequest("format", "incidents export as csv");
    if (!List.of("all", "instruments", "actors", "relations", "incidents").contains(what))
      throw ApiException.badRequest("what", "one of all, instruments, actors, relations, incidents");
    if (!List.of("csv", "json", "graphml").contains(format)) throw ApiException.badRequest("format", "one of csv, json, graphml");
    if (bom && !format.equals("csv")) throw ApiException.badRequest("bom", "only for --format csv");
    store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    Writer file;
    try {
      // a half character stored before ingest dropped them is written as "?", as on standard output: the strict writer
      // of Files.newBufferedWriter had stopped the whole export at it
      file = out == null ? null : new java.io.BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw ApiException.badRequest("out", "cannot write '" + out + "': " + why(out, e));
    }
    try (Observatory obs = store.open(); Writer closeFile = file) {
      Writer w = new FilterWriter(file != null ? file : new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
        @Override
        public void close() throws IOException {
          flush();
        }
      };
      if (bom) w.write(org.aigov.observatory.kernel.Http.BOM);
      if (what.equals("incidents")) return ExportExtensions.incidents(obs, w);
      List<Entry> entries = switch (what) {
        case "all" -> obs.registry.listAll(null);
        case "instruments" -> obs.registry.listAll("instrument");
        case "actors" -> obs.registry.listAll("actor");
        case "relations" -> obs.registry.listAll("relation");
        default -> throw ApiException.badRequest("what", "one of all, instruments, actors, relations, incidents");
      };
      switch (format) {
        case "csv" -> Exports.csv(entries, w);
        case "json" -> Exports.json(entries, w);
        case "graphml" -> Exports.graphml(obs.registry, what, w);
        default -> throw ApiException.badRequest("format", "one of csv, json, graphml");
      }
      w.flush();
      if (out != null) System.err.println("wrote " + out);
      return 0;
    }
  }

  /** What stops a file being written, in words (a Java exception's class name had stood there). */
  static String why(Path out, IOException e) {
    if (out.toString().isBlank()) return "no file name";
    if (Files.isDirectory(out)) return "it is a folder; name a file in it";
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) return "its folder " + parent + " does not exist";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
