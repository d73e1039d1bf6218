package io.llmharness.server.internal.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.ssh.SshSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens an authenticated SSH connection to one node, and turns every way that can fail into one
 * sentence that names the node and the fix.
 */
final class SshConnector {
  /** Seconds between keep-alive requests; a connection is declared dead after five unanswered. */
  private static final int KEEP_ALIVE_SECONDS = 10;

  private SshConnector() {}

  static SSHClient connect(SshSettings s) {
    DefaultConfig config = new DefaultConfig();
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    SSHClient client = new SSHClient(config);
    try {
      KeyProvider key = loadKey(client, s);
      KnownHostsVerifier verifier = knownHosts(s);
      client.addHostKeyVerifier(verifier);
      int timeout = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis());
      client.setConnectTimeout(timeout);
      // bounds the wait for the server's greeting; sshj's reader ignores read timeouts later on
      client.setTimeout(timeout);
      client.getTransport().setTimeoutMs(timeout);
      open(client, s, verifier);
      client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
      authenticate(client, s, key);
      return client;
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  static void closeQuietly(SSHClient client) {
    if (client != null) {
      try {
        client.close();
      } catch (IOException | RuntimeException e) {
        // already broken: nothing left to release
      }
    }
  }

  private static KeyProvider loadKey(SSHClient client, SshSettings s) {
    if (!Files.isRegularFile(s.privateKey())) {
      throw new LaunchException(
          "SSH private key "
              + s.privateKey()
              + " for node "
              + s.target()
              + " does not exist; set "
              + SshSettings.PREFIX
              + "key to the key that node accepts.");
    }
    try {
      KeyProvider key =
          s.passphrase().isPresent()
              ? client.loadKeys(s.privateKey().toString(), s.passphrase().get())
              : client.loadKeys(s.privateKey().toString());
      key.getPrivate();
      return key;
    } catch (IOException | RuntimeException e) {
      throw new LaunchException(
          "cannot read SSH private key "
              + s.privateKey()
              + " for node "
              + s.target()
              + " ("
              + reason(e)
              + "); if it is encrypted set "
              + SshSettings.PREFIX
              + "keyPassphrase, else set "
              + SshSettings.PREFIX
              + "key to an OpenSSH or PEM private key.",
          e);
    }
  }

  private static KnownHostsVerifier knownHosts(SshSettings s) {
    try {
      return new KnownHostsVerifier(s.knownHosts().toFile(), s.acceptUnknownHosts());
    } catch (IOException e) {
      throw new LaunchException(
          "cannot read the known_hosts file "
              + s.knownHosts()
              + " ("
              + reason(e)
              + "); set "
              + SshSettings.PREFIX
              + "knownHosts to a readable file.",
          e);
    }
  }

  private static void open(SSHClient client, SshSettings s, KnownHostsVerifier verifier) {
    String where = "node " + s.host() + ":" + s.port();
    try {
      client.connect(s.host(), s.port());
    } catch (UnknownHostException e) {
      throw new LaunchException(
          "cannot resolve the host name of node " + s.host() + "; check the node's address.", e);
    } catch (ConnectException e) {
      throw new LaunchException(
          "cannot reach "
              + where
              + ": connection refused; check that sshd runs there and listens on port "
              + s.port()
              + " ("
              + SshSettings.PREFIX
              + "port).",
          e);
    } catch (SocketTimeoutException e) {
      if (client.getSocket() != null && client.getSocket().isConnected()) {
        throw handshakeFailed(
            s,
            new SocketTimeoutException(
                "no SSH greeting within " + s.connectTimeout().toMillis() + " ms"));
      }
      throw new LaunchException(
          "cannot reach "
              + where
              + ": no answer within "
              + s.connectTimeout().toMillis()
              + " ms ("
              + SshSettings.PREFIX
              + "connectTimeout); check the address, the network and the firewall.",
          e);
    } catch (NoRouteToHostException e) {
      throw new LaunchException(
          "cannot reach " + where + ": " + reason(e) + "; check the address and the network.", e);
    } catch (TransportException e) {
      if (verifier.rejected().isPresent()) {
        throw new LaunchException(hostKeyMessage(s, verifier.rejected().get()), e);
      }
      throw handshakeFailed(s, e);
    } catch (IOException e) {
      throw handshakeFailed(s, e);
    }
  }

  private static LaunchException handshakeFailed(SshSettings s, Exception e) {
    String why = reason(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        why = "no answer within " + s.connectTimeout().toMillis() + " ms";
      }
    }
    return new LaunchException(
        "node "
            + s.host()
            + ":"
            + s.port()
            + " accepted the connection but the SSH handshake failed ("
            + why
            + "); check that an SSH server listens on port "
            + s.port()
            + ".",
        e);
  }

  private static String hostKeyMessage(SshSettings s, KnownHostsVerifier.Rejected r) {
    String entry = s.port() == 22 ? s.host() : "[" + s.host() + "]:" + s.port();
    String scan = "'ssh-keyscan -p " + s.port() + " " + s.host() + " >> " + s.knownHosts() + "'";
    if (r.refusal() == KnownHostsVerifier.Refusal.CHANGED) {
      return "the SSH host key of node "
          + s.host()
          + ":"
          + s.port()
          + " changed: it offers "
          + r.keyType()
          + " "
          + r.fingerprint()
          + ", which does not match the key recorded for "
          + entry
          + " in "
          + s.knownHosts()
          + "; if the change is expected, remove the old key with 'ssh-keygen -f "
          + s.knownHosts()
          + " -R "
          + entry
          + "' and add the new one with "
          + scan
          + ".";
    }
    return "the SSH host key of node "
        + s.host()
        + ":"
        + s.port()
        + " ("
        + r.keyType()
        + " "
        + r.fingerprint()
        + ") is not in "
        + s.knownHosts()
        + "; after checking the fingerprint add it with "
        + scan
        + ", or set "
        + SshSettings.PREFIX
        + "acceptUnknownHosts=true to trust unknown nodes.";
  }

  private static void authenticate(SSHClient client, SshSettings s, KeyProvider key) {
    try {
      client.authPublickey(s.user(), key);
    } catch (UserAuthException e) {
      throw new LaunchException(
          "authentication as "
              + s.user()
              + " on node "
              + s.host()
              + ":"
              + s.port()
              + " failed with key "
              + s.privateKey()
              + "; add "
              + s.privateKey()
              + ".pub to ~"
              + s.user()
              + "/.ssh/authorized_keys on the node, or set "
              + SshSettings.PREFIX
              + "user and "
              + SshSettings.PREFIX
              + "key.",
          e);
    } catch (TransportException e) {
      throw new LaunchException(
          "the SSH connection to node "
              + s.target()
              + " broke during authentication ("
              + reason(e)
              + "); check the node's sshd log.",
          e);
    }
  }

  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
