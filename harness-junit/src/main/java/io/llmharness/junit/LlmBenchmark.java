package io.llmharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose {@link ScenarioTest} methods are benchmark scenarios: registers the
 * harness extension, which starts the servers each scenario needs (reusing a running deployment
 * whenever it can), runs the scenario and injects its {@code ScenarioResult}. Methods run in stage
 * and deployment order; enable {@link StageClassOrderer} in {@code junit-platform.properties} to
 * order classes the same way.
 *
 * <p>Intended for users.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ScenarioExtension.class)
@TestMethodOrder(StageMethodOrderer.class)
public @interface LlmBenchmark {}
