package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jsoup.Jsoup;

/**
 * RSS 2.0 and Atom items, streamed with StAX. DTDs are refused and external entities are never
 * resolved (XXE). A document that breaks mid-way yields an error item; the items before it stay.
 * Position is the index of the next item, so a resumed run skips what was already committed.
 */
final class FeedSource implements Ingest.ItemSource {
  private static final XMLInputFactory XIF = XMLInputFactory.newFactory();

  static {
    XIF.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XIF.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XIF.setProperty(XMLInputFactory.IS_COALESCING, true);
    XIF.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
  }

  private final InputStream in;
  private XMLStreamReader x;
  private final long skip;
  private long index;
  private final String origin;
  private final Long feedId;
  private String channelTitle;
  private String channelLang;
  private boolean finished;
  private boolean rootChecked;

  FeedSource(InputStream in, long skip, String origin) {
    this(in, skip, origin, null);
  }

  /** {@code feedId}: the monitored feed being polled, recorded on the records it adds (null for a file). */
  FeedSource(InputStream in, long skip, String origin, Long feedId) {
    this.in = in;
    this.skip = skip;
    this.origin = origin;
    this.feedId = feedId;
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
        return Ingest.Item.error("item " + (index + 1), (rootChecked ? "feed breaks off: " : "not an RSS or Atom feed: ") + msg);
      }
      if (it == null) {
        finished = true;
        return null;
      }
      index++;
      if (index <= skip) continue;
      return it;
    }
    return null;
  }

  private Ingest.Item readItem() throws XMLStreamException {
    if (x == null) x = XIF.createXMLStreamReader(in);
    while (x.hasNext()) {
      int ev = x.next();
      if (ev == XMLStreamConstants.DTD) throw new XMLStreamException("DOCTYPE declarations are not accepted in feeds");
      if (ev != XMLStreamConstants.START_ELEMENT) continue;
      String name = x.getLocalName();
      if (!rootChecked) {
        rootChecked = true;
        if (!name.equals("rss") && !name.equals("feed") && !name.equals("RDF")) throw new XMLStreamException("root element is <" + name + ">, expected <rss> or <feed>");
        String lang = x.getAttributeValue("http://www.w3.org/XML/1998/namespace", "lang");
        if (lang != null) channelLang = lang;
        continue;
      }
      if (name.equals("item") || name.equals("entry")) return item(name);
      if (name.equals("title") && channelTitle == null) channelTitle = x.getElementText().strip();
      else if (name.equals("language") && channelLang == null) channelLang = x.getElementText().strip();
    }
    return null;
  }

  private Ingest.Item item(String tag) throws XMLStreamException {
    long n = index + 1;
    Rec r = new Rec();
    r.source = "feed";
    r.feedId = feedId;
    String guid = null, date = null, summary = null, content = null, sourceTitle = null, obsDate = null;
    List<String> authors = new ArrayList<>();
    String lang = x.getAttributeValue("http://www.w3.org/XML/1998/namespace", "lang");
    int depth = 1;
    while (depth > 0 && x.hasNext()) {
      int ev = x.next();
      if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
        continue;
      }
      if (ev != XMLStreamConstants.START_ELEMENT) continue;
      String name = x.getLocalName();
      if (SharedFeed.NS.equals(x.getNamespaceURI())) { // another observatory's shared records: the fields linkage uses
        switch (name) {
          case "date" -> obsDate = x.getElementText().strip();
          case "deployer" -> addValue(r.deployers, x.getElementText());
          case "developer" -> addValue(r.developers, x.getElementText());
          case "system" -> addValue(r.systems, x.getElementText());
          case "harmed" -> addValue(r.harmed, x.getElementText());
          case "country" -> addValue(r.countries, x.getElementText());
          default -> depth++;
        }
        continue;
      }
      switch (name) {
        case "title" -> r.title = text(x.getElementText());
        case "link" -> {
          String href = x.getAttributeValue(null, "href");
          String rel = x.getAttributeValue(null, "rel");
          if (href != null) {
            if (rel == null || rel.equals("alternate")) r.url = href.strip();
            x.getElementText();
          } else {
            r.url = x.getElementText().strip();
          }
        }
        case "guid", "id" -> guid = x.getElementText().strip();
        case "pubDate", "published", "date" -> date = x.getElementText().strip();
        case "updated" -> {
          String u = x.getElementText().strip();
          if (date == null) date = u;
        }
        case "description", "summary" -> summary = x.getElementText();
        case "encoded", "content" -> content = x.getElementText();
        case "creator" -> authors.add(x.getElementText().strip());
        case "source" -> sourceTitle = sourceTitle(); // the outlet an aggregated entry came from; its title is not the entry's
        case "author" -> {
          // RSS: text; Atom: <author><name>…</name></author>
          StringBuilder sb = new StringBuilder();
          int d = 1;
          while (d > 0 && x.hasNext()) {
            int e = x.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
              d++;
              if (x.getLocalName().equals("name")) {
                sb.append(x.getElementText());
                d--;
              }
            } else if (e == XMLStreamConstants.END_ELEMENT) d--;
            else if (e == XMLStreamConstants.CHARACTERS && d == 1) sb.append(x.getText());
          }
          if (!sb.toString().isBlank()) authors.add(sb.toString().strip());
        }
        default -> depth++;
      }
    }
    String loc = "item " + n;
    r.body = text(content != null ? content : summary);
    r.authors = authors;
    r.outlet = sourceTitle != null ? sourceTitle : channelTitle != null ? channelTitle : origin;
    r.language = lang != null ? lang : channelLang;
    if (r.language == null) r.language = Tokens.mostlyCjk(r.text()) ? "zh" : "en";
    if (r.language.length() > 16) r.language = r.language.substring(0, 16);
    if (guid != null && r.url == null && guid.matches("(?i)^https?://.*")) r.url = guid;
    r.sourceId = guid != null ? guid : r.url;
    if (r.title == null && r.body == null) return Ingest.Item.error(loc, "item has neither title nor description");
    if (obsDate != null) date = obsDate; // a bare year stays a year (Clusterer.yearOnly), not 1 January
    r.dateText = date;
    try {
      r.date = Dates.parse(date);
    } catch (IllegalArgumentException e) {
      return Ingest.Item.error(loc, "pubDate: " + e.getMessage());
    }
    return new Ingest.Item(loc, r, null, List.of());
  }

  /** RSS {@code <source url="…">Outlet</source>} or Atom {@code <source><title>Outlet</title>…</source>}, read to its end. */
  private String sourceTitle() throws XMLStreamException {
    StringBuilder own = new StringBuilder();
    String title = null;
    int d = 1;
    while (d > 0 && x.hasNext()) {
      int e = x.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        if (d == 1 && x.getLocalName().equals("title") && title == null) title = text(x.getElementText());
        else d++;
      } else if (e == XMLStreamConstants.END_ELEMENT) d--;
      else if ((e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) && d == 1) own.append(x.getText());
    }
    String t = title != null ? title : text(own.toString());
    return t == null ? null : t.length() > 500 ? t.substring(0, 500) : t;
  }

  private static void addValue(List<String> to, String v) {
    String t = v == null ? "" : v.strip();
    if (!t.isEmpty() && t.length() <= 500 && to.size() < 100 && !to.contains(t)) to.add(t);
  }

  /** Feed text is often HTML; keep the readable text only. */
  private static String text(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.indexOf('<') >= 0 ? Jsoup.parse(s).text() : s;
    t = t.replaceAll("\\s+", " ").strip();
    return t.isEmpty() ? null : t;
  }

  @Override
  public long position() {
    return index;
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
