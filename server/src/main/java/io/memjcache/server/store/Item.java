package io.memjcache.server.store;

import org.jspecify.annotations.Nullable;

/**
 * One stored entry. The key and value share one array, laid out as key bytes, value bytes, then {@code "\r\n"}, so a
 * retrieval writes the value and its terminator as one slice and an item costs a single allocation.
 *
 * <p>The array and the fields marked final never change once the item is built: a connection may keep writing an
 * item's value after another one replaced it. The mutable fields are guarded by the lock of the {@link StoreSegment}
 * holding the item; nothing is {@code null} except the links.
 *
 * <p>Internal, not API.
 */
public final class Item {

    /** Set after the first hit; memcached reports it as {@code fetch=yes} and {@code h1}. */
    public static final int FETCHED = 1;
    /** Marked stale by {@code md I} or an invalidating {@code ms}; reported as {@code X}. */
    public static final int STALE = 1 << 1;
    /** A client was already told it won the right to recache ({@code W}); later ones see {@code Z}. */
    public static final int WIN_SENT = 1 << 2;
    /** Stored through a base64 key ({@code b}): meta answers echo its key base64-encoded. */
    public static final int KEY_BINARY = 1 << 3;

    final int hash;
    public final byte[] data;
    public final int keyLength;
    public final int clientFlags;

    /** Absolute Unix second at which the item expires; 0 for never. */
    public long expiresAt;

    public long cas;
    /** Unix second of the last store or access: flush_all with a delay and {@code la} are measured against it. */
    public long lastAccess;

    public int bits;

    @Nullable
    Item hashNext;

    @Nullable
    Item lruPrev;

    @Nullable
    Item lruNext;

    public Item(int hash, byte[] data, int keyLength, int clientFlags, long expiresAt, long cas, long now) {
        this.hash = hash;
        this.data = data;
        this.keyLength = keyLength;
        this.clientFlags = clientFlags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.lastAccess = now;
    }

    public int valueLength() {
        return data.length - keyLength - 2;
    }

    public boolean has(int bit) {
        return (bits & bit) != 0;
    }

    boolean keyEquals(byte[] key, int keyLength) {
        return this.keyLength == keyLength && java.util.Arrays.equals(data, 0, keyLength, key, 0, keyLength);
    }

    /**
     * memcached's own accounting of an item ({@code ITEM_ntotal}: a 48-byte header, the CAS, the key and its NUL, the
     * client flags when not zero, and the value with its terminator). Reported in {@code stats} and {@code me} so
     * operators see the numbers memcached would show; the memory limit uses {@link #heapCost()} instead.
     */
    public int memcachedSize() {
        return (int) memcachedSize(keyLength, clientFlags, valueLength());
    }

    /**
     * {@link #memcachedSize()} of an item not made yet: the one place memcached's formula is written, used both to
     * report sizes and to refuse items over the item size limit as memcached would.
     */
    public static long memcachedSize(int keyLength, int clientFlags, long valueLength) {
        return 48L + 8 + keyLength + 1 + (clientFlags == 0 ? 0 : 4) + valueLength + 2;
    }

    /** What this item really holds of the heap: the object, its array (with header and padding) and a table slot. */
    public long heapCost() {
        return heapCost(data.length);
    }

    public static long heapCost(int dataLength) {
        long array = (16L + dataLength + 7) & ~7L;
        return OBJECT_OVERHEAD + array;
    }

    /** Item object (header and fields, aligned) plus its share of the hash table. */
    private static final long OBJECT_OVERHEAD = 72 + 8;
}
