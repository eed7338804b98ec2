package org.aigov.observatory.filings;

import java.util.List;
import java.util.Map;

/** Atom 1.0 feed of published filings. */
final class Feed {
  private Feed() {}

  static String atom(String self, String party, String type, List<Map<String, Object>> items) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    String scope = (party == null ? "" : " · " + party) + (type == null ? "" : " · " + type);
    b.append("  <title>").append(x("Filings published / 已发布的报送" + scope)).append("</title>\n");
    b.append("  <id>").append(x("urn:aigov-observatory:filings:" + (party == null ? "all" : party) + ":" + (type == null ? "all" : type))).append("</id>\n");
    b.append("  <link rel=\"self\" href=\"").append(x(self)).append("\"/>\n");
    String updated = items.isEmpty() ? "1970-01-01T00:00:00Z" : (String) items.get(0).get("published_at");
    b.append("  <updated>").append(x(updated)).append("</updated>\n");
    for (Map<String, Object> f : items) {
      b.append("  <entry>\n");
      b.append("    <id>urn:aigov-observatory:filing:").append(x((String) f.get("id"))).append("</id>\n");
      b.append("    <title>").append(x(String.valueOf(f.get("title")))).append("</title>\n");
      b.append("    <updated>").append(x((String) f.get("published_at"))).append("</updated>\n");
      b.append("    <author><name>").append(x((String) f.get("party"))).append("</name></author>\n");
      b.append("    <category term=\"").append(x((String) f.get("type"))).append("\"/>\n");
      b.append("    <link href=\"/filings/view.html?id=").append(x((String) f.get("id"))).append("\"/>\n");
      b.append("  </entry>\n");
    }
    return b.append("</feed>\n").toString();
  }

  static String x(String s) {
    if (s == null) return "";
    StringBuilder o = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '&' -> o.append("&amp;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&apos;");
        default -> {
          if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') continue; // not allowed in XML 1.0
          o.append(ch);
        }
      }
    }
    return o.toString();
  }
}
