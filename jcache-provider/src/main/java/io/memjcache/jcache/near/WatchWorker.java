package io.memjcache.jcache.near;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import io.memjcache.jcache.client.WatchConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The two threads of one server's watch: the reader keeps a {@code watch} connection open (reconnecting after a
 * loss, with a growing pause) and hands every line to {@link ServerWatches#dispatch}; the heartbeat thread writes a
 * heartbeat every period, pipelined with a read of the registered caches' generation counters on that server.
 *
 * <p>Thread-safe: each loop runs on its own thread; {@link #close()} may come from any thread.
 */
final class WatchWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WatchWorker.class.getName());

    /** What is asked for: deletes too where the server has them (memcached 1.6.20, the bundled server). */
    static final List<String> STREAMS = List.of("mutations evictions deletions", "mutations evictions");

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] EMPTY = new byte[0];

    private final ServerWatches owner;
    private final ServerWatch watch;
    private final MemcachedClient client;
    private final String heartbeatPrefix;
    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean closed;
    private volatile @Nullable WatchConnection connection;

    WatchWorker(ServerWatches owner, ServerWatch watch, MemcachedClient client, String heartbeatPrefix) {
        this.owner = owner;
        this.watch = watch;
        this.client = client;
        this.heartbeatPrefix = heartbeatPrefix;
    }

    void start() {
        String name = "memjcache-watch-" + watch.server();
        threads.add(owner.newThread(this::readLoop, name));
        threads.add(owner.newThread(this::heartbeatLoop, name + "-heartbeat"));
        threads.forEach(Thread::start);
    }

    private void readLoop() {
        long pause = 0;
        while (!closed) {
            WatchConnection opened;
            try {
                opened = client.openWatch(watch.server(), STREAMS, idleTimeout());
            } catch (IOException | MemcachedException e) {
                LOG.log(Level.FINE, () -> "cannot watch " + watch.server() + ": " + e);
                pause = pause(pause);
                continue;
            } catch (IllegalStateException e) {
                return; // the client was closed
            }
            connection = opened;
            if (closed) {
                opened.close(); // close() came before the connection was published
                return;
            }
            watch.connected(opened.streams().contains("deletions"));
            try (opened) {
                while (!closed) {
                    owner.dispatch(watch, opened.readLine());
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.FINE, () -> "watch of " + watch.server() + " lost: " + e);
                    owner.lost(watch, false);
                }
            }
            pause = FIRST_PAUSE_NANOS;
            pause = pause(pause);
        }
    }

    /** Waits {@code nanos} (unless closed) and @return the next pause, twice as long up to a second. */
    private long pause(long nanos) {
        if (nanos > 0 && !closed) {
            LockSupport.parkNanos(nanos);
        }
        return Math.min(LONGEST_PAUSE_NANOS, Math.max(FIRST_PAUSE_NANOS, nanos * 2));
    }

    /** A silent stream is given up after an operation timeout plus a few heartbeat periods. */
    private Duration idleTimeout() {
        return client.operationTimeout().plusNanos(4 * owner.heartbeatPeriodNanos());
    }

    private void heartbeatLoop() {
        while (!closed) {
            long period = owner.heartbeatPeriodNanos();
            long start = System.nanoTime();
            List<CacheLink> links = List.copyOf(watch.links());
            if (!links.isEmpty()) {
                beat(links);
            }
            long left = period - (System.nanoTime() - start);
            if (left > 0 && !closed) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /**
     * One heartbeat: a {@code replace} of a key that never exists (refused, so it stores nothing, and logged all
     * the same), its sequence number in the key, and in the same write the generation counters of {@code links}.
     */
    private void beat(List<CacheLink> links) {
        long sequence = watch.nextSequence();
        StoreRequest heartbeat = new StoreRequest(heartbeatPrefix + sequence, EMPTY, 0, 1, 0, StoreMode.REPLACE);
        List<String> counters = new ArrayList<>(links.size());
        links.forEach(link -> counters.add(link.generationKey()));
        long sent = owner.nanoTime();
        List<Optional<StoredValue>> values;
        try {
            values = client.storeThenGetOn(watch.server(), heartbeat, counters);
        } catch (MemcachedException e) {
            owner.heartbeatFailed();
            return; // the confirmation lapses by itself; a server marked down is reported by the client
        } catch (IllegalStateException e) {
            return; // the client was closed
        }
        owner.heartbeatSent();
        for (int i = 0; i < links.size(); i++) {
            links.get(i).generationRead(values.get(i));
        }
        watch.answered(sequence, sent, links);
    }

    @Override
    public void close() {
        closed = true;
        WatchConnection open = connection;
        if (open != null) {
            open.close();
        }
        threads.forEach(LockSupport::unpark);
    }
}
