package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.store.WatchLog;
import io.memjcache.server.store.Watcher;
import io.memjcache.server.testsupport.TextConnection;
import io.memjcache.server.testsupport.WatchStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watchers under pressure: one that stops reading costs bounded memory, slows nobody and learns how many lines it
 * missed ({@code skipped=N}); one that keeps up sees exactly one line per change while clients race.
 */
class WatchUnderLoadTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private MemcachedServer server;

    @BeforeEach
    void start() throws IOException {
        server = MemcachedServer.start(ServerConfig.builder().port(0).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWatcherThatNeverReadsStaysBoundedAndLaterLearnsWhatItSkipped() throws Exception {
        WatchLog log = server.context().store.watch;
        try (WatchStream stalled = WatchStream.open(server.address(), "mutations", 4096);
                TextConnection client = new TextConnection(server.address())) {
            String value = "v".repeat(100);
            long maxBuffered = 0;
            // About 4 MB of log lines: far more than the socket buffers, the channel's limit and the 256 KB queue.
            for (int i = 0; i < 30_000; i++) {
                client.send("set key-with-a-fairly-long-name-" + i + " 0 0 100 noreply\r\n" + value);
                if (i % 1000 == 999) {
                    assertEquals("v".repeat(100), client.get("key-with-a-fairly-long-name-" + i));
                    maxBuffered = Math.max(maxBuffered, log.bufferedBytes());
                }
            }
            assertTrue(maxBuffered <= Watcher.BUFFER_BYTES, "buffered " + maxBuffered);
            for (int i = 0; i < 30_000; i += 997) {
                assertEquals(value, client.get("key-with-a-fairly-long-name-" + i), "key " + i);
            }
            // The watcher reads again; the next line after the backlog is preceded by the count it missed.
            List<String> lines = new ArrayList<>();
            String last = "";
            int afterSets = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!last.startsWith("skipped=")) {
                assertTrue(System.nanoTime() < deadline, "no skipped= line after " + lines.size() + " lines");
                String line = stalled.line(Duration.ofMillis(200));
                if (line == null) {
                    // The backlog is read: the count is written in front of the next line there is room for.
                    client.call("set after 0 0 1\r\nx");
                    afterSets++;
                    continue;
                }
                lines.add(line);
                last = line;
            }
            long skipped = Long.parseLong(last.substring("skipped=".length()));
            long backlog = lines.stream()
                    .filter(l -> l.contains(" key=key-with-a-fairly-long-name-"))
                    .count();
            // Every line was either delivered or counted; the count may include some of the "after" lines.
            assertTrue(skipped > 0 && backlog < 30_000, last);
            assertTrue(backlog + skipped >= 30_000, backlog + " delivered, " + last);
            assertTrue(backlog + skipped <= 30_000 + afterSets, backlog + " delivered, " + last);
            assertTrue(stalled.line(PATIENCE).contains("type=item_store key="), "a log line follows the count");
        }
    }

    @Test
    void racingDeletesProduceExactlyOneDeletedLinePerRound() throws Exception {
        int rounds = 200;
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<TextConnection> conns = new ArrayList<>();
        try (WatchStream watch = WatchStream.open(server.address(), "deletions");
                TextConnection setter = new TextConnection(server.address())) {
            for (int i = 0; i < racers; i++) {
                conns.add(new TextConnection(server.address()));
            }
            CyclicBarrier start = new CyclicBarrier(racers);
            for (int r = 0; r < rounds; r++) {
                assertEquals("STORED", setter.call("set race" + r + " 0 0 1\r\nx"));
                List<Future<String>> answers = new ArrayList<>();
                for (TextConnection c : conns) {
                    String request = "delete race" + r;
                    Callable<String> delete = () -> {
                        start.await();
                        return c.call(request);
                    };
                    answers.add(pool.submit(delete));
                }
                int deleted = 0;
                for (Future<String> f : answers) {
                    deleted += f.get().equals("DELETED") ? 1 : 0;
                }
                assertEquals(1, deleted, "round " + r);
            }
            setter.call("set end 0 0 1\r\nx");
            setter.call("delete end");
            List<String> lines = watch.until(l -> l.contains("key=end "), PATIENCE);
            for (int r = 0; r < rounds; r++) {
                String fragment = "type=deleted key=race" + r + " cmd=delete ";
                assertEquals(1, lines.stream().filter(l -> l.contains(fragment)).count(), fragment);
            }
            assertEquals(rounds + 1, lines.size());
        } finally {
            pool.shutdownNow();
            for (TextConnection c : conns) {
                c.close();
            }
        }
    }

    @Test
    void racingIncrementsEachProduceTheirLineAndNoneIsLost() throws Exception {
        int threads = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (WatchStream watch = WatchStream.open(server.address(), "mutations");
                TextConnection c = new TextConnection(server.address())) {
            assertEquals("STORED", c.call("set counter 0 0 1\r\n0"));
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (TextConnection own = new TextConnection(server.address())) {
                        for (int i = 0; i < each; i++) {
                            own.call("incr counter 1");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(String.valueOf(threads * each), c.get("counter"));
            c.call("set end 0 0 1\r\nx");
            List<String> lines = watch.until(l -> l.contains("key=end "), PATIENCE);
            assertEquals(
                    (long) threads * each,
                    lines.stream().filter(l -> l.contains(" cmd=incr ")).count());
        } finally {
            pool.shutdownNow();
        }
    }
}
