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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the server with spymemcached 2.12 over the text protocol, doing the work an application does, and checks
 * the results; every test runs against the reference memcached too, which proves the expectations right.
 *
 * <p>spymemcached's text protocol has no get-and-touch ({@code gat}), so that command is covered by the xmemcached
 * test only. Each test owns its server and client; not meant to be run concurrently with itself. Values the
 * server does not hold come back as {@code null}, which the tests assert explicitly.
 */
class SpymemcachedClientTest {

    private static final long TIMEOUT_SECONDS = 10;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void setGetAndMultiGetOf500Keys(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            List<String> keys = new ArrayList<>();
            List<Future<Boolean>> stored = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String key = "bulk:" + i;
                keys.add(key);
                stored.add(c.set(key, 0, "value-" + i)); // pipelined: spymemcached sends without waiting
            }
            for (int i = 0; i < 500; i++) {
                assertTrue(await(stored.get(i)), keys.get(i));
            }
            assertEquals("value-17", c.get("bulk:17"));
            assertNull(c.get("bulk:missing"));

            Map<String, Object> bulk = c.getBulk(keys);
            assertEquals(500, bulk.size());
            for (int i = 0; i < 500; i++) {
                assertEquals("value-" + i, bulk.get("bulk:" + i));
            }

            // Missing keys are simply absent from a multi-get's answer.
            List<String> mixed = new ArrayList<>(keys.subList(0, 10));
            mixed.add("absent:1");
            mixed.add("absent:2");
            BulkFuture<Map<String, Object>> future = c.asyncGetBulk(mixed);
            Map<String, Object> some = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(10, some.size());
            assertFalse(some.containsKey("absent:1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void addReplaceAppendPrependAndDelete(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            assertFalse(await(c.replace("k", 0, "nope")), "replace of a missing key");
            assertTrue(await(c.add("k", 0, "middle")));
            assertFalse(await(c.add("k", 0, "again")), "add of an existing key");
            assertFalse(await(c.append("missing", "x")), "append to a missing key");
            assertTrue(await(c.append("k", "-end")));
            assertTrue(await(c.prepend("k", "start-")));
            assertEquals("start-middle-end", c.get("k"));
            assertTrue(await(c.replace("k", 0, "replaced")));
            assertEquals("replaced", c.get("k"));
            assertTrue(await(c.delete("k")));
            assertFalse(await(c.delete("k")), "second delete");
            assertNull(c.get("k"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void getsAndCasLoop(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            assertEquals(CASResponse.NOT_FOUND, c.cas("cas:missing", 1L, "v"));
            assertTrue(await(c.set("cas:k", 0, "0")));
            for (int i = 1; i <= 20; i++) {
                CASValue<Object> current = c.gets("cas:k");
                assertEquals(Integer.toString(i - 1), current.getValue());
                assertEquals(CASResponse.OK, c.cas("cas:k", current.getCas(), Integer.toString(i)));
                // The token just used is stale now.
                assertEquals(CASResponse.EXISTS, c.cas("cas:k", current.getCas(), "stale"));
            }
            assertEquals("20", c.get("cas:k"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void incrAndDecrWithAndWithoutDefaults(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            assertEquals(-1L, c.incr("n:missing", 1), "incr of a missing key without default");
            assertEquals(-1L, c.decr("n:missing", 1), "decr of a missing key without default");
            assertEquals(100L, c.incr("n:a", 5, 100L), "a default creates the counter unchanged");
            assertEquals(105L, c.incr("n:a", 5, 100L));
            assertEquals(7L, c.decr("n:b", 3, 7L, 0));
            assertEquals(4L, c.decr("n:b", 3));
            assertEquals(0L, c.decr("n:b", 10), "decr stops at zero");
            assertTrue(await(c.set("n:c", 0, "18446744073709551615")));
            assertEquals(0L, c.incr("n:c", 1), "incr wraps around at 2^64");
            assertEquals(2L, c.incr("n:c", 2L));
            // memcached may keep a shrunken number's old length, padding it with spaces (protocol.txt allows it).
            assertEquals("2", ((String) c.get("n:c")).stripTrailing());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void touchDeleteAndFlush(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            assertTrue(await(c.set("t:k", 0, "v")));
            assertTrue(await(c.touch("t:k", 3600)));
            assertFalse(await(c.touch("t:missing", 3600)));
            // A negative expiry makes the item expire at once.
            assertTrue(await(c.touch("t:k", -1)));
            assertNull(c.get("t:k"));

            assertTrue(await(c.set("f:1", 0, "a")));
            assertTrue(await(c.set("f:2", 0, "b")));
            assertTrue(await(c.flush()));
            assertNull(c.get("f:1"));
            assertNull(c.get("f:2"));
            assertTrue(await(c.add("f:1", 0, "after flush")));
            assertEquals("after flush", c.get("f:1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void emptyLargeAndBinaryValues(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            Random random = new Random(42);
            byte[] empty = new byte[0];
            byte[] every = everyByteValueTwice();
            byte[] hundredKb = randomBytes(random, 100 * 1024);
            // Random bytes defeat the client's compression, so close to 1 MB really reaches the server.
            byte[] nearOneMb = randomBytes(random, 1024 * 1024 - 4096);
            for (byte[] value : List.of(empty, every, hundredKb, nearOneMb)) {
                String key = "bin:" + value.length;
                assertTrue(await(c.set(key, 0, value)), key);
                assertArrayEquals(value, (byte[]) c.get(key), key);
            }
            assertEquals("", storeAndGet(c, "str:empty", ""));
            String unicode = "\u00e9t\u00e9 \u6771\u4eac \r\n END\r\n";
            assertEquals(unicode, storeAndGet(c, "str:unicode", unicode));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void statsAndVersions(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            Map<String, String> before = onlyServer(c.getStats());
            assertTrue(await(c.set("s:1", 0, "x")));
            assertEquals("x", c.get("s:1"));
            assertEquals("x", c.get("s:1"));
            assertNull(c.get("s:absent"));
            Map<String, String> after = onlyServer(c.getStats());
            assertEquals(2, delta(before, after, "get_hits"), "get_hits");
            assertEquals(1, delta(before, after, "get_misses"), "get_misses");
            assertEquals(3, delta(before, after, "cmd_get"), "cmd_get");
            assertEquals(1, delta(before, after, "cmd_set"), "cmd_set");
            assertEquals(1, Long.parseLong(after.get("curr_items")), "curr_items");
            assertNotNull(after.get("uptime"), "uptime");
            assertNotNull(after.get("pid"), "pid");

            assertVersionAsInStats(onlyServer(c.getVersions()), after);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void eightThreadsIncrementWithCasWithoutLostUpdates(String serverName) throws Exception {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                Spy spy = new Spy(server)) {
            MemcachedClient c = spy.client;
            for (String counter : COUNTERS) {
                assertTrue(await(c.set(counter, 0, "0")));
            }
            long expected = incrementConcurrently((counter, times) -> incrementWithCas(c, counter, times));
            for (String counter : COUNTERS) {
                assertEquals(Long.toString(expected), c.get(counter), counter);
            }
        }
    }

    private static void incrementWithCas(MemcachedClient c, String key, int times) {
        for (int i = 0; i < times; i++) {
            while (true) {
                CASValue<Object> current = c.gets(key);
                String next = Long.toString(Long.parseLong((String) current.getValue()) + 1);
                CASResponse response = c.cas(key, current.getCas(), next);
                if (response == CASResponse.OK) {
                    break;
                }
                assertEquals(CASResponse.EXISTS, response, "only a concurrent update may make a cas fail");
            }
        }
    }

    private static Object storeAndGet(MemcachedClient c, String key, Object value) throws Exception {
        assertTrue(await(c.set(key, 0, value)), key);
        return c.get(key);
    }

    private static boolean await(Future<Boolean> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** One spymemcached client on the text protocol, shut down on close. */
    private static final class Spy implements AutoCloseable {
        final MemcachedClient client;

        Spy(ServerUnderTest server) throws IOException {
            this.client = new MemcachedClient(new DefaultConnectionFactory(), List.of(server.address()));
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
