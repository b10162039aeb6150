package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the reading of watch lines with arbitrary bytes, as a server (or whatever answers on its port) could send
 * them: parsing answers a kind, never an exception; a change always names a key, no longer than the line; only a
 * change has a key and only a skip a count. In {@code mvn verify} this runs once per seed input (regression mode,
 * real lines of memcached 1.6.18 and the bundled server under
 * {@code src/test/resources/.../WatchLineFuzzTestInputs/parse}); a fuzzing run, from the repository root:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl jcache-provider -am verify -Dtest=WatchLineFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class WatchLineFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void parse(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.ISO_8859_1); // as the connection reads lines
        WatchLine parsed = WatchLine.parse(line);
        assertNotNull(parsed.kind());
        if (parsed.kind() == WatchLine.Kind.CHANGE) {
            String key = parsed.key();
            assertNotNull(key);
            assertFalse(key.isEmpty());
            assertTrue(key.length() <= line.length());
        } else {
            assertEquals(null, parsed.key());
        }
        if (parsed.kind() != WatchLine.Kind.SKIPPED) {
            assertEquals(0, parsed.skipped());
        }
        WatchLine.keyStartsWith(line, "m%3A");
    }
}
