package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;

/** Topics: bilingual keyword queries (any English phrase or any Chinese phrase matches), kept with every change. */
public final class Topics {
  public record Topic(String id, String nameEn, String nameZh, List<String> termsEn, List<String> termsZh, boolean builtin) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", Text.enZh(nameEn, nameZh == null ? nameEn : nameZh));
      m.put("terms_en", termsEn);
      m.put("terms_zh", termsZh);
      m.put("builtin", builtin);
      return m;
    }
  }

  private Topics() {}

  /**
   * What a saved topic will not count, in both languages: a topic is matched as written, so one without English terms
   * counts none of the curated monitors' (English) records, and one without Chinese terms no Chinese report. The
   * search glossary's translations of the other side's terms are offered, not added: the analyst decides what counts.
   */
  public static List<Map<String, String>> notes(Topic t) {
    List<Map<String, String>> out = new ArrayList<>();
    QueryGlossary g = QueryGlossary.bundled();
    for (boolean english : new boolean[] {true, false}) {
      List<String> mine = english ? t.termsEn() : t.termsZh(), other = english ? t.termsZh() : t.termsEn();
      if (mine.stream().anyMatch(x -> !x.startsWith("-"))) continue;
      List<String> offer = new ArrayList<>();
      for (String x : other) if (!x.startsWith("-")) for (String y : g.translations(x)) if (!offer.contains(y) && offer.size() < 8) offer.add(y);
      out.add(english
          ? Map.of("field", "terms_en",
              "en", "No English term: the AI Incident Database and AIAAIC write in English, so this topic counts Chinese reports only"
                  + (offer.isEmpty() ? "." : "; the search glossary gives " + String.join("; ", offer) + "."),
              "zh", "没有英文检索词：AI 事件数据库（AIID）与 AIAAIC 以英文记录，本专题只统计中文报道"
                  + (offer.isEmpty() ? "。" : "；检索词表给出的英文：" + String.join("；", offer) + "。"))
          : Map.of("field", "terms_zh",
              "en", "No Chinese term: Chinese reports are not counted" + (offer.isEmpty() ? "." : "; the search glossary gives " + String.join("; ", offer) + "."),
              "zh", "没有中文检索词：中文报道不会被统计" + (offer.isEmpty() ? "。" : "；检索词表给出的中文：" + String.join("；", offer) + "。")));
    }
    return out;
  }

  /** The matcher keeps a topic's membership in one bit of a long; the 64th bit is the sign, left unused. */
  public static final int MAX_TOPICS = 63;
  private static final int MAX_NAME = 300, MAX_TERMS = 4000;

  /**
   * Refuses (400 on {@code topic}) a topic filter naming a topic that was never defined: a misspelt id would count nothing
   * and read as "no such incidents". A deleted topic is still known (its history stays, and it tags incidents until the
   * next clustering run).
   */
  static void requireKnown(Db db, String topic) {
    if (topic == null) return;
    boolean known = db.read(c -> Sql.value(c, "SELECT 1 FROM incident_topics WHERE LOWER(id) = ?", topic.toLowerCase(java.util.Locale.ROOT)) != null
        || Sql.value(c, "SELECT 1 FROM incident_topic_changes WHERE LOWER(topic_id) = ? FETCH FIRST 1 ROWS ONLY", topic.toLowerCase(java.util.Locale.ROOT)) != null);
    if (!known) throw ApiException.badRequest("topic", "unknown topic '" + clip(topic) + "'; GET /api/incidents/topics lists them");
  }

  /** The value as echoed in an error: a query string can be 16 KiB, a topic id is short. */
  static String clip(String s) {
    int max = 64;
    if (s.codePointCount(0, s.length()) <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max)) + "…";
  }

  public static List<Topic> all(Connection c) throws SQLException {
    List<Topic> out = new ArrayList<>();
    for (Map<String, Object> r : Sql.rows(c, "SELECT id, name_en, name_zh, terms_en, terms_zh, builtin FROM incident_topics ORDER BY id")) out.add(topic(r));
    return out;
  }

  private static final String DETAIL = "SELECT id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at, updated_by, updated_at FROM incident_topics";

  /** Every topic with who made and last changed it (the API's and the page's list). */
  public static List<Map<String, Object>> list(Connection c) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : Sql.rows(c, DETAIL + " ORDER BY id")) out.add(detail(r));
    return out;
  }

  /** The topic and who made and last changed it, or 404. */
  public static Map<String, Object> get(Connection c, String id) throws SQLException {
    Map<String, Object> r = Sql.one(c, DETAIL + " WHERE id = ?", id);
    if (r == null) throw ApiException.notFound("topic " + id);
    return detail(r);
  }

  private static Map<String, Object> detail(Map<String, Object> r) {
    Map<String, Object> m = topic(r).json();
    for (String k : List.of("created_by", "created_at", "updated_by", "updated_at")) m.put(k, r.get(k));
    return m;
  }

  private static Topic topic(Map<String, Object> r) {
    return new Topic((String) r.get("id"), (String) r.get("name_en"), (String) r.get("name_zh"), RecordWriter.split((String) r.get("terms_en")),
        RecordWriter.split((String) r.get("terms_zh")), Boolean.TRUE.equals(r.get("builtin")));
  }

  /** How many topics one principal other than an editor may own: the 63 places are shared, so no one fills them alone. */
  public static final int MAX_PER_USER = 10;

  /** As {@link #create(Connection, String, String, String, List, List, String)}, within the caller's quota unless an editor. */
  public static Topic create(Connection c, String id, String nameEn, String nameZh, List<String> en, List<String> zh, Principal by) throws SQLException {
    if (!by.canWriteRegistry()) {
      long mine = ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_topics WHERE created_by = ?", by.id())).longValue();
      if (mine >= MAX_PER_USER) throw ApiException.conflict("you have " + mine + " topics, the most one user may define; delete or change one");
    }
    return create(c, id, nameEn, nameZh, en, zh, by.id());
  }

  public static Topic create(Connection c, String id, String nameEn, String nameZh, List<String> en, List<String> zh, String by) throws SQLException {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) throw ApiException.badRequest("id", "expected lower-case letters, digits and '-' (max 64)");
    Topic t = checked(id, nameEn, nameZh, en, zh, false);
    if (Sql.value(c, "SELECT 1 FROM incident_topics WHERE id = ?", id) != null) throw ApiException.conflict("topic " + id + " already exists");
    long n = ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_topics")).longValue();
    if (n >= MAX_TOPICS) throw ApiException.conflict("there are already " + n + " topics, the most the monitor matches; delete one first");
    Instant now = Instant.now();
    Sql.update(c, "INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at) VALUES (?,?,?,?,?,FALSE,?,?)",
        id, t.nameEn(), t.nameZh(), String.join("; ", t.termsEn()), String.join("; ", t.termsZh()), by, now);
    change(c, "create", t, by, now);
    return t;
  }

  /**
   * Replaces a topic's names and terms. The creator may change their topic; an editor may change any, including a
   * built-in one (the secretariat curates the taxonomy). Takes effect at the next clustering run.
   */
  public static Topic update(Connection c, String id, String nameEn, String nameZh, List<String> en, List<String> zh, Principal by) throws SQLException {
    Map<String, Object> old = mayChange(c, id, by, "change");
    Topic t = checked(id, nameEn, nameZh, en, zh, Boolean.TRUE.equals(old.get("builtin")));
    Instant now = Instant.now();
    Sql.update(c, "UPDATE incident_topics SET name_en = ?, name_zh = ?, terms_en = ?, terms_zh = ?, updated_by = ?, updated_at = ? WHERE id = ?",
        t.nameEn(), t.nameZh(), String.join("; ", t.termsEn()), String.join("; ", t.termsZh()), by.id(), now, id);
    change(c, "update", t, by.id(), now);
    return t;
  }

  /**
   * Deletes a topic (its history stays). Built-in topics are never deleted (the seed's analyses rest on them), and a
   * topic that an active subscription watches is kept until the subscription goes.
   */
  public static void delete(Connection c, String id, Principal by) throws SQLException {
    Map<String, Object> old = mayChange(c, id, by, "delete");
    if (Boolean.TRUE.equals(old.get("builtin"))) throw ApiException.conflict("topic " + id + " is built in and cannot be deleted; an editor may change its terms");
    // the caller is told the ids of the subscriptions they may see (their own; an editor all), and only the number of the
    // others: their ids are not for a probe, and the caller could not remove them anyway (QA of 2026-12-07)
    List<Object> subs = new ArrayList<>();
    int others = 0;
    for (Map<String, Object> s : Sql.rows(c, "SELECT id, series_key, created_by FROM incident_subscriptions WHERE active = TRUE AND series_key IS NOT NULL")) {
      if (!id.equals(Alerts.queryOf((String) s.get("series_key")).filters.get("topic"))) continue;
      if (by.canWriteRegistry() || by.id().equals(s.get("created_by"))) subs.add(s.get("id"));
      else others++;
    }
    if (others == 0 && !subs.isEmpty()) throw ApiException.conflict("topic " + id + " is watched by active subscription(s) " + subs + "; remove them first");
    if (others > 0 && subs.isEmpty())
      throw ApiException.conflict("topic " + id + " is watched by " + others + " active subscription(s) of other users; it stays while they watch it (an editor may remove them)");
    if (others > 0)
      throw ApiException.conflict("topic " + id + " is watched by your active subscription(s) " + subs + " and by " + others
          + " subscription(s) of other users; it stays while they watch it (an editor may remove theirs)");
    Sql.update(c, "DELETE FROM incident_topics WHERE id = ?", id);
    change(c, "delete", topic(old), by.id(), Instant.now());
  }

  /** Every recorded state of a topic, oldest first (also after it was deleted). */
  public static List<Map<String, Object>> history(Connection c, String id) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : Sql.rows(c, "SELECT id, action, name_en, name_zh, terms_en, terms_zh, changed_by, changed_at FROM incident_topic_changes WHERE topic_id = ? ORDER BY id", id)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("change", r.get("id"));
      m.put("action", r.get("action"));
      m.put("name", Text.enZh(r.get("name_en"), r.get("name_zh") == null ? r.get("name_en") : r.get("name_zh")));
      m.put("terms_en", RecordWriter.split((String) r.get("terms_en")));
      m.put("terms_zh", RecordWriter.split((String) r.get("terms_zh")));
      m.put("changed_by", r.get("changed_by"));
      m.put("changed_at", r.get("changed_at"));
      out.add(m);
    }
    if (out.isEmpty()) throw ApiException.notFound("topic " + id);
    return out;
  }

  private static Map<String, Object> mayChange(Connection c, String id, Principal by, String verb) throws SQLException {
    Map<String, Object> old = Sql.one(c, "SELECT id, name_en, name_zh, terms_en, terms_zh, builtin, created_by FROM incident_topics WHERE id = ?", id);
    if (old == null) throw ApiException.notFound("topic " + id);
    boolean own = !Boolean.TRUE.equals(old.get("builtin")) && by.id().equals(old.get("created_by"));
    if (!own && !by.canWriteRegistry()) throw ApiException.forbidden("only the topic's creator or an editor may " + verb + " topic " + id);
    return old;
  }

  private static void change(Connection c, String action, Topic t, String by, Instant at) throws SQLException {
    Sql.update(c, "INSERT INTO incident_topic_changes (topic_id, action, name_en, name_zh, terms_en, terms_zh, changed_by, changed_at) VALUES (?,?,?,?,?,?,?,?)",
        t.id(), action, t.nameEn(), t.nameZh(), String.join("; ", t.termsEn()), String.join("; ", t.termsZh()), by, at);
  }

  /** A topic's fields checked as a request's, each error naming its field. */
  private static Topic checked(String id, String nameEn, String nameZh, List<String> en, List<String> zh, boolean builtin) {
    if (nameEn == null || nameEn.isBlank()) throw ApiException.badRequest("name_en", "required");
    if (nameEn.strip().length() > MAX_NAME) throw ApiException.badRequest("name_en", "at most " + MAX_NAME + " characters");
    if (nameZh != null && nameZh.strip().length() > MAX_NAME) throw ApiException.badRequest("name_zh", "at most " + MAX_NAME + " characters");
    if (org.aigov.observatory.kernel.Xml.hasForbidden(nameEn)) throw ApiException.badRequest("name_en", "contains a control character");
    if (org.aigov.observatory.kernel.Xml.hasForbidden(nameZh)) throw ApiException.badRequest("name_zh", "contains a control character");
    org.aigov.observatory.kernel.Xml.requireVisible("name_en", nameEn);
    org.aigov.observatory.kernel.Xml.requireVisible("name_zh", nameZh);
    en = terms("terms_en", en);
    zh = terms("terms_zh", zh);
    if (java.util.stream.Stream.concat(en.stream(), zh.stream()).allMatch(t -> t.startsWith("-")))
      throw ApiException.badRequest("terms_en", "at least one English or Chinese term is required");
    return new Topic(id, nameEn.strip(), nameZh == null || nameZh.isBlank() ? null : nameZh.strip(), en, zh, builtin);
  }

  private static final java.util.regex.Pattern SEARCH_SYNTAX = java.util.regex.Pattern.compile("[*?~:\"()\\[\\]{}]|\\b(AND|OR|NOT)\\b|\\s[+-]\\S");

  private static List<String> terms(String field, List<String> in) {
    List<String> out = new ArrayList<>();
    for (String t : in == null ? List.<String>of() : in) {
      if (t == null || t.isBlank()) continue;
      if (t.contains(";")) throw ApiException.badRequest(field, "a term may not contain ';'");
      if (org.aigov.observatory.kernel.Xml.hasForbidden(t)) throw ApiException.badRequest(field, "a term may not contain a control character");
      int at = org.aigov.observatory.kernel.Xml.invisibleAt(t.strip());
      if (at >= 0) throw ApiException.badRequest(field, "term '" + clip(t.strip().replaceAll("[\\p{Cf}\\s]+", " ")) + "' contains " + org.aigov.observatory.kernel.Xml.codePoint(t.strip(), at) + " (a line break, tab or invisible formatting character)");
      // a term without a word or a Chinese character would never match: the topic would count nothing, silently
      if (!Tokens.mostlyCjk(t) && Tokens.raw(t).isEmpty()) throw ApiException.badRequest(field, "term '" + t.strip() + "' has no word to match");
      if (!Tokens.mostlyCjk(t)) {
        List<String> words = Tokens.raw(t).stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
        // the search ignores them: a topic of "the; of" counted 1,135 incidents that a search for the words finds none of (outside QA)
        if (words.stream().allMatch(w -> org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(w)))
          throw ApiException.badRequest(field, "term '" + clip(t.strip()) + "' is only words the search ignores (the, of, and …): it would count incidents no search finds");
        // "C++" was stored as written and matched every lone "c" ("Washington, D.C."): its punctuation is not matched
        if (words.stream().allMatch(w -> w.codePointCount(0, w.length()) == 1) && !t.strip().matches("[\\p{L}\\p{N}\\s]+"))
          throw ApiException.badRequest(field, "term '" + clip(t.strip()) + "' would match only the single letter '" + String.join(" ", words)
              + "': punctuation is not matched; write the name out in words");
      }
      // a term is a phrase matched as written: "face* OR x~3" was stored and never matched anything
      if (SEARCH_SYNTAX.matcher(t).find())
        throw ApiException.badRequest(field, "term '" + clip(t.strip()) + "' holds search syntax (* ? ~ : quotes brackets AND OR NOT); a term is a phrase matched as written: give each alternative as a term of its own");
      if (out.stream().noneMatch(t.strip()::equalsIgnoreCase)) out.add(t.strip()); // matching ignores case: "kelp" and "KELP" are one term
    }
    if (String.join("; ", out).length() > MAX_TERMS) throw ApiException.badRequest(field, "the terms may take at most " + MAX_TERMS + " characters together");
    return out;
  }

  /** Matches every topic against a text in one pass; returns a bit set over the topic list's order. */
  public static final class Matcher {
    public final List<Topic> topics;
    private final PhraseMatcher pm = new PhraseMatcher(true);

    public Matcher(List<Topic> topics) {
      // create refuses a 64th topic; a store that got more before it did still clusters, on the first 63 by id
      if (topics.size() > MAX_TOPICS) {
        org.slf4j.LoggerFactory.getLogger(Topics.class).warn("{} topics; only the first {} by id are matched", topics.size(), MAX_TOPICS);
        topics = topics.subList(0, MAX_TOPICS);
      }
      this.topics = topics;
      for (int i = 0; i < topics.size(); i++) {
        for (String t : topics.get(i).termsEn()) term(t, i);
        for (String t : topics.get(i).termsZh()) term(t, i);
      }
    }

    /** "-defense lawyer" is an exclusion: the topic's terms do not match inside it (other topics' terms still do). */
    private void term(String t, int topic) {
      String s = t.strip();
      if (s.startsWith("-")) pm.exclude(s.substring(1), Integer.toString(topic));
      else pm.add(s, Integer.toString(topic));
    }

    public long match(String text) {
      long bits = 0;
      for (String s : pm.find(text)) bits |= 1L << Integer.parseInt(s);
      return bits;
    }

    /** Matches a text given in pieces that each end with a separator; {@link #bits()} equals {@link #match} on the whole. */
    public final class Stream {
      private final PhraseMatcher.Stream s = pm.new Stream();

      public void add(String piece) {
        s.add(piece);
      }

      public long bits() {
        long bits = 0;
        for (String id : s.found) bits |= 1L << Integer.parseInt(id);
        return bits;
      }
    }

    public List<String> ids(long bits) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < topics.size(); i++) if ((bits & (1L << i)) != 0) out.add(topics.get(i).id());
      return out;
    }
  }
}
