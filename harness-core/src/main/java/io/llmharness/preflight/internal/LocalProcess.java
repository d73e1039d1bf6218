package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process of this JVM with its output collected. Stopping it terminates its whole process
 * tree: SIGTERM first, SIGKILL after {@link #GRACE}. Processes still running when the JVM exits are
 * stopped by a shutdown hook.
 */
final class LocalProcess implements BackgroundProcess {

  static final Duration GRACE = Duration.ofSeconds(3);
  private static final long DRAIN_MILLIS = 2000;
  private static final Set<LocalProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(LIVE).forEach(LocalProcess::stop), "preflight-cleanup"));
  }

  private final List<String> reportedCommand;
  private final Process process;
  private final OutputBuffer stdout;
  private final OutputBuffer stderr;
  private final long startNanos;
  private CommandResult result;

  private LocalProcess(List<String> reportedCommand, Process process, long startNanos) {
    this.reportedCommand = List.copyOf(reportedCommand);
    this.process = process;
    this.startNanos = startNanos;
    String name = "preflight-" + reportedCommand.get(0) + "-" + process.pid();
    this.stdout = OutputBuffer.drain(process.getInputStream(), name + "-out");
    this.stderr = OutputBuffer.drain(process.getErrorStream(), name + "-err");
  }

  private LocalProcess(List<String> reportedCommand, CommandResult notStarted) {
    this.reportedCommand = List.copyOf(reportedCommand);
    this.process = null;
    this.stdout = null;
    this.stderr = null;
    this.startNanos = System.nanoTime();
    this.result = notStarted;
  }

  /**
   * Starts {@code command}; {@code reportedCommand} is what results show (the command without a
   * node prefix). A command that cannot be started yields a finished process with exit code 127.
   */
  static LocalProcess start(List<String> command, List<String> reportedCommand) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the command to run is empty; give at least a program");
    }
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      LocalProcess started = new LocalProcess(reportedCommand, builder.start(), start);
      LIVE.add(started);
      return started;
    } catch (IOException e) {
      return new LocalProcess(
          reportedCommand,
          new CommandResult(
              reportedCommand,
              CommandResult.NOT_STARTED,
              "",
              e.getMessage() == null ? e.toString() : e.getMessage(),
              Duration.ofNanos(System.nanoTime() - start),
              false));
    }
  }

  @Override
  public List<String> command() {
    return reportedCommand;
  }

  @Override
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public String stdoutSoFar() {
    return process == null ? result.stdout() : stdout.text();
  }

  @Override
  public String stderrSoFar() {
    return process == null ? result.stderr() : stderr.text();
  }

  @Override
  public CommandResult awaitExit(Duration timeout) {
    synchronized (this) {
      if (result != null) {
        return result;
      }
    }
    boolean exited;
    try {
      exited = process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return finish(true, true);
    }
    return finish(!exited, !exited);
  }

  @Override
  public CommandResult stop() {
    return finish(true, false);
  }

  private synchronized CommandResult finish(boolean kill, boolean timedOut) {
    if (result != null) {
      return result;
    }
    long endNanos = System.nanoTime();
    if (kill && process.isAlive()) {
      terminateTree();
    }
    int exitCode = waitForExitCode();
    stdout.awaitEnd(DRAIN_MILLIS);
    stderr.awaitEnd(DRAIN_MILLIS);
    result =
        new CommandResult(
            reportedCommand,
            timedOut ? -1 : exitCode,
            stdout.text(),
            stderr.text(),
            Duration.ofNanos(endNanos - startNanos),
            timedOut);
    LIVE.remove(this);
    return result;
  }

  private void terminateTree() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          handle.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (ExecutionException | TimeoutException e) {
          // Killed forcibly below.
        }
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private int waitForExitCode() {
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return process.waitFor();
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }
}
