package org.aigov.observatory.kernel;

/**
 * Who is calling. {@code role} is one of admin, reviewer, reporter, analyst, public; {@code party}
 * scopes a reporter to one reporting party (null otherwise).
 */
public record Principal(String id, String role, String party) {
  public static final Principal PUBLIC = new Principal("public", "public", null);

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  public boolean canWriteRegistry() {
    return "admin".equals(role) || "reviewer".equals(role);
  }
}
