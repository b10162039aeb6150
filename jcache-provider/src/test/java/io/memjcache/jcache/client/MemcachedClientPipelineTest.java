package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipelined bulk operations over three servers, against the bundled server and real memcached. */
class MemcachedClientPipelineTest {

    private static long[] roundTrips(MemcachedClient client) {
        long[] trips = new long[client.servers().size()];
        for (int i = 0; i < trips.length; i++) {
            trips[i] = client.pool(i).roundTrips();
        }
        return trips;
    }

    private static void assertOneRoundTripPerServer(long[] before, MemcachedClient client) {
        long[] after = roundTrips(client);
        for (int i = 0; i < after.length; i++) {
            assertEquals(
                    1,
                    after[i] - before[i],
                    "round trips to " + client.servers().get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void thousandKeysTakeOneBatchPerServer(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            List<StoreRequest> requests = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            int[] perServer = new int[3];
            for (int i = 0; i < 1000; i++) {
                String key = "bulk:" + i;
                keys.add(key);
                perServer[client.serverIndex(key)]++;
                requests.add(new StoreRequest(
                        key, ("value-" + i).getBytes(StandardCharsets.US_ASCII), i, 0, 0, StoreMode.SET));
            }
            long[] before = roundTrips(client);
            Map<String, StoreStatus> stored = client.storeAll(requests);
            assertOneRoundTripPerServer(before, client);
            assertEquals(1000, stored.size());
            assertTrue(stored.values().stream().allMatch(StoreStatus.STORED::equals));

            List<String> wanted = new ArrayList<>(keys);
            wanted.add("bulk:missing-1");
            wanted.add("bulk:missing-2");
            long[] getsBefore = new long[3];
            for (int s = 0; s < 3; s++) {
                getsBefore[s] = TestServers.stat(servers.servers.get(s), "cmd_get");
            }
            before = roundTrips(client);
            Map<String, StoredValue> found = client.getAll(wanted);
            assertOneRoundTripPerServer(before, client);
            assertEquals(1000, found.size(), "missing keys are absent");
            for (int i = 0; i < 1000; i++) {
                StoredValue value = found.get("bulk:" + i);
                assertEquals("value-" + i, new String(value.value(), StandardCharsets.US_ASCII));
                assertEquals(i, value.flags());
            }
            int[] askedPerServer = perServer.clone();
            askedPerServer[client.serverIndex("bulk:missing-1")]++;
            askedPerServer[client.serverIndex("bulk:missing-2")]++;
            for (int s = 0; s < 3; s++) {
                assertTrue(perServer[s] > 200, "each server holds a share: " + perServer[s]);
                assertEquals(
                        askedPerServer[s],
                        TestServers.stat(servers.servers.get(s), "cmd_get") - getsBefore[s],
                        "each server was asked exactly for the keys the ring places on it");
            }

            List<String> toDelete = new ArrayList<>(keys.subList(0, 500));
            toDelete.add("bulk:missing-1");
            before = roundTrips(client);
            Map<String, DeleteStatus> deleted = client.deleteAll(toDelete);
            assertOneRoundTripPerServer(before, client);
            assertEquals(501, deleted.size());
            assertEquals(DeleteStatus.NOT_FOUND, deleted.get("bulk:missing-1"));
            for (String key : keys.subList(0, 500)) {
                assertEquals(DeleteStatus.DELETED, deleted.get(key), key);
            }
            assertEquals(500, client.getAll(keys).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void keysLandOnTheServerTheRingChooses(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            Map<String, byte[]> entries = new HashMap<>();
            List<StoreRequest> requests = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] value = new byte[] {(byte) i};
                entries.put("placed:" + i, value);
                requests.add(StoreRequest.set("placed:" + i, value, 0));
            }
            client.storeAll(requests);
            for (int s = 0; s < 3; s++) {
                ClientConfig single =
                        ClientConfig.defaults(List.of(client.servers().get(s)));
                try (MemcachedClient direct = MemcachedClient.create(single)) {
                    Map<String, StoredValue> onServer = direct.getAll(entries.keySet());
                    for (String key : entries.keySet()) {
                        assertEquals(client.serverIndex(key) == s, onServer.containsKey(key), key);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void largeBatchesOfLongKeysAndBigValuesNeitherDeadlockNorMixUp(String kind) {
        try (TestServers servers = TestServers.start(kind, 1);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            List<StoreRequest> requests = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                String key = "long:" + "k".repeat(200) + ":" + i;
                keys.add(key);
                byte[] value = new byte[i % 100 == 0 ? 200_000 : 100];
                value[0] = (byte) i;
                value[value.length - 1] = (byte) (i >> 8);
                requests.add(StoreRequest.set(key, value, 0));
            }
            client.storeAll(requests);
            long before = client.pool(0).roundTrips();
            Map<String, StoredValue> found = client.getAll(keys);
            long batches = client.pool(0).roundTrips() - before;
            assertTrue(batches > 1 && batches < 20, "3000 long keys take a few writes: " + batches);
            assertEquals(3000, found.size());
            for (StoreRequest request : requests) {
                assertArrayEquals(request.value(), found.get(request.key()).value(), request.key());
            }
        }
    }
}
