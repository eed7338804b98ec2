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

  /** The embedded store's AUTO_SERVER port listens on loopback only, and the lock file sends other processes there. */
  @Test
  void theEmbeddedStoresServerPortListensOnLoopbackOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String out = probe(null, EmbeddedProbe.class, dir.toString());
    String server = out.lines().filter(l -> l.startsWith("server=")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(server.startsWith("server=127.0.0.1:") || server.startsWith("server=localhost:"), server);
    assertTrue(out.contains("loopback accepts=true"), out);
    assertTrue(out.contains("other interfaces accept=false"), out);
  }

  private static String probe(String option) throws Exception {
    return probe(option, Probe.class);
  }

  private static String probe(String option, Class<?> main, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (option != null) cmd.add(option);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
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

  /**
   * Opens an embedded store, prints the lock file's server line, and whether its port takes connections on loopback and
   * on this host's other addresses (none found counts as refused: nothing else to reach it by).
   */
  public static final class EmbeddedProbe {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      try (Db db = Db.embedded(dir)) {
        db.read(c -> c.isValid(1));
        java.util.Properties lock = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(dir.resolve("observatory.lock.db"))) {
          lock.load(in);
        }
        String server = lock.getProperty("server");
        System.out.println("server=" + server);
        int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        System.out.println("loopback accepts=" + accepts(java.net.InetAddress.getLoopbackAddress(), port));
        boolean other = false;
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
          for (var a : java.util.Collections.list(nic.getInetAddresses())) {
            if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) other |= accepts(a, port);
          }
        }
        System.out.println("other interfaces accept=" + other);
      }
    }

    private static boolean accepts(java.net.InetAddress a, int port) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(a, port), 2000);
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    }
  }
}
