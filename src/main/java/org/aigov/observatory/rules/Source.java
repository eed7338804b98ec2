package org.aigov.observatory.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The legal source of a rule or obligation: instrument plus article/paragraph/point or annex point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String instrument, String article, String paragraph, String subparagraph, String point,
    String annex, String annex_point, String section, String clause) {

  static final String[] KEYS = {"article", "paragraph", "subparagraph", "point", "annex", "annex_point", "section", "clause"};

  boolean empty() {
    return article == null && annex == null && section == null && clause == null;
  }

  /** Human citation, e.g. "Regulation (EU) 2024/1689, Art. 50(4), second subparagraph". */
  public String cite() {
    StringBuilder b = new StringBuilder(instrument == null ? "" : instrument);
    StringBuilder loc = new StringBuilder();
    if (article != null) {
      loc.append("Art. ").append(article);
      if (paragraph != null) loc.append('(').append(paragraph).append(')');
      if (point != null) loc.append('(').append(point).append(')');
      if (subparagraph != null) loc.append(", ").append(subparagraph).append(" subparagraph");
    }
    if (section != null) loc.append(loc.length() > 0 ? "; " : "").append(section);
    if (clause != null) loc.append(loc.length() > 0 ? "; " : "").append("clause ").append(clause);
    if (annex != null) {
      loc.append(loc.length() > 0 ? " and " : "").append("Annex ").append(annex);
      // Annex I is divided into sections, not points: "Annex I, Section A"
      if (annex_point != null) loc.append(annex_point.startsWith("Section ") ? ", " : ", point ").append(annex_point);
    }
    if (loc.length() > 0) b.append(b.length() > 0 ? ", " : "").append(loc);
    return b.toString();
  }
}
