package io.memjcache.benchmarks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memjcache.benchmarks.report.Metrics;
import io.memjcache.benchmarks.report.ResultRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's command line and the connect probe's result lines, parsed. */
class HarnessOptionsTest {

    @Test
    void smokeSetsShortDefaultsThatExplicitOptionsOverrideWhereverTheyStand() {
        HarnessOptions options = HarnessOptions.parse(
                new String[] {"--rounds", "2", "--smoke", "--parts", "memory,startup"}, Map.of("PATH", ""));

        assertEquals(2, options.rounds);
        assertEquals(1, options.phaseSeconds);
        assertEquals(0, options.warmupSeconds);
        assertEquals(20_000, options.items);
        assertEquals(List.of("memory", "startup"), options.parts);
        assertNull(options.memtier);
    }

    @Test
    void warmupDefaultsToThePhaseAndMemtierComesFromTheEnvironment() {
        HarnessOptions options = HarnessOptions.parse(
                new String[] {"--phase", "7"}, Map.of("MEMTIER_BENCHMARK", "/opt/memtier", "PATH", ""));

        assertEquals(7, options.warmupSeconds);
        assertEquals(Path.of("/opt/memtier"), options.memtier);
        assertEquals(HarnessOptions.ALL_PARTS, options.parts);
    }

    @Test
    void refusesUnknownOptionsAndBadValues() {
        Map<String, String> environment = Map.of();
        assertThrows(
                IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--bogus", "1"}, environment));
        assertThrows(
                IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--rounds"}, environment));
        assertThrows(
                IllegalArgumentException.class,
                () -> HarnessOptions.parse(new String[] {"--rounds", "0"}, environment));
        assertThrows(
                IllegalArgumentException.class,
                () -> HarnessOptions.parse(new String[] {"--parts", "load,disk"}, environment));
        assertThrows(
                IllegalArgumentException.class,
                () -> HarnessOptions.parse(new String[] {"--protocol", "redis"}, environment));
    }

    @Test
    void connectProbeLinesBecomeRows() {
        ResultRow row = ConnectPart.parse(
                "RESULT first-reply p50_ms=0.182399 p90_ms=0.634879 p99_ms=2.719743 max_ms=3.033087", "memcached", 2);

        assertEquals(
                new ResultRow(
                        "connect",
                        "first-reply",
                        "memcached",
                        2,
                        Map.of(
                                Metrics.P50_MS,
                                0.182399,
                                Metrics.P90_MS,
                                0.634879,
                                Metrics.P99_MS,
                                2.719743,
                                Metrics.MAX_MS,
                                3.033087)),
                row);
    }
}
