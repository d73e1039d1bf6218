package io.llmharness.server.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmJobRequestTest {
  @Test
  void everyFieldBecomesItsSbatchOptionAndTheExtrasComeLast() {
    SlurmJobRequest r =
        new SlurmJobRequest(
            "llmharness-decode-slurm2-8200",
            "#!/bin/bash\n",
            "/fsx/logs/decode-%j.out",
            4,
            Optional.of("gpu"),
            Optional.of("study"),
            Optional.of("2:00:00"),
            Optional.of("efa"),
            Optional.empty(),
            List.of("n1", "n3"),
            List.of("--qos=high"));

    assertThat(r.sbatchOptions())
        .containsExactly(
            "--parsable",
            "--job-name=llmharness-decode-slurm2-8200",
            "--output=/fsx/logs/decode-%j.out",
            "--nodes=1",
            "--ntasks=1",
            "--gres=gpu:4",
            "--partition=gpu",
            "--account=study",
            "--time=2:00:00",
            "--constraint=efa",
            "--exclude=n1,n3",
            "--qos=high");
  }

  @Test
  void aJobWithoutGpusAsksForNone() {
    SlurmJobRequest r =
        new SlurmJobRequest(
            "proxy",
            "",
            "/tmp/p-%j.out",
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("n2"),
            List.of(),
            List.of());

    assertThat(r.sbatchOptions()).noneMatch(o -> o.startsWith("--gres")).contains("--nodelist=n2");
  }
}
