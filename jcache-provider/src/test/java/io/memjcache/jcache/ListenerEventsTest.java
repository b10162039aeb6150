package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.server.testsupport.MutableClock;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event streams listeners see: the right types in order with values and old values, filters, asynchronous
 * delivery, deregistration at runtime, and events only in the JVM (here: provider) that made the change.
 */
class ListenerEventsTest extends BackendTestSupport {

    private static MutableConfiguration<Long, String> configuration() {
        return new MutableConfiguration<Long, String>().setTypes(Long.class, String.class);
    }

    private static MutableCacheEntryListenerConfiguration<Long, String> listening(
            RecordingListener listener, EvenKeys filter, boolean synchronous) {
        return new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(listener),
                filter == null ? null : FactoryBuilder.factoryOf(filter),
                true,
                synchronous);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void synchronousListenerSeesEveryChangeInOrder(String backend) throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.now());
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        manager.useClock(clock);
        RecordingListener listener = new RecordingListener();
        Cache<Long, String> cache = manager.createCache(
                "events",
                configuration()
                        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 100)))
                        .addCacheEntryListenerConfiguration(listening(listener, null, true)));

        cache.put(1L, "a");
        cache.put(1L, "b");
        cache.replace(1L, "b", "c");
        cache.invoke(1L, (entry, args) -> {
            entry.setValue(entry.getValue() + "!");
            return null;
        });
        cache.getAndRemove(1L);
        cache.putAll(Map.of(2L, "x"));
        cache.get(2L);
        clock.advance(Duration.ofMillis(100));
        assertNull(cache.get(2L));
        cache.put(3L, "y");
        cache.clear();

        // Synchronous: everything has arrived by the time each call returned.
        assertEquals("CREATED 1 a -", listener.nextIfAny());
        assertEquals("UPDATED 1 b a", listener.nextIfAny());
        assertEquals("UPDATED 1 c b", listener.nextIfAny());
        assertEquals("UPDATED 1 c! c", listener.nextIfAny());
        assertEquals("REMOVED 1 c! c!", listener.nextIfAny());
        assertEquals("CREATED 2 x -", listener.nextIfAny());
        assertEquals("EXPIRED 2 x x", listener.nextIfAny());
        assertEquals("CREATED 3 y -", listener.nextIfAny());
        assertNull(listener.nextIfAny(), "reads and clear() fire no event");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void asynchronousFilteredListenerAndDeregistration(String backend) throws InterruptedException {
        RecordingListener evens = new RecordingListener();
        Cache<Long, String> cache = managerInNewProvider(backend, uniqueUri()).createCache("async", configuration());
        MutableCacheEntryListenerConfiguration<Long, String> registration = listening(evens, new EvenKeys(), false);
        cache.registerCacheEntryListener(registration);

        for (long key = 1; key <= 6; key++) {
            cache.put(key, "v" + key);
        }
        cache.removeAll(Set.of(2L, 3L));

        assertEquals("CREATED 2 v2 -", evens.next());
        assertEquals("CREATED 4 v4 -", evens.next());
        assertEquals("CREATED 6 v6 -", evens.next());
        assertEquals("REMOVED 2 v2 v2", evens.next());

        cache.deregisterCacheEntryListener(registration);
        cache.put(8L, "v8");
        cache.put(10L, "v10");
        // A marker through a second, synchronous listener: once it has its event, the cache has done with put(10).
        RecordingListener marker = new RecordingListener();
        cache.registerCacheEntryListener(listening(marker, null, true));
        cache.put(12L, "v12");
        assertEquals("CREATED 12 v12 -", marker.nextIfAny());
        assertNull(evens.nextIfAny(), "no event after deregistration");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void eventsFireOnlyWhereTheChangeWasMade(String backend) throws InterruptedException {
        URI uri = uniqueUri();
        RecordingListener local = new RecordingListener();
        RecordingListener remote = new RecordingListener();
        Cache<Long, String> here = managerInNewProvider(backend, uri)
                .createCache(
                        "shared", configuration().addCacheEntryListenerConfiguration(listening(local, null, true)));
        Cache<Long, String> there = managerInNewProvider(backend, uri)
                .createCache(
                        "shared", configuration().addCacheEntryListenerConfiguration(listening(remote, null, true)));

        here.put(1L, "mine");
        assertEquals("mine", there.get(1L));
        there.put(1L, "theirs");

        assertEquals("CREATED 1 mine -", local.nextIfAny());
        assertNull(local.nextIfAny());
        assertEquals("UPDATED 1 theirs mine", remote.nextIfAny());
        assertNull(remote.nextIfAny());
    }

    /** Passes events of even keys only. */
    static final class EvenKeys implements CacheEntryEventFilter<Long, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean evaluate(CacheEntryEvent<? extends Long, ? extends String> event) {
            return event.getKey() % 2 == 0;
        }
    }
}
