/** Implementation details shared by the harness-core packages; not API. */
package io.llmharness.internal;
