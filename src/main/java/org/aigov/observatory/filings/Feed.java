package org.aigov.observatory.filings;

import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Xml;

/** Atom 1.0 feed of published filings. */
final class Feed {
  private Feed() {}

  static String atom(String self, String party, String type, List<Map<String, Object>> items) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    String scope = (party == null ? "" : " · " + party) + (type == null ? "" : " · " + type);
    b.append("  <title>").append(Xml.text("Filings published / 已发布的报送" + scope)).append("</title>\n");
    b.append("  <id>").append(Xml.text("urn:aigov-observatory:filings:" + (party == null ? "all" : party) + ":" + (type == null ? "all" : type))).append("</id>\n");
    b.append("  <link rel=\"self\" href=\"").append(Xml.text(self)).append("\"/>\n");
    // an empty feed was last updated now, not in 1970 (readers sort and expire by it)
    String updated = items.isEmpty() ? java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString() : (String) items.get(0).get("published_at");
    b.append("  <updated>").append(Xml.text(updated)).append("</updated>\n");
    for (Map<String, Object> f : items) {
      b.append("  <entry>\n");
      b.append("    <id>urn:aigov-observatory:filing:").append(Xml.text((String) f.get("id"))).append("</id>\n");
      b.append("    <title>").append(Xml.text(String.valueOf(f.get("title")))).append("</title>\n");
      b.append("    <updated>").append(Xml.text((String) f.get("published_at"))).append("</updated>\n");
      b.append("    <author><name>").append(Xml.text((String) f.get("party"))).append("</name></author>\n");
      b.append("    <category term=\"").append(Xml.text((String) f.get("type"))).append("\"/>\n");
      b.append("    <link href=\"").append(Xml.text(org.aigov.observatory.kernel.PublicUrl.link("/filings/view.html?id="))).append(Xml.text((String) f.get("id"))).append("\"/>\n");
      b.append("  </entry>\n");
    }
    return b.append("</feed>\n").toString();
  }
}
