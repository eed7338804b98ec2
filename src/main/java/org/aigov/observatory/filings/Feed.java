package org.aigov.observatory.filings;

import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Xml;

/** Atom 1.0 feed of published filings. */
final class Feed {
  private Feed() {}

  /** Each filing type's name, English / Chinese, as the feed's own title gives both. */
  static final Map<String, String> TYPE_LABELS = Map.of("rules_report", "National AI rules report / 国家人工智能规则报告",
      "disclosure", "AI system or model disclosure / 人工智能系统/模型披露", "incident", "Incident report / 事件报告");

  /**
   * An entry's title: the reporter's own for disclosures and incidents; a rules report's, which the server words
   * ("AI rules report CN 2025"), in both languages.
   */
  static String entryTitle(String type, String title) {
    if ("rules_report".equals(type) && title != null && title.startsWith(Forms.RULES_REPORT_TITLE)) {
      String rest = title.substring(Forms.RULES_REPORT_TITLE.length());
      return "National AI rules report: " + rest + " / 国家人工智能规则报告：" + rest;
    }
    return String.valueOf(title);
  }

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
      b.append("    <title>").append(Xml.text(entryTitle((String) f.get("type"), (String) f.get("title")))).append("</title>\n");
      b.append("    <updated>").append(Xml.text((String) f.get("published_at"))).append("</updated>\n");
      b.append("    <author><name>").append(Xml.text((String) f.get("party"))).append("</name></author>\n");
      String kind = (String) f.get("type");
      b.append("    <category term=\"").append(Xml.text(kind)).append("\"").append(TYPE_LABELS.containsKey(kind)
          ? " label=\"" + Xml.text(TYPE_LABELS.get(kind)) + "\"" : "").append("/>\n");
      b.append("    <link href=\"").append(Xml.text(org.aigov.observatory.kernel.PublicUrl.link("/filings/view.html?id="))).append(Xml.text((String) f.get("id"))).append("\"/>\n");
      b.append("  </entry>\n");
    }
    return b.append("</feed>\n").toString();
  }
}
