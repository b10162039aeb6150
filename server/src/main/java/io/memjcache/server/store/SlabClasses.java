package io.memjcache.server.store;

/**
 * memcached's default slab class table (smallest chunk 96 bytes, growth factor 1.25, chunks aligned to 8 bytes,
 * largest 512 KiB). The server does not allocate in slabs, but it reports each item's class ({@code cls} in
 * {@code me} and metadump, {@code stats items}/{@code stats slabs}) exactly as memcached would place it, so that
 * operators' tools read familiar numbers. Immutable; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class SlabClasses {

    public static final int PAGE_SIZE = 1024 * 1024;
    public static final int LARGEST_CHUNK = PAGE_SIZE / 2;
    private static final int[] SIZES = buildSizes();

    private SlabClasses() {}

    private static int[] buildSizes() {
        int[] sizes = new int[64];
        int size = 96;
        int id = 1;
        while (id < 63 && size < LARGEST_CHUNK / 1.25) {
            if (size % 8 != 0) {
                size += 8 - size % 8;
            }
            sizes[id++] = size;
            size = (int) (size * 1.25);
        }
        sizes[id] = LARGEST_CHUNK;
        return java.util.Arrays.copyOf(sizes, id + 1);
    }

    /** @return the highest class id (memcached's {@code power_largest}) */
    public static int largest() {
        return SIZES.length - 1;
    }

    /** @return the chunk size of a class */
    public static int chunkSize(int id) {
        return SIZES[id];
    }

    /** @return the class an item of memcached size {@code total} lives in; items above 512 KiB are chunked */
    public static int classOf(int total) {
        if (total > LARGEST_CHUNK) {
            return largest();
        }
        int lo = 1;
        int hi = SIZES.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (SIZES[mid] >= total) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
