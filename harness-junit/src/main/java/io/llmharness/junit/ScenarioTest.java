package io.llmharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test method that is a benchmark scenario, declared by {@code @Scenario} on the method and its
 * class. The method runs once per scenario of its matrix, after the scenario has run; it may take a
 * {@code ScenarioResult} (and a {@link ServerHandle}) parameter to assert on.
 *
 * <p>Intended for users.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(ScenarioExtension.class)
public @interface ScenarioTest {}
