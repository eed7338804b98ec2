package org.aigov.observatory.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  static Map<String, Double> overrides(CompiledModel cm, String scenario, List<String> sets) {
    Map<String, Double> ov = new LinkedHashMap<>();
    if (scenario != null) {
      XmileModel.Scenario s = cm.source().scenario(scenario);
      if (s == null) throw new ModelException("scenario", "unknown scenario '" + scenario + "'; the model has: " + cm.source().scenarios.stream().map(x -> x.name).toList());
      ov.putAll(s.overrides);
    }
    if (sets != null) {
      for (String kv : sets) {
        int eq = kv.lastIndexOf('=');
        if (eq <= 0) throw new ModelException("--set", "--set expects name=value, got '" + kv + "'");
        String name = kv.substring(0, eq).trim();
        cm.slotsOf(name);
        try {
          ov.put(name, Double.parseDouble(kv.substring(eq + 1).trim()));
        } catch (NumberFormatException e) {
          throw new ModelException(name, "--set " + name + ": '" + kv.substring(eq + 1) + "' is not a number");
        }
      }
    }
    return ov;
  }

  static int fail(Exception e) {
    System.err.println("error: " + e.getMessage());
    return 2;
  }
}
