package org.aigov.observatory.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;

/** Shared helpers for the picocli commands. */
final class CliSupport {
  private CliSupport() {}

  /** A path to an .xmile file, or the id of a bundled model. */
  static XmileModel load(String model) {
    Path p = Path.of(model);
    if (Files.exists(p)) return XmileReader.read(p);
    if (ScenarioStore.BUNDLED.containsKey(model)) return XmileReader.parse(ScenarioStore.bundledXmile(model));
    throw new ModelException("model", "no such file or bundled model: " + model + " (bundled: " + String.join(", ", ScenarioStore.BUNDLED.keySet()) + ")");
  }

  /** The bundled model a command names (its declared ranges apply), or null for an .xmile file. */
  static String bundledId(String model) {
    return !Files.exists(Path.of(model)) && ScenarioStore.BUNDLED.containsKey(model) ? model : null;
  }

  /** Scenario then --set overrides, each value checked as the API checks it (finite, within a bundled model's range). */
  static Map<String, Double> overrides(CompiledModel cm, String bundledId, String scenario, List<String> sets) {
    Map<String, Double> ov = new LinkedHashMap<>();
    if (scenario != null) {
      XmileModel.Scenario s = cm.source().scenario(scenario);
      if (s == null) throw ApiException.badRequest("--scenario", "unknown scenario '" + scenario + "'; the model has: " + cm.source().scenarios.stream().map(x -> x.name).toList());
      ov.putAll(s.overrides);
    }
    if (sets != null) {
      for (String kv : sets) {
        int eq = kv.lastIndexOf('=');
        if (eq <= 0) throw ApiException.badRequest("--set", "expected name=value, got '" + kv + "'");
        String name = kv.substring(0, eq).trim();
        variable(cm, name, "--set");
        double v;
        try {
          v = Double.parseDouble(kv.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("--set", "value of '" + name + "' is not a number");
        }
        Checks.value(bundledId, name, v, "--set");
        ov.put(name, v);
      }
    }
    return ov;
  }

  /** A variable of the model; an unknown one is refused on the option that named it. */
  static void variable(CompiledModel cm, String name, String option) {
    try {
      cm.slotsOf(name);
    } catch (ApiException unknown) {
      throw ApiException.badRequest(option, unknown.getMessage());
    }
  }

  static int fail(Exception e) {
    // a file that cannot be written or read says which and why ("error: /x/y.csv" said neither)
    if (e instanceof java.nio.file.FileSystemException fs) {
      System.err.println("error: " + ApiException.io(null, fs).getMessage());
      return 2;
    }
    System.err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString())); // "error: null" told nothing
    return 2;
  }

  /** A chart file is PNG or SVG by its extension; any other is refused before anything runs (c.gif was written as PNG). */
  static void chartFile(java.nio.file.Path chart) {
    if (chart == null) return;
    String n = chart.getFileName() == null ? "" : chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!n.endsWith(".png") && !n.endsWith(".svg")) throw ApiException.badRequest("--chart", "name a .png or .svg file, got '" + chart + "'");
  }

  static void writeChart(java.nio.file.Path chart, org.jfree.chart.JFreeChart ch) throws java.io.IOException {
    if (chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) java.nio.file.Files.writeString(chart, Charts.svg(ch, 900, 500));
    else java.nio.file.Files.write(chart, Charts.png(ch, 900, 500));
  }
}
