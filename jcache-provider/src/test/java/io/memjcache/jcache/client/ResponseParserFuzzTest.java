package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memjcache.server.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the client's reading of answers: a server answers one operation with arbitrary bytes (then closes its
 * side). Whatever it sends, the operation returns a result or throws {@link MemcachedException}, within a bound,
 * without allocating for sizes the server only claims; and the next operation on the same client (whose pool holds
 * one connection) gets the right answer, never bytes left over from the bad one: a connection out of step must
 * have been discarded, and one that went back to the pool must be in step.
 *
 * <p>Input: the first byte picks the operation, the rest is the server's answer. CI runs the seeds under
 * {@code src/test/resources/.../ResponseParserFuzzTestInputs/answersFromTheServer/} (regression mode). A fuzzing
 * run of {@code maxDuration} (from the repository root; the growing corpus goes to {@code .cifuzz-corpus/}):
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl jcache-provider -am verify -Dtest=ResponseParserFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A finding is written next to the seeds as {@code crash-<sha1>}; once fixed, keep it there under a name that says
 * what it is. Single-threaded, as Jazzer runs it.
 */
class ResponseParserFuzzTest {

    /**
     * Nothing waits here (the server always ends its answer), so the timeouts only matter when the machine stalls
     * the JVM (a long collection, a busy CPU): generous, so that a stall is not mistaken for a finding.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Connect, borrow and operation timeouts, with room to spare. */
    private static final Duration BOUND = TIMEOUT.multipliedBy(4);

    private static final List<Consumer<MemcachedClient>> OPERATIONS = List.of(
            client -> client.get("k1"),
            client -> client.getAll(List.of("k1", "k2", "k3")),
            client -> client.getAll(List.of("k1", "k2"), "header"),
            client -> client.store(StoreRequest.set("k1", bytes("value"), 0)),
            client -> client.storeAll(
                    List.of(StoreRequest.set("k1", bytes("a"), 0), StoreRequest.set("k2", bytes("b"), 0))),
            client -> client.delete("k1", 0),
            client -> client.deleteAll(Map.of("k1", 0L, "k2", 7L)),
            client -> client.increment("k1", 1, 0, 0),
            client -> client.keysWithPrefix(""));

    private static ScriptedServer server;

    @BeforeAll
    static void start() {
        server = new ScriptedServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "15m")
    @SuppressWarnings("try") // the allowance is held, not used, for the duration of the block
    void answersFromTheServer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Consumer<MemcachedClient> operation = OPERATIONS.get(Byte.toUnsignedInt(input[0]) % OPERATIONS.size());
        byte[] expected = bytes(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        server.answerGetsWith(expected);
        server.scriptNext(Arrays.copyOfRange(input, 1, input.length));
        MutableClock clock = new MutableClock();
        ClientConfig config =
                new ClientConfig(List.of(server.address()), TIMEOUT, TIMEOUT, 1, TIMEOUT, Duration.ofSeconds(1));
        // The only connections are to the test's own loopback server (Jazzer's agent is installed by now).
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections();
                MemcachedClient client = MemcachedClient.create(config, clock)) {
            long start = System.nanoTime();
            try {
                operation.accept(client);
            } catch (MemcachedException e) {
                // documented: the answer was an error, or not one the operation can get
            }
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < BOUND.toNanos(), "took " + elapsed / 1_000_000 + " ms");
            // One connection at most: the next operation reuses the bad one if it went back to the pool.
            clock.advance(Duration.ofHours(1)); // past any retry delay the bad answer caused
            Optional<StoredValue> next = client.get("next");
            assertArrayEquals(expected, next.orElseThrow().value(), "the next operation read the bad answer");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
