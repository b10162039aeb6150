package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys addressed to a given server rather than by the ring, and the per-server header read with a pipelined
 * getAll, over three servers of each kind: each server keeps its own copy of the header key, and a getAll reads
 * each server's copy in the same batch (one round trip) as that server's keys.
 */
class MemcachedClientPerServerTest {

    private static final String HEADER = "per-server:header";

    private static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.US_ASCII);
    }

    private static long[] roundTrips(MemcachedClient client) {
        long[] counts = new long[client.servers().size()];
        for (int s = 0; s < counts.length; s++) {
            counts[s] = client.pool(s).roundTrips();
        }
        return counts;
    }

    /** Asserts one round trip to server {@code owner} and none to the others since {@code before}. */
    private static void assertOnlyOwnerAsked(MemcachedClient client, long[] before, int owner) {
        for (int s = 0; s < before.length; s++) {
            assertEquals(s == owner ? 1 : 0, client.pool(s).roundTrips() - before[s], "server " + s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void eachServerKeepsItsOwnCopyAndGetAllReadsItWithItsKeysInOneRoundTrip(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            List<ServerAddress> addresses = client.servers();
            for (int s = 0; s < 3; s++) {
                assertEquals(100L * s, client.incrementOn(addresses.get(s), HEADER, 0, 100L * s, 0));
            }
            assertEquals(201L, client.incrementOn(addresses.get(2), HEADER, 1, 7, 0));
            assertEquals(
                    StoreStatus.STORED,
                    client.storeOn(
                            addresses.get(1), StoreRequest.set(HEADER, "one".getBytes(StandardCharsets.US_ASCII), 0)));
            assertEquals("one", text(client.getOn(addresses.get(1), HEADER).orElseThrow()));
            assertEquals("0", text(client.getOn(addresses.get(0), HEADER).orElseThrow()));

            List<String> keys = new ArrayList<>();
            List<StoreRequest> requests = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.add("owned:" + i);
                if (i % 3 != 0) {
                    requests.add(StoreRequest.set("owned:" + i, new byte[] {(byte) i}, 0));
                }
            }
            client.storeAll(requests);
            long[] before = roundTrips(client);

            List<ServerRead> reads = client.getAll(keys, HEADER);

            assertEquals(addresses, reads.stream().map(ServerRead::server).toList(), "configuration order");
            List<String> expectedHeaders = List.of("0", "one", "201");
            int keysSeen = 0;
            for (int s = 0; s < 3; s++) {
                ServerRead read = reads.get(s);
                assertEquals(1, client.pool(s).roundTrips() - before[s], "one batch to " + addresses.get(s));
                assertEquals(expectedHeaders.get(s), text(read.header().orElseThrow()));
                for (String key : read.keys()) {
                    assertEquals(s, client.serverIndex(key), key + " is reported by the server owning it");
                    int i = Integer.parseInt(key.substring("owned:".length()));
                    assertEquals(i % 3 != 0, read.found().containsKey(key), key);
                }
                keysSeen += read.keys().size();
            }
            assertEquals(keys.size(), keysSeen, "every key is reported once");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void onlyServersOwningKeysAreAskedAndAMissingHeaderIsEmpty(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            String key = "lonely";
            int owner = client.serverIndex(key);
            long[] before = roundTrips(client);

            List<ServerRead> reads = client.getAll(List.of(key, key), "never-stored");

            assertEquals(1, reads.size());
            assertEquals(client.servers().get(owner), reads.get(0).server());
            assertEquals(Optional.empty(), reads.get(0).header());
            assertEquals(List.of(key), reads.get(0).keys());
            assertTrue(reads.get(0).found().isEmpty());
            assertOnlyOwnerAsked(client, before, owner);
            assertTrue(client.getAll(List.of(), "never-stored").isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void getReadsOneKeyWithItsServersHeaderValueInOneRoundTrip(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            String key = "single";
            int owner = client.serverIndex(key);
            ServerAddress ownerAddress = client.servers().get(owner);
            client.storeOn(ownerAddress, StoreRequest.set(HEADER, "owner's".getBytes(StandardCharsets.US_ASCII), 0));
            client.store(new StoreRequest(key, new byte[] {42}, 7, 0, 0, StoreMode.SET));
            long[] before = roundTrips(client);

            ServerRead read = client.get(key, HEADER);

            assertEquals(ownerAddress, read.server());
            StoredValue header = read.header().orElseThrow();
            assertEquals("owner's", text(header));
            assertEquals(new StoredValue(header.value(), 0, 0, -1), header, "the header's value alone");
            assertEquals(List.of(key), read.keys());
            StoredValue item = read.found().get(key);
            assertArrayEquals(new byte[] {42}, item.value());
            assertEquals(7, item.flags());
            assertEquals(-1, item.ttlSeconds());
            assertOnlyOwnerAsked(client, before, owner);
            assertEquals(client.get(key).orElseThrow().cas(), item.cas());

            ServerRead nothing = client.get("absent", "never-stored");
            assertEquals(Optional.empty(), nothing.header());
            assertTrue(nothing.found().isEmpty());
            // The connection stays in step after answers that were both misses.
            assertEquals("owner's", text(client.get(key, HEADER).header().orElseThrow()));
        }
    }

    @Test
    void aServerTheClientDoesNotKnowIsRefused() {
        try (TestServers servers = TestServers.start("memjcache", 1);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            ServerAddress stranger = ServerAddress.of("127.0.0.1", 1);
            assertThrows(IllegalArgumentException.class, () -> client.getOn(stranger, HEADER));
            assertThrows(IllegalArgumentException.class, () -> client.incrementOn(stranger, HEADER, 1, 1, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> client.storeOn(stranger, StoreRequest.set(HEADER, new byte[1], 0)));
        }
    }
}
