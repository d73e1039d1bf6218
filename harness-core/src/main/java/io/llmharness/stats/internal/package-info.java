/** Implementation details of {@code io.llmharness.stats}; not API. */
package io.llmharness.stats.internal;
