package io.memjcache.cdi.core;

import java.util.List;

/**
 * Decides whether an exception thrown by an annotated method triggers the cache action: the
 * {@code cachedExceptions/nonCachedExceptions}, {@code cacheFor/noCacheFor} and {@code evictFor/noEvictFor} pairs.
 * With a non-empty include list an exception must be an instance of one of its classes; it must never be an instance
 * of a class in the exclude list. When both lists are empty the answer is fixed: {@code @CacheResult} caches every
 * exception, the other annotations act on none.
 *
 * <p>Immutable and thread-safe. Arguments must not be {@code null}.
 */
final class ExceptionFilter {

    private final List<Class<? extends Throwable>> include;
    private final List<Class<? extends Throwable>> exclude;
    private final boolean matchWhenBothEmpty;

    private ExceptionFilter(
            List<Class<? extends Throwable>> include,
            List<Class<? extends Throwable>> exclude,
            boolean matchWhenBothEmpty) {
        this.include = include;
        this.exclude = exclude;
        this.matchWhenBothEmpty = matchWhenBothEmpty;
    }

    /**
     * @param include            exception classes that trigger the action (empty: any not excluded)
     * @param exclude            exception classes that never trigger it
     * @param matchWhenBothEmpty the answer when both lists are empty
     * @return the filter
     */
    static ExceptionFilter of(
            Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude, boolean matchWhenBothEmpty) {
        return new ExceptionFilter(List.of(include), List.of(exclude), matchWhenBothEmpty);
    }

    /** @return whether {@code failure} triggers the cache action */
    boolean matches(Throwable failure) {
        if (include.isEmpty() && exclude.isEmpty()) {
            return matchWhenBothEmpty;
        }
        boolean included = include.isEmpty() || isInstanceOfAny(failure, include);
        return included && !isInstanceOfAny(failure, exclude);
    }

    private static boolean isInstanceOfAny(Throwable failure, List<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }
}
