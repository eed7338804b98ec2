package org.aigov.observatory.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Utf8;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.Sql;

/**
 * Streaming, resumable, idempotent ingest. Every source is read item by item; every batch of
 * items is written in one transaction together with the checkpoint (byte offset or item index),
 * so an interrupted run resumes where the last committed batch ended. Bad items are logged by
 * line or item number and skipped; the rest goes on.
 */
public final class Ingest {
  public static final List<String> FORMATS = List.of("aiid", "aiaaic", "jsonl", "feed");
  /** Records per transaction (and checkpoint). */
  int batch = 5000;

  /** Outcome of one ingest run. {@code messages} holds the first errors and warnings. */
  public static final class Report {
    public long inserted, updated, unchanged, duplicates, errors, warnings, items;
    /** Stored records an older AIID snapshot would have changed back, left as they are (see {@link Ingest#allowOlder}). */
    public long kept;
    /** Stored records a row with an empty required field would have blanked, left as they are (its warning says which). */
    public long keptIncomplete;
    /** Stored records the feed that brought them took back (RFC 6721 tombstones): no longer counted, still stored. */
    public long withdrawn;
    public boolean resumed;
    /** A feed document's {@code <link rel="next">} (a paged feed), or null; not printed. */
    String nextPage;
    /** Its next link when that is no http(s) URL, as written, or null. */
    String unusableNextPage;
    public final List<String> messages = new ArrayList<>();

    void message(String m) {
      if (messages.size() < 200) messages.add(m);
    }

    /**
     * Rejected items and nothing else: a document that is not what it claims (HTML for a feed, a DOCTYPE) or wholly broken.
     * Not a resumed run: the part before the interruption was read and stored.
     */
    public boolean nothingRead() {
      return errors > 0 && inserted + updated + unchanged + duplicates == 0 && !resumed;
    }

    void add(Report o) {
      inserted += o.inserted;
      updated += o.updated;
      unchanged += o.unchanged;
      duplicates += o.duplicates;
      kept += o.kept;
      keptIncomplete += o.keptIncomplete;
      errors += o.errors;
      warnings += o.warnings;
      items += o.items;
      resumed |= o.resumed;
      for (String m : o.messages) message(m);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d items: %d inserted, %d updated, %d unchanged, %d duplicates, %d errors, %d warnings%s%s%s",
          items, inserted, updated, unchanged, duplicates, errors, warnings, kept > 0 ? ", " + kept + " kept as stored (older snapshot)" : "",
          keptIncomplete > 0 ? ", " + keptIncomplete + " kept as stored (rows with an empty field)" : "",
          (withdrawn > 0 ? ", " + withdrawn + " withdrawn (taken back by their feed)" : "") + (resumed ? " (resumed)" : ""));
    }
  }

  /** One item read from a source: a record, or an error naming where it was. */
  record Item(String location, Rec rec, String error, List<String> warnings) {
    static Item error(String location, String error) {
      return new Item(location, null, error, List.of());
    }
  }

  static final String FOREIGN_ID = "its id is that of a record another feed (or an ingest run) brought; that record is"
      + " kept as it was brought, since only the feed that brought a record may change it";

  static final String CONTROLS_DROPPED = "control characters (U+0000 to U+001F other than tab and line breaks, U+007F, the"
      + " bidirectional overrides U+202A to U+202E and U+2066 to U+2069, the invisible characters U+00AD, U+200B, U+2060 to U+2064"
      + " and U+FEFF, and unpaired surrogates, halves of a character) removed; the rest of the record is stored";

  /** Bad items one run lists in incident_ingest_errors; past this it only counts them. */
  static final int MAX_LISTED_ERRORS = 10_000;

  interface ItemSource extends Closeable {
    /** Next item, or null at the end. */
    Item next() throws IOException;

    /** Position to resume from after the last item returned (byte offset or item index). */
    long position();

    /** Next physical line number (for locations after a resume). */
    default long line() {
      return 1;
    }

    /** Estimated total for the progress bar (bytes or items), 0 when unknown. */
    default long total() {
      return 0;
    }

    /** Where the progress bar stands when {@code position} is done: the position itself, unless it counts something else. */
    default long progress(long position) {
      return position;
    }
  }

  @FunctionalInterface
  interface SourceFactory {
    ItemSource open(long position, long line) throws IOException;
  }

  /** The first record of a CSV file (its header), read from the start. */
  static List<String> headerOf(Path p) throws IOException {
    try (CsvStream c = new CsvStream(Files.newInputStream(p), 0, 1, ',')) {
      CsvStream.Row r = c.next();
      return r == null || r.error() != null ? null : r.fields();
    }
  }

  private final Db db;
  private final Classifier classifier;
  private final Progress progress;
  boolean restart;
  /** For tests: stop (as if killed) after this many committed batches; 0 = never. */
  int stopAfterBatches;
  FeedFetcher fetcher = new FeedFetcher();
  /** Where the CSVs of an AIID snapshot archive are copied out (a folder per archive fingerprint). */
  Path extractRoot = Path.of(System.getProperty("java.io.tmpdir"), "observatory-snapshots");

  public Ingest(Db db, Classifier classifier, Progress progress) {
    this.db = db;
    this.classifier = classifier;
    this.progress = progress == null ? Progress.silent() : progress;
  }

  public Ingest restart(boolean r) {
    this.restart = r;
    return this;
  }

  /**
   * Lets an AIID snapshot older than the store's (its newest incident id below the store's) change the records it holds.
   * Without it such a snapshot only adds what the store lacks: a scheduled job fed a stale download had put 23
   * incidents' older titles, dates and countries back over the newer ones (an outside QA pass).
   */
  boolean allowOlder;
  /** Set while an older AIID snapshot is read: existing records are kept as stored. */
  private boolean keepStored;

  /** How long a run waits for another ingest into the same store to finish before it stops with {@link IngestLock.Busy}. */
  java.time.Duration lockWait = java.time.Duration.ofSeconds(10);
  /** Told once, with who holds it (or null), when a run has to wait for the ingest lock. */
  java.util.function.Consumer<String> onLockWait;
  /** For tests: runs once the lock is held, before anything is read. */
  Runnable afterLock = () -> {};
  /** For tests: runs once a bulk load holds the bulk gate, before it drops the look-up indexes. */
  Runnable afterBulkGate = () -> {};
  /** For tests: runs in each batch's transaction once its records are written. */
  Runnable inBatch = () -> {};
  /** For tests: runs after each committed batch. */
  Runnable afterBatch = () -> {};
  private IngestLock held;

  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} holding the store's ingest lock (taken once: a feed file's run reaches {@link #feedBody} inside). */
  private <T> T locked(String what, Locked<T> work) throws IOException {
    if (held != null) return work.run();
    try (IngestLock l = IngestLock.acquire(db, what, lockWait, onLockWait)) {
      held = l;
      afterLock.run();
      return work.run();
    } finally {
      held = null;
    }
  }

  /** Another run holds this store's ingest lock (a cheap look, for the monitor's round: it then leaves its feeds due). */
  boolean busy() {
    try (IngestLock l = IngestLock.acquire(db, null, java.time.Duration.ZERO, null)) {
      return false;
    } catch (IngestLock.Busy e) {
      return true;
    }
  }

  /** Runs one ingest; {@code target} is a file, a directory (aiid snapshot) or an http(s) URL (feed). */
  public Report run(String format, String target) throws IOException {
    return locked("ingest " + format + " " + target, () -> runLocked(format, target));
  }

  private Report runLocked(String format, String target) throws IOException {
    String f = format.toLowerCase(Locale.ROOT);
    switch (f) {
      case "aiid":
        return aiid(target);
      case "aiaaic": {
        Path p = aiaaicFile(Path.of(target));
        return file("aiaaic", p, (pos, line) -> new AiaaicSource(open(p, pos), pos, line, name(p)));
      }
      case "jsonl": {
        Path p = Path.of(target);
        return file("jsonl", p, (pos, line) -> new JsonlSource(open(p, pos), pos, line, "jsonl", name(p)));
      }
      case "feed":
        return feed(target);
      default:
        throw new IllegalArgumentException("unknown format '" + format + "'; expected one of " + FORMATS);
    }
  }

  private Report aiid(String target) throws IOException {
    Path p = AiidSnapshotFiles.folder(Path.of(target), extractRoot);
    Path dir = Files.isDirectory(p) ? p : p.getParent();
    Path incidents = Files.isDirectory(p) ? AiidSnapshotFiles.file(p, "incidents.csv") : p;
    Report total = new Report();
    if (Files.isDirectory(p) || aiidFileIsIncidents(p)) {
      if (!Files.exists(incidents)) throw new IllegalArgumentException("no incidents.csv in " + target);
      AiidTaxonomy tax = AiidTaxonomy.load(dir, total, db);
      // an incident a newer snapshot retires as a duplicate is no sign that the snapshot is older
      long snapshotNewest = AiidTaxonomy.newestIncident(incidents), storeNewest = newestStoredAiid(tax.duplicateOf.keySet());
      keepStored = !allowOlder && snapshotNewest >= 0 && storeNewest > snapshotNewest;
      if (keepStored)
        total.message("note: this snapshot is older than the store's AIID data (its newest incident is " + snapshotNewest + ", the store holds "
            + storeNewest + "): it adds what the store lacks and changes no stored record; --allow-older lets it");
      try {
        total.add(file("aiid", incidents, (pos, line) -> new AiidIncidentSource(open(incidents, pos), pos, line, pos > 0 ? headerOf(incidents) : null, tax, name(incidents))));
        if (Files.isDirectory(p)) tax.reconcileAbsent(db, incidents, total); // a whole snapshot, not a single file
        Path reports = dir == null ? null : AiidSnapshotFiles.file(dir, "reports.csv");
        if (reports != null && Files.exists(reports)) total.add(file("aiid-reports", reports, (pos, line) -> new AiidReportSource(open(reports, pos), pos, line, name(reports), pos > 0 ? headerOf(reports) : null)));
      } finally {
        keepStored = false;
      }
    } else {
      total.add(file("aiid-reports", p, (pos, line) -> new AiidReportSource(open(p, pos), pos, line, name(p), pos > 0 ? headerOf(p) : null)));
    }
    return total;
  }

  /** The highest numeric AIID incident id stored, {@code retired} aside; -1 when none. */
  private long newestStoredAiid(java.util.Set<String> retired) {
    return db.read(c -> {
      long max = -1;
      try (PreparedStatement ps = c.prepareStatement("SELECT source_id FROM incident_records WHERE source = 'aiid'");
           java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          if (id != null && id.matches("\\d{1,18}") && !retired.contains(id)) max = Math.max(max, Long.parseLong(id));
        }
      }
      return max;
    });
  }

  /** A file as its rows' errors name it: "aiid.csv line 3" for a single file saved under another name. */
  private static String name(Path file) {
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  /**
   * Which AIID file a single CSV is, by its header rather than its name (a download saved as "aiid.csv" or a
   * reports file named "incidents-reports.csv"): report_number and url make reports.csv, incident_id and title
   * incidents.csv.
   */
  static boolean aiidFileIsIncidents(Path p) throws IOException {
    if (!Files.isRegularFile(p)) throw new IllegalArgumentException("not a readable file: " + p);
    if (Files.size(p) == 0) throw new IllegalArgumentException(p + " is empty (0 bytes): neither an AIID incidents.csv nor a reports.csv");
    List<String> h = headerOf(p);
    java.util.Set<String> cols = new java.util.HashSet<>();
    if (h != null) for (String c : h) cols.add(c.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT));
    if (cols.contains("report_number") && cols.contains("url")) return false;
    if (cols.contains("incident_id") && cols.contains("title")) return true;
    String shown = h == null ? "none" : String.join(",", h);
    throw new IllegalArgumentException(p + " is neither an AIID incidents.csv (header with incident_id, title) nor a reports.csv"
        + " (report_number, url); its header: " + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown));
  }

  /** A folder holding one CSV file (as ../shared/data/aiaaic does) stands for that file; anything else is itself. */
  static Path aiaaicFile(Path p) throws IOException {
    if (!Files.isDirectory(p)) return p;
    List<Path> csv;
    try (var files = Files.list(p)) {
      csv = files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().toList();
    }
    if (csv.size() == 1) return csv.get(0);
    throw new IllegalArgumentException(p + " is a folder with " + (csv.isEmpty() ? "no CSV file" : csv.size() + " CSV files")
        + "; give the AIAAIC export's CSV file itself");
  }

  /** A later page of a paged feed at this URL is being read: its redirects must stay on that feed's site. */
  String pageOfSite;

  private Report feed(String target) throws IOException {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      String named = FeedSource.withoutCredentials(target); // as feedBody names it
      FeedFetcher.Fetched got;
      try {
        got = fetcher.fetch(target, null, null, false, pageOfSite);
      } catch (IOException e) { // every failure names the feed (the size cap's had not)
        String m = String.valueOf(e.getMessage()).replace(target, named);
        throw new IOException(m.contains(named) ? m : named + ": " + m, e);
      }
      return feedBody(target, got.body(), null, got.contentType());
    }
    Path p = Path.of(target);
    // over the cap, a file is refused whole as a fetched feed is: a feed cut at the cap keeps an arbitrary first part
    long size = Files.isRegularFile(p) ? Files.size(p) : 0;
    if (size > fetcher.maxBytes) throw new IOException("feed " + p + " is " + size + " bytes, over the cap of " + fetcher.maxBytes + " (--max-feed-bytes)");
    return file("feed", p, (pos, line) -> new FeedSource(FeedFetcher.capped(Files.newInputStream(p), fetcher.maxBytes), pos, p.getFileName().toString()).inFile(p.getFileName().toString()));
  }

  /** Ingests a feed document fetched from {@code url} (items already stored are recognised by URL or text hash). */
  Report feedBody(String url, byte[] body) throws IOException {
    return feedBody(url, body, null);
  }

  /**
   * The same for a monitored feed's poll: new records remember the feed that brought them ({@code feed_id}), and are
   * listed in {@code incident_feed_items} (the records after the highest id before the poll that carry the feed's id).
   */
  Report feedBody(String url, byte[] body, Long feedId) throws IOException {
    return feedBody(url, body, feedId, null);
  }

  /** {@code contentType}: what the server said the body is (named when the body is an HTML page), or null. */
  Report feedBody(String url, byte[] body, Long feedId, String contentType) throws IOException {
    // past the fetch a feed is named without user:password@: in messages, the checkpoint key, the lock's holder and the
    // outlet a feed without a title falls back to (the command's and the monitor's polls alike)
    String named = url == null ? null : FeedSource.withoutCredentials(url);
    return locked((feedId == null ? "ingest feed " : "the monitor's poll of feed ") + named, () -> feedBodyLocked(named, body, feedId, contentType, null));
  }

  /** A later page ({@code rel="next"}) of the monitored feed at {@code url}, fetched from {@code page}: its items are the feed's. */
  Report feedPage(String url, String page, byte[] body, long feedId, String contentType) throws IOException {
    String named = FeedSource.withoutCredentials(url);
    return locked("the monitor's poll of feed " + named, () -> feedBodyLocked(named, body, feedId, contentType, page));
  }

  private Report feedBodyLocked(String url, byte[] body, Long feedId, String contentType, String page) throws IOException {
    String fp = HexFormat.of().formatHex(Hashing.sha256(body));
    long before = feedId == null ? 0 : db.read(c -> {
      Object max = Sql.value(c, "SELECT MAX(id) FROM incident_records");
      return max == null ? 0L : ((Number) max).longValue();
    });
    // a command's item errors name the feed, as a file's do; a monitored feed's are kept under the feed itself
    progress.unit("bytes");
    FeedSource[] read = {null};
    // a poll's new records are listed under its feed, and counted on it, in the transaction that writes them: listed at
    // the poll's end, those of a poll killed half-way were never listed or counted (outside QA: 15,000 of 20,000 shown)
    long[] mark = {before};
    Db.TxWork<Void> listNew = feedId == null ? null : c -> {
      int n = Sql.update(c, "INSERT INTO incident_feed_items (feed_id, record_id) SELECT ?, id FROM incident_records WHERE id > ? AND feed_id = ?",
          feedId, mark[0], feedId);
      if (n > 0) Sql.update(c, "UPDATE incident_feeds SET items_added = items_added + ? WHERE id = ?", n, feedId);
      Object max = Sql.value(c, "SELECT MAX(id) FROM incident_records");
      if (max != null) mark[0] = Math.max(mark[0], ((Number) max).longValue());
      return null;
    };
    Report r = run("feed:" + url, fp, (pos, line) -> {
      FeedSource src = new FeedSource(new ByteArrayInputStream(body), pos, page != null ? page : url, feedId).contentType(contentType);
      if (page != null) src.pageOf(url);
      read[0] = src;
      return feedId == null && url != null ? src.inFile(url) : src;
    }, listNew);
    if (read[0] != null) {
      r.nextPage = read[0].nextPage();
      r.unusableNextPage = read[0].unusableNextPage();
      List<String> gone = read[0].deletedIds();
      if (!gone.isEmpty()) r.withdrawn = withdraw(gone, feedId);
    }
    return r;
  }

  /**
   * Takes out of the counts the records a feed's tombstones name, where this feed (or, for a command's run, a command)
   * brought them and no editor has reviewed them: they stay stored, marked {@code withdrawn}, and leave their incidents
   * at once, as a rejected report does. An editor may accept one again; the feed's tombstones then leave it be.
   */
  private long withdraw(List<String> ids, Long feedId) {
    return Clusterer.exclusive(db, () -> db.tx(c -> {
      Instant now = Instant.now();
      long n = 0;
      for (String id : ids) {
        Object rec = feedId == null
            ? Sql.value(c, "SELECT id FROM incident_records WHERE source = 'feed' AND source_id = ? AND feed_id IS NULL AND review_status IS NULL", id)
            : Sql.value(c, "SELECT id FROM incident_records WHERE source = 'feed' AND source_id = ? AND feed_id = ? AND review_status IS NULL", id, feedId);
        if (rec == null) continue;
        long rid = ((Number) rec).longValue();
        Sql.update(c, "UPDATE incident_records SET review_status = ?, updated_at = ? WHERE id = ?", PublicReports.WITHDRAWN, now, rid);
        Sql.update(c, "DELETE FROM incident_reviews WHERE record_id = ?", rid);
        Sql.update(c, "INSERT INTO incident_reviews (record_id, status, reviewed_by, note, reviewed_at, created_at) VALUES (?,?,?,?,?,?)",
            rid, PublicReports.WITHDRAWN, "feed", "taken back by the feed that brought it (a tombstone)", now, now);
        n++;
      }
      if (n > 0) Decisions.withdrawUncounted(c);
      return n;
    }));
  }

  static InputStream open(Path p, long pos) throws IOException {
    FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
    ch.position(pos);
    return Channels.newInputStream(ch);
  }

  private Report file(String kind, Path p, SourceFactory factory) throws IOException {
    if (!Files.isRegularFile(p)) throw new IllegalArgumentException("not a readable file: " + p);
    if (!kind.equals("feed")) utf16(p); // an XML feed declares its own encoding, and the parser reads UTF-16
    progress.total(Files.size(p)); // the bar counts the file's bytes
    progress.unit("bytes");
    return run(kind + ":" + p.toAbsolutePath().normalize(), fingerprint(p), factory);
  }

  /**
   * CSV and JSON lines are read as UTF-8 bytes with byte offsets (which a resumed run seeks to): a UTF-16 file, as some
   * spreadsheet programs save "Unicode text", is refused by name rather than read as a stream of NULs and odd rows.
   */
  static void utf16(Path p) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(p)) {
      n = in.readNBytes(head, 0, 8);
    }
    if (n >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF))
      throw new IllegalArgumentException(p + " is UTF-16 (it starts with the byte-order mark " + String.format("%02X %02X", head[0] & 0xff, head[1] & 0xff)
          + "); save it as UTF-8 and ingest it again");
    // without the mark: ASCII text in UTF-16 has a NUL beside every character ("{\0"\0u\0…" or "\0{\0"…")
    if (n == 8) {
      int evenNul = 0, oddNul = 0;
      for (int i = 0; i < 8; i++) if (head[i] == 0) {
        if (i % 2 == 0) evenNul++;
        else oddNul++;
      }
      if (evenNul == 4 && oddNul == 0 || oddNul == 4 && evenNul == 0)
        throw new IllegalArgumentException(p + " looks like UTF-16 without a byte-order mark (" + (oddNul == 4 ? "little" : "big")
            + "-endian: a NUL byte beside each character); save it as UTF-8 and ingest it again");
    }
  }

  /**
   * A resumed CSV run must refuse an id repeated from before the interruption, as one uninterrupted run does (else the
   * repeat would update the first): the rows before the checkpoint are parsed again for their ids; nothing is written.
   */
  private static void seenBefore(SourceFactory factory, long upTo, CsvSource into) throws IOException {
    try (ItemSource pre = factory.open(0, 1)) {
      if (pre instanceof CsvSource c) c.seenIds = into.seenIds; // one table, not a second copy of it
      while (pre.position() < upTo && pre.next() != null) {
        // parsing records the ids
      }
    }
  }

  static String fingerprint(Path p) throws IOException {
    long size = Files.size(p);
    byte[] head, tail;
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(p)) {
      head = read(ch, 0, (int) Math.min(size, 1 << 16));
      tail = read(ch, Math.max(0, size - (1 << 16)), (int) Math.min(size, 1 << 16));
    }
    // the modification time too: an edit that keeps the size and spares both ends (a changed line mid-file) starts over
    return Hashing.sha256Hex(size + ":" + Files.getLastModifiedTime(p).toMillis() + ":" + HexFormat.of().formatHex(Hashing.sha256(head))
        + ":" + HexFormat.of().formatHex(Hashing.sha256(tail))).substring(0, 64);
  }

  private static byte[] read(java.nio.channels.SeekableByteChannel ch, long at, int n) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
    ch.position(at);
    while (b.hasRemaining() && ch.read(b) >= 0) {
      // until n bytes or the end
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private Report run(String key, String fingerprint, SourceFactory factory) throws IOException {
    return run(key, fingerprint, factory, null);
  }

  /** {@code eachBatch}: more to write in each batch's transaction, after its records (null: nothing). */
  private Report run(String key, String fingerprint, SourceFactory factory, Db.TxWork<?> eachBatch) throws IOException {
    Report rep = new Report();
    long start = 0, items = 0, startLine = 1;
    String sourceKey = key.length() > 1000 ? key.substring(0, 1000) : key;
    Object[] cp = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, position, items, done, line_no FROM incident_checkpoints WHERE source_key = ?")) {
        ps.setString(1, sourceKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4), rs.getLong(5)} : null;
        }
      }
    });
    if (!restart && cp != null && fingerprint.equals(cp[0]) && !(Boolean) cp[3]) {
      start = (Long) cp[1];
      items = (Long) cp[2];
      startLine = (Long) cp[4];
      rep.resumed = start > 0;
    }
    final long startItems = items;
    // a file read again from its start reports its bad rows again: the store keeps the latest run's, not one copy a run
    // (a polled feed's bodies differ from poll to poll, so its earlier errors stay)
    boolean polled = key.startsWith("feed:http");
    if (start == 0 && !polled)
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "DELETE FROM incident_ingest_errors WHERE source_key = ?", sourceKey));
    ensureIndexes(db);
    // Bulk load into an empty embedded store: the look-up indexes (random keys) are
    // dropped and rebuilt once at the end, sorted, by H2. Maintained row by row they made H2 rewrite
    // most index pages every few hundred rows (the store file grew to 16x the input). The first record
    // that needs a look-up brings the indexes back for the rest of the run. The bulk gate, closed before
    // the stored keys are read, holds API posts back until then (IngestLock.closeBulkGate).
    boolean candidate = bulkLoad && !polled && db.dialect == Db.Dialect.H2
        && db.read(c -> Sql.value(c, "SELECT id FROM incident_records LIMIT 1")) == null;
    Connection[] gate = {candidate ? IngestLock.closeBulkGate(db, java.time.Duration.ofSeconds(10)) : null};
    boolean[] bulk = {false};
    try {
      // a feed document holds tens of items: looking each up by index beats reading every stored key (10^6 rows: seconds)
      RecordWriter.Posted posted = db.tx(RecordWriter.Posted::mark); // before the read of the stored keys
      RecordWriter.Known known = polled ? RecordWriter.Known.lookUpEach() : db.read(RecordWriter.Known::load);
      if (gate[0] != null && known.ids.size() == 0 && known.hashes.size() == 0) {
        afterBulkGate.run();
        bulk[0] = true; // before the drop: one that fails half-way gets the indexes back below
        dropIndexes(db);
      } else {
        IngestLock.openBulkGate(db, gate[0]);
        gate[0] = null;
      }
      try (ItemSource src = factory.open(start, startLine)) {
        if (start > 0 && src instanceof CsvSource csv) seenBefore(factory, start, csv);
        Progress bar = progress;
        long[] barAt = {src.progress(start)};
        bar.at(barAt[0]); // a resumed run is already this far into the file
        long[] counter = {startItems};
        boolean[] done = {false};
        long[] lastPos = {src.position()}, lastLine = {src.line()};
        int batches = 0;
        Reader reader = new Reader(src, known, classifier, Math.max(64, Math.min(4 * batch, 8192)));
        Step[] held = {null};
        Thread t = Daemons.start("ingest-reader", reader);
        try {
          List<Step> steps = new ArrayList<>();
          while (!done[0]) {
            // the batch is read (and classified) before its transaction: the transaction holds back API posts (the
            // 'bulk' row, RecordWriter.Posted), and a curated file's batch takes about 25 ms an item to classify
            steps.clear();
            long chars = 0;
            while (steps.size() < batch && chars < BATCH_CHARS) {
              Step s = held[0] != null ? held[0] : take(reader);
              held[0] = null;
              if (s.failure != null) throw unchecked(s.failure);
              if (bulk[0] && s.pre != null && s.item != null && s.item.rec() != null && needsLookup(s.item.rec(), s.pre)) {
                held[0] = s; // commit what we have, rebuild the indexes, then write this one
                break;
              }
              steps.add(s);
              Item it = s.item;
              if (it == null) break;
              if (s.pre != null) s.pre.await();
              if (it.rec() != null) chars += it.rec().textLength();
              counter[0]++;
              rep.items++;
              bar.count(counter[0], "items");
              // the bar moves per item, not per committed batch: a curated file (989 AIID incidents at ≈ 25 ms of
              // classification each) is one batch, and a log showed nothing until it was done
              long at = src.progress(s.position);
              if (at > barAt[0]) {
                bar.step(at - barAt[0]);
                barAt[0] = at;
              }
              for (String wmsg : it.warnings()) {
                rep.warnings++;
                rep.message("warning at " + it.location() + ": " + wmsg);
              }
              if (s.pre != null && s.pre.controlsDropped) {
                rep.warnings++;
                rep.message("warning at " + it.location() + ": " + CONTROLS_DROPPED);
              }
              if (it.rec() != null) for (String cut : RecordWriter.cuts(it.rec())) {
                rep.warnings++;
                rep.message("warning at " + it.location() + ": " + cut);
              }
            }
            db.tx(c -> {
              // a bulk load holds the 'bulk' row on its gate connection: no post is written meanwhile
              if (!bulk[0]) posted.catchUp(c, db.dialect);
              try (RecordWriter w = new RecordWriter(c, classifier).keepStored(keepStored).posted(posted);
                   PreparedStatement err = c.prepareStatement("INSERT INTO incident_ingest_errors (source_key, location, message, at) VALUES (?,?,?,?)");
                   PreparedStatement seen = c.prepareStatement("UPDATE incident_ingest_errors SET at = ? WHERE source_key = ? AND location = ? AND message = ?")) {
                for (Step s : steps) {
                  lastPos[0] = s.position;
                  lastLine[0] = s.line;
                  Item it = s.item;
                  if (it == null) {
                    done[0] = true;
                    break;
                  }
                  if (it.error() != null) {
                    rep.errors++;
                    rep.message("error at " + it.location() + ": " + it.error());
                    // a runaway file (one unclosed quote in 5 MB: 400,000 bad "rows") is counted in full, listed in part
                    if (rep.errors > MAX_LISTED_ERRORS + 1) continue;
                    err.setString(1, sourceKey);
                    err.setString(2, Rec.noNul(it.location()));
                    String msg = rep.errors > MAX_LISTED_ERRORS ? "more than " + MAX_LISTED_ERRORS
                        + " errors in this run; the rest are counted in its report, not listed" : Rec.noNul(it.error());
                    err.setString(3, msg.length() > 1990 ? msg.substring(0, 1990) : msg);
                    err.setTimestamp(4, Timestamp.from(Instant.now()));
                    if (polled) { // a polled feed's errors are kept across fetches: the same one again is dated anew, not added
                      seen.setTimestamp(1, Timestamp.from(Instant.now()));
                      seen.setString(2, sourceKey);
                      seen.setString(3, Rec.noNul(it.location()));
                      seen.setString(4, msg.length() > 1990 ? msg.substring(0, 1990) : msg);
                      if (seen.executeUpdate() > 0) continue;
                    }
                    err.executeUpdate();
                    continue;
                  }
                  switch (w.write(it.rec(), s.pre)) {
                    case INSERTED -> rep.inserted++;
                    case UPDATED -> rep.updated++;
                    case UNCHANGED -> rep.unchanged++;
                    case DUPLICATE -> rep.duplicates++;
                    case KEPT -> {
                      if (it.rec().keepIfStored) rep.keptIncomplete++;
                      else rep.kept++;
                    }
                    case FOREIGN -> {
                      rep.warnings++;
                      rep.message("warning at " + it.location() + ": " + FOREIGN_ID);
                    }
                  }
                }
                w.flush();
                if (eachBatch != null) eachBatch.run(c);
                inBatch.run();
                saveCheckpoint(c, sourceKey, fingerprint, lastPos[0], lastLine[0], counter[0], done[0]);
              }
              return null;
            });
            long now = src.progress(lastPos[0]);
            bar.step(Math.max(0, now - barAt[0])); // 0 when every item already moved it: the time check alone
            barAt[0] = now;
            if (held[0] != null) {
              ensureIndexes(db);
              bulk[0] = false;
              IngestLock.openBulkGate(db, gate[0]);
              gate[0] = null;
              continue;
            }
            batches++;
            afterBatch.run();
            if (stopAfterBatches > 0 && batches >= stopAfterBatches && !done[0]) {
              rep.message("stopped after " + batches + " batches (simulated interruption)");
              return rep;
            }
          }
        } finally {
          reader.stop(t);
        }
        bar.finish();
      }
      return rep;
    } finally {
      try {
        if (bulk[0]) { // also after a failure; a killed run gets them back at the next run's start
          // said only where it takes a while (it was said before a file's "is empty" too, outside QA 2026-12-07)
          long stored = db.read(c -> ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_records")).longValue());
          if (stored >= 100_000) progress.note("building the look-up indexes dropped for the bulk load of " + stored + " records (at 10^6 about a minute)");
          ensureIndexes(db);
        }
      } finally {
        IngestLock.openBulkGate(db, gate[0]);
      }
    }
  }

  private static Step take(Reader reader) {
    try {
      return reader.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unchecked(e);
    }
  }

  /** A reader's failure as the writing transaction surfaced it when the batch was read inside it (callers look for the cause). */
  private static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException r ? r : new Db.StoreException(e.getMessage(), e);
  }

  /** A batch also ends at this many characters of text read, so that a file of long reports keeps memory bounded. */
  static final long BATCH_CHARS = 32L << 20;

  /** False disables the empty-store bulk mode (indexes kept during the load); for tests and comparisons. */
  boolean bulkLoad = true;

  static final String[] INDEXES = {
      "CREATE UNIQUE INDEX IF NOT EXISTS incident_records_src ON incident_records (source, source_id)",
      RecordKeys.CREATE_INDEX,
      "CREATE INDEX IF NOT EXISTS incident_records_updated ON incident_records (updated_at)"};

  /** Creates the record look-up indexes (as in V4_1, V4_7 and V4_15) if a bulk load left them dropped; a no-op otherwise. */
  public static void ensureIndexes(Db db) {
    db.tx(c -> {
      try (java.sql.Statement s = c.createStatement()) {
        for (String ddl : INDEXES) s.execute(ddl);
      }
      return null;
    });
  }

  private static void dropIndexes(Db db) {
    db.tx(c -> {
      try (java.sql.Statement s = c.createStatement()) {
        for (String n : new String[] {"incident_records_src", RecordKeys.INDEX, "incident_records_updated"}) s.execute("DROP INDEX IF EXISTS " + n);
      }
      return null;
    });
  }

  /** Whether writing {@code r} needs a look-up in the store (its keys may match a stored record). */
  static boolean needsLookup(Rec r, RecordWriter.Pre p) {
    return p.idHit || (!RecordWriter.curated(r.source) && (p.urlHit || p.hashHit));
  }

  /** One item handed from the reader thread to the writer: the item, the position after it, its prepared keys. */
  static final class Step {
    final Item item;
    final long position, line;
    final RecordWriter.Pre pre;
    final Exception failure;

    Step(Item item, long position, long line, RecordWriter.Pre pre, Exception failure) {
      this.item = item;
      this.position = position;
      this.line = line;
      this.pre = pre;
      this.failure = failure;
    }
  }

  /**
   * The reader thread: reads and parses items, hashes them, checks their keys against the in-memory
   * key sets and classifies new records, while the calling thread writes the previous ones. A bounded
   * queue keeps memory flat; items stay in file order, so checkpoints mean what they meant before.
   */
  static final class Reader implements Runnable {
    static final int CLASSIFY_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final ItemSource src;
    private final RecordWriter.Known known;
    private final Classifier classifier;
    private final java.util.concurrent.BlockingQueue<Step> queue;
    private volatile boolean stopped;
    /** Classification, the costliest step, runs on {@link #CLASSIFY_THREADS} workers; results are taken in file order. */
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(CLASSIFY_THREADS, Daemons.named("ingest-classify"));

    Reader(ItemSource src, RecordWriter.Known known, Classifier classifier, int capacity) {
      this.src = src;
      this.known = known;
      this.classifier = classifier;
      this.queue = new java.util.concurrent.ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void run() {
      try {
        while (!stopped) {
          Item it = src.next();
          RecordWriter.Pre pre = it != null && it.rec() != null ? RecordWriter.prepare(it.rec(), known, classifier, workers) : null;
          queue.put(new Step(it, src.position(), src.line(), pre, null));
          if (it == null) return;
        }
      } catch (InterruptedException e) {
        // stopped by the writer
      } catch (Exception | Error e) {
        if (stopped) return;
        Exception ex = e instanceof Exception x ? x : new IllegalStateException(e.toString(), e);
        try {
          queue.put(new Step(null, 0, 0, null, ex));
        } catch (InterruptedException ignored) {
          // stopped by the writer
        }
      }
    }

    Step take() throws InterruptedException {
      return queue.take();
    }

    /** Stops the reader and waits for it, so the source can be closed safely. */
    void stop(Thread t) {
      stopped = true;
      workers.shutdownNow();
      t.interrupt();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void saveCheckpoint(Connection c, String key, String fp, long pos, long line, long items, boolean done) throws Exception {
    try (PreparedStatement up = c.prepareStatement("UPDATE incident_checkpoints SET fingerprint = ?, position = ?, items = ?, done = ?, updated_at = ?, line_no = ? WHERE source_key = ?")) {
      up.setString(1, fp);
      up.setLong(2, pos);
      up.setLong(3, items);
      up.setBoolean(4, done);
      up.setTimestamp(5, Timestamp.from(Instant.now()));
      up.setLong(6, line);
      up.setString(7, key);
      if (up.executeUpdate() > 0) return;
    }
    try (PreparedStatement in = c.prepareStatement("INSERT INTO incident_checkpoints (source_key, fingerprint, position, items, done, updated_at, line_no) VALUES (?,?,?,?,?,?,?)")) {
      in.setString(1, key);
      in.setString(2, fp);
      in.setLong(3, pos);
      in.setLong(4, items);
      in.setBoolean(5, done);
      in.setTimestamp(6, Timestamp.from(Instant.now()));
      in.setLong(7, line);
      in.executeUpdate();
    }
  }

  /** {@link #postOne(Db, Classifier, JsonNode, String)} from an operator: only an anonymous ("public") report waits. */
  public static Map<String, Object> postOne(Db db, Classifier classifier, JsonNode body) {
    return postOne(db, classifier, body, null);
  }

  /**
   * Writes one report posted through the API; returns the outcome and the record id. A new anonymous ("public") report,
   * or one with a {@code submitter} (the sender's principal id: the web layer gives it for everyone but editors), waits
   * for an editor before it counts (PublicReports).
   */
  public static Map<String, Object> postOne(Db db, Classifier classifier, JsonNode body, String submitter) {
    Rec r = JsonlSource.fromJson(body, "api");
    boolean curated = JsonlSource.SNAPSHOT_SOURCES.contains(r.source);
    if (curated && r.sourceId == null) throw new BadField("source_id", "required to correct a '" + r.source + "' record");
    boolean reviewed = submitter != null || "public".equals(r.source);
    long deadline = System.nanoTime() + postWait.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        // a reviewed sender's change may take an accepted report out of its incident: as an editor's decision does, it
        // waits for a clustering run's write (which would put it back) rather than racing it
        java.util.function.Supplier<Map<String, Object>> one = () -> db.tx(c -> {
          if (db.dialect == Db.Dialect.H2) {
            if (!IngestLock.passBulkGate(c)) throw new GateClosed();
          } else {
            IngestLock.takePostTurn(c);
          }
          // an editor's correction of a monitor's record changes what it sends and keeps the rest: a post holds only some
          // of the monitor's fields, and as a whole record it blanked the text, parties, countries and labels
          if (curated) keepUnsent(c, r, body);
          try (RecordWriter w = new RecordWriter(c, classifier, reviewed)) {
            RecordWriter.Outcome o = w.write(r);
            Map<String, Object> out = new HashMap<>();
            out.put("outcome", o.name().toLowerCase(Locale.ROOT));
            if (w.lastId != null) out.put("record_id", w.lastId);
            if (reviewed && o == RecordWriter.Outcome.INSERTED) {
              PublicReports.enqueue(c, (Long) out.get("record_id"), submitter);
              out.put("review", PublicReports.PENDING); // counted once an editor accepts it
            } else if (reviewed && o == RecordWriter.Outcome.UPDATED && w.lastId != null) {
              // a change to a report an editor has judged is judged again: the sender may not rewrite what was accepted
              PublicReports.requeue(c, w.lastId, submitter);
              Decisions.withdrawUncounted(c); // its new text is not public under the incident meanwhile
              out.put("review", PublicReports.PENDING);
            }
            return out;
          }
        });
        return reviewed ? Clusterer.exclusive(db, one) : one.get();
      } catch (GateClosed e) {
        if (System.nanoTime() >= deadline) throw new IngestLock.Busy(BULK_BUSY);
        attempt--;
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IngestLock.Busy(BULK_BUSY);
        }
      } catch (RuntimeException e) {
        // two requests with the same report at once: the loser of the insert race reads the winner's row next time
        if (attempt >= 3 || !org.aigov.observatory.kernel.Sql.isUniqueViolation(e)) throw e;
      }
    }
  }

  /**
   * Fills the fields a correction of a monitor's record does not send from the stored record; a record the store does not
   * hold is refused: a post makes up no entry of a monitor.
   */
  private static void keepUnsent(java.sql.Connection c, Rec r, JsonNode body) throws java.sql.SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT url, title, body, language, pub_date, date_text, outlet, authors, deployers,"
        + " developers, systems, harmed, countries, sectors, harm_types, risk_domain_label, taxonomy FROM incident_records WHERE source = ? AND source_id = ?")) {
      ps.setString(1, r.source);
      ps.setString(2, r.sourceId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new BadField("source_id", "no '" + r.source + "' record '" + r.sourceId + "' is stored; its records come from `ingest " + r.source + "` only, and a post corrects one");
        java.util.function.Predicate<String> sent = f -> body.has(f) && !body.get(f).isNull();
        if (!sent.test("url")) r.url = rs.getString("url");
        if (!sent.test("title")) r.title = rs.getString("title");
        if (!sent.test("text") && !sent.test("body") && !sent.test("description")) r.body = rs.getString("body");
        if (!sent.test("language")) r.language = rs.getString("language");
        if (!sent.test("published") && !sent.test("date_published") && !sent.test("date")) {
          java.sql.Date d = rs.getDate("pub_date");
          r.date = d == null ? null : d.toLocalDate();
          r.dateText = rs.getString("date_text");
        }
        if (!sent.test("outlet") && !sent.test("source_domain")) r.outlet = rs.getString("outlet");
        String[][] lists = {{"authors", "authors"}, {"deployers", "deployers"}, {"developers", "developers"}, {"systems", "systems"},
            {"countries", "countries"}, {"sectors", "sectors"}, {"harm_types", "harm_types"}};
        List<List<String>> targets = List.of(r.authors, r.deployers, r.developers, r.systems, r.countries, r.sectors, r.harmTypes);
        for (int k = 0; k < lists.length; k++) {
          if (sent.test(lists[k][0])) continue;
          targets.get(k).clear();
          targets.get(k).addAll(RecordWriter.split(rs.getString(lists[k][1])));
        }
        // what a post cannot carry: the harmed parties, the monitor's own risk label and taxonomy
        r.harmed.clear();
        r.harmed.addAll(RecordWriter.split(rs.getString("harmed")));
        r.riskDomainLabel = rs.getString("risk_domain_label");
        String tax = rs.getString("taxonomy");
        if (tax != null) {
          r.taxonomy.clear();
          try {
            r.taxonomy.putAll(org.aigov.observatory.kernel.Json.MAPPER.readValue(tax, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
          } catch (java.io.IOException e) {
            throw new IllegalStateException("stored taxonomy of " + r.source + " " + r.sourceId + " is not JSON", e);
          }
        }
      }
    }
  }

  /** How long a post waits for an empty store's first bulk load to finish before it is refused (503). */
  static java.time.Duration postWait = java.time.Duration.ofSeconds(10);
  static final String BULK_BUSY = "the store is taking its first bulk load of reports; post again when it has finished";

  /** The bulk gate is held: by a bulk load, or for a moment by another post. */
  private static final class GateClosed extends RuntimeException {
    GateClosed() {
      super(null, null, false, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sources

  /** Header-mapped CSV rows with a column-count check. */
  abstract static class CsvSource implements ItemSource {
    final CsvStream csv;
    final long total;
    List<String> header;
    final Map<String, Integer> col = new HashMap<>();
    /** Ids seen in this file; a resumed run's pre-read fills the same table (see {@link #seenBefore}). */
    FirstLines seenIds = new FirstLines();
    /** Where a row is, before its line number: the file's role when a folder has several ("reports.csv "). */
    String label = "";

    CsvSource(InputStream in, long pos, long line) throws IOException {
      this.total = 0;
      this.csv = new CsvStream(in, pos, line, ',');
    }

    @Override
    public long line() {
      return csv.line();
    }

    void header(List<String> h) {
      header = h;
      for (int i = 0; i < h.size(); i++) col.putIfAbsent(CsvStream.columnKey(h.get(i)), i);
    }

    String get(List<String> row, String name) {
      Integer i = col.get(KEYS.computeIfAbsent(name, CsvStream::columnKey));
      if (i == null || i >= row.size()) return null;
      String v = row.get(i).strip();
      return v.isEmpty() ? null : v;
    }

    /** A data row of a headed CSV file, or the error item that replaces a bad row. */
    record Next(CsvStream.Row row, Item error) {}

    /**
     * The next data row: the header row is consumed (it must name {@code required} columns, else the
     * file is not {@code file}), unreadable rows and rows with the wrong field count become error items.
     */
    Next nextRow(String file, String... required) throws IOException {
      while (true) {
        CsvStream.Row row = csv.next();
        if (row == null) {
          if (header == null) throw new IOException("not an " + file + ": the file is empty (no header row)");
          return null;
        }
        String loc = at(row);
        if (row.error() != null) return new Next(null, Item.error(loc, row.error()));
        if (header == null) {
          header(row.fields());
          for (String r : required)
            if (!col.containsKey(CsvStream.columnKey(r))) throw new IOException("not an " + file + ": header lacks " + String.join("/", required) + ": " + row.fields());
          continue;
        }
        if (row.fields().size() != header.size()) return new Next(null, Item.error(loc, "expected " + header.size() + " fields, found " + row.fields().size()));
        return new Next(row, null);
      }
    }

    private static final Map<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where a row is, for its errors: "reports.csv line 3". */
    String at(CsvStream.Row row) {
      return label + "line " + row.line();
    }

    /** A cell holding a JSON list (or a ;-list); a malformed one is an error naming its column. */
    List<String> listCell(List<String> row, String column) {
      try {
        return jsonList(get(row, column));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(column + ": " + e.getMessage());
      }
    }

    /** Error message if this id was already seen in this file, else null. */
    String duplicate(String id, long line) {
      long first = seenIds.putIfAbsent(id, line);
      return first == 0 ? null : "duplicate id " + id + " (first on line " + first + "); skipped";
    }

    @Override
    public long position() {
      return csv.offset();
    }

    @Override
    public long total() {
      return total;
    }

    @Override
    public void close() throws IOException {
      csv.close();
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectReader LENIENT_LIST =
      Json.MAPPER.reader().with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);

  static List<String> jsonList(String cell) {
    List<String> out = new ArrayList<>();
    if (cell == null || cell.isBlank()) return out;
    String t = cell.strip();
    if (t.startsWith("[")) {
      try {
        // a raw control character in a cell's list is dropped with the record's other ones (RecordWriter), not the row
        for (JsonNode n : LENIENT_LIST.readTree(t)) if (!n.asText().isBlank()) out.add(n.asText().strip());
        return out;
      } catch (IOException e) {
        throw new IllegalArgumentException("malformed JSON list '" + (t.length() > 60 ? t.substring(0, 60) + "…" : t) + "'");
      }
    }
    for (String p : t.split("[;\n]")) if (!p.isBlank()) out.add(p.strip());
    return out;
  }

  /**
   * AIID incidents.csv: {@code _id, incident_id, date, reports, Alleged deployer…, …, description, title} and, in newer
   * snapshots, {@code implicated_systems}; columns are matched by name, in any order, and unknown ones are ignored.
   */
  static final class AiidIncidentSource extends CsvSource {
    private final AiidTaxonomy tax;

    AiidIncidentSource(InputStream in, long pos, long line, List<String> header, AiidTaxonomy tax, String name) throws IOException {
      super(in, pos, line);
      label = name + " ";
      this.tax = tax;
      if (header != null) header(header);
    }

    @Override
    public Item next() throws IOException {
      {
        Next next = nextRow("AIID incidents.csv", "incident_id", "title");
        if (next == null) return null;
        if (next.error() != null) return next.error();
        CsvStream.Row row = next.row();
        String loc = at(row);
        try {
          Rec r = new Rec();
          r.source = "aiid";
          r.sourceId = get(row.fields(), "incident_id");
          if (r.sourceId == null || !r.sourceId.matches("\\d+")) return Item.error(loc, "incident_id: expected a number, found '" + r.sourceId + "'");
          String dup = duplicate(r.sourceId, row.line());
          if (dup != null) return Item.error(loc, dup);
          r.title = get(row.fields(), "title");
          r.body = get(row.fields(), "description");
          // AIID requires both: an empty one is a damaged row, and as an update it would blank the stored incident. A new
          // incident with one of them is stored with the other (it had been left out, so a newer snapshot's incident had
          // no row to score: outside QA, 2026-12-07); a stored one is kept as it was
          if (r.title == null && r.body == null) return Item.error(loc, "title and description: empty; row skipped (incident " + r.sourceId + ", if stored, is kept as it was)");
          List<String> rowWarnings = new ArrayList<>(row.warnings());
          if (r.title == null || r.body == null) {
            r.keepIfStored = true;
            rowWarnings.add((r.title == null ? "title" : "description") + ": empty; a new incident is stored with its "
                + (r.title == null ? "description" : "title") + " alone, a stored one is kept as it was (incident " + r.sourceId + ")");
          }
          r.dateText = get(row.fields(), "date");
          try {
            r.date = Dates.reported(r.dateText);
          } catch (IllegalArgumentException e) {
            // a curated incident is not dropped for its date (a newer snapshot's incident had gone missing from the export
            // over "02/14/2026", outside QA): a new one is stored undated, a stored one is kept as it was
            r.dateText = null;
            r.keepIfStored = true;
            rowWarnings.add("date: " + e.getMessage() + "; a new incident is stored undated, a stored one is kept as it was (incident " + r.sourceId + ")");
          }
          r.url = "https://incidentdatabase.ai/cite/" + r.sourceId;
          r.language = "en";
          r.outlet = "AI Incident Database";
          r.deployers = listCell(row.fields(), "alleged deployer of ai system");
          r.developers = listCell(row.fields(), "alleged developer of ai system");
          r.harmed = listCell(row.fields(), "alleged harmed or nearly harmed parties");
          // snapshots since 2025 name the AI systems too (database field implicated_systems)
          r.systems = listCell(row.fields(), get(row.fields(), "implicated_systems") != null ? "implicated_systems" : "alleged implicated ai systems");
          for (String rep : listCell(row.fields(), "reports")) {
            try {
              r.aiidReports.add(Long.parseLong(rep));
            } catch (NumberFormatException e) {
              return Item.error(loc, "reports: '" + rep + "' is not a report number");
            }
          }
          if (tax != null) tax.apply(r);
          return new Item(loc, r, null, rowWarnings);
        } catch (IllegalArgumentException e) {
          return Item.error(loc, e.getMessage());
        }
      }
    }
  }

  /** AIID reports.csv (documented snapshot format, fields matched by name). */
  static final class AiidReportSource extends CsvSource {
    AiidReportSource(InputStream in, long pos, long line, String name, List<String> header) throws IOException {
      super(in, pos, line);
      label = name + " ";
      if (header != null) header(header);
    }

    @Override
    public Item next() throws IOException {
      {
        Next next = nextRow("AIID reports.csv", "report_number", "url");
        if (next == null) return null;
        if (next.error() != null) return next.error();
        CsvStream.Row row = next.row();
        String loc = at(row);
        Rec r = new Rec();
        r.source = "aiid-report";
        r.sourceId = get(row.fields(), "report_number");
        if (r.sourceId == null || !r.sourceId.matches("\\d+")) return Item.error(loc, "report_number: expected a number, found '" + r.sourceId + "'");
        String dup = duplicate(r.sourceId, row.line());
        if (dup != null) return Item.error(loc, dup);
        r.aiidReportNumber = Long.parseLong(r.sourceId);
        List<String> warnings = new ArrayList<>(row.warnings());
        r.url = webUrl(get(row.fields(), "url"), "url", warnings);
        r.title = get(row.fields(), "title");
        r.body = get(row.fields(), "text");
        if (r.body == null) r.body = get(row.fields(), "description");
        r.language = get(row.fields(), "language");
        r.outlet = get(row.fields(), "source_domain");
        try {
          r.authors = listCell(row.fields(), "authors");
          String column = get(row.fields(), "date_published") != null ? "date_published" : "epoch_date_published";
          String d = get(row.fields(), column);
          r.dateText = d;
          try {
            r.date = Dates.reported(d);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + ": " + e.getMessage());
          }
        } catch (IllegalArgumentException e) {
          return Item.error(loc, e.getMessage());
        }
        String inc = get(row.fields(), "incident_id");
        if (inc != null) r.taxonomy.put("aiid_incident", inc);
        return new Item(loc, r, null, warnings);
      }
    }
  }

  /**
   * A snapshot's URL cell as a record's address: http(s) only, as JSON lines and the API require (a {@code javascript:}
   * address was stored, exported and linked from records.atom). Anything else is left out with a warning; the report is kept.
   */
  static String webUrl(String url, String column, List<String> warnings) {
    if (url == null || JsonlSource.webAddress(url)) return url;
    warnings.add(column + ": expected an http(s) URL, found '" + Topics.clip(Rec.noNul(url)) + "'; the report is kept without it");
    return null;
  }

  /** Bad input in one named field of a report: the API's 400 names the field, a JSON line's error says it first. */
  public static final class BadField extends IllegalArgumentException {
    public final String field;
    public final String detail;

    BadField(String field, String detail) {
      super(field + ": " + detail);
      this.field = field;
      this.detail = detail;
    }
  }

  /** AIAAIC repository CSV: banner row, header row, sub-header row, then 20-field data rows. */
  static final class AiaaicSource extends CsvSource {
    static final int FIELDS = 20;
    private boolean started;

    /** {@code name}: the file's name, leading each error's location as for AIID files. */
    AiaaicSource(InputStream in, long pos, long line, String name) throws IOException {
      super(in, pos, line);
      started = pos > 0;
      if (name != null) label = name + " ";
    }

    @Override
    public Item next() throws IOException {
      while (true) {
        CsvStream.Row row = csv.next();
        if (row == null) {
          if (!started) throw new IOException("not an AIAAIC export: no 'AIAAIC ID#' header" + (csv.line() <= 1 ? " (the file is empty)" : ""));
          return null;
        }
        String loc = at(row);
        if (row.error() != null) return Item.error(loc, row.error());
        List<String> f = row.fields();
        String first = f.get(0).strip();
        if (!started) {
          if (first.startsWith("AIAAIC ID")) started = true;
          else if (row.line() > 5) throw new IOException("not an AIAAIC export: no 'AIAAIC ID#' header in the first rows");
          continue;
        }
        if (first.isEmpty() && f.stream().allMatch(String::isBlank)) continue; // blank spacer row
        if (first.isEmpty() && f.size() > 12 && f.get(12).strip().equalsIgnoreCase("Individual")) continue; // sub-header
        if (f.size() != FIELDS) return Item.error(loc, "expected " + FIELDS + " fields, found " + f.size());
        if (!first.matches("(?i)AIAAIC\\d+")) return Item.error(loc, "AIAAIC ID#: expected AIAAIC<number>, found '" + first + "'");
        String dup = duplicate(first.toUpperCase(Locale.ROOT), row.line());
        if (dup != null) return Item.error(loc, dup);
        Rec r = new Rec();
        r.source = "aiaaic";
        r.sourceId = first.toUpperCase(Locale.ROOT);
        r.title = blank(f.get(1));
        r.dateText = blank(f.get(2));
        if (r.dateText != null) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d{4})(?:\\s*[-–]\\s*(\\d{4})?)?$").matcher(r.dateText);
          if (!m.matches()) return Item.error(loc, "Occurred: expected a year or a year range, found '" + r.dateText + "'");
          int y = Integer.parseInt(m.group(1));
          int latest = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).getYear(); // as other dates: up to tomorrow
          if (y < 1900 || y > latest) return Item.error(loc, "Occurred: year out of range: " + y + " (expected 1900 to " + latest + ")");
          if (m.group(2) != null && Integer.parseInt(m.group(2)) < y) return Item.error(loc, "Occurred: the range ends before it starts: '" + r.dateText + "'");
          r.date = java.time.LocalDate.of(y, 1, 1);
        }
        r.countries = semi(f.get(3));
        r.sectors = semi(f.get(4));
        r.deployers = semi(f.get(5));
        r.developers = semi(f.get(6));
        r.systems = semi(f.get(7));
        r.taxonomy.put("technology", semi(f.get(8)));
        r.taxonomy.put("purpose", semi(f.get(9)));
        r.taxonomy.put("news_trigger", semi(f.get(10)));
        r.taxonomy.put("issues", semi(f.get(11)));
        String[] harmCols = {"individual", "societal", "environmental"};
        for (int i = 0; i < 3; i++) {
          List<String> h = semi(f.get(12 + i));
          r.harmTypes.addAll(h);
          if (!h.isEmpty()) r.taxonomy.put("external_harms_" + harmCols[i], h);
        }
        String[] impactCols = {"strategic_reputational", "operational", "financial", "legal_regulatory"};
        for (int i = 0; i < 4; i++) {
          List<String> h = semi(f.get(15 + i));
          if (!h.isEmpty()) r.taxonomy.put("internal_impacts_" + impactCols[i], h);
        }
        List<String> warnings = new ArrayList<>(row.warnings());
        r.url = webUrl(blank(f.get(19)), "URL", warnings);
        r.language = "en";
        r.outlet = "AIAAIC";
        if (r.title == null) return Item.error(loc, "Headline: empty");
        return new Item(loc, r, null, warnings);
      }
    }

    static String blank(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }

    static List<String> semi(String s) {
      List<String> out = new ArrayList<>();
      if (s == null) return out;
      for (String p : s.split(";")) if (!p.isBlank()) out.add(p.strip());
      return out;
    }
  }

  /** JSON lines, one report per line. */
  static final class JsonlSource implements ItemSource {
    /** Lines that are not JSON objects, before any that is, after which the file is not JSON lines at all. */
    static final int NOT_JSON_LINES = 5;
    private final CsvStreamLines lines;
    private final String source;
    /** From the file's start (a resumed run has read JSON before): the check below applies. */
    private boolean readOne;
    private int notJson;
    private long firstLine;
    private String firstText;

    /**
     * A CSV file given as JSON lines printed one identical error per row (200 listed): after the first few lines, none
     * of them a JSON object, the run stops with one hint instead.
     */
    private void notJson(String line) throws IOException {
      if (readOne) return;
      if (notJson++ == 0) {
        firstLine = lines.lineNo;
        firstText = line.strip();
      }
      if (notJson < NOT_JSON_LINES) return;
      boolean csv = !firstText.startsWith("{") && !firstText.startsWith("[") && firstText.indexOf(',') >= 0;
      throw new IOException("line " + firstLine + " is not JSON ('" + Topics.clip(firstText) + "'), nor are the next "
          + (NOT_JSON_LINES - 1) + (csv ? "; is this a CSV file? use `ingest aiaaic` or `ingest aiid` for those exports" : "") + "; stopped");
    }

    /** The file's name and a space, leading each error's location (empty without one). */
    private final String label;

    JsonlSource(InputStream in, long pos, long line, String source, String name) {
      this.readOne = pos > 0;
      this.lines = new CsvStreamLines(in, pos);
      this.lines.lineNo = line - 1;
      this.source = source;
      this.label = name == null ? "" : name + " ";
    }

    @Override
    public Item next() throws IOException {
      while (true) {
        String line = lines.next();
        if (line == null) return null;
        String loc = label + "line " + lines.lineNo;
        if (lines.overlong > 0) return Item.error(loc, "line of " + lines.overlong + " bytes, over the " + CsvStream.MAX_RECORD_BYTES + "-byte limit; skipped");
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          // one object a line: anything after it ({...} {...}) is an error, not silently dropped
          n = Json.STRICT.readTree(line); // as the API reads a body: a key given twice is an error (the second "url" had silently won)
        } catch (IOException e) {
          notJson(line);
          return Item.error(loc, malformed(e));
        }
        if (!n.isObject()) {
          notJson(line);
          return Item.error(loc, "expected a JSON object");
        }
        readOne = true;
        try {
          Rec r = fromJson(n, source); // a repeated source_id is a later version of the report, as across files
          // a line has only some of a monitor's fields: as an update it would blank the record's URL, countries and labels
          if (SNAPSHOT_SOURCES.contains(r.source))
            return Item.error(loc, "source '" + r.source + "' is written by `ingest " + r.source + "` from its own files; a JSON line may not change those records");
          return new Item(loc, r, null, lines.warning == null ? List.of() : List.of(lines.warning));
        } catch (IllegalArgumentException e) {
          return Item.error(loc, e.getMessage());
        }
      }
    }

    /**
     * A JSON line's parse error in the sender's terms: the column and what is wrong. Jackson's own message names its
     * settings and a redacted source ("DeserializationFeature.FAIL_ON_TRAILING_TOKENS"), which tells a sender nothing.
     */
    static String malformed(IOException e) {
      String at = "malformed JSON";
      String msg = e.getMessage() == null ? "" : e.getMessage();
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
        if (j.getLocation() != null && j.getLocation().getColumnNr() > 0) at += " at column " + j.getLocation().getColumnNr();
        if (j.getOriginalMessage() != null) msg = j.getOriginalMessage();
      }
      java.util.regex.Matcher m;
      String why;
      if (msg.startsWith("Trailing token")) why = "text after the JSON object";
      else if (msg.contains("close marker for Object")) why = "the object is not closed";
      else if (msg.contains("close marker for Array")) why = "a list is not closed";
      else if (msg.startsWith("Unexpected end-of-input")) why = "the line ends inside a value";
      else if ((m = java.util.regex.Pattern.compile("^Unexpected character \\('(.+?)' \\(code").matcher(msg)).find()) why = "unexpected character '" + m.group(1) + "'";
      else if ((m = java.util.regex.Pattern.compile("^Unrecognized token '(.{0,40})").matcher(msg)).find()) why = "unrecognized word '" + m.group(1) + "'";
      else if ((m = java.util.regex.Pattern.compile("^Duplicate field '(.{0,40}?)'").matcher(msg)).find()) why = "field '" + m.group(1) + "' given twice";
      else if ((m = java.util.regex.Pattern.compile("nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+)").matcher(msg)).find()) why = "nested deeper than " + m.group(1) + " levels";
      else why = "not valid JSON";
      return at + ": " + why;
    }

    private static final java.util.regex.Pattern SOURCE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final java.util.regex.Pattern HTTP_URL = java.util.regex.Pattern.compile("(?i)^https?://\\S+$");
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[\\p{L}\\p{N}._~%!$&'()*+,;=-]+");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("\\[[0-9A-Fa-f:.]+(?:%[\\w.~-]+)?](?::\\d{0,5})?");

    /**
     * An http(s) address with a host that could exist: "http://[::1" (an unclosed IPv6 literal) or "http://:80/x" was
     * stored, exported and linked (outside QA, 2026-12-07). Only the host is judged; paths are kept as sources write them.
     */
    static boolean webAddress(String url) {
      if (url == null || !HTTP_URL.matcher(url).matches()) return false;
      int s = url.indexOf("://") + 3, e = url.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int i = url.indexOf(c, s);
        if (i >= 0) e = Math.min(e, i);
      }
      String a = url.substring(s, e);
      a = a.substring(a.lastIndexOf('@') + 1); // user info, if any
      if (a.startsWith("[")) return IPV6.matcher(a).matches();
      int colon = a.lastIndexOf(':');
      if (colon >= 0 && a.substring(colon + 1).matches("\\d{0,5}")) a = a.substring(0, colon);
      return HOST.matcher(a).matches();
    }

    /** Sources written from their own snapshot formats, not by JSON lines; an editor's post corrects a stored record of theirs (postOne). */
    static final java.util.Set<String> SNAPSHOT_SOURCES = java.util.Set.of("aiid", "aiaaic");

    /** The fields fromJson reads; a posted report with any other is refused (a file's extra fields are ignored). */
    static final java.util.Set<String> FIELDS = java.util.Set.of("source", "source_id", "id", "url", "title", "text", "body", "description",
        "language", "outlet", "source_domain", "published", "date_published", "date", "authors", "deployers", "developers", "systems",
        "countries", "sectors", "harm_types", "aiid_incident");

    /**
     * The first of a field's spellings the object gives (else the first spelling, which reads as absent); two spellings
     * with different values are refused by name: one of them would be dropped without a word (an outside QA pass posted
     * "date" and "published" and got the second).
     */
    static String agreed(JsonNode n, String... spellings) {
      String used = null, value = null;
      for (String f : spellings) {
        String v = text(n, f);
        if (v == null) continue;
        if (used == null) {
          used = f;
          value = v;
        } else if (!v.equals(value)) {
          throw new BadField(f, "'" + f + "' and '" + used + "' are two names for one field and differ; send one");
        }
      }
      return used != null ? used : spellings[0];
    }

    static Rec fromJson(JsonNode n, String defaultSource) {
      Rec r = new Rec();
      r.source = text(n, "source");
      if (r.source == null) r.source = defaultSource;
      if (!SOURCE_NAME.matcher(r.source).matches()) throw new BadField("source", "expected a lower-case name, found '" + r.source + "'");
      r.sourceId = text(n, agreed(n, "source_id", "id"));
      if (r.sourceId != null && r.sourceId.length() > 200) throw new BadField("source_id", "at most 200 characters (an emoji counts as two), found " + r.sourceId.length());
      r.url = text(n, "url");
      if (r.url != null && !webAddress(r.url)) throw new BadField("url", "expected an http(s) URL, found '" + r.url + "'");
      // the store holds 3,990 characters of each: a longer URL cut short would be another address, and a title that long is no title
      if (r.url != null && r.url.length() > 3990) throw new BadField("url", "at most 3990 characters, found " + r.url.length());
      r.title = text(n, "title");
      if (r.title != null && r.title.length() > 3990) throw new BadField("title", "at most 3990 characters (an emoji counts as two), found " + r.title.length());
      r.body = text(n, agreed(n, "text", "body", "description"));
      if (r.title == null && r.body == null) throw new BadField("title", "title or text is required");
      r.language = text(n, "language");
      // a language tag (en, zh, zh-Hant-TW), not free text: the store keeps 16 characters and would cut anything longer
      String tag = languageTag(r.language); // EN → en, zh-cn → zh-CN: one facet value
      if (r.language != null && tag == null)
        throw new BadField("language", "expected a language tag such as en or zh-CN, found '" + (r.language.length() > 40 ? r.language.substring(0, 40) + "…" : r.language) + "'");
      r.language = tag;
      if (r.language == null) r.language = Tokens.mostlyCjk(r.text()) ? "zh" : "en";
      String outletField = agreed(n, "outlet", "source_domain");
      r.outlet = text(n, outletField);
      if (r.outlet != null && r.outlet.length() > 490) throw new BadField(outletField, "at most 490 characters (an emoji counts as two), found " + r.outlet.length());
      // the error names the field the sender used
      String dateField = agreed(n, "published", "date_published", "date");
      String d = text(n, dateField);
      r.dateText = d;
      try {
        r.date = Dates.reported(d);
      } catch (IllegalArgumentException e) {
        throw new BadField(dateField, e.getMessage());
      }
      r.authors = list(n, "authors");
      r.deployers = list(n, "deployers");
      r.developers = list(n, "developers");
      r.systems = list(n, "systems");
      r.countries = list(n, "countries");
      // a country the gazetteer cannot place was dropped without a word; the `country` filter refuses the same value
      for (String c : r.countries)
        if (Gazetteer.get().code(c) == null)
          throw new BadField("countries", "unknown country '" + Topics.clip(c) + "': expected an ISO 3166 alpha-2 code such as US or CN, or a country's name");
      r.sectors = list(n, "sectors", 1990);
      r.harmTypes = list(n, "harm_types");
      String aiid = text(n, "aiid_incident");
      if (aiid != null && !aiid.matches("[1-9]\\d{0,8}")) throw new BadField("aiid_incident", "expected an AIID incident number, found '" + aiid + "'");
      if (aiid != null) r.taxonomy.put("aiid_incident", aiid);
      return r;
    }

    private static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile("[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,2}");

    /** The tag in its usual case (EN → en, zh-cn → zh-CN), or null when it is none (or null). */
    static String languageTag(String s) {
      return s == null || !LANGUAGE_TAG.matcher(s).matches() ? null : java.util.Locale.forLanguageTag(s).toLanguageTag();
    }

    /** A string or a whole number as text; anything else where text belongs is refused rather than stored as its JSON. */
    static String text(JsonNode n, String f) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return null;
      // a whole number is text enough (ids, years); a boolean or a fraction is not ("1e400" had been stored as "Infinity")
      if (!v.isTextual() && !v.isIntegralNumber()) throw new BadField(f, "expected a string, found " + org.aigov.observatory.kernel.Json.kind(v));
      String s = v.asText();
      return org.aigov.observatory.kernel.Text.nothingToRead(s) ? null : s.strip();
    }

    /** A list of strings, or one string of items separated by ";". */
    static List<String> list(JsonNode n, String f) {
      return list(n, f, 3900);
    }

    /**
     * {@code max}: the characters the store keeps of the list joined by "; ". A longer list is refused by name: it had been
     * cut short without a word (a 200,000-character sector kept as 1,990).
     */
    static List<String> list(JsonNode n, String f, int max) {
      List<String> out = new ArrayList<>();
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) return out;
      if (!v.isArray() && !v.isTextual()) throw new BadField(f, "expected a list of strings");
      if (v.isArray()) {
        for (JsonNode x : v) {
          // a null among the items was dropped without a word, while any other non-string was refused
          if (x.isNull()) throw new BadField(f, "expected a list of strings, found null");
          if (!x.isTextual()) throw new BadField(f, "expected a list of strings, found " + x.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + x);
          if (!org.aigov.observatory.kernel.Text.nothingToRead(x.asText())) out.add(x.asText().strip());
        }
      } else if (!v.asText().isBlank()) {
        for (String p : v.asText().split(";")) if (!org.aigov.observatory.kernel.Text.nothingToRead(p)) out.add(p.strip());
      }
      int length = String.join("; ", out).length();
      if (length > max) throw new BadField(f, "at most " + max + " characters (an emoji counts as two), found " + length);
      return out;
    }

    @Override
    public long position() {
      return lines.offset;
    }

    @Override
    public long line() {
      return lines.lineNo + 1;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  /** Physical lines (LF, CRLF or CR) with byte offsets; UTF-8 with a windows-1252 fallback per line. */
  static final class CsvStreamLines implements Closeable {
    private final InputStream in;
    long offset;
    long lineNo;
    String warning;
    /** Bytes of the last line when it was over the cap (its text is not kept), else 0. */
    long overlong;
    private byte[] buf = new byte[1024];
    /** Our own read-ahead, scanned for line ends a chunk at a time (BufferedInputStream.read() takes a lock per byte). */
    private final byte[] chunk;
    private int pos, lim;
    private final int cap;

    CsvStreamLines(InputStream raw, long pos) {
      this(raw, pos, 1 << 16, CsvStream.MAX_RECORD_BYTES);
    }

    /** {@code chunkSize} and {@code cap} (bytes kept of a line) are small in tests, to reach the edge cases. */
    CsvStreamLines(InputStream raw, long pos, int chunkSize, int cap) {
      this.in = raw;
      this.offset = pos;
      this.chunk = new byte[chunkSize];
      this.cap = cap;
    }

    private boolean fill() throws IOException {
      int r = in.read(chunk, 0, chunk.length);
      pos = 0;
      lim = Math.max(r, 0);
      return r > 0;
    }

    String next() throws IOException {
      int n = 0;
      boolean any = false;
      long dropped = 0;
      warning = null;
      overlong = 0;
      while (pos < lim || fill()) {
        any = true;
        int i = pos;
        while (i < lim && chunk[i] != '\n' && chunk[i] != '\r') i++;
        int len = i - pos;
        offset += len;
        // an oversized line is read to its end and reported, not kept: one bad line must not stop the file (or every resume)
        int keep = Math.min(len, Math.max(0, cap - n));
        if (n + keep > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(n + keep, 2 * buf.length));
        System.arraycopy(chunk, pos, buf, n, keep);
        n += keep;
        dropped += len - keep;
        pos = i;
        if (i == lim) continue;
        offset++;
        if (chunk[pos++] == '\r' && (pos < lim || fill()) && chunk[pos] == '\n') { // CR LF is one line end
          pos++;
          offset++;
        }
        break;
      }
      if (!any) return null;
      lineNo++;
      if (dropped > 0) {
        overlong = n + dropped;
        return "";
      }
      String[] w = {null};
      String line = decodeLine(buf, n, offset - n <= 4, w);
      warning = w[0];
      return line;
    }

    /** A line's text: UTF-8, without the byte-order mark on the file's first line; bytes that are not UTF-8 as windows-1252, with a warning in {@code warning[0]}. */
    static String decodeLine(byte[] buf, int n, boolean firstLine, String[] warning) {
      int s = 0;
      if (firstLine && n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) s = 3;
      int[] bad = {0};
      String line = Utf8.decodeMixed(buf, s, n - s, bad); // the bytes that are not UTF-8 as windows-1252, the rest as UTF-8
      if (bad[0] > 0) warning[0] = "not valid UTF-8; read as windows-1252";
      return line;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
