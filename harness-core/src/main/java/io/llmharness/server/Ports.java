package io.llmharness.server;

/**
 * The ports servers listen on; 0 means "pick a free port at start" (the emulated default, so runs
 * never collide on one machine).
 *
 * @param unified the unified server's HTTP port (the guide's 8100)
 * @param prefill the prefill server's HTTP port (8100)
 * @param decode the decode server's HTTP port (8200)
 * @param proxy the proxy's port (8000)
 * @param prefillSideChannel the prefill server's NIXL side-channel port (5600)
 * @param decodeSideChannel the decode server's NIXL side-channel port (5600 on its own node)
 */
public record Ports(
    int unified,
    int prefill,
    int decode,
    int proxy,
    int prefillSideChannel,
    int decodeSideChannel) {
  /** The Phase 15 guide's ports, for servers on their own nodes. */
  public static final Ports GUIDE = new Ports(8100, 8100, 8200, 8000, 5600, 5600);

  /** Free ports picked at start, for servers sharing one host. */
  public static final Ports AUTO = new Ports(0, 0, 0, 0, 0, 0);

  public Ports {
    for (int p :
        new int[] {unified, prefill, decode, proxy, prefillSideChannel, decodeSideChannel}) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(
            "ports must be between 0 and 65535, but was [" + p + "]");
      }
    }
  }
}
