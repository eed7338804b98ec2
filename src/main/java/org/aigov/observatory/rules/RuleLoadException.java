package org.aigov.observatory.rules;

/** A rule file was refused. Names the file, the line (1-based, 0 if unknown) and the reason. */
public class RuleLoadException extends RuntimeException {
  public final String file;
  public final int line;
  public final String reason;

  public RuleLoadException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
