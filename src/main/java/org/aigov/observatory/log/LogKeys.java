package org.aigov.observatory.log;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;

/**
 * The log's Ed25519 key pair (JDK provider). Made at first start and kept in the settings table as
 * base64 PKCS#8 / X.509. The key id is the lower-case hex SHA-256 of the raw 32-byte public key.
 */
public final class LogKeys {
  static final String PRIVATE_SETTING = "log.ed25519.private_pkcs8";
  static final String PUBLIC_SETTING = "log.ed25519.public_x509";
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  public final String keyId;

  private LogKeys(PrivateKey priv, PublicKey pub) {
    this.privateKey = priv;
    this.publicKey = pub;
    this.keyId = keyId(rawPublic(pub));
  }

  public static LogKeys loadOrCreate(Db db) {
    LogKeys k = db.read(LogKeys::load);
    if (k != null) return k;
    KeyPair kp;
    try {
      kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
    }
    try {
      db.tx(c -> {
        insert(c, PRIVATE_SETTING, Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));
        insert(c, PUBLIC_SETTING, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
        return null;
      });
    } catch (RuntimeException e) {
      // another node made the key first: use the stored one
      LogKeys other = db.read(LogKeys::load);
      if (other != null) return other;
      throw e;
    }
    return db.read(LogKeys::load);
  }

  private static void insert(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, \"value\") VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  private static LogKeys load(Connection c) throws Exception {
    String priv = null;
    String pub = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT name, \"value\" FROM settings WHERE name IN (?, ?)")) {
      ps.setString(1, PRIVATE_SETTING);
      ps.setString(2, PUBLIC_SETTING);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (PRIVATE_SETTING.equals(rs.getString(1))) priv = rs.getString(2);
          else pub = rs.getString(2);
        }
      }
    }
    if (priv == null || pub == null) return null;
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    return new LogKeys(kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv))),
        kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pub))));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Checks a head's signature (base64) and key id against {@code key}. */
  public static boolean verifyHead(PublicKey key, SignedHead h) {
    if (h.signature() == null) return false;
    if (h.keyId() != null && !h.keyId().equals(keyId(rawPublic(key)))) return false;
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(h.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return verify(key, h.message(), sig);
  }

  /** Why {@link #verifyHead} refused {@code h}: a head signed under another key id says so, rather than "forged". */
  public static String whyNotSigned(PublicKey key, SignedHead h) {
    if (h.signature() == null) return "carries no signature";
    String own = keyId(rawPublic(key));
    if (h.keyId() != null && !h.keyId().equals(own))
      return "names key_id " + h.keyId() + " but the given key's id is " + own + " (the key ids differ)";
    return "does not carry a valid signature (it does not verify with the given key)";
  }

  public static byte[] rawPublic(PublicKey pub) {
    byte[] enc = pub.getEncoded();
    return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
  }

  public static String keyId(byte[] raw) {
    return Merkle.hex(Hashing.sha256(raw));
  }

  public static String pem(PublicKey pub) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pub.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * Parses a public key given as PEM, base64 of the X.509 SubjectPublicKeyInfo, base64 or hex of
   * the raw 32 bytes.
   */
  public static PublicKey parsePublic(String text) {
    String t = text.trim();
    try {
      byte[] der;
      if (t.startsWith("-----BEGIN")) {
        String body = t.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        der = Base64.getDecoder().decode(body);
      } else if (t.matches("[0-9a-fA-F]{64}")) {
        der = concat(SPKI_PREFIX, Merkle.unhex(t.toLowerCase()));
      } else {
        byte[] b = Base64.getDecoder().decode(t.replaceAll("\\s", ""));
        der = b.length == 32 ? concat(SPKI_PREFIX, b) : b;
      }
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("public key: not an Ed25519 key in PEM, base64 or hex (" + e.getMessage() + ")");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
