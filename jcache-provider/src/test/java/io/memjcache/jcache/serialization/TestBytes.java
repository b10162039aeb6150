package io.memjcache.jcache.serialization;

/**
 * Byte-array helpers for tests that take serialized bytes apart. Thread-safe (stateless). Arguments must not be
 * {@code null}.
 */
public final class TestBytes {

    private TestBytes() {}

    /** @return the first index of {@code needle} in {@code haystack}, or -1 */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
