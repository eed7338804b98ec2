package org.aigov.observatory.rules;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Text;

/**
 * The result of classifying one profile on one date. Serialises as one object with meta fields
 * ({@code on}, {@code contradictions}, ...) and one entry per jurisdiction code (EU, CN, US, ISO).
 */
@JsonPropertyOrder({"on", "profile", "complete", "contradictions", "open_questions"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Classification {
  public String on;
  public String profile;
  public boolean complete;
  public List<Contradiction> contradictions;
  /** Questions that are open in at least one jurisdiction, in questionnaire order. */
  public List<Question> open_questions;
  final Map<String, Result> byCode = new LinkedHashMap<>();

  @JsonAnyGetter
  public Map<String, Result> jurisdictions() {
    return byCode;
  }

  public Result get(String code) {
    return byCode.get(code);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Contradiction(String check, List<String> fields, Text text) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Question(String field, Text label, Text question, Text help, String type, List<String> options, List<String> asked_by,
      Object presumed) {}

  /** One answer a rule read; value is null (and kept in the JSON) when unanswered. */
  public record Input(String field, Object value, String status) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SetStatus(String id, int version, String binding, String status, String valid_from, String valid_to, Text note) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Link(String regime, String id, String citation, String relation) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Duty(String id, String rule_set, String binding, List<String> role, String citation, String applies_from,
      String applies_to, Text text, String fired_by, Text suspended_because, List<String> depends_on, List<Link> also_counts_towards) {}

  /**
   * One trace line: which rule fired (or stayed undetermined) on which answers. The answers map is
   * rendered when read, so classification itself only records the rule and the profile.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"rule", "citation", "result", "effect", "reason", "answers", "inputs", "blocked_by", "note"})
  @com.fasterxml.jackson.annotation.JsonAutoDetect(getterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE, fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
  public static final class Step {
    private final String rule, citation, result, effect;
    private final Text note;
    private final Rule source;
    private final Object[] values, answered;
    private final java.util.List<Field> fields;
    /** False for a fired rule that is no reason for this profile's result (a helper fact, other roles' duties). */
    Boolean reason;
    /** Questions that leave an undetermined rule open through the facts it reads; null when not computed. */
    java.util.function.Supplier<List<String>> blockedBy;

    Step(String rule, String citation, String result, String effect, Text note, Rule source, Object[] values, Object[] answered,
        java.util.List<Field> fields) {
      this.answered = answered;
      this.rule = rule;
      this.citation = citation;
      this.result = result;
      this.effect = effect;
      this.note = note;
      this.source = source;
      this.values = values;
      this.fields = fields;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("rule") public String rule() { return rule; }
    @com.fasterxml.jackson.annotation.JsonProperty("citation") public String citation() { return citation; }
    @com.fasterxml.jackson.annotation.JsonProperty("result") public String result() { return result; }
    @com.fasterxml.jackson.annotation.JsonProperty("effect") public String effect() { return effect; }
    @com.fasterxml.jackson.annotation.JsonProperty("note") public Text note() { return note; }
    @com.fasterxml.jackson.annotation.JsonProperty("reason") public Boolean reason() { return reason; }
    Rule source() { return source; }
    @com.fasterxml.jackson.annotation.JsonProperty("blocked_by") public List<String> blocked_by() {
      return blockedBy == null ? null : blockedBy.get();
    }

    @com.fasterxml.jackson.annotation.JsonProperty("answers") public Map<String, Object> answers() {
      if (source == null) return null;
      Map<String, Object> answers = new LinkedHashMap<>(source.fields.length * 2);
      for (int fi : source.fields) {
        Field f = fields.get(fi);
        Object shown = values[fi] == null ? "(unanswered)" : ProfileSchema.render(f, values[fi]);
        if (values[fi] != null && answered[fi] == null)
          shown = f.onlyIf != null && f.presumed == null ? "(not asked, implied " + shown + ")" : "(unanswered, presumed " + shown + ")";
        answers.put(f.name, shown);
      }
      return answers;
    }

    /**
     * The answers in structured form, for a page that names them by label in its own language:
     * field, value (as in a profile; null when unanswered) and status answered, presumed, implied or unanswered.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("inputs") public List<Input> inputs() {
      if (source == null) return null;
      List<Input> out = new java.util.ArrayList<>(source.fields.length);
      for (int fi : source.fields) {
        Field f = fields.get(fi);
        String status = values[fi] == null ? "unanswered" : answered[fi] != null ? "answered"
            : f.onlyIf != null && f.presumed == null ? "implied" : "presumed";
        out.add(new Input(f.name, ProfileSchema.render(f, values[fi]), status));
      }
      return out;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"tier", "tier_basis", "tier_applies_from", "possible_tiers", "gpai", "possible_gpai", "rule_sets",
      "obligations", "upcoming", "expired", "suspended", "trace", "open_questions", "complete"})
  public static final class Result {
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String tier;
    public List<String> tier_basis;
    public String tier_applies_from;
    public List<String> possible_tiers;
    public String gpai;
    public List<String> possible_gpai;
    public List<SetStatus> rule_sets;
    public List<Duty> obligations;
    public List<Duty> upcoming;
    public List<Duty> expired;
    public List<Duty> suspended;
    public List<Step> trace;
    public List<Question> open_questions;
    public boolean complete;
  }
}
