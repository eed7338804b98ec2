package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;

/** Every command that touches stored data takes the same --data option, declared once in the kernel. */
class DataOptionTest {
  static final Set<String> STORE_COMMANDS = Set.of("serve", "import", "export", "search", "show", "history", "reindex",
      "verify store", "ingest", "cluster", "trends", "alerts", "feeds", "monitor", "reports", "topics", "incidents", "analyze", "report", "filings list", "filings show",
      "filings submit", "filings review", "filings party-add", "filings account-add");

  @Test
  void storeCommandsShareOneDataOption() {
    List<String> found = new ArrayList<>();
    walk(Main.commandLine(), "", found);
    String expected = new CommandLine(new Holder()).getCommandSpec().findOption("--data").description()[0];
    for (String name : STORE_COMMANDS) {
      CommandLine cl = find(Main.commandLine(), name);
      assertNotNull(cl, name);
      var opt = cl.getCommandSpec().findOption("--data");
      assertNotNull(opt, name + " has no --data");
      assertEquals(expected, opt.description()[0], name + " declares its own --data");
      assertNotNull(cl.getCommandSpec().findOption("--jdbc-url"), name + " has no --jdbc-url");
    }
    assertTrue(found.containsAll(STORE_COMMANDS), "commands missing from the tree: " + found);
  }

  /** README: every command has --help; and -V, offered on each, prints the version (it printed nothing). */
  @Test
  void everyCommandHasHelpAndItsVersionOptionPrintsTheVersion() {
    List<String> found = new ArrayList<>();
    walk(Main.commandLine(), "", found);
    for (String name : found) {
      if (name.equals("help")) continue; // picocli's own help command
      CommandLine cl = find(Main.commandLine(), name);
      assertTrue(cl.getCommandSpec().options().stream().anyMatch(o -> o.usageHelp()), name + " has no --help");
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      CommandLine root = Main.commandLine(); // picocli runs a subcommand only from its root
      root.setOut(new java.io.PrintWriter(out));
      root.setErr(new java.io.PrintWriter(err));
      List<String> args = new ArrayList<>(List.of(name.split(" ")));
      args.add("--help");
      assertEquals(0, root.execute(args.toArray(new String[0])), name + " --help: " + err);
      assertTrue(out.toString().startsWith("Usage: "), name + ": " + out);
      if (cl.getCommandSpec().options().stream().anyMatch(o -> o.versionHelp()))
        assertTrue(cl.getCommandSpec().version().length > 0 && cl.getCommandSpec().version()[0].startsWith("observatory "), name);
    }
  }

  /** The command list shows each command's first description line alone, so that line must be whole (ingest's stopped at "known by"). */
  @Test
  void theCommandListShowsEachCommandsWholeFirstSentence() {
    List<String> found = new ArrayList<>();
    walk(Main.commandLine(), "", found);
    for (String name : found) {
      String[] d = find(Main.commandLine(), name).getCommandSpec().usageMessage().description();
      if (d.length < 2) continue; // one line: shown whole, wrapped
      String first = d[0].strip();
      assertTrue(first.endsWith(".") || first.endsWith("。") || first.endsWith(")"), name + ": the list would show \"" + first + "\"");
      assertEquals(first.chars().filter(c -> c == '(').count(), first.chars().filter(c -> c == ')').count(), name + ": " + first);
    }
  }

  /** A command that only reads, given a folder with no store, says so and exits 2; it had answered from a new, empty store it created. */
  @Test
  void aReadOnlyCommandOnAFolderWithNoStoreSaysSoAndCreatesNone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    String dir = tmp.resolve("typo").toAbsolutePath().normalize().toString();
    java.nio.file.Files.createDirectories(tmp.resolve("typo"));
    String[][] reads = {{"show", "eu_ai_act"}, {"search", "AI"}, {"history", "eu_ai_act"}, {"export", "--format", "json"}, {"incidents", "robot"},
        {"trends"}, {"alerts", "--list"}, {"topics"}, {"topics", "show", "military"}, {"feeds"}, {"feeds", "items", "1"}, {"reports"},
        {"decisions"}, {"filings", "list"}, {"filings", "show", "f1"}, {"verify", "store"}};
    for (String[] r : reads) {
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream e = System.err;
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      int rc;
      try {
        CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(System.err, true));
        List<String> args = new ArrayList<>(List.of(r));
        args.add("--data");
        args.add(dir);
        rc = cl.execute(args.toArray(new String[0]));
      } finally {
        System.setErr(e);
      }
      String said = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
      assertEquals(2, rc, String.join(" ", r) + ": " + said);
      assertTrue(said.startsWith("error: --data: no store at " + dir + ": "), String.join(" ", r) + ": " + said);
      try (var files = java.nio.file.Files.list(tmp.resolve("typo"))) {
        assertEquals(List.of(), files.toList(), String.join(" ", r) + " created files");
      }
    }
  }

  @CommandLine.Command(name = "holder")
  static class Holder {
    @CommandLine.Mixin org.aigov.observatory.kernel.DataOptions store;
  }

  private static void walk(CommandLine cl, String prefix, List<String> out) {
    cl.getSubcommands().forEach((name, sub) -> {
      String full = prefix.isEmpty() ? name : prefix + " " + name;
      out.add(full);
      walk(sub, full, out);
    });
  }

  private static CommandLine find(CommandLine root, String path) {
    CommandLine cl = root;
    for (String part : path.split(" ")) {
      cl = cl.getSubcommands().get(part);
      if (cl == null) return null;
    }
    return cl;
  }
}
