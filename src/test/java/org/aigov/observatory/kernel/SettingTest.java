package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingTest {
  @Test
  void readsThePropertyOnceUntilReloadedAndReportsAMalformedValue() {
    String prop = "obs.test.setting." + System.nanoTime();
    AtomicInteger parses = new AtomicInteger();
    Setting<Integer> s = new Setting<>(prop, "OBS_TEST_SETTING_NEVER_SET", v -> {
      parses.incrementAndGet();
      if (v == null) return 7;
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("OBS_TEST_SETTING: not a number: '" + v + "'");
      }
    });
    try {
      assertNull(s.raw());
      assertEquals(7, s.get(), "unset: parse decides the default");
      System.setProperty(prop, " 42 ");
      assertEquals(7, s.get(), "parsed once: a later change needs a reload");
      assertEquals(1, parses.get());
      s.reload();
      assertEquals(42, s.get());
      assertEquals(" 42 ", s.raw(), "raw is read afresh, as given");
      System.setProperty(prop, "soon");
      s.reload();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get);
      assertTrue(e.getMessage().startsWith("OBS_TEST_SETTING"), e.getMessage());
    } finally {
      System.clearProperty(prop);
    }
  }
}
