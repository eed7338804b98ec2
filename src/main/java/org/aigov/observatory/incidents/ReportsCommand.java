package org.aigov.observatory.incidents;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** "reports": the editors' queue of incident reports waiting for review (PublicReports). */
@Command(name = "reports", mixinStandardHelpOptions = true,
    description = "Incident reports waiting for an editor (anonymous, or from accounts other than editors): reports [pending], reports accept ID [--note N], reports reject ID [--note N]")
public final class ReportsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "pending", description = "pending, accept or reject")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "the record id (accept, reject)")
  String arg;

  @Option(names = "--note", description = "why (accept, reject)")
  String note;

  @Option(names = "--limit", description = "pending: how many, oldest first, 1 to 500 (default ${DEFAULT-VALUE})")
  int limit = 50;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    if (action.equals("pending")) store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Db db = store.openDb()) {
      switch (action) {
        case "pending" -> {
          Map<String, Object> page = PublicReports.pending(db, limit);
          if (format.equals("json")) {
            System.out.println(Json.write(page));
            break;
          }
          System.out.println(page.get("total") + " report(s) waiting for review");
          for (Map<String, Object> r : (List<Map<String, Object>>) page.get("items")) {
            System.out.printf("  %s  %s  %s  %s  %s%n", r.get("id"), r.get("date") == null ? "undated" : r.get("date"),
                r.get("submitted_by") == null ? "anonymous" : "from " + r.get("submitted_by"), IncidentsCommand.oneLine(r.get("title")), r.get("url") == null ? "" : r.get("url"));
            // what accepting publishes, beyond title and link
            List<String> given = new java.util.ArrayList<>();
            for (String f : List.of("deployers", "developers", "systems", "countries", "sectors", "harm_types", "authors"))
              if (r.get(f) != null) given.add(f + ": " + IncidentsCommand.oneLine(r.get(f)));
            if (!given.isEmpty()) System.out.println("      " + String.join(" · ", given));
          }
        }
        case "accept", "reject" -> {
          Map<String, Object> r = PublicReports.review(db, id(), action, note, "cli");
          System.out.println("report " + r.get("id") + " " + r.get("review_status") + "; "
              + (action.equals("accept") ? "the next clustering run merges and counts it" : "it is out of its incident and of every count"));
        }
        default -> throw ApiException.badRequest("action", "expected pending, accept or reject, got '" + action + "'");
      }
      return 0;
    }
  }

  private long id() {
    try {
      return Long.parseLong(arg == null ? "" : arg.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("ID", action + " needs a record id, got '" + arg + "'");
    }
  }
}
