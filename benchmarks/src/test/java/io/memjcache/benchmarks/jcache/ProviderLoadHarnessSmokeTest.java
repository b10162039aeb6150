package io.memjcache.benchmarks.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the provider-versus-peers harness in its smoke mode (every target and workload for a fraction of a second, one
 * round) so that it keeps working: every target must produce its numbers, memjcache must lose no {@code invoke}
 * update (correctness, not timing), and the output files must be written. No timing is asserted. A target whose
 * server binary is missing fails the test on CI ({@code CI=true}) and is skipped with the reason printed elsewhere.
 */
class ProviderLoadHarnessSmokeTest {

    @Test
    void everyTargetProducesNumbersAndMemjcacheLosesNoInvokeUpdate(@TempDir Path out) throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        List<Target> runnable = new ArrayList<>();
        for (Target target : Target.all()) {
            String missing = TargetLauncher.missing(target);
            if (missing == null) {
                runnable.add(target);
            } else if (ci) {
                fail(target.id() + " cannot run on CI: " + missing);
            } else {
                System.out.println("Skipping " + target.id() + ": " + missing);
            }
        }
        assertTrue(!runnable.isEmpty(), "no target can run here");

        ProviderLoadHarness.Options options = ProviderLoadHarness.Options.parse(
                "--smoke", "--out", out.toString(), "--targets", Target.ids(runnable));
        assertEquals(1, options.rounds());
        List<RunOutput> runs = ProviderLoadHarness.run(options, "--smoke", System.out);

        assertEquals(runnable, runs.stream().map(RunOutput::target).toList());
        for (RunOutput run : runs) {
            String name = run.target().id();
            assertNull(run.error(), name + " failed");
            List<String> workloads = run.target().jcache()
                    ? List.of(Workloads.GET_PUT_1, Workloads.GET_PUT_16, Workloads.INVOKE)
                    : List.of(Workloads.GET_PUT_1, Workloads.GET_PUT_16);
            for (String workload : workloads) {
                positive(run, workload, Workloads.OPS);
                assertNotNull(run.metric(workload, Workloads.P99), name + " " + workload + " has no p99");
            }
            if (run.target().jcache()) {
                positive(run, Workloads.GET_ALL, Workloads.KEYS_PER_S);
                positive(run, Workloads.SINGLE_GETS, Workloads.KEYS_PER_S);
                assertNotNull(run.metric(Workloads.INVOKE, Workloads.LOST), name + " reported no lost-update count");
            }
            if (run.target() == Target.MEMJCACHE_MEMCACHED || run.target() == Target.MEMJCACHE_EMBEDDED) {
                positive(run, Workloads.INVOKE, Workloads.INCREMENTS);
                assertEquals(0.0, run.metric(Workloads.INVOKE, Workloads.LOST), name + " lost invoke updates");
            }
        }
        for (String file :
                List.of(ProviderOutput.CSV, ProviderOutput.JSON, ProviderOutput.SUMMARY, ProviderOutput.CHART)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file + " is empty");
        }
        String summary = Files.readString(out.resolve(ProviderOutput.SUMMARY), StandardCharsets.UTF_8);
        for (Target target : runnable) {
            assertTrue(summary.contains(target.id()), "the summary does not mention " + target.id());
        }
    }

    private static void positive(RunOutput run, String workload, String metric) {
        Double value = run.metric(workload, metric);
        assertNotNull(value, run.target().id() + " has no " + workload + " " + metric);
        assertTrue(value > 0, run.target().id() + " " + workload + " " + metric + " = " + value);
    }
}
