package io.memjcache.jcache.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Weighted ketama consistent hashing, placing keys exactly as libmemcached does with
 * {@code MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED}, so clients in other languages find keys on the same servers.
 *
 * <p>Each server gets {@code floor(weight / totalWeight * 160 / 4 * serverCount) * 4} points (computed in single
 * precision, as libmemcached does). Its point keys are {@code "host:port-i"}, or {@code "host-i"} on the default
 * port, for i from 0; each key's MD5 digest yields four points, its little-endian 32-bit words. A key hashes to
 * the first little-endian word of its own MD5 digest and belongs to the server owning the first point at or
 * after that hash, wrapping to the first point.
 *
 * <p>Immutable and thread-safe; arguments must not be null.
 */
final class KetamaRing {

    private static final int POINTS_PER_SERVER = 160;
    private static final int POINTS_PER_HASH = 4;
    /** Bits for the server index in a packed point; the 32-bit value sits above them. */
    private static final int OWNER_BITS = 16;
    /** Cloned per key hash: cheaper than a provider lookup by {@code MessageDigest.getInstance} every time. */
    private static final MessageDigest MD5 = newMd5();

    /** Point values (unsigned 32-bit, held in longs), ascending. */
    private final long[] points;
    /** owners[i] is the index of the server that owns points[i]. */
    private final int[] owners;

    private KetamaRing(long[] points, int[] owners) {
        this.points = points;
        this.owners = owners;
    }

    /** Builds the ring for {@code servers}; indexes returned by {@link #serverIndex} refer to this list. */
    static KetamaRing of(List<ServerAddress> servers) {
        if (servers.isEmpty() || servers.size() >= 1 << OWNER_BITS) {
            throw new IllegalArgumentException(
                    "a ring has 1 to " + ((1 << OWNER_BITS) - 1) + " servers, not " + servers.size());
        }
        long totalWeight = 0;
        for (ServerAddress server : servers) {
            totalWeight += server.weight();
        }
        int count = servers.size();
        int[] perServer = new int[count];
        int total = 0;
        for (int s = 0; s < count; s++) {
            perServer[s] = pointsFor(servers.get(s).weight(), totalWeight, count);
            total += perServer[s];
        }
        long[] packed = new long[total];
        int next = 0;
        MessageDigest md5 = newMd5();
        for (int s = 0; s < count; s++) {
            ServerAddress server = servers.get(s);
            String prefix = server.port() == ServerAddress.DEFAULT_PORT
                    ? server.host() + "-"
                    : server.host() + ":" + server.port() + "-";
            for (int i = 0; i < perServer[s] / POINTS_PER_HASH; i++) {
                byte[] digest = md5.digest((prefix + i).getBytes(StandardCharsets.US_ASCII));
                for (int word = 0; word < POINTS_PER_HASH; word++) {
                    // The point value above the owner: one sort orders both, and ties (two servers on the same
                    // point) resolve by configuration order, as libmemcached's comparator does.
                    packed[next++] = (littleEndianWord(digest, word) << OWNER_BITS) | s;
                }
            }
        }
        Arrays.sort(packed); // 32 + 16 bits: the packed longs are non-negative, so signed order is value order
        long[] points = new long[total];
        int[] owners = new int[total];
        for (int i = 0; i < total; i++) {
            points[i] = packed[i] >>> OWNER_BITS;
            owners[i] = (int) (packed[i] & ((1 << OWNER_BITS) - 1));
        }
        return new KetamaRing(points, owners);
    }

    /** @return the index (in the list the ring was built from) of the server that owns {@code key} */
    int serverIndex(String key) {
        return owners[pointIndex(keyHash(key))];
    }

    /**
     * The servers keeping {@code key} with {@code count} replicas, as libmemcached places replicas: the owner
     * ({@link #serverIndex}) first, then the owners of the following points walking the ring clockwise from the
     * key's point (wrapping), each server taken once, until {@code count} distinct servers are found.
     *
     * @param count how many servers, 1 to the number of servers the ring was built from
     * @return their indexes (in the list the ring was built from), the owner first
     */
    int[] serverIndexes(String key, int count) {
        int[] result = new int[count];
        int point = pointIndex(keyHash(key));
        int found = 0;
        for (int step = 0; found < count && step < points.length; step++) {
            int owner = owners[(point + step) % points.length];
            if (!contains(result, found, owner)) {
                result[found++] = owner;
            }
        }
        if (found < count) {
            throw new IllegalArgumentException("the ring has " + found + " servers, fewer than " + count);
        }
        return result;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** @return the index in {@link #points} of the first point at or after {@code hash}, wrapping to 0 */
    private int pointIndex(long hash) {
        int low = 0;
        int high = points.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (points[middle] < hash) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == points.length ? 0 : low;
    }

    /** @return the number of points on the ring */
    int size() {
        return points.length;
    }

    /** libmemcached's MD5 key hash: the first little-endian 32-bit word of the key's digest. */
    static long keyHash(String key) {
        MessageDigest md5;
        try {
            md5 = (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's MD5 implementations are all cloneable.
            throw new IllegalStateException("MD5 digest not cloneable", e);
        }
        return littleEndianWord(md5.digest(key.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    /**
     * libmemcached computes this in float: {@code floor((float) (pct * 160 / 4 * n + 1e-10)) * 4} with
     * {@code pct = (float) weight / (float) total}; doing the same keeps uneven weights on the same point counts.
     */
    private static int pointsFor(int weight, long totalWeight, int serverCount) {
        float pct = (float) weight / (float) totalWeight;
        float scaled = pct * POINTS_PER_SERVER / 4 * (float) serverCount;
        float nudged = scaled + 0.0000000001F;
        return (int) Math.floor(nudged) * 4;
    }

    private static long littleEndianWord(byte[] digest, int word) {
        int base = word * 4;
        return (digest[base] & 0xFFL)
                | (digest[base + 1] & 0xFFL) << 8
                | (digest[base + 2] & 0xFFL) << 16
                | (digest[base + 3] & 0xFFL) << 24;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }
}
