/** Support of the preflight precondition annotations: configuration, the run-wide cache, files. */
package io.llmharness.junit.internal.preflight;
