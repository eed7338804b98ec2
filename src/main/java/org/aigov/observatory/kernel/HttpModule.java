package org.aigov.observatory.kernel;

import io.javalin.Javalin;

/** A capability's slice of the HTTP API. Each module registers its own routes; the web module assembles them. */
public interface HttpModule {
  void routes(Javalin app);
}
