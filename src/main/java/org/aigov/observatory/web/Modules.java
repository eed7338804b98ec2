package org.aigov.observatory.web;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.registry.RegistryRoutes;

/** Every module's HTTP surface, wired over one {@link Observatory}. */
public final class Modules {
  private Modules() {}

  public static List<HttpModule> all(Observatory obs) {
    List<HttpModule> m = new ArrayList<>();
    m.add(new RegistryRoutes(obs.registry));
    return m;
  }
}
