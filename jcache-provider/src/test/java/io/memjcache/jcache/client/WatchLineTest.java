package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lines memcached 1.6.18 and the bundled server write on a watch stream, as the invalidation reads them. */
class WatchLineTest {

    @Test
    void aStoreNamesItsDecodedKey() {
        WatchLine line = WatchLine.parse("ts=1796676870.433239 gid=2 type=item_store key=m%3Aab%2520c status=stored"
                + " cmd=set ttl=5 clsid=1 cfd=26 size=1");
        assertEquals(new WatchLine(WatchLine.Kind.CHANGE, "m:ab%20c", 0), line);
    }

    @Test
    void aRefusedStoreCountsToo() {
        // The provider's heartbeats and delete markers are replaces of keys that never exist.
        WatchLine line = WatchLine.parse("ts=1796676929.342730 gid=2 type=item_store key=hb%3A1 status=not_stored"
                + " cmd=replace ttl=1 clsid=1 cfd=26 size=0");
        assertEquals("hb:1", line.key());
    }

    @Test
    void deletesAndEvictionsNameTheirKeys() {
        assertEquals(
                "a",
                WatchLine.parse("ts=1796616940.696324 gid=9 type=deleted key=a cmd=delete clsid=1 size=1")
                        .key());
        assertEquals(
                "big0",
                WatchLine.parse("ts=1796676926.108730 gid=22 type=eviction key=big0 fetch=no ttl=-1 la=0 clsid=29"
                                + " size=50000")
                        .key());
    }

    @Test
    void skippedLinesAreCounted() {
        assertEquals(new WatchLine(WatchLine.Kind.SKIPPED, null, 12), WatchLine.parse("skipped=12"));
        assertEquals(Long.MAX_VALUE, WatchLine.parse("skipped=lots").skipped(), "dropped lines all the same");
    }

    @Test
    void aFlushIsNoticed() {
        assertEquals(
                WatchLine.Kind.FLUSH,
                WatchLine.parse("ts=1796616941.5 gid=11 type=flush_all delay=0 cfd=12")
                        .kind());
    }

    @Test
    void otherLinesAreIgnored() {
        assertEquals(
                WatchLine.Kind.OTHER,
                WatchLine.parse("ts=1796616940.541763 gid=5 type=item_get key=a status=found clsid=1 cfd=12 size=1")
                        .kind());
        assertEquals(
                WatchLine.Kind.OTHER,
                WatchLine.parse("ts=1796616941.513939 gid=11 type=conn_close rip=127.0.0.1 rport=38402 transport=tcp"
                                + " reason=normal cfd=12")
                        .kind());
        assertEquals(
                WatchLine.Kind.OTHER,
                WatchLine.parse("ts=1 gid=1 type=item_store status=stored").kind());
        assertEquals(
                WatchLine.Kind.OTHER,
                WatchLine.parse("ts=1 gid=1 type=item_store key= status=stored").kind());
        assertEquals(WatchLine.Kind.OTHER, WatchLine.parse("").kind());
    }

    @Test
    void aBadEscapeIsKeptAsItIs() {
        assertEquals(
                "a%zz%4",
                WatchLine.parse("ts=1 gid=1 type=deleted key=a%zz%4 cmd=md").key());
    }

    @Test
    void keysAreMatchedByPrefixWithoutParsing() {
        String line = "ts=1 gid=2 type=item_store key=m%3Aab status=stored cmd=set";
        assertTrue(WatchLine.keyStartsWith(line, "m%3A"));
        assertFalse(WatchLine.keyStartsWith(line, "m:"));
        assertFalse(WatchLine.keyStartsWith("skipped=3", "m"));
    }
}
