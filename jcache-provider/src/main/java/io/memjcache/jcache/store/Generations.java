package io.memjcache.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The values of a cache's generation counter. A counter is created with a random 63-bit value, never 0: after
 * memcached loses the counter (eviction), the new generation must differ from every generation entries were written
 * in, and a random start makes a collision as likely as guessing a 63-bit number. memcached counters are unsigned
 * 64-bit decimal text; a value above {@link Long#MAX_VALUE} (reached only by clearing past it) is kept as the
 * negative long with the same bits, the same in every client.
 *
 * <p>Stateless and thread-safe. Nothing accepts or returns {@code null}.
 */
final class Generations {

    /** Above this, one more decimal digit exceeds 2^64 - 1. */
    private static final long MAX_BEFORE_DIGIT = Long.divideUnsigned(-1L, 10);

    private Generations() {}

    /** @return a random generation in [1, 2^63 - 1) to create a missing counter with */
    static long fresh() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    /** @return the generation in a counter item's value, or empty when the item holds no counter */
    static OptionalLong parse(byte[] value) {
        // By hand rather than trim() and Long.parseUnsignedLong: every read parses a counter, and those allocate.
        int start = 0;
        int end = value.length;
        while (start < end && (value[start] & 0xFF) <= ' ') {
            start++;
        }
        while (end > start && (value[end - 1] & 0xFF) <= ' ') {
            end--;
        }
        if (start < end && value[start] == '+') {
            start++; // as Long.parseUnsignedLong accepts it
        }
        if (start == end) {
            return OptionalLong.empty();
        }
        long result = 0;
        for (int i = start; i < end; i++) {
            int digit = value[i] - '0';
            if (digit < 0 || digit > 9 || Long.compareUnsigned(result, MAX_BEFORE_DIGIT) > 0) {
                return OptionalLong.empty();
            }
            long next = result * 10 + digit;
            if (Long.compareUnsigned(next, result * 10) < 0) { // carried past 2^64 - 1
                return OptionalLong.empty();
            }
            result = next;
        }
        return OptionalLong.of(result);
    }

    /** @return the counter text memcached keeps for {@code generation} */
    static byte[] format(long generation) {
        return Long.toUnsignedString(generation).getBytes(StandardCharsets.US_ASCII);
    }
}
