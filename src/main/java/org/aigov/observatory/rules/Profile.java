package org.aigov.observatory.rules;

/** A parsed input profile: one slot per schema field, null when unanswered. Immutable once parsed. */
public final class Profile {
  final Object[] values;
  public final String name;

  Profile(Object[] values, String name) {
    this.values = values;
    this.name = name;
  }
}
