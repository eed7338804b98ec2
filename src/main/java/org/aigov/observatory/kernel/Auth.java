package org.aigov.observatory.kernel;

import io.javalin.http.Context;

/** Request-scoped principal, set by the web layer from the bearer token or session. */
public final class Auth {
  public static final String ATTR = "principal";

  private Auth() {}

  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTR);
    return p == null ? Principal.PUBLIC : p;
  }

  /** 401 for anonymous callers, 403 for callers whose role may not write the registry. */
  public static Principal requireRegistryWriter(Context ctx) {
    Principal p = of(ctx);
    if (p == Principal.PUBLIC) throw ApiException.unauthorized("an API token is required: Authorization: Bearer <token>");
    if (!p.canWriteRegistry()) throw ApiException.forbidden(p.isAdmin() || "reviewer".equals(p.role())
        ? "this token's scopes " + p.scopes() + " do not allow writing; a token with review or admin does"
        : "role " + p.role() + " may not write the registry");
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
