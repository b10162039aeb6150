/**
 * What the load harnesses share for the processes they start: {@link ChildProcesses}.
 *
 * <p>No nulls unless a member says otherwise.
 */
package io.memjcache.benchmarks.process;
