package io.memjcache.server.clients;

import static io.memjcache.server.clients.ClientChecks.COUNTERS;
import static io.memjcache.server.clients.ClientChecks.assertVersionAsInStats;
import static io.memjcache.server.clients.ClientChecks.delta;
import static io.memjcache.server.clients.ClientChecks.everyByteValueTwice;
import static io.memjcache.server.clients.ClientChecks.incrementConcurrently;
import static io.memjcache.server.clients.ClientChecks.onlyServer;
import static io.memjcache.server.clients.ClientChecks.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the server with xmemcached 2.4 over the text protocol, doing the work an application does, and checks the
 * results; every test runs against the reference memcached too, which proves the expectations right.
 *
 * <p>xmemcached offers get-and-touch on the binary protocol only, so {@code gat} is not exercised here.
 * Each test owns its server and client; not meant to be run concurrently with itself. Values the server does not
 * hold come back as {@code null}, which the tests assert explicitly.
 */
class XmemcachedClientTest {

    private static final long OP_TIMEOUT_MILLIS = 10_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void setGetAndMultiGetOf500Keys(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String key = "bulk:" + i;
                keys.add(key);
                assertTrue(c.set(key, 0, "value-" + i), key);
            }
            assertEquals("value-499", c.get("bulk:499"));
            assertNull(c.get("bulk:missing"));

            Map<String, Object> bulk = c.get(keys);
            assertEquals(500, bulk.size());
            for (int i = 0; i < 500; i++) {
                assertEquals("value-" + i, bulk.get("bulk:" + i));
            }
            Map<String, GetsResponse<Object>> withCas = c.gets(keys.subList(0, 50));
            assertEquals(50, withCas.size());
            assertEquals("value-3", withCas.get("bulk:3").getValue());
            assertTrue(withCas.get("bulk:3").getCas() != withCas.get("bulk:4").getCas(), "distinct cas values");

            List<String> mixed = new ArrayList<>(keys.subList(100, 110));
            mixed.add("absent:1");
            Map<String, Object> some = c.get(mixed);
            assertEquals(10, some.size());
            assertFalse(some.containsKey("absent:1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void addReplaceAppendPrependAndDelete(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            assertFalse(c.replace("k", 0, "nope"), "replace of a missing key");
            assertTrue(c.add("k", 0, "middle"));
            assertFalse(c.add("k", 0, "again"), "add of an existing key");
            assertFalse(c.append("missing", "x"), "append to a missing key");
            assertFalse(c.prepend("missing", "x"), "prepend to a missing key");
            assertTrue(c.append("k", "-end"));
            assertTrue(c.prepend("k", "start-"));
            assertEquals("start-middle-end", c.get("k"));
            assertTrue(c.replace("k", 0, "replaced"));
            assertEquals("replaced", c.get("k"));
            assertTrue(c.delete("k"));
            assertFalse(c.delete("k"), "second delete");
            assertNull(c.get("k"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void getsAndCasLoop(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            assertFalse(c.cas("cas:missing", 0, "v", 1L));
            assertNull(c.gets("cas:missing"));
            assertTrue(c.set("cas:k", 0, "0"));
            for (int i = 1; i <= 20; i++) {
                GetsResponse<String> current = c.gets("cas:k");
                assertEquals(Integer.toString(i - 1), current.getValue());
                assertTrue(c.cas("cas:k", 0, Integer.toString(i), current.getCas()));
                // The token just used is stale now.
                assertFalse(c.cas("cas:k", 0, "stale", current.getCas()));
            }
            assertEquals("20", c.get("cas:k"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void incrAndDecrWithAndWithoutDefaults(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            // Without an initial value xmemcached creates a missing counter at 0.
            assertEquals(0L, c.incr("n:zero", 9));
            assertEquals(9L, c.incr("n:zero", 9));
            assertEquals(100L, c.incr("n:a", 5, 100L), "an initial value creates the counter unchanged");
            assertEquals(105L, c.incr("n:a", 5, 100L));
            assertEquals(7L, c.decr("n:b", 3, 7L));
            assertEquals(4L, c.decr("n:b", 3));
            assertEquals(0L, c.decr("n:b", 10), "decr stops at zero");
            assertTrue(c.set("n:c", 0, "18446744073709551615"));
            assertEquals(0L, c.incr("n:c", 1), "incr wraps around at 2^64");
            assertEquals(1000L, c.incr("n:c", 1000));
            assertTrue(c.set("n:text", 0, "abc"));
            assertEquals("abc", c.get("n:text"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void touchDeleteAndFlush(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            assertTrue(c.set("t:k", 0, "v"));
            assertTrue(c.touch("t:k", 3600));
            assertFalse(c.touch("t:missing", 3600));
            assertEquals("v", c.get("t:k"));
            // Above 30 days an expiry is a Unix time; this one lies in 1970, so the item expires at once.
            assertTrue(c.touch("t:k", 60 * 60 * 24 * 30 + 1));
            assertNull(c.get("t:k"));

            assertTrue(c.set("f:1", 0, "a"));
            assertTrue(c.set("f:2", 0, "b"));
            c.flushAll();
            assertNull(c.get("f:1"));
            assertNull(c.get("f:2"));
            assertTrue(c.add("f:1", 0, "after flush"));
            assertEquals("after flush", c.get("f:1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void emptyLargeAndBinaryValues(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            Random random = new Random(7);
            byte[] every = everyByteValueTwice();
            // Random bytes defeat the client's compression, so close to 1 MB really reaches the server.
            for (byte[] value : List.of(
                    new byte[0], every, randomBytes(random, 100 * 1024), randomBytes(random, 1024 * 1024 - 4096))) {
                String key = "bin:" + value.length;
                assertTrue(c.set(key, 0, value), key);
                byte[] got = c.get(key);
                assertArrayEquals(value, got, key);
            }
            assertTrue(c.set("str:empty", 0, ""));
            assertEquals("", c.get("str:empty"));
            String unicode = "\u00e9t\u00e9 \u6771\u4eac \r\nEND\r\n";
            assertTrue(c.set("str:unicode", 0, unicode));
            assertEquals(unicode, c.get("str:unicode"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void statsAndVersions(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            Map<String, String> before = onlyServer(c.getStats());
            assertTrue(c.set("s:1", 0, "x"));
            assertTrue(c.set("s:2", 0, "y"));
            assertEquals(2, c.get(List.of("s:1", "s:2", "s:absent")).size());
            Map<String, String> after = onlyServer(c.getStats());
            assertEquals(2, delta(before, after, "get_hits"), "get_hits");
            assertEquals(1, delta(before, after, "get_misses"), "get_misses");
            assertEquals(2, delta(before, after, "cmd_set"), "cmd_set");
            assertEquals(2, Long.parseLong(after.get("curr_items")), "curr_items");
            assertNotNull(after.get("uptime"), "uptime");

            assertVersionAsInStats(onlyServer(c.getVersions()), after);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void eightThreadsIncrementWithCasWithoutLostUpdates(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Xmc xmc = new Xmc(server)) {
            MemcachedClient c = xmc.client;
            for (String counter : COUNTERS) {
                assertTrue(c.set(counter, 0, "0"));
            }
            long expected = incrementConcurrently((counter, times) -> incrementWithCas(c, counter, times));
            for (String counter : COUNTERS) {
                assertEquals(Long.toString(expected), c.get(counter), counter);
            }
        }
    }

    private static void incrementWithCas(MemcachedClient c, String key, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            boolean stored = false;
            while (!stored) {
                GetsResponse<String> current = c.gets(key);
                String next = Long.toString(Long.parseLong(current.getValue()) + 1);
                stored = c.cas(key, 0, next, current.getCas());
            }
        }
    }

    /** One xmemcached client on the text protocol, shut down on close. */
    private static final class Xmc implements AutoCloseable {
        final MemcachedClient client;

        Xmc(ServerUnderTest server) throws IOException {
            XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(server.address()));
            builder.setOpTimeout(OP_TIMEOUT_MILLIS);
            this.client = builder.build();
        }

        @Override
        public void close() throws IOException {
            client.shutdown();
        }
    }
}
