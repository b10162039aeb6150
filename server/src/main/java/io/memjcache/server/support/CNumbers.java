package io.memjcache.server.support;

import io.netty.buffer.ByteBuf;

/**
 * C's {@code strtol}/{@code strtoull} as memcached's {@code safe_strto*} helpers use them on a token: leading
 * white space and a sign are accepted, at least one digit is required, overflow fails, and the token may continue
 * only with white space. Stateless; each result goes to {@code result[0]}.
 *
 * <p>Internal, not API.
 */
public final class CNumbers {

    private CNumbers() {}

    static boolean isCSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** Signed 64-bit. */
    public static boolean strtol(ByteBuf buf, int from, int to, long[] result) {
        int i = skipSpace(buf, from, to);
        boolean negative = false;
        if (i < to && (buf.getByte(i) == '+' || buf.getByte(i) == '-')) {
            negative = buf.getByte(i) == '-';
            i++;
        }
        int digitsStart = i;
        // Accumulate negatively so that Long.MIN_VALUE is reachable without overflow.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        long acc = 0;
        boolean overflow = false;
        while (i < to) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (!overflow) {
                if (acc < multMin || acc * 10 < limit + d) {
                    overflow = true;
                } else {
                    acc = acc * 10 - d;
                }
            }
            i++;
        }
        if (i == digitsStart || overflow) {
            return false;
        }
        if (i < to && !isCSpace(buf.getByte(i))) {
            return false;
        }
        result[0] = negative ? acc : -acc;
        return true;
    }

    /** Unsigned 64-bit with C's wrap-around for a leading minus, then memcached's check for a visible minus. */
    public static boolean strtoul(ByteBuf buf, int from, int to, long[] result) {
        int i = skipSpace(buf, from, to);
        boolean negative = false;
        if (i < to && (buf.getByte(i) == '+' || buf.getByte(i) == '-')) {
            negative = buf.getByte(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < to) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (!overflow) {
                // value * 10 + d must stay below 2^64 (unsigned).
                if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    overflow = true;
                } else {
                    value = value * 10 + d;
                }
            }
            i++;
        }
        if (i == digitsStart || overflow) {
            return false;
        }
        if (i < to && !isCSpace(buf.getByte(i))) {
            return false;
        }
        long signed = negative ? -value : value;
        if (signed < 0 && negative) {
            return false;
        }
        result[0] = signed;
        return true;
    }

    private static int skipSpace(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && isCSpace(buf.getByte(i))) {
            i++;
        }
        return i;
    }
}
