package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * A server that accepts connections and never answers (a hung process, a black-holing proxy): every cache
 * operation must give up after the operation timeout with a {@link CacheException} naming the server, and nothing
 * may hang. The retry delay is the shortest allowed so each operation really waits for its answer instead of
 * failing at once because the server is marked down.
 */
@Timeout(60)
class SilentServerTimeoutTest {

    private static final Duration OP_TIMEOUT = Duration.ofMillis(300);
    /** The timeout is 300 ms; the rest is headroom for a loaded machine, far below anything that hangs. */
    private static final Duration UPPER_BOUND = Duration.ofSeconds(3);

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private Thread acceptor;
    private MemjcacheCachingProvider provider;
    private Cache<String, String> cache;

    @BeforeEach
    void start() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptForever, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        provider = new MemjcacheCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", "127.0.0.1:" + silent.getLocalPort());
        properties.setProperty("memjcache.opTimeout", OP_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.connectTimeout", "300ms");
        properties.setProperty("memjcache.retryDelay", "1ms");
        MemjcacheCacheManager manager = (MemjcacheCacheManager) provider.getCacheManager(
                URI.create("memjcache:silent-" + UUID.randomUUID()), getClass().getClassLoader(), properties);
        cache = manager.createCache(
                "silent", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    /** Accepts every connection and keeps it open without reading or writing a byte. */
    private void acceptForever() {
        try {
            while (true) {
                accepted.add(silent.accept());
            }
        } catch (IOException e) {
            // The socket was closed by stop(): the server's life is over.
        }
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        if (provider != null) {
            provider.close();
        }
        silent.close();
        acceptor.join(5000);
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void getTimesOut() {
        timesOutNamingTheServer(() -> cache.get("k"));
    }

    @Test
    void putTimesOut() {
        timesOutNamingTheServer(() -> cache.put("k", "v"));
    }

    @Test
    void getAllTimesOut() {
        timesOutNamingTheServer(() -> cache.getAll(Set.of("a", "b", "c")));
    }

    @Test
    void clearTimesOut() {
        timesOutNamingTheServer(() -> cache.clear());
    }

    @Test
    void iterationTimesOut() {
        timesOutNamingTheServer(() -> cache.iterator().hasNext());
    }

    /**
     * Operation after operation on one cache: each fails in bounded time, whether it waits for its own timeout
     * or fails at once because the previous timeout marked the server down; none leaks a connection that would
     * leave a later one stuck.
     */
    @Test
    void operationsInARowKeepFailingInBoundedTime() {
        for (int round = 0; round < 3; round++) {
            failsInBoundedTimeNamingTheServer(() -> cache.get("k"));
            failsInBoundedTimeNamingTheServer(() -> cache.put("k", "v"));
            failsInBoundedTimeNamingTheServer(() -> cache.getAll(Set.of("a", "b", "c")));
            failsInBoundedTimeNamingTheServer(() -> cache.clear());
            failsInBoundedTimeNamingTheServer(() -> cache.iterator().hasNext());
        }
    }

    /** A fresh cache manager's first operation: it must reach the server and wait for the operation timeout. */
    private void timesOutNamingTheServer(Executable operation) {
        Duration elapsed = failsInBoundedTimeNamingTheServer(operation);
        // Not a refusal or a fast "marked down" (a few ms): the request reached the server and waited for the
        // answer. Half the timeout, as timeouts computed from a deadline may round down by a millisecond.
        assertTrue(elapsed.compareTo(OP_TIMEOUT.dividedBy(2)) >= 0, "failed after only " + elapsed.toMillis() + " ms");
    }

    private Duration failsInBoundedTimeNamingTheServer(Executable operation) {
        long start = System.nanoTime();
        CacheException failure = assertThrows(CacheException.class, operation);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(UPPER_BOUND) < 0, "took " + elapsed.toMillis() + " ms: " + failure);
        Pattern server = Pattern.compile("127\\.0\\.0\\.1:" + silent.getLocalPort() + "(?!\\d)");
        assertTrue(
                failure.getMessage() != null
                        && server.matcher(failure.getMessage()).find(),
                "the message names the server: " + failure.getMessage());
        return elapsed;
    }
}
