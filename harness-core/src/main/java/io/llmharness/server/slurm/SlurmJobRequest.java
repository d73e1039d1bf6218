package io.llmharness.server.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One batch job to submit: one node, one task, the script on standard input.
 *
 * @param name the job name ({@code --job-name})
 * @param script the batch script
 * @param output the file its output goes to ({@code --output}; {@code %j} is the job id)
 * @param gpus GPUs to ask for ({@code --gres=gpu:N}); 0 asks for none
 * @param partition {@code --partition}
 * @param account {@code --account}
 * @param timeLimit {@code --time}
 * @param constraint {@code --constraint}
 * @param node the node it must run on ({@code --nodelist})
 * @param exclude nodes it must not run on ({@code --exclude})
 * @param extraArgs more {@code sbatch} options
 */
public record SlurmJobRequest(
    String name,
    String script,
    String output,
    int gpus,
    Optional<String> partition,
    Optional<String> account,
    Optional<String> timeLimit,
    Optional<String> constraint,
    Optional<String> node,
    List<String> exclude,
    List<String> extraArgs) {

  public SlurmJobRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(node, "node");
    exclude = List.copyOf(exclude);
    extraArgs = List.copyOf(extraArgs);
    if (gpus < 0) {
      throw new IllegalArgumentException("a job cannot ask for " + gpus + " GPUs");
    }
  }

  /** The request as {@code sbatch} options (without the script). */
  public List<String> sbatchOptions() {
    List<String> args = new ArrayList<>();
    args.add("--parsable");
    args.add("--job-name=" + name);
    args.add("--output=" + output);
    args.add("--nodes=1");
    args.add("--ntasks=1");
    if (gpus > 0) {
      args.add("--gres=gpu:" + gpus);
    }
    partition.ifPresent(p -> args.add("--partition=" + p));
    account.ifPresent(a -> args.add("--account=" + a));
    timeLimit.ifPresent(t -> args.add("--time=" + t));
    constraint.ifPresent(c -> args.add("--constraint=" + c));
    node.ifPresent(n -> args.add("--nodelist=" + n));
    if (!exclude.isEmpty()) {
      args.add("--exclude=" + String.join(",", exclude));
    }
    args.addAll(extraArgs);
    return args;
  }
}
