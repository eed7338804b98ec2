package org.aigov.observatory.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.aigov.observatory.analysis.AnalysisRoutes;
import org.aigov.observatory.filings.FilingsRoutes;
import org.aigov.observatory.incidents.IncidentsRoutes;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.log.LogRoutes;
import org.aigov.observatory.registry.RegistryRoutes;
import org.aigov.observatory.rules.RulesRoutes;
import org.aigov.observatory.scenarios.ScenariosRoutes;

/** Every module's HTTP surface, wired over one {@link Observatory}. */
public final class Modules {
  private Modules() {}

  /** Factories, so a module that a caller replaces is never built (some start background work). */
  private static Map<Class<? extends HttpModule>, Supplier<HttpModule>> factories(Observatory obs) {
    Map<Class<? extends HttpModule>, Supplier<HttpModule>> f = new LinkedHashMap<>();
    f.put(RegistryRoutes.class, () -> new RegistryRoutes(obs.registry));
    f.put(LogRoutes.class, () -> new LogRoutes(obs.log));
    f.put(IncidentsRoutes.class, () -> new IncidentsRoutes(obs.db, null, obs.dataDir == null ? null : obs.dataDir.resolve("incidents-index")));
    f.put(RulesRoutes.class, RulesRoutes::new);
    f.put(ScenariosRoutes.class, () -> new ScenariosRoutes(obs.db));
    f.put(AnalysisRoutes.class, () -> new AnalysisRoutes(obs.registry, obs::reportLogHead));
    f.put(FilingsRoutes.class, () -> new FilingsRoutes(obs.db, obs.registry));
    return f;
  }

  public static List<HttpModule> all(Observatory obs) {
    return with(obs);
  }

  /** Every module, with {@code replacements} standing in for the modules of the same class (tests configure some). */
  public static List<HttpModule> with(Observatory obs, HttpModule... replacements) {
    List<HttpModule> m = new ArrayList<>();
    for (var e : factories(obs).entrySet()) {
      HttpModule use = null;
      for (HttpModule r : replacements) if (r.getClass() == e.getKey()) use = r;
      HttpModule module = use != null ? use : e.getValue().get();
      // the incident monitor names countries as the registry does (US → 美国 / United States)
      if (module instanceof IncidentsRoutes incidents) incidents.names(obs.registry::countryNames);
      m.add(module);
    }
    return m;
  }
}
