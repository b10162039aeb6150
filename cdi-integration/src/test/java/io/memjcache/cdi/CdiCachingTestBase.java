package io.memjcache.cdi;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each test of a subclass in every available {@link Environment}, in a container booted per test with the
 * subclass's bean classes.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.memjcache.cdi.Environment#available")
abstract class CdiCachingTestBase {

    @Parameter
    Environment environment;

    CdiHarness cdi;

    /** @return the bean classes of the test's application */
    abstract Class<?>[] beanClasses();

    /** @return whether the application offers a CacheManager bean even on the embedded server */
    boolean offersCacheManagerBean() {
        return false;
    }

    @BeforeEach
    final void bootContainer() {
        cdi = CdiHarness.boot(environment, offersCacheManagerBean(), beanClasses());
    }

    @AfterEach
    final void closeContainer() {
        if (cdi != null) {
            cdi.close();
        }
    }

    <T> T bean(Class<T> type) {
        return cdi.bean(type);
    }

    /** @return the named cache of the integration's cache manager; fails if the integration did not create it */
    Cache<Object, Object> cache(String name) {
        CacheManager manager = cdi.cacheManager();
        return Objects.requireNonNull(manager.getCache(name), () -> "no cache named " + name);
    }
}
