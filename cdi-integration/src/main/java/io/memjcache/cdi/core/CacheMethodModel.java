package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.StringJoiner;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import org.jspecify.annotations.Nullable;

/**
 * Everything the caching annotations say about one method, resolved once: the operation, the cache name after
 * {@code @CacheDefaults} and the default name, the key and value parameters, the exception rules, and the resolver
 * factory and key generator instances. Built by {@link CacheMethodModels}; holds no cache.
 *
 * <p>Immutable and thread-safe. {@link #keyGenerator()} is {@code null} for {@code @CacheRemoveAll} and
 * {@link #resultDetails()} is {@code null} except for {@code @CacheResult}; nothing else is {@code null}.
 */
final class CacheMethodModel {

    private final CacheOperation operation;
    private final MethodDetails<? extends Annotation> details;
    private final @Nullable MethodDetails<CacheResult> resultDetails;
    private final List<ParameterDetails> parameters;
    private final List<ParameterDetails> keyParameters;
    private final @Nullable ParameterDetails valueParameter;
    private final CacheResolverFactory resolverFactory;
    private final @Nullable CacheKeyGenerator keyGenerator;
    private final AnnotationSettings settings;

    CacheMethodModel(
            CacheOperation operation,
            MethodDetails<? extends Annotation> details,
            @Nullable MethodDetails<CacheResult> resultDetails,
            List<ParameterDetails> parameters,
            List<ParameterDetails> keyParameters,
            @Nullable ParameterDetails valueParameter,
            CacheResolverFactory resolverFactory,
            @Nullable CacheKeyGenerator keyGenerator,
            AnnotationSettings settings) {
        this.operation = operation;
        this.details = details;
        this.resultDetails = resultDetails;
        this.parameters = parameters;
        this.keyParameters = keyParameters;
        this.valueParameter = valueParameter;
        this.resolverFactory = resolverFactory;
        this.keyGenerator = keyGenerator;
        this.settings = settings;
    }

    /**
     * @return {@code package.Class.method(package.Type,package.Type)}: the default cache name of {@code method}, also
     *     used to name methods in messages
     */
    static String describe(Method method) {
        StringJoiner types = new StringJoiner(",", "(", ")");
        for (Class<?> type : method.getParameterTypes()) {
            types.add(typeName(type));
        }
        return method.getDeclaringClass().getName() + "." + method.getName() + types;
    }

    private static String typeName(Class<?> type) {
        return type.isArray() ? typeName(type.getComponentType()) + "[]" : type.getName();
    }

    CacheOperation operation() {
        return operation;
    }

    MethodDetails<? extends Annotation> details() {
        return details;
    }

    @Nullable
    MethodDetails<CacheResult> resultDetails() {
        return resultDetails;
    }

    CacheResolverFactory resolverFactory() {
        return resolverFactory;
    }

    @Nullable
    CacheKeyGenerator keyGenerator() {
        return keyGenerator;
    }

    /** @return the key generator of an operation that has one: every one but {@code @CacheRemoveAll} */
    CacheKeyGenerator requiredKeyGenerator() {
        if (keyGenerator == null) {
            throw new IllegalStateException(operation + " has no key generator");
        }
        return keyGenerator;
    }

    AnnotationSettings settings() {
        return settings;
    }

    /** @return the context of one call with {@code arguments} on {@code target} */
    KeyInvocationContext<? extends Annotation> contextFor(Object target, Object[] arguments) {
        return contextFor(details, target, arguments);
    }

    private <A extends Annotation> KeyInvocationContext<A> contextFor(
            MethodDetails<A> typed, Object target, Object[] arguments) {
        CacheInvocationParameter[] all = new CacheInvocationParameter[parameters.size()];
        for (ParameterDetails parameter : parameters) {
            all[parameter.position()] = parameter.withValue(arguments[parameter.position()]);
        }
        CacheInvocationParameter[] keys = new CacheInvocationParameter[keyParameters.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = all[keyParameters.get(i).position()];
        }
        CacheInvocationParameter value = valueParameter == null ? null : all[valueParameter.position()];
        return new KeyInvocationContext<>(typed, target, all, keys, value);
    }

    /**
     * The attributes of the caching annotation that steer the operation.
     *
     * @param afterInvocation    whether put/remove happens after the method ({@code @CacheResult}: unused)
     * @param skipGet            {@code @CacheResult.skipGet}
     * @param exceptionCacheName {@code @CacheResult.exceptionCacheName}, empty when exceptions are not cached
     * @param exceptionFilter    which exceptions trigger the cache action
     */
    record AnnotationSettings(
            boolean afterInvocation, boolean skipGet, String exceptionCacheName, ExceptionFilter exceptionFilter) {}
}
