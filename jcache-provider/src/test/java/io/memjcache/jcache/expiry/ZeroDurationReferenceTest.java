package io.memjcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zero (and, for contrast, one-hour) expiry durations judged by the JSR-107 reference implementation: every
 * sequence of operations runs on a cache of the RI and on a memjcache cache (embedded server) with the same
 * expiry policy, and both must give the same transcript: each operation's result, then containsKey and get of
 * both keys, the events of each key in order (EXPIRED aside, see {@link Events}), and the hit, miss, put
 * and removal statistics.
 *
 * <p>The RI is copied into {@code target/} by the build and loaded here in a class loader of its own over that jar,
 * whose parent is the test class path (so both share the {@code javax.cache} API). Its provider is instantiated
 * directly; it never joins the test class path, where {@code Caching.getCachingProvider()} in other tests would
 * find two providers.
 */
class ZeroDurationReferenceTest {

    private static final AtomicInteger CACHES = new AtomicInteger();

    private static ServerUnderTest bundled;
    private static URLClassLoader referenceLoader;
    private static CachingProvider reference;
    private static CachingProvider memjcache;
    private static CacheManager referenceManager;
    private static CacheManager memjcacheManager;

    @BeforeAll
    static void startBoth() throws Exception {
        Path jar = Path.of(System.getProperty(
                "jsr107.referenceImplementation.jar", "target/reference-implementation/cache-ri-impl.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the reference implementation was not copied by the build: " + jar);
        }
        referenceLoader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ZeroDurationReferenceTest.class.getClassLoader());
        reference = (CachingProvider) referenceLoader
                .loadClass("org.jsr107.ri.spi.RICachingProvider")
                .getDeclaredConstructor()
                .newInstance();
        referenceManager = reference.getCacheManager(URI.create("ri-zero-duration"), referenceLoader);
        bundled = ServerUnderTest.bundled();
        memjcache = new MemjcacheCachingProvider();
        memjcacheManager = memjcache.getCacheManager(
                URI.create("memcached://127.0.0.1:" + bundled.port()),
                ZeroDurationReferenceTest.class.getClassLoader());
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (memjcache != null) {
            memjcache.close();
        }
        if (reference != null) {
            reference.close();
        }
        if (referenceLoader != null) {
            referenceLoader.close();
        }
        if (bundled != null) {
            bundled.close();
        }
    }

    /** The expiry policies compared; the last two change one duration to zero on an entry that lives on. */
    @SuppressWarnings("ImmutableEnumChecker") // the factories are constants that hold no state
    enum Policy {
        CREATED_ZERO(CreatedExpiryPolicy.factoryOf(Duration.ZERO)),
        ACCESSED_ZERO(AccessedExpiryPolicy.factoryOf(Duration.ZERO)),
        MODIFIED_ZERO(ModifiedExpiryPolicy.factoryOf(Duration.ZERO)),
        TOUCHED_ZERO(TouchedExpiryPolicy.factoryOf(Duration.ZERO)),
        CREATED_HOUR(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)),
        ACCESSED_HOUR(AccessedExpiryPolicy.factoryOf(Duration.ONE_HOUR)),
        MODIFIED_HOUR(ModifiedExpiryPolicy.factoryOf(Duration.ONE_HOUR)),
        TOUCHED_HOUR(TouchedExpiryPolicy.factoryOf(Duration.ONE_HOUR)),
        ACCESS_ZERO_ONLY(new FactoryBuilder.SingletonFactory<>(new OneZero(false))),
        UPDATE_ZERO_ONLY(new FactoryBuilder.SingletonFactory<>(new OneZero(true)));

        final Factory<? extends ExpiryPolicy> factory;

        Policy(Factory<? extends ExpiryPolicy> factory) {
            this.factory = factory;
        }
    }

    /** Eternal on creation; zero on update (or on access), the other left unchanged. */
    private static final class OneZero implements ExpiryPolicy, Serializable {

        private static final long serialVersionUID = 1L;
        private final boolean onUpdate;

        OneZero(boolean onUpdate) {
            this.onUpdate = onUpdate;
        }

        @Override
        public Duration getExpiryForCreation() {
            return Duration.ETERNAL;
        }

        @Override
        public Duration getExpiryForAccess() {
            return onUpdate ? null : Duration.ZERO;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return onUpdate ? Duration.ZERO : null;
        }
    }

    /** One named operation on the cache; its result goes into the transcript. */
    private record Step(String name, Function<Cache<String, String>, Object> operation) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Step step(String name, Function<Cache<String, String>, Object> operation) {
        return new Step(name, operation);
    }

    private static final Step PUT_A = step("put(k,a)", cache -> {
        cache.put("k", "a");
        return null;
    });

    /** The sequences compared; most start with a put, so they cover both an absent and an existing entry. */
    static List<List<Step>> sequences() {
        Step putIfAbsent = step("putIfAbsent(k,b)", cache -> cache.putIfAbsent("k", "b"));
        Step replace = step("replace(k,b)", cache -> cache.replace("k", "b"));
        Step getAndPut = step("getAndPut(k,b)", cache -> cache.getAndPut("k", "b"));
        Step getAndReplace = step("getAndReplace(k,b)", cache -> cache.getAndReplace("k", "b"));
        Step invokeSet = step(
                "invoke(k,setValue b)",
                cache -> cache.invoke("k", (entry, arguments) -> {
                    entry.setValue("b");
                    return entry.exists();
                }));
        Step putAll = step("putAll(k,k2)", cache -> {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("k", "b");
            all.put("k2", "c");
            cache.putAll(all);
            return null;
        });
        Step get = step("get(k)", cache -> cache.get("k"));
        List<List<Step>> sequences = new ArrayList<>();
        for (Step step : List.of(putIfAbsent, replace, getAndPut, getAndReplace, invokeSet, putAll, get)) {
            sequences.add(List.of(step));
            sequences.add(List.of(PUT_A, step));
        }
        sequences.add(List.of(PUT_A, step("put(k,b)", cache -> {
            cache.put("k", "b");
            return null;
        })));
        sequences.add(List.of(PUT_A, step("replace(k,a,b)", cache -> cache.replace("k", "a", "b"))));
        sequences.add(List.of(PUT_A, step("replace(k,x,b)", cache -> cache.replace("k", "x", "b"))));
        sequences.add(List.of(PUT_A, step("remove(k,x)", cache -> cache.remove("k", "x"))));
        sequences.add(List.of(
                PUT_A,
                step("getAll(k,k2)", cache -> new TreeMap<>(cache.getAll(new LinkedHashSet<>(List.of("k", "k2")))))));
        sequences.add(List.of(
                PUT_A, step("invoke(k,getValue)", cache -> cache.invoke("k", (entry, arguments) -> entry.getValue()))));
        sequences.add(List.of(PUT_A, get, get));
        sequences.add(List.of(PUT_A, step("getAndRemove(k)", cache -> cache.getAndRemove("k"))));
        return sequences;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Policy policy : Policy.values()) {
            for (List<Step> sequence : sequences()) {
                cases.add(Arguments.of(policy, sequence));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameTranscriptAsTheReferenceImplementation(Policy policy, List<Step> sequence) throws Exception {
        assertEquals(transcript(referenceManager, policy, sequence), transcript(memjcacheManager, policy, sequence));
    }

    private static List<String> transcript(CacheManager manager, Policy policy, List<Step> sequence) throws Exception {
        String name = "zero-" + CACHES.incrementAndGet();
        Cache<String, String> cache = manager.createCache(
                name,
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(policy.factory)
                        .setStatisticsEnabled(true));
        try {
            Events events = new Events();
            events.listenTo(cache);
            List<String> transcript = new ArrayList<>();
            for (Step step : sequence) {
                transcript.add(step.name() + " -> " + step.operation().apply(cache));
            }
            for (String key : List.of("k", "k2")) {
                transcript.add("containsKey(" + key + ") -> " + cache.containsKey(key));
            }
            for (String key : List.of("k", "k2")) {
                transcript.add("get(" + key + ") -> " + cache.get(key));
            }
            transcript.add("events " + events.byKey());
            transcript.add("statistics " + statistics(name));
            return transcript;
        } finally {
            manager.destroyCache(name);
        }
    }

    /** @return hits, misses, puts and removals of the cache, from its statistics MXBean */
    private static Map<String, Object> statistics(String cacheName) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names =
                server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cacheName + ",*"), null);
        assertEquals(1, names.size(), "statistics MXBeans of " + cacheName);
        ObjectName name = names.iterator().next();
        Map<String, Object> statistics = new LinkedHashMap<>();
        for (String attribute : List.of("CacheHits", "CacheMisses", "CachePuts", "CacheRemovals")) {
            statistics.put(attribute, server.getAttribute(name, attribute));
        }
        return statistics;
    }

    /**
     * Records the CREATED, UPDATED and REMOVED events as "TYPE value old" per key, in order. EXPIRED events are not
     * compared: the RI reports EXPIRED for an entry it never stored (created with a zero duration) and again on a
     * later access of an entry whose access expiry was zero; memjcache reports the expiry of a stored entry once,
     * when it finds it. Thread-safe.
     */
    private static final class Events implements Serializable {

        private static final long serialVersionUID = 1L;
        private final Map<String, List<String>> recorded = new TreeMap<>();

        /** Registers one synchronous listener per compared event type, each recording into this. */
        void listenTo(Cache<String, String> cache) {
            CacheEntryCreatedListener<String, String> created =
                    (Serializable & CacheEntryCreatedListener<String, String>) this::record;
            CacheEntryUpdatedListener<String, String> updated =
                    (Serializable & CacheEntryUpdatedListener<String, String>) this::record;
            CacheEntryRemovedListener<String, String> removed =
                    (Serializable & CacheEntryRemovedListener<String, String>) this::record;
            for (CacheEntryListener<String, String> listener : List.of(created, updated, removed)) {
                cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
            }
        }

        private synchronized void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            for (CacheEntryEvent<? extends String, ? extends String> event : events) {
                recorded.computeIfAbsent(event.getKey(), key -> new ArrayList<>())
                        .add(event.getEventType() + " " + event.getValue() + " "
                                + (event.isOldValueAvailable() ? event.getOldValue() : "-"));
            }
        }

        /** @return the events per key, each key's in order (the order between keys is not specified) */
        synchronized String byKey() {
            return recorded.toString();
        }
    }
}
