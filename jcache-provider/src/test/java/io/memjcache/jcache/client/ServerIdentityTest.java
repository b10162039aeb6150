package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServerIdentityTest {

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
                "not memcached: answered '-ERR unknown command 'version'' (the Redis protocol)",
                ServerIdentity.versionProblem("-ERR unknown command 'version'"));
        assertEquals(
                "not memcached: answered '-NOAUTH Authentication required.' (the Redis protocol)",
                ServerIdentity.unexpected("-NOAUTH Authentication required."));
        assertEquals(
                "not memcached: answered 'HTTP/1.1 400 Bad Request'",
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
