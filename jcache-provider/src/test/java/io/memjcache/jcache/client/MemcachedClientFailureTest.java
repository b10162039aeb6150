package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failed, restarted, silent and saturated servers (bundled servers and plain sockets). */
class MemcachedClientFailureTest {

    private static final Duration OP_TIMEOUT = Duration.ofMillis(300);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private static ClientConfig config(List<ServerAddress> servers, int connections, Duration opTimeout) {
        return new ClientConfig(servers, opTimeout, CONNECT_TIMEOUT, connections, Duration.ofMillis(100), RETRY_DELAY);
    }

    private static MemcachedServer startBundled(int port) throws IOException {
        return MemcachedServer.start(ServerConfig.builder().port(port).build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return a key the ring places on server {@code index} */
    private static String keyOn(MemcachedClient client, int index, String prefix) {
        for (int i = 0; ; i++) {
            if (client.serverIndex(prefix + i) == index) {
                return prefix + i;
            }
        }
    }

    /** @return the failure of a get that must fail after {@code timeout}, and less than {@code slack} later */
    private static MemcachedException getTimesOutAfter(MemcachedClient client, Duration timeout, Duration slack) {
        long start = System.nanoTime();
        MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMillis >= timeout.toMillis() - 5, elapsedMillis + " ms");
        assertTrue(elapsedMillis < timeout.plus(slack).toMillis(), elapsedMillis + " ms");
        return e;
    }

    @Test
    void aClosedServerFailsFastWhileOthersWorkAndItRecoversAfterTheRetryDelay() throws IOException {
        List<MemcachedServer> servers = new ArrayList<>();
        MutableClock clock = new MutableClock();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(startBundled(0));
            }
            List<ServerAddress> addresses = new ArrayList<>();
            servers.forEach(s -> addresses.add(ServerAddress.of("127.0.0.1", s.port())));
            try (MemcachedClient client = MemcachedClient.create(config(addresses, 4, OP_TIMEOUT), clock)) {
                String[] keys = {keyOn(client, 0, "a"), keyOn(client, 1, "b"), keyOn(client, 2, "c")};
                for (String key : keys) {
                    client.store(StoreRequest.set(key, bytes(key), 0));
                }
                int port = servers.get(1).port();
                servers.get(1).close();

                long start = System.nanoTime();
                MemcachedException failure = assertThrows(MemcachedException.class, () -> client.get(keys[1]));
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(elapsedMillis < OP_TIMEOUT.plus(CONNECT_TIMEOUT).toMillis(), elapsedMillis + " ms");
                assertEquals(addresses.get(1), failure.server());
                assertTrue(failure.getMessage().startsWith("memcached 127.0.0.1:" + port + ": "), failure.getMessage());

                MemcachedException fast = assertThrows(
                        MemcachedException.class, () -> client.store(StoreRequest.set(keys[1], bytes("x"), 0)));
                assertTrue(fast.getMessage().contains("marked down"), fast.getMessage());
                assertEquals(
                        keys[0], new String(client.get(keys[0]).orElseThrow().value(), StandardCharsets.US_ASCII));
                assertEquals(
                        keys[2], new String(client.get(keys[2]).orElseThrow().value(), StandardCharsets.US_ASCII));
                MemcachedException bulk = assertThrows(MemcachedException.class, () -> client.getAll(List.of(keys)));
                assertEquals(addresses.get(1), bulk.server());

                servers.set(1, startBundled(port));
                assertThrows(
                        MemcachedException.class,
                        () -> client.get(keys[1]),
                        "still marked down until the retry delay has passed");
                clock.advance(RETRY_DELAY);
                assertTrue(client.get(keys[1]).isEmpty(), "the new server is empty but reachable");
                assertEquals(StoreStatus.STORED, client.store(StoreRequest.set(keys[1], bytes("back"), 0)));
                assertEquals(3, client.getAll(List.of(keys)).size());
            }
        } finally {
            servers.forEach(MemcachedServer::close);
        }
    }

    @Test
    void aServerRestartedWhileTheClientWasIdleIsUsedWithoutAnError() throws IOException {
        MemcachedServer server = startBundled(0);
        int port = server.port();
        List<ServerAddress> addresses = List.of(ServerAddress.of("127.0.0.1", port));
        try (MemcachedClient client = MemcachedClient.create(config(addresses, 2, OP_TIMEOUT))) {
            client.store(StoreRequest.set("k", bytes("v"), 0));
            server.close();
            server = startBundled(port);
            assertTrue(client.get("k").isEmpty(), "the stale pooled connection was replaced transparently");
            assertEquals(2, client.pool(0).connectionsOpened());
        } finally {
            server.close();
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<ServerAddress> addresses = List.of(ServerAddress.of("127.0.0.1", silent.getLocalPort()));
            try (MemcachedClient client = MemcachedClient.create(config(addresses, 2, OP_TIMEOUT))) {
                MemcachedException e = getTimesOutAfter(client, OP_TIMEOUT, CONNECT_TIMEOUT);
                assertTrue(e.getMessage().contains("timed out after " + OP_TIMEOUT.toMillis() + " ms"), e.getMessage());
                assertEquals(addresses.get(0), e.server());
            }
        }
    }

    @Test
    void aConnectThatHangsTimesOut() throws IOException {
        // A listener that never accepts, its accept queue full: the kernel drops further SYNs, so a connect hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                while (true) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(full.getLocalSocketAddress(), 100);
                    } catch (SocketTimeoutException e) {
                        break; // the queue is full
                    }
                    assertTrue(queued.size() < 64, "the accept queue never filled up");
                }
                List<ServerAddress> addresses = List.of(ServerAddress.of("127.0.0.1", full.getLocalPort()));
                try (MemcachedClient client = MemcachedClient.create(config(addresses, 2, OP_TIMEOUT))) {
                    MemcachedException e = getTimesOutAfter(client, CONNECT_TIMEOUT, OP_TIMEOUT);
                    assertTrue(
                            e.getMessage().contains("connect timed out after " + CONNECT_TIMEOUT.toMillis() + " ms"),
                            e.getMessage());
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aWriteToAServerThatNeverReadsTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<ServerAddress> addresses = List.of(ServerAddress.of("127.0.0.1", silent.getLocalPort()));
            try (MemcachedClient client = MemcachedClient.create(config(addresses, 2, OP_TIMEOUT))) {
                List<StoreRequest> requests = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    requests.add(StoreRequest.set("big" + i, new byte[512 * 1024], 0)); // 32 MB: beyond any buffer
                }
                long start = System.nanoTime();
                MemcachedException e = assertThrows(MemcachedException.class, () -> client.storeAll(requests));
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(elapsedMillis < OP_TIMEOUT.plus(CONNECT_TIMEOUT).toMillis(), elapsedMillis + " ms");
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            }
        }
    }

    @Test
    void borrowingFromAnExhaustedPoolTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<ServerAddress> addresses = List.of(ServerAddress.of("127.0.0.1", silent.getLocalPort()));
            Duration longOperation = Duration.ofSeconds(3);
            try (MemcachedClient client = MemcachedClient.create(config(addresses, 1, longOperation))) {
                CompletableFuture<Throwable> holder = CompletableFuture.supplyAsync(
                        () -> assertThrows(MemcachedException.class, () -> client.get("held")));
                TestServers.awaitTrue(() -> client.pool(0).activeConnections() == 1, Duration.ofSeconds(2));
                long start = System.nanoTime();
                MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("waiting"));
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(e.getMessage().contains("timed out waiting for a connection after 100 ms"), e.getMessage());
                assertTrue(elapsedMillis >= 95 && elapsedMillis < 1000, elapsedMillis + " ms");
                assertTrue(holder.join().getMessage().contains("timed out after 3000 ms"));
            }
        }
    }
}
