/**
 * The results of the load harnesses, shared by all of them: one {@link io.memjcache.benchmarks.report.ResultRow}
 * per measured round (harness part, case, target, round, named metrics), written as CSV ({@link CsvReport}) and JSON
 * ({@link JsonReport}), summarised as medians across rounds and ratios to a reference target ({@link Summary}),
 * rendered as a Markdown table ({@link MarkdownSummary}) and a PNG chart ({@link ChartReport}).
 *
 * <p>No nulls unless a member says otherwise.
 */
package io.memjcache.benchmarks.report;
