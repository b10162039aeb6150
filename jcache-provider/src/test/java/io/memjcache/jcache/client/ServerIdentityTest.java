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
                "cache1:11211 does not speak the memcached protocol: it answered '-ERR unknown command 'mg'' (the Redis"
                        + " protocol)",
                ServerIdentity.problem(SERVER, "-ERR unknown command 'mg'"));
        assertEquals(
                "cache1:11211 does not speak the memcached protocol: it answered 'HTTP/1.1 400 Bad?Request'",
                ServerIdentity.problem(SERVER, "HTTP/1.1 400 Bad\u0007Request"));
        String quoted = ServerIdentity.printable("x".repeat(200));
        assertEquals("x".repeat(ServerIdentity.MAX_QUOTED) + "...", quoted);
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

    @Test
    void memcached16AndLaterIsFineWhateverItsVersionSuffix() {
        assertNull(ServerIdentity.versionProblem("VERSION 1.6.18"));
        assertNull(ServerIdentity.versionProblem("VERSION 1.6.40-rc1"));
        assertNull(ServerIdentity.versionProblem("VERSION 1.10.0"));
        assertNull(ServerIdentity.versionProblem("VERSION 2.0"));
        assertNull(ServerIdentity.versionProblem("VERSION memjcache-snapshot"), "a version it cannot read");
    }

    @Test
    void olderMemcachedNeedsUpgrading() {
        assertEquals(
                "needs memcached 1.6 or later (meta protocol); it is 1.4.25",
                ServerIdentity.versionProblem("VERSION 1.4.25"));
        assertEquals(
                "needs memcached 1.6 or later (meta protocol); it is 1.5.22",
                ServerIdentity.versionProblem("VERSION 1.5.22"));
        assertEquals(
                "needs memcached 1.6 or later (meta protocol): it answered 'ERROR' to a meta command",
                ServerIdentity.unexpected("ERROR"));
    }

    @Test
    void aRedisOrAnythingElseIsNotMemcached() {
        assertEquals(
                "does not speak the memcached protocol: it answered '-ERR unknown command 'version'' (the Redis protocol)",
                ServerIdentity.versionProblem("-ERR unknown command 'version'"));
        assertEquals(
                "does not speak the memcached protocol: it answered '-NOAUTH Authentication required.' (the Redis protocol)",
                ServerIdentity.unexpected("-NOAUTH Authentication required."));
        assertEquals(
                "does not speak the memcached protocol: it answered 'HTTP/1.1 400 Bad Request'",
                ServerIdentity.unexpected("HTTP/1.1 400 Bad Request"));
        assertEquals(
                "requires authentication (memcached -Y): set memjcache.username and memjcache.password",
                ServerIdentity.versionProblem("CLIENT_ERROR unauthenticated"));
    }

    @Test
    void quotedAnswersArePrintableAndShort() {
        assertEquals("a?b?", ServerIdentity.printable("a\u0000b\u00e9"));
        String longAnswer = "x".repeat(500);
        assertEquals("x".repeat(ServerIdentity.MAX_QUOTED) + "...", ServerIdentity.printable(longAnswer));
    }
}
