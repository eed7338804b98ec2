package org.aigov.observatory.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * An immutable, indexed view of a plain list of registry entries: nodes, relations by type, and the
 * derived member sets the analyses share. Built once per analysis run.
 */
public final class Graph {
  public final Map<String, Entry> nodes = new LinkedHashMap<>();
  public final List<Entry> relations = new ArrayList<>();
  /** target -> sources of member_of. */
  final Map<String, List<String>> membersOf = new HashMap<>();
  /** id -> relations touching it. */
  final Map<String, List<Entry>> touching = new HashMap<>();
  private final Map<String, Set<String>> participantCache = new HashMap<>();
  private static volatile Map<String, String[]> countryRegions;

  public Graph(Collection<Entry> entries) {
    for (Entry e : entries) {
      if (e == null || e.deleted) continue;
      if ("relation".equals(e.kind)) relations.add(e);
      else nodes.put(e.id, e);
    }
    for (Entry r : relations) {
      if (r.source == null || r.target == null) continue;
      touching.computeIfAbsent(r.source, k -> new ArrayList<>()).add(r);
      touching.computeIfAbsent(r.target, k -> new ArrayList<>()).add(r);
      if ("member_of".equals(r.type)) membersOf.computeIfAbsent(r.target, k -> new ArrayList<>()).add(r.source);
    }
  }

  public static final List<String> SCOPES = List.of("all", "seed", "no-agora");

  /**
   * Restricts records: "all"; "seed" = records the seed papers name (non-empty papers), plus states
   * (for the representation baseline), plus the relations among those; "no-agora" = all but AGORA imports (tag "agora"). In every scope a
   * record that is the same as another (a same_as relation's source) is left out and the relations and issuers
   * naming it name the record it is the same as, so a thing both datasets hold is counted once.
   */
  public static List<Entry> scope(Collection<Entry> entries, String scope) {
    if (scope != null && !SCOPES.contains(scope))
      throw org.aigov.observatory.kernel.ApiException.badRequest("scope", "one of " + SCOPES + ", got '" + scope + "'");
    Map<String, String> copies = new HashMap<>();
    for (Entry e : entries)
      if (e != null && !e.deleted && "relation".equals(e.kind) && "same_as".equals(e.type)) copies.put(e.source, e.target);
    List<Entry> out = new ArrayList<>(), links = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    for (Entry e : entries) {
      if (e == null || copies.containsKey(e.id) || "same_as".equals(e.type) && "relation".equals(e.kind)) continue;
      if (!copies.isEmpty()) e = redirected(e, copies);
      if (e == null) continue;
      boolean keep = scope == null || scope.equals("all") ? true
          : scope.equals("seed") ? !e.papers.isEmpty() || ("actor".equals(e.kind) && "state".equals(e.type))
          : !e.tags.contains("agora");
      if (keep) {
        out.add(e);
        kept.add(e.id);
      } else if ("seed".equals(scope) && "relation".equals(e.kind)) {
        links.add(e);
      }
    }
    // the seed's world includes the links among its own records that no paper names (a state's UN membership), else
    // the UN had degree 3 at this scope
    for (Entry r : links) if (kept.contains(r.source) && kept.contains(r.target)) out.add(r);
    return out;
  }

  /** {@code e} with references to copies replaced by what they copy (a new entry when one changes); null if it becomes a self-loop. */
  private static Entry redirected(Entry e, Map<String, String> copies) {
    boolean rel = "relation".equals(e.kind);
    boolean touches = rel && (copies.containsKey(e.source) || copies.containsKey(e.target));
    for (String i : e.issuers) touches |= copies.containsKey(i);
    if (!touches) return e;
    Entry c = org.aigov.observatory.kernel.Json.MAPPER.convertValue(e, Entry.class);
    c.version = e.version;
    if (rel) {
      c.source = copies.getOrDefault(e.source, e.source);
      c.target = copies.getOrDefault(e.target, e.target);
      if (c.source.equals(c.target)) return null;
    }
    c.issuers = new ArrayList<>(new LinkedHashSet<>(e.issuers.stream().map(i -> copies.getOrDefault(i, i)).toList()));
    return c;
  }

  /** Pulls every current record from the registry. */
  public static Graph of(Registry registry) {
    return new Graph(registry.listAll(null));
  }

  public Entry get(String id) {
    return nodes.get(id);
  }

  public List<Entry> relationsOf(String id) {
    return touching.getOrDefault(id, List.of());
  }

  public List<String> directMembers(String id) {
    return membersOf.getOrDefault(id, List.of());
  }

  /**
   * Participants of an institution: the sources of its member_of relations; for an instrument, also
   * its issuers, each replaced by the issuer's own participants when it has any (the G7 Hiroshima
   * Process counts the G7's members). Members are not expanded further: the EU as a G7 member is
   * one participant, not 27. Cycles are cut.
   */
  public Set<String> participants(String id) {
    Set<String> cached = participantCache.get(id);
    if (cached != null) return cached;
    Set<String> out = new LinkedHashSet<>();
    collect(id, out, new HashSet<>());
    Set<String> r = java.util.Collections.unmodifiableSet(out);
    participantCache.put(id, r);
    return r;
  }

  private void collect(String id, Set<String> out, Set<String> seen) {
    if (!seen.add(id)) return;
    out.addAll(directMembers(id));
    Entry e = nodes.get(id);
    if (e == null || !"instrument".equals(e.kind)) return;
    for (String i : e.issuers) {
      Set<String> sub = new LinkedHashSet<>();
      collect(i, sub, seen);
      if (sub.isEmpty()) out.add(i);
      else out.addAll(sub);
    }
  }

  public boolean isState(String id) {
    Entry e = nodes.get(id);
    return e != null && "actor".equals(e.kind) && "state".equals(e.type);
  }

  /**
   * UN M49 region of a state actor: the "un_region:" tag written by the countries importer, the
   * seed's "un_m49_region:" tag, else the bundled ISO 3166 list looked up by jurisdiction or id.
   */
  public String unRegion(String id) {
    Entry e = nodes.get(id);
    if (e == null) return null;
    for (String t : e.tags) if (t.startsWith("un_region:")) return t.substring(10);
    for (String t : e.tags) if (t.startsWith("un_m49_region:")) return titleCase(t.substring(14));
    String code = e.jurisdiction != null && e.jurisdiction.length() == 2 ? e.jurisdiction : id;
    String[] r = countryRegions().get(code.toUpperCase(Locale.ROOT));
    return r == null ? null : r[0];
  }

  /** UN M49 sub-region (with intermediate region for Latin America), same precedence as {@link #unRegion}. */
  public String unSubregion(String id) {
    Entry e = nodes.get(id);
    if (e == null) return null;
    for (String t : e.tags) if (t.startsWith("un_subregion:")) return t.substring(13);
    String code = e.jurisdiction != null && e.jurisdiction.length() == 2 ? e.jurisdiction : id;
    String[] r = countryRegions().get(code.toUpperCase(Locale.ROOT));
    return r == null ? null : r[1];
  }

  static String titleCase(String s) {
    StringBuilder b = new StringBuilder();
    for (String w : s.split("_")) {
      if (w.isEmpty()) continue;
      if (b.length() > 0) b.append(' ');
      b.append(w.equals("and") ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
    }
    return b.toString();
  }

  /** alpha-2 -> {region, sub-region}; from the registry's bundled ISO 3166 / UN M49 list. */
  public static Map<String, String[]> countryRegions() {
    Map<String, String[]> m = countryRegions;
    if (m != null) return m;
    m = new HashMap<>();
    try (InputStream in = Graph.class.getResourceAsStream("/registry/countries/iso3166-un-regions.csv")) {
      if (in != null) {
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          String region = r.get("region");
          if (region == null || region.isBlank()) continue;
          m.put(r.get("alpha-2"), new String[] {region, r.get("sub-region")});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    countryRegions = m;
    return m;
  }

  public static Integer year(Entry e) {
    return e.date == null ? null : e.date.year();
  }
}
