package org.aigov.observatory.kernel;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock a test moves by hand ({@code ms.addAndGet(…)}), shared by threads. */
public final class ManualClock extends Clock {
  public final AtomicLong ms;

  public ManualClock(String start) {
    ms = new AtomicLong(Instant.parse(start).toEpochMilli());
  }

  @Override
  public java.time.ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(java.time.ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(ms.get());
  }
}
