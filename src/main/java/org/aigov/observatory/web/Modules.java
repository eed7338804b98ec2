package org.aigov.observatory.web;

import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.analysis.AnalysisRoutes;
import org.aigov.observatory.filings.FilingsRoutes;
import org.aigov.observatory.log.LogRoutes;
import org.aigov.observatory.registry.RegistryRoutes;
import org.aigov.observatory.rules.RulesRoutes;
import org.aigov.observatory.scenarios.ScenariosRoutes;

/** Every module's HTTP surface, wired over one {@link Observatory}. */
public final class Modules {
  private Modules() {}

  public static List<HttpModule> all(Observatory obs) {
    List<HttpModule> m = new ArrayList<>();
    m.add(new RegistryRoutes(obs.registry));
    m.add(new LogRoutes(obs.log));
    m.add(new RulesRoutes());
    m.add(new ScenariosRoutes(obs.db));
    m.add(new AnalysisRoutes(obs.registry));
    m.add(new FilingsRoutes(obs.db, obs.registry));
    return m;
  }
}
