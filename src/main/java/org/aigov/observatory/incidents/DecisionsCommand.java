package org.aigov.observatory.incidents;

import java.util.ArrayList;
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

/**
 * "decisions": editors' merges and splits (Decisions) from the command line, as the store's operator. A command of its
 * own, not words after "incidents": those are a full-text query, where "merge" or "split" may well be searched for.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
    description = {"Editors' merges and splits of incidents, kept by every later clustering run.", // the list shows line 1
        "decisions [list], decisions merge ID OTHER_ID [--note N], decisions split INCIDENT_ID RECORD_ID... [--note N],",
        "decisions suggestions: pairs the last clustering run left apart that an editor may want to merge;",
        "decisions apart RECORD_ID OTHER_RECORD_ID [--note N]: two records in two incidents are different events."})
public final class DecisionsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list, merge, split, suggestions or apart")
  String action;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "merge: two incident ids; split: the incident id, then the record ids to move out; apart: two record ids")
  List<String> ids = List.of();

  @Option(names = "--note", description = "merge, split, apart: why")
  String note;

  @Option(names = "--limit", description = "list, suggestions: how many (newest or best first), 1 to 1000 (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Option(names = "--offset", description = "list: how many of the newest to pass over, to read a long history page by page (default ${DEFAULT-VALUE})")
  int offset = 0;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The options each action reads; any other given is refused by name, not ignored while the write goes ahead (outside QA). */
  private static final Map<String, List<String>> OPTIONS = Map.of("list", List.of("--limit", "--offset", "--format"),
      "suggestions", List.of("--limit", "--reason", "--incident", "--format"), "merge", List.of("--note", "--format"),
      "split", List.of("--note", "--format"), "apart", List.of("--note", "--format"));

  private void checkOptions() {
    List<String> own = OPTIONS.get(action);
    if (own == null) return; // an unknown action is said below
    for (String o : org.aigov.observatory.kernel.CliOptions.given(spec, List.of("--note", "--limit", "--offset", "--reason", "--incident", "--format")))
      if (!own.contains(o))
        throw ApiException.badRequest(null, o + ": not an option of decisions " + action + " (it takes " + (own.size() == 1 ? "only " : "") + String.join(", ", own) + ")");
    if (!format.equals("text") && !format.equals("json")) throw ApiException.badRequest(null, "--format: expected text or json, got '" + format + "'");
    if ((action.equals("list") || action.equals("suggestions")) && !ids.isEmpty())
      throw ApiException.badRequest(null, "decisions " + action + " takes no ids, got '" + String.join(" ", ids) + "'");
    if (offset < 0) throw ApiException.badRequest(null, "--offset: expected 0 or more, got " + offset);
  }

  @Option(names = "--reason", description = "suggestions: only those of this reason (near_threshold, refused_by_rule or same_monitor)")
  String reason;

  @Option(names = "--incident", description = "suggestions: only those with a record in this incident")
  Long incident;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  public Integer call() {
    // every action needs the store there already: a mistyped --data had made a new, empty one (a merge then said "incident 1 not found")
    store.requireStore();
    try {
      checkOptions();
    } catch (ApiException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    try (Db db = store.openDb()) {
      switch (action) {
        case "list" -> list(db);
        case "suggestions" -> suggestions(db);
        case "apart" -> {
          if (ids.size() != 2) throw ApiException.badRequest("ID", "apart needs two record ids, got " + ids.size());
          Map<String, Object> r = Decisions.keepApart(db, id(0, "record"), id(1, "record"), TopicsCommand.OPERATOR.id(), note);
          if (format.equals("json")) System.out.println(Json.write(r));
          else System.out.printf("records %s and %s are different events (decision %s%s): no clustering run will merge incidents %s and %s%n",
              ids.get(0).strip(), ids.get(1).strip(), r.get("decision_id"), r.containsKey("existing") ? ", taken before; nothing added" : "",
              r.get("incident_a"), r.get("incident_b"));
        }
        case "merge" -> {
          if (ids.size() != 2) throw ApiException.badRequest("ID", "merge needs two incident ids, got " + ids.size());
          long a = id(0, "incident"), b = id(1, "incident");
          Map<String, Object> r = Decisions.merge(db, a, b, TopicsCommand.OPERATOR.id(), note);
          if (format.equals("json")) System.out.println(Json.write(r));
          else {
            long survivor = (Long) r.get("incident_id");
            @SuppressWarnings("unchecked")
            List<Long> moved = (List<Long>) r.get("moved_records");
            System.out.printf("merged incidents %d and %d into incident %d (%s records; decision %s); clustering keeps them together%n",
                a, b, survivor, r.get("records"), r.get("decision_id"));
            // a newcomer's undo had named one record and left the rest of the merged incident in (outside QA)
            if (moved.size() <= 50)
              System.out.printf("to undo: decisions split %d %s%n", survivor, String.join(" ", moved.stream().map(String::valueOf).toList()));
            else System.out.printf("to undo: decisions split %d with the %d records incident %d brought (decisions merge --format json lists them as moved_records)%n",
                survivor, moved.size(), survivor == a ? b : a);
          }
        }
        case "split" -> {
          if (ids.size() < 2) throw ApiException.badRequest("ID", "split needs the incident id and at least one record id, got " + ids.size() + " id(s)");
          long incident = id(0, "incident");
          List<Long> records = new ArrayList<>();
          for (int i = 1; i < ids.size(); i++) records.add(id(i, "record"));
          Map<String, Object> r = Decisions.split(db, incident, records, TopicsCommand.OPERATOR.id(), note);
          if (format.equals("json")) System.out.println(Json.write(r));
          else {
            long moved = (Long) r.get("new_incident_id"), rest = (Long) r.get("incident_id");
            int n = new java.util.HashSet<>(records).size();
            // an incident is numbered by its first record: split that one out and its number goes with it (outside QA, 2026-12-07)
            if (moved == incident)
              System.out.printf("split %d record(s) out of incident %d; they keep number %d, since it is the number of their record %d"
                  + " (an incident takes the number of its first record), and the rest are now incident %d (decision %s); clustering keeps them apart%n",
                  n, incident, incident, incident, rest, r.get("decision_id"));
            else System.out.printf("split %d record(s) out of incident %d into incident %d; incident %d keeps the rest (decision %s); clustering keeps them apart%n",
                n, incident, moved, rest, r.get("decision_id"));
            keptByMerge(db, r);
          }
        }
        default -> throw ApiException.badRequest("action", "expected list, merge, split, suggestions or apart, got '" + action + "'");
      }
      return 0;
    } catch (ApiException e) {
      // the API's field names ("with", "records") mean nothing here (the messages name the ids); this command's options do
      String detail = e.field != null && e.getMessage().startsWith(e.field + ": ") ? e.getMessage().substring(e.field.length() + 2) : e.getMessage();
      System.err.println("error: " + ("note".equals(e.field) || "limit".equals(e.field) ? "--" + e.field + ": " : "") + detail);
      return 2;
    }
  }

  /**
   * A split moves only the records named. After "merge A B", "split A B" leaves the records that came with B in A, held
   * there by the merge and now by the split: list them, so the operator sees what stayed rather than finding out later.
   */
  @SuppressWarnings("unchecked")
  private static void keptByMerge(Db db, Map<String, Object> r) {
    List<Long> kept = (List<Long>) r.get("kept_by_merge");
    if (kept == null || kept.isEmpty()) return;
    long incident = (Long) r.get("incident_id");
    List<String> merges = new ArrayList<>();
    for (Object m : (List<Object>) r.get("merges_cut")) merges.add(String.valueOf(m));
    long moved = (Long) r.get("new_incident_id");
    System.out.printf("note: this split cut merge decision %s; these %d record(s) it had joined stay in incident %d, since a split moves only the"
        + " records named (any that belong with the records split out: decisions split %d ID…, then decisions merge %d NEW_ID):%n",
        String.join(", ", merges), kept.size(), incident, incident, moved);
    for (Map<String, Object> rec : IncidentQueries.records(db, incident))
      if (kept.contains((Long) rec.get("id")))
        System.out.printf("  %d  %s:%s  %s%n", (Long) rec.get("id"), rec.get("source"), rec.get("source_id"), IncidentsCommand.oneLine(rec.get("title")));
  }

  /** The first --limit rows {@code read} gives, or null once printed as JSON (--format json). */
  private List<Map<String, Object>> rows(java.util.function.IntFunction<List<Map<String, Object>>> read) {
    if (limit < 1 || limit > 1000) throw ApiException.badRequest("limit", "expected 1 to 1000, got " + limit);
    List<Map<String, Object>> all = read.apply(limit);
    if (!format.equals("json")) return all;
    System.out.println(Json.write(all));
    return null;
  }

  private void list(Db db) {
    List<Map<String, Object>> all = rows(n -> Decisions.list(db, n, offset));
    if (all == null) return;
    long total = ((Number) db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT COUNT(*) FROM incident_decisions"))).longValue();
    // said as a part of the whole when it is one (20 of 23 had read as a total)
    System.out.println(all.size() == total ? total + " decision(s), newest first"
        : all.size() + " of " + total + " decisions, newest first" + (all.isEmpty() ? "" : ", from the " + ordinal(offset + 1) + " newest")
            + (offset + all.size() < total ? "; --offset " + (offset + all.size()) + " for the next" : ""));
    for (Map<String, Object> d : all) {
      if (d.containsKey("part_of")) { // not an editor's merge: the link that holds a merge's or split's records together
        System.out.printf("  %s  %s  link kept for decision %s: record %s (%s) with record %s (%s)%s%n", d.get("id"), d.get("created_at"), d.get("part_of"),
            d.get("record_a"), where(d, "a"), d.get("record_b"), where(d, "b"), d.containsKey("superseded_by") ? "  [superseded by " + d.get("superseded_by") + "]" : "");
        continue;
      }
      String action = (String) d.get("action");
      System.out.printf("  %s  %s  %s by %s: record %s (%s) %s record %s (%s)%s%s%n", d.get("id"), d.get("created_at"),
          action.equals("apart") ? "different events" : action, d.get("editor"), d.get("record_a"), where(d, "a"),
          action.equals("merge") ? "with" : action.equals("apart") ? "and" : "apart from", d.get("record_b"), where(d, "b"),
          d.get("note") == null ? "" : "  \"" + d.get("note") + "\"", d.containsKey("superseded_by") ? "  [superseded by " + d.get("superseded_by") + "]" : "");
    }
  }

  /** "incident N", or why the record is in none (a rejected public report; a record the next clustering run places). */
  private static String where(Map<String, Object> d, String side) {
    Object inc = d.get("incident_" + side);
    if (inc != null) return "incident " + inc;
    Object why = d.get("outside_" + side);
    return "rejected".equals(why) ? "rejected report, in no incident" : "pending".equals(why) ? "report waiting for review, in no incident"
        : "in no incident until the next cluster run";
  }

  private static String ordinal(long n) {
    long t = n % 100;
    return n + (t >= 11 && t <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th");
  }

  @SuppressWarnings("unchecked")
  private void suggestions(Db db) {
    String only = MergeSuggestions.reason(reason, "--reason: ");
    // an incident that is not there is said, as merge says it, not answered with "0 suggested merge(s)"
    if (incident != null && db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT 1 FROM incident_members WHERE incident_id = ?", incident)) == null)
      throw IncidentQueries.notFound(db, incident);
    List<Map<String, Object>> all = rows(n -> MergeSuggestions.list(db, n, only, incident));
    if (all == null) return;
    System.out.println(all.size() + " suggested merge(s) from the last clustering run, best first (decisions merge INCIDENT OTHER_INCIDENT,"
        + " or decisions apart RECORD OTHER_RECORD)");
    for (Map<String, Object> s : all) {
      Map<String, Object> a = (Map<String, Object>) s.get("a"), b = (Map<String, Object>) s.get("b");
      System.out.printf("  %.3f  %s%n    incident %s  record %s  %s:%s  %s%n    incident %s  record %s  %s:%s  %s%n", (Double) s.get("score"),
          MergeSuggestions.describe((String) s.get("reason")),
          a.get("incident_id"), a.get("record_id"), a.get("source"), a.get("source_id"), IncidentsCommand.oneLine(a.get("title")),
          b.get("incident_id"), b.get("record_id"), b.get("source"), b.get("source_id"), IncidentsCommand.oneLine(b.get("title")));
    }
  }

  private long id(int i, String what) {
    try {
      return Long.parseLong(ids.get(i).strip());
    } catch (NumberFormatException e) {
      if (what.equals("incident")) throw ApiException.badRequest("ID", "expected an incident id (a number), got '" + ids.get(i) + "'");
      throw ApiException.badRequest("ID", "expected a record id (a number), got '" + ids.get(i) + "'");
    }
  }
}
