package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every single-key operation and its statuses, against the bundled server and real memcached. */
class MemcachedClientOperationsTest {

    private static void withClient(String kind, Consumer<MemcachedClient> test) {
        try (TestServers servers = TestServers.start(kind, 1);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            test.accept(client);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void getReturnsValueCasFlagsAndTtl(String kind) {
        withClient(kind, client -> {
            assertTrue(client.get("absent").isEmpty());
            assertEquals(StoreStatus.STORED, client.store(new StoreRequest("k", bytes("v1"), -1, 0, 0, StoreMode.SET)));
            StoredValue eternal = client.get("k").orElseThrow();
            assertEquals("v1", text(eternal));
            assertEquals(-1, eternal.flags(), "flags are unsigned 32-bit on the wire");
            assertEquals(-1, eternal.ttlSeconds());
            assertTrue(eternal.cas() > 0);

            client.store(new StoreRequest("k", bytes("v2"), 7, 100, 0, StoreMode.SET));
            StoredValue expiring = client.get("k").orElseThrow();
            assertEquals(7, expiring.flags());
            assertTrue(expiring.ttlSeconds() >= 98 && expiring.ttlSeconds() <= 100, "ttl " + expiring.ttlSeconds());
            assertNotEquals(eternal.cas(), expiring.cas());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void binaryAndEmptyValuesSurviveTheRoundTrip(String kind) {
        withClient(kind, client -> {
            byte[] binary = new byte[70_000]; // larger than the connection's buffers
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (i * 31 + (i % 7 == 0 ? '\r' : '\n'));
            }
            client.store(StoreRequest.set("bin", binary, 0));
            client.store(StoreRequest.set("empty", new byte[0], 0));
            assertArrayEquals(binary, client.get("bin").orElseThrow().value());
            assertEquals(0, client.get("empty").orElseThrow().value().length);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void storeModes(String kind) {
        withClient(kind, client -> {
            assertEquals(StoreStatus.NOT_STORED, client.store(request("m", "x", StoreMode.REPLACE, 0)));
            assertEquals(StoreStatus.NOT_STORED, client.store(request("m", "x", StoreMode.APPEND, 0)));
            assertEquals(StoreStatus.NOT_STORED, client.store(request("m", "x", StoreMode.PREPEND, 0)));
            assertTrue(client.get("m").isEmpty());
            assertEquals(StoreStatus.STORED, client.store(request("m", "mid", StoreMode.ADD, 0)));
            assertEquals(StoreStatus.NOT_STORED, client.store(request("m", "other", StoreMode.ADD, 0)));
            assertEquals(StoreStatus.STORED, client.store(request("m", "-end", StoreMode.APPEND, 0)));
            assertEquals(StoreStatus.STORED, client.store(request("m", "start-", StoreMode.PREPEND, 0)));
            assertEquals("start-mid-end", text(client.get("m").orElseThrow()));
            assertEquals(StoreStatus.STORED, client.store(request("m", "new", StoreMode.REPLACE, 0)));
            assertEquals(StoreStatus.STORED, client.store(request("m", "set", StoreMode.SET, 0)));
            assertEquals("set", text(client.get("m").orElseThrow()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void casConflicts(String kind) {
        withClient(kind, client -> {
            assertEquals(StoreStatus.NOT_FOUND, client.store(request("c", "x", StoreMode.SET, 12345)));
            client.store(StoreRequest.set("c", bytes("one"), 0));
            long cas = client.get("c").orElseThrow().cas();
            assertEquals(StoreStatus.EXISTS, client.store(request("c", "two", StoreMode.SET, cas + 1)));
            assertEquals("one", text(client.get("c").orElseThrow()));
            assertEquals(StoreStatus.STORED, client.store(request("c", "two", StoreMode.SET, cas)));
            assertEquals(
                    StoreStatus.EXISTS,
                    client.store(request("c", "three", StoreMode.SET, cas)),
                    "the first CAS store changed the token");
            long newCas = client.get("c").orElseThrow().cas();
            assertEquals(StoreStatus.EXISTS, client.store(request("c", "!", StoreMode.APPEND, cas)));
            assertEquals(StoreStatus.STORED, client.store(request("c", "!", StoreMode.APPEND, newCas)));
            assertEquals("two!", text(client.get("c").orElseThrow()));

            long current = client.get("c").orElseThrow().cas();
            assertEquals(DeleteStatus.EXISTS, client.delete("c", current + 1));
            assertTrue(client.get("c").isPresent());
            assertEquals(DeleteStatus.DELETED, client.delete("c", current));
            assertEquals(DeleteStatus.NOT_FOUND, client.delete("c", 0));
            assertEquals(DeleteStatus.NOT_FOUND, client.delete("c", current));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void unconditionalDelete(String kind) {
        withClient(kind, client -> {
            client.store(StoreRequest.set("d", bytes("v"), 0));
            assertEquals(DeleteStatus.DELETED, client.delete("d", 0));
            assertTrue(client.get("d").isEmpty());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void incrementCreatesAddsAndSubtracts(String kind) {
        withClient(kind, client -> {
            assertEquals(10, client.increment("n", 1, 10, 0), "a missing counter starts at the initial value");
            assertEquals(15, client.increment("n", 5, 10, 0));
            assertEquals(12, client.increment("n", -3, 10, 0));
            assertEquals(0, client.increment("n", -100, 10, 0), "memcached counters stop at 0");
            // memcached decrements in place, padding the shorter number with spaces.
            assertEquals("0", text(client.get("n").orElseThrow()).trim());
            assertEquals(1, client.increment("t", 1, 1, 300));
            long ttl = client.get("t").orElseThrow().ttlSeconds();
            assertTrue(ttl > 290 && ttl <= 300, "ttl " + ttl);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void incrementOfANonNumberFailsAndTheClientGoesOn(String kind) {
        withClient(kind, client -> {
            client.store(StoreRequest.set("word", bytes("abc"), 0));
            MemcachedException e = assertThrows(MemcachedException.class, () -> client.increment("word", 1, 0, 0));
            assertTrue(e.getMessage().startsWith("memcached " + client.servers().get(0) + ": "), e.getMessage());
            assertEquals(client.servers().get(0), e.server());
            assertEquals("abc", text(client.get("word").orElseThrow()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void keysWithPrefixListsMatchingKeysDecoded(String kind) {
        withClient(kind, client -> {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                expected.add("pre:" + i);
            }
            expected.add("pre:odd/chars%+=&?#~");
            for (String key : expected) {
                client.store(StoreRequest.set(key, bytes("v"), 0));
            }
            client.store(StoreRequest.set("other:1", bytes("v"), 0));
            client.store(StoreRequest.set("pr", bytes("v"), 0));
            List<String> found = client.keysWithPrefix("pre:");
            assertEquals(expected.size(), found.size(), "no duplicates: " + found);
            assertEquals(expected, new HashSet<>(found));
            assertEquals(expected.size() + 2, client.keysWithPrefix("").size());
            // The dump ran alone on its own connection; the pooled ones still work.
            assertEquals("v", text(client.get("pre:1").orElseThrow()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void oversizedValueFailsClearlyAndTheConnectionStaysUsable(String kind) {
        withClient(kind, client -> {
            // A large value goes on a pooled connection of its own, a small one on a shared connection: open both.
            client.store(StoreRequest.set("small", bytes("v"), 0));
            client.storeAll(List.of(StoreRequest.set("small", bytes("v"), 0)));
            ServerPool pool = client.pool(0);
            long opened = pool.connectionsOpened();
            int size = 2 * 1024 * 1024;
            MemcachedException e = assertThrows(
                    MemcachedException.class, () -> client.store(StoreRequest.set("big", new byte[size], 0)));
            String message = e.getMessage();
            assertTrue(message.contains(client.servers().get(0).toString()), message);
            assertTrue(message.contains(Integer.toString(size)), message);
            assertTrue(message.contains("too large"), message);
            assertEquals("v", text(client.get("small").orElseThrow()));
            assertEquals(opened, pool.connectionsOpened(), "the connection was reused");

            Map<String, StoreStatus> none = Map.of();
            MemcachedException batch = assertThrows(
                    MemcachedException.class,
                    () -> client.storeAll(
                            List.of(StoreRequest.set("a", bytes("1"), 0), StoreRequest.set("big", new byte[size], 0))));
            assertTrue(batch.getMessage().contains("too large"), batch.getMessage());
            assertTrue(batch.getMessage().contains(Integer.toString(size)), batch.getMessage());
            assertEquals("1", text(client.get("a").orElseThrow()), "the batch's other stores went through");
            assertEquals(opened, pool.connectionsOpened());
            assertEquals(none, client.storeAll(List.of()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void storeAllKeepsTheLastResultForARepeatedKey(String kind) {
        withClient(kind, client -> {
            Map<String, StoreStatus> statuses = client.storeAll(List.of(
                    StoreRequest.set("twice", bytes("first"), 0), request("twice", "second", StoreMode.ADD, 0)));
            assertEquals(Map.of("twice", StoreStatus.NOT_STORED), statuses);
            assertEquals("first", text(client.get("twice").orElseThrow()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void invalidKeysAreRejectedBeforeAnythingIsSent(String kind) {
        withClient(kind, client -> {
            for (String key : List.of("", "with space", "tab\t", "new\nline", "caf\u00e9", "x".repeat(251))) {
                assertThrows(IllegalArgumentException.class, () -> client.get(key), key);
                assertThrows(IllegalArgumentException.class, () -> client.delete(key, 0), key);
                assertThrows(IllegalArgumentException.class, () -> client.getAll(List.of("ok", key)), key);
            }
            assertEquals(0, client.pool(0).roundTrips());
            client.store(StoreRequest.set("x".repeat(250), bytes("v"), 0));
            assertEquals("v", text(client.get("x".repeat(250)).orElseThrow()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void closedClientRefusesCalls(String kind) {
        try (TestServers servers = TestServers.start(kind, 1)) {
            MemcachedClient client = MemcachedClient.create(servers.config());
            client.store(StoreRequest.set("k", bytes("v"), 0));
            client.close();
            assertThrows(IllegalStateException.class, () -> client.get("k"));
            assertThrows(IllegalStateException.class, () -> client.getAll(List.of("k")));
            assertThrows(IllegalStateException.class, () -> client.keysWithPrefix(""));
        }
    }

    private static StoreRequest request(String key, String value, StoreMode mode, long cas) {
        return new StoreRequest(key, bytes(value), 0, 0, cas, mode);
    }
}
