package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/** Beans whose caching annotations cannot be honoured: each must fail deployment. */
final class BrokenBeans {

    private BrokenBeans() {}

    /** A key generator without a no-argument constructor. */
    public static class KeyGeneratorWithoutDefaultConstructor implements CacheKeyGenerator {
        public KeyGeneratorWithoutDefaultConstructor(String prefix) {
            // Unusable: JSR-107 components are created with their no-argument constructor.
        }

        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            throw new UnsupportedOperationException();
        }
    }

    /** A resolver factory whose constructor fails. */
    public static class FailingResolverFactory implements CacheResolverFactory {
        public FailingResolverFactory() {
            throw new IllegalStateException("no cache configuration found");
        }

        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            throw new UnsupportedOperationException();
        }
    }

    @ApplicationScoped
    public static class UninstantiableGeneratorBean {
        @CacheResult(cacheKeyGenerator = KeyGeneratorWithoutDefaultConstructor.class)
        public String get(String id) {
            return id;
        }
    }

    @ApplicationScoped
    @CacheDefaults(cacheResolverFactory = FailingResolverFactory.class)
    public static class FailingFactoryBean {
        @CacheResult
        public String get(String id) {
            return id;
        }
    }

    @ApplicationScoped
    public static class PutWithoutValueBean {
        @CachePut(cacheName = "puts")
        public void put(String id) {
            // Nothing to store: no @CacheValue parameter.
        }
    }

    @ApplicationScoped
    public static class TwoAnnotationsBean {
        @CacheResult(cacheName = "both")
        @CacheRemove(cacheName = "both")
        public String both(String id) {
            return id;
        }
    }
}
