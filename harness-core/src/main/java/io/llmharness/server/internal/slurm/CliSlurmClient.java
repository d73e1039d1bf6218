package io.llmharness.server.internal.slurm;

import io.llmharness.server.LaunchException;
import io.llmharness.server.slurm.SlurmClient;
import io.llmharness.server.slurm.SlurmJobRequest;
import io.llmharness.server.slurm.SlurmJobStatus;
import io.llmharness.server.slurm.SlurmSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slurm through its commands: {@code sbatch --parsable}, {@code squeue}, {@code scontrol show} and
 * {@code scancel}, with {@code SLURM_CONF} set when configured (without it, and without {@code
 * /etc/slurm/slurm.conf}, the commands fall back to a DNS SRV lookup and fail).
 */
public final class CliSlurmClient implements SlurmClient {
  private final SlurmSettings settings;

  public CliSlurmClient(SlurmSettings settings) {
    this.settings = settings;
  }

  @Override
  public String submit(SlurmJobRequest request) {
    List<String> argv = new ArrayList<>(List.of("sbatch"));
    argv.addAll(request.sbatchOptions());
    Result r = run(argv, request.script());
    if (r.exitCode != 0) {
      throw new LaunchException(
          "Slurm refused the job "
              + request.name()
              + ": "
              + slurmMessage(r)
              + " (sbatch "
              + String.join(" ", request.sbatchOptions())
              + "); change the request (harness.slurm.*, harness.tensorParallelSize) so that a node"
              + " of the cluster can run it.");
    }
    String id = r.stdout.strip().lines().reduce((a, b) -> b).orElse("");
    int semicolon = id.indexOf(';');
    id = semicolon >= 0 ? id.substring(0, semicolon) : id;
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new LaunchException(
          "sbatch --parsable printed [" + r.stdout.strip() + "] instead of a job id");
    }
    return id;
  }

  @Override
  public Map<String, SlurmJobStatus> status(Collection<String> jobIds) {
    Map<String, SlurmJobStatus> out = new LinkedHashMap<>();
    if (jobIds.isEmpty()) {
      return out;
    }
    Result r =
        run(
            List.of(
                "squeue", "-h", "-t", "all", "-j", String.join(",", jobIds), "-o", "%i|%T|%r|%N"),
            null);
    if (r.exitCode != 0) {
      if (r.stderr.contains("Invalid job id")) {
        return out;
      }
      throw new LaunchException("squeue failed: " + slurmMessage(r));
    }
    for (String line : r.stdout.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length == 4) {
        out.put(f[0], new SlurmJobStatus(f[0], f[1], f[2], f[3], Optional.empty()));
      }
    }
    return out;
  }

  @Override
  public Optional<SlurmJobStatus> detail(String jobId) {
    Result r = run(List.of("scontrol", "show", "job", "-o", jobId), null);
    if (r.exitCode != 0) {
      if (r.stderr.contains("Invalid job id")) {
        return Optional.empty();
      }
      throw new LaunchException("scontrol show job " + jobId + " failed: " + slurmMessage(r));
    }
    Map<String, String> f = KeyValues.parse(r.stdout);
    String node = f.getOrDefault("NodeList", "");
    return Optional.of(
        new SlurmJobStatus(
            jobId,
            f.getOrDefault("JobState", "UNKNOWN"),
            f.getOrDefault("Reason", "None"),
            node.equals("(null)") ? "" : node,
            Optional.ofNullable(f.get("ExitCode"))));
  }

  @Override
  public String nodeAddress(String node) {
    Result r = run(List.of("scontrol", "show", "node", "-o", node), null);
    String address = KeyValues.parse(r.stdout).get("NodeAddr");
    if (r.exitCode != 0 || address == null || address.isEmpty()) {
      throw new LaunchException(
          "cannot read the address of node " + node + " (scontrol show node): " + slurmMessage(r));
    }
    return address;
  }

  @Override
  public void cancel(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("scancel"));
    argv.addAll(jobIds);
    Result r = run(argv, null);
    if (r.exitCode != 0 && !r.stderr.contains("already completing or completed")) {
      throw new LaunchException(
          "scancel " + String.join(" ", jobIds) + " failed: " + slurmMessage(r));
    }
  }

  private static String slurmMessage(Result r) {
    List<String> lines = new ArrayList<>();
    for (String line : (r.stderr + "\n" + r.stdout).split("\n")) {
      String l = line.strip();
      for (String prefix :
          List.of(
              "sbatch: error: ",
              "squeue: error: ",
              "scontrol: error: ",
              "scancel: error: ",
              "Batch job submission failed: ")) {
        if (l.startsWith(prefix)) {
          l = l.substring(prefix.length());
        }
      }
      if (!l.isEmpty() && !lines.contains(l)) {
        lines.add(l);
      }
    }
    return lines.isEmpty() ? "exit code " + r.exitCode : String.join("; ", lines);
  }

  private Result run(List<String> argv, String stdin) {
    checkConf();
    List<String> command = new ArrayList<>(argv);
    settings.binDir().ifPresent(dir -> command.set(0, dir.resolve(argv.get(0)).toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    settings.conf().ifPresent(conf -> pb.environment().put("SLURM_CONF", conf.toString()));
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new LaunchException(
          "cannot run the Slurm command ["
              + command.get(0)
              + "]: "
              + e.getMessage()
              + "; install Slurm's client commands or set harness.slurm.binDir.",
          e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      Duration limit = settings.commandTimeout();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new LaunchException(
            String.join(" ", argv.subList(0, Math.min(argv.size(), 3)))
                + " did not answer within "
                + limit.toSeconds()
                + " s; check that slurmctld is reachable (scontrol ping) or raise"
                + " harness.slurm.commandTimeout.");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      p.destroyForcibly();
      throw new LaunchException(
          "cannot write the batch script to " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while running " + argv.get(0), e);
    }
  }

  /** Slurm's commands retry a missing configuration file for a minute before they fail. */
  private void checkConf() {
    Optional<String> conf =
        settings
            .conf()
            .map(Path::toString)
            .or(() -> Optional.ofNullable(System.getenv("SLURM_CONF")));
    conf.filter(c -> !Files.isReadable(Path.of(c)))
        .ifPresent(
            c -> {
              throw new LaunchException(
                  "the Slurm configuration "
                      + c
                      + " does not exist; set harness.slurm.conf (or SLURM_CONF) to the cluster's"
                      + " slurm.conf.");
            });
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                text.complete(buf.toString(StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "slurm-command-output");
    t.setDaemon(true);
    t.start();
    return text;
  }

  private record Result(int exitCode, String stdout, String stderr) {}
}
