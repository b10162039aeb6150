package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Caches are kept apart by manager URI and name on shared servers; clear() is O(1) and local to its cache, yet
 * seen at once by another manager (another JVM) using the same cache.
 */
class IsolationTest extends BackendTestSupport {

    private static MutableConfiguration<String, String> strings() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void managersWithDifferentUrisDoNotShareEntries(String backend) {
        Cache<String, String> first = managerInNewProvider(backend, uniqueUri()).createCache("users", strings());
        Cache<String, String> second =
                managerInNewProvider(backend, uniqueUri()).createCache("users", strings());

        first.put("alice", "from first");
        second.put("alice", "from second");
        second.put("bob", "only second");

        assertEquals("from first", first.get("alice"));
        assertEquals("from second", second.get("alice"));
        assertNull(first.get("bob"));
        assertEquals(1, count(first));
        assertEquals(2, count(second));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void managersWithTheSameUriShareTheCache(String backend) {
        URI uri = uniqueUri();
        Cache<String, String> here = managerInNewProvider(backend, uri).createCache("shared", strings());
        Cache<String, String> there = managerInNewProvider(backend, uri).createCache("shared", strings());

        here.put("k", "v");
        assertEquals("v", there.get("k"));
        there.clear();
        assertNull(here.get("k"), "a clear elsewhere is seen at once: the generation is never cached");
    }

    /**
     * Two nodes of one application may reach the provider through different URIs (Hibernate hands over the resolved
     * path of the settings file, which differs between install directories); a shared namespace setting makes them
     * share their caches, and a different one keeps a third manager apart.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void managersWithTheSameNamespaceShareCachesWhateverTheirUris(String backend, @TempDir Path dir)
            throws IOException {
        String shared = "orders-" + uniqueUri().getSchemeSpecificPart();
        URI fileA = settingsFile(dir.resolve("a"), shared);
        URI fileB = settingsFile(dir.resolve("b"), shared);
        URI fileOther = settingsFile(dir.resolve("other"), shared + "-other");
        Cache<String, String> nodeA =
                managerInNewProvider(fileA, properties(backend)).createCache("prices", strings());
        Cache<String, String> nodeB =
                managerInNewProvider(fileB, properties(backend)).createCache("prices", strings());
        Cache<String, String> other =
                managerInNewProvider(fileOther, properties(backend)).createCache("prices", strings());

        nodeA.put("sku-1", "200");

        assertEquals("200", nodeB.get("sku-1"));
        assertNull(other.get("sku-1"));
        nodeB.clear();
        assertNull(nodeA.get("sku-1"), "a clear through one node is seen by the other");
    }

    /** Writes a settings file naming the namespace, as each node's install directory would hold. */
    private static URI settingsFile(Path directory, String namespace) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("memjcache.properties");
        Files.writeString(file, "memjcache.namespace=" + namespace + "\n");
        return file.toUri();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void clearEmptiesOnlyItsOwnCache(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        Cache<String, String> cleared = manager.createCache("cleared", strings());
        Cache<String, String> kept = manager.createCache("kept", strings());
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            entries.put("key" + i, "value" + i);
        }
        cleared.putAll(entries);
        kept.putAll(entries);

        cleared.clear();

        assertEquals(0, count(cleared));
        assertFalse(cleared.containsKey("key0"));
        assertEquals(50, count(kept));
        assertEquals(entries, kept.getAll(entries.keySet()));
        cleared.put("key0", "again");
        assertEquals("again", cleared.get("key0"), "a cleared cache is usable at once");
        assertEquals("value0", kept.get("key0"));
    }

    private static int count(Cache<String, String> cache) {
        int n = 0;
        for (Cache.Entry<String, String> ignored : cache) {
            n++;
        }
        return n;
    }
}
