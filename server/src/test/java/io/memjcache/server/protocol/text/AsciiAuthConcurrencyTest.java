package io.memjcache.server.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.TextConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many connections authenticating at once, right and wrong, on several worker threads: each gets its own answer,
 * an authenticated connection's writes land, and {@code auth_cmds} and {@code auth_errors} count every attempt.
 */
class AsciiAuthConcurrencyTest {

    private static final int CLIENTS = 8;
    private static final int ROUNDS = 50;

    @TempDir
    Path dir;

    @Test
    void everyAttemptIsAnsweredAndCounted() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:one\nbob:two\n");
        try (MemcachedServer server = MemcachedServer.start(
                ServerConfig.builder().port(0).threads(4).authFile(users).build())) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<Integer>> clients = new ArrayList<>();
                for (int t = 0; t < CLIENTS; t++) {
                    int client = t;
                    clients.add(pool.submit(() -> {
                        start.await();
                        int stored = 0;
                        for (int round = 0; round < ROUNDS; round++) {
                            try (TextConnection c = new TextConnection(server.address())) {
                                String user = client % 2 == 0 ? "alice one" : "bob two";
                                assertEquals("CLIENT_ERROR authentication failure", c.call(token("alice two")));
                                assertEquals("STORED", c.call(token(user)));
                                String key = "k" + client + "-" + round;
                                assertEquals("STORED", c.call("set " + key + " 0 0 1\r\nx"));
                                stored++;
                            }
                        }
                        return stored;
                    }));
                }
                start.countDown();
                int stored = 0;
                for (Future<Integer> client : clients) {
                    stored += client.get();
                }
                assertEquals(CLIENTS * ROUNDS, stored);
            } finally {
                pool.shutdownNow();
            }
            try (TextConnection c = new TextConnection(server.address())) {
                assertEquals("STORED", c.call(token("alice one")));
                Map<String, String> stats = c.stats();
                assertEquals(Integer.toString(2 * CLIENTS * ROUNDS + 1), stats.get("auth_cmds"));
                assertEquals(Integer.toString(CLIENTS * ROUNDS), stats.get("auth_errors"));
                assertEquals(Integer.toString(CLIENTS * ROUNDS), stats.get("curr_items"));
            }
        }
    }

    private static String token(String userAndPassword) {
        return "set auth 0 0 " + userAndPassword.length() + "\r\n" + userAndPassword;
    }
}
