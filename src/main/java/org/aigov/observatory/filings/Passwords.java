package org.aigov.observatory.filings;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id password hashes in PHC string form: $argon2id$v=19$m=...,t=...,p=...$salt$hash. */
public final class Passwords {
  /** OWASP's minimum profile for Argon2id: 19 MiB, 2 passes, 1 lane. */
  public static final int MEMORY_KIB = 19 * 1024, ITERATIONS = 2, PARALLELISM = 1;
  private static final SecureRandom RNG = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  /** Checked against when the account does not exist, so both paths cost one Argon2 run. */
  static final String DUMMY = hash("not-a-real-password-" + RNG.nextLong());

  private Passwords() {}

  /** The bases of the passwords tried first (NIST SP 800-63B §5.1.1.2 asks for such a list), in lower case. */
  private static final java.util.Set<String> COMMON = java.util.Set.of("password", "qwerty", "letmein", "iloveyou", "admin", "administrator",
      "welcome", "monkey", "dragon", "football", "baseball", "sunshine", "princess", "trustno", "master", "changeme", "secret", "login",
      "abc", "observatory", "passphrase", "qwertyuiop");
  private static final String[] RUNS = {"01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz",
      "zyxwvutsrqponmlkjihgfedcba", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"};

  /**
   * Why {@code password} is too weak for an account of {@code email}, or null. Past the 12 characters, only what an
   * attacker tries first is refused (NIST SP 800-63B: no composition rules): spaces alone, a character or two repeated,
   * a run of keys or letters, a common password with digits or signs around it, the e-mail address (outside QA: twelve
   * spaces signed in).
   */
  public static String weakness(String password, String email) {
    if (password.isBlank()) return "only spaces; choose a passphrase of several words";
    long distinct = password.codePoints().distinct().count();
    if (distinct < 5) return "too few different characters (" + distinct + "); a passphrase of several words is stronger and easier to remember";
    String lower = password.toLowerCase(java.util.Locale.ROOT);
    String local = email == null ? "" : email.toLowerCase(java.util.Locale.ROOT).replaceAll("@.*$", "");
    if (local.length() >= 4 && lower.contains(local) || email != null && lower.contains(email.toLowerCase(java.util.Locale.ROOT)))
      return "contains the e-mail address; choose one that does not";
    String keys = lower.replaceAll("[^a-z0-9]", "");
    for (String run : RUNS) if (keys.length() >= 6 && keys.length() * 2 >= lower.length() && run.repeat(3).contains(keys))
      return "a run of keys or letters (123456…, abcdef…, qwerty…); choose a passphrase of several words";
    String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "").replace('@', 'a').replace('0', 'o').replace('1', 'i').replace('3', 'e')
        .replace('$', 's').replace('4', 'a').replace('5', 's').replace('7', 't').replaceAll("[^a-z]", "");
    if (COMMON.contains(core)) return "built on a common password ('" + core + "'); choose a passphrase of several words";
    return null;
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RNG.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, 32);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  public static boolean verify(String password, String phc) {
    try {
      String[] parts = phc.split("\\$");
      if (parts.length != 6 || !"argon2id".equals(parts[1])) return false;
      int m = 0, t = 0, p = 0;
      for (String kv : parts[3].split(",")) {
        String[] x = kv.split("=");
        switch (x[0]) {
          case "m" -> m = Integer.parseInt(x[1]);
          case "t" -> t = Integer.parseInt(x[1]);
          case "p" -> p = Integer.parseInt(x[1]);
          default -> { }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] got = derive(password == null ? "" : password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, got);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int len) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(m).withIterations(t).withParallelism(p).build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(params);
    byte[] out = new byte[len];
    g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
