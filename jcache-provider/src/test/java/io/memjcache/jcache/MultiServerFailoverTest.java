package io.memjcache.jcache;

import static io.memjcache.jcache.ThreeServers.failsFastNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.store.CacheNamespace;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One of three bundled servers dies under a cache: operations on the keys it owned fail fast with a
 * {@link CacheException} naming it, the keys of the two other servers keep working, clear() empties the two
 * others and fails naming it, and once a server is back on the same port its keys work again after the retry
 * delay. Every server keeps its own generation counter of the cache, so any server may die: none is special.
 */
@Timeout(120)
class MultiServerFailoverTest {

    private static final int KEYS = 300;
    private static final String CACHE = "failover";

    private ThreeServers servers;

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    private Cache<String, String> cache(URI uri) throws IOException {
        servers = ThreeServers.start();
        return servers.manager(uri)
                .createCache(CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("key-" + i);
        }
        return keys;
    }

    private static Map<String, String> values(String round) {
        return keys().stream().collect(Collectors.toMap(k -> k, k -> round + k, (a, b) -> a, LinkedHashMap::new));
    }

    @ParameterizedTest(name = "server {0} dies")
    @ValueSource(ints = {0, 1, 2})
    void aDeadServerFailsOnlyItsKeysAndTheyWorkAgainAfterItRestarts(int victim) throws IOException {
        URI uri = URI.create("memjcache:multi-failover-" + UUID.randomUUID());
        Cache<String, String> cache = cache(uri);
        cache.putAll(values("v-"));
        List<List<String>> keysByServer = servers.keysByServer(CacheNamespace.of(uri, CACHE), keys());
        for (int i = 0; i < 3; i++) {
            assertTrue(
                    keysByServer.get(i).size() >= 20,
                    "server " + i + " holds " + keysByServer.get(i).size() + " of " + KEYS
                            + " keys; the ring should give each about a third");
        }
        int victimPort = servers.port(victim);
        List<String> deadKeys = keysByServer.get(victim);
        String otherKey = keysByServer.get((victim + 1) % 3).get(0);

        long killedAt = System.nanoTime();
        servers.kill(victim);

        failsFastNaming(victimPort, () -> cache.get(deadKeys.get(0)));
        failsFastNaming(victimPort, () -> cache.put(deadKeys.get(1), "lost"));
        failsFastNaming(victimPort, () -> cache.get(deadKeys.get(2)));
        failsFastNaming(victimPort, () -> cache.getAll(Set.of(deadKeys.get(3), otherKey)));

        Map<String, String> liveValues = new LinkedHashMap<>();
        for (int live = 0; live < 3; live++) {
            if (live != victim) {
                liveServerKeepsWorking(cache, keysByServer.get(live), k -> "v-" + k);
                keysByServer.get(live).subList(10, 20).forEach(key -> liveValues.put(key, "v-" + key));
            }
        }
        assertEquals(liveValues, cache.getAll(liveValues.keySet()), "getAll over the two live servers");

        servers.restart(victim);
        String revived = deadKeys.get(0);
        ThreeServers.awaitRecovery(victimPort, () -> cache.put(revived, "back"));
        Duration downFor = Duration.ofNanos(System.nanoTime() - killedAt);
        // The server was marked down when the first operation failed, after killedAt: nothing may reach it earlier.
        assertTrue(
                downFor.compareTo(ThreeServers.RETRY_DELAY) >= 0,
                "used again after " + downFor.toMillis() + " ms, before the retry delay of "
                        + ThreeServers.RETRY_DELAY.toMillis() + " ms");
        assertEquals("back", cache.get(revived));
        assertNull(cache.get(deadKeys.get(4)), "the restarted server started empty");
        cache.put(deadKeys.get(4), "again");
        assertEquals("again", cache.get(deadKeys.get(4)));
        liveValues.put(revived, "back");
        liveValues.put(deadKeys.get(4), "again");
        assertEquals(
                liveValues,
                cache.getAll(new LinkedHashSet<>(liveValues.keySet())),
                "getAll over all three servers again");
    }

    /**
     * One cache outlives the death of each of its servers in turn: while a server is down only its keys fail, and
     * clear() clears the two others and fails naming it; after its restart the whole cache works again.
     */
    @Test
    void eachServerInTurnDiesAndComesBack() throws IOException {
        URI uri = URI.create("memjcache:multi-in-turn-" + UUID.randomUUID());
        Cache<String, String> cache = cache(uri);
        cache.putAll(values("start-"));
        List<List<String>> keysByServer = servers.keysByServer(CacheNamespace.of(uri, CACHE), keys());
        for (int victim = 0; victim < 3; victim++) {
            String round = "round" + victim + "-";
            cache.putAll(values(round));
            int victimPort = servers.port(victim);
            List<String> deadKeys = keysByServer.get(victim);
            servers.kill(victim);

            failsFastNaming(victimPort, () -> cache.get(deadKeys.get(0)));
            failsFastNaming(victimPort, () -> cache.put(deadKeys.get(1), "lost"));
            failsFastNaming(victimPort, () -> cache.getAll(new LinkedHashSet<>(deadKeys.subList(2, 5))));
            List<String> liveKeys = new ArrayList<>();
            for (int live = 0; live < 3; live++) {
                if (live != victim) {
                    liveServerKeepsWorking(cache, keysByServer.get(live), k -> round + k);
                    liveKeys.addAll(keysByServer.get(live).subList(10, 20));
                }
            }

            CacheException clearFailure = failsFastNaming(victimPort, cache::clear);
            assertTrue(clearFailure.getMessage().contains("not cleared"), clearFailure.getMessage());
            for (String key : liveKeys) {
                assertNull(cache.get(key), key + " on a live server survived the clear");
            }
            assertTrue(cache.getAll(new LinkedHashSet<>(liveKeys)).isEmpty());

            servers.restart(victim);
            ThreeServers.awaitRecovery(victimPort, () -> cache.put(deadKeys.get(0), "back"));
            assertEquals("back", cache.get(deadKeys.get(0)));
            assertNull(cache.get(deadKeys.get(5)), "the restarted server started empty");
            cache.clear();
            assertNull(cache.get(deadKeys.get(0)), "every server is reachable again: clear reaches them all");
        }
    }

    /** get, put, remove and getAll on keys of one live server behave as if nothing happened. */
    private static void liveServerKeepsWorking(
            Cache<String, String> cache, List<String> keys, Function<String, String> stored) {
        String read = keys.get(0);
        assertEquals(stored.apply(read), cache.get(read));
        String written = keys.get(1);
        cache.put(written, "changed");
        assertEquals("changed", cache.get(written));
        String removed = keys.get(2);
        assertTrue(cache.remove(removed));
        assertNull(cache.get(removed));
        assertFalse(cache.containsKey(removed));
        Set<String> several = new LinkedHashSet<>(keys.subList(3, 8));
        Map<String, String> expected = several.stream().collect(Collectors.toMap(k -> k, stored));
        assertEquals(expected, cache.getAll(several));
    }
}
