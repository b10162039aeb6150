package io.memjcache.jcache.race;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strict near caches in two and three JVMs (this one and children started with its class path, {@link
 * NearRaceChild}) never read stale: in each of 150 rounds every JVM makes random calls on two fresh hot keys at
 * the same instant, half of them reads, the others puts, removes, replaces, invokes and now and then a clear; per
 * key, the history of all JVMs must be linearizable ({@link Linearizability}) ending at the value a cache without
 * near cache reads afterwards. The near caches must have answered reads (else this would prove nothing). On the
 * bundled server and on memcached 1.6.18.
 */
class NearCacheJvmRaceTest {

    private static final int ROUNDS = 150;
    /** Lets every JVM get its command before the round starts. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    @ParameterizedTest(name = "{0}, {1} JVMs")
    @CsvSource({"memjcache, 2", "memjcache, 3", "memcached, 2", "memcached, 3"})
    void strictNearCachesNeverReadStale(String server, int jvms) throws Exception {
        String namespace = "near-race-" + UUID.randomUUID();
        List<Child> children = new ArrayList<>();
        try (ServerUnderTest running = ServerUnderTest.named(server);
                CachingProvider provider = new MemjcacheCachingProvider()) {
            String servers = "127.0.0.1:" + running.port();
            CacheManager manager = NearRaceCalls.manager(provider, "near-race-parent", servers, namespace);
            Cache<String, String> cache = NearRaceCalls.cache(manager);
            Cache<String, String> observer = observer(provider, servers, namespace);
            for (int i = 1; i < jvms; i++) {
                children.add(new Child(
                        TwoJvmRaceTest.startChild(NearRaceChild.class, servers, namespace, "near-race-child-" + i)));
            }
            long seed = System.nanoTime();
            SplittableRandom seeds = new SplittableRandom(seed);
            int failed = 0;
            String first = null;
            for (int round = 0; round < ROUNDS; round++) {
                String prefix = "r" + round + "-" + seed + "-";
                long start = System.nanoTime() + START_DELAY_NANOS;
                for (Child child : children) {
                    child.send(prefix, seeds.nextLong(), start);
                }
                List<NearRaceCalls.Recorded> calls =
                        new ArrayList<>(NearRaceCalls.run(cache, prefix, seeds.nextLong(), start));
                for (Child child : children) {
                    calls.addAll(child.receive());
                }
                for (int key = 0; key < NearRaceCalls.KEYS; key++) {
                    List<Linearizability.Call> history = new ArrayList<>();
                    for (NearRaceCalls.Recorded call : calls) {
                        if (call.key() == key || call.key() == -1) {
                            history.add(call.call());
                        }
                    }
                    String end = observer.get(prefix + key);
                    if (!Linearizability.check(history, end)) {
                        failed++;
                        first = first != null
                                ? first
                                : "round " + round + " key " + key + ": " + history + " ending at " + end;
                    }
                }
            }
            long hits = NearRaceCalls.nearCount(manager, "NearHits");
            long failedValidations = NearRaceCalls.nearCount(manager, "FailedValidations");
            for (Child child : children) {
                long[] counts = child.finish();
                hits += counts[0];
                failedValidations += counts[1];
            }
            if (first != null) {
                fail(failed + " of " + ROUNDS * NearRaceCalls.KEYS + " key histories are not linearizable (seed " + seed
                        + "); the first: " + first);
            }
            // How often a check caught another JVM's write depends on how much the JVMs' calls overlap, which a loaded
            // machine spreads out: it is shown, not asserted (NearCacheReadsTest makes a check fail deterministically).
            System.out.println(
                    server + ", " + jvms + " JVMs: " + hits + " near hits, " + failedValidations + " failed checks");
            assertTrue(hits > ROUNDS / 10, "the near caches answered reads: " + hits + " near hits");
        } finally {
            for (Child child : children) {
                child.stop();
            }
        }
    }

    private static Cache<String, String> observer(CachingProvider provider, String servers, String namespace) {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", servers);
        properties.setProperty("memjcache.namespace", namespace);
        CacheManager plain = provider.getCacheManager(
                URI.create("memjcache:near-race-observer"), NearCacheJvmRaceTest.class.getClassLoader(), properties);
        return NearRaceCalls.cache(plain);
    }

    /** A child JVM and its pipes; used by the test's thread alone. */
    private static final class Child {

        private final Process process;
        private final Writer commands;
        private final BufferedReader answers;

        Child(Process process) throws IOException {
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = answers.readLine();
            if (!"ready".equals(first)) {
                throw new IllegalStateException("the child JVM did not start: " + first);
            }
        }

        void send(String prefix, long seed, long startNanos) throws IOException {
            commands.write(prefix + " " + seed + " " + startNanos + "\n");
            commands.flush();
        }

        List<NearRaceCalls.Recorded> receive() throws IOException {
            List<NearRaceCalls.Recorded> calls = new ArrayList<>();
            for (String line = answers.readLine(); !"done".equals(line); line = answers.readLine()) {
                if (line == null || line.startsWith("error\t")) {
                    throw new IllegalStateException("the child JVM failed: " + line);
                }
                calls.add(NearRaceCalls.Recorded.decode(line));
            }
            return calls;
        }

        /** Ends the child; @return its near hits and failed validations */
        long[] finish() throws IOException {
            commands.close();
            String[] near = String.valueOf(answers.readLine()).split("\t");
            if (near.length != 3 || !near[0].equals("near")) {
                throw new IllegalStateException(
                        "the child JVM did not report its near cache: " + String.join(" ", near));
            }
            return new long[] {Long.parseLong(near[1]), Long.parseLong(near[2])};
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
