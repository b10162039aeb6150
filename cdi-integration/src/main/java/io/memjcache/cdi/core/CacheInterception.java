package io.memjcache.cdi.core;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.cache.CacheManager;

/**
 * The container-neutral entry point of the JSR-107 caching annotations: container integrations validate annotated
 * methods with {@link #validate(Method)} while deploying and route every intercepted call through
 * {@link #intercept(CacheOperation, InterceptedCall)}. Each method's annotations are read, and its cache resolvers
 * obtained, once, at its first call.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class CacheInterception {

    private final CacheMethodModels models;
    /** Per method: its bound annotations, or empty when it has none (a class-level binding reaches every method). */
    private final Map<Method, Optional<BoundCacheMethod>> boundMethods = new ConcurrentHashMap<>();

    /**
     * @param cacheManager supplies the cache manager of the default resolver factory, asked each time a cache is
     *                     resolved afresh (first use, or after the cache was closed); must not return {@code null}
     */
    public CacheInterception(Supplier<CacheManager> cacheManager) {
        Objects.requireNonNull(cacheManager, "cacheManager");
        this.models = new CacheMethodModels(() -> Objects.requireNonNull(cacheManager.get(), "cache manager"));
    }

    /**
     * Checks the caching annotations of {@code method} and creates the resolver factory and key generator they name,
     * without touching any cache.
     *
     * @param method a business method of a bean
     * @return whether the method carries a caching annotation (on itself or its class)
     * @throws CacheAnnotationConfigurationException if they cannot be honoured; the message names the method or the
     *     class that is wrong
     */
    public boolean validate(Method method) {
        return models.read(method) != null;
    }

    /**
     * Performs {@code operation} around {@code call}, or just proceeds when the method's annotations request another
     * operation (an interceptor bound through the class-level annotation sees every method of the class).
     *
     * @return the method's result, or the cached one
     * @throws Exception what the method throws, unchanged; {@link IllegalArgumentException} for a key value that
     *     cannot be serialized; {@link CacheAnnotationConfigurationException} for unusable annotations
     */
    public Object intercept(CacheOperation operation, InterceptedCall call) throws Exception {
        Method method = call.method();
        Optional<BoundCacheMethod> binding = boundMethods.get(method);
        if (binding == null) {
            binding = boundMethods.computeIfAbsent(method, this::bind);
        }
        if (binding.isEmpty() || binding.get().model().operation() != operation) {
            return call.proceed();
        }
        BoundCacheMethod bound = binding.get();
        return switch (operation) {
            case RESULT -> ResultOperation.run(bound, call);
            case PUT -> PutOperation.run(bound, call);
            case REMOVE, REMOVE_ALL -> RemoveOperation.run(bound, call);
        };
    }

    private Optional<BoundCacheMethod> bind(Method method) {
        CacheMethodModel model = models.read(method);
        return model == null ? Optional.empty() : Optional.of(BoundCacheMethod.bind(model));
    }
}
