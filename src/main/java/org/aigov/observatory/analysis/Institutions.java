package org.aigov.observatory.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Importers;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The role of a public body in paper 3's "institutions" dimension, and which bodies and instruments are below the union
 * or federal level. A record's type says too little (every US body is a government_agency, from a state to an advisory
 * committee), so the seed's named bodies have curated roles (analysis/institution-roles.json) and the rest are read by
 * type and name; see docs/analysis.md, section 2.
 */
final class Institutions {
  static final String REGULATOR = "regulator", RESEARCH_ADVISORY = "research_advisory_coordination", EXECUTIVE = "executive",
      LEGISLATURE = "legislature", NOT_COUNTED = "not_counted";
  static final List<String> ROLES = List.of(REGULATOR, RESEARCH_ADVISORY, EXECUTIVE, LEGISLATURE, NOT_COUNTED);
  static final Map<String, String> CURATED = curated();
  /** AGORA's state and local authorities (authorities.csv's parent), by the id the import gives them. */
  static final Set<String> AGORA_SUB_NATIONAL = agoraSubNational();

  static final Set<String> ADVISORY_TYPES = Set.of("advisory_body", "expert_group", "task_force", "review_board");
  static final Set<String> PUBLIC_TYPES = Set.of("government_agency", "eu_institution");
  static final Pattern ADVISORY_NAME = Pattern.compile(
      "advis|committee|council|task ?force|panel|forum|working group|coordinat|commission on|expert group|research|institute|laborator"
          + "|science foundation|cent(er|re) of excellence");
  static final Pattern REGULATOR_NAME = Pattern.compile(
      "regulat|supervis|authorit|inspector|ombuds|bureau|commission|(drug|aviation|safety) administration");
  static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}"); // ISO 3166-2, e.g. US-CA
  static final Set<String> SECTORAL_COLLECTIONS = Set.of("collection:NDAA provisions", "collection:FY2025 NDAA");

  private Institutions() {}

  static String role(Entry a) {
    String c = CURATED.get(a.id);
    if (c != null) return c;
    if ("legislature".equals(a.type)) return LEGISLATURE;
    if (ADVISORY_TYPES.contains(a.type)) return RESEARCH_ADVISORY;
    if ("designated_authority_role".equals(a.type)) return REGULATOR;
    // companies, universities, think tanks and associations are not institutions of a government
    if (!PUBLIC_TYPES.contains(a.type) || subNational(a)) return NOT_COUNTED;
    String name = a.name == null ? "" : (a.name.en() != null ? a.name.en() : String.valueOf(a.name.zh())).toLowerCase(Locale.ROOT);
    if (ADVISORY_NAME.matcher(name).find()) return RESEARCH_ADVISORY;
    if (REGULATOR_NAME.matcher(name).find()) return REGULATOR;
    return EXECUTIVE;
  }

  static boolean subNational(Entry a) {
    return AGORA_SUB_NATIONAL.contains(a.id) || a.jurisdiction != null && SUBDIVISION.matcher(a.jurisdiction).matches()
        || a.tags.contains("level:subnational");
  }

  /** An instrument of a state or local government: in AGORA's state-and-local collection, or issued only by such bodies. */
  static boolean subNationalInstrument(Entry e, Graph g) {
    if (e.tags.contains("collection:U.S. state and local documents") || e.tags.contains("level:subnational")) return true;
    if (e.issuers.isEmpty()) return false;
    for (String i : e.issuers) {
      Entry a = g.get(i);
      if (a == null ? !AGORA_SUB_NATIONAL.contains(i) : !subNational(a)) return false;
    }
    return true;
  }

  /** A sectoral provision paper 3 leaves out: AGORA's defence-authorization (NDAA) sections. */
  static boolean sectoral(Entry e) {
    for (String t : e.tags) if (SECTORAL_COLLECTIONS.contains(t)) return true;
    return false;
  }

  private static Map<String, String> curated() {
    try (InputStream in = Institutions.class.getResourceAsStream("/analysis/institution-roles.json")) {
      JsonNode roles = Json.MAPPER.readTree(in).path("roles");
      Map<String, String> m = new HashMap<>();
      roles.fields().forEachRemaining(e -> {
        String r = e.getValue().path(0).asText();
        if (!ROLES.contains(r)) throw new IllegalStateException("institution-roles.json: " + e.getKey() + " has unknown role '" + r + "'");
        m.put(e.getKey(), r);
      });
      return Map.copyOf(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> agoraSubNational() {
    Set<String> out = new HashSet<>();
    try (InputStream in = Institutions.class.getResourceAsStream("/registry/agora/authorities.csv")) {
      if (in == null) return Set.of();
      InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      for (CSVRecord c : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        String name = c.get(0).replace("\uFEFF", "").strip(), parent = c.size() > 2 ? c.get(2).strip() : "";
        if (Set.of("State governments", "Local governments").contains(parent) || Set.of("State governments", "Local governments").contains(name))
          out.add("agora-auth-" + Importers.slug(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
