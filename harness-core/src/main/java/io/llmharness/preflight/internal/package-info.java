/** Implementation of the preflight checks: process running, tool parsers, decisions, JSON. */
package io.llmharness.preflight.internal;
