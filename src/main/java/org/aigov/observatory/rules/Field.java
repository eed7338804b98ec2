package org.aigov.observatory.rules;

import java.util.List;
import org.aigov.observatory.kernel.Text;

/** One question of the input profile, declared in rules/profile-schema.yaml. */
public final class Field {
  public enum Type { BOOL, STRING, ENUM, ENUM_LIST, NUMBER, DATE, META }

  public final String name;
  public final Type type;
  public final int idx;
  public final List<String> options;
  public final Text question;
  public final Text help;
  /** Short name of the question ("Annex III use cases"), for answers named in reasons and on the page; null for meta fields. */
  public Text label;
  public final String group;
  /** For numbers: smallest admissible value. */
  public final Double min;
  /** For dates: a date field this one may not precede. */
  public final String notBefore;
  /**
   * Value assumed while unanswered, for exceptions and derogations the operator must invoke (the
   * Regulation applies unless they are claimed). Null: no presumption, the question stays open.
   */
  Object presumed;
  /**
   * Precondition of a yes/no question (profile-schema.yaml {@code only_if}): when it is answered negatively the
   * question is not asked and taken as "no" (no public-interest text without text output). Null: always asked.
   */
  Cond onlyIf;
  /** A list that may not be empty (jurisdictions: an empty one would ask for no result). */
  boolean nonEmpty;

  Field(String name, Type type, int idx, List<String> options, Text question, Text help, String group,
      Double min, String notBefore) {
    this.name = name;
    this.type = type;
    this.idx = idx;
    this.options = options;
    this.question = question;
    this.help = help;
    this.group = group;
    this.min = min;
    this.notBefore = notBefore;
  }

  int option(String v) {
    return options.indexOf(v);
  }
}
