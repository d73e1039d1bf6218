package io.llmharness.server.internal.ssh;

import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies host keys against an OpenSSH {@code known_hosts} file and remembers why it refused one,
 * so the error can say whether the key was unknown or changed. Unknown keys are accepted only when
 * asked; changed keys never.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
  /** Why a host key was refused. */
  enum Refusal {
    UNKNOWN,
    CHANGED
  }

  /** The refused key, its type and SHA-256 fingerprint as {@code ssh-keygen -l} shows it. */
  record Rejected(Refusal refusal, String keyType, String fingerprint) {}

  private final boolean acceptUnknown;
  private volatile Rejected rejected;

  KnownHostsVerifier(File knownHosts, boolean acceptUnknown) throws IOException {
    super(knownHosts);
    this.acceptUnknown = acceptUnknown;
  }

  Optional<Rejected> rejected() {
    return Optional.ofNullable(rejected);
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (acceptUnknown) {
      return true;
    }
    rejected = new Rejected(Refusal.UNKNOWN, KeyType.fromKey(key).toString(), fingerprint(key));
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejected = new Rejected(Refusal.CHANGED, KeyType.fromKey(key).toString(), fingerprint(key));
    return false;
  }

  /** {@code SHA256:<base64 without padding>} of the key's SSH encoding. */
  static String fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
