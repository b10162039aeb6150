package io.memjcache.samples.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.enterprise.inject.se.SeContainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the sample's caching by the repository's call counts (never by timing), in a Weld SE container booted as
 * the sample boots it, once on the embedded default and once on real memcached. The cache's contents are read from
 * the cache manager the integration is expected to use, so an answer from anywhere else would fail.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class BookServiceTest {

    @Parameter
    Storage storage;

    private CacheManager cacheManager;
    private SeContainer container;
    private BookService service;
    private BookRepository repository;

    @BeforeEach
    void boot() {
        cacheManager = storage.cacheManager();
        container = storage.boot(cacheManager);
        service = container.select(BookService.class).get();
        repository = container.select(BookRepository.class).get();
    }

    @AfterEach
    void close() {
        try {
            container.close();
        } finally {
            if (cacheManager.getCache(BookService.CACHE) != null) {
                cacheManager.getCache(BookService.CACHE).clear();
                cacheManager.destroyCache(BookService.CACHE);
            }
        }
    }

    @AfterAll
    static void stopMemcached() {
        Storage.stopMemcached();
    }

    @Test
    void walkThroughLoadsOnlyWhatTheCacheCannotAnswer() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Step> steps;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            steps = CdiSample.run(service, repository, out);
        }
        // A load only for the first find, the find after @CacheRemove and the find after @CacheRemoveAll.
        assertEquals(
                List.of(1, 1, 1, 1, 1, 2, 2, 3, 3),
                steps.stream().map(Step::loads).toList());
        assertEquals(
                List.of(
                        "Effective Java",
                        "Effective Java",
                        "",
                        "Modern Java in Action",
                        "",
                        "Effective Java, 3rd Edition",
                        "",
                        "Java Persistence with Hibernate",
                        "Java Persistence with Hibernate"),
                steps.stream().map(Step::answer).toList());
        assertEquals(2, repository.stores());
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(steps.size() + 1, lines.size(), lines::toString);
        assertEquals("9 calls, 3 repository loads, 2 repository stores", lines.get(lines.size() - 1));
    }

    @Test
    void cacheResultLoadsOnceAndKeepsTheBookInTheCache() {
        Book first = service.find(CdiSample.EFFECTIVE_JAVA);
        Book second = service.find(CdiSample.EFFECTIVE_JAVA);

        assertEquals(new Book(CdiSample.EFFECTIVE_JAVA, "Effective Java"), first);
        assertEquals(first, second);
        assertEquals(1, repository.loads());
        assertEquals(List.of(first), cachedValues());
    }

    @Test
    void cacheResultDoesNotCacheAMissingBook() {
        assertNull(service.find("978-0000000000"));
        assertNull(service.find("978-0000000000"));

        assertEquals(2, repository.loads());
        assertEquals(List.of(), cachedValues());
    }

    @Test
    void cachePutMakesTheNextFindNeedNoLoad() {
        Book saved = new Book(CdiSample.MODERN_JAVA, "Modern Java in Action");
        service.save(CdiSample.MODERN_JAVA, saved);

        assertEquals(saved, service.find(CdiSample.MODERN_JAVA));
        assertEquals(1, repository.stores());
        assertEquals(0, repository.loads());
        assertEquals(List.of(saved), cachedValues());
    }

    @Test
    void cacheRemoveEvictsSoTheNextFindLoadsTheNewTitle() {
        service.find(CdiSample.EFFECTIVE_JAVA);
        service.retitle(CdiSample.EFFECTIVE_JAVA, "Effective Java, 3rd Edition");
        assertEquals(List.of(), cachedValues());

        assertEquals(
                "Effective Java, 3rd Edition",
                service.find(CdiSample.EFFECTIVE_JAVA).title());
        assertEquals(2, repository.loads());
    }

    @Test
    void cacheRemoveAllEmptiesTheCache() {
        service.find(CdiSample.EFFECTIVE_JAVA);
        service.find(CdiSample.HIBERNATE);
        assertEquals(2, cachedValues().size());

        service.evictAll();
        assertEquals(List.of(), cachedValues());
        service.find(CdiSample.EFFECTIVE_JAVA);
        service.find(CdiSample.HIBERNATE);
        assertEquals(4, repository.loads());
    }

    @Test
    void theApplicationHasACacheManagerBeanOnlyWhenTheTestOffersOne() {
        // On the embedded default nothing but the integration's fallback can put the cache in this manager.
        assertEquals(
                storage == Storage.REAL_MEMCACHED,
                container.select(CacheManager.class).isResolvable());
        service.find(CdiSample.HIBERNATE);
        assertNotNull(cacheManager.getCache(BookService.CACHE));
    }

    /** @return the values in the books cache of the expected cache manager (empty if it has no such cache) */
    private List<Object> cachedValues() {
        Cache<Object, Object> cache = cacheManager.getCache(BookService.CACHE);
        List<Object> values = new ArrayList<>();
        if (cache != null) {
            cache.forEach(entry -> values.add(Objects.requireNonNull(entry.getValue())));
        }
        return values;
    }
}
