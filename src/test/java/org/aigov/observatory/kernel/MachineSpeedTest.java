package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MachineSpeedTest {
  @Test
  void theMemoryReadsFollowOneCycleThroughEverySlot() {
    for (int n : new int[] {2, 3, 1000, 1 << 16}) {
      int[] a = MachineSpeed.oneCycle(n);
      int p = 0, steps = 0;
      do {
        p = a[p];
        steps++;
      } while (p != 0 && steps <= n);
      assertEquals(n, steps, "cycle length for n = " + n);
    }
  }

  @Test
  void namesTheCpuAndGivesBothTimings() {
    String line = MachineSpeed.line();
    Matcher m = Pattern.compile("machine speed: (.+); arithmetic (\\d+) ms, random memory reads (\\d+) ms \\(lower is faster\\)").matcher(line);
    assertTrue(m.matches(), line);
    assertFalse(m.group(1).isBlank(), line);
    // 40 million dependent multiplications and 2 million dependent reads cannot take under a millisecond on any machine
    assertTrue(Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(3)) >= 1, line);
  }
}
