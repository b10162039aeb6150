package io.memjcache.jcache.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code ma <key> N<ttl> J<initial> D<delta> M<I|D> v}: adds to (or, for a negative delta, subtracts from) a
 * counter, creating it with the initial value when missing, and returns the new value. memcached counters are
 * unsigned 64-bit: subtraction stops at 0. Immutable and thread-safe; the key is never null.
 */
final class MetaArithmeticCommand implements MetaCommand<Long> {

    private final String key;
    private final long delta;
    private final long initial;
    private final long ttlSeconds;

    /**
     * @param delta      added when positive, subtracted when negative
     * @param initial    the value a missing counter is created with (then the delta is not applied), at least 0
     * @param ttlSeconds TTL of a created counter (0 never expires), at least 0
     */
    MetaArithmeticCommand(String key, long delta, long initial, long ttlSeconds) {
        this.key = Keys.validate(key);
        if (initial < 0) {
            throw new IllegalArgumentException("initial value must not be negative, was " + initial);
        }
        if (ttlSeconds < 0 || ttlSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ttlSeconds must be between 0 and 2^32-1, was " + ttlSeconds);
        }
        if (delta == Long.MIN_VALUE) {
            throw new IllegalArgumentException("delta out of range: " + delta);
        }
        this.delta = delta;
        this.initial = initial;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii("ma " + key + " N" + ttlSeconds + " J" + initial + " D" + Math.abs(delta)
                + (delta < 0 ? " MD" : " MI") + " v\r\n");
    }

    @Override
    public Long readAnswer(ResponseLine line, MetaInput connection) throws IOException, ErrorResponseException {
        if (!line.code().equals("VA")) {
            throw Answers.unexpected(line, this);
        }
        byte[] digits = connection.readValue(Answers.parseSize(line, this));
        try {
            return Long.parseUnsignedLong(new String(digits, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            throw new ErrorResponseException("counter " + key + " holds no number", true);
        }
    }

    @Override
    public String describe() {
        return "ma " + key;
    }
}
