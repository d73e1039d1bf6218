package io.llmharness.server.ssh;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one {@link Sshd} on loopback, started before them. */
abstract class SshdOnLoopback {
  @TempDir static Path sshdDir;

  static Sshd sshd;

  @BeforeAll
  static void startSshd() throws IOException {
    sshd = Sshd.onLoopback(sshdDir);
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
      sshd = null;
    }
  }
}
