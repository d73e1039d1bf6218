package io.llmharness.proxy.internal.cli;

import io.llmharness.proxy.LengthCheck;
import io.llmharness.proxy.OnMissingKvParams;
import io.llmharness.proxy.ProxyConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Parses the command line ({@code --flag value} or {@code --flag=value}) into a config. */
public final class ProxyArgs {

  /** The usage text of {@code --help}. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: ProxyMain --prefill URL[,URL...] --decode URL[,URL...] [flags]",
          "",
          "  --prefill URL             prefill server(s), repeatable or comma-separated; round robin",
          "  --decode URL              decode server(s), repeatable or comma-separated; round robin",
          "  --host ADDR               listen address (default 127.0.0.1)",
          "  --port N                  listen port (default 8000; 0 = any free port)",
          "  --connect-timeout D       opening an upstream connection (default 10s)",
          "  --prefill-timeout D       whole prefill exchange (default 300s)",
          "  --decode-timeout D        decode request sent to response head (default 600s)",
          "  --decode-read-timeout D   silence allowed inside the decode stream (default 600s)",
          "  --upstream-idle-timeout D idle pooled upstream connections closed after (default 4s)",
          "  --keep-alive-timeout D    idle client connections closed after (default 5s)",
          "  --max-body-size S         larger request bodies get 413 (default 64m)",
          "  --max-response-size S     limit of buffered upstream bodies (default 256m)",
          "  --on-missing-kv-params M  fail (default) or recompute",
          "  --length-check M          auto (default), tokenize or off",
          "  --io-threads N            event-loop threads (default: half the processors, at least 1)",
          "  --access-log              one line per completion request on standard output",
          "  --exit-with-parent        exit when the process that started the proxy is gone",
          "",
          "D: 250ms, 30s, 5m, 1h or seconds; S: bytes or with k, m, g (binary) suffix.",
          "");

  private ProxyArgs() {}

  /** Whether the arguments ask for the usage text. */
  public static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  /** Parses {@code args}; throws with one line naming the bad flag or value. */
  public static ProxyConfig parse(List<String> args) throws UsageException {
    ProxyConfig.Builder b = ProxyConfig.builder();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument " + arg + "; flags start with --");
      }
      String flag = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (flag.equals("--access-log")) {
        if (value != null) {
          throw new UsageException("--access-log takes no value");
        }
        b.accessLog(true);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(flag + " needs a value; see --help");
        }
        value = args.get(++i);
      }
      apply(b, flag, value);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void apply(ProxyConfig.Builder b, String flag, String value)
      throws UsageException {
    try {
      switch (flag) {
        case "--prefill" -> urls(flag, value).forEach(b::prefill);
        case "--decode" -> urls(flag, value).forEach(b::decode);
        case "--host" -> b.host(value);
        case "--port" -> b.port(integer(flag, value));
        case "--connect-timeout" -> b.connectTimeout(duration(flag, value));
        case "--prefill-timeout" -> b.prefillTimeout(duration(flag, value));
        case "--decode-timeout" -> b.decodeTimeout(duration(flag, value));
        case "--decode-read-timeout" -> b.decodeReadTimeout(duration(flag, value));
        case "--upstream-idle-timeout" -> b.upstreamIdleTimeout(duration(flag, value));
        case "--keep-alive-timeout" -> b.keepAliveTimeout(duration(flag, value));
        case "--max-body-size" -> b.maxBodyBytes(size(flag, value));
        case "--max-response-size" -> b.maxResponseBytes(size(flag, value));
        case "--on-missing-kv-params" -> b.onMissingKvParams(OnMissingKvParams.parse(value));
        case "--length-check" -> b.lengthCheck(LengthCheck.parse(value));
        case "--io-threads" -> b.ioThreads(integer(flag, value));
        default -> throw new UsageException("unknown flag " + flag + "; see --help");
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static List<URI> urls(String flag, String value) throws UsageException {
    List<URI> out = new java.util.ArrayList<>();
    for (String part : value.split(",")) {
      String s = part.strip();
      if (s.isEmpty()) {
        throw new UsageException(flag + " " + value + " has an empty URL; give http://host:port");
      }
      try {
        out.add(new URI(s));
      } catch (URISyntaxException e) {
        throw new UsageException(flag + " " + s + " is not a URL; give http://host:port");
      }
    }
    return out;
  }

  private static int integer(String flag, String value) throws UsageException {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " " + value + " is not an integer");
    }
  }

  /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a number of seconds. */
  static Duration duration(String flag, String value) throws UsageException {
    String v = value.strip().toLowerCase(Locale.ROOT);
    long unitNanos;
    String number;
    if (v.endsWith("ms")) {
      unitNanos = 1_000_000L;
      number = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      unitNanos = 1_000_000_000L;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      unitNanos = 60_000_000_000L;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("h")) {
      unitNanos = 3_600_000_000_000L;
      number = v.substring(0, v.length() - 1);
    } else {
      unitNanos = 1_000_000_000L;
      number = v;
    }
    try {
      BigDecimal nanos = new BigDecimal(number.strip()).multiply(BigDecimal.valueOf(unitNanos));
      if (nanos.signum() <= 0) {
        throw new UsageException(flag + " " + value + " must be positive");
      }
      return Duration.ofNanos(nanos.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException(
          flag + " " + value + " is not a duration; write e.g. 250ms, 30s, 5m or 1h");
    }
  }

  /** Bytes, or with a {@code k}, {@code m} or {@code g} suffix (powers of 1024). */
  static long size(String flag, String value) throws UsageException {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.endsWith("ib")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("b")) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (v.endsWith("k")) {
      unit = 1L << 10;
    } else if (v.endsWith("m")) {
      unit = 1L << 20;
    } else if (v.endsWith("g")) {
      unit = 1L << 30;
    }
    if (unit > 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(v.strip()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException(
          flag + " " + value + " is not a size; write e.g. 1048576, 64k or 64m");
    }
  }
}
