/**
 * Implementation of {@code io.llmharness.results.report}: tolerant reading of result files and the
 * bandwidth baseline, the EFA/TCP pairing, the charts (XChart) and the Markdown and HTML renderings
 * of one document; not API.
 */
package io.llmharness.results.report.internal;
