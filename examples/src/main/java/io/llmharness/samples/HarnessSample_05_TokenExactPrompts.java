package io.llmharness.samples;

import io.llmharness.client.InferenceClient;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioRun;
import io.llmharness.scenario.Endpoint;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * A "20K-token prompt" is only 20K tokens for one tokenizer. Prefill cost, KV-cache size and the
 * stage a scenario needs all follow the number of tokens the server counts, so the harness builds
 * every prompt to be exactly `promptTokens` long as the server counts it:
 *
 *   1. PromptFactory writes natural-looking text from a seed and asks the server's own tokenizer
 *      (vLLM's POST /tokenize; for the chat endpoint, in chat form, template included) how long
 *      it is: one count to estimate, then bisection over the number of words, then single-token
 *      filler words for the last token or two; about ten /tokenize calls for any length;
 *   2. every response's usage.prompt_tokens is recorded, and a scenario in which the server counted
 *      anything else fails (ScenarioFailedException, with the request log kept), unless you allow
 *      a difference with promptTolerance.
 *
 * A server without /tokenize is calibrated with usage.prompt_tokens instead, or sized with a local
 * tokenizer.json (harness.tokenizer, README "Runs and results").
 *
 * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17):
 *
 *   s05-a-completions   sized with server /tokenize;             chat template -;         server counted [3000] prompt tokens, 10 distinct prompts of 10
 *   s05-b-chat          sized with server /tokenize (chat form); chat template 28 tokens; server counted [3000] prompt tokens, 10 distinct prompts of 10
 *   s05-c-token-ids     sized with server /tokenize;             chat template -;         server counted [3000] prompt tokens, 10 distinct prompts of 10
 *   "Read the following text carefully and summarize it."      51 chars: chars/4 says 12 tokens, /tokenize 36, in chat form 64
 *   "Request 000000000042."                                    21 chars: chars/4 says  5 tokens, /tokenize 21, in chat form 49
 *   "Tokenization is not about characters: café, 1234567890."  55 chars: chars/4 says 13 tokens, /tokenize 49, in chat form 77
 *
 * Every request of all three scenarios was counted at exactly 3000 tokens, and every prompt was
 * different (the unique nonce of sample 04; 10 distinct SHA-256s of 10).
 *
 * The pitfalls it guards against:
 *
 *   - Estimating tokens from characters. "Four characters per token" is a rule of thumb for English
 *     prose and one tokenizer; this server counts 36 tokens where it predicts 12. The emulator's
 *     tokenizer splits like Qwen2's but has a small vocabulary and falls back to one token per byte
 *     for words it lacks, so its counts differ from the real Qwen's too, and that is the point:
 *     only the server you measure knows. (The original Phase 15 scripts found that 'a' * 12288,
 *     12,288 characters, is 1,565 tokens for Qwen2.5.)
 *   - Forgetting the chat template. The same text costs 28 more tokens through the chat endpoint
 *     here (the original scripts measured about 29 on Qwen2.5-32B). The harness measures the
 *     template (chatTemplateOverhead) and sizes chat prompts in chat form, so 3000 means 3000 in
 *     both scenarios.
 *   - Digits and nonces. Qwen-style tokenizers make every digit a token, so the harness's nonce
 *     ("Request <12 digits>.") has a fixed length whatever its value, and a prompt stays exact
 *     whichever nonce it gets.
 *
 * tokenIds = true sends the prompt as a list of token ids (completions only: the chat endpoint
 * takes text, and the resolver rejects the combination before anything starts). The server then
 * does not tokenize at all, which removes any doubt about re-tokenization, at the price of
 * depending on the ids of one tokenizer.
 */
public final class HarnessSample_05_TokenExactPrompts {
  private HarnessSample_05_TokenExactPrompts() {}

  public static void main(String[] args) {
    TargetConfig target = TargetConfig.fromProperties(Map.of("harness.emulator.profile", "fast"));
    List<ScenarioSpec> specs =
        List.of(
            spec(ScenarioOptions.builder().id("s05-a-completions")),
            spec(ScenarioOptions.builder().id("s05-b-chat").endpoint(Endpoint.CHAT)),
            spec(ScenarioOptions.builder().id("s05-c-token-ids").tokenIds(true)));

    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = SampleRunners.runner("05")) {
      RunningDeployment server = null;
      for (ScenarioSpec spec : specs) {
        server = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
        ScenarioRun run = runner.run(spec, server.target()).run().orElseThrow();
        List<Integer> counted =
            run.measured().stream().map(r -> r.promptTokens().orElse(-1)).distinct().toList();
        System.out.printf(
            Locale.ROOT,
            "%-27s sized with %-28s chat template %-9s server counted %s prompt tokens,"
                + " %d distinct prompts of %d%n",
            spec.id(),
            run.promptCounter() + ";",
            run.chatTemplateOverhead().isPresent()
                ? run.chatTemplateOverhead().getAsInt() + " tokens;"
                : "-;",
            counted,
            run.measured().stream().map(RequestRecord::promptSha256).distinct().count(),
            run.measured().size());
        if (!counted.equals(List.of(spec.prompt().tokens()))) {
          throw new IllegalStateException(spec.id() + " missed its prompt length: " + counted);
        }
      }

      try (InferenceClient client = new InferenceClient(server.target())) {
        String model = specs.get(0).model();
        for (String text :
            List.of(
                "Read the following text carefully and summarize it.",
                "Request 000000000042.",
                "Tokenization is not about characters: café, 1234567890.")) {
          System.out.printf(
              Locale.ROOT,
              "%-58s %3d chars: chars/4 says %2d tokens, /tokenize %2d, in chat form %2d%n",
              '"' + text + '"',
              text.length(),
              text.length() / 4,
              client.tokenize(model, text).count(),
              client.tokenizeChat(model, text).count());
        }
      }
    }
  }

  private static ScenarioSpec spec(ScenarioOptions.Builder own) {
    ScenarioOptions common =
        ScenarioOptions.builder()
            .promptTokens(3000)
            .maxTokens(4)
            .warmup(2)
            .iterations(10)
            .prefixCache(false)
            .build();
    return Scenarios.resolve(common.overriddenBy(own.build()), "s05", StageLadder.DEFAULT).get(0);
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, through the test that runs every main-style sample:
   *
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample05*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/io.llmharness.samples.SamplesMainIT-output.txt
   *
   * b) From the IDE: run main() (working directory: the examples module).
   */
}
