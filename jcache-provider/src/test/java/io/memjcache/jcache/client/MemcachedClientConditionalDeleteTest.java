package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deleteAll with a CAS token per key, over three servers, against the bundled server and real memcached: an item
 * that changed since its token was read survives with EXISTS, the others go, in one pipelined batch per server.
 */
class MemcachedClientConditionalDeleteTest {

    private static final int KEYS = 300;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void changedItemsSurviveAndTheOthersGoInOneBatchPerServer(String kind) {
        try (TestServers servers = TestServers.start(kind, 3);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            List<String> keys = new ArrayList<>();
            List<StoreRequest> requests = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                keys.add("cd:" + i);
                requests.add(StoreRequest.set("cd:" + i, ascii("v" + i), 0));
            }
            client.storeAll(requests);
            Map<String, StoredValue> read = client.getAll(keys);
            Map<String, Long> casByKey = new LinkedHashMap<>();
            for (int i = 0; i < KEYS; i++) {
                String key = keys.get(i);
                casByKey.put(key, read.get(key).cas());
                if (i % 3 == 0) {
                    client.store(StoreRequest.set(key, ascii("changed"), 0)); // a new CAS token
                }
            }
            casByKey.put("cd:never-stored", 12345L);
            casByKey.put("cd:unconditional", 0L);
            client.store(StoreRequest.set("cd:unconditional", ascii("x"), 0));

            long before = RoundTrips.total(client);
            Map<String, DeleteStatus> statuses = client.deleteAll(casByKey);
            assertEquals(servers.servers.size(), RoundTrips.total(client) - before, "one batch per server");

            assertEquals(DeleteStatus.NOT_FOUND, statuses.get("cd:never-stored"));
            assertEquals(DeleteStatus.DELETED, statuses.get("cd:unconditional"));
            Map<String, StoredValue> left = client.getAll(casByKey.keySet());
            for (int i = 0; i < KEYS; i++) {
                String key = keys.get(i);
                if (i % 3 == 0) {
                    assertEquals(DeleteStatus.EXISTS, statuses.get(key), key);
                    assertEquals("changed", new String(left.get(key).value(), StandardCharsets.US_ASCII));
                } else {
                    assertEquals(DeleteStatus.DELETED, statuses.get(key), key);
                }
            }
            assertEquals(KEYS / 3, left.size(), "only the changed items are left: " + left.keySet());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void badArgumentsAreRefusedBeforeAnythingIsSent(String kind) {
        try (TestServers servers = TestServers.start(kind, 1);
                MemcachedClient client = MemcachedClient.create(servers.config())) {
            client.store(StoreRequest.set("kept", ascii("v"), 0));
            Map<String, Long> badKey = new LinkedHashMap<>();
            badKey.put("kept", 0L);
            badKey.put("has space", 0L);
            assertThrows(IllegalArgumentException.class, () -> client.deleteAll(badKey));
            Map<String, Long> negativeCas = new LinkedHashMap<>();
            negativeCas.put("kept", -1L);
            assertThrows(IllegalArgumentException.class, () -> client.deleteAll(negativeCas));
            assertTrue(client.get("kept").isPresent(), "nothing of a refused batch was sent");
            assertTrue(client.deleteAll(Map.<String, Long>of()).isEmpty());
        }
    }
}
