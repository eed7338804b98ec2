package org.aigov.observatory.kernel;

import java.util.Set;

/**
 * Who is calling. {@code role} is one of admin, reviewer, reporter, analyst, public; {@code party}
 * scopes a reporter to one reporting party (null otherwise). {@code scopes} are an API token's
 * (read, submit, review, admin); null for a session or an unscoped token, which act with the whole role.
 */
public record Principal(String id, String role, String party, Set<String> scopes) {
  public static final Principal PUBLIC = new Principal("public", "public", null);

  public Principal(String id, String role, String party) {
    this(id, role, party, null);
  }

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  /** The role of an editor (reviewer or admin), whatever a token's scopes. */
  public boolean isEditor() {
    return "admin".equals(role) || "reviewer".equals(role);
  }

  /**
   * An editor's write: the role allows it and, for a scoped token, so do its scopes. A reviewer's read-only token had
   * created and deleted registry records and signed log heads: scopes were checked under /api/filings only.
   */
  public boolean canWriteRegistry() {
    return isEditor() && (scopes == null || scopes.contains("admin") || scopes.contains("review"));
  }

  /** A write of the caller's own (a report, a topic, a subscription): any scope but read alone allows it. */
  public boolean canWriteOwn() {
    return scopes == null || scopes.contains("admin") || scopes.contains("review") || scopes.contains("submit");
  }
}
