package org.aigov.observatory.incidents;

import org.aigov.observatory.kernel.DataOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** "ingest <format> <path>": aiid (snapshot folder or archive, or one incidents.csv / reports.csv), aiaaic, jsonl, feed (file or http(s) URL). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest incident reports: aiid, aiaaic, jsonl or feed. Idempotent; resumes an interrupted run.", // the list shows line 1
        "aiid: a snapshot folder or download (.tar.bz2, .tbz2, .tar.gz, .tgz, .tar or .zip), or one incidents.csv or reports.csv, known by its header;",
        "aiaaic: the repository CSV; jsonl: one report per line; feed: an RSS 2.0/Atom file or http(s) URL."})
public final class IngestCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "aiid | aiaaic | jsonl | feed")
  String format;

  @Parameters(index = "1", description = "file, folder or URL")
  String path;

  @Mixin DataOptions store;

  @Option(names = "--restart", description = "ignore a saved checkpoint and read from the start")
  boolean restart;

  @Option(names = "--no-cluster", description = "do not re-cluster after ingest")
  boolean noCluster;

  @Option(names = "--strict", description = "exit with status 1 when any row or item was rejected (by default a completed ingest exits 0"
      + " and lists the rejected rows; 2 means the input could not be read at all)")
  boolean strict;

  @Option(names = "--allow-older", description = "let an AIID snapshot older than the store's data change stored records (by default it"
      + " only adds what the store lacks)")
  boolean allowOlder;

  @Option(names = "--max-feed-bytes", description = "size cap for feeds (default ${DEFAULT-VALUE})")
  long maxFeedBytes = 20L << 20;

  @Option(names = "--timeout", description = "feed fetch timeout in seconds (default ${DEFAULT-VALUE})")
  int timeout = 30;

  @Option(names = "--pages", description = "feed at an http(s) URL: read this many pages at most, following each page's"
      + " <link rel=\"next\"> (RFC 5005) on the same site (default 1: the document given only)")
  Integer pagesOption;

  static final int MAX_PAGES = 100_000;

  /** What a failure at a later page of a paged feed leaves: the pages before it. */
  private String pagesBefore(int page) {
    return page > 1 ? " (page " + page + "; the " + (page - 1) + " page(s) before it are stored)" : "";
  }

  /** A run that lost the race for one record's key to another writer (a report posted through the API meanwhile). */
  static final String RACED = "another writer stored one of these records at the same moment; what was committed stays,"
      + " run the same command again to resume";

  @Override
  public Integer call() throws Exception {
    // a signal may halt the JVM before the run hears of it: the hook says it stopped (exit 130 had come without a word)
    return org.aigov.observatory.kernel.Signals.sayingStopped(this::ingest);
  }

  private Integer ingest() throws Exception {
    if (!Ingest.FORMATS.contains(format)) {
      System.err.println("error: unknown format '" + format + "'; expected one of " + Ingest.FORMATS);
      return 2;
    }
    if (maxFeedBytes < 1 || timeout < 1) { // 0 would refuse every feed, or wait for none, with an error about the feed
      System.err.println("error: " + (maxFeedBytes < 1 ? "--max-feed-bytes: expected at least 1, found " + maxFeedBytes
          : "--timeout: expected at least 1 second, found " + timeout));
      return 2;
    }
    int pages = pagesOption == null ? 1 : pagesOption;
    if (pages < 1 || pages > MAX_PAGES) {
      System.err.println("error: --pages: expected 1 to " + MAX_PAGES + ", found " + pages);
      return 2;
    }
    boolean paging = pagesOption != null; // said, even as 1: the pages are reported
    if (paging && !("feed".equals(format) && (path.startsWith("http://") || path.startsWith("https://")))) {
      System.err.println("error: --pages: follows the next pages of a feed at an http(s) URL; " + path + " is not one"
          + ("feed".equals(format) ? "" : " (format " + format + ")"));
      return 2;
    }
    try (Db db = store.openDb()) {
      Ingest in = new Ingest(db, Classifier.bundled(), new Progress("ingest " + format, 0, System.err)).restart(restart);
      if (store.jdbcUrl == null) in.extractRoot = store.dataDir().resolve("snapshots");
      in.allowOlder = allowOlder;
      in.fetcher.maxBytes = maxFeedBytes;
      in.fetcher.requestTimeout = java.time.Duration.ofSeconds(timeout);
      in.onLockWait = holder -> System.err.println("note: waiting up to " + in.lockWait.toSeconds() + " s for another ingest into this store to finish"
          + (holder == null ? "" : " (" + holder + ")"));
      Ingest.Report r = new Ingest.Report();
      String target = path;
      int page = 0;
      try {
        // a paged feed: page after page, each stored when read, so a run stopped midway keeps the pages before and says
        // where to go on from
        for (java.util.Set<String> seen = new java.util.HashSet<>(); ; ) {
          seen.add(target);
          page++;
          if (paging) System.err.println("page " + page + ": " + FeedSource.withoutCredentials(target));
          in.pageOfSite = page > 1 ? path : null; // a later page's redirects stay on the feed's site, as its links do
          Ingest.Report got = in.run(format, target);
          if (page == 1) r = got;
          else r.add(got);
          String why = !paging || got.nothingRead() ? null : Feeds.notFollowed(path, got, seen);
          if (got.nothingRead() || page >= pages || got.nextPage == null || why != null) {
            if (page > 1 && got.nothingRead()) { // a later page that is not a feed: the pages before it are stored
              System.err.println("error: nothing in page " + page + " (" + FeedSource.withoutCredentials(target) + ") could be read as a feed;"
                  + " the " + (page - 1) + " page(s) before it are stored");
              System.out.println(r);
              r.messages.forEach(m -> System.out.println("  " + m));
              return 2;
            }
            if (why != null) System.err.println("note: page " + page + ": " + why);
            else if (paging && page >= pages && got.nextPage != null)
              System.err.println("note: stopped at --pages " + pages + "; the next page is " + FeedSource.withoutCredentials(got.nextPage));
            break;
          }
          target = got.nextPage;
        }
        if (paging) System.err.println(page + " page(s) read");
      } catch (IngestLock.Busy e) { // before anything was read: the other run's outcome is untouched
        System.err.println("error: " + e.getMessage() + pagesBefore(page));
        return 1;
      } catch (IllegalArgumentException | java.io.IOException e) {
        System.err.println("error: " + e.getMessage() + pagesBefore(page));
        return 2;
      } catch (Db.StoreException e) {
        if (org.aigov.observatory.kernel.Sql.isUniqueViolation(e)) { // a report posted through the API at the same moment
          System.err.println("error: " + RACED + pagesBefore(page));
          return 1;
        }
        if (!(e.getCause() instanceof java.io.IOException io)) throw e;
        System.err.println("error: " + io.getMessage()); // a file that is not what the format says (read inside the writing transaction)
        return 2;
      }
      System.out.println(r);
      r.messages.forEach(m -> System.out.println("  " + m));
      if (r.nothingRead()) { // not what the format says (an HTML page as a feed) or broken throughout: a script must not go on
        System.err.println("error: nothing in " + path + " could be read as " + format);
        return 2;
      }
      if (r.items == 0) System.err.println("note: " + path + " holds no " + ("feed".equals(format) ? "items" : "rows") + "; nothing was ingested");
      if (!noCluster) System.out.println("cluster: " + new Clusterer(new Clusterer.Options(), Progress.silent()).run(db));
      // rejected rows are reported and kept in incident_ingest_errors; shipped sources carry a few, and scripts chain commands
      return strict && r.errors > 0 ? 1 : 0;
    }
  }
}
