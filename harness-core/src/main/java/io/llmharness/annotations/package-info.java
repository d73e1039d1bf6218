/** The annotations users put on test classes and methods to declare scenarios. */
package io.llmharness.annotations;
