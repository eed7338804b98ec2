package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;

/** The filings store and its reviewed workflow. Access rules are in {@link Policy}. */
public final class Filings {
  public static final List<String> STATES = List.of("draft", "submitted", "in_review", "returned", "amended", "resubmitted", "published");
  private static final SecureRandom RNG = new SecureRandom();

  private final Db db;
  private final Registry registry;

  public Filings(Db db, Registry registry) {
    this.db = db;
    this.registry = registry;
  }

  public Db db() {
    return db;
  }

  /** A filing as stored. */
  public record Filing(String id, String type, String party, String state, String title, int version, JsonNode doc, boolean sharedWithAnalysts,
      String createdBy, String createdAt, String updatedAt, String publishedAt, List<String> registryIds) {
    /**
     * The filing as {@code p} may read it: who wrote it belongs to the review, not to the published record nor to the
     * analysts a draft is shared with (they read the text, not who acted).
     */
    public Map<String, Object> view(Principal p) {
      Map<String, Object> m = view();
      if (!Policy.canSeeReview(p, this)) m.remove("created_by");
      return m;
    }

    public Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("type", type);
      m.put("party", party);
      m.put("state", state);
      m.put("title", title);
      m.put("version", version);
      m.put("shared_with_analysts", sharedWithAnalysts);
      m.put("created_by", createdBy);
      m.put("created_at", createdAt);
      m.put("updated_at", updatedAt);
      if (publishedAt != null) m.put("published_at", publishedAt);
      if (!registryIds.isEmpty()) m.put("registry_ids", registryIds);
      m.put("doc", doc);
      return m;
    }
  }

  static Filing of(Map<String, Object> r) {
    return new Filing((String) r.get("id"), (String) r.get("type"), (String) r.get("party"), (String) r.get("state"), (String) r.get("title"),
        ((Number) r.get("version")).intValue(), Json.read((String) r.get("doc")), Boolean.TRUE.equals(r.get("shared_with_analysts")),
        (String) r.get("created_by"), (String) r.get("created_at"), (String) r.get("updated_at"), (String) r.get("published_at"),
        r.get("registry_ids") == null ? List.of() : List.of(((String) r.get("registry_ids")).split(",")));
  }

  public Filing find(Connection c, String id, boolean lock) throws SQLException {
    if (id == null || id.length() > 40) return null;
    Map<String, Object> r = Sql.one(c, "SELECT * FROM filings WHERE id=?" + (lock ? " FOR UPDATE" : ""), id);
    return r == null ? null : of(r);
  }

  /** The filing if {@code p} may see it; 404 otherwise (also when it exists), so ids do not leak. */
  public Filing visible(Connection c, Principal p, String id, boolean lock) throws SQLException {
    Filing f = find(c, id, lock);
    if (f == null || !Policy.canSee(p, f)) throw ApiException.notFound("filing " + id);
    return f;
  }

  public Filing get(Principal p, String id) {
    return db.read(c -> visible(c, p, id, false));
  }

  public record Query(String state, String type, String party, int limit, String after) {}

  /** What {@code p} may see, newest first, optionally filtered. */
  public List<Map<String, Object>> list(Principal p, Query q) {
    StringBuilder sql = new StringBuilder("SELECT id, type, party, state, title, version, shared_with_analysts, created_by, created_at, updated_at, "
        + "published_at, registry_ids, '{}' AS doc FROM filings WHERE 1=1");
    List<Object> args = new ArrayList<>();
    Policy.listFilter(p, sql, args);
    if (q.state() != null) {
      sql.append(" AND state=?");
      args.add(q.state());
    }
    if (q.type() != null) {
      sql.append(" AND type=?");
      args.add(q.type());
    }
    if (q.party() != null) {
      sql.append(" AND party=?");
      args.add(q.party());
    }
    if (q.after() != null) {
      sql.append(" AND id<?");
      args.add(q.after());
    }
    sql.append(" ORDER BY updated_at DESC, id DESC LIMIT ").append(q.limit());
    return db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> r : Sql.rows(c, sql.toString(), args.toArray())) {
        Map<String, Object> v = of(r).view(p);
        v.remove("doc");
        out.add(v);
      }
      return out;
    });
  }

  public record NewFiling(String type, String party, JsonNode doc) {}

  public Filing create(Connection c, Principal p, NewFiling in) throws SQLException {
    String party = in.party() != null ? in.party() : p.party();
    if (party == null) throw ApiException.badRequest("party", "required: the reporting party this filing is for");
    Policy.requireCreate(p, party);
    Forms.validate(in.type(), in.doc());
    String id = "f" + HexFormat.of().formatHex(randomBytes(10));
    String doc = Json.write(in.doc());
    String title = trunc(Forms.title(in.type(), in.doc()), 1000);
    var now = Sql.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // what the store keeps: stored and answered alike
    try {
      Sql.update(c, "INSERT INTO filings (id, type, party, state, title, version, doc, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
          id, in.type(), party, "draft", title, 1, doc, p.id(), now, now);
    } catch (SQLException e) {
      // the party foreign key: cheaper than a look-up on every submission
      if ("23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState())) throw ApiException.unprocessable("party", "no party '" + party + "'");
      throw e;
    }
    Sql.update(c, "INSERT INTO filing_versions (filing_id, version, doc, author, created_at) VALUES (?,?,?,?,?)", id, 1, doc, p.id(), now);
    transition(c, id, null, "draft", 1, p, null, now);
    return find(c, id, false); // as every later read gives it (the nanoseconds of the clock were answered, the store's microseconds read)
  }

  public record Edit(JsonNode doc, Integer version) {}

  /** Saves a new version; a returned filing becomes amended. */
  public Filing edit(Connection c, Principal p, String id, Edit in) throws SQLException {
    Filing f = visible(c, p, id, true);
    Policy.requireOwnWrite(p, f);
    if (!List.of("draft", "returned", "amended").contains(f.state()))
      throw ApiException.conflict("state", "a filing in state " + f.state() + " cannot be edited (only draft, returned or amended)");
    if (in.version() != null && in.version() != f.version()) throw ApiException.conflict("version", "filing " + id + " is at version " + f.version() + ", not " + in.version());
    Forms.validate(f.type(), in.doc());
    int v = f.version() + 1;
    String state = "draft".equals(f.state()) ? "draft" : "amended";
    String doc = Json.write(in.doc());
    var now = Sql.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Sql.update(c, "UPDATE filings SET doc=?, version=?, state=?, title=?, updated_at=? WHERE id=?", doc, v, state,
        trunc(Forms.title(f.type(), in.doc()), 1000), now, id);
    Sql.update(c, "INSERT INTO filing_versions (filing_id, version, doc, author, created_at) VALUES (?,?,?,?,?)", id, v, doc, p.id(), now);
    if (!state.equals(f.state())) transition(c, id, f.state(), state, v, p, null, now);
    return find(c, id, false);
  }

  public Filing share(Connection c, Principal p, String id, boolean shared) throws SQLException {
    Filing f = visible(c, p, id, true);
    Policy.requireOwnWrite(p, f);
    Sql.update(c, "UPDATE filings SET shared_with_analysts=? WHERE id=?", shared, id);
    return find(c, id, false);
  }

  /** Moves a filing along the workflow; {@code action} is submit, start_review, return or publish. */
  public Filing act(Connection c, Principal p, String id, String action, String comment) throws SQLException {
    Filing f = visible(c, p, id, true);
    String to;
    switch (action) {
      case "submit" -> {
        Policy.requireOwnWrite(p, f);
        to = switch (f.state()) {
          case "draft" -> "submitted";
          case "amended" -> "resubmitted";
          case "returned" -> throw ApiException.conflict("state", "cannot submit a filing in state returned; edit it first (the edit makes it amended, and an amended filing is resubmitted)");
          default -> throw ApiException.conflict("state", "cannot submit a filing in state " + f.state());
        };
        checkReferences(c, f);
      }
      case "start_review" -> {
        Policy.requireReview(p);
        requireOtherHand(c, p, f);
        if (!List.of("submitted", "resubmitted").contains(f.state())) throw ApiException.conflict("state", "cannot start review of a filing in state " + f.state());
        to = "in_review";
      }
      case "return" -> {
        Policy.requireReview(p);
        requireOtherHand(c, p, f);
        if (!"in_review".equals(f.state())) throw ApiException.conflict("state", "only a filing in review can be returned (state is " + f.state() + ")");
        if (comment == null || comment.isBlank()) throw ApiException.badRequest("comment", "required: tell the reporter what to change");
        to = "returned";
      }
      case "publish" -> {
        Policy.requireReview(p);
        requireOtherHand(c, p, f);
        if (!"in_review".equals(f.state())) throw ApiException.conflict("state", "only a filing in review can be published (state is " + f.state() + ")");
        checkReferences(c, f); // the records may have changed hands since submission
        to = "published";
      }
      default -> throw ApiException.badRequest("action", "one of submit, start_review, return, publish");
    }
    if (comment != null && comment.length() > 20_000) throw ApiException.badRequest("comment", "longer than 20000 characters");
    var now = Sql.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    // the transition first: publication commits to the whole workflow, this step included
    transition(c, id, f.state(), to, f.version(), p, comment, now);
    if ("published".equals(to)) {
      Sql.update(c, "UPDATE filings SET state=?, updated_at=?, published_at=? WHERE id=?", to, now, now, id);
      Filing published = find(c, id, false);
      List<String> ids = Publisher.publish(c, registry, published, Commitment.of(c, published));
      Sql.update(c, "UPDATE filings SET registry_ids=? WHERE id=?", ids.isEmpty() ? null : String.join(",", ids), id);
      Outbox.enqueue(c, find(c, id, false));
    } else {
      Sql.update(c, "UPDATE filings SET state=?, updated_at=? WHERE id=?", to, now, id);
    }
    return find(c, id, false);
  }

  /** A form error on one field. */
  private static FormErrors formError(String field, String message) {
    return new FormErrors(List.of(new FormErrors.FieldError(field, message)));
  }

  /** Four eyes: whoever wrote a version of the filing, or submitted it, does not review it, admins included. */
  private static void requireOtherHand(Connection c, Principal p, Filing f) throws SQLException {
    boolean wrote = p.id().equals(f.createdBy())
        || Sql.value(c, "SELECT 1 FROM filing_versions WHERE filing_id=? AND author=? FETCH FIRST 1 ROWS ONLY", f.id(), p.id()) != null;
    if (wrote) throw ApiException.forbidden("filing " + f.id() + " is reviewed by someone who did not write it; " + p.id() + " wrote a version of it");
    // an admin (or a colleague later made reviewer) who submitted another's draft had put it through alone
    if (Sql.value(c, "SELECT 1 FROM filing_transitions WHERE filing_id=? AND actor=? AND to_state IN ('submitted','resubmitted') FETCH FIRST 1 ROWS ONLY",
        f.id(), p.id()) != null)
      throw ApiException.forbidden("filing " + f.id() + " is reviewed by someone who did not submit it; " + p.id() + " submitted it");
    // a reviewer who belongs to a party is that party's colleague, not the secretariat's second pair of eyes
    if (p.party() != null && p.party().equals(f.party())
        && !"secretariat".equals(String.valueOf(Sql.value(c, "SELECT kind FROM filing_parties WHERE id=?", f.party()))))
      throw ApiException.forbidden("filing " + f.id() + " is reviewed by someone outside its party; " + p.id() + " belongs to party " + f.party());
  }

  /**
   * A rules report speaks for its party's jurisdiction only: its {@code jurisdiction} is the party's, and every record it
   * amends or repeals is of that jurisdiction (a reporter for one office could otherwise mark another's law repealed).
   */
  private void checkReferences(Connection c, Filing f) throws SQLException {
    // every bad reference at once, as the form's own checks list every bad field (they came one per round trip)
    List<FormErrors.FieldError> errs = new java.util.ArrayList<>();
    collect(errs, () -> checkDeveloper(c, f));
    collect(errs, () -> checkSupersedes(c, f));
    if ("rules_report".equals(f.type())) {
      Object own = Sql.value(c, "SELECT jurisdiction FROM filing_parties WHERE id=?", f.party());
      String party = own == null ? null : own.toString();
      String claimed = f.doc().path("jurisdiction").asText("");
      if (party == null || party.isBlank())
        errs.add(new FormErrors.FieldError("doc.jurisdiction", "party " + f.party() + " has no jurisdiction; rules reports come from a jurisdiction's party"));
      else if (!party.equalsIgnoreCase(claimed))
        errs.add(new FormErrors.FieldError("doc.jurisdiction", "party " + f.party() + " reports for " + party + ", not " + claimed));
      JsonNode ins = f.doc().path("instruments");
      for (int i = 0; i < ins.size() && party != null && !party.isBlank(); i++) {
        String rid = ins.get(i).path("registry_id").asText(null);
        if (rid == null) continue;
        String field = "doc.instruments[" + i + "].registry_id";
        var e = registry.find(rid).orElse(null);
        if (e == null) errs.add(new FormErrors.FieldError(field, "no registry record '" + rid + "'"));
        // a filing's own record commits to that filing's text: another filing rewriting it would forge what was filed
        else if (e.filing != null || rid.startsWith(Commitment.recordId("")))
          errs.add(new FormErrors.FieldError(field, "record '" + rid + "' is the published record of a filing; only that filing's own publication writes it"));
        else if (e.jurisdiction == null || !party.equalsIgnoreCase(e.jurisdiction))
          errs.add(new FormErrors.FieldError(field, "record '" + rid + "' is of jurisdiction " + (e.jurisdiction == null ? "none" : e.jurisdiction)
              + "; party " + f.party() + " reports for " + party + " only"));
      }
    }
    if (!errs.isEmpty()) throw new FormErrors(errs);
  }

  private interface Check {
    void run() throws SQLException;
  }

  private static void collect(List<FormErrors.FieldError> errs, Check check) throws SQLException {
    try {
      check.run();
    } catch (FormErrors e) {
      errs.addAll(e.errors);
    }
  }

  /**
   * A published disclosure is never edited (its record commits to what was filed); a later one updates it by naming it in
   * {@code supersedes}: a published disclosure of the same party, which the new record then supersedes.
   */
  private void checkSupersedes(Connection c, Filing f) throws SQLException {
    String old = f.doc().path("supersedes").asText(null);
    if (old == null || !"disclosure".equals(f.type())) return;
    Map<String, Object> o = Sql.one(c, "SELECT type, party, state FROM filings WHERE id=?", old);
    if (o == null || old.equals(f.id())) throw formError("doc.supersedes", "no earlier filing '" + old + "'");
    if (!"disclosure".equals(o.get("type")) || !"published".equals(o.get("state")))
      throw formError("doc.supersedes", "filing '" + old + "' is not a published disclosure");
    if (!f.party().equals(o.get("party")))
      throw formError("doc.supersedes", "filing '" + old + "' is another party's; a disclosure updates its own party's");
    // one line of versions: a disclosure superseded once is updated by superseding its successor
    for (var r : registry.relationsOf(Commitment.recordId(old)))
      if ("supersedes".equals(r.type) && r.target.equals(Commitment.recordId(old)) && !r.source.equals(Commitment.recordId(f.id())))
        throw formError("doc.supersedes", "filing '" + old + "' is already superseded by " + r.source + "; name that one");
  }

  private static void transition(Connection c, String id, String from, String to, int version, Principal p, String comment,
      java.time.OffsetDateTime at) throws SQLException {
    Sql.update(c, "INSERT INTO filing_transitions (filing_id, from_state, to_state, version, actor, at, comment) VALUES (?,?,?,?,?,?,?)",
        id, from, to, version, p.id(), at, comment);
  }

  /** The state changes; to those outside the workflow (the public, once published) without actors and comments. */
  public List<Map<String, Object>> transitions(Principal p, String id) {
    return db.read(c -> {
      Filing f = visible(c, p, id, false);
      List<Map<String, Object>> rows = Sql.rows(c, "SELECT seq, from_state, to_state, version, actor, at, comment FROM filing_transitions WHERE filing_id=? ORDER BY seq", id);
      // the stored seq runs across all filings: served, it would count transitions on filings the reader cannot see
      for (int i = 0; i < rows.size(); i++) rows.get(i).put("seq", i + 1);
      if (!Policy.canSeeReview(p, f)) for (Map<String, Object> r : rows) {
        r.remove("actor");
        r.remove("comment");
      }
      return rows;
    });
  }

  /** The versions; to those outside the workflow only the published one. */
  public List<Map<String, Object>> versions(Principal p, String id) {
    return db.read(c -> {
      Filing f = visible(c, p, id, false);
      List<Map<String, Object>> rows = Sql.rows(c, "SELECT version, author, created_at FROM filing_versions WHERE filing_id=? ORDER BY version", id);
      if (!Policy.canSeeWorkflow(p, f)) rows.removeIf(r -> ((Number) r.get("version")).intValue() != f.version());
      if (!Policy.canSeeReview(p, f)) rows.forEach(r -> r.remove("author")); // the versions, not who wrote them
      return rows;
    });
  }

  public JsonNode version(Principal p, String id, int v) {
    return db.read(c -> {
      Filing f = visible(c, p, id, false);
      if (!Policy.canSeeWorkflow(p, f) && v != f.version()) throw ApiException.notFound("version " + v + " of filing " + id);
      Map<String, Object> r = Sql.one(c, "SELECT doc FROM filing_versions WHERE filing_id=? AND version=?", id, v);
      if (r == null) throw ApiException.notFound("version " + v + " of filing " + id);
      return Json.read((String) r.get("doc"));
    });
  }

  /** Field-level differences between two versions, by JSON path. */
  public List<Map<String, Object>> diff(Principal p, String id, int from, int to) {
    JsonNode a = version(p, id, from), b = version(p, id, to);
    Map<String, JsonNode> fa = new LinkedHashMap<>(), fb = new LinkedHashMap<>();
    flatten("doc", a, fa);
    flatten("doc", b, fb);
    List<Map<String, Object>> out = new ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(fa.keySet());
    keys.addAll(fb.keySet());
    for (String k : keys) {
      JsonNode x = fa.get(k), y = fb.get(k);
      if (Objects.equals(x, y)) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", k);
      m.put("from", x);
      m.put("to", y);
      out.add(m);
    }
    return out;
  }

  static void flatten(String path, JsonNode n, Map<String, JsonNode> out) {
    if (n.isObject() && !n.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        flatten(path + "." + e.getKey(), e.getValue(), out);
      }
    } else if (n.isArray() && !n.isEmpty()) {
      for (int i = 0; i < n.size(); i++) flatten(path + "[" + i + "]", n.get(i), out);
    } else out.put(path, n);
  }

  public Registry registry() {
    return registry;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RNG.nextBytes(b);
    return b;
  }

  static String trunc(String s, int n) {
    return s == null || s.length() <= n ? s : s.substring(0, n);
  }

  /**
   * A company discloses its own systems only: its disclosure's {@code developer} is the company, by its English or Chinese
   * name or its registry actor's (a company could otherwise publish a disclosure in a competitor's name). Offices,
   * organisations and the secretariat may report on any developer's system.
   */
  private void checkDeveloper(Connection c, Filing f) throws SQLException {
    if (!"disclosure".equals(f.type())) return;
    Map<String, Object> party = Sql.one(c, "SELECT kind, name_en, name_zh, registry_actor FROM filing_parties WHERE id=?", f.party());
    if (party == null || !"company".equals(party.get("kind"))) return;
    List<String> names = new ArrayList<>();
    names.add((String) party.get("name_en"));
    names.add((String) party.get("name_zh"));
    if (party.get("registry_actor") instanceof String actor) registry.find(actor).filter(e -> e.name != null).ifPresent(e -> {
      names.add(e.name.en());
      names.add(e.name.zh());
    });
    String developer = f.doc().path("developer").asText("");
    String dev = companyKey(developer);
    for (String n : names) if (n != null && !dev.isEmpty() && dev.equals(companyKey(n))) return;
    String own = party.get("name_en") != null ? (String) party.get("name_en") : (String) party.get("name_zh");
    throw formError("doc.developer", "developer '" + developer + "' is not party " + f.party() + " (" + own + "); a company discloses its own systems only");
  }

  private static final java.util.Set<String> LEGAL_SUFFIXES = java.util.Set.of("inc", "incorporated", "ltd", "limited", "llc", "llp", "co", "corp",
      "corporation", "company", "plc", "gmbh", "ag", "sa", "sas", "bv", "nv", "kk", "pte", "pty");
  private static final List<String> LEGAL_SUFFIXES_ZH = List.of("股份有限公司", "有限责任公司", "有限公司", "公司");

  /** A company's name for comparison: case, width, punctuation, spacing and legal-form suffixes (Inc, Co., Ltd, 有限公司) ignored. */
  static String companyKey(String name) {
    String s = java.text.Normalizer.normalize(name == null ? "" : name, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    List<String> words = new ArrayList<>(List.of(s.replaceAll("[\\p{P}\\p{S}\\s]+", " ").strip().split(" ")));
    while (true) {
      String last = words.get(words.size() - 1), cut = null;
      if (words.size() > 1 && LEGAL_SUFFIXES.contains(last)) cut = "";
      else for (String zh : LEGAL_SUFFIXES_ZH) if (cut == null && last.endsWith(zh) && last.length() > zh.length()) cut = last.substring(0, last.length() - zh.length());
      if (cut == null) break;
      if (cut.isEmpty()) words.remove(words.size() - 1);
      else words.set(words.size() - 1, cut);
    }
    return String.join("", words);
  }
}
