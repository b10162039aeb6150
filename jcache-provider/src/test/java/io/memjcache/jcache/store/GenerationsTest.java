package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
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

    /** The parser agrees with trim() and Long.parseUnsignedLong on every input, counters and foreign data alike. */
    @Test
    void parsesAsTheJdkParsesTheTrimmedText() {
        Random random = new Random(10);
        String alphabet = "0123456789 +-a\t\r\u00ff";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                text.append(Long.toUnsignedString(random.nextLong() >>> random.nextInt(64)));
            }
            int extra = random.nextInt(4);
            for (int j = 0; j < extra; j++) {
                text.insert(random.nextInt(text.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            OptionalLong expected;
            try {
                expected = OptionalLong.of(Long.parseUnsignedLong(new String(bytes, StandardCharsets.US_ASCII).trim()));
            } catch (NumberFormatException e) {
                expected = OptionalLong.empty();
            }
            assertEquals(expected, Generations.parse(bytes), "'" + text + "'");
        }
        for (String edge : List.of(
                "18446744073709551615",
                "18446744073709551616",
                "18446744073709551619",
                "99999999999999999999",
                "184467440737095516150",
                "0000000000000000000000042",
                "+",
                " + 1")) {
            OptionalLong expected;
            try {
                expected = OptionalLong.of(Long.parseUnsignedLong(edge.trim()));
            } catch (NumberFormatException e) {
                expected = OptionalLong.empty();
            }
            assertEquals(expected, Generations.parse(ascii(edge)), edge);
        }
    }
}
