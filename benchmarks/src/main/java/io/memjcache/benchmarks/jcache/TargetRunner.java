package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.process.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * The main class of a target's child JVM: opens the target (on the server at the given port, if it has one), loads
 * the data set, runs the workload's phases and prints each number as a {@link Results} line. Arguments: target id,
 * port (0 for in-process targets), phase milliseconds, warm-up milliseconds, a scratch directory. The JVM halts if
 * the harness that started it goes away, so that a killed harness leaves no load running.
 */
public final class TargetRunner {

    private TargetRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: TargetRunner <target> <port> <phase ms> <warm-up ms> <dir>");
        }
        ChildProcesses.haltWhenParentExits();
        Target target = Target.byId(args[0]);
        int port = Integer.parseInt(args[1]);
        Duration phase = Duration.ofMillis(Long.parseLong(args[2]));
        Duration warmUp = Duration.ofMillis(Long.parseLong(args[3]));
        Path dir = Files.createDirectories(Path.of(args[4]));
        Results out = new Results(System.out);
        if (target.jcache()) {
            JCacheTargets.Opened opened = JCacheTargets.open(target, port, dir);
            try {
                Cache<String, String> cache = opened.cache();
                runGetPut(cacheClient(cache), warmUp, phase, out);
                JCacheWorkload workload = new JCacheWorkload(cache, warmUp, phase, out);
                workload.getAllVersusSingleGets();
                workload.invokeCounters();
            } finally {
                opened.closer().close();
            }
        } else {
            KeyValueClient client = RawClients.open(target, port);
            try {
                runGetPut(client, warmUp, phase, out);
            } finally {
                client.close();
            }
        }
        // Some peers leave non-daemon threads behind; the numbers are out, so end here.
        System.out.flush();
        System.exit(0);
    }

    private static void runGetPut(KeyValueClient client, Duration warmUp, Duration phase, Results out)
            throws Exception {
        Workloads.load(client);
        Workloads.getPut(client, Workloads.GET_PUT_1, 1, warmUp, phase, out);
        Workloads.getPut(client, Workloads.GET_PUT_16, Workloads.MANY_THREADS, warmUp, phase, out);
    }

    private static KeyValueClient cacheClient(Cache<String, String> cache) {
        return new KeyValueClient() {
            @Override
            public @Nullable String get(String key) {
                return cache.get(key);
            }

            @Override
            public void put(String key, String value) {
                cache.put(key, value);
            }

            @Override
            public void close() {
                // The cache's manager is closed by the runner.
            }
        };
    }
}
