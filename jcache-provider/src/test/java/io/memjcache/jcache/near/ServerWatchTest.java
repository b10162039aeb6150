package io.memjcache.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoredValue;
import io.memjcache.jcache.store.CacheNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The freshness rules of one server's stream, on an injected clock and without threads: a heartbeat confirms only
 * once it is both seen back and answered (its generation read), confirmations lapse after the bound less the
 * margin, a loss drops everything at once and only heartbeats sent after it may confirm again, and becoming
 * servable again drops what was read meanwhile. (No watch is started: nothing registers through the threads.)
 */
class ServerWatchTest {

    private static final Duration BOUND = Duration.ofMillis(100);
    private static final Duration MARGIN = Duration.ofMillis(5);
    private static final ServerAddress SERVER = ServerAddress.of("127.0.0.1", 1);

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final RecordingInvalidations calls = new RecordingInvalidations();
    private MemcachedClient client;
    private ServerWatch watch;
    private WatchRegistration registration;
    private CacheLink link;

    @BeforeEach
    void setUp() {
        client = MemcachedClient.create(ClientConfig.defaults(List.of(SERVER))); // never connects: lazily
        ServerWatches owner = new ServerWatches(client, now::get, MARGIN);
        watch = new ServerWatch(SERVER, now::get);
        registration = new WatchRegistration(
                owner,
                CacheNamespace.of("ns", "c"),
                calls,
                BOUND,
                BOUND.minus(MARGIN).toNanos(),
                List.of(watch));
        link = registration.links().iterator().next();
        watch.add(link);
        link.generationRead(Optional.empty()); // a first read; missing counter: one server drop
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    private int serverDrops() {
        return calls.serverCalls(SERVER, Long.MIN_VALUE / 2).size();
    }

    private long beat() {
        long sequence = watch.nextSequence();
        watch.answered(sequence, now.get(), List.of(link));
        return sequence;
    }

    @Test
    void notServableBeforeAWatchIsConnected() {
        watch.echoed(beat());
        assertFalse(registration.servable(SERVER));
    }

    @Test
    void aHeartbeatConfirmsOnlyWhenSeenBackAndAnswered() {
        watch.connected(false);
        long sequence = watch.nextSequence();
        long sent = now.get();
        watch.echoed(sequence);
        assertFalse(registration.servable(SERVER), "seen back, generation not yet read");
        int drops = serverDrops();
        watch.answered(sequence, sent, List.of(link));
        assertTrue(registration.servable(SERVER));
        assertEquals(drops + 1, serverDrops(), "becoming servable drops what was read before");
    }

    @Test
    void theConfirmationLapsesAfterTheBoundLessTheMargin() {
        watch.connected(true);
        watch.echoed(beat());
        assertTrue(registration.servable(SERVER));
        advance(BOUND.minus(MARGIN).minusNanos(1));
        assertTrue(registration.servable(SERVER));
        int drops = serverDrops();
        advance(Duration.ofNanos(1));
        assertFalse(registration.servable(SERVER));
        watch.expire(0);
        assertEquals(drops + 1, serverDrops(), "a lapse drops the server's entries once");
        watch.expire(0);
        assertEquals(drops + 1, serverDrops());
    }

    @Test
    void aLapseMayBeDroppedEarly() {
        watch.connected(true);
        watch.echoed(beat());
        long early = MARGIN.toNanos();
        assertEquals(now.get() + BOUND.minus(MARGIN).toNanos() - early, watch.nextLapse(early, Long.MAX_VALUE));
        advance(BOUND.minus(MARGIN).minus(MARGIN).minusNanos(1));
        watch.expire(early);
        assertTrue(registration.servable(SERVER));
        advance(Duration.ofNanos(1));
        int drops = serverDrops();
        watch.expire(early);
        assertFalse(registration.servable(SERVER), "dropped early, no longer served");
        assertEquals(drops + 1, serverDrops());
    }

    @Test
    void afterALossOnlyHeartbeatsSentLaterConfirm() {
        watch.connected(true);
        watch.echoed(beat());
        long inFlight = watch.nextSequence();
        long inFlightSent = now.get();
        watch.answered(inFlight, inFlightSent, List.of(link));
        int drops = serverDrops();
        watch.lost(true); // a skipped= line: the stream goes on
        assertFalse(registration.servable(SERVER));
        assertEquals(drops + 1, serverDrops());
        watch.echoed(inFlight); // sent before the loss: the lines before it may be the skipped ones
        assertFalse(registration.servable(SERVER));
        watch.echoed(beat());
        assertTrue(registration.servable(SERVER));
    }

    @Test
    void aLostConnectionNeedsANewWatchBeforeAnyConfirmation() {
        watch.connected(true);
        watch.lost(false);
        watch.echoed(beat());
        assertFalse(registration.servable(SERVER), "no watch connected: nothing can come back");
        watch.connected(true);
        watch.echoed(beat());
        assertTrue(registration.servable(SERVER));
    }

    private static Optional<StoredValue> counter(String value) {
        return Optional.of(new StoredValue(value.getBytes(StandardCharsets.US_ASCII), 0, 0, -1));
    }

    @Test
    void aChangedOrMissingGenerationDropsTheServer() {
        link.generationRead(counter("7"));
        int drops = serverDrops();
        link.generationRead(counter("7"));
        assertEquals(drops, serverDrops(), "same generation");
        link.generationRead(counter("8"));
        assertEquals(drops + 1, serverDrops(), "a clear()");
        link.generationRead(Optional.empty());
        assertEquals(drops + 2, serverDrops(), "counter lost");
        // Recreated and advanced (a clear) between two heartbeats: entries of the recreated counter's first value may
        // be held, so a counter that comes back drops the server too.
        link.generationRead(counter("9"));
        assertEquals(drops + 3, serverDrops(), "counter back, with a value never seen");
    }

    @Test
    void aClosedRegistrationIsNotServable() {
        watch.connected(true);
        watch.echoed(beat());
        assertTrue(registration.servable(SERVER));
        watch.remove(link);
        assertFalse(registration.servable(SERVER));
    }
}
