package org.aigov.observatory.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aigov.observatory.kernel.Utf8;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.Text;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Importers for the registry's datasets: the registry's own JSON (bundled seed and exports),
 * AGORA (documents.csv + authorities.csv) and the ISO 3166 / UN M49 country list. Re-importing the
 * same input changes nothing; bad rows are skipped with their line, or the whole import is refused
 * in strict mode.
 */
public final class Importers {
  public static final String ACTOR = "import";
  private final Registry registry;

  public Importers(Registry registry) {
    this.registry = registry;
  }

  /** A row waiting to be written, with where it came from. */
  record Row(long line, Entry entry, String error) {}

  // ---------------------------------------------------------------- registry JSON

  /** A record as the API reads one: a field it does not know is an error naming it, not dropped without a word. */
  private static final com.fasterxml.jackson.databind.ObjectReader RECORD = Json.MAPPER.readerFor(Entry.class)
      .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ImportReport importJson(InputStream in, String name, boolean strict, Progress progress) throws IOException {
    List<Row> rows = new ArrayList<>();
    JsonParser p = null;
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(strictUtf8(in))) {
      p = parser;
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // a key given twice is a malformed file, as the API says
      if (p.nextToken() != JsonToken.START_ARRAY) throw ApiException.badRequest(null, name + ": expected a JSON array of records");
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        long line = p.currentLocation().getLineNr();
        com.fasterxml.jackson.databind.JsonNode node = p.readValueAsTree(); // malformed JSON aborts the import, naming its line
        String id = node.path("id").isTextual() ? " (id " + node.get("id").asText() + ")" : "";
        if (node.toString().contains("\\u0000")) { // as the API refuses it: PostgreSQL text cannot hold it, and no name needs it
          rows.add(new Row(line, null, "not a valid record" + id + ": contains the NUL character (U+0000), which no text field can hold"));
          continue;
        }
        try {
          rows.add(new Row(line, RECORD.readValue(node), null));
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ex) {
          rows.add(new Row(line, null, "not a valid record" + id + ": " + fieldPath(ex) + ": unknown field"));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException ex) { // Jackson's words name Java classes
          rows.add(new Row(line, null, "not a valid record" + id + ": " + fieldPath(ex) + ": wrong type"));
        } catch (IOException | IllegalArgumentException ex) {
          Throwable root = ex;
          while (root.getCause() != null) root = root.getCause();
          String why = root instanceof ApiException ? root.getMessage() : firstLine(ex.getMessage());
          rows.add(new Row(line, null, "not a valid record" + id + ": " + why));
        }
      }
      // [{…}, 5, {…}] stopped at the 5 and imported the first record as if that were all
      if (t != JsonToken.END_ARRAY)
        throw ApiException.badRequest(name, "line " + p.currentLocation().getLineNr() + ": expected a record (a JSON object) or the end of the array");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // one line naming the place, as classify says it, not Jackson's exception and stack trace
      throw ApiException.badRequest(name, org.aigov.observatory.kernel.Http.malformedJson(e));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw ApiException.badRequest(name, "not valid UTF-8 near line " + (p == null ? 1 : p.currentLocation().getLineNr()) + "; save the file as UTF-8");
    }
    return write(name, rows, strict, progress);
  }

  // ---------------------------------------------------------------- countries

  /** Id prefix of a state whose code is taken by another actor of the seed. */
  public static final String STATE_ID_PREFIX = "state-";

  /** Chinese names the JDK's locale data gets wrong for this product's readers. */
  private static final Map<String, String> ZH_NAME = Map.of("TW", "中国台湾");

  /** ISO 3166 / UN M49 list: adds states that are missing and tags every state with its UN region. */
  public ImportReport importCountries(Reader in, String name, boolean strict, Progress progress) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      // another file given as the countries list (a JSON file, a different CSV) is one error, not a row error per line
      String header = String.join(",", csv.getHeaderNames());
      if (!csv.getHeaderNames().containsAll(List.of("name", "alpha-2", "alpha-3")))
        throw ApiException.badRequest(name, "not the ISO 3166 countries CSV: its header needs name, alpha-2, alpha-3 (and region, sub-region); found "
            + (header.length() > 200 ? header.substring(0, 200) + "…" : header));
      long end = csv.getCurrentLineNumber();
      try {
        for (CSVRecord r : csv) {
          long line = end + 1;
          end = Math.max(line, csv.getCurrentLineNumber());
          try {
            String bad = badUtf8(in, line - 1, end);
            if (bad != null) throw ApiException.badRequest(null, bad);
            if (!r.isConsistent()) throw ApiException.badRequest(null, "expected " + csv.getHeaderNames().size() + " columns, found " + r.size());
            if (get(r, "alpha-3") == null || !get(r, "alpha-3").matches("[A-Z]{3}"))
              throw ApiException.badRequest("alpha-3", "expected three capital letters, got '" + get(r, "alpha-3") + "'");
            String a2 = get(r, "alpha-2");
            if (a2 == null || !a2.matches("[A-Z]{2}")) throw ApiException.badRequest("alpha-2", "expected two capital letters, got '" + a2 + "'");
            String id = a2.toLowerCase(Locale.ROOT);
            Entry e = registry.find(id).orElse(null);
            // the seed's "va" is the US Department of Veterans Affairs: the Holy See must not be merged into it
            if (e != null && "actor".equals(e.kind) && !"state".equals(e.type)) {
              if (e.tags.stream().anyMatch(t -> t.startsWith("iso3:"))) { // a store made before this: take the state's tags off it
                Entry own = e;
                own.version = null;
                own.updatedAt = null;
                own.tags = new ArrayList<>(own.tags);
                own.tags.removeIf(t -> t.startsWith("iso3:") || t.startsWith("un_region:") || t.startsWith("un_subregion:"));
                rows.add(new Row(line, own, null));
              }
              id = STATE_ID_PREFIX + id;
              e = registry.find(id).orElse(null);
            }
            if (e == null) {
              e = new Entry();
              e.id = id;
              e.kind = "actor";
              e.type = "state";
              String zh = ZH_NAME.getOrDefault(a2, new Locale("", a2).getDisplayCountry(Locale.SIMPLIFIED_CHINESE));
              e.name = Text.of(zh.equals(a2) ? null : zh, get(r, "name"));
              e.jurisdiction = a2;
              e.sources.add(new Entry.Source(null, "ISO 3166-1 with UN M49 regions (lukes/ISO-3166-Countries-with-Regional-Codes, CC BY-SA 4.0)", null));
            } else if (!"actor".equals(e.kind)) {
              throw ApiException.badRequest("alpha-2", "id " + id + " is taken by a " + e.kind);
            }
            e.version = null;
            e.updatedAt = null;
            List<String> tags = new ArrayList<>(e.tags);
            tags.removeIf(t -> t.startsWith("iso3:") || t.startsWith("un_region:") || t.startsWith("un_subregion:"));
            tags.add("iso3:" + get(r, "alpha-3"));
            if (get(r, "region") != null) tags.add("un_region:" + get(r, "region"));
            if (get(r, "sub-region") != null) tags.add("un_subregion:" + get(r, "sub-region"));
            e.tags = tags;
            rows.add(new Row(line, e, null));
          } catch (ApiException ex) {
            rows.add(new Row(line, null, ex.getMessage()));
          }
        }
      } catch (java.io.UncheckedIOException | IllegalStateException broken) {
        rows.add(new Row(end + 1, null, unreadable(in, end + 1, broken)));
      }
      trailingBadUtf8(in, end, rows);
    } catch (java.io.UncheckedIOException | IllegalArgumentException broken) { // the header itself unreadable
      throw ApiException.badRequest(name, unreadable(in, 1, broken));
    }
    return write(name, rows, strict, progress);
  }

  // ---------------------------------------------------------------- AGORA

  /** AGORA (ETO/CSET): {@code dir} holds documents.csv and authorities.csv. */
  public ImportReport importAgora(Path dir, boolean strict, Progress progress) throws IOException {
    Path docs = dir.resolve("documents.csv");
    Path auths = dir.resolve("authorities.csv");
    if (!Files.isRegularFile(docs)) throw ApiException.badRequest("path", "no documents.csv in " + dir);
    if (!Files.isRegularFile(auths)) throw ApiException.badRequest("path", "no authorities.csv in " + dir);
    try (Reader a = csvReader(Files.newInputStream(auths)); Reader d = csvReader(Files.newInputStream(docs))) {
      return importAgora(a, d, strict, progress);
    }
  }

  public ImportReport importAgora(Reader authorities, Reader documents, boolean strict, Progress progress) throws IOException {
    List<Row> rows = new ArrayList<>();
    Map<String, String> authorityJurisdiction = new HashMap<>();
    Map<String, String> authorityId = new HashMap<>();
    try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get().parse(authorities)) {
      agoraHeader("authorities.csv", csv.getHeaderNames(), List.of("Name", "Jurisdiction"));
      long end = csv.getCurrentLineNumber();
      for (CSVRecord r : csv) {
        long line = csv.getCurrentLineNumber();
        String bad = badUtf8(authorities, end, Math.max(line, end + 1));
        end = Math.max(line, end + 1);
        if (bad != null) {
          rows.add(new Row(-line, null, "authorities.csv: " + bad));
          continue;
        }
        String name = get(r, "Name");
        if (name == null) {
          rows.add(new Row(line, null, "authorities.csv: Name is empty"));
          continue;
        }
        String jur = agoraJurisdiction(get(r, "Jurisdiction"), name);
        Entry e = new Entry();
        e.id = "agora-auth-" + slug(name);
        e.kind = "actor";
        e.type = name.contains("Congress") ? "legislature"
            : name.equals("Private-sector companies") ? "company"
            : name.startsWith("Government of") || name.endsWith("government") || name.endsWith("governments") ? "government_agency"
            : jur != null && jur.equals("INTL") ? "international_org" : "government_agency";
        e.name = Text.of(AGORA_AUTHORITIES_ZH.get(name), name);
        e.jurisdiction = jur;
        e.tags.add("agora");
        e.sources.add(new Entry.Source("https://eto.tech/dataset-docs/agora-dataset/", "Emerging Technology Observatory AGORA dataset, authorities.csv", null));
        authorityJurisdiction.put(name, jur);
        authorityId.put(name, e.id);
        rows.add(new Row(-line, e, null)); // negative: line of authorities.csv
        String[] pair = AGORA_AUTHORITIES_SAME_AS.get(name);
        Entry same = pair == null ? null : sameAs(e, pair[0], pair[1], "AGORA 发布机构“" + name + "”即", "AGORA authority '" + name + "' is the same as ", Map.of());
        if (same != null) rows.add(new Row(-line, same, null));
      }
    }
    try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(documents)) {
      List<String> header = csv.getHeaderNames();
      agoraHeader("documents.csv", header, List.of("AGORA ID", "Official name"));
      long end = csv.getCurrentLineNumber(); // the header's
      try {
        for (CSVRecord r : csv) {
          long line = end + 1; // where the row starts: a row with a multi-line summary was named by its last line
          end = Math.max(line, r.getParser().getCurrentLineNumber());
          String bad = badUtf8(documents, line - 1, end);
          try {
            if (bad != null) throw ApiException.badRequest(null, bad);
            rows.add(new Row(line, agoraDocument(r, header, authorityJurisdiction, authorityId), null));
          } catch (ApiException ex) {
            rows.add(new Row(line, null, ex.getMessage()));
          }
        }
      } catch (java.io.UncheckedIOException | IllegalStateException broken) {
        // An unbalanced quote swallows the rest of the file: keep what was read, report where it broke and what is lost.
        rows.add(new Row(end + 1, null, unreadable(documents, end + 1, broken)));
      }
      trailingBadUtf8(documents, end, rows);
    }
    // pairs last: a document may be the same as another AGORA document further down the file
    Map<String, Entry> imported = new HashMap<>();
    for (Row row : rows) if (row.entry() != null) imported.put(row.entry().id, row.entry());
    for (Row row : new ArrayList<>(rows)) {
      Entry doc = row.entry();
      if (doc == null || !"instrument".equals(doc.kind)) continue;
      String agoraId = doc.id.substring("agora-".length());
      String[] pair = AGORA_SAME_AS.get(agoraId);
      Entry same = pair == null ? null
          : sameAs(doc, pair[0], pair[1], "AGORA 第 " + agoraId + " 号文件即", "AGORA document " + agoraId + " is the same as ", imported);
      if (same != null) rows.add(new Row(row.line(), same, null));
    }
    return write("agora", rows, strict, progress);
  }

  /**
   * AGORA names documents in English only; a Chinese analyst looks for China's own rules by their
   * official Chinese titles, so those are bundled by AGORA ID (registry/agora/names-zh.csv).
   */
  static final Map<String, String> AGORA_NAMES_ZH = namesZh("/registry/agora/names-zh.csv", "AGORA ID");
  /** AGORA's 105 authorities in Chinese, by their name (our translations): their records and issuer names had none. */
  static final Map<String, String> AGORA_AUTHORITIES_ZH = namesZh("/registry/agora/authorities-zh.csv", "Name");
  /**
   * Chinese renderings of AGORA's English short summaries of China's documents, by AGORA ID (our translations): the
   * Chinese pages of 算法推荐管理规定 and the rest showed their summary in English (review of 2026-12-04).
   */
  static final Map<String, String> AGORA_SUMMARIES_ZH = namesZh("/registry/agora/summaries-zh.csv", "AGORA ID", "summary_zh");

  private static Map<String, String> namesZh(String resource, String key) {
    return namesZh(resource, key, "name_zh");
  }

  private static Map<String, String> namesZh(String resource, String key, String column) {
    Map<String, String> m = new HashMap<>();
    try (InputStream in = Importers.class.getResourceAsStream(resource);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(csvReader(in))) {
      for (CSVRecord r : csv) m.put(r.get(key).strip(), r.get(column).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }

  /**
   * AGORA's collections in Chinese, keyed by their tag in lower case ("collection:chinese law and policy"): the Chinese
   * record page showed the raw tag (review of 2026-12-04). One document's list splits a name at its commas; those pieces too.
   */
  public static final Map<String, Vocab.Term> AGORA_COLLECTIONS = agoraTerms("/registry/agora/collections-zh.csv", "collection", "collection:");

  /**
   * AGORA's 77 thematic tags ("Harms: Discrimination") in Chinese, keyed by the tag in lower case, since AGORA writes
   * each tag in two cases (its Tags list and its lower-cased thematic column).
   */
  public static final Map<String, Vocab.Term> AGORA_TAGS = agoraTerms("/registry/agora/tags-zh.csv", "tag", "");

  /** A bundled English → Chinese label file as vocabulary terms, keyed by {@code prefix} + the English in lower case. */
  private static Map<String, Vocab.Term> agoraTerms(String resource, String column, String prefix) {
    Map<String, Vocab.Term> m = new java.util.TreeMap<>();
    try (InputStream in = Importers.class.getResourceAsStream(resource);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(csvReader(in))) {
      for (CSVRecord r : csv) {
        String en = r.get(column).strip(), code = (prefix + en).toLowerCase(Locale.ROOT);
        m.put(code, new Vocab.Term(code, r.get("zh").strip(), en));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * AGORA also holds instruments and authorities the seed describes (the AI Act, the Interim Measures…; the UN,
   * the Executive Office of the President…). Bundled, hand-checked lists (registry/agora/same-as.csv by AGORA ID,
   * authorities-same-as.csv by authority name) pair them, and the import records each pair as a same_as relation,
   * so search and the analyses count the thing once, as the seed's record, and the AGORA record stays reachable.
   */
  static final Map<String, String[]> AGORA_SAME_AS = pairs("/registry/agora/same-as.csv", "AGORA ID");
  static final Map<String, String[]> AGORA_AUTHORITIES_SAME_AS = pairs("/registry/agora/authorities-same-as.csv", "Name");

  private static Map<String, String[]> pairs(String resource, String key) {
    Map<String, String[]> m = new HashMap<>();
    try (InputStream in = Importers.class.getResourceAsStream(resource);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(csvReader(in))) {
      for (CSVRecord r : csv) m.put(r.get(key).strip(), new String[] {r.get("record").strip(), r.get("basis").strip()});
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }

  /** The same_as relation from {@code copy} to {@code target}, if this store holds a record of that kind under that id; else null. */
  private Entry sameAs(Entry copy, String target, String basis, String zhLead, String enLead, Map<String, Entry> importing) {
    Entry t = importing.containsKey(target) ? importing.get(target) : registry.find(target).orElse(null);
    if (t == null || !copy.kind.equals(t.kind)) return null; // an AGORA import into a store without the seed
    Entry rel = new Entry();
    rel.id = "rel:same_as:" + copy.id + ":" + target;
    rel.kind = "relation";
    rel.type = "same_as";
    rel.source = copy.id;
    rel.target = target;
    String zh = t.name.zh() != null ? t.name.zh() : t.name.en();
    String en = t.name.en() != null ? t.name.en() : t.name.zh();
    rel.name = Text.of(zhLead + zh, enLead + en);
    rel.tags.add("agora");
    rel.sources.add(new Entry.Source(null, "Curated pairing of AGORA and seed records (registry/agora): " + basis, null));
    return rel;
  }

  /**
   * Another file under an AGORA file's name (a renamed column, another export) is one error, not a row error per line:
   * a documents.csv without "AGORA ID" had skipped every row as "not a number: 'null'" and exited 0 (outside QA).
   */
  private static void agoraHeader(String file, List<String> header, List<String> needed) {
    List<String> lacking = needed.stream().filter(n -> !header.contains(n)).toList();
    if (lacking.isEmpty()) return;
    String found = String.join(",", header);
    throw ApiException.badRequest(file, "not AGORA's " + file + ": its header lacks " + String.join(", ", lacking) + "; found "
        + (found.length() > 200 ? found.substring(0, 200) + "…" : found));
  }

  private static Entry agoraDocument(CSVRecord r, List<String> header, Map<String, String> jur, Map<String, String> auth) {
    if (!r.isConsistent()) throw ApiException.badRequest(null, "expected " + header.size() + " columns, found " + r.size());
    String idText = get(r, "AGORA ID");
    if (idText == null || !idText.matches("\\d+")) throw ApiException.badRequest("AGORA ID", "not a number: '" + idText + "'");
    String name = get(r, "Official name");
    if (name == null) throw ApiException.badRequest("Official name", "empty");
    Entry e = new Entry();
    e.id = "agora-" + idText;
    e.kind = "instrument";
    String collections = get(r, "Collections") == null ? "" : get(r, "Collections");
    String status = get(r, "Most recent activity");
    e.type = agoraType(name, collections, status);
    e.name = Text.of(AGORA_NAMES_ZH.get(idText), name);
    e.summary = Text.of(null, get(r, "Short summary"));
    // the bundled rendering fills a missing Chinese summary only; being fixed text, a re-import writes the same record
    if (e.summary.zh() == null) e.summary = Text.of(AGORA_SUMMARIES_ZH.get(idText), e.summary.en());
    String authority = get(r, "Authority");
    if (authority != null) {
      // an authority authorities.csv does not name would leave the document without issuer or jurisdiction, unsaid
      if (!auth.containsKey(authority)) throw ApiException.badRequest("Authority", "'" + authority + "' is not named in authorities.csv");
      e.issuers.add(auth.get(authority));
      e.jurisdiction = jur.get(authority);
    }
    // "Other authorities" has no jurisdiction, yet a document in a country's collection is that country's (the PRC's AI
    // Law scholars' draft and TC260's framework were left out of jurisdiction=CN)
    if (e.jurisdiction == null) e.jurisdiction = collectionJurisdiction(collections);
    e.status = status == null ? "unknown" : switch (status) {
      case "Enacted" -> "adopted";
      case "Proposed" -> "proposed";
      case "Defunct" -> "defunct";
      default -> throw ApiException.badRequest("Most recent activity", "unknown value '" + status + "'");
    };
    String proposed = get(r, "Proposed date");
    String recent = get(r, "Most recent activity date");
    e.date = PartialDate.parse(proposed != null ? proposed : recent, proposed != null ? "Proposed date" : "Most recent activity date");
    // AGORA's last activity of an enacted text is its passage (the AI Act's: the Parliament's vote of 2024-03-13), not the
    // day it takes effect, which AGORA does not give: it is kept as what it is, in the notes, not as date_effective
    String enacted = "Enacted".equals(status) && recent != null ? PartialDate.parse(recent, "Most recent activity date").toString() : null;
    if ("Defunct".equals(status) && recent != null) e.dateEnd = PartialDate.parse(recent, "Most recent activity date");
    if (e.dateEnd != null && e.date != null && e.dateEnd.start().isBefore(e.date.start())) e.dateEnd = e.date;
    // a bill binds no one (enacted, it is typed law) and neither does a proposed rule; both had read "hard law"
    e.binding = switch (e.type) {
      case "law", "regulation", "executive_order" -> "proposed".equals(e.status) ? null : "hard";
      case "bill" -> null;
      default -> "soft";
    };
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    tags.add("agora");
    for (String c : collections.split(";")) if (!c.isBlank()) tags.add("collection:" + c.strip());
    if (get(r, "Tags") != null) for (String t : get(r, "Tags").split(";")) if (!t.isBlank() && t.length() <= 100) tags.add(t.strip());
    LinkedHashSet<String> risks = new LinkedHashSet<>();
    LinkedHashSet<String> layers = new LinkedHashSet<>();
    LinkedHashSet<String> life = new LinkedHashSet<>();
    for (String col : header) {
      int colon = col.indexOf(": ");
      if (colon < 0 || !"True".equalsIgnoreCase(get(r, col))) continue;
      String group = col.substring(0, colon);
      if (!List.of("Applications", "Harms", "Incentives", "Risk factors", "Strategies").contains(group)) continue;
      tags.add(col.toLowerCase(Locale.ROOT));
      String lc = col.toLowerCase(Locale.ROOT);
      if (lc.contains("military") || lc.contains("harm to infrastructure") || lc.contains("cybersecurity") || lc.contains("dissemination")) risks.add("national_security");
      if (lc.startsWith("risk factors: safety") || lc.startsWith("risk factors: reliability") || lc.contains("interpretability")) risks.add("intrinsic_safety");
      if (lc.startsWith("harms:") && !lc.contains("infrastructure")) risks.add("application_security");
      if (lc.contains("compute circulation")) risks.add("geopolitical");
      if (lc.startsWith("risk factors:") || lc.contains("evaluation") || lc.contains("performance requirements")) layers.add("technical");
      if (lc.contains("bias") || lc.contains("discrimination") || lc.contains("human rights") || lc.contains("transparency")) layers.add("ethical");
      if (lc.startsWith("incentives:") || lc.contains("licensing") || lc.contains("new institution") || lc.contains("governance development")) layers.add("social_legal");
      if (lc.contains("data use") || lc.contains("data circulation") || lc.contains("about inputs")) life.add("data");
      if (lc.contains("compute use") || lc.contains("for r&d")) life.add("development");
      if (lc.contains("evaluation")) life.add("evaluation");
      if (lc.contains("in deployment") || lc.contains("licensing")) life.add("deployment");
      if (lc.contains("post-market") || lc.contains("about incidents")) life.add("operation");
    }
    if ("hard".equals(e.binding)) layers.add("social_legal");
    e.tags = new ArrayList<>(tags);
    e.riskCategories = new ArrayList<>(risks);
    e.governanceLayers = new ArrayList<>(layers);
    e.lifecycle = new ArrayList<>(life);
    String link = get(r, "Link to document");
    if (link != null && link.matches("^https?://\\S+$")) e.sources.add(new Entry.Source(link, null, null));
    e.sources.add(new Entry.Source("https://eto.tech/dataset-docs/agora-dataset/", "Emerging Technology Observatory AGORA dataset, document " + idText
        + (enacted != null ? " (enacted " + enacted + ", its most recent activity)" : ""), null));
    String casual = get(r, "Casual name");
    if (casual != null && !casual.equals(name)) e.notes = "Also known as: " + casual;
    return e;
  }

  static String agoraType(String name, String collections, String status) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("executive order") || AGORA_EO.matcher(n).find()) return "executive_order";
    if (collections.contains("Corporate policies")) return "corporate_policy";
    // an Act or a Bill is one whatever it is about ("Nucleic Acid Standards for Biosecurity Act", "National Strategy … Act")
    if (AGORA_ACT.matcher(n).find() && !n.startsWith("regulation") && !n.startsWith("recommendation"))
      return "Enacted".equals(status) ? "law" : "bill";
    if (n.contains("strategy") || n.contains("战略") || n.contains("规划")) return "strategy";
    if (n.contains("principles") || n.contains("原则")) return "principles";
    if (n.contains("declaration") || n.contains("宣言")) return "declaration";
    if (n.contains("guideline") || n.contains("guidance") || n.contains("指南") || n.contains("指引")) return "guideline";
    if (n.contains("standard") || n.contains("标准")) return "standard";
    // a Recommendation is named so ("Recommendation of the Council on AI"); "Algorithmic Recommendation Management
    // Provisions" are regulations and "reports on recommendations" sections of acts are law
    if (n.startsWith("recommendation")) return "recommendation";
    if (n.contains("framework")) return "framework";
    if (n.startsWith("regulation")) return "regulation"; // REGULATION (EU) 2024/1689 … (Artificial Intelligence Act)
    // whole words: "Border" is no order, "Rulemaking" no rule, "Activities" no act; an Act that names a regulation
    // ("Artificial Intelligence (Regulation) Act", "FAIR Elections Act") is a bill or a law
    boolean statute = AGORA_STATUTE.matcher(n).find() || n.contains("法");
    if (statute && !n.contains("办法")) return "Enacted".equals(status) ? "law" : "bill";
    if (AGORA_REGULATION.matcher(n).find() || n.contains("办法") || n.contains("规定")) return "regulation";
    if (AGORA_POLICY.matcher(n).find()) return "policy";
    if (collections.contains("laws") || collections.contains("NDAA") || collections.contains("state and local"))
      return "Enacted".equals(status) ? "law" : "bill";
    // the Code of Federal Regulations and Federal Register rules; that collection's other documents stay "other"
    if (n.contains("cfr") || n.startsWith("federal register doc")) return "regulation";
    return "other";
  }

  private static final java.util.regex.Pattern AGORA_ACT = java.util.regex.Pattern.compile("\\b(act|bill)\\b|\\bh\\.r\\.\\s?\\d|\\bs\\.\\s?\\d");
  private static final java.util.regex.Pattern AGORA_STATUTE = java.util.regex.Pattern.compile("\\b(act|bill|law)\\b"),
      AGORA_REGULATION = java.util.regex.Pattern.compile("\\b(regulations?|measures|provisions|rules?)\\b"),
      AGORA_POLICY = java.util.regex.Pattern.compile("\\b(memorandum|policy|policies|orders?|directive)\\b"),
      AGORA_EO = java.util.regex.Pattern.compile("\\(eo \\d{5}\\)");

  static String collectionJurisdiction(String collections) {
    for (String c : collections.split(";")) {
      String j = switch (c.strip()) {
        case "Chinese law and policy" -> "CN";
        case "U.S. federal laws", "U.S. state and local documents", "U.S. regulations, executive orders, and agency policies", "NDAA provisions",
            "FY2025 NDAA" -> "US";
        default -> null;
      };
      if (j != null) return j;
    }
    return null;
  }

  private static String agoraJurisdiction(String jurisdiction, String authority) {
    if (jurisdiction == null) return null;
    return switch (jurisdiction) {
      case "United States" -> "US";
      case "China" -> "CN";
      case "Multinational" -> authority.equals("European Union") ? "EU" : "INTL";
      case "Other countries" -> {
        String country = authority.replaceFirst("^Government of (the )?", "");
        for (String iso : Locale.getISOCountries())
          if (new Locale("", iso).getDisplayCountry(Locale.ENGLISH).equalsIgnoreCase(country)) yield iso;
        yield null;
      }
      default -> null;
    };
  }

  // ---------------------------------------------------------------- writing

  private static final Comparator<Row> DEPENDENCY_ORDER = Comparator.comparingInt(r -> switch (r.entry().kind) {
    case "actor" -> 0;
    case "instrument" -> 1;
    default -> 2;
  });

  /**
   * Writes valid rows: actors, then instruments, then relations, so references resolve. In strict
   * mode any bad row refuses the whole import (one transaction, rolled back); otherwise every row is
   * its own savepoint, so a bad row is skipped and never half-written.
   */
  ImportReport write(String name, List<Row> rows, boolean strict, Progress progress) {
    ImportReport report = new ImportReport(name);
    List<Row> good = new ArrayList<>();
    for (Row r : rows) {
      if (r.error() != null) report.skipped.add(new ImportReport.Skip(Math.abs(r.line()), null, r.error()));
      // the order below needs a kind, and the validator's "kind: required" comes later: a record without one crashed the import
      else if (r.entry().kind == null || r.entry().kind.isBlank()) report.skipped.add(new ImportReport.Skip(Math.abs(r.line()), r.entry().id, "kind: required"));
      else good.add(r);
    }
    // strict: rows that parsed are still checked (and rolled back), so the refusal lists every bad row, not the first kind
    if (strict && !report.skipped.isEmpty() && good.isEmpty()) {
      report.refused = true;
      return report;
    }
    good.sort(DEPENDENCY_ORDER);
    // Small enough that H2 usually commits a chunk before its unsaved-memory limit makes it write the
    // chunk's pages once uncommitted and again committed (5,000 rows wrote twice the bytes).
    final int batch = strict ? Math.max(1, good.size()) : 2000;
    long t0 = System.nanoTime();
    long c0 = ImportReport.processCpuNanos();
    try {
      // Validation and canonical JSON of the next chunk run on other cores while this one is written.
      java.util.concurrent.CompletableFuture<Registry.Prepared> next = null;
      for (int from = 0; from < good.size(); from += batch) {
        List<Row> chunk = good.subList(from, Math.min(good.size(), from + batch));
        List<Entry> entries = entriesOf(chunk);
        Registry.Prepared prepared = next == null ? Registry.prepare(entries) : join(next);
        int to = Math.min(good.size(), from + batch);
        next = to < good.size()
            ? java.util.concurrent.CompletableFuture.supplyAsync(() -> Registry.prepare(entriesOf(good.subList(to, Math.min(good.size(), to + batch)))))
            : null;
        List<ImportReport.Skip> chunkSkips = new ArrayList<>();
        int[] counts = new int[3];
        registry.db().tx(c -> {
          List<org.aigov.observatory.kernel.PublishedChange> changes = new ArrayList<>();
          // Every row is validated before anything of it is written, so a bad row is skipped whole.
          List<Registry.Upserted> done = registry.upsertAll(c, entries, prepared, ACTOR, changes);
          for (int i = 0; i < done.size(); i++) {
            Registry.Upserted u = done.get(i);
            Row r = chunk.get(i);
            if (u.error() == null) counts[u.result().outcome().ordinal()]++;
            else chunkSkips.add(new ImportReport.Skip(Math.abs(r.line()), r.entry().id, u.error().getMessage()));
          }
          // strict: one chunk holds every row, so every bad one is listed (it stopped at the first and said "1 skipped")
          if (strict && (!chunkSkips.isEmpty() || !report.skipped.isEmpty())) throw new StrictRefusal(chunkSkips);
          registry.publish(c, changes); // one batched log append per chunk, in the same transaction
          return null;
        });
        report.added += counts[0];
        report.updated += counts[1];
        report.unchanged += counts[2];
        report.skipped.addAll(chunkSkips);
        progress.step(chunk.size());
      }
    } catch (StrictRefusal s) {
      report.refused = true;
      report.added = report.updated = report.unchanged = 0;
      report.skipped.addAll(s.rows);
      report.skipped.sort(Comparator.comparingLong(ImportReport.Skip::line));
      return report;
    } finally {
      progress.finish();
      long t1 = System.nanoTime();
      long c1 = ImportReport.processCpuNanos();
      report.storeNanos = t1 - t0;
      report.storeCpuNanos = c1 - c0;
      registry.refreshSearch();
      report.indexNanos = System.nanoTime() - t1;
      report.indexCpuNanos = ImportReport.processCpuNanos() - c1;
    }
    return report;
  }

  private static List<Entry> entriesOf(List<Row> rows) {
    List<Entry> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(r.entry());
    return out;
  }

  /** The prepared chunk, or the exception preparing it threw, as it would have been thrown in line. */
  private static Registry.Prepared join(java.util.concurrent.CompletableFuture<Registry.Prepared> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException ex) {
      if (ex.getCause() instanceof RuntimeException r) throw r;
      if (ex.getCause() instanceof Error err) throw err;
      throw ex;
    }
  }

  /** Strict imports are one transaction per batch; a refusal must undo earlier batches too, so strict runs as one batch. */
  private static final class StrictRefusal extends RuntimeException {
    final List<ImportReport.Skip> rows;

    StrictRefusal(List<ImportReport.Skip> rows) {
      super(rows.size() + " bad rows", null, false, false);
      this.rows = rows;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Largest CSV file an import reads (it is held in memory to find its malformed bytes by line). */
  static final int MAX_CSV_BYTES = 512 << 20;

  /**
   * A CSV file's text with the lines that held bytes that are not UTF-8: those lines' rows are reported and skipped, the
   * rest imported. (A strict decoder stopped at the first such byte, naming a line some way past it, and every row after
   * it was lost.) A BOM is dropped.
   */
  public static final class CsvText extends java.io.StringReader {
    final java.util.NavigableSet<Long> badLines;
    final long lines;

    CsvText(String text, java.util.NavigableSet<Long> badLines, long lines) {
      super(text);
      this.badLines = badLines;
      this.lines = lines;
    }

    /** The error of the row on lines (after, upTo], or null when its bytes were UTF-8. */
    String badUtf8(long after, long upTo) {
      Long l = badLines.higher(after);
      return l != null && l <= upTo ? "line " + l + " is not valid UTF-8; save the file as UTF-8" : null;
    }
  }

  public static CsvText csvReader(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_CSV_BYTES + 1);
    if (b.length > MAX_CSV_BYTES) throw ApiException.badRequest(null, "a CSV file of more than " + (MAX_CSV_BYTES >> 20) + " MB; split it");
    java.nio.charset.CharsetDecoder d = Utf8.strictDecoder();
    java.nio.ByteBuffer src = java.nio.ByteBuffer.wrap(b);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
    java.util.TreeSet<Long> bad = new java.util.TreeSet<>();
    long line = 1;
    int counted = 0;
    while (true) {
      java.nio.charset.CoderResult cr = d.decode(src, out, true);
      if (!cr.isError()) break;
      int at = src.position();
      for (; counted < at; counted++) line += lineEnd(b, counted);
      bad.add(line);
      src.position(at + cr.length());
      out.put('\uFFFD');
    }
    d.flush(out);
    for (; counted < b.length; counted++) line += lineEnd(b, counted);
    out.flip();
    String text = out.toString();
    return new CsvText(text.startsWith("\uFEFF") ? text.substring(1) : text, bad, line);
  }

  private static String badUtf8(Reader in, long after, long upTo) {
    return in instanceof CsvText t ? t.badUtf8(after, upTo) : null;
  }

  /** Malformed bytes after the last row the parser returned (a last line without its line end) are reported too. */
  private static void trailingBadUtf8(Reader in, long end, List<Row> rows) {
    String bad = badUtf8(in, end, Long.MAX_VALUE);
    if (bad != null) rows.add(new Row(((CsvText) in).badLines.higher(end), null, bad));
  }

  /** 1 where byte {@code i} ends a line as the CSV parser counts them (LF, CRLF at its LF, a lone CR). */
  private static int lineEnd(byte[] b, int i) {
    return b[i] == '\n' || (b[i] == '\r' && (i + 1 >= b.length || b[i + 1] != '\n')) ? 1 : 0;
  }

  /** Where a CSV file stops being readable: said in the file's terms, with what is lost, not as a parser's exception. */
  static String unreadable(Reader in, long line, Throwable broken) {
    long lines = in instanceof CsvText t ? t.lines : line;
    String m = broken.getMessage() == null ? "" : broken.getMessage();
    String why = m.contains("EOF reached before encapsulated token finished") ? "a quoted field is never closed"
        : m.contains("Invalid character between encapsulated token and delimiter") ? "a character follows a closing quote"
        : m.contains("MalformedInput") || broken.getCause() instanceof java.nio.charset.CharacterCodingException ? "a byte that is not UTF-8"
        : "unreadable CSV";
    return why + " (an unbalanced quote?): lines " + line + " to " + lines + " were not read; mend it and import again (rows read before are kept)";
  }

  /** Strict UTF-8, a byte-order mark dropped (Windows editors write one; the JSON import had called it malformed JSON). */
  static Reader strictUtf8(InputStream in) throws IOException {
    java.io.PushbackReader r = new java.io.PushbackReader(new InputStreamReader(in, Utf8.strictDecoder()), 1);
    int c = r.read();
    if (c >= 0 && c != '\uFEFF') r.unread(c);
    return r;
  }

  private static String get(CSVRecord r, String col) {
    if (!r.isMapped(col) || !r.isSet(col)) return null;
    String v = r.get(col);
    return v == null || v.isBlank() ? null : v.strip();
  }

  public static String slug(String s) {
    String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return out.length() > 80 ? out.substring(0, 80) : out;
  }

  private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("record");
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
