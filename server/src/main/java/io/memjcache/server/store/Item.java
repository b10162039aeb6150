package io.memjcache.server.store;

import org.jspecify.annotations.Nullable;

/**
 * One stored entry. The key and value share one array, laid out as key bytes, value bytes, then {@code "\r\n"}, so a
 * retrieval writes the value and its terminator as one slice and an item costs a single allocation.
 *
 * <p>The array and the fields marked final never change once the item is built: a connection may keep writing an
 * item's value after another one replaced it. The mutable fields are guarded by the lock of the {@link StoreSegment}
 * holding the item; nothing is {@code null} except the hash chain link.
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
    /**
     * Hit since it last reached the hand of its stripe's {@link ClockRing}: eviction moves it to the newest end
     * instead of freeing it (see {@link StoreSegment#bump}).
     */
    static final int ACTIVE = 1 << 4;

    public final byte[] data;
    public final int clientFlags;

    /**
     * Absolute Unix second at which the item expires, 0 for never; unsigned, as memcached keeps its times in 32
     * bits (later than 2106 is taken as 2106). Times are ints, the key length a short and the bits a byte, and the
     * key's hash is computed again when needed rather than kept, so that the object takes 48 bytes instead of 72: a
     * million small items are a million of these.
     */
    private int expiresAt;
    /** Unix second of the last store or access (unsigned): flush_all with a delay and {@code la} measure against it. */
    private int lastAccess;

    public long cas;

    private final short keyLength;
    private byte bits;

    @Nullable
    Item hashNext;

    /** Where the item stands in its stripe's {@link ClockRing}: its slot there, while linked. */
    int ringSlot;

    public Item(byte[] data, int keyLength, int clientFlags, long expiresAt, long cas, long now) {
        if (keyLength < 0 || keyLength > Short.MAX_VALUE || keyLength > data.length) {
            throw new IllegalArgumentException("key length " + keyLength + " of an item of " + data.length + " bytes");
        }
        this.data = data;
        this.keyLength = (short) keyLength;
        this.clientFlags = clientFlags;
        this.expiresAt = unsignedSeconds(expiresAt);
        this.cas = cas;
        this.lastAccess = unsignedSeconds(now);
    }

    /** @return the length of the key, which starts {@link #data} */
    public int keyLength() {
        return keyLength;
    }

    /** @return the absolute Unix second at which the item expires, 0 for never */
    public long expiresAt() {
        return Integer.toUnsignedLong(expiresAt);
    }

    public void setExpiresAt(long unixSecond) {
        expiresAt = unsignedSeconds(unixSecond);
    }

    /** @return the Unix second of the last store or access */
    public long lastAccess() {
        return Integer.toUnsignedLong(lastAccess);
    }

    /** Records an access at {@code now} (a Unix second). */
    public void touch(long now) {
        lastAccess = unsignedSeconds(now);
    }

    /** @return the flag bits ({@link #FETCHED}, {@link #STALE}, ...) */
    public int bits() {
        return bits;
    }

    public void setBits(int bits) {
        this.bits = (byte) bits;
    }

    /** Sets the given flag bits, leaving the others. */
    public void mark(int bits) {
        this.bits = (byte) (this.bits | bits);
    }

    /** Clears the given flag bits, leaving the others. */
    void clear(int bits) {
        this.bits = (byte) (this.bits & ~bits);
    }

    /** A Unix second as 32 unsigned bits, clamped to what they can hold. */
    private static int unsignedSeconds(long unixSecond) {
        return (int) Math.max(0, Math.min(0xFFFF_FFFFL, unixSecond));
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

    /**
     * Item object (12-byte header and 35 bytes of fields, aligned to 8) plus its shares of the hash table and of the
     * {@link ClockRing}: a table slot of 4 bytes at a load of at least 3/4 and a ring slot of 4 bytes at a load of at
     * least 2/3 (see {@link ClockRing#add}) come to at most 11.4 bytes.
     */
    private static final long OBJECT_OVERHEAD = 48 + 12;
}
