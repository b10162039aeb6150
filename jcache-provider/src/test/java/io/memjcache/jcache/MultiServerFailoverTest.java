package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.serialization.Serializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * One of three bundled servers dies under a cache: operations on the keys it owned fail fast with a
 * {@link CacheException} naming it, the keys of the two other servers keep working, and once a server is back on
 * the same port its keys work again after the retry delay.
 *
 * <p>Every operation of a cache also reads the cache's generation counter, which lives on one server; while that
 * server is down the whole cache is unavailable. The server killed here is therefore one that does not hold the
 * counter, found (like the owner of every key) by asking each server directly.
 */
@Timeout(120)
class MultiServerFailoverTest {

    private static final Duration OP_TIMEOUT = Duration.ofMillis(200);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);
    /** Backoff doubles the retry delay at most four times; the rest is room for a slow machine. */
    private static final Duration RECOVERY_LIMIT = RETRY_DELAY.multipliedBy(16).plusSeconds(10);
    private static final int KEYS = 300;
    private static final String CACHE = "failover";

    private final List<MemcachedServer> servers = new ArrayList<>();
    private MemjcacheCachingProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        servers.forEach(MemcachedServer::close);
    }

    @Test
    void aDeadServerFailsOnlyItsKeysAndTheyWorkAgainAfterItRestarts() throws IOException {
        for (int i = 0; i < 3; i++) {
            servers.add(startServer(0));
        }
        URI uri = URI.create("memjcache:multi-failover-" + UUID.randomUUID());
        Cache<String, String> cache = cache(uri);
        cache.clear(); // creates the generation counter, so the server holding it can be found below
        for (int i = 0; i < KEYS; i++) {
            cache.put("key-" + i, "value-" + i);
        }
        CacheNamespace namespace = CacheNamespace.of(uri, CACHE);
        List<List<String>> keysByServer = keysByServer(namespace);
        for (int i = 0; i < 3; i++) {
            assertTrue(keysByServer.get(i).size() >= 20, "server " + i + " holds " + keysByServer.get(i).size()
                    + " of " + KEYS + " keys; the ring should give each about a third");
        }
        int counterServer = serverHolding(namespace.generationKey());
        int victim = counterServer == 0 ? 1 : 0;
        int victimPort = servers.get(victim).port();
        List<String> deadKeys = keysByServer.get(victim);

        long killedAt = System.nanoTime();
        servers.get(victim).close();

        failsFastNaming(victimPort, () -> cache.get(deadKeys.get(0)));
        failsFastNaming(victimPort, () -> cache.put(deadKeys.get(1), "lost"));
        failsFastNaming(victimPort, () -> cache.get(deadKeys.get(2)));
        failsFastNaming(victimPort, () -> cache.getAll(Set.of(deadKeys.get(3), keysByServer.get(counterServer)
                .get(0))));

        for (int live = 0; live < 3; live++) {
            if (live != victim) {
                liveServerKeepsWorking(cache, keysByServer.get(live));
            }
        }
        Set<String> liveKeys = new LinkedHashSet<>();
        Map<String, String> liveValues = new LinkedHashMap<>();
        for (int live = 0; live < 3; live++) {
            if (live != victim) {
                for (String key : keysByServer.get(live).subList(10, 20)) {
                    liveKeys.add(key);
                    liveValues.put(key, originalValue(key));
                }
            }
        }
        assertEquals(liveValues, cache.getAll(liveKeys), "getAll over the two live servers");

        servers.set(victim, startServer(victimPort));
        String revived = deadKeys.get(0);
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (!putSucceeds(cache, revived, "back", victimPort)) {
            assertTrue(System.nanoTime() < deadline, "127.0.0.1:" + victimPort + " still failing after "
                    + RECOVERY_LIMIT.toMillis() + " ms");
            Thread.onSpinWait();
        }
        Duration downFor = Duration.ofNanos(System.nanoTime() - killedAt);
        // The server was marked down when the first operation failed, after killedAt: nothing may reach it earlier.
        assertTrue(downFor.compareTo(RETRY_DELAY) >= 0, "used again after " + downFor.toMillis()
                + " ms, before the retry delay of " + RETRY_DELAY.toMillis() + " ms");
        assertEquals("back", cache.get(revived));
        assertNull(cache.get(deadKeys.get(4)), "the restarted server started empty");
        cache.put(deadKeys.get(4), "again");
        assertEquals("again", cache.get(deadKeys.get(4)));
        liveValues.put(revived, "back");
        liveValues.put(deadKeys.get(4), "again");
        Set<String> everyServer = new LinkedHashSet<>(liveValues.keySet());
        assertEquals(liveValues, cache.getAll(everyServer), "getAll over all three servers again");
    }

    /** get, put, remove and getAll on keys of one live server behave as if nothing happened. */
    private static void liveServerKeepsWorking(Cache<String, String> cache, List<String> keys) {
        String read = keys.get(0);
        assertEquals(originalValue(read), cache.get(read));
        String written = keys.get(1);
        cache.put(written, "changed");
        assertEquals("changed", cache.get(written));
        String removed = keys.get(2);
        assertTrue(cache.remove(removed));
        assertNull(cache.get(removed));
        assertFalse(cache.containsKey(removed));
        Set<String> several = new LinkedHashSet<>(keys.subList(3, 8));
        Map<String, String> expected = several.stream()
                .collect(Collectors.toMap(k -> k, MultiServerFailoverTest::originalValue));
        assertEquals(expected, cache.getAll(several));
    }

    /** @return whether the put worked; a failure must still be a CacheException naming the server */
    private static boolean putSucceeds(Cache<String, String> cache, String key, String value, int port) {
        try {
            cache.put(key, value);
            return true;
        } catch (CacheException e) {
            assertNames(e, port);
            return false;
        }
    }

    private static void failsFastNaming(int port, Executable operation) {
        long start = System.nanoTime();
        CacheException failure = assertThrows(CacheException.class, operation);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(OP_TIMEOUT.plus(CONNECT_TIMEOUT)) <= 0, "failed after " + elapsed.toMillis()
                + " ms: " + failure);
        assertNames(failure, port);
    }

    private static void assertNames(CacheException failure, int port) {
        Pattern server = Pattern.compile("127\\.0\\.0\\.1:" + port + "(?!\\d)");
        assertTrue(failure.getMessage() != null && server.matcher(failure.getMessage()).find(),
                "the message names 127.0.0.1:" + port + ": " + failure.getMessage());
    }

    private static String originalValue(String key) {
        return "value-" + key.substring("key-".length());
    }

    private Cache<String, String> cache(URI uri) {
        provider = new MemjcacheCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", servers.stream()
                .map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")));
        properties.setProperty("memjcache.opTimeout", OP_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.connectTimeout", CONNECT_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.retryDelay", RETRY_DELAY.toMillis() + "ms");
        MemjcacheCacheManager manager = (MemjcacheCacheManager) provider.getCacheManager(uri,
                getClass().getClassLoader(), properties);
        return manager.createCache(CACHE,
                new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private static MemcachedServer startServer(int port) throws IOException {
        return MemcachedServer.start(ServerConfig.builder().listenAddress("127.0.0.1").port(port).build());
    }

    /** @return per server (in configuration order) the cache keys whose entries it holds */
    private List<List<String>> keysByServer(CacheNamespace namespace) {
        Serializer serializer = new DefaultSerializer();
        Map<String, String> cacheKeyByItemKey = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            cacheKeyByItemKey.put(namespace.entryKey(serializer.serialize("key-" + i)), "key-" + i);
        }
        List<String> itemKeys = new ArrayList<>(cacheKeyByItemKey.keySet());
        List<List<String>> result = new ArrayList<>();
        int found = 0;
        for (MemcachedServer server : servers) {
            List<String> held = new ArrayList<>();
            List<Boolean> hits = holds(server.port(), itemKeys);
            for (int i = 0; i < itemKeys.size(); i++) {
                if (hits.get(i)) {
                    held.add(cacheKeyByItemKey.get(itemKeys.get(i)));
                }
            }
            found += held.size();
            result.add(held);
        }
        assertEquals(KEYS, found, "each entry is on exactly one server");
        return result;
    }

    private int serverHolding(String itemKey) {
        List<Integer> holders = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            if (holds(servers.get(i).port(), List.of(itemKey)).get(0)) {
                holders.add(i);
            }
        }
        assertEquals(1, holders.size(), itemKey + " is held by servers " + holders);
        return holders.get(0);
    }

    /** @return per key whether the server has an item for it: pipelined raw {@code mg <key>} (HD or EN) */
    private static List<Boolean> holds(int port, List<String> itemKeys) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder requests = new StringBuilder();
            itemKeys.forEach(key -> requests.append("mg ").append(key).append("\r\n"));
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            List<Boolean> hits = new ArrayList<>();
            for (String key : itemKeys) {
                String line = in.readLine();
                if (!"HD".equals(line) && !"EN".equals(line)) {
                    throw new AssertionError("unexpected answer to mg " + key + ": " + line);
                }
                hits.add(line.equals("HD"));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
