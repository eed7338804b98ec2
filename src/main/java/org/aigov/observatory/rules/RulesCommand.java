package org.aigov.observatory.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code observatory rules ...}: list rule sets, export rules or crosswalk as CSV, query the crosswalk. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = {"Rule sets and crosswalk (rules as versioned data).", "规则集与对照表（以版本化数据保存的规则）。"},
    subcommands = {RulesCommand.Sets.class, RulesCommand.Export.class, RulesCommand.Crosswalk.class, RulesCommand.Validate.class, RulesCommand.Schema.class})
public class RulesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.out);
    return 0;
  }

  @Command(name = "sets", mixinStandardHelpOptions = true, description = "List the loaded rule sets as JSON.")
  static class Sets implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(Json.pretty(new RulesApi(RuleBase.standard()).sets()));
      return 0;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Export the obligations of all rule sets, or the crosswalk, as CSV.")
  static class Export implements Callable<Integer> {
    @Option(names = "--what", required = true, description = "rules | crosswalk")
    String what;

    @Option(names = "--out", description = "output CSV file (default: standard output)")
    Path out;

    @Option(names = "--bom", description = "CSV: begin with UTF-8's byte-order mark, so Excel opened by double-click reads Chinese right.")
    boolean bom;

    @Override
    public Integer call() throws Exception {
      RulesApi api = new RulesApi(RuleBase.standard());
      String csv = switch (what) {
        case "rules" -> api.rulesCsv();
        case "crosswalk" -> api.crosswalkCsv(null, null);
        default -> null;
      };
      if (csv == null) {
        System.err.println("error: --what must be rules or crosswalk, got '" + what + "'");
        return 2;
      }
      if (bom) csv = org.aigov.observatory.kernel.Http.BOM + csv;
      if (out == null) System.out.print(csv);
      else {
        try {
          Files.writeString(out, csv);
        } catch (java.io.IOException e) { // a folder that is not there: one line and exit 2, not a stack trace and 1 (outside QA)
          System.err.println("error: --out: " + ApiException.io("--out", e).getMessage().replaceFirst("^--out: ", ""));
          return 2;
        }
        System.err.println("wrote " + out + " (" + (csv.lines().count() - 1) + " rows)");
      }
      return 0;
    }
  }

  @Command(name = "crosswalk", mixinStandardHelpOptions = true,
      description = "Links from one regime to another, and the duties of --from that --to does not cover.")
  static class Crosswalk implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "EU | CN | US | ISO")
    String from;

    @Option(names = "--to", required = true, description = "EU | CN | US | ISO")
    String to;

    @Option(names = "--format", description = "json (default) or csv")
    String format = "json";

    @Option(names = "--profile", description = "profile JSON: list which of its --from duties also count towards --to")
    Path profile;

    @Option(names = "--on", paramLabel = "YYYY-MM-DD", description = "date for --profile (default: today, UTC)")
    String on;

    @Option(names = "--bom", description = "CSV: begin with UTF-8's byte-order mark, so Excel opened by double-click reads Chinese right.")
    boolean bom;

    @Override
    public Integer call() throws Exception {
      RulesApi api = new RulesApi(RuleBase.standard());
      try {
        String[] pair = api.pair(from, to, "--from", "--to");
        String f = pair[0], t = pair[1];
        RulesApi.format(format, "--format");
        if (profile != null && format.equals("csv")) throw ApiException.badRequest("--format", "csv lists the crosswalk; with --profile the answer is JSON");
        if (profile != null) System.out.println(Json.pretty(api.myDuties(RulesApi.readProfile(profile, "--profile"), RulesApi.parseOn(on), f, t)));
        else if (format.equals("csv")) System.out.print((bom ? org.aigov.observatory.kernel.Http.BOM : "") + api.crosswalkCsv(f, t));
        else System.out.println(Json.pretty(api.crosswalk(f, t)));
        return 0;
      } catch (ApiException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the JSON Schema of the input profile.")
  static class Schema implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(Json.pretty(new RulesApi(RuleBase.standard()).profileJsonSchema()));
      return 0;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Load and validate every rule file; report the first refusal.")
  static class Validate implements Callable<Integer> {
    @Override
    public Integer call() {
      try {
        RuleBase rb = RuleBase.standard();
        System.out.println("ok: " + rb.ruleSets().size() + " rule sets, " + rb.obligations().size() + " obligations, "
            + rb.links().size() + " crosswalk links");
        return 0;
      } catch (RuleLoadException e) {
        System.err.println("refused: " + e.getMessage());
        return 1;
      }
    }
  }
}
