package io.memjcache.server.store;

/**
 * MurmurHash3 (x86, 32-bit, seed 0), the hash memcached 1.6 uses by default; needed where memcached's output order
 * depends on it ({@code stats detail dump}). Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class Murmur3 {

    private Murmur3() {}

    public static int hash32(byte[] data, int length) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff)
                    | (data[at + 1] & 0xff) << 8
                    | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int rest = length & 3;
        if (rest > 0) {
            int k = 0;
            for (int i = rest - 1; i >= 0; i--) {
                k ^= (data[tail + i] & 0xff) << (8 * i);
            }
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
