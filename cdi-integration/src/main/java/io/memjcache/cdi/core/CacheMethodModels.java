package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import org.jspecify.annotations.Nullable;

/**
 * Reads the caching annotations of a method into a {@link CacheMethodModel}, following the JSR-107 rules: the
 * method's annotation wins over the class's; an attribute left at its default falls back to the class's
 * {@link CacheDefaults}, then to the built-in default (the generated cache name, the default resolver factory and key
 * generator).
 *
 * <p>Thread-safe (the shared component instances are). Never returns {@code null} except where documented.
 */
final class CacheMethodModels {

    private final ComponentInstances components = new ComponentInstances();
    private final CacheKeyGenerator defaultKeyGenerator = new DefaultKeyGenerator();
    private final CacheResolverFactory defaultResolverFactory;

    CacheMethodModels(Supplier<CacheManager> cacheManager) {
        this.defaultResolverFactory = new DefaultResolverFactory(cacheManager);
    }

    /**
     * @return the operation the annotations request for {@code method}, or {@code null} when it has none
     * @throws CacheAnnotationConfigurationException if the method (or, lacking one, its class) has two
     */
    static @Nullable CacheOperation operationOf(Method method) {
        CacheOperation onMethod = singleOperation(method, CacheMethodModel.describe(method));
        if (onMethod != null) {
            return onMethod;
        }
        Class<?> declaringClass = method.getDeclaringClass();
        return singleOperation(declaringClass, declaringClass.getName());
    }

    private static @Nullable CacheOperation singleOperation(AnnotatedElement element, String where) {
        CacheOperation found = null;
        for (CacheOperation operation : CacheOperation.values()) {
            if (element.isAnnotationPresent(operation.annotationType())) {
                if (found != null) {
                    throw new CacheAnnotationConfigurationException(where + " has both @"
                            + found.annotationType().getSimpleName() + " and @"
                            + operation.annotationType().getSimpleName() + "; use at most one caching annotation");
                }
                found = operation;
            }
        }
        return found;
    }

    /**
     * @return the model of {@code method}, or {@code null} when it carries no caching annotation
     * @throws CacheAnnotationConfigurationException if the annotations cannot be honoured
     */
    @Nullable
    CacheMethodModel read(Method method) {
        CacheOperation operation = operationOf(method);
        if (operation == null) {
            return null;
        }
        Annotation annotation = method.isAnnotationPresent(operation.annotationType())
                ? method.getAnnotation(operation.annotationType())
                : method.getDeclaringClass().getAnnotation(operation.annotationType());
        return switch (operation) {
            case RESULT -> read(method, operation, (CacheResult) annotation);
            case PUT -> read(method, operation, (CachePut) annotation);
            case REMOVE -> read(method, operation, (CacheRemove) annotation);
            case REMOVE_ALL -> read(method, operation, (CacheRemoveAll) annotation);
        };
    }

    private CacheMethodModel read(Method method, CacheOperation operation, CacheResult annotation) {
        CacheMethodModel.AnnotationSettings settings = new CacheMethodModel.AnnotationSettings(
                false,
                annotation.skipGet(),
                annotation.exceptionCacheName(),
                ExceptionFilter.of(annotation.cachedExceptions(), annotation.nonCachedExceptions(), true));
        return build(
                method,
                operation,
                annotation,
                annotation.cacheName(),
                annotation.cacheResolverFactory(),
                annotation.cacheKeyGenerator(),
                settings);
    }

    private CacheMethodModel read(Method method, CacheOperation operation, CachePut annotation) {
        CacheMethodModel.AnnotationSettings settings = new CacheMethodModel.AnnotationSettings(
                annotation.afterInvocation(),
                false,
                "",
                ExceptionFilter.of(annotation.cacheFor(), annotation.noCacheFor(), false));
        return build(
                method,
                operation,
                annotation,
                annotation.cacheName(),
                annotation.cacheResolverFactory(),
                annotation.cacheKeyGenerator(),
                settings);
    }

    private CacheMethodModel read(Method method, CacheOperation operation, CacheRemove annotation) {
        CacheMethodModel.AnnotationSettings settings = new CacheMethodModel.AnnotationSettings(
                annotation.afterInvocation(),
                false,
                "",
                ExceptionFilter.of(annotation.evictFor(), annotation.noEvictFor(), false));
        return build(
                method,
                operation,
                annotation,
                annotation.cacheName(),
                annotation.cacheResolverFactory(),
                annotation.cacheKeyGenerator(),
                settings);
    }

    private CacheMethodModel read(Method method, CacheOperation operation, CacheRemoveAll annotation) {
        CacheMethodModel.AnnotationSettings settings = new CacheMethodModel.AnnotationSettings(
                annotation.afterInvocation(),
                false,
                "",
                ExceptionFilter.of(annotation.evictFor(), annotation.noEvictFor(), false));
        return build(
                method,
                operation,
                annotation,
                annotation.cacheName(),
                annotation.cacheResolverFactory(),
                null,
                settings);
    }

    private <A extends Annotation> CacheMethodModel build(
            Method method,
            CacheOperation operation,
            A annotation,
            String cacheName,
            Class<? extends CacheResolverFactory> factoryType,
            @Nullable Class<? extends CacheKeyGenerator> keyGeneratorType,
            CacheMethodModel.AnnotationSettings settings) {
        String where = CacheMethodModel.describe(method);
        CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
        MethodDetails<A> details = new MethodDetails<>(method, annotation, cacheName(method, cacheName, defaults));
        CacheResolverFactory factory = resolverFactory(factoryType, defaults, where);
        CacheKeyGenerator keyGenerator = operation == CacheOperation.REMOVE_ALL
                ? null
                : keyGenerator(Objects.requireNonNull(keyGeneratorType, "keyGeneratorType"), defaults, where);

        List<ParameterDetails> parameters = ParameterDetails.of(method);
        List<ParameterDetails> keys = new ArrayList<>();
        List<ParameterDetails> values = new ArrayList<>();
        for (ParameterDetails parameter : parameters) {
            if (parameter.isKey()) {
                keys.add(parameter);
            }
            if (parameter.isValue()) {
                values.add(parameter);
            }
        }
        if (keys.isEmpty()) {
            // Without @CacheKey every parameter except the @CacheValue one makes up the key.
            parameters.stream().filter(p -> !p.isValue()).forEach(keys::add);
        }
        ParameterDetails value = null;
        if (operation == CacheOperation.PUT) {
            if (values.size() != 1) {
                throw new CacheAnnotationConfigurationException(where + " is annotated @CachePut and needs exactly"
                        + " one parameter annotated @CacheValue, found " + values.size());
            }
            value = values.get(0);
        }
        MethodDetails<CacheResult> resultDetails = annotation instanceof CacheResult result
                ? new MethodDetails<>(method, result, details.getCacheName())
                : null;
        return new CacheMethodModel(
                operation,
                details,
                resultDetails,
                parameters,
                List.copyOf(keys),
                value,
                factory,
                keyGenerator,
                settings);
    }

    private static String cacheName(Method method, String annotated, CacheDefaults defaults) {
        if (!annotated.isEmpty()) {
            return annotated;
        }
        if (defaults != null && !defaults.cacheName().isEmpty()) {
            return defaults.cacheName();
        }
        return CacheMethodModel.describe(method);
    }

    private CacheResolverFactory resolverFactory(
            Class<? extends CacheResolverFactory> annotated, CacheDefaults defaults, String where) {
        // The annotation's default value (the interface itself) means "not specified".
        if (annotated != CacheResolverFactory.class) {
            return components.get(annotated, "cache resolver factory", where);
        }
        if (defaults != null && defaults.cacheResolverFactory() != CacheResolverFactory.class) {
            return components.get(
                    defaults.cacheResolverFactory(), "cache resolver factory", "@CacheDefaults of " + where);
        }
        return defaultResolverFactory;
    }

    private CacheKeyGenerator keyGenerator(
            Class<? extends CacheKeyGenerator> annotated, CacheDefaults defaults, String where) {
        if (annotated != CacheKeyGenerator.class) {
            return components.get(annotated, "cache key generator", where);
        }
        if (defaults != null && defaults.cacheKeyGenerator() != CacheKeyGenerator.class) {
            return components.get(defaults.cacheKeyGenerator(), "cache key generator", "@CacheDefaults of " + where);
        }
        return defaultKeyGenerator;
    }
}
