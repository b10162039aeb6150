package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of read keeps working on the keys of a dead owner, from their replicas (three real memcached
 * processes, two replicas): single and bulk reads, the iterator, reads that would move an access-expiry deadline
 * (only the owner decides, so a replica's read leaves it), and reads of expired copies (absent, and not removed
 * until the owner decides). Changing such a key fails, naming its owner, until the owner is back.
 */
@Timeout(60)
class ReplicaReadsTest {

    private static final int KEYS = 200;
    private static final int VICTIM = 0;

    private ReplicaFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            values.put("key-" + i, "value-" + i);
        }
        return values;
    }

    @Test
    void singleBulkAndIteratedReadsOfAccessExpiringEntriesSurviveTheOwnersDeath() {
        fleet = ReplicaFleet.start();
        MemjcacheCacheManager manager = fleet.manager();
        Cache<String, String> cache = manager.createCache(
                "access",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                                new AccessedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.HOURS, 1)))));
        Map<String, String> values = values();
        cache.putAll(values);
        fleet.kill(VICTIM);

        for (Map.Entry<String, String> entry : values.entrySet()) {
            assertEquals(entry.getValue(), cache.get(entry.getKey()), entry.getKey());
        }
        assertEquals(values, cache.getAll(values.keySet()));
        Map<String, String> iterated = new HashMap<>();
        cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
        assertEquals(values, iterated);
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0);

        String victims = ownedByVictim(manager, "access", values);
        CacheException failure = assertThrows(CacheException.class, () -> cache.put(victims, "changed"));
        ThreeServers.assertNames(failure, fleet.port(VICTIM));
        assertEquals(values.get(victims), cache.get(victims), "the failed write changed nothing");
    }

    @Test
    void expiredCopiesReadAsAbsentWithoutBeingRemoved() {
        fleet = ReplicaFleet.start();
        MemjcacheCacheManager manager = fleet.manager();
        MutableClock clock = new MutableClock(Instant.now());
        manager.useClock(clock);
        Cache<String, String> cache = manager.createCache(
                "created",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                                new CreatedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)))));
        Map<String, String> values = values();
        cache.putAll(values);
        clock.advance(Duration.ofMinutes(2));
        fleet.kill(VICTIM);

        String victims = ownedByVictim(manager, "created", values);
        assertNull(cache.get(victims));
        assertEquals(Map.of(), cache.getAll(values.keySet()));
        assertTrue(!cache.iterator().hasNext(), "nothing live to iterate");
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0);
    }

    /** @return a key of {@code values} that server {@link #VICTIM} owns */
    private String ownedByVictim(MemjcacheCacheManager manager, String cacheName, Map<String, String> values) {
        return values.keySet().stream()
                .filter(key -> fleet.placement(manager, cacheName, key).get(0) == VICTIM)
                .findFirst()
                .orElseThrow();
    }
}
