package io.memjcache.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memcached's {@code -F} (no {@code flush_all}), {@code -X} (no key dumps) and {@code -o no_lru_crawler}: the
 * refused commands get memcached's answers, {@code stats settings} says so, and the crawler can be enabled again.
 * Each case runs on the bundled server and on memcached with the same flags, against the same expectations.
 */
class DisabledCommandsTest {

    private static ServerUnderTest start(String kind, UnaryOperator<ServerConfig.Builder> bundled, String... flags) {
        return kind.equals("memcached") ? ServerUnderTest.reference(flags) : ServerUnderTest.bundled(bundled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void flushAllIsRefusedAndCounted(String kind) throws IOException {
        try (ServerUnderTest server = start(kind, config -> config.flushEnabled(false), "-F");
                TextConnection connection = new TextConnection(server.address())) {
            assertEquals("STORED", connection.call("set k 0 0 1\r\nv"));
            assertEquals("CLIENT_ERROR flush_all not allowed", connection.call("flush_all"));
            connection.send("flush_all noreply");
            assertEquals("MN", connection.call("mn"), "noreply silences the refusal");
            assertEquals("v", connection.get("k"), "nothing was flushed");
            assertEquals("2", connection.stats().get("cmd_flush"));
            assertEquals("no", settings(connection).get("flush_enabled"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void keyDumpsAreRefused(String kind) throws IOException {
        try (ServerUnderTest server = start(kind, config -> config.dumpEnabled(false), "-X");
                TextConnection connection = new TextConnection(server.address())) {
            assertEquals("STORED", connection.call("set k 0 0 1\r\nv"));
            assertEquals("CLIENT_ERROR stats cachedump not allowed", connection.call("stats cachedump 1 1"));
            assertEquals("ERROR metadump not allowed", connection.call("lru_crawler metadump all"));
            assertEquals("no", settings(connection).get("dump_enabled"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void aCrawlerTurnedOffRefusesMetadumpUntilEnabled(String kind) throws IOException {
        try (ServerUnderTest server = start(kind, config -> config.lruCrawler(false), "-o", "no_lru_crawler");
                TextConnection connection = new TextConnection(server.address())) {
            assertEquals("STORED", connection.call("set k 0 0 1\r\nv"));
            assertEquals("CLIENT_ERROR lru crawler disabled", connection.call("lru_crawler metadump all"));
            assertEquals("no", settings(connection).get("lru_crawler"));
            assertEquals("OK", connection.call("lru_crawler enable"));
            assertEquals("yes", settings(connection).get("lru_crawler"));
            // memcached's crawler thread may still be busy starting: ask again until it answers, within a deadline.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String dump = connection.call("lru_crawler metadump all");
            while (dump.startsWith("BUSY") && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                dump = connection.call("lru_crawler metadump all");
            }
            // The dump's lines end in a bare \n, as memcached writes them; only END has \r\n.
            assertTrue(dump.startsWith("key=k ") && dump.endsWith("\nEND"), dump);
        }
    }

    private static Map<String, String> settings(TextConnection connection) throws IOException {
        connection.send("stats settings");
        Map<String, String> settings = new HashMap<>();
        for (String line = connection.line(); !line.equals("END"); line = connection.line()) {
            String[] parts = line.split(" ", 3);
            settings.put(parts[1], parts[2]);
        }
        return settings;
    }
}
