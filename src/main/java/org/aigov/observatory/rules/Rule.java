package org.aigov.observatory.rules;

import java.util.List;
import org.aigov.observatory.kernel.Text;

/** One compiled rule: a condition over profile answers and earlier facts, and its effects. */
final class Rule {
  final String id;
  final RuleSet set;
  final Source source;
  final String citation;
  final Cond when;
  final long from, to;
  final int fact;            // -1 if none
  final String factName;
  final String tier;         // null if none
  final int tierRank;
  final String gpai;
  final Text contradiction;
  final List<String> deferGroups;
  final long deferTo;
  final List<String> suspendGroups;
  final Text suspendReason;
  final long addRoleMask;
  final List<Obligation> obligations;
  final int[] fields;        // profile fields the condition reads
  final String effect;       // short description for the trace
  final Text note;
  /** OR of the roles of this rule's obligations, and whether obligations are its only effect. */
  final long obligationRoles;
  /** The roles a suspension lifts (Art. 2(10): the deployer's); 0 = every role. Set after construction, as presumable. */
  long suspendRoles;
  /** The roles the tier is for (Art. 5(1)(h) prohibits a use: the deployer's); 0 = every role. Set after construction. */
  long tierRoles;
  /** Facts the condition reads, to name the questions that leave it undetermined. Set after construction. */
  int[] factsRead = new int[0];
  /** A deferral presumed to apply while undetermined (Art. 113(c)): its duties are listed from the later date, flagged. */
  boolean deferPresumed;
  /** A bookkeeping fact for later rules (e.g. "Annex III other than point 2"), not a reason to show. */
  boolean helper;
  /** Referenced fields that carry a presumption (set after the schema is known). */
  int[] presumable = new int[0];
  final boolean onlyObligations;

  Rule(String id, RuleSet set, Source source, Cond when, long from, long to, int fact, String factName, String tier,
      int tierRank, String gpai, Text contradiction, List<String> deferGroups, long deferTo, List<String> suspendGroups,
      Text suspendReason, long addRoleMask, List<Obligation> obligations, int[] fields, String effect, Text note) {
    this.id = id;
    this.set = set;
    this.source = source;
    this.citation = source == null ? null : source.cite();
    this.when = when;
    this.from = from;
    this.to = to;
    this.fact = fact;
    this.factName = factName;
    this.tier = tier;
    this.tierRank = tierRank;
    this.gpai = gpai;
    this.contradiction = contradiction;
    this.deferGroups = deferGroups;
    this.deferTo = deferTo;
    this.suspendGroups = suspendGroups;
    this.suspendReason = suspendReason;
    this.addRoleMask = addRoleMask;
    this.obligations = obligations;
    this.fields = fields;
    this.effect = effect;
    this.note = note;
    long m = 0;
    for (Obligation o : obligations) m |= o.roleMask;
    this.obligationRoles = m;
    this.onlyObligations = !obligations.isEmpty() && fact < 0 && tier == null && gpai == null && deferGroups.isEmpty()
        && suspendGroups.isEmpty() && addRoleMask == 0;
  }
}
