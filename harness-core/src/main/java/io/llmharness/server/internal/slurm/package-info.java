/**
 * The Slurm launcher's machinery: the command-line client, batch scripts, the job monitor (one
 * {@code squeue} per poll for all live jobs, logs copied back), job processes and the JVM-exit
 * reaper.
 */
package io.llmharness.server.internal.slurm;
