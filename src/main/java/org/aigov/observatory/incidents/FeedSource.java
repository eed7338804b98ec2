package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.aigov.observatory.kernel.Hashing;
import org.jsoup.Jsoup;

/**
 * RSS 2.0 and Atom items, streamed with StAX. DTDs are refused and external entities are never
 * resolved (XXE). A document that breaks mid-way yields an error item; the items before it stay.
 * Position is the index of the next item, so a resumed run skips what was already committed. Elements are matched by
 * namespace and name; elements of other namespaces (Media RSS, iTunes, …) are skipped with everything inside them.
 */
final class FeedSource implements Ingest.ItemSource {
  private static final XMLInputFactory XIF = XMLInputFactory.newFactory();

  static {
    XIF.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XIF.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // not coalescing: a text node arrives in chunks, so one huge element is read under TEXT_CAP, not built whole first
    // (a 100 MB description ran a 512 MB heap out of memory, outside QA 2026-12-07); textOf joins the chunks
    XIF.setProperty(XMLInputFactory.IS_COALESCING, false);
    XIF.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
  }

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String ATOM_03 = "http://purl.org/atom/ns#";
  /** RSS 2.0 has no namespace; RSS 1.0 / 0.90 have one, and some RSS 2.0 feeds declare Userland's. */
  private static final Set<String> RSS = Set.of("", "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/", "http://backend.userland.com/rss2");
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  private static final String XML = "http://www.w3.org/XML/1998/namespace";
  /** The store's limit for a source id (as for posted reports). */
  static final int MAX_ID = 200;
  private static final Pattern WEB = Pattern.compile("(?i)^https?://[^\\s/?#]+");
  /** (X)HTML elements that run inside a line: their edges are not word breaks when a subtree's text is collected. */
  private static final Set<String> INLINE = Set.of("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
      "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var");

  private final InputStream in;
  private volatile FeedBytes bytes;
  private long repairedSeen, droppedSeen;
  private XMLStreamReader x;
  private final long skip;
  private long index;
  private final String origin;
  private final Long feedId;
  private String channelTitle;
  private String channelLang;
  private boolean finished;
  private boolean rootChecked;
  /** A {@code <feed>} root in a namespace other than Atom's (usually none): that namespace stands for Atom's. */
  private String atomAlias;
  private boolean atomDoc;
  private String rootBase, channelLink, atomId, atomSelf, atomAlt, atomNext, atomNextOther;
  /** An item or entry has begun: a break after this is an item's, before it the feed head's. */
  private boolean itemStarted;
  /** The feed a page of it was fetched for: its items' ids are the feed's, whichever page brought them. */
  private String feedUrl;
  /** What qualifies the feed's non-URL guids, fixed at its first item. */
  private String identity;
  /** Source id → the item that first gave it, within this document. */
  private final java.util.Map<String, Long> seenIds = new java.util.HashMap<>();

  FeedSource(InputStream in, long skip, String origin) {
    this(in, skip, origin, null);
  }

  private String contentType;
  /** "name.xml " for a feed read from a file: its errors name the file, as a CSV's and a JSON-lines file's do. */
  private String where = "";

  /** {@code url} without a {@code user:password@} part (ids and messages must not carry it). */
  static String withoutCredentials(String url) {
    return url.replaceFirst("(?i)^(https?://)[^/@?#]*@", "$1");
  }

  /** The document is a later page ({@code rel="next"}) of the feed polled at {@code url}. */
  FeedSource pageOf(String url) {
    this.feedUrl = url;
    return this;
  }

  /** The feed's next page ({@code <link rel="next">}, RFC 5005), resolved; null when it names none. Known once read. */
  String nextPage() {
    return atomNext;
  }

  /** A next link that is no http(s) URL ({@code javascript:}, {@code file:}), as written, cut at 200 characters; null when none. */
  String unusableNextPage() {
    return atomNext == null ? atomNextOther : null;
  }

  FeedSource inFile(String name) {
    this.where = name + " ";
    return this;
  }

  /** The Content-Type the server gave the document (null for a file): named when the document is an HTML page. */
  FeedSource contentType(String type) {
    this.contentType = type == null || type.isBlank() ? null : type.strip();
    return this;
  }

  /** A document that is an HTML page by its first bytes, or by its Content-Type when those say nothing. */
  private boolean htmlPage() {
    FeedBytes b = bytes;
    if (b != null && b.html()) return true;
    String t = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("text/html") || t.startsWith("application/xhtml");
  }

  /** {@code feedId}: the monitored feed being polled, recorded on the records it adds (null for a file). */
  FeedSource(InputStream in, long skip, String origin, Long feedId) {
    this.in = in;
    this.skip = skip;
    this.origin = origin;
    this.feedId = feedId;
  }

  /**
   * The item with a warning when bytes were mended since the last one: in it, or between it and the previous item (the
   * channel's own elements before the first); FeedBytes hands a mended byte over only once the parser has read up to it.
   */
  private Ingest.Item repaired(Ingest.Item it) {
    long r = bytes.repaired - repairedSeen, d = bytes.dropped - droppedSeen;
    if (it.rec() == null || r == 0 && d == 0) return it;
    repairedSeen = bytes.repaired;
    droppedSeen = bytes.dropped;
    List<String> w = new ArrayList<>(it.warnings());
    if (r > 0) w.add(r + (r == 1 ? " byte" : " bytes") + " of invalid UTF-8 in this item (or after the previous one) read as windows-1252");
    if (d > 0) w.add(d + (d == 1 ? " control character" : " control characters") + " XML does not allow dropped in this item (or after the previous one)");
    return new Ingest.Item(it.location(), it.rec(), it.error(), w);
  }

  /** Where an error about the whole document is: the feed's name, not an item of a feed it never turned out to be. */
  private String document() {
    return where.isEmpty() ? "feed" : where.strip();
  }

  @Override
  public Ingest.Item next() throws IOException {
    while (!finished) {
      Ingest.Item it;
      try {
        it = readItem();
      } catch (XMLStreamException | RuntimeException e) {
        finished = true;
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
        if (e.getCause() instanceof IOException io) msg = io.getMessage();
        // an empty document: the parser's "Premature end of file" at [1,1] read like a broken feed, not an empty one
        if (!rootChecked && bytes != null && bytes.head.length == 0)
          return Ingest.Item.error(document(), "empty: no bytes at all, not an RSS or Atom feed");
        // the head is the first KiB, or the whole of a shorter document: blank and short is blank throughout
        if (!rootChecked && bytes != null && bytes.head.length < 1024 && new String(bytes.head, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "").isBlank())
          return Ingest.Item.error(document(), "empty: only white space, not an RSS or Atom feed");
        if (!rootChecked && htmlPage()) // the parser's own words (a DOCTYPE, an unclosed <br>) said nothing of what it was
          return Ingest.Item.error(document(), "this is an HTML page, not an RSS or Atom feed"
              + (contentType == null ? "" : " (Content-Type: " + Topics.clip(contentType) + ")"));
        // broken in the feed's own head (its title or links, before any item): the feed's, not its first item's
        if (rootChecked && !itemStarted) return Ingest.Item.error(document(), "feed breaks off before its first item: " + msg);
        return rootChecked ? Ingest.Item.error(where + "item " + (index + 1), "feed breaks off: " + msg)
            : Ingest.Item.error(document(), "not an RSS or Atom feed: " + msg);
      }
      if (it == null) {
        finished = true;
        return null;
      }
      index++;
      it = repaired(it);
      if (index <= skip) continue;
      return it;
    }
    return null;
  }

  private Ingest.Item readItem() throws XMLStreamException {
    if (x == null) {
      try {
        bytes = new FeedBytes(in);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      x = XIF.createXMLStreamReader(bytes);
    }
    while (x.hasNext()) {
      int ev = x.next();
      if (ev == XMLStreamConstants.DTD) throw new XMLStreamException("DOCTYPE declarations are not accepted in feeds");
      if (ev != XMLStreamConstants.START_ELEMENT) continue;
      if (!rootChecked) {
        String name = x.getLocalName();
        if (!name.equals("rss") && !name.equals("feed") && !name.equals("RDF")) throw new XMLStreamException("root element is <" + name + ">, expected <rss> or <feed>");
        rootChecked = true; // after the check: a page of HTML is "not an RSS or Atom feed", not a feed that breaks off
        if (name.equals("feed") && !ATOM.equals(ns()) && !ATOM_03.equals(ns())) atomAlias = ns();
        String lang = x.getAttributeValue(XML, "lang");
        if (lang != null) channelLang = lang;
        atomDoc = name.equals("feed");
        rootBase = base(web(origin) ? origin : null);
        continue;
      }
      String k = key();
      if (k == null) {
        skip();
        continue;
      }
      switch (k) {
        case "rss:item", "atom:entry" -> {
          itemStarted = true;
          return item();
        }
        case "rss:channel" -> {} // its children are read as the feed's
        case "at:deleted-entry" -> {
          String ref = x.getAttributeValue(null, "ref");
          if (ref != null && !ref.isBlank() && deletedRefs.size() < 1000) deletedRefs.add(ref.strip());
          skip();
        }
        case "rss:title", "atom:title" -> {
          String t = text(textOf());
          if (channelTitle == null) channelTitle = t;
        }
        case "rss:language", "dc:language" -> {
          String l = textOf().strip();
          if (channelLang == null && !l.isEmpty()) channelLang = l;
        }
        case "rss:link" -> {
          String l = textOf().strip();
          if (channelLink == null && !l.isEmpty()) channelLink = l;
        }
        case "atom:id" -> {
          String id = textOf().strip();
          if (atomId == null && !id.isEmpty()) atomId = id;
        }
        case "atom:link" -> {
          String rel = x.getAttributeValue(null, "rel");
          String raw = x.getAttributeValue(null, "href");
          String href = resolve(base(feedBase()), raw);
          if (href != null && "self".equals(rel) && atomSelf == null) atomSelf = href;
          if (href != null && "next".equals(rel) && atomNext == null) atomNext = href;
          if (href == null && raw != null && !raw.isBlank() && "next".equals(rel) && atomNext == null && atomNextOther == null)
            atomNextOther = raw.strip().length() > 200 ? raw.strip().substring(0, 200) + "…" : raw.strip();
          if (href != null && (rel == null || rel.equals("alternate")) && atomAlt == null) atomAlt = href;
          skip();
        }
        default -> skip(); // <image>, <author>, <textinput>: their titles and links are not the feed's
      }
    }
    return null;
  }

  private String identity() {
    if (identity == null && feedUrl != null) identity = withoutCredentials(feedUrl);
    if (identity == null) identity = web(origin) ? withoutCredentials(origin) // no credentials in ids
        : atomId != null ? atomId : channelLink != null ? channelLink : origin == null ? "feed" : origin;
    return identity;
  }

  /** Entries the feed took back (RFC 6721 {@code <at:deleted-entry ref>}), as the ids their records are stored under. */
  List<String> deletedIds() {
    List<String> out = new ArrayList<>(deletedRefs.size());
    for (String ref : deletedRefs) out.add(sourceId(identity(), ref));
    return out;
  }

  private final List<String> deletedRefs = new ArrayList<>(0);

  private Ingest.Item item() throws XMLStreamException {
    long n = index + 1;
    overlong = null; // a channel's own over-long text is cut, not held against its first item
    // A non-URL guid is unique only within its feed. Qualify it with the URL the feed is polled from (the feed cannot
    // forge it), else what the document says it is (Atom id, RSS channel link: the same wherever the file is saved),
    // else the file's name (Ingest passes no path). Fixed at the first item, so a late <link> cannot split a feed.
    identity();
    Rec r = new Rec();
    r.source = "feed";
    r.feedId = feedId;
    String guid = null, unresolved = null, date = null, summary = null, content = null, sourceTitle = null, obsDate = null;
    String dateElement = null; // the element the date came from, for its error
    List<String> authors = new ArrayList<>();
    String lang = x.getAttributeValue(XML, "lang");
    List<String> notes = new ArrayList<>(0); // what was left out while reading, said with the item's warnings
    String itemBase = base(feedBase());
    while (true) {
      int ev = x.next();
      if (ev == XMLStreamConstants.END_ELEMENT) break; // children are read to their ends, so this is the item's
      if (ev != XMLStreamConstants.START_ELEMENT) continue;
      String k = key();
      if (k == null) {
        skip();
        continue;
      }
      switch (k) {
        // another observatory's shared records: the fields linkage uses
        case "obs:date" -> obsDate = textOf().strip();
        case "obs:deployer" -> addValue(r.deployers, textOf(), k, notes);
        case "obs:developer" -> addValue(r.developers, textOf(), k, notes);
        case "obs:system" -> addValue(r.systems, textOf(), k, notes);
        case "obs:harmed" -> addValue(r.harmed, textOf(), k, notes);
        case "obs:country" -> addValue(r.countries, textOf(), k, notes);
        case "rss:title", "atom:title" -> r.title = readText(k);
        case "rss:link" -> {
          String b = base(itemBase); // reads the element's xml:base: before textOf moves past it
          String raw = textOf();
          String u = resolve(b, raw);
          if (u != null) r.url = u;
          else if (raw != null && !raw.isBlank()) unresolved = raw.strip(); // a relative link without a base had gone without a word
        }
        case "atom:link" -> {
          String rel = x.getAttributeValue(null, "rel");
          String b = base(itemBase);
          String raw = x.getAttributeValue(null, "href");
          String u = resolve(b, raw);
          if (u != null && (rel == null || rel.equals("alternate"))) r.url = u;
          else if (u == null && raw != null && !raw.isBlank() && (rel == null || rel.equals("alternate"))) unresolved = raw.strip();
          skip();
        }
        case "rss:guid", "atom:id" -> guid = textOf().strip();
        case "rss:pubDate", "atom:published", "atom:issued", "dc:date" -> {
          dateElement = elementName(k);
          date = textOf().strip();
        }
        case "atom:updated", "atom:modified" -> {
          String u = textOf().strip();
          if (date == null) {
            date = u;
            dateElement = elementName(k);
          }
        }
        case "rss:description", "atom:summary" -> summary = readText(k);
        case "content:encoded", "atom:content" -> content = readText(k);
        case "dc:creator", "rss:author", "atom:author" -> { // RSS: text; Atom: <author><name>…</name></author>
          String a = author();
          if (a != null) authors.add(a);
        }
        case "rss:source", "atom:source" -> sourceTitle = sourceTitle(); // the outlet an aggregated entry came from; its title is not the entry's
        default -> skip();
      }
    }
    String loc = where + "item " + n;
    if (overlong != null) {
      String el = overlong;
      overlong = null;
      return Ingest.Item.error(loc, "<" + el + "> holds more than " + TEXT_CAP + " characters; the item is skipped");
    }
    r.body = content != null ? content : summary; // out-of-line or empty content leaves the summary
    r.authors = authors;
    r.outlet = sourceTitle != null ? sourceTitle : channelTitle != null ? channelTitle : UrlSecrets.redact(origin);
    // a language tag as the API takes one (zh-cn and zh-CN one facet value); anything else is said and read from the text
    String given = lang != null && !lang.isBlank() ? lang.strip() : channelLang != null && !channelLang.isBlank() ? channelLang.strip() : null;
    r.language = Ingest.JsonlSource.languageTag(given);
    if (given != null && r.language == null)
      notes.add("language '" + Topics.clip(given) + "' is not a language tag such as en or zh-CN; the language is read from the text");
    if (r.language == null) r.language = Tokens.mostlyCjk(r.text()) ? "zh" : "en";
    if (guid != null && r.url == null && web(guid)) r.url = guid;
    r.sourceId = guid != null ? sourceId(identity, guid) : r.url == null ? null : fit(r.url);
    if (r.title == null && r.body == null) return Ingest.Item.error(loc, "item has neither title nor description");
    // one document names each item once: a repeated guid would silently replace the earlier item (the CSV formats refuse
    // a repeated id the same way); across polls a repeat is an update, as it should be
    if (r.sourceId != null && !r.sourceId.isBlank()) {
      Long first = seenIds.putIfAbsent(r.sourceId, n);
      if (first != null) return Ingest.Item.error(loc, "guid '" + (guid != null ? guid : r.url) + "' repeats item " + first + " of this feed; the first is kept");
    }
    if (obsDate != null) { // a bare year or year-month stays one (Clusterer.precision), not its first day
      date = obsDate;
      dateElement = "obs:date";
    }
    // another observatory writes a record's date as <published> or obs:date; its <updated> is when it changed the record,
    // so an undated record stays undated (it came dated to the day it was shared, and counted in the current period)
    if (obsDate == null && guid != null && guid.startsWith(SharedFeed.RECORD_ID) && ("updated".equals(dateElement) || "modified".equals(dateElement))) {
      date = null;
      dateElement = null;
    }
    r.dateText = date;
    try {
      r.date = Dates.reported(date);
    } catch (IllegalArgumentException e) {
      return Ingest.Item.error(loc, dateElement + ": " + e.getMessage());
    }
    List<String> warnings = new ArrayList<>(notes);
    if (r.url == null && unresolved != null)
      warnings.add("link '" + Topics.clip(unresolved) + "' does not resolve to a web address (a relative link needs a base); the item is kept without a URL");
    // a title or text cut to what the store holds is said by the ingest itself (RecordWriter.cuts), for every source
    return new Ingest.Item(loc, r, null, warnings);
  }

  /** An element as a feed's author wrote it: "pubDate", "updated", but "dc:date" (the key without the RSS or Atom prefix). */
  private static String elementName(String key) {
    return key.startsWith("rss:") || key.startsWith("atom:") ? key.substring(key.indexOf(':') + 1) : key;
  }

  /**
   * A guid as a source id: a web address as it is (ids stored before feeds were told apart stay valid), as is another
   * observatory's shared record id (its clusterer reads them, {@link SharedFeed#RECORD_ID}); anything else is prefixed
   * with the feed's identity and a space. At most {@link #MAX_ID} characters.
   */
  static String sourceId(String identity, String guid) {
    if (guid.isBlank()) return guid; // the record writer derives one from the URL or text, as before
    return fit(web(guid) || guid.startsWith(SharedFeed.RECORD_ID) ? guid : identity + " " + guid);
  }

  /** An id over the limit: its start and a hash of the whole, so two long ids differing at their ends stay apart. */
  static String fit(String id) {
    if (id.length() <= MAX_ID) return id;
    int cut = MAX_ID - 33;
    if (Character.isHighSurrogate(id.charAt(cut - 1))) cut--;
    return id.substring(0, cut) + " " + Hashing.sha256Hex(id).substring(0, 32);
  }

  private static boolean web(String s) {
    return s != null && WEB.matcher(s).lookingAt();
  }

  /**
   * What relative links are relative to: the root's xml:base, else the feed's URL, else (a file) the Atom feed's self
   * link (its own address) or home link, or the RSS channel's link (the site, which RSS links are written against).
   */
  private String feedBase() {
    if (rootBase != null) return rootBase;
    String home = web(channelLink) ? channelLink.strip() : null;
    if (atomDoc) return atomSelf != null ? atomSelf : atomAlt;
    return home != null ? home : atomSelf != null ? atomSelf : atomAlt;
  }

  /** {@code outer} changed by an element's xml:base attribute, if it has one. */
  private String base(String outer) {
    String b = resolve(outer, x.getAttributeValue(XML, "base"));
    return b != null ? b : outer;
  }

  /** {@code ref} against {@code base} when it is relative; null unless the result is an http(s) URL. */
  static String resolve(String base, String ref) {
    if (ref == null || ref.isBlank()) return null;
    String t = ref.strip();
    if (web(t)) return t; // absolute: kept exactly as written
    if (base == null) return null;
    try {
      URI b = new URI(base);
      if (b.getRawPath() == null || b.getRawPath().isEmpty()) b = new URI(b.getScheme() + "://" + b.getRawAuthority() + "/"); // URI.resolve drops the slash otherwise
      String u = b.resolve(new URI(t.replace(" ", "%20"))).toString();
      return web(u) ? u : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Namespace + name of the current element ({@code atom:title}), or null for a namespace the feed reader does not know. */
  private String key() {
    String ns = ns();
    String name = x.getLocalName();
    if (ns.equals(atomAlias) || ns.equals(ATOM) || ns.equals(ATOM_03)) return "atom:" + name;
    if (RSS.contains(ns)) return "rss:" + name;
    if (ns.equals(DC)) return "dc:" + name;
    if (ns.equals(CONTENT)) return "content:" + name;
    if (ns.equals(SharedFeed.NS)) return "obs:" + name;
    if (ns.equals(SharedFeed.TOMBSTONE_NS)) return "at:" + name;
    return null;
  }

  private String ns() {
    String ns = x.getNamespaceURI();
    return ns == null ? "" : ns;
  }

  /** Reads past the current element and everything inside it. */
  private void skip() throws XMLStreamException {
    for (int d = 1; d > 0; ) {
      int e = x.next();
      if (e == XMLStreamConstants.START_ELEMENT) d++;
      else if (e == XMLStreamConstants.END_ELEMENT) d--;
    }
  }

  /**
   * The text of the current element's whole subtree, read to its end: Atom xhtml and HTML written as XML have child
   * elements, which getElementText() refuses. A block element's edges count as spaces.
   */
  private String textOf() throws XMLStreamException {
    String element = x.getLocalName();
    StringBuilder sb = new StringBuilder();
    int hidden = 0; // the depth of a script or style element being read, whose text is code, not the entry's (outside QA)
    for (int d = 1; d > 0; ) {
      int e = x.next();
      if (e == XMLStreamConstants.START_ELEMENT || e == XMLStreamConstants.END_ELEMENT) {
        boolean start = e == XMLStreamConstants.START_ELEMENT;
        if (start && hidden == 0 && (x.getLocalName().equalsIgnoreCase("script") || x.getLocalName().equalsIgnoreCase("style"))) hidden = d + 1;
        if (!start && hidden == d) hidden = 0;
        d += start ? 1 : -1;
        if (d > 0 && !INLINE.contains(x.getLocalName())) sb.append(' ');
      } else if (hidden > 0) {
        continue;
      } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE) {
        if (sb.length() + x.getTextLength() > TEXT_CAP) {
          if (overlong == null) overlong = element; // read on to the element's end, keeping nothing more
          continue;
        }
        sb.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
      }
    }
    return sb.toString();
  }

  /** The most characters one element's text may hold (as a CSV record or a JSON line may hold 4 MiB). */
  static final int TEXT_CAP = CsvStream.MAX_RECORD_BYTES;
  /** The first element of the item being read whose text passed {@link #TEXT_CAP}; the item is refused by it. */
  private String overlong;

  /** RSS {@code <author>} / {@code <dc:creator>} text, or Atom's {@code <author><name>}; read to its end. */
  private String author() throws XMLStreamException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int e = x.next();
      if (e == XMLStreamConstants.END_ELEMENT) break;
      if (e == XMLStreamConstants.START_ELEMENT) {
        if (x.getLocalName().equals("name") && key() != null) sb.append(textOf());
        else skip();
      } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) sb.append(x.getText());
    }
    String a = sb.toString().strip();
    return a.isEmpty() ? null : a;
  }

  /** RSS {@code <source url="…">Outlet</source>} or Atom {@code <source><title>Outlet</title>…</source>}, read to its end. */
  private String sourceTitle() throws XMLStreamException {
    StringBuilder own = new StringBuilder();
    String title = null;
    while (true) {
      int e = x.next();
      if (e == XMLStreamConstants.END_ELEMENT) break;
      if (e == XMLStreamConstants.START_ELEMENT) {
        String k = key();
        if (title == null && ("atom:title".equals(k) || "rss:title".equals(k))) title = readText(k);
        else skip();
      } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) own.append(x.getText());
    }
    String t = title != null ? title : text(own.toString());
    return t == null ? null : t.length() > 500 ? t.substring(0, 500) : t;
  }

  /** A name for linkage; one over 500 characters, or past the 100th, is left out and said (a long deployer had vanished unsaid). */
  private static void addValue(List<String> to, String v, String element, List<String> notes) {
    String t = v == null ? "" : v.strip();
    if (t.isEmpty() || to.contains(t)) return;
    String note = t.length() > 500 ? "<" + element + "> of " + t.length() + " characters left out (at most 500)"
        : to.size() >= 100 ? "<" + element + "> past the 100th left out" : null;
    if (note == null) to.add(t);
    else if (notes.size() < 5 && !notes.contains(note)) notes.add(note); // a few say it; ten thousand would bury the rest
  }

  /**
   * Whether the element at the cursor holds markup to strip: RSS text is HTML in practice; an Atom text construct only
   * when its type says html (or an HTML media type). Atom's default, type="text", is the text as written: another
   * observatory's "<b>" in a title, or "&amp;" in a text, had been stripped or decoded a second time (outside QA,
   * 2026-12-07), which also changed the text's hash, so records shared back and forth came back as new. xhtml is read
   * as its elements' text by textOf.
   */
  private boolean markup(String key) {
    if (!key.startsWith("atom:")) return true;
    String type = x.getAttributeValue(null, "type");
    if (type == null) return false;
    String t = type.strip().toLowerCase(java.util.Locale.ROOT);
    return t.equals("html") || t.startsWith("text/html");
  }

  /** The element at the cursor as readable text: its markup stripped where {@link #markup} says it holds some. */
  private String readText(String key) throws XMLStreamException {
    boolean markup = markup(key); // the type attribute: read before textOf moves past the start tag
    String v = textOf();
    return markup ? text(v) : plain(v);
  }

  /** Text as written, its white space folded. */
  private static String plain(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.replaceAll("\\s+", " ").strip();
    return org.aigov.observatory.kernel.Text.nothingToRead(t) ? null : t;
  }

  /** Feed text is often HTML; keep the readable text only. */
  private static String text(String s) {
    if (s == null || s.isBlank()) return null;
    return plain(s.indexOf('<') >= 0 ? Jsoup.parse(s).text() : s);
  }

  @Override
  public long position() {
    return index;
  }

  /** The bar counts the document's bytes (its total is the file's size), while a resumed feed restarts by item count. */
  @Override
  public long progress(long position) {
    FeedBytes b = bytes;
    return b == null ? 0 : b.consumed;
  }

  @Override
  public void close() throws IOException {
    try {
      if (x != null) x.close();
    } catch (XMLStreamException ignored) {
      // closing only
    }
    in.close();
  }
}
