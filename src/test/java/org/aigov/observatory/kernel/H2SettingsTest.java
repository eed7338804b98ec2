package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** H2's value cache is off once a store is opened (see {@link Db#h2Settings}); checked in fresh JVMs, as it is set once per JVM. */
class H2SettingsTest {

  @Test
  void openingAStoreTurnsOffH2sValueCacheUnlessTheOperatorSetIt() throws Exception {
    assertTrue(probe(null).contains("objectCache=false"));
    assertTrue(probe("-Dh2.objectCache=true").contains("objectCache=true"), "an explicit setting wins");
  }

  private static String probe(String option) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (option != null) cmd.add(option);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /** Opens a store, uses it, prints the setting H2 runs with. */
  public static final class Probe {
    public static void main(String[] args) {
      try (Db db = Db.inMemory("probe")) {
        db.read(c -> {
          try (var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            return rs.next();
          }
        });
      }
      System.out.println("objectCache=" + org.h2.engine.SysProperties.OBJECT_CACHE);
    }
  }
}
