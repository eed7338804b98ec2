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

/** "feeds": the RSS/Atom feeds the monitor polls (a running server, or the "monitor" command). */
@Command(name = "feeds", mixinStandardHelpOptions = true,
    description = "Feeds the monitor polls: feeds [list], feeds add URL [--name N] [--every SECONDS], feeds remove ID, feeds poll ID,"
        + " feeds items ID [--limit N] (the reports a feed added)")
public final class FeedsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list, add, remove, poll or items")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "the feed URL (add) or id (remove, poll, items)")
  String arg;

  @Option(names = "--name", description = "a name for the feed (add)")
  String name;

  @Option(names = "--every", description = "poll interval in seconds, " + Feeds.MIN_INTERVAL + " to " + Feeds.MAX_INTERVAL
      + " (a new feed: " + Feeds.DEFAULT_INTERVAL + " unless given; a known one keeps its own)")
  Integer every;

  @Option(names = "--limit", description = "items: how many, newest first, 1 to 200 (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  public Integer call() {
    if (action.equals("list") && arg != null) // "feeds list extra" had listed and ignored the word
      throw ApiException.badRequest("list", "takes no argument, got '" + arg + "'");
    if (action.equals("list") || action.equals("items")) store.requireStore(); // only reads: a mistyped --data must not answer from a new, empty store
    try (Db db = store.openDb()) {
      switch (action) {
        case "list" -> print(Feeds.list(db));
        case "add" -> print(List.of(Feeds.add(db, need("URL"), name, every, "cli")));
        case "remove" -> {
          Feeds.deactivate(db, id());
          System.out.println("feed " + arg + " is no longer polled (its items stay)");
        }
        case "poll" -> {
          Feeds.pollSoon(db, id());
          System.out.println("feed " + arg + " is due: the monitor polls it at its next round");
        }
        case "items" -> printItems(Feeds.items(db, id(), limit));
        default -> throw ApiException.badRequest("action", "expected list, add, remove, poll or items, got '" + action + "'");
      }
      return 0;
    }
  }

  private String need(String what) {
    if (arg == null || arg.isBlank()) throw ApiException.badRequest(what, action + " needs " + what);
    return arg;
  }

  private long id() {
    try {
      return Long.parseLong(need("ID").strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("ID", "expected a feed id, got '" + arg + "'");
    }
  }

  @SuppressWarnings("unchecked")
  private void printItems(Map<String, Object> page) {
    if (format.equals("json")) {
      System.out.println(Json.write(page));
      return;
    }
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    System.out.printf("feed %s added %s report(s)%s%n", page.get("feed_id"), page.get("total"), items.isEmpty() ? "" : "; newest first:");
    for (Map<String, Object> r : items) {
      System.out.printf("  record %s  %s  %s  %s  incident %s%n", r.get("id"), r.get("date") == null ? "undated" : r.get("date"), r.get("title"),
          r.get("url") == null ? "" : r.get("url"), r.get("incident_id") == null ? "not clustered yet" : r.get("incident_id"));
    }
  }

  private void print(List<Map<String, Object>> feeds) {
    if (format.equals("json")) {
      System.out.println(Json.write(feeds));
      return;
    }
    if (feeds.isEmpty()) System.out.println("no feeds; add one with: ./observatory feeds add https://example.org/rss.xml");
    for (Map<String, Object> f : feeds) {
      if ("updated".equals(f.get("outcome"))) System.out.println("this URL was a feed already: its settings given here are updated, the rest kept");
      System.out.printf("%d  %s  %s  every %ss  %s  last: %s%s  items added: %s  next: %s%n", (Long) f.get("id"), f.get("name"), f.get("url"),
          f.get("interval_seconds"), Boolean.TRUE.equals(f.get("active")) ? "active" : "removed",
          f.get("last_status") == null ? "never polled" : f.get("last_status") + " at " + f.get("last_polled_at"),
          f.get("last_error") == null ? "" : " (" + f.get("last_error") + ")", f.get("items_added"), f.get("next_poll_at"));
      if (f.get("next_page") != null)
        System.out.println("    catching up: the next round reads its older page " + f.get("next_page") + "; its own URL next at " + f.get("head_poll_at"));
    }
  }
}
