package org.aigov.observatory.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./observatory}: one subcommand per capability. */
@Command(name = "observatory", mixinStandardHelpOptions = true, version = "observatory 0.1.0",
    description = "AI Governance Observatory: registry, transparency log, incidents, rules, scenarios, analysis, filings.",
    subcommands = {ServeCommand.class, ImportCommand.class, ExportCommand.class, SearchCommand.class, ShowCommand.class,
        HistoryCommand.class, ReindexCommand.class, AdminTokenCommand.class, org.aigov.observatory.log.VerifyCommand.class,
        org.aigov.observatory.incidents.IngestCommand.class, org.aigov.observatory.incidents.ClusterCommand.class,
        org.aigov.observatory.incidents.TrendsCommand.class, org.aigov.observatory.incidents.AlertsCommand.class,
        org.aigov.observatory.incidents.FeedsCommand.class, org.aigov.observatory.incidents.MonitorCommand.class,
        org.aigov.observatory.incidents.ReportsCommand.class, org.aigov.observatory.incidents.TopicsCommand.class,
        org.aigov.observatory.incidents.IncidentsCommand.class, org.aigov.observatory.incidents.DecisionsCommand.class,
        org.aigov.observatory.incidents.EvalCommand.class, org.aigov.observatory.rules.ClassifyCommand.class, org.aigov.observatory.rules.RulesCommand.class,
        org.aigov.observatory.scenarios.SimulateCommand.class, org.aigov.observatory.scenarios.SweepCommand.class,
        org.aigov.observatory.scenarios.SensitivityCommand.class, org.aigov.observatory.analysis.AnalyzeCommand.class,
        org.aigov.observatory.analysis.ReportCommand.class, org.aigov.observatory.filings.FilingsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // the incident commands store alerts with their explanations: they name countries by the store's registry
    java.util.function.Function<org.aigov.observatory.kernel.Db, org.aigov.observatory.incidents.FacetLabels.Names> names =
        db -> new org.aigov.observatory.registry.Registry(db, null, null)::countryNames;
    if (cl.getSubcommands().get("alerts").getCommand() instanceof org.aigov.observatory.incidents.AlertsCommand a) a.names(names);
    if (cl.getSubcommands().get("monitor").getCommand() instanceof org.aigov.observatory.incidents.MonitorCommand m) m.names(names);
    if (cl.getSubcommands().get("trends").getCommand() instanceof org.aigov.observatory.incidents.TrendsCommand t) t.names(names);
    // verify store also checks each published filing against the record that logged it
    if (cl.getSubcommands().get("verify").getSubcommands().get("store").getCommand() instanceof org.aigov.observatory.log.VerifyCommand.StoreCmd s)
      s.checks(java.util.List.of(new org.aigov.observatory.kernel.StoreCheck("filings",
          db -> org.aigov.observatory.filings.Commitment.audit(db, new org.aigov.observatory.registry.Registry(db, null, null)))));
    versions(cl, cl.getCommandSpec().version());
    // a usage mistake in one line and where to read more, as the commands' own checks say it: some had printed the whole
    // 30-40 line help after the error (outside QA, 2026-12-07)
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
      String name = c.getCommandSpec().qualifiedName(); // a command's own check builds a CommandLine of its own, without the root
      c.getErr().println("see: " + (name.startsWith("observatory") ? name : "observatory " + name) + " --help");
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof org.aigov.observatory.kernel.ApiException ae) {
        cmd.getErr().println("error: " + ae.cliMessage());
        return 2;
      }
      if (ex instanceof org.aigov.observatory.kernel.Db.Unavailable u) {
        cmd.getErr().println("error: " + u.getMessage());
        return 1;
      }
      if (storeClosedUnder(ex)) {
        cmd.getErr().println("error: " + STORE_CLOSED);
        return 1;
      }
      String schema = schemaMismatch(ex);
      if (schema != null) { // a store another build migrated: one line, not Flyway's stack trace
        cmd.getErr().println("error: cannot open the store: its schema does not match this build's migrations (" + schema + ")");
        return 1;
      }
      if (STOPPING.get()) { // the store was closed under the command by a signal: say so in a line, not a stack trace
        org.aigov.observatory.kernel.Signals.sayStopped(); // once: an ingest's shutdown hook may have said it already
        return 130;
      }
      throw ex;
    });
    return cl;
  }

  /**
   * What a Flyway failure in {@code ex}'s causes says went wrong (its first line after "Validate failed: …", such as
   * "Migration checksum mismatch for migration version 4.27"), or null when there is none.
   */
  static String schemaMismatch(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!(t instanceof org.flywaydb.core.api.FlywayException f)) continue;
      java.util.List<String> lines = String.valueOf(f.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("->")).toList();
      return lines.isEmpty() ? "Flyway" : lines.get(lines.size() > 1 && lines.get(0).startsWith("Validate failed") ? 1 : 0);
    }
    return null;
  }

  static final String STORE_CLOSED = "the embedded store was closed under this command by the process that had opened it first"
      + " (a server or command that has since ended); its transaction was rolled back: run the command again";

  /**
   * H2's mixed mode: a command that opened the store while another process had it talks to that process, and when that
   * one ends the connection breaks ("session closed", "Database is already closed"). Outside QA saw a stack trace for it.
   */
  static boolean storeClosedUnder(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause())
      if (t.getMessage() != null && t.getMessage().matches("(?is).*(session closed|database is already closed|connection is broken).*")) return true;
    return false;
  }

  /** Set once the JVM begins to shut down (SIGTERM, Ctrl-C), when the embedded store closes under a running command. */
  static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STOPPING.set(true), "stopping-flag"));
  }

  /** Every subcommand's -V prints the product's version (it printed nothing). */
  private static void versions(CommandLine cl, String[] version) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(version);
      versions(sub, version);
    }
  }

  // JUL holds loggers weakly: these references keep the levels set below alive.
  private static final java.util.logging.Logger LUCENE = java.util.logging.Logger.getLogger("org.apache.lucene");
  private static final java.util.logging.Logger LUCENE_VECTORS = java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  /**
   * Lucene's start-up notes go to stderr on every command (the MemorySegment index input, and on Java 23+ "please
   * update Apache Lucene", which a user cannot act on: Lucene 10 needs Java 21 to build). Warnings about the index stay.
   */
  static void quietLibraryNotes() {
    LUCENE.setLevel(java.util.logging.Level.WARNING);
    LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
  }

  public static void main(String[] args) {
    TerminalSafe.install();
    quietLibraryNotes();
    int code = commandLine().execute(args);
    if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) System.exit(code);
  }
}
