package org.aigov.observatory.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Text;

/**
 * One registry record: an instrument, an actor or a relation between two records. The JSON form
 * (snake_case) is the API body, the stored document and the bundled seed format.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(value = {"version", "updated_at"}, allowGetters = true)
@JsonPropertyOrder({"id", "kind", "type", "name", "summary"})
public class Entry {
  public String id;
  public String kind;
  public String type;
  public Text name;
  public Text summary;
  /** ISO 3166 alpha-2 code, "EU", "INTL", or another stable jurisdiction code. */
  public String jurisdiction;
  /** Ids of issuing actors (instruments only). */
  public List<String> issuers = new ArrayList<>();
  /** Adopted / issued / founded. */
  public PartialDate date;
  @JsonProperty("date_effective")
  public PartialDate dateEffective;
  @JsonProperty("date_end")
  public PartialDate dateEnd;
  public String binding;
  @JsonProperty("governance_layers")
  public List<String> governanceLayers = new ArrayList<>();
  @JsonProperty("risk_categories")
  public List<String> riskCategories = new ArrayList<>();
  public List<String> lifecycle = new ArrayList<>();
  @JsonProperty("org_form")
  public String orgForm;
  public String status;
  public List<Source> sources = new ArrayList<>();
  public List<String> tags = new ArrayList<>();
  /** Seed papers (1-5) that name this record or state this relation. */
  public List<Integer> papers = new ArrayList<>();
  /** Rows of the seed's tables, e.g. "P5-T1-r01". */
  @JsonProperty("table_refs")
  public List<String> tableRefs = new ArrayList<>();
  public String notes;
  /**
   * Set only by publishing a filing: the filing's id, type, party and version, the SHA-256 of its published document
   * and of its whole workflow, and its public history. Being part of the record, it is in the transparency log.
   */
  public com.fasterxml.jackson.databind.JsonNode filing;

  // relations only
  public String source;
  public String target;

  // set by the store, ignored on input
  public Long version;
  @JsonProperty("updated_at")
  public String updatedAt;
  /** Set by the store when the current version is a deletion. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean deleted;
  /** Set by the store: SHA-256 of the stored document. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String contentHash;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(String url, String citation, Integer paper) {}
}
