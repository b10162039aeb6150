package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationsTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void freshGenerationsArePositiveAndSpread() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long generation = Generations.fresh();
            assertTrue(generation > 0 && generation < Long.MAX_VALUE, "out of range: " + generation);
            seen.add(generation);
        }
        assertTrue(seen.size() > 9_990, "random 63-bit values hardly ever repeat, got " + seen.size());
    }

    @Test
    void countersAreUnsigned64BitDecimal() {
        assertEquals(OptionalLong.of(42), Generations.parse(ascii("42")));
        assertEquals(OptionalLong.of(7), Generations.parse(ascii("7   ")), "memcached may pad a shrunk counter");
        assertEquals(OptionalLong.of(Long.MIN_VALUE), Generations.parse(ascii("9223372036854775808")));
        assertEquals(OptionalLong.of(-1), Generations.parse(ascii("18446744073709551615")));
        assertArrayEquals(ascii("18446744073709551615"), Generations.format(-1));
        assertArrayEquals(ascii("12"), Generations.format(12));
    }

    @Test
    void foreignDataIsNoCounter() {
        assertEquals(OptionalLong.empty(), Generations.parse(ascii("not a number")));
        assertEquals(OptionalLong.empty(), Generations.parse(ascii("")));
        assertEquals(OptionalLong.empty(), Generations.parse(ascii("-5")));
        assertEquals(OptionalLong.empty(), Generations.parse(ascii("18446744073709551616")));
    }
}
