/** Per-request records, scenario results and their files (JSON, JSONL, reports). */
package io.llmharness.results;
