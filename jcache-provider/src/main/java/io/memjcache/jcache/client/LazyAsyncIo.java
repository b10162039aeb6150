package io.memjcache.jcache.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous channels of a {@link MemcachedClient} ({@link AsyncIo}), made at its first asynchronous call, so
 * that a client used only through its blocking methods starts no I/O thread.
 *
 * <p>Thread-safe: made once under a lock, read through a volatile field; after {@link #close()} nothing is made
 * (the client's open check runs under the same lock). Nothing returns null.
 */
final class LazyAsyncIo implements AutoCloseable {

    private final List<ServerPool> pools;
    private final ClientConfig config;
    /** The client's open check: throws once the client is closed. */
    private final Runnable ensureOpen;

    private final Object lock = new Object();
    /** The asynchronous channels, made at the first asynchronous call; guarded by lock when written. */
    private volatile @Nullable AsyncIo io;

    LazyAsyncIo(List<ServerPool> pools, ClientConfig config, Runnable ensureOpen) {
        this.pools = pools;
        this.config = config;
        this.ensureOpen = ensureOpen;
    }

    /** @return the asynchronous channels of the server at {@code index}, made with the first call */
    AsyncServer server(int index) {
        AsyncIo made = io;
        if (made == null) {
            synchronized (lock) {
                ensureOpen.run(); // close() shuts down what exists under the lock; nothing may be made after it
                made = io;
                if (made == null) {
                    made = new AsyncIo(pools, config);
                    io = made;
                }
            }
        }
        return made.server(index);
    }

    /** @return the commands in flight to the server at {@code index}; 0 before the first asynchronous call */
    int inFlight(int index) {
        return io == null ? 0 : server(index).inFlight();
    }

    /** Closes the channels if they were made; the client is marked closed first. */
    @Override
    public void close() {
        synchronized (lock) {
            AsyncIo made = io;
            if (made != null) {
                made.close();
            }
        }
    }
}
