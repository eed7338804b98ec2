package org.aigov.observatory.rules;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Text;

/** A duty (or, in soft-law sets, a recommended practice) attached to a rule. */
public final class Obligation {
  public final String id;
  public final RuleSet set;
  public final Source source;
  public final String citation;
  public final long roleMask;
  public final List<String> roles;
  public final String group;
  public final long from;
  public final long to;
  public final Text text;
  /** Effective dates before any defer: obligation, rule and rule-set validity intersected. */
  long effFrom, effTo;
  /** The result entry for the common case (no defer, no suspension), built once after loading. */
  Classification.Duty duty;
  /** Crosswalk links touching this obligation, filled once the crosswalk is loaded. */
  final List<CrosswalkLink> links = new ArrayList<>();
  /** The first day one of the linked rule sets is no longer in force; 0 until first asked (Classifier#current). */
  volatile long linksLapse;

  Obligation(String id, RuleSet set, Source source, long roleMask, List<String> roles, String group, long from, long to, Text text) {
    this.id = id;
    this.set = set;
    this.source = source;
    this.citation = source.cite();
    this.roleMask = roleMask;
    this.roles = roles;
    this.group = group;
    this.from = from;
    this.to = to;
    this.text = text;
  }
}
