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
    if (!p.canWriteRegistry()) throw ApiException.forbidden("role " + p.role() + " may not write the registry");
    return p;
  }
}
