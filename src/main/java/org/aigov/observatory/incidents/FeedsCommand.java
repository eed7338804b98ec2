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
    description = "Feeds the monitor polls: feeds [list], feeds add URL [--name N] [--every SECONDS], feeds remove ID, feeds poll ID")
public final class FeedsCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list, add, remove or poll")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "the feed URL (add) or id (remove, poll)")
  String arg;

  @Option(names = "--name", description = "a name for the feed (add)")
  String name;

  @Option(names = "--every", description = "poll interval in seconds, " + Feeds.MIN_INTERVAL + " to " + Feeds.MAX_INTERVAL + " (default ${DEFAULT-VALUE})")
  int every = Feeds.DEFAULT_INTERVAL;

  @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})")
  String format = "text";

  @Override
  public Integer call() {
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
        default -> throw ApiException.badRequest("action", "expected list, add, remove or poll, got '" + action + "'");
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

  private void print(List<Map<String, Object>> feeds) {
    if (format.equals("json")) {
      System.out.println(Json.write(feeds));
      return;
    }
    if (feeds.isEmpty()) System.out.println("no feeds; add one with: ./observatory feeds add https://example.org/rss.xml");
    for (Map<String, Object> f : feeds) {
      System.out.printf("%d  %s  %s  every %ss  %s  last: %s%s  items added: %s  next: %s%n", (Long) f.get("id"), f.get("name"), f.get("url"),
          f.get("interval_seconds"), Boolean.TRUE.equals(f.get("active")) ? "active" : "removed",
          f.get("last_status") == null ? "never polled" : f.get("last_status") + " at " + f.get("last_polled_at"),
          f.get("last_error") == null ? "" : " (" + f.get("last_error") + ")", f.get("items_added"), f.get("next_poll_at"));
    }
  }
}
