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
    /**
     * Long keys make 30,000 sets about 10 MB of log lines: more than the kernel's socket buffers (4 MB at most for
     * sending here), the channel's 1 MB limit and the watcher's 256 KB together, so some lines must be skipped.
     */
    private static final String PREFIX = "k".repeat(200) + "-";

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
            for (int i = 0; i < 30_000; i++) {
                client.send("set " + PREFIX + i + " 0 0 100 noreply\r\n" + value);
                if (i % 1000 == 999) {
                    assertEquals("v".repeat(100), client.get(PREFIX + i));
                    maxBuffered = Math.max(maxBuffered, log.bufferedBytes());
                }
            }
            assertTrue(maxBuffered <= Watcher.BUFFER_BYTES, "buffered " + maxBuffered);
            for (int i = 0; i < 30_000; i += 997) {
                assertEquals(value, client.get(PREFIX + i), "key " + i);
            }
            // The watcher reads again. Each time it has nothing left, one more set is made; lines dropped for want
            // of room are announced by skipped=N in front of the next line that found room.
            long skipped = 0;
            long backlog = 0;
            int afterSets = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "no line of the later sets after " + backlog + " lines");
                String line = stalled.line(Duration.ofMillis(200));
                if (line == null) {
                    afterSets++;
                    assertEquals("STORED", client.call("set after-" + afterSets + " 0 0 1\r\nx"));
                } else if (line.startsWith("skipped=")) {
                    skipped += Long.parseLong(line.substring("skipped=".length()));
                } else if (line.contains(" key=" + PREFIX)) {
                    backlog++;
                } else {
                    // The first later set that got through: every line before it was delivered or counted.
                    int k = Integer.parseInt(line.replaceAll(".* key=after-([0-9]+) .*", "$1"));
                    assertTrue(skipped > 0 && backlog < 30_000, backlog + " delivered, " + skipped + " skipped");
                    assertEquals(30_000 + k, backlog + skipped + 1, backlog + " delivered, " + skipped + " skipped");
                    break;
                }
            }
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
