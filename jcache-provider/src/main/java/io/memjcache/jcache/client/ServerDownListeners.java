package io.memjcache.jcache.client;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is told that a server of a {@link MemcachedClient} was marked down ({@link MemcachedClient#onServerDown}).
 *
 * <p>Thread-safe: listeners are added and removed while servers fail, so they are kept in a copy-on-write list,
 * which a failing thread walks without a lock. Arguments must not be null.
 */
final class ServerDownListeners {

    private final List<Consumer<ServerAddress>> listeners = new CopyOnWriteArrayList<>();

    /** @return removes the listener */
    Runnable add(Consumer<ServerAddress> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every listener, on the calling thread (the one whose request failed). */
    void serverWentDown(ServerAddress server) {
        for (Consumer<ServerAddress> listener : listeners) {
            listener.accept(server);
        }
    }
}
