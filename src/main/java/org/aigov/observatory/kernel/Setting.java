package org.aigov.observatory.kernel;

import java.util.function.Function;

/**
 * One operator setting: a system property ({@code -Dobs.…}, for tests and embedding) or else an environment variable
 * ({@code OBS_…}), parsed once on first use; a malformed value throws from {@code parse}, naming the setting, so a
 * server stops at start rather than misbehave later.
 */
public final class Setting<T> {
  private final String property, env;
  private final Function<String, T> parse;
  private volatile T value;

  /** {@code parse} gets the raw value, or null when neither is set. */
  public Setting(String property, String env, Function<String, T> parse) {
    this.property = property;
    this.env = env;
    this.parse = parse;
  }

  public T get() {
    T v = value;
    if (v == null) value = v = parse.apply(raw());
    return v;
  }

  /** The value as given, read afresh each call (null when unset). */
  public String raw() {
    String s = System.getProperty(property);
    return s != null ? s : System.getenv(env);
  }

  /** Forgets the parsed value, so the next {@link #get()} reads it again (tests). */
  public void reload() {
    value = null;
  }
}
