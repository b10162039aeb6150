package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expiry is decided to the millisecond by the provider's clock, not by memcached's whole-second TTLs: with an
 * injected clock an entry is live 1 ms before its deadline and expired (with an EXPIRED event) at it.
 */
class ExpiryWithClockTest extends BackendTestSupport {

    @ParameterizedTest
    @MethodSource("backends")
    void entryExpiresExactlyAtItsDeadline(String backend) throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.now());
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        manager.useClock(clock);
        RecordingListener listener = new RecordingListener();
        Cache<Long, String> cache = expiringAfterCreation(manager, listener);

        cache.put(1L, "one");
        assertEquals("CREATED 1 one -", listener.next());
        clock.advance(Duration.ofMillis(1499));
        assertEquals("one", cache.get(1L));
        assertTrue(cache.containsKey(1L));

        clock.advance(Duration.ofMillis(1));
        assertFalse(cache.containsKey(1L));
        assertEquals("EXPIRED 1 one one", listener.next());
        assertNull(cache.get(1L));
        assertNull(listener.nextIfAny(), "an expired entry is reported once");
    }

    /** @return the cache "expiring" of {@code manager}: entries expire 1500 ms after creation, events to listener */
    static Cache<Long, String> expiringAfterCreation(MemjcacheCacheManager manager, RecordingListener listener) {
        return manager.createCache(
                "expiring",
                new MutableConfiguration<Long, String>()
                        .setTypes(Long.class, String.class)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 1500)))
                        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                                FactoryBuilder.factoryOf(listener), null, true, true)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void accessExtendsTheDeadlineFromTheTimeOfAccess(String backend) {
        MutableClock clock = new MutableClock(Instant.now());
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        manager.useClock(clock);
        Cache<Long, String> cache = manager.createCache(
                "touched",
                new MutableConfiguration<Long, String>()
                        .setTypes(Long.class, String.class)
                        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200))));

        cache.put(7L, "seven");
        clock.advance(Duration.ofMillis(150));
        assertEquals("seven", cache.get(7L), "AccessedExpiryPolicy: created eternal, 200 ms after each access");
        clock.advance(Duration.ofMillis(199));
        assertEquals("seven", cache.get(7L));
        clock.advance(Duration.ofMillis(200));
        assertNull(cache.get(7L));
    }
}
