/** Placeholder: this module is built by a later step; see the README. */
package io.llmharness.proxy;
