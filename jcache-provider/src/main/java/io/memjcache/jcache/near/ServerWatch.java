package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ServerAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The freshness of one server's watch stream. The stream is <em>confirmed</em> up to a heartbeat's send time once
 * that heartbeat (a logged store of this JVM's, sent with a read of the registered caches' generation counters) has
 * both come back on the stream and had its counters checked: every change the server logged before it was sent has
 * then been handed to the caches (the stream is read in order, on one thread). Losing the stream, a {@code skipped=}
 * line or the server going down drops every registered cache's entries of the server at once and forgets the
 * confirmation, until a heartbeat sent after the loss comes back; becoming servable again drops them once more, so
 * that nothing read while the stream could not be trusted survives.
 *
 * <p>Thread-safe: the state changes under this object's lock, and the calls to the caches'
 * {@link NearInvalidations} are made under it too, so a loss and a confirmation never interleave; the confirmed send
 * time is volatile for {@link #confirmedWithin}. Arguments must not be {@code null}.
 */
final class ServerWatch {

    /** No confirmation: the stream is not connected, or nothing came back since it was lost. */
    private static final long NONE = Long.MIN_VALUE;
    /** Heartbeats kept waiting for their other half (echo or answer) beyond this are forgotten. */
    private static final int MAX_WAITING = 256;

    private final ServerAddress server;
    private final LongSupplier nanoClock;
    private final List<CacheLink> links = new CopyOnWriteArrayList<>();
    private final AtomicLong nextSequence = new AtomicLong();

    /** The send time of the last confirmed heartbeat, {@link #NONE} when there is none since the last loss. */
    private volatile long confirmedSent = NONE;
    /** Whether the server's watch has a {@code deletions} stream; false until a watch was accepted. */
    private volatile boolean deletionsLogged;
    /** Whether a watch was accepted at least once (until then, whether the server logs deletes is unknown). */
    private volatile boolean deletionsKnown;

    // Guarded by this.
    /** Heartbeats from this sequence number on may confirm; earlier ones were sent before the last loss. */
    private long firstValid = Long.MAX_VALUE;

    private final Map<Long, Long> answeredAt = new TreeMap<>();
    private final Map<Long, List<CacheLink>> answeredFor = new TreeMap<>();
    private final Set<Long> echoed = new HashSet<>();

    ServerWatch(ServerAddress server, LongSupplier nanoClock) {
        this.server = server;
        this.nanoClock = nanoClock;
    }

    ServerAddress server() {
        return server;
    }

    List<CacheLink> links() {
        return links;
    }

    void add(CacheLink link) {
        links.add(link);
    }

    synchronized void remove(CacheLink link) {
        links.remove(link);
        link.fresh = false;
    }

    /** @return a new heartbeat's sequence number */
    long nextSequence() {
        return nextSequence.getAndIncrement();
    }

    /** @return whether the last confirmed heartbeat was sent less than {@code nanos} ago */
    boolean confirmedWithin(long nanos) {
        long sent = confirmedSent;
        return sent != NONE && nanoClock.getAsLong() - sent < nanos;
    }

    /** @return whether deletes on this server need markers: true unless its watch is known to log them */
    boolean needsDeleteMarkers() {
        return !(deletionsKnown && deletionsLogged);
    }

    /** A watch was accepted: heartbeats sent from now on may confirm it. */
    synchronized void connected(boolean logsDeletions) {
        deletionsLogged = logsDeletions;
        deletionsKnown = true;
        firstValid = nextSequence.get();
    }

    /**
     * The bound cannot be guaranteed any more: drops every registered cache's entries of the server and forgets the
     * confirmation. Heartbeats sent before now no longer count.
     *
     * @param connected whether the stream is still connected (a {@code skipped=} line, the server marked down), so
     *     that heartbeats sent from now on may confirm it again; false when it must be reconnected first
     */
    synchronized void lost(boolean connected) {
        confirmedSent = NONE;
        firstValid = connected ? nextSequence.get() : Long.MAX_VALUE;
        answeredAt.clear();
        answeredFor.clear();
        echoed.clear();
        for (CacheLink link : links) {
            link.fresh = false;
            link.registration.invalidations().invalidateServer(server);
        }
    }

    /** Heartbeat {@code sequence} came back on the stream. */
    synchronized void echoed(long sequence) {
        if (sequence < firstValid) {
            return;
        }
        Long sent = answeredAt.remove(sequence);
        List<CacheLink> checked = answeredFor.remove(sequence);
        if (sent == null || checked == null) {
            echoed.add(sequence);
            trim(echoed);
            return;
        }
        confirm(sent, checked);
    }

    /** Heartbeat {@code sequence}, sent at {@code sent}, was answered and the counters of {@code checked} read. */
    synchronized void answered(long sequence, long sent, List<CacheLink> checked) {
        if (sequence < firstValid) {
            return;
        }
        if (echoed.remove(sequence)) {
            confirm(sent, checked);
            return;
        }
        answeredAt.put(sequence, sent);
        answeredFor.put(sequence, checked);
        trim(answeredAt.keySet());
        answeredFor.keySet().retainAll(answeredAt.keySet());
    }

    private static void trim(Set<Long> sequences) {
        if (sequences.size() > MAX_WAITING) {
            List<Long> sorted = new ArrayList<>(sequences);
            sorted.sort(null);
            sorted.subList(sorted.size() - MAX_WAITING, sorted.size()).clear();
            sequences.removeAll(sorted);
        }
    }

    /**
     * Everything the server logged before {@code sent} has been handed to the caches. A cache that becomes servable
     * (its counter was read by this heartbeat or before) first drops its entries of the server: what it read while
     * the stream could not be trusted may have changed unseen.
     */
    private void confirm(long sent, List<CacheLink> checked) {
        if (confirmedSent != NONE && sent - confirmedSent <= 0) {
            return;
        }
        long age = nanoClock.getAsLong() - sent;
        List<CacheLink> becoming = new ArrayList<>();
        for (CacheLink link : checked) {
            if (!link.fresh && links.contains(link) && link.registration.withinBound(age)) {
                link.registration.invalidations().invalidateServer(server);
                becoming.add(link);
            }
        }
        confirmedSent = sent;
        for (CacheLink link : becoming) {
            link.fresh = true;
        }
    }

    /**
     * Drops the entries of every cache whose bound the last confirmation no longer covers, or will not cover
     * {@code earlyNanos} from now (no heartbeat came back in time: a stopped server, a slow stream), once per such
     * lapse. Dropping a little early leaves the caller's wake-up that much room to be late and still drop in time.
     *
     * @return how many caches were dropped
     */
    synchronized int expire(long earlyNanos) {
        long sent = confirmedSent;
        long age = nanoClock.getAsLong() - sent + earlyNanos;
        int dropped = 0;
        for (CacheLink link : links) {
            if (link.fresh && (sent == NONE || !link.registration.withinBound(age))) {
                link.fresh = false;
                link.registration.invalidations().invalidateServer(server);
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * @return the nanoTime at which {@link #expire} with {@code earlyNanos} would first drop a fresh cache, or
     *     {@code later} when that is later (or nothing is fresh)
     */
    long nextLapse(long earlyNanos, long later) {
        long sent = confirmedSent;
        if (sent == NONE) {
            return later;
        }
        long next = later;
        for (CacheLink link : links) {
            if (link.fresh) {
                long lapse = sent + link.registration.servableNanos() - earlyNanos;
                if (lapse - next < 0) {
                    next = lapse;
                }
            }
        }
        return next;
    }

    @Override
    public String toString() {
        return "ServerWatch[" + server + "]";
    }
}
