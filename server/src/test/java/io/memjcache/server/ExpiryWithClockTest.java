package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.server.testsupport.MutableClock;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry as a client sees it over the network, with the server's clock injected so that seconds and days pass at
 * the test's command: TTLs, {@code touch}/{@code gat}, {@code mg t}, delayed {@code flush_all} and absolute
 * expiration times. Each test owns its server and connection.
 */
class ExpiryWithClockTest {

    private static final long DAY = 24 * 60 * 60;

    private final MutableClock clock = new MutableClock();
    private MemcachedServer server;
    private TextConnection conn;

    @BeforeEach
    void start() throws IOException {
        server = MemcachedServer.start(
                ServerConfig.builder().port(0).clock(clock).build());
        conn = new TextConnection(server.address());
    }

    @AfterEach
    void stop() throws IOException {
        if (conn != null) {
            conn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anItemWithTtlTenIsThereAtNineSecondsAndGoneAtTen() throws IOException {
        assertEquals("STORED", conn.call("set k 0 10 5\r\nhello"));
        clock.advanceSeconds(9);
        assertEquals("hello", conn.get("k"));
        clock.advanceSeconds(1);
        assertNull(conn.get("k"));
    }

    @Test
    void touchExtendsTheLifetime() throws IOException {
        assertEquals("STORED", conn.call("set k 0 10 1\r\nv"));
        clock.advanceSeconds(8);
        assertEquals("TOUCHED", conn.call("touch k 10"));
        clock.advanceSeconds(9);
        assertEquals("v", conn.get("k"), "17 s after the set, 9 s after the touch");
        clock.advanceSeconds(1);
        assertNull(conn.get("k"));
        assertEquals("NOT_FOUND", conn.call("touch k 10"));
    }

    @Test
    void gatReturnsTheValueAndExtendsTheLifetime() throws IOException {
        assertEquals("STORED", conn.call("set k 3 10 2\r\nab"));
        clock.advanceSeconds(8);
        conn.send("gat 100 k");
        assertEquals("VALUE k 3 2", conn.line());
        assertEquals("ab", conn.line());
        assertEquals("END", conn.line());
        clock.advanceSeconds(99);
        assertEquals("ab", conn.get("k"));
        clock.advanceSeconds(1);
        assertNull(conn.get("k"));
    }

    @Test
    void metaGetReportsTheRemainingTtl() throws IOException {
        assertEquals("STORED", conn.call("set k 0 100 1\r\nv"));
        assertEquals("STORED", conn.call("set forever 0 0 1\r\nv"));
        assertEquals("HD t100", conn.call("mg k t"));
        clock.advanceSeconds(30);
        assertEquals("HD t70", conn.call("mg k t"));
        assertEquals("HD t-1", conn.call("mg forever t"));
        assertEquals("TOUCHED", conn.call("touch k 500"));
        clock.advanceSeconds(1);
        conn.send("mg k t v");
        assertEquals("VA 1 t499", conn.line());
        assertEquals("v", conn.line());
    }

    @Test
    void delayedFlushAllTakesEffectOnceTheClockPassesIt() throws IOException {
        assertEquals("STORED", conn.call("set k 0 0 1\r\nv"));
        assertEquals("OK", conn.call("flush_all 5"));
        clock.advanceSeconds(3);
        assertEquals("v", conn.get("k"), "3 s into a 5 s delay");
        clock.advanceSeconds(2);
        assertNull(conn.get("k"));
        assertEquals("STORED", conn.call("set k 0 0 2\r\nv2"));
        clock.advanceSeconds(60);
        assertEquals("v2", conn.get("k"), "an item stored after the flush time is not flushed");
    }

    @Test
    void immediateFlushAllEmptiesTheCacheAtOnce() throws IOException {
        assertEquals("STORED", conn.call("set k 0 0 1\r\nv"));
        assertEquals("OK", conn.call("flush_all"));
        assertNull(conn.get("k"));
        assertEquals("STORED", conn.call("set k 0 0 1\r\nw"));
        assertEquals("w", conn.get("k"));
    }

    @Test
    void anExptimeBeyondThirtyDaysIsAnAbsoluteUnixTime() throws IOException {
        long expiresAt = clock.epochSecond() + 40 * DAY;
        assertEquals("STORED", conn.call("set k 0 " + expiresAt + " 1\r\nv"));
        clock.advance(Duration.ofSeconds(39 * DAY));
        assertEquals("HD t" + DAY, conn.call("mg k t"));
        clock.advance(Duration.ofSeconds(DAY - 1));
        assertEquals("v", conn.get("k"));
        clock.advanceSeconds(1);
        assertNull(conn.get("k"));
    }

    @Test
    void anAbsoluteExptimeInThePastExpiresAtOnce() throws IOException {
        long anHourAgo = clock.epochSecond() - 3600;
        assertEquals("STORED", conn.call("set k 0 " + anHourAgo + " 1\r\nv"));
        assertNull(conn.get("k"));
        assertEquals("STORED", conn.call("set j 0 -1 1\r\nv"));
        assertNull(conn.get("j"), "a negative exptime expires at once");
    }

    @Test
    void thirtyDaysExactlyIsStillRelative() throws IOException {
        assertEquals("STORED", conn.call("set k 0 2592000 1\r\nv"));
        clock.advance(Duration.ofSeconds(30 * DAY - 1));
        assertEquals("HD t1", conn.call("mg k t"));
        clock.advanceSeconds(1);
        assertNull(conn.get("k"));
    }
}
