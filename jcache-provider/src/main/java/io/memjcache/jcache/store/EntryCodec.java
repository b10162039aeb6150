package io.memjcache.jcache.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Encodes a {@link StoredEntry} into the bytes stored in memcached: one format byte, the generation (8 bytes), the
 * deadline (8 bytes), the key length (4 bytes), the key bytes, then the value bytes, big-endian.
 *
 * <p>Stateless and thread-safe. Nothing accepts or returns {@code null}.
 */
public final class EntryCodec {

    /** Format byte of the layout above; a different byte means the item was not written by this codec. */
    static final byte FORMAT = 1;

    private static final int HEADER = 1 + 8 + 8 + 4;

    private EntryCodec() {}

    /** @return the bytes of {@code entry} */
    public static byte[] encode(StoredEntry entry) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + entry.key().length + entry.value().length);
        buffer.put(FORMAT)
                .putLong(entry.generation())
                .putLong(entry.deadlineMillis())
                .putInt(entry.key().length)
                .put(entry.key())
                .put(entry.value());
        return buffer.array();
    }

    /** @return the entry in {@code bytes}, or empty when they are not an entry of this format (foreign data) */
    public static Optional<StoredEntry> decode(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != FORMAT) {
            return Optional.empty();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.get();
            long generation = buffer.getLong();
            long deadline = buffer.getLong();
            int keyLength = buffer.getInt();
            if (keyLength < 0 || keyLength > buffer.remaining()) {
                return Optional.empty();
            }
            byte[] key = new byte[keyLength];
            buffer.get(key);
            byte[] value = new byte[buffer.remaining()];
            buffer.get(value);
            return Optional.of(new StoredEntry(generation, deadline, key, value));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
