package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import org.junit.jupiter.api.function.Executable;

/**
 * Three bundled servers on loopback behind one cache manager with short timeouts, for tests that kill a server
 * and start it again on the same port; plus the checks those tests share. Which server holds an entry is found
 * by asking each server directly (raw {@code mg}), not through the client under test.
 *
 * <p>Not thread-safe. Close it: that closes the provider and the servers. Arguments must not be {@code null}.
 */
final class ThreeServers implements AutoCloseable {

    static final Duration OP_TIMEOUT = Duration.ofMillis(200);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    static final Duration RETRY_DELAY = Duration.ofMillis(500);
    /** Backoff doubles the retry delay at most four times; the rest is room for a slow machine. */
    static final Duration RECOVERY_LIMIT = RETRY_DELAY.multipliedBy(16).plusSeconds(10);

    private final List<MemcachedServer> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private MemjcacheCachingProvider provider;

    private ThreeServers() {}

    static ThreeServers start() throws IOException {
        ThreeServers started = new ThreeServers();
        try {
            for (int i = 0; i < 3; i++) {
                MemcachedServer server = startServer(0);
                started.servers.add(server);
                started.ports.add(server.port());
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** @return the port of server {@code index} (configuration order), the same after a restart */
    int port(int index) {
        return ports.get(index);
    }

    /** Stops server {@code index}; its data is lost. */
    void kill(int index) {
        servers.get(index).close();
    }

    /** Starts server {@code index} again, empty, on its old port. */
    void restart(int index) throws IOException {
        servers.set(index, startServer(ports.get(index)));
    }

    /** @return the manager of {@code uri} on the three servers, from a provider this object closes */
    MemjcacheCacheManager manager(URI uri) {
        if (provider == null) {
            provider = new MemjcacheCachingProvider();
        }
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers",
                ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        properties.setProperty("memjcache.opTimeout", OP_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.connectTimeout", CONNECT_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.retryDelay", RETRY_DELAY.toMillis() + "ms");
        return (MemjcacheCacheManager) provider.getCacheManager(uri, getClass().getClassLoader(), properties);
    }

    /**
     * @param cacheKeys keys of String-keyed entries of the cache, all stored
     * @return per server (in configuration order) the cache keys whose entries it holds
     */
    List<List<String>> keysByServer(CacheNamespace namespace, List<String> cacheKeys) {
        Serializer serializer = new DefaultSerializer();
        Map<String, String> cacheKeyByItemKey = new LinkedHashMap<>();
        for (String key : cacheKeys) {
            cacheKeyByItemKey.put(namespace.entryKey(serializer.serialize(key)), key);
        }
        List<String> itemKeys = new ArrayList<>(cacheKeyByItemKey.keySet());
        List<List<String>> result = new ArrayList<>();
        int found = 0;
        for (int port : ports) {
            List<String> held = new ArrayList<>();
            List<Boolean> hits = holds(port, itemKeys);
            for (int i = 0; i < itemKeys.size(); i++) {
                if (hits.get(i)) {
                    held.add(cacheKeyByItemKey.get(itemKeys.get(i)));
                }
            }
            found += held.size();
            result.add(held);
        }
        assertEquals(cacheKeys.size(), found, "each entry is on exactly one server");
        return result;
    }

    /** @return per key whether the server has an item for it: pipelined raw {@code mg <key>} (HD or EN) */
    static List<Boolean> holds(int port, List<String> itemKeys) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder requests = new StringBuilder();
            itemKeys.forEach(key -> requests.append("mg ").append(key).append("\r\n"));
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
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

    /** Asserts the operation fails within the timeouts with a CacheException naming the server on {@code port}. */
    static CacheException failsFastNaming(int port, Executable operation) {
        long start = System.nanoTime();
        CacheException failure = assertThrows(CacheException.class, operation);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(
                elapsed.compareTo(OP_TIMEOUT.plus(CONNECT_TIMEOUT)) <= 0,
                "failed after " + elapsed.toMillis() + " ms: " + failure);
        assertNames(failure, port);
        return failure;
    }

    static void assertNames(CacheException failure, int port) {
        Pattern server = Pattern.compile("127\\.0\\.0\\.1:" + port + "(?!\\d)");
        assertTrue(
                failure.getMessage() != null
                        && server.matcher(failure.getMessage()).find(),
                "the message names 127.0.0.1:" + port + ": " + failure.getMessage());
    }

    /** Waits, within {@link #RECOVERY_LIMIT}, until {@code attempt} stops failing with a CacheException. */
    static void awaitRecovery(int port, Runnable attempt) {
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (true) {
            try {
                attempt.run();
                return;
            } catch (CacheException e) {
                assertNames(e, port);
                assertTrue(
                        System.nanoTime() < deadline,
                        "127.0.0.1:" + port + " still failing after " + RECOVERY_LIMIT.toMillis() + " ms: "
                                + e.getMessage());
                Thread.onSpinWait();
            }
        }
    }

    private static MemcachedServer startServer(int port) throws IOException {
        return MemcachedServer.start(
                ServerConfig.builder().listenAddress("127.0.0.1").port(port).build());
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.close();
        }
        servers.forEach(MemcachedServer::close);
    }
}
