package org.aigov.observatory.kernel;

/**
 * An error meant for the caller. Rendered as application/problem+json (RFC 9457) by the web layer
 * and as a one-line message by the CLI. {@code field} names the offending input when there is one.
 */
public class ApiException extends RuntimeException {
  public final int status;
  public final String title;
  public final String field;
  /** Extra members of the problem document (RFC 9457 extensions), e.g. where a moved resource went. */
  public final java.util.Map<String, Object> extensions = new java.util.LinkedHashMap<>();

  public ApiException(int status, String title, String field, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
    this.field = field;
  }

  /** An API list a message points to, and the command that prints it (a CLI user was sent to GET /api/…). */
  private static final java.util.Map<String, String> CLI_POINTERS = java.util.Map.of(
      "GET /api/incidents/topics lists them", "./observatory topics lists them",
      "known fields are listed by GET /api/rules/questionnaire", "./observatory rules schema lists the known fields");

  /** The message as the command line prints it: a pointer to an API list names the command instead. */
  public String cliMessage() {
    String m = getMessage();
    for (var p : CLI_POINTERS.entrySet()) if (m != null && m.contains(p.getKey())) m = m.replace(p.getKey(), p.getValue());
    return m;
  }

  public ApiException with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  public static ApiException badRequest(String field, String detail) {
    return new ApiException(400, "Bad Request", field, field == null ? detail : field + ": " + detail);
  }

  public static ApiException unprocessable(String field, String detail) {
    return new ApiException(422, "Unprocessable Content", field, field == null ? detail : field + ": " + detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "Not Found", null, what + " not found");
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", null, detail);
  }

  /** A conflict with the stored state of one input, e.g. a filing's {@code state} or {@code version}. */
  public static ApiException conflict(String field, String detail) {
    return new ApiException(409, "Conflict", field, field + ": " + detail);
  }

  /** A file that cannot be read or written, on the option that named it: which file and why, not a stack trace. */
  public static ApiException io(String field, java.io.IOException e) {
    String why = e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
        : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
        : e.getMessage() != null ? e.getMessage() : "cannot be used";
    String file = e instanceof java.nio.file.FileSystemException fs ? fs.getFile() : null;
    return badRequest(field, (file != null ? file + ": " : "") + why);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", null, detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", null, detail);
  }
}
