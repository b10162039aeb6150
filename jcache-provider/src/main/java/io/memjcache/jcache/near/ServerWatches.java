package io.memjcache.jcache.near;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.WatchLine;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.DeleteMarkers;
import io.memjcache.jcache.support.DaemonThreads;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The watch streams of one cache manager's servers, for its caches in {@code eventual} mode: one {@code watch}
 * connection per server (opened like the client's other connections: TLS, authentication), started when the first
 * cache {@linkplain #register registers}, and two daemon threads per server ({@code memjcache-watch-<server>}
 * reads the stream, {@code ...-heartbeat} writes heartbeats) plus one that notices lapsed heartbeats
 * ({@code memjcache-watch-check}). Blocking threads rather than the client's I/O: the stream is one long read per
 * server, and a thread per stream keeps its lines in order with no hand-off.
 *
 * <p>Each line about an entry of a registered cache ({@code m:<ns>:...}, a replica copy {@code m:<ns>;...} or a
 * delete marker {@code m:<ns>!...}) calls that cache's {@link NearInvalidations#invalidate} with the entry key; a
 * change of a generation counter ({@code m:<ns>#gen}, logged by the bundled server) or a {@code flush_all} calls
 * {@link NearInvalidations#invalidateServer}; lines of other keys cost a prefix comparison. The bound and what
 * happens when it cannot be kept are {@link ServerWatch}'s; the heartbeats are {@link WatchWorker}'s.
 *
 * <p>As {@link DeleteMarkers}: deletes need markers on every server whose watch is not known to log deletes.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class ServerWatches implements DeleteMarkers, AutoCloseable {

    /**
     * How much earlier than a heartbeat a change may have been logged and still come after the heartbeat's line:
     * memcached's worker threads log into buffers of their own, which its logger thread gathers in turns (a change
     * logged by one worker just after the logger read that worker's buffer waits for its next turn, while a
     * heartbeat logged by another worker meanwhile goes out at once), and the bundled server renders a line after
     * releasing the item's lock. Measured by {@code WatchOrderingTest} under a saturating load on two cores: at most
     * 12.3 ms on memcached 1.6.18 {@code -t 4} and 1.9 ms on the bundled server over three runs; this leaves room.
     */
    static final Duration DEFAULT_MARGIN = Duration.ofMillis(20);

    private static final String ENTRY_START = "m:";
    private static final String ENCODED_ENTRY_START = "m%3A";
    /** {@code m:}, the namespace, then one separator. */
    private static final int SEPARATOR_AT = 2 + 16;

    private final MemcachedClient client;
    private final LongSupplier nanoClock;
    private final long marginNanos;
    private final String heartbeatPrefix;
    private final Map<ServerAddress, ServerWatch> watches;
    private final Map<String, WatchRegistration> registrations = new ConcurrentHashMap<>();
    private final List<WatchWorker> workers = new ArrayList<>();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder heartbeatFailures = new LongAdder();
    private final LongAdder skips = new LongAdder();
    private final LongAdder losses = new LongAdder();
    private final LongAdder downs = new LongAdder();
    private final LongAdder lapses = new LongAdder();

    private volatile long heartbeatPeriodNanos = TimeUnit.MILLISECONDS.toNanos(100);
    private volatile boolean closed;
    // Guarded by this.
    private boolean started;
    private @Nullable Runnable stopDownListener;

    /** For the servers of {@code client} (owned by the caller, closed after this), on the system's clock. */
    public ServerWatches(MemcachedClient client) {
        this(client, System::nanoTime, DEFAULT_MARGIN);
    }

    /**
     * @param nanoClock what {@link WatchRegistration#servable} and the heartbeats read the time from
     * @param margin    how much the bound is shortened for lines that come out of order
     */
    ServerWatches(MemcachedClient client, LongSupplier nanoClock, Duration margin) {
        this.client = Objects.requireNonNull(client, "client");
        this.nanoClock = nanoClock;
        this.marginNanos = margin.toNanos();
        byte[] token = new byte[8];
        new SecureRandom().nextBytes(token);
        // Letters, digits and '_' only: memcached writes them unencoded on the stream.
        this.heartbeatPrefix = "memjcache_hb_" + HexFormat.of().formatHex(token) + "_";
        Map<ServerAddress, ServerWatch> byServer = new LinkedHashMap<>();
        for (ServerAddress server : client.servers()) {
            byServer.put(server, new ServerWatch(server, nanoClock));
        }
        this.watches = Map.copyOf(byServer);
    }

    /**
     * Registers a cache in {@code eventual} mode: from now on, changes of its entries on the servers reach
     * {@code invalidations}. Starts the watches when the first cache registers.
     *
     * @param maxStaleness the cache's bound: more than twice the margin for lines out of order
     * @throws IllegalArgumentException when {@code maxStaleness} is not more than twice the margin
     * @throws IllegalStateException when a cache of this namespace is registered already, or this is closed
     */
    public WatchRegistration register(
            CacheNamespace namespace, NearInvalidations invalidations, Duration maxStaleness) {
        if (maxStaleness.toNanos() <= 2 * marginNanos) {
            throw new IllegalArgumentException("maxStaleness must be more than " + 2 * marginNanos / 1_000_000
                    + " ms (twice the margin for lines out of order), was " + maxStaleness.toMillis() + " ms");
        }
        WatchRegistration registration = new WatchRegistration(
                this,
                namespace,
                invalidations,
                maxStaleness,
                maxStaleness.toNanos() - marginNanos,
                List.copyOf(watches.values()));
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the watches are closed");
            }
            if (registrations.putIfAbsent(namespace.namespace(), registration) != null) {
                throw new IllegalStateException(namespace + " is registered already");
            }
            registration.links().forEach(link -> link.watch.add(link));
            heartbeatPeriodNanos = shortestBound() / 4;
            start();
        }
        return registration;
    }

    void unregister(WatchRegistration registration) {
        synchronized (this) {
            if (!registrations.remove(registration.namespace().namespace(), registration)) {
                return;
            }
            if (!registrations.isEmpty()) {
                heartbeatPeriodNanos = shortestBound() / 4;
            }
        }
        registration.links().forEach(link -> link.watch.remove(link));
    }

    private long shortestBound() {
        long shortest = Long.MAX_VALUE;
        for (WatchRegistration registration : registrations.values()) {
            shortest = Math.min(shortest, registration.maxStaleness().toNanos());
        }
        return shortest;
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        stopDownListener = client.onServerDown(server -> {
            ServerWatch watch = watches.get(server);
            if (watch != null) {
                downs.increment();
                lost(watch, true);
            }
        });
        for (ServerWatch watch : watches.values()) {
            WatchWorker worker = new WatchWorker(this, watch, client, heartbeatPrefix);
            workers.add(worker);
            worker.start();
        }
        newThread(this::checkLoop, "memjcache-watch-check").start();
    }

    /**
     * Drops lapsing confirmations: wakes when a fresh cache's confirmation is a margin away from running out (or
     * every half heartbeat period) and drops it then, so the caches are told within their bound even when this
     * thread is scheduled a few milliseconds late, not a period later.
     */
    private void checkLoop() {
        while (!closed) {
            long now = nanoClock.getAsLong();
            for (ServerWatch watch : watches.values()) {
                lapses.add(watch.expire(marginNanos));
            }
            long wake = now + heartbeatPeriodNanos / 2;
            for (ServerWatch watch : watches.values()) {
                wake = watch.nextLapse(marginNanos, wake);
            }
            long wait = wake - nanoClock.getAsLong();
            LockSupport.parkNanos(Math.max(wait, 0) + 1);
        }
    }

    /** Handles one line of {@code watch}'s stream. */
    void dispatch(ServerWatch watch, String line) {
        if (WatchLine.keyStartsWith(line, ENCODED_ENTRY_START) || WatchLine.keyStartsWith(line, ENTRY_START)) {
            String key = WatchLine.parse(line).key();
            if (key != null) {
                route(watch, key);
            }
        } else if (WatchLine.keyStartsWith(line, heartbeatPrefix)) {
            String key = WatchLine.parse(line).key();
            if (key != null) {
                echoed(watch, key);
            }
        } else {
            WatchLine parsed = WatchLine.parse(line);
            if (parsed.kind() == WatchLine.Kind.SKIPPED) {
                skips.increment();
                lost(watch, true);
            } else if (parsed.kind() == WatchLine.Kind.FLUSH) {
                for (CacheLink link : watch.links()) {
                    link.registration.invalidations().invalidateServer(watch.server());
                }
            }
        }
    }

    private void echoed(ServerWatch watch, String key) {
        try {
            watch.echoed(Long.parseLong(key.substring(heartbeatPrefix.length())));
        } catch (NumberFormatException e) {
            // Not one of ours after all (a key that merely starts like our heartbeats): nothing to confirm.
        }
    }

    /** Routes a decoded key {@code m:<ns><separator><rest>} to the cache of that namespace, if registered. */
    private void route(ServerWatch watch, String key) {
        if (key.length() <= SEPARATOR_AT) {
            return;
        }
        WatchRegistration registration = registrations.get(key.substring(ENTRY_START.length(), SEPARATOR_AT));
        if (registration == null) {
            return;
        }
        char separator = key.charAt(SEPARATOR_AT);
        String rest = key.substring(SEPARATOR_AT + 1);
        switch (separator) {
            case ':' -> registration.invalidations().invalidate(key);
            case ';', '!' ->
                registration.invalidations().invalidate(registration.namespace().entryPrefix() + rest);
            case '#' -> registration.invalidations().invalidateServer(watch.server());
            default -> {
                // not a key the provider writes
            }
        }
    }

    /** The bound cannot be kept on {@code watch}'s server; see {@link ServerWatch#lost}. */
    void lost(ServerWatch watch, boolean stillConnected) {
        losses.increment();
        watch.lost(stillConnected);
    }

    @Override
    public boolean neededOn(ServerAddress server) {
        ServerWatch watch = watches.get(server);
        return watch == null || watch.needsDeleteMarkers();
    }

    long heartbeatPeriodNanos() {
        return heartbeatPeriodNanos;
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    void heartbeatSent() {
        heartbeats.increment();
    }

    void heartbeatFailed() {
        heartbeatFailures.increment();
    }

    Thread newThread(Runnable body, String name) {
        Thread thread = DaemonThreads.named(name).newThread(body);
        thread.setName(name);
        return thread;
    }

    /** @return the heartbeats answered so far, over every server */
    public long heartbeats() {
        return heartbeats.sum();
    }

    /** @return the heartbeats that failed (server down, timed out) */
    public long heartbeatFailures() {
        return heartbeatFailures.sum();
    }

    /** @return the {@code skipped=} lines seen: lines the servers dropped because this JVM read too slowly */
    public long skips() {
        return skips.sum();
    }

    /** @return how often the bound was lost on a server (stream lost, lines skipped, server marked down) */
    public long losses() {
        return losses.sum();
    }

    /**
     * @return how often a cache's entries of a server were dropped because no heartbeat came back in time (a slow
     *     stream or server), counted per cache
     */
    public long lapses() {
        return lapses.sum();
    }

    /** @return how often the client marked a server down while watched */
    public long serversMarkedDown() {
        return downs.sum();
    }

    /** Stops the watches and their threads; the registered caches' entries are no longer servable. */
    @Override
    public void close() {
        Runnable stop;
        synchronized (this) {
            closed = true;
            stop = stopDownListener;
        }
        if (stop != null) {
            stop.run();
        }
        workers.forEach(WatchWorker::close);
        for (ServerWatch watch : watches.values()) {
            watch.lost(false);
        }
    }
}
