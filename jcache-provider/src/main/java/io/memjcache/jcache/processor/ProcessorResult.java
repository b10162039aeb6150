package io.memjcache.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * The result of one entry processor in {@code invokeAll}: its return value, or the exception it threw, rethrown
 * by {@link #get()}.
 *
 * <p>Immutable and thread-safe. Exactly one of value and failure is set; the value may be {@code null} only when
 * a failure is set.
 *
 * @param <T> the processor's result type
 */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {

    private final @Nullable T value;
    private final @Nullable EntryProcessorException failure;

    private ProcessorResult(@Nullable T value, @Nullable EntryProcessorException failure) {
        this.value = value;
        this.failure = failure;
    }

    /** @return a result holding the processor's return value */
    public static <T> ProcessorResult<T> of(T value) {
        return new ProcessorResult<>(value, null);
    }

    /** @return a result that throws {@code failure} */
    public static <T> ProcessorResult<T> failed(EntryProcessorException failure) {
        return new ProcessorResult<>(null, failure);
    }

    @Override
    public @Nullable T get() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
