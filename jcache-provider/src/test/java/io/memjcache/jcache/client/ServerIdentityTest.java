package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which answers mean the server on the port cannot serve this client, and how they are quoted. */
class ServerIdentityTest {

    private static final ServerAddress SERVER = ServerAddress.of("cache1", 11211);

    @Test
    void oldMemcachedNeedsAnUpgrade() {
        assertEquals(
                "cache1:11211 needs memcached 1.6 or later (meta protocol): it answered 'ERROR'",
                ServerIdentity.problem(SERVER, "ERROR"));
        assertEquals(
                "cache1:11211 needs memcached 1.6 or later (meta protocol): it answered 'CLIENT_ERROR bad command line"
                        + " format'",
                ServerIdentity.problem(SERVER, "CLIENT_ERROR bad command line format"));
    }

    @Test
    void anythingElseIsNotMemcachedAndIsQuotedPrintableAndShort() {
        assertEquals(
                "cache1:11211 does not speak the memcached protocol: it answered '-ERR unknown command 'mg''",
                ServerIdentity.problem(SERVER, "-ERR unknown command 'mg'"));
        assertEquals(
                "cache1:11211 does not speak the memcached protocol: it answered 'HTTP/1.1 400 Bad?Request'",
                ServerIdentity.problem(SERVER, "HTTP/1.1 400 Bad\u0007Request"));
        String quoted = ServerIdentity.printable("x".repeat(200));
        assertEquals("x".repeat(ServerIdentity.QUOTED_LENGTH) + "...", quoted);
    }

    @Test
    void memcachedsOwnAnswersAreNoProblem() {
        for (String answer : new String[] {
            "VA 1 c5",
            "HD",
            "EN",
            "NS",
            "EX",
            "NF",
            "MN",
            "SERVER_ERROR object too large for cache",
            "CLIENT_ERROR line too long"
        }) {
            assertNull(ServerIdentity.problem(SERVER, answer), answer);
        }
    }
}
