package org.aigov.observatory.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;

/** Stores XMILE models in {@code scenario_models}; keeps compiled models cached by content hash. */
public final class ScenarioStore {
  /** Bundled models: id -> classpath resource. */
  public static final Map<String, String> BUNDLED = new LinkedHashMap<>();

  static {
    BUNDLED.put("paper1-two-way-empowerment", "/scenarios/models/paper1-two-way-empowerment.xmile");
    BUNDLED.put("paper5-governance-pace", "/scenarios/models/paper5-governance-pace.xmile");
    BUNDLED.put("paper2-ai-militarisation", "/scenarios/models/paper2-ai-militarisation.xmile");
  }

  public record Summary(String id, String name, String origin, String contentHash, int variables, List<String> scenarios, String updatedAt) {}

  private final Db db;
  private final Map<String, CompiledModel> cache = new ConcurrentHashMap<>();

  public ScenarioStore(Db db) {
    this.db = db;
  }

  public static String bundledXmile(String id) {
    String res = BUNDLED.get(id);
    if (res == null) throw ApiException.notFound("bundled model " + id);
    try (InputStream in = ScenarioStore.class.getResourceAsStream(res)) {
      if (in == null) throw new IllegalStateException("missing resource " + res);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers (or refreshes) the bundled models. The lead calls this at server start. */
  public int installBundled() {
    int n = 0;
    for (String id : BUNDLED.keySet()) {
      put(id, bundledXmile(id), "bundled", "system");
      n++;
    }
    return n;
  }

  /** Validates (parses and compiles) then stores a model; a bad model is rejected and nothing stored changes. */
  public Summary put(String id, String xmile, String origin, String by) {
    if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,119}")) throw ApiException.badRequest("id", "model id must be 1-120 characters of a-z, 0-9, '.', '_' or '-'");
    // an upload under a bundled id replaced the bundled model (its Chinese labels and scenarios) for everyone until restart
    if (BUNDLED.containsKey(id) && !"bundled".equals(origin))
      throw ApiException.conflict("id", "'" + id + "' is a bundled model and cannot be replaced; store the model under another id");
    XmileModel m = XmileReader.parse(xmile);
    CompiledModel cm = ModelCompiler.compile(m);
    String hash = Hashing.sha256Hex(xmile);
    int vars = cm.outputSlots.length;
    String scen = String.join(",", m.scenarios.stream().map(s -> s.name).toList());
    db.tx(c -> {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM scenario_models WHERE id = ?")) {
        d.setString(1, id);
        d.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO scenario_models (id, name, origin, xmile, content_hash, variables, scenarios, created_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
        p.setString(1, id);
        p.setString(2, m.name.length() > 500 ? m.name.substring(0, 500) : m.name);
        p.setString(3, origin);
        p.setString(4, xmile);
        p.setString(5, hash);
        p.setInt(6, vars);
        p.setString(7, scen.length() > 2000 ? scen.substring(0, 2000) : scen);
        p.setString(8, by);
        p.setObject(9, OffsetDateTime.now());
        p.executeUpdate();
      }
      return null;
    });
    cache.put(hash, cm);
    return get(id);
  }

  public List<Summary> list() {
    return db.read(c -> {
      List<Summary> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT id, name, origin, content_hash, variables, scenarios, updated_at FROM scenario_models ORDER BY id");
           ResultSet rs = p.executeQuery()) {
        while (rs.next()) out.add(summary(rs));
      }
      return out;
    });
  }

  public Summary get(String id) {
    return db.read(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT id, name, origin, content_hash, variables, scenarios, updated_at FROM scenario_models WHERE id = ?")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) throw ApiException.notFound("model " + id);
          return summary(rs);
        }
      }
    });
  }

  public String xmile(String id) {
    return db.read(c -> xmile(c, id));
  }

  private static String xmile(Connection c, String id) throws Exception {
    try (PreparedStatement p = c.prepareStatement("SELECT xmile FROM scenario_models WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) throw ApiException.notFound("model " + id);
        return rs.getString(1);
      }
    }
  }

  /** The compiled model, compiled once per content hash. */
  public CompiledModel compiled(String id) {
    Summary s = get(id);
    return cache.computeIfAbsent(s.contentHash(), h -> ModelCompiler.compile(XmileReader.parse(xmile(id))));
  }

  private static Summary summary(ResultSet rs) throws Exception {
    String sc = rs.getString(6);
    return new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        sc == null || sc.isBlank() ? List.of() : List.of(sc.split(",")), rs.getObject(7, OffsetDateTime.class).toString());
  }
}
