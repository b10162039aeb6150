package io.memjcache.jcache.client;

import java.util.Objects;

/**
 * Validation of memcached keys: 1 to 250 printable ASCII characters, no space or control character. The meta
 * protocol would read a space as the end of the key, so an unchecked key could inject flags. Stateless and
 * thread-safe; a {@code null} key is rejected with {@link NullPointerException}.
 */
final class Keys {

    /** memcached's key length limit. */
    static final int MAX_LENGTH = 250;

    private Keys() {}

    /** @throws IllegalArgumentException if {@code key} is not a valid memcached key */
    static String validate(String key) {
        Objects.requireNonNull(key, "key");
        int length = key.length();
        if (length == 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("memcached keys have 1 to " + MAX_LENGTH + " characters, got " + length);
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "memcached key has a space, control or non-ASCII character at " + i + ": " + key);
            }
        }
        return key;
    }
}
