package io.llmharness.phase15.behaviour;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Test fixture: runs suite classes in a JVM of its own, so a test can kill the run mid-way. Args:
 * the working directory, the comma-separated class names, then {@code key=value} settings.
 */
public final class SuiteInChildJvm {
  private SuiteInChildJvm() {}

  public static void main(String[] args) {
    Map<String, String> config = new LinkedHashMap<>(SuiteRuns.settings(Path.of(args[0])));
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    LauncherFactory.create().execute(SuiteRuns.request(config, List.of(args[1].split(","))));
  }
}
