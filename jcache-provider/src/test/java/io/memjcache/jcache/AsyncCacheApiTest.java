package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.management.CacheStatistics;
import io.memjcache.jcache.management.NearCacheStatistics;
import io.memjcache.server.testsupport.MutableClock;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The asynchronous forms of {@link MemjcacheCache}'s operations against their blocking twins: the same scenario
 * run blocking on one cache and asynchronously on another gives the same results, events, statistics, expiry and
 * loader and writer calls; user code runs on the executor, never on a client I/O thread; many calls in flight from
 * one thread complete; a refused call fails its stage with a clear message.
 */
class AsyncCacheApiTest extends BackendTestSupport {

    /** One step of the scenario, in its blocking and its asynchronous form, each rendering its result. */
    private record Step(
            String name,
            Function<Cache<Long, String>, Object> blocking,
            Function<MemjcacheCache<Long, String>, CompletionStage<?>> async) {}

    private static List<Step> scenario(MutableClock clock) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("get loads", c -> c.get(1L), c -> c.getAsync(1L)));
        steps.add(new Step("get hits", c -> c.get(1L), c -> c.getAsync(1L)));
        steps.add(new Step("containsKey", c -> c.containsKey(2L), c -> c.containsKeyAsync(2L)));
        steps.add(new Step("put", c -> put(c, 2L, "two"), c -> c.putAsync(2L, "two")));
        steps.add(new Step("getAndPut", c -> c.getAndPut(2L, "deux"), c -> c.getAndPutAsync(2L, "deux")));
        steps.add(new Step("putIfAbsent present", c -> c.putIfAbsent(2L, "x"), c -> c.putIfAbsentAsync(2L, "x")));
        steps.add(
                new Step("putIfAbsent absent", c -> c.putIfAbsent(3L, "three"), c -> c.putIfAbsentAsync(3L, "three")));
        steps.add(new Step(
                "putAll",
                c -> putAll(c, Map.of(4L, "four", 5L, "five")),
                c -> c.putAllAsync(Map.of(4L, "four", 5L, "five"))));
        steps.add(new Step(
                "getAll", c -> new TreeMap<>(c.getAll(Set.of(2L, 4L, 6L))), c -> c.getAllAsync(Set.of(2L, 4L, 6L))
                        .thenApply(TreeMap::new)));
        steps.add(
                new Step("replace old new wrong", c -> c.replace(2L, "two", "2"), c -> c.replaceAsync(2L, "two", "2")));
        steps.add(new Step("replace old new", c -> c.replace(2L, "deux", "2"), c -> c.replaceAsync(2L, "deux", "2")));
        steps.add(new Step("replace absent", c -> c.replace(9L, "nine"), c -> c.replaceAsync(9L, "nine")));
        steps.add(new Step("replace", c -> c.replace(3L, "3"), c -> c.replaceAsync(3L, "3")));
        steps.add(new Step("getAndReplace", c -> c.getAndReplace(3L, "III"), c -> c.getAndReplaceAsync(3L, "III")));
        steps.add(new Step("remove k v wrong", c -> c.remove(4L, "x"), c -> c.removeAsync(4L, "x")));
        steps.add(new Step("remove k v", c -> c.remove(4L, "four"), c -> c.removeAsync(4L, "four")));
        steps.add(new Step("remove", c -> c.remove(5L), c -> c.removeAsync(5L)));
        steps.add(new Step("remove absent", c -> c.remove(5L), c -> c.removeAsync(5L)));
        steps.add(new Step("getAndRemove", c -> c.getAndRemove(3L), c -> c.getAndRemoveAsync(3L)));
        steps.add(invokeStep("invoke reads", 2L, "read"));
        steps.add(invokeStep("invoke sets absent", 20L, "set", "twenty"));
        steps.add(invokeStep("invoke reads set", 20L, "read"));
        steps.add(invokeStep("invoke removes", 20L, "remove"));
        steps.add(invokeStep("invoke fails", 21L, "failOdd"));
        steps.add(new Step(
                "invokeAll one fails",
                c -> ScriptedProcessor.results(c.invokeAll(Set.of(2L, 21L), new ScriptedProcessor(), "failOdd")),
                c -> c.invokeAllAsync(Set.of(2L, 21L), new ScriptedProcessor(), "failOdd")
                        .thenApply(ScriptedProcessor::results)));
        steps.add(new Step("invoke", c -> c.invoke(2L, new Append(), "+"), c -> c.invokeAsync(2L, new Append(), "+")));
        steps.add(new Step(
                "invokeAll",
                c -> results(c.invokeAll(Set.of(2L, 7L), new Append(), "*")),
                c -> c.invokeAllAsync(Set.of(2L, 7L), new Append(), "*").thenApply(AsyncCacheApiTest::results)));
        steps.add(new Step(
                "advance past expiry", c -> advance(clock), c -> CompletableFuture.completedFuture(advance(clock))));
        steps.add(new Step("get expired loads", c -> c.get(2L), c -> c.getAsync(2L)));
        steps.add(new Step("containsKey expired", c -> c.containsKey(1L), c -> c.containsKeyAsync(1L)));
        steps.add(
                new Step("putIfAbsent expired", c -> c.putIfAbsent(7L, "seven"), c -> c.putIfAbsentAsync(7L, "seven")));
        steps.add(new Step("getAndRemove after", c -> c.getAndRemove(7L), c -> c.getAndRemoveAsync(7L)));
        steps.add(new Step("getAndReplace absent", c -> c.getAndReplace(7L, "x"), c -> c.getAndReplaceAsync(7L, "x")));
        steps.add(new Step("getAndPut absent", c -> c.getAndPut(8L, "eight"), c -> c.getAndPutAsync(8L, "eight")));
        steps.add(new Step("removeAll keys", c -> removeAll(c, Set.of(8L, 9L)), c -> c.removeAllAsync(Set.of(8L, 9L))));
        steps.add(new Step("get before clear", c -> c.get(2L), c -> c.getAsync(2L)));
        steps.add(new Step("clear", AsyncCacheApiTest::clear, MemjcacheCache::clearAsync));
        steps.add(new Step("containsKey after clear", c -> c.containsKey(2L), c -> c.containsKeyAsync(2L)));
        return steps;
    }

    /** @return the step of invoke with a {@link ScriptedProcessor}, a failure rendered as a result */
    private static Step invokeStep(String name, long key, Object... arguments) {
        return new Step(
                name,
                c -> ScriptedProcessor.outcome(() -> c.invoke(key, new ScriptedProcessor(), arguments)),
                c -> c.invokeAsync(key, new ScriptedProcessor(), arguments).handle(ScriptedProcessor::rendered));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyAsyncMethodBehavesAsItsBlockingTwin(String backend) throws InterruptedException {
        Run blocking = new Run(backend);
        Run async = new Run(backend);
        List<String> blockingTrace = new ArrayList<>();
        List<String> asyncTrace = new ArrayList<>();
        for (Step step : scenario(blocking.clock)) {
            blockingTrace.add(step.name() + " -> " + step.blocking().apply(blocking.cache) + blocking.drain(step));
        }
        for (Step step : scenario(async.clock)) {
            Object result =
                    step.async().apply(async.cache).toCompletableFuture().join();
            asyncTrace.add(step.name() + " -> " + result + async.drain(step));
        }
        assertEquals(blockingTrace, asyncTrace);
        assertTrue(
                asyncTrace.contains(
                        "get expired loads -> loaded-2 [EXPIRED 2 2+* 2+*, CREATED 2 loaded-2 -]" + " loaded [2]"),
                "the scenario exercises expiry on the injected clock and read-through: " + asyncTrace);
        CacheStatistics expected = blocking.statistics();
        CacheStatistics actual = async.statistics();
        assertEquals(expected.getCacheHits(), actual.getCacheHits());
        assertEquals(expected.getCacheMisses(), actual.getCacheMisses());
        assertEquals(expected.getCachePuts(), actual.getCachePuts());
        assertEquals(expected.getCacheRemovals(), actual.getCacheRemovals());
        assertTrue(
                actual.getAverageGetTime() > 0 && actual.getAveragePutTime() > 0 && actual.getAverageRemoveTime() > 0,
                actual.toString());
        for (String thread : async.userCodeThreads) {
            assertTrue(thread.startsWith("memjcache-async-"), "user code ran on " + thread);
        }
        assertFalse(async.userCodeThreads.isEmpty());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void userCodeAndDependentStagesRunOnTheGivenExecutor(String backend) {
        Run run = new Run(backend);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "users-own"));
        try {
            MemjcacheCache<Long, String> cache = run.cache.withExecutor(executor);
            String thread = cache.getAsync(11L)
                    .thenApply(value -> value + " " + Thread.currentThread().getName())
                    .toCompletableFuture()
                    .join();
            assertEquals("loaded-11 users-own", thread);
            cache.putAsync(12L, "twelve").toCompletableFuture().join();
            cache.invokeAsync(12L, new Append(), "!").toCompletableFuture().join();
            assertEquals("twelve!", run.cache.get(12L));
            assertFalse(run.userCodeThreads.isEmpty());
            run.userCodeThreads.forEach(name -> assertFalse(name.startsWith("memjcache-io"), name));
            assertTrue(run.userCodeThreads.stream().anyMatch("users-own"::equals), run.userCodeThreads.toString());
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tenThousandCallsInFlightFromOneThreadComplete(String backend) {
        // each get is two requests (the entry and its server's generation counter), all on the wire at once
        MemjcacheCache<Long, String> cache = cacheWithInFlightLimit(backend, 20_000);
        int calls = 10_000;
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (long i = 0; i < calls; i++) {
            puts.add(cache.putAsync(i, "v" + i).toCompletableFuture());
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        List<CompletableFuture<String>> gets = new ArrayList<>();
        for (long i = 0; i < calls; i++) {
            gets.add(cache.getAsync(i).toCompletableFuture());
        }
        CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        for (int i = 0; i < calls; i++) {
            assertEquals("v" + i, gets.get(i).join());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void getsBeyondTheInFlightLimitFailTheirStagesWithAClearMessage(String backend) {
        MemjcacheCache<Long, String> cache = cacheWithInFlightLimit(backend, 64);
        cache.put(1L, "one");
        List<CompletableFuture<String>> gets = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            gets.add(cache.getAsync(1L).toCompletableFuture());
        }
        int refused = 0;
        for (CompletableFuture<String> get : gets) {
            try {
                assertEquals("one", get.orTimeout(60, TimeUnit.SECONDS).join());
            } catch (CompletionException e) {
                CacheException cause = assertInstanceOf(CacheException.class, e.getCause());
                assertTrue(cause.getMessage().contains("too many requests in flight"), cause.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 0, "2,000 gets from one thread exceed a limit of 64 requests in flight");
        assertEquals("one", cache.getAsync(1L).toCompletableFuture().join(), "the client recovers");
    }

    private MemjcacheCache<Long, String> cacheWithInFlightLimit(String backend, int limit) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.async.maxInFlight", String.valueOf(limit));
        return memjcache(managerInNewProvider(uniqueUri(), properties)
                .createCache("many", new MutableConfiguration<Long, String>().setTypes(Long.class, String.class)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRefusedCallFailsItsStageWithAClearMessage(String backend) {
        Run run = new Run(backend);
        MemjcacheCache<Long, String> full = run.cache.withExecutor(command -> {
            throw new RejectedExecutionException("queue full");
        });
        CompletableFuture<Void> stage = full.putAsync(1L, "one").toCompletableFuture();
        CompletionException failure = assertThrows(CompletionException.class, stage::join);
        CacheException cause = assertInstanceOf(CacheException.class, failure.getCause());
        assertTrue(
                cause.getMessage().contains("asynchronous call refused, too many calls in flight"), cause.getMessage());
        assertFalse(run.cache.containsKey(1L));
        CompletableFuture<String> invoke =
                full.invokeAsync(1L, new Append(), "!").toCompletableFuture();
        failure = assertThrows(CompletionException.class, invoke::join);
        assertTrue(failure.getCause().getMessage().contains("asynchronous call refused"), failure.toString());
        assertEquals(0, run.cache.operations.invokes().heldKeys(), "a refused invokeAsync leaves its key's lock free");
        assertThrows(NullPointerException.class, () -> full.putAsync(null, "x"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void asyncCallsUseTheNearCacheAsTheBlockingOnesDo(String backend) {
        String namespace = "async-near-" + System.nanoTime();
        Properties nearProperties = properties(backend);
        nearProperties.setProperty("memjcache.namespace", namespace);
        nearProperties.setProperty("memjcache.nearCache.maxEntries", "1000");
        Properties plainProperties = properties(backend);
        plainProperties.setProperty("memjcache.namespace", namespace);
        MutableConfiguration<Long, String> configuration = new MutableConfiguration<Long, String>()
                .setTypes(Long.class, String.class)
                .setStatisticsEnabled(true);
        MemjcacheCache<Long, String> cache =
                memjcache(managerInNewProvider(uniqueUri(), nearProperties).createCache("near", configuration));
        Cache<Long, String> other =
                managerInNewProvider(uniqueUri(), plainProperties).createCache("near", configuration);

        cache.putAsync(1L, "one").toCompletableFuture().join();
        assertEquals("one", cache.getAsync(1L).toCompletableFuture().join());
        assertEquals("one", cache.getAsync(1L).toCompletableFuture().join());
        NearCacheStatistics near = NearCacheReadsTest.near(cache);
        assertEquals(1, near.getNearHits());
        assertEquals(2, cache.resources().statistics().getCacheHits(), "a near hit is a hit");

        long invalidations = near.getInvalidations();
        cache.putAsync(1L, "uno").toCompletableFuture().join();
        assertTrue(near.getInvalidations() > invalidations, "the write invalidated the near entry before completing");
        assertEquals("uno", cache.getAsync(1L).toCompletableFuture().join());
        other.put(1L, "eins");
        assertEquals("eins", cache.getAsync(1L).toCompletableFuture().join(), "another manager's write is seen");
        assertTrue(cache.removeAsync(1L).toCompletableFuture().join());
        assertNull(cache.getAsync(1L).toCompletableFuture().join());
    }

    @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
    private static MemjcacheCache<Long, String> memjcache(Cache<Long, String> cache) {
        return cache.unwrap(MemjcacheCache.class);
    }

    private static Object put(Cache<Long, String> cache, long key, String value) {
        cache.put(key, value);
        return "null";
    }

    private static Object removeAll(Cache<Long, String> cache, Set<Long> keys) {
        cache.removeAll(keys);
        return "null";
    }

    private static Object clear(Cache<Long, String> cache) {
        cache.clear();
        return "null";
    }

    private static Object putAll(Cache<Long, String> cache, Map<Long, String> map) {
        cache.putAll(map);
        return "null";
    }

    private static Object advance(MutableClock clock) {
        clock.advance(Duration.ofSeconds(11));
        return "null";
    }

    private static Map<Long, Object> results(Map<Long, EntryProcessorResult<String>> results) {
        Map<Long, Object> sorted = new TreeMap<>();
        results.forEach((key, result) -> sorted.put(key, result.get()));
        return sorted;
    }

    /** A cache with a loader, a writer and a synchronous listener, on an injected clock, statistics on. */
    private final class Run {
        final MutableClock clock = new MutableClock(Instant.now());
        final Collection<String> userCodeThreads = new ConcurrentLinkedQueue<>();
        final Collection<String> calls = new ConcurrentLinkedQueue<>();
        final RecordingListener listener = new RecordingListener();
        final MemjcacheCacheManager manager;
        final MemjcacheCache<Long, String> cache;

        Run(String backend) {
            manager = managerInNewProvider(backend, uniqueUri());
            manager.useClock(clock);
            Recorder recorder = new Recorder(userCodeThreads, calls);
            Cache<Long, String> created = manager.createCache(
                    "twins",
                    new MutableConfiguration<Long, String>()
                            .setTypes(Long.class, String.class)
                            .setStatisticsEnabled(true)
                            .setReadThrough(true)
                            .setWriteThrough(true)
                            .setCacheLoaderFactory(FactoryBuilder.factoryOf(recorder))
                            .setCacheWriterFactory(FactoryBuilder.factoryOf(recorder))
                            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                                    new javax.cache.expiry.Duration(TimeUnit.SECONDS, 10)))
                            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                                    FactoryBuilder.factoryOf(listener), null, true, true))
                            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                                    FactoryBuilder.factoryOf(recorder), null, false, true)));
            cache = memjcache(created);
        }

        /**
         * @return the events and loader and writer calls since the last drain, with the thread kind they ran on,
         *         sorted after invokeAll, whose keys complete in any order (invokeAllAsync runs them concurrently)
         */
        String drain(Step step) {
            List<String> events = new ArrayList<>();
            for (String event = listener.nextIfAny(); event != null; event = listener.nextIfAny()) {
                events.add(event);
            }
            List<String> made = new ArrayList<>(calls);
            calls.clear();
            if (step.name().startsWith("invokeAll")) {
                Collections.sort(events);
                Collections.sort(made);
            }
            return " " + events + (made.isEmpty() ? "" : " " + String.join(", ", made));
        }

        CacheStatistics statistics() {
            return cache.resources().statistics();
        }
    }

    /** Loader, writer and synchronous listener recording the threads they run on and the calls made. */
    private static final class Recorder
            implements CacheLoader<Long, String>,
                    CacheWriter<Long, String>,
                    CacheEntryCreatedListener<Long, String>,
                    Serializable {

        private static final long serialVersionUID = 1L;
        private final transient Collection<String> threads;
        private final transient Collection<String> calls;

        Recorder(Collection<String> threads, Collection<String> calls) {
            this.threads = threads;
            this.calls = calls;
        }

        private void record(String call) {
            threads.add(Thread.currentThread().getName());
            calls.add(call);
        }

        @Override
        public String load(Long key) {
            record("loaded [" + key + "]");
            return "loaded-" + key;
        }

        @Override
        public Map<Long, String> loadAll(Iterable<? extends Long> keys) {
            Map<Long, String> loaded = new TreeMap<>();
            keys.forEach(key -> loaded.put(key, "loaded-" + key));
            record("loaded " + loaded.keySet());
            return loaded;
        }

        @Override
        public void write(Cache.Entry<? extends Long, ? extends String> entry) {
            record("wrote " + entry.getKey());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends Long, ? extends String>> entries) {
            List<Long> keys = new ArrayList<>();
            entries.forEach(entry -> keys.add(entry.getKey()));
            keys.sort(null);
            record("wrote " + keys);
            entries.clear();
        }

        @Override
        public void delete(Object key) {
            record("deleted " + key);
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            List<String> sorted = new ArrayList<>();
            keys.forEach(key -> sorted.add(String.valueOf(key)));
            sorted.sort(null);
            record("deleted " + sorted);
            keys.clear();
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends Long, ? extends String>> events) {
            threads.add(Thread.currentThread().getName());
        }
    }

    /** Appends its argument to the value, creating "new" for an absent entry; returns the new value. */
    private static final class Append
            implements javax.cache.processor.EntryProcessor<Long, String, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String process(MutableEntry<Long, String> entry, Object... arguments) {
            String value = (entry.exists() ? entry.getValue() : "new") + arguments[0];
            entry.setValue(value);
            return value;
        }
    }
}
