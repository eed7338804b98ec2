package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;

/**
 * What a published filing's registry record commits to, so that the transparency log covers the filing itself and not
 * only the records it produced: the SHA-256 of the published document (RFC 8785 canonical JSON), the SHA-256 of the
 * whole workflow (every version with its author and every transition with its actor and comment, which stay private)
 * and the public history. {@link #audit} recomputes both from the filings tables; {@link #logUnlogged} gives filings
 * published before this existed their commitment.
 */
public final class Commitment {
  private Commitment() {}

  /** The record that carries filing {@code id}'s commitment. */
  static String recordId(String filingId) {
    return "filing-" + filingId;
  }

  static String contentHash(JsonNode doc) {
    return Hashing.sha256Hex(CanonicalJson.of(doc));
  }

  /** The commitment of filing {@code f} as stored now (call it after the publish transition is written). */
  static ObjectNode of(Connection c, Filings.Filing f) throws SQLException {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", f.id());
    n.put("type", f.type());
    n.put("party", f.party());
    n.put("version", f.version());
    n.put("published_at", f.publishedAt());
    n.put("content_sha256", contentHash(f.doc()));
    n.put("workflow_sha256", workflowHash(c, f.id()));
    ArrayNode h = n.putArray("history");
    for (Map<String, Object> t : Sql.rows(c, "SELECT to_state, version, at FROM filing_transitions WHERE filing_id=? ORDER BY seq", f.id()))
      h.addObject().put("state", (String) t.get("to_state")).put("version", ((Number) t.get("version")).intValue()).put("at", (String) t.get("at"));
    return n;
  }

  static String workflowHash(Connection c, String filingId) throws SQLException {
    List<Map<String, Object>> transitions = Sql.rows(c,
        "SELECT from_state, to_state, version, actor, at, comment FROM filing_transitions WHERE filing_id=? ORDER BY seq", filingId);
    List<Map<String, Object>> versions = new ArrayList<>();
    for (Map<String, Object> v : Sql.rows(c, "SELECT version, author, created_at, doc FROM filing_versions WHERE filing_id=? ORDER BY version", filingId)) {
      Map<String, Object> m = new LinkedHashMap<>(v);
      m.put("doc", contentHash(Json.read((String) v.get("doc"))));
      versions.add(m);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("transitions", transitions);
    all.put("versions", versions);
    return Hashing.sha256Hex(CanonicalJson.of(all));
  }

  /**
   * Every disagreement between the published filings and the records that commit to them, one line each naming the
   * filing: a rewritten document, version or workflow, a filing no longer shown as published, a commitment missing.
   */
  public static List<String> audit(Db db, Registry registry) {
    return db.read(c -> {
      List<String> out = new ArrayList<>();
      java.util.Set<String> published = new java.util.HashSet<>(); // looked up once per record that carries a commitment
      for (Map<String, Object> r : Sql.rows(c, "SELECT * FROM filings WHERE state='published' ORDER BY id")) {
        Filings.Filing f = Filings.of(r);
        published.add(f.id());
        Optional<Entry> e = registry.find(c, recordId(f.id()));
        JsonNode b = e.map(x -> x.filing).orElse(null);
        if (b == null) {
          out.add("filing " + f.id() + ": published, but no registry record " + recordId(f.id()) + " commits to it (start the server once to log it)");
          continue;
        }
        String where = "filing " + f.id() + " (record " + recordId(f.id()) + " v" + e.get().version + "): ";
        if (!f.id().equals(b.path("id").asText())) out.add(where + "the record commits to filing " + b.path("id").asText());
        // who filed what under which type: committed, or derived from what is (a rewritten party had moved the filing to
        // another party's feed with verify still saying OK)
        if (!f.type().equals(b.path("type").asText())) out.add(where + "stored as type " + f.type() + ", published as " + b.path("type").asText());
        if (!f.party().equals(b.path("party").asText())) out.add(where + "stored for party " + f.party() + ", published for " + b.path("party").asText());
        String title = Filings.trunc(Forms.title(f.type(), f.doc()), 1000);
        if (!java.util.Objects.equals(title, f.title())) out.add(where + "the stored title is not the one its document gives");
        Object author = Sql.value(c, "SELECT author FROM filing_versions WHERE filing_id=? AND version=1", f.id());
        if (author == null || !author.toString().equals(f.createdBy()))
          out.add(where + "created_by " + f.createdBy() + " is not the author of its first version (" + author + ")");
        for (String rid : f.registryIds()) // only records this filing's publication wrote
          if (!rid.equals(recordId(f.id())) && !writtenBy(registry, rid, f.id()))
            out.add(where + "registry_ids lists " + rid + ", a record its publication did not write");
        if (f.version() != b.path("version").asInt())
          out.add(where + "stored at version " + f.version() + ", published at version " + b.path("version").asInt());
        if (!b.path("content_sha256").asText().equals(contentHash(f.doc())))
          out.add(where + "the filing's document does not hash to the published content_sha256");
        Object v = Sql.value(c, "SELECT doc FROM filing_versions WHERE filing_id=? AND version=?", f.id(), b.path("version").asInt());
        if (v == null || !b.path("content_sha256").asText().equals(contentHash(Json.read(v.toString()))))
          out.add(where + "version " + b.path("version").asInt() + " in the version history does not hash to the published content_sha256");
        if (!b.path("workflow_sha256").asText().equals(workflowHash(c, f.id())))
          out.add(where + "the versions or transitions (authors, actors, times, comments) differ from those published");
        if (!sameInstant(f.publishedAt(), b.path("published_at").asText()))
          out.add(where + "published_at " + f.publishedAt() + " differs from the published " + b.path("published_at").asText());
        if (!f.registryIds().contains(recordId(f.id()))) out.add(where + "the filing's registry_ids do not list its record");
      }
      for (String rid : registry.idsStartingWith(c, "filing-")) {
        Entry e = registry.find(c, rid).orElse(null);
        if (e == null) continue;
        if (e.filing == null) { // the filing- names belong to publication: a record there without a commitment poses as one
          out.add("record " + rid + " v" + e.version + ": named as a filing's record but commits to no filing");
          continue;
        }
        String fid = e.filing.path("id").asText();
        if (!published.contains(fid))
          out.add("filing " + fid + " (record " + rid + " v" + e.version + "): the log says it was published; the store "
              + (Sql.value(c, "SELECT 1 FROM filings WHERE id=?", fid) == null
              ? "does not hold it (deleted, or the record came in another store's export)" : "no longer shows it as published"));
      }
      return out;
    });
  }

  /** Whether a version of record {@code rid} was written by publishing filing {@code filingId}. */
  private static boolean writtenBy(Registry registry, String rid, String filingId) {
    try {
      return registry.history(rid).stream().anyMatch(h -> h.actor() != null
          && (h.actor().startsWith("filing:" + filingId + " ") || h.actor().equals("filing:" + filingId)));
    } catch (org.aigov.observatory.kernel.ApiException notFound) {
      return false;
    }
  }

  private static boolean sameInstant(String a, String b) {
    try {
      return a != null && Instant.from(OffsetDateTime.parse(a)).equals(Instant.from(OffsetDateTime.parse(b)));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Gives each filing published before commitments existed its commitment (a disclosure's or incident report's record
   * gains one; a rules report gets its own record). Returns how many were logged; the caller refreshes search.
   */
  static int logUnlogged(Db db, Registry registry) {
    return db.tx(c -> {
      int n = 0;
      for (Map<String, Object> r : Sql.rows(c, "SELECT * FROM filings WHERE state='published' ORDER BY published_at, id")) {
        Filings.Filing f = Filings.of(r);
        Optional<Entry> e = registry.find(c, recordId(f.id()));
        if (e.isPresent() && e.get().filing != null) continue;
        String rid = Publisher.commit(c, registry, f, e.orElse(null), of(c, f), "filing:" + f.id() + " (logged on upgrade)");
        List<String> ids = new ArrayList<>(f.registryIds());
        if (!ids.contains(rid)) {
          ids.add(rid);
          Sql.update(c, "UPDATE filings SET registry_ids=? WHERE id=?", String.join(",", ids), f.id());
        }
        n++;
      }
      return n;
    });
  }
}
