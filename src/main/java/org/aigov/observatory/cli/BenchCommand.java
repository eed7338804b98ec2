package org.aigov.observatory.cli;

import org.aigov.observatory.registry.SearchBench;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures.",
    subcommands = {SearchBench.class, org.aigov.observatory.log.LogBench.class, org.aigov.observatory.rules.RulesBench.class,
        org.aigov.observatory.scenarios.ScenariosBench.class, org.aigov.observatory.analysis.AnalysisBench.class,
        org.aigov.observatory.filings.FilingsBench.class, org.aigov.observatory.incidents.IncidentsBench.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
