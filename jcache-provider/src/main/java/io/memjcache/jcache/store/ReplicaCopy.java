package io.memjcache.jcache.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A copy of an entry (or of its removal) kept on a replica server, as stored there: one format byte, the stamp
 * (the replica server's copy generation the copy was written in, 8 bytes), the owner's generation and the version
 * the owner decided (its CAS token of the write, or of the item a removal deleted; 8 bytes each), a flag byte
 * (1: the entry, 0: a tombstone), then the entry as {@link EntryCodec} encodes it. The owner's generation and the
 * version order the copies of one key: a copy only ever replaces one of an older version of the same owner
 * generation, so copies reaching a replica out of order leave the newest in place.
 *
 * <p>Thread-safe: immutable apart from the entry's arrays, which callers must not modify.
 *
 * @param stamp           the copy generation of the replica server when the copy was written
 * @param ownerGeneration the generation of the owner the write was decided in
 * @param version         the owner's CAS token of the decision
 * @param entry           the entry, or {@code null} for a tombstone (the owner removed the entry)
 */
record ReplicaCopy(
        long stamp,
        long ownerGeneration,
        long version,
        @Nullable StoredEntry entry) {

    /** Format byte of the layout above; entries have {@link EntryCodec#FORMAT}. */
    static final byte FORMAT = 2;

    private static final int HEADER = 1 + 8 + 8 + 8 + 1;

    /**
     * @return whether this copy holds a decision of the same owner generation at least as new as {@code other}. A
     *     removal carries the CAS token of the item it deleted, the same as the write of that item: of the two, the
     *     removal is the newer
     */
    boolean supersedes(ReplicaCopy other) {
        if (ownerGeneration != other.ownerGeneration) {
            return false;
        }
        return version > other.version || (version == other.version && (entry == null || other.entry != null));
    }

    /** @return the same copy with another stamp */
    ReplicaCopy stamped(long newStamp) {
        return new ReplicaCopy(newStamp, ownerGeneration, version, entry);
    }

    /** @return the bytes of this copy */
    byte[] encode() {
        byte[] encodedEntry = entry == null ? new byte[0] : EntryCodec.encode(entry);
        return ByteBuffer.allocate(HEADER + encodedEntry.length)
                .put(FORMAT)
                .putLong(stamp)
                .putLong(ownerGeneration)
                .putLong(version)
                .put((byte) (entry == null ? 0 : 1))
                .put(encodedEntry)
                .array();
    }

    /** @return the copy in {@code bytes}, or empty when they are not a copy of this format */
    static Optional<ReplicaCopy> decode(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != FORMAT) {
            return Optional.empty();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.get();
            long stamp = buffer.getLong();
            long ownerGeneration = buffer.getLong();
            long version = buffer.getLong();
            byte flag = buffer.get();
            if (flag == 0) {
                return buffer.hasRemaining()
                        ? Optional.empty()
                        : Optional.of(new ReplicaCopy(stamp, ownerGeneration, version, null));
            }
            Optional<StoredEntry> entry = EntryCodec.decode(Arrays.copyOfRange(bytes, HEADER, bytes.length));
            return flag == 1 && entry.isPresent()
                    ? Optional.of(new ReplicaCopy(stamp, ownerGeneration, version, entry.get()))
                    : Optional.empty();
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
