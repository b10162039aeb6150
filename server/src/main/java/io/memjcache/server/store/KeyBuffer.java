package io.memjcache.server.store;

import io.memjcache.server.ServerConfig;
import io.netty.buffer.ByteBuf;

/**
 * A reusable holder for the key of the request being executed, so that no per-request object or {@code String} is
 * made for keys. One per connection, used only by its event-loop thread; never null fields.
 *
 * <p>Internal, not API.
 */
public final class KeyBuffer {

    /** Room for the longest legal key, and for a base64 key decoding to a longer (then rejected) one. */
    public final byte[] bytes = new byte[ServerConfig.MAX_KEY_LENGTH * 2];

    public int length;
    public int hash;
    /** The connection the key came from, as {@code watch} lines report it in {@code cfd=}. */
    public int cfd;
    /** Whether the key arrived base64-encoded ({@code b} flag), so it must be echoed encoded. */
    public boolean base64;

    /** Copies the key from the request buffer and hashes it. The caller has checked the length. */
    public void set(ByteBuf source, int offset, int length, ItemStore store) {
        source.getBytes(offset, bytes, 0, length);
        this.length = length;
        this.base64 = false;
        this.hash = store.hash(bytes, length);
    }

    /** Rehashes after {@link #bytes} was filled directly (base64 decoding). */
    public void rehash(int length, ItemStore store) {
        this.length = length;
        this.hash = store.hash(bytes, length);
    }
}
