package org.aigov.observatory.kernel;

import io.javalin.http.Context;

/** Request-scoped principal, set by the web layer from the bearer token or session. */
public final class Auth {
  public static final String ATTR = "principal";
  /**
   * Set instead of a principal when a signed-in browser's write lacks its CSRF token: a route that asks who is calling
   * gets the 403; one that acts for no one (a classification, a scenario run) answers as for the public. The whole
   * request had been refused, so the assessment and scenario pages failed for everyone signed in.
   */
  public static final String REFUSED = "principal.refused";

  private Auth() {}

  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTR);
    String refused = ctx.attribute(REFUSED);
    if (p == null && refused != null) throw ApiException.forbidden(refused);
    return p == null ? Principal.PUBLIC : p;
  }

  /** 401 for anonymous callers, 403 for callers whose role may not write the registry. */
  public static Principal requireRegistryWriter(Context ctx) {
    Principal p = of(ctx);
    if (p == Principal.PUBLIC) throw ApiException.unauthorized("an API token is required: Authorization: Bearer <token>");
    if (!p.canWriteRegistry()) throw ApiException.forbidden(p.isAdmin() || "reviewer".equals(p.role())
        ? "this token's scopes " + p.scopes() + " do not allow writing; a token with review or admin does"
        : "role " + p.role() + " may not do this: it takes an editor (role reviewer or admin)"); // registry, incidents, filings alike
    return p;
  }

  /**
   * 401 for anonymous callers, 403 for callers whose role is not an editor's; any scope, since this is for an editor's
   * reads (the review queue, the linkage's doubts). A reviewer's read-only token had been told its scopes "do not allow
   * writing" when it only asked to read.
   */
  public static Principal requireEditor(Context ctx) {
    Principal p = of(ctx);
    if (p == Principal.PUBLIC) throw ApiException.unauthorized("an API token is required: Authorization: Bearer <token>");
    if (!p.isEditor()) throw ApiException.forbidden("role " + p.role() + " may not do this: it takes an editor (role reviewer or admin)");
    return p;
  }

  /** 401 for anonymous callers, 403 for a token whose scopes allow reading only; for a caller's writes of their own. */
  public static Principal requireOwnWriter(Context ctx) {
    Principal p = of(ctx);
    if (p == Principal.PUBLIC) throw ApiException.unauthorized("an API token is required: Authorization: Bearer <token>");
    if (!p.canWriteOwn()) throw ApiException.forbidden("this token's scopes " + p.scopes() + " allow reading only; a token with submit, review or admin may write");
    return p;
  }
}
