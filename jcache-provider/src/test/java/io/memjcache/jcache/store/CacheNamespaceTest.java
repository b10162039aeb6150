package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheNamespaceTest {

    private static final URI MANAGER = URI.create("memjcache:default");

    @Test
    void sameManagerAndNameGiveTheSameKeysEverywhere() {
        CacheNamespace a = CacheNamespace.of(MANAGER, "users");
        CacheNamespace b = CacheNamespace.of(URI.create("memjcache:default"), "users");
        byte[] key = "alice".getBytes(StandardCharsets.UTF_8);
        assertEquals(a.entryKey(key), b.entryKey(key));
        assertEquals(a.generationKey(), b.generationKey());
    }

    @Test
    void managersAndNamesAreKeptApart() {
        assertNotEquals(
                CacheNamespace.of(MANAGER, "users").namespace(),
                CacheNamespace.of(MANAGER, "orders").namespace());
        assertNotEquals(
                CacheNamespace.of(MANAGER, "users").namespace(),
                CacheNamespace.of(URI.create("memjcache:other"), "users").namespace());
        // The separator keeps "a" + "bc" apart from "ab" + "c".
        assertNotEquals(
                CacheNamespace.of(URI.create("memjcache:a"), "bc").namespace(),
                CacheNamespace.of(URI.create("memjcache:ab"), "c").namespace());
    }

    @Test
    void keysAreShortPrintableAndUnderThePrefix() {
        CacheNamespace namespace = CacheNamespace.of(MANAGER, "a cache name with spaces and ünïcode");
        String key = namespace.entryKey(new byte[100_000]);
        assertTrue(key.startsWith(namespace.entryPrefix()));
        assertEquals(2 + 16 + 1 + 43, key.length(), "m:, namespace, colon, unpadded base64url SHA-256");
        assertTrue(key.chars().allMatch(c -> c > 32 && c < 127), key);
        assertTrue(
                !namespace.generationKey().startsWith(namespace.entryPrefix()),
                "the generation counter is not listed as an entry");
    }
}
