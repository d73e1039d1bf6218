/** Implementation of {@code io.llmharness.server.ssh}; not API. */
package io.llmharness.server.internal.ssh;
