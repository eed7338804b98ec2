package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;

/**
 * Names of facet values in both languages, for pages and charts: a country code by the registry's name for it
 * (US → 美国 / United States), a sector or harm type by the bundled glossary {@code incidents/facet-labels-zh.csv}
 * (the monitors' own English labels, the value itself being the English). Values stay what is stored, filtered
 * and exported; only their display changes. A value without a name shows as it is.
 */
public final class FacetLabels {
  /** Looks names up by record id; the registry answers (wired in web/Modules), so this module does not reach into it. */
  @FunctionalInterface
  public interface Names {
    Map<String, Text> of(Collection<String> ids);

    Names NONE = ids -> Map.of();
  }

  /**
   * facet → lower-cased spelling variant → its canonical values (the glossary's {@code canonical} column): one for a
   * misspelling, several, joined by "|", for a cell that lists two values as one ("Financial loss, Reputational damage").
   */
  private static final Map<String, Map<String, List<String>>> CANONICAL = new HashMap<>();
  /** facet → the variant spellings as the glossary writes them. */
  private static final Map<String, List<String>> VARIANTS = new HashMap<>();
  private static final Map<String, Map<String, String>> ZH = load();

  private FacetLabels() {}

  /** A fingerprint of the canonical column: an index built under another reading of the variants is not reused. */
  static long vocabulary() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    new java.util.TreeMap<>(CANONICAL).forEach((facet, m) -> new java.util.TreeMap<>(m).forEach((variant, values) ->
        crc.update((facet + '\t' + variant + '\t' + String.join("|", values) + '\n').getBytes(StandardCharsets.UTF_8))));
    return crc.getValue();
  }

  private static Map<String, Map<String, String>> load() {
    Map<String, Map<String, String>> out = new HashMap<>();
    try (InputStream in = FacetLabels.class.getResourceAsStream("/incidents/facet-labels-zh.csv")) {
      if (in == null) throw new IllegalStateException("incidents/facet-labels-zh.csv missing");
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        // trend series keys come lower-cased; no two values of a facet differ by case alone (FacetLabelsTest)
        out.computeIfAbsent(r.get("facet"), k -> new HashMap<>()).put(r.get("value").toLowerCase(Locale.ROOT), r.get("zh"));
        if (r.isSet("canonical") && !r.get("canonical").isBlank()) {
          CANONICAL.computeIfAbsent(r.get("facet"), k -> new HashMap<>()).put(r.get("value").toLowerCase(Locale.ROOT),
              java.util.Arrays.stream(r.get("canonical").split("\\|")).map(String::strip).filter(x -> !x.isEmpty()).toList());
          VARIANTS.computeIfAbsent(r.get("facet"), k -> new java.util.ArrayList<>()).add(r.get("value"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * A sector's or harm type's canonical spelling: the sources spell some two ways ("Instutional trust loss"), and one
   * option each in the pickers, counts and trends must find both. Stored records keep their spelling.
   */
  static String canonical(String facet, String value) {
    List<String> all = canonicalValues(facet, value);
    return all.size() == 1 ? all.get(0) : value; // a joined cell typed as a filter stays itself
  }

  /** The values a stored value stands for: its canonical spelling, or each value of a cell that joined several. */
  static List<String> canonicalValues(String facet, String value) {
    if (value == null) return List.of();
    return CANONICAL.getOrDefault(facet, Map.of()).getOrDefault(value.toLowerCase(Locale.ROOT), List.of(value));
  }

  /** Every spelling of {@code value}'s canonical value (lower-cased), itself included: a listing's filter matches any. */
  static java.util.Set<String> spellings(String facet, String value) {
    String c = canonical(facet, value);
    java.util.Set<String> out = new java.util.TreeSet<>();
    out.add(c.toLowerCase(Locale.ROOT));
    out.add(value.toLowerCase(Locale.ROOT));
    CANONICAL.getOrDefault(facet, Map.of()).forEach((v, to) -> {
      if (to.stream().anyMatch(c::equalsIgnoreCase)) out.add(v); // "Financial loss" finds "Financial loss, Reputational damage"
    });
    return out;
  }

  /** The Chinese name of a sector or harm type, or null. */
  static String zh(String facet, String value) {
    return value == null ? null : ZH.getOrDefault(facet, Map.of()).get(value.toLowerCase(Locale.ROOT));
  }

  /** facet → value → {"en", "zh"} for the given values of country, sector and harm_type; values without a name left out. */
  static Map<String, Map<String, Map<String, String>>> of(Map<String, List<String>> values, Names names) {
    Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
    List<String> countries = values.getOrDefault("country", List.of());
    Map<String, Text> byId = names.of(countries.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
    Map<String, Map<String, String>> c = new TreeMap<>();
    for (String code : countries) {
      Text n = byId.get(code.toLowerCase(Locale.ROOT));
      if (n == null) n = jdkCountry(code); // a store without the registry's countries (serve --no-bundled) still names them
      if (n != null && (n.zh() != null || n.en() != null)) c.put(code, pair(n.en() != null ? n.en() : code, n.zh() != null ? n.zh() : n.en()));
    }
    out.put("country", c);
    for (String f : List.of("sector", "harm_type")) {
      Map<String, Map<String, String>> m = new TreeMap<>();
      for (String v : values.getOrDefault(f, List.of())) {
        String zh = zh(f, v);
        if (zh != null) m.put(v, pair(v, zh));
        // an incident's row still carries its record's spelling: a variant is named as its canonical value
        if (zh != null) for (String x : VARIANTS.getOrDefault(f, List.of())) if (canonical(f, x).equalsIgnoreCase(v)) m.putIfAbsent(x, pair(v, zh));
      }
      out.put(f, m);
    }
    return out;
  }

  /**
   * Every topic's {English, Chinese} name by id, and of those in {@code wanted} that were deleted, the name their history
   * last gave them: their alerts stay, and are named so, not by an id.
   */
  static Map<String, String[]> topicNames(Db db, Collection<String> wanted) {
    return db.read(c -> {
      Map<String, String[]> topics = new HashMap<>();
      for (Topics.Topic t : Topics.all(c)) topics.put(t.id(), new String[] {t.nameEn(), t.nameZh()});
      for (String id : wanted) {
        if (topics.containsKey(id)) continue;
        for (Map<String, Object> r : Sql.rows(c, "SELECT name_en, name_zh FROM incident_topic_changes WHERE topic_id = ? AND name_en IS NOT NULL"
            + " ORDER BY id DESC", id)) {
          topics.put(id, new String[] {(String) r.get("name_en"), r.get("name_zh") != null ? (String) r.get("name_zh") : (String) r.get("name_en")});
          break;
        }
      }
      return topics;
    });
  }

  /**
   * For the chart and the alerts' explanations: facet → value → {English, Chinese}, the topics' names and those of the
   * given values (countries by {@code names}).
   */
  static Map<String, Map<String, String[]>> forText(Db db, Trends.Query q, List<String> splitValues, Names names) {
    Map<String, List<String>> values = new HashMap<>();
    q.filters.forEach((k, v) -> values.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v));
    if (q.split != null) values.computeIfAbsent(q.split, x -> new java.util.ArrayList<>()).addAll(splitValues);
    Map<String, Map<String, String[]>> labels = new HashMap<>();
    labels.put("topic", topicNames(db, values.getOrDefault("topic", List.of())));
    // a risk domain given by its number ("4", as filters take it) is named as the domain it stands for
    String number = q.filters.get("risk_domain"), domain = number != null && number.matches("\\d{1,2}") ? Trends.riskDomain(db, number) : null;
    if (domain != null) values.get("risk_domain").add(domain);
    of(values, names).forEach((f, byValue) -> {
      Map<String, String[]> m = new HashMap<>();
      byValue.forEach((v, n) -> m.put(v, new String[] {n.get("en"), n.get("zh")}));
      labels.put(f, m);
    });
    if (domain != null) {
      Map<String, String[]> m = labels.computeIfAbsent("risk_domain", k -> new HashMap<>());
      m.put(number, m.getOrDefault(domain, new String[] {domain, null}));
    }
    // a series key is lower-cased: its values are named as the data spells them ("Harm type: Privacy loss", where an
    // alert read "privacy loss"; outside QA)
    q.filters.forEach((k, v) -> {
      if (k.equals("topic") || k.equals("country")) return;
      String[] held = Trends.index(db).values.get(k);
      String[] n = labels.getOrDefault(k, Map.of()).get(v);
      if (held == null || (n != null && n[0] != null && !n[0].equals(v))) return;
      for (String spelled : held)
        if (spelled.equalsIgnoreCase(v) && !spelled.equals(v)) {
          labels.computeIfAbsent(k, x -> new HashMap<>()).put(v, new String[] {spelled, n == null ? null : n[1]});
          break;
        }
    });
    return labels;
  }

  private static final java.util.Set<String> ISO_COUNTRIES = java.util.Set.of(Locale.getISOCountries());

  /** The JDK's names of an ISO 3166 code, where the registry's country import takes them from; null for a code it does not know. */
  static Text jdkCountry(String code) {
    if (code == null || !ISO_COUNTRIES.contains(code.toUpperCase(Locale.ROOT))) return null; // not ZZ as "Unknown Region"
    Locale l = new Locale("", code.toUpperCase(Locale.ROOT));
    String en = l.getDisplayCountry(Locale.ENGLISH), zh = l.getDisplayCountry(Locale.SIMPLIFIED_CHINESE);
    if (en.isEmpty() || en.equalsIgnoreCase(code)) return null;
    return Text.of(zh.isEmpty() || zh.equalsIgnoreCase(code) ? null : zh, en);
  }

  /**
   * A country filter: two letters (any case, as the filters compare) naming an ISO 3166 country, or a code the stored
   * records use; anything else would count nothing without a word, so it is a 400 naming {@code field}: country, or the
   * series of a subscription (its one field), whose detail then names the part at fault.
   */
  static void requireCountry(Db db, String country, String field) {
    if (country == null) return;
    String code = country.toLowerCase(Locale.ROOT);
    if (code.matches("[a-z]{2}") && (jdkCountry(code) != null || Gazetteer.get().names.containsKey(code.toUpperCase(Locale.ROOT))
        || db.read(c -> Sql.value(c, "SELECT 1 FROM incident_records WHERE ('; ' || LOWER(countries) || ';') LIKE ? FETCH FIRST 1 ROWS ONLY", "%; " + code + ";%")) != null))
      return;
    if (field.equals("series")) throw ApiException.badRequest(field, "country: expected an ISO 3166 alpha-2 code such as US or CN, got '" + Topics.clip(country) + "'");
    throw ApiException.badRequest(field, "expected an ISO 3166 alpha-2 code such as US or CN, got '" + Topics.clip(country) + "'");
  }

  private static Map<String, String> pair(String en, String zh) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", en);
    m.put("zh", zh);
    return m;
  }
}
