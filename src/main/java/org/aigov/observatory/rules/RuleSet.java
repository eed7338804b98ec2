package org.aigov.observatory.rules;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Text;

/** One versioned rule file: an instrument (or standard) as data. */
public final class RuleSet {
  public final String id;
  public final int version;
  public final String file;
  public final String jurisdiction;
  public final String binding;
  public final Text title;
  public final String instrument;
  public final String url;
  public final long validFrom;
  public final long validTo;
  public final Text status;
  public final String attribution;
  final List<Rule> rules = new ArrayList<>();

  RuleSet(String id, int version, String file, String jurisdiction, String binding, Text title, String instrument,
      String url, long validFrom, long validTo, Text status, String attribution) {
    this.id = id;
    this.version = version;
    this.file = file;
    this.jurisdiction = jurisdiction;
    this.binding = binding;
    this.title = title;
    this.instrument = instrument;
    this.url = url;
    this.validFrom = validFrom;
    this.validTo = validTo;
    this.status = status;
    this.attribution = attribution;
  }

  public List<Obligation> obligations() {
    List<Obligation> out = new ArrayList<>();
    for (Rule r : rules) out.addAll(r.obligations);
    return out;
  }

  public int ruleCount() {
    return rules.size();
  }

  private final java.util.Map<String, org.aigov.observatory.rules.Classification.SetStatus> statusCache = new java.util.concurrent.ConcurrentHashMap<>();

  Classification.SetStatus statusRecord(String st) {
    return statusCache.computeIfAbsent(st, k -> new Classification.SetStatus(id, version, binding, k, Classifier.day(validFrom),
        validTo == Long.MAX_VALUE ? null : Classifier.day(validTo), status));
  }

  boolean inForce(long day) {
    return validFrom <= day && day < validTo;
  }
}
