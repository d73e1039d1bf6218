package io.llmharness.junit;

import io.llmharness.preflight.GpuDirectStatus;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test or class only when GPUDirect RDMA is at least {@link #minimum()} on the
 * node named by {@code harness.preflight.gpudirect.node} (default: this host, or the first of
 * {@code harness.nodes} on the {@code ssh} target); otherwise fails it with the reason on a real
 * target, or skips it on the emulated target and where the node has no {@code nvidia-smi} ({@link
 * OnUnmet#CONFIGURED} has the keys that change this; {@link #onUnmet()} overrides them).
 *
 * <p>The check runs once per test run; its report is written to {@code
 * <harness.results.dir>/<harness.run.id>/preflight/gpudirect_rdma.json}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RequiresGpuDirectCondition.class)
public @interface RequiresGpuDirect {

  /** The weakest status accepted (default {@code likely_enabled}). */
  GpuDirectStatus minimum() default GpuDirectStatus.LIKELY_ENABLED;

  /** Skip or fail when unmet (default: as configured). */
  OnUnmet onUnmet() default OnUnmet.CONFIGURED;
}
