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

    private Generations() {}

    /** @return a random generation in [1, 2^63 - 1) to create a missing counter with */
    static long fresh() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    /** @return the generation in a counter item's value, or empty when the item holds no counter */
    static OptionalLong parse(byte[] value) {
        String text = new String(value, StandardCharsets.US_ASCII).trim();
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** @return the counter text memcached keeps for {@code generation} */
    static byte[] format(long generation) {
        return Long.toUnsignedString(generation).getBytes(StandardCharsets.US_ASCII);
    }
}
