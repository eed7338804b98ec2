package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PerMinuteTest {
  @Test
  void countsPerKeyWithinTheMinuteAndForgetsAtItsTurn() {
    Instant[] now = {Instant.parse("2026-12-01T10:00:15Z")};
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId z) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    PerMinute w = PerMinute.of(3, clock);
    for (int i = 0; i < 3; i++) assertEquals(0, w.retryAfter("a"));
    assertEquals(45, w.retryAfter("a"), "the window turns at 10:01:00");
    assertEquals(0, w.retryAfter("b"), "another key has its own count");
    now[0] = Instant.parse("2026-12-01T10:00:59Z");
    assertEquals(1, w.retryAfter("a"));
    now[0] = Instant.parse("2026-12-01T10:01:00Z");
    assertEquals(0, w.retryAfter("a"), "a new minute forgives");
  }
}
