/**
 * Implementation details of {@code io.llmharness.results}: JSON codecs and file handling; not API.
 */
package io.llmharness.results.internal;
