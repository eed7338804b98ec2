package org.aigov.observatory.incidents;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** "topics": the bilingual keyword topics incidents are counted by (Topics), as the store's operator. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Keyword topics in English and Chinese; changes take effect at the next clustering run.", // the list shows line 1
        "topics [list], topics show ID (with every change), topics add ID --name-en N [--name-zh N] --en 'a; b' [--zh '甲; 乙'],",
        "topics update ID [same options; others kept], topics delete ID."})
public final class TopicsCommand implements Callable<Integer> {
  /** The operator of the store: may change any topic, as an editor may. */
  static final Principal OPERATOR = new Principal("cli", "admin", null);

  @Mixin DataOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list, show, add, update or delete")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "the topic id (show, add, update, delete)")
  String id;

  @Option(names = "--name-en", description = "English name")
  String nameEn;

  @Option(names = "--name-zh", description = "Chinese name")
  String nameZh;

  @Option(names = "--en", description = "English terms, separated by ';' (any one matches)")
  String en;

  @Option(names = "--zh", description = "Chinese terms, separated by ';' (any one matches)")
  String zh;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    if (action.equals("list") || action.equals("show")) store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    // xml had printed the text list, exit 0 (outside QA)
    if (!format.equals("text") && !format.equals("json")) throw ApiException.badRequest(null, "--format: expected text or json, got '" + format + "'");
    try (Db db = store.openDb()) {
      switch (action) {
        case "list" -> {
          List<Topics.Topic> all = db.read(Topics::all);
          if (format.equals("json")) {
            System.out.println(Json.write(all.stream().map(Topics.Topic::json).toList()));
            break;
          }
          System.out.println(all.size() + " topic(s)");
          for (Topics.Topic t : all) System.out.println("  " + line(t));
        }
        case "show" -> {
          List<Map<String, Object>> h = db.read(c -> Topics.history(c, id()));
          Map<String, Object> t;
          try {
            t = db.read(c -> Topics.get(c, id()));
          } catch (ApiException e) {
            if (h.isEmpty()) throw e;
            t = null; // a deleted topic: its history stays, as in the API
          }
          if (format.equals("json")) {
            Map<String, Object> out = t != null ? t : new java.util.LinkedHashMap<>(Map.of("id", id(), "deleted", true));
            out.put("history", h);
            System.out.println(Json.write(out));
            break;
          }
          if (t == null) {
            System.out.println(id() + "  (deleted; its changes:)");
          } else {
            Map<String, String> name = (Map<String, String>) t.get("name");
            System.out.println(t.get("id") + "  " + name.get("en") + " / " + name.get("zh") + (Boolean.TRUE.equals(t.get("builtin")) ? "  (built in)" : ""));
            System.out.println("  English terms: " + String.join("; ", (List<String>) t.get("terms_en")));
            System.out.println("  Chinese terms: " + String.join("; ", (List<String>) t.get("terms_zh")));
          }
          for (Map<String, Object> c : h) {
            System.out.println("  " + c.get("changed_at") + "  " + c.get("action") + " by " + c.get("changed_by") + ": "
                + String.join("; ", (List<String>) c.get("terms_en")) + " | " + String.join("; ", (List<String>) c.get("terms_zh")));
          }
        }
        case "add" -> {
          Topics.Topic t = db.tx(c -> Topics.create(c, id(), nameEn, nameZh, RecordWriter.split(en), RecordWriter.split(zh), OPERATOR.id()));
          System.out.println("added " + line(t) + "; the next clustering run counts it");
          warn(t);
        }
        case "update" -> {
          Topics.Topic t = db.tx(c -> {
            Topics.Topic now = Topics.all(c).stream().filter(x -> x.id().equals(id())).findFirst().orElseThrow(() -> ApiException.notFound("topic " + id));
            return Topics.update(c, id(), nameEn != null ? nameEn : now.nameEn(), nameZh != null ? nameZh : now.nameZh(),
                en != null ? RecordWriter.split(en) : now.termsEn(), zh != null ? RecordWriter.split(zh) : now.termsZh(), OPERATOR);
          });
          System.out.println("changed " + line(t) + "; the next clustering run counts it");
          warn(t);
        }
        case "delete" -> {
          db.tx(c -> {
            Topics.delete(c, id(), OPERATOR);
            return null;
          });
          System.out.println("deleted topic " + id + " (its history is kept)");
        }
        default -> throw ApiException.badRequest("action", "expected list, show, add, update or delete, got '" + action + "'");
      }
      return 0;
    }
  }

  /** What the API answers as {@code warnings} beside a topic ("No Chinese term: …"), said here too (it was not; outside QA). */
  private static void warn(Topics.Topic t) {
    for (Map<String, String> n : Topics.notes(t)) System.err.println("warning: " + n.get("field") + ": " + n.get("en"));
  }

  private String id() {
    if (id == null || id.isBlank()) throw ApiException.badRequest("ID", action + " needs a topic id");
    return id.strip();
  }

  private static String line(Topics.Topic t) {
    return t.id() + "  " + t.nameEn() + (t.nameZh() == null ? "" : " / " + t.nameZh()) + "  [" + String.join("; ", t.termsEn())
        + (t.termsZh().isEmpty() ? "" : " | " + String.join("; ", t.termsZh())) + "]" + (t.builtin() ? "  (built in)" : "");
  }
}
