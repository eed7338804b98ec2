package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the error messages raised in Java source text, for ProblemTextTest: each call's message argument is cut
 * at its top-level '+' into string literals and expressions, and each expression is filled in with a few stand-in
 * values (STAND_INS), giving sample messages as the API would render them. Not a Java parser: it
 * knows string and character literals and bracket depth, which is all these calls use.
 */
final class MessageSource {
  record Message(int line, List<String> samples) {}

  private static final Pattern CALL = Pattern.compile(
      "ApiException\\.(badRequest|unprocessable|notFound|conflict|forbidden|unauthorized)\\(|new ApiException\\(|(?<![\\w.])err\\(|(?<![\\w.])problem\\(ctx, "
          + "|new (?:Ingest\\.)?BadField\\(|new IllegalArgumentException\\(|new ModelException\\(");
  // "record": a message that starts with a variable noun ("<kind> <id> not found") reads as one
  private static final List<String> STAND_INS = List.of("7", "x", "", "[a, b]", "record");

  /** {@code illegalArguments}: also IllegalArgumentException messages (for files whose ones reach the caller). */
  static List<Message> messages(String src, boolean illegalArguments) {
    List<Message> out = new ArrayList<>();
    Matcher m = CALL.matcher(src);
    while (m.find()) {
      List<String> args = args(src, m.end());
      if (args == null) continue;
      String call = m.group(), field = null, msg, suffix = "";
      if (call.contains("IllegalArgumentException")) {
        if (!illegalArguments || args.size() != 1) continue;
        msg = args.get(0);
      } else if (call.contains("BadField") || m.group(1) != null && (m.group(1).equals("badRequest") || m.group(1).equals("unprocessable"))) {
        if (args.size() != 2) continue; // the factory's own definition
        field = args.get(0);
        msg = args.get(1);
      } else if (call.startsWith("new ApiException")) {
        if (args.size() != 4) continue;
        field = args.get(2);
        msg = args.get(3);
      } else if (call.startsWith("problem")) {
        if (args.size() < 3) continue;
        msg = args.get(2);
      } else if (call.startsWith("new ModelException")) {
        if (args.size() != 2) continue; // the constructor's own definition; the detail carries no field prefix
        msg = args.get(1);
      } else if (call.startsWith("err")) {
        if (args.size() == 1) msg = args.get(0); // the equation parser's reason, nested in "equation of 'x': … at column n"
        else if (args.size() != 2) continue;
        else msg = args.get(1);
      } else {
        if (args.size() != 1) continue;
        msg = args.get(0);
        if (m.group(1).equals("notFound")) suffix = " not found";
      }
      List<String> parts = split(msg, '+');
      if (parts == null || parts.stream().noneMatch(MessageSource::isLiteral)) continue; // passed on whole from elsewhere
      String prefix = field == null || field.equals("null") ? "" : (isLiteral(field) ? literal(field) : "f") + ": ";
      List<String> samples = new ArrayList<>();
      for (String v : STAND_INS) {
        StringBuilder b = new StringBuilder(prefix);
        for (String p : parts) b.append(isLiteral(p) ? literal(p) : v);
        samples.add(b.append(suffix).toString());
      }
      int line = 1 + (int) src.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      out.add(new Message(line, samples));
    }
    return out;
  }

  /** The call's arguments, from just after its '(' to the matching ')'; null if the text ends first. */
  private static List<String> args(String s, int from) {
    int depth = 0, start = from;
    List<String> out = new ArrayList<>();
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') i = skipQuoted(s, i);
      else if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') {
        if (depth-- == 0) {
          out.add(s.substring(start, i).strip());
          return out;
        }
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i).strip());
        start = i + 1;
      }
    }
    return null;
  }

  /** Top-level pieces between {@code sep}; null for a conditional expression (no one text to check). */
  private static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    int depth = 0, start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') i = skipQuoted(s, i);
      else if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') depth--;
      else if (c == '?' && depth == 0) return null;
      else if (c == sep && depth == 0) {
        out.add(s.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(s.substring(start).strip());
    return out;
  }

  private static int skipQuoted(String s, int i) {
    char q = s.charAt(i);
    for (i++; i < s.length() && s.charAt(i) != q; i++) if (s.charAt(i) == '\\') i++;
    return i;
  }

  private static boolean isLiteral(String p) {
    return p.length() >= 2 && p.charAt(0) == '"' && skipQuoted(p, 0) == p.length() - 1;
  }

  private static String literal(String p) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < p.length() - 1; i++) {
      char c = p.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = p.charAt(++i);
      if (n == 'u') {
        b.append((char) Integer.parseInt(p.substring(i + 1, i + 5), 16));
        i += 4;
      } else b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
    }
    return b.toString();
  }
}
