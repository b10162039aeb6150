package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many connections updating one key at once lose no update: optimistic {@code gets}/{@code cas} loops and
 * {@code incr} both end exactly at the number of increments made. Runs against the reference memcached too, which
 * proves the test itself right. Each test owns its server and connections.
 */
class ConcurrentCasTest {

    private static final int CONNECTIONS = 8;
    private static final int CAS_INCREMENTS_EACH = 2_000;
    private static final int INCRS_EACH = 5_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void casIncrementsFromEightConnectionsAreNeverLost(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName)) {
            try (TextConnection setup = new TextConnection(server.address())) {
                assertEquals("STORED", setup.call("set counter 0 0 1\r\n0"));
            }
            List<Integer> retries = runOnEachConnection(server.address(), conn -> {
                int conflicts = 0;
                for (int i = 0; i < CAS_INCREMENTS_EACH; i++) {
                    while (true) {
                        conn.send("gets counter");
                        String[] header = conn.line().split(" ", -1);
                        long value = Long.parseLong(conn.line());
                        expect("END", conn.line());
                        String next = Long.toString(value + 1);
                        String answer = conn.call("cas counter 0 0 " + next.length() + " " + header[4] + "\r\n" + next);
                        if (answer.equals("STORED")) {
                            break;
                        }
                        expect("EXISTS", answer);
                        conflicts++;
                    }
                }
                return conflicts;
            });
            try (TextConnection check = new TextConnection(server.address())) {
                assertEquals(Integer.toString(CONNECTIONS * CAS_INCREMENTS_EACH), check.get("counter"));
                Map<String, String> stats = check.stats();
                int conflicts = retries.stream().mapToInt(Integer::intValue).sum();
                assertEquals(Integer.toString(CONNECTIONS * CAS_INCREMENTS_EACH), stats.get("cas_hits"));
                assertEquals(Integer.toString(conflicts), stats.get("cas_badval"), "each EXISTS is a bad value");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void incrFromEightConnectionsHandsOutEveryValueExactlyOnce(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName)) {
            try (TextConnection setup = new TextConnection(server.address())) {
                assertEquals("STORED", setup.call("set hits 0 0 1\r\n0"));
            }
            List<BitSet> seen = runOnEachConnection(server.address(), conn -> {
                BitSet values = new BitSet();
                for (int i = 0; i < INCRS_EACH; i++) {
                    values.set(Integer.parseInt(conn.call("incr hits 1")));
                }
                return values;
            });
            int total = CONNECTIONS * INCRS_EACH;
            BitSet all = new BitSet();
            for (BitSet values : seen) {
                assertTrue(!all.intersects(values), "two connections were handed the same value");
                all.or(values);
            }
            assertEquals(total, all.cardinality());
            assertEquals(1, all.nextSetBit(0));
            assertEquals(total, all.length() - 1, "values 1.." + total);
            try (TextConnection check = new TextConnection(server.address())) {
                assertEquals(Integer.toString(total), check.get("hits").trim());
            }
        }
    }

    /** Work done on one connection; returns what the test checks afterwards. */
    private interface ConnectionWork<T> {
        T run(TextConnection conn) throws IOException;
    }

    /** Runs {@code work} on {@link #CONNECTIONS} connections at once, all released together. */
    private static <T> List<T> runOnEachConnection(InetSocketAddress address, ConnectionWork<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            CyclicBarrier start = new CyclicBarrier(CONNECTIONS);
            List<Future<T>> futures = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Callable<T> task = () -> {
                    try (TextConnection conn = new TextConnection(address)) {
                        start.await(30, TimeUnit.SECONDS);
                        return work.run(conn);
                    }
                };
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(100, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void expect(String expected, String actual) throws IOException {
        if (!expected.equals(actual)) {
            throw new IOException("expected " + expected + ", got: " + actual);
        }
    }
}
