package io.llmharness.emulator.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses {@code vllm serve}-style arguments: {@code serve MODEL ...} or {@code --model MODEL ...},
 * flags as {@code --flag value} or {@code --flag=value}. Unknown flags are accepted with a warning
 * (and consume a following value that does not start with {@code --}), so one command line runs
 * either server. The switches every Phase 15 server runs with ({@code --enforce-eager}, {@code
 * --enable-chunked-prefill}, {@code --trust-remote-code}, request logging) change nothing the
 * emulator models and are accepted silently.
 */
public final class ServeArgsParser {

  /** vLLM flags that take no value; an unknown flag in this set never consumes the next word. */
  private static final Set<String> KNOWN_SWITCHES =
      Set.of(
          "disable-log-stats",
          "disable-uvicorn-access-log",
          "enable-server-load-tracking",
          "enable-tokenizer-info-endpoint",
          "disable-frontend-multiprocessing",
          "enable-auto-tool-choice",
          "headless",
          "disable-fastapi-docs",
          "enable-sleep-mode",
          "enable-expert-parallel",
          "disable-custom-all-reduce",
          "async-scheduling",
          "enable-lora");

  private String model;
  private final List<String> servedNames = new ArrayList<>();
  private String host = "0.0.0.0";
  private int port = 8000;
  private OptionalInt maxModelLen = OptionalInt.empty();
  private OptionalInt maxNumBatchedTokens = OptionalInt.empty();
  private OptionalInt maxNumSeqs = OptionalInt.empty();
  private OptionalInt blockSize = OptionalInt.empty();
  private OptionalInt tp = OptionalInt.empty();
  private double gpuMem = 0.9;
  private boolean prefixCaching = true;
  private KvTransferConfig kvConfig;
  private String hfOverrides;
  private boolean promptTokensDetails;
  private boolean forceIncludeUsage;
  private boolean requestIdHeaders;
  private String apiKey = System.getenv("VLLM_API_KEY");
  private String profile = "fast";
  private double startupDelay;
  private CompatVersion compat = CompatVersion.V0_15;
  private boolean sseTimestamps;
  private double faultErrorRate;
  private long faultSeed;
  private OptionalInt crashAfter = OptionalInt.empty();
  private OptionalInt stallAfter = OptionalInt.empty();
  private OptionalInt dropAfter = OptionalInt.empty();
  private OptionalInt errorEventAfter = OptionalInt.empty();
  private int faultEvery = 1;
  private OptionalInt phaseATransfers = OptionalInt.empty();
  private OptionalDouble phaseAFactor = OptionalDouble.empty();
  private final List<String> warnings = new ArrayList<>();

  private ServeArgsParser() {}

  /** Parses the arguments; throws IllegalArgumentException with a one-sentence message. */
  public static ServeArgs parse(String... args) {
    return new ServeArgsParser().run(args);
  }

  private ServeArgs run(String[] args) {
    int i = 0;
    if (args.length > 0 && args[0].equals("serve")) {
      i = 1;
    }
    while (i < args.length) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        if (model != null) {
          throw new IllegalArgumentException(
              "unexpected argument " + arg + "; the model is already " + model);
        }
        model = arg;
        i++;
        continue;
      }
      String name;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(2, eq);
        inline = arg.substring(eq + 1);
      } else {
        name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      }
      if (name.equals("tp")) {
        name = "tensor-parallel-size";
      }
      name = name.replace('_', '-');
      Cursor cursor = new Cursor(args, i, inline, name);
      i = apply(name, cursor);
    }
    if (servedNames.isEmpty() && model != null) {
      servedNames.add(model);
    }
    FaultConfig faults =
        new FaultConfig(
            faultErrorRate,
            faultSeed,
            crashAfter,
            stallAfter,
            dropAfter,
            errorEventAfter,
            faultEvery);
    return new ServeArgs(
        Optional.ofNullable(model),
        servedNames,
        host,
        port,
        maxModelLen,
        maxNumBatchedTokens,
        maxNumSeqs,
        blockSize,
        tp,
        gpuMem,
        prefixCaching,
        Optional.ofNullable(kvConfig),
        Optional.ofNullable(hfOverrides),
        promptTokensDetails,
        forceIncludeUsage,
        requestIdHeaders,
        Optional.ofNullable(apiKey),
        profile,
        startupDelay,
        compat,
        sseTimestamps,
        faults,
        phaseATransfers,
        phaseAFactor,
        warnings);
  }

  /** Applies one flag and returns the index of the next argument. */
  private int apply(String name, Cursor c) {
    switch (name) {
      case "model" -> model = c.value();
      case "served-model-name" -> {
        servedNames.clear();
        servedNames.addAll(c.values());
      }
      case "host" -> host = c.value();
      case "port" -> port = c.intValue();
      case "max-model-len" -> maxModelLen = OptionalInt.of(c.sizeValue());
      case "max-num-batched-tokens" -> maxNumBatchedTokens = OptionalInt.of(c.sizeValue());
      case "max-num-seqs" -> maxNumSeqs = OptionalInt.of(c.intValue());
      case "block-size" -> blockSize = OptionalInt.of(c.intValue());
      case "tensor-parallel-size" -> tp = OptionalInt.of(c.intValue());
      case "gpu-memory-utilization" -> gpuMem = c.doubleValue();
      case "enable-prefix-caching" -> prefixCaching = true;
      case "no-enable-prefix-caching" -> prefixCaching = false;
      case "kv-transfer-config" -> kvConfig = KvTransferConfig.parse(c.value());
      case "hf-overrides" -> hfOverrides = c.value();
      case "enable-prompt-tokens-details" -> promptTokensDetails = true;
      case "enable-force-include-usage" -> forceIncludeUsage = true;
      case "enable-request-id-headers" -> requestIdHeaders = true;
      case "api-key" -> apiKey = c.value();
      case "profile" -> profile = c.value();
      case "startup-delay" -> startupDelay = c.doubleValue();
      case "vllm-compat" -> compat = CompatVersion.parse(c.value());
      case "sse-timestamps" -> sseTimestamps = true;
      case "fault-error-rate" -> faultErrorRate = c.doubleValue();
      case "fault-seed" -> faultSeed = c.longValue();
      case "fault-crash-after" -> crashAfter = OptionalInt.of(c.intValue());
      case "fault-stall-after" -> stallAfter = OptionalInt.of(c.intValue());
      case "fault-drop-after" -> dropAfter = OptionalInt.of(c.intValue());
      case "fault-error-event-after" -> errorEventAfter = OptionalInt.of(c.intValue());
      case "fault-every" -> faultEvery = c.intValue();
      case "phase-a-transfers" -> phaseATransfers = OptionalInt.of(c.intValue());
      case "phase-a-factor" -> phaseAFactor = OptionalDouble.of(c.doubleValue());
      case "enforce-eager",
          "no-enforce-eager",
          "enable-chunked-prefill",
          "no-enable-chunked-prefill",
          "trust-remote-code",
          "enable-log-requests",
          "no-enable-log-requests",
          "disable-log-requests" -> {
        // Phase 15 switches: nothing the emulator models changes with them.
      }
      default -> {
        return unknown(name, c);
      }
    }
    return c.next();
  }

  private int unknown(String name, Cursor c) {
    boolean takesValue =
        c.inline == null
            && !KNOWN_SWITCHES.contains(name)
            && !name.startsWith("no-")
            && c.hasFollowingValue();
    String shown = "--" + name + (c.inline != null ? "=" + c.inline : "");
    warnings.add(
        "WARNING: the emulator ignores "
            + shown
            + (takesValue ? " " + c.args[c.index + 1] : "")
            + " (a vLLM flag it does not model)");
    return takesValue ? c.index + 2 : c.index + 1;
  }

  /** The position of one flag and its value(s). */
  private static final class Cursor {
    final String[] args;
    final int index;
    final String inline;
    final String name;
    private int next;

    Cursor(String[] args, int index, String inline, String name) {
      this.args = args;
      this.index = index;
      this.inline = inline;
      this.name = name;
      this.next = index + 1;
    }

    boolean hasFollowingValue() {
      return index + 1 < args.length && !args[index + 1].startsWith("--");
    }

    String value() {
      if (inline != null) {
        return inline;
      }
      if (index + 1 >= args.length) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      next = index + 2;
      return args[index + 1];
    }

    List<String> values() {
      if (inline != null) {
        return List.of(inline);
      }
      List<String> out = new ArrayList<>();
      int j = index + 1;
      while (j < args.length && !args[j].startsWith("-")) {
        out.add(args[j++]);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("--" + name + " needs at least one value");
      }
      next = j;
      return out;
    }

    int intValue() {
      String v = value();
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " " + v + " is not an integer");
      }
    }

    long longValue() {
      String v = value();
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " " + v + " is not an integer");
      }
    }

    double doubleValue() {
      String v = value();
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " " + v + " is not a number");
      }
    }

    /** An integer that may carry vLLM's size suffix: k = 1000, K = 1024, m = 10^6, M = 2^20. */
    int sizeValue() {
      String v = value();
      long multiplier = 1;
      String digits = v;
      if (!v.isEmpty()) {
        char last = v.charAt(v.length() - 1);
        multiplier =
            switch (last) {
              case 'k' -> 1000;
              case 'K' -> 1024;
              case 'm' -> 1_000_000;
              case 'M' -> 1 << 20;
              default -> 1;
            };
        if (multiplier != 1) {
          digits = v.substring(0, v.length() - 1);
        }
      }
      try {
        long n = Math.round(Double.parseDouble(digits) * multiplier);
        if (n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("--" + name + " " + v + " is too large");
        }
        return (int) n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + name + " " + v + " is not a token count (e.g. 32768 or 32k)");
      }
    }

    int next() {
      return next;
    }
  }
}
