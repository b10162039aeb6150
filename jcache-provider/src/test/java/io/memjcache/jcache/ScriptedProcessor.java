package io.memjcache.jcache;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * An entry processor doing what its first argument says: {@code read} returns the value (loading it with
 * read-through), {@code set} sets the second argument, {@code remove} removes the entry, {@code failOdd} fails on an
 * odd key and reads an even one. With renderings of outcomes, failures included, that compare the blocking and the
 * asynchronous forms of invoke and invokeAll.
 *
 * <p>Immutable, so thread-safe. The processor's result is {@code null} when the entry read is absent.
 */
final class ScriptedProcessor implements EntryProcessor<Long, String, String>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable String process(MutableEntry<Long, String> entry, Object... arguments) {
        return switch ((String) arguments[0]) {
            case "read" -> entry.getValue();
            case "set" -> {
                entry.setValue((String) arguments[1]);
                yield "set";
            }
            case "remove" -> {
                entry.remove();
                yield "removed";
            }
            case "failOdd" -> {
                if (entry.getKey() % 2 == 1) {
                    throw new IllegalStateException("refused " + entry.getKey());
                }
                yield entry.getValue();
            }
            default -> throw new IllegalArgumentException("unknown command " + arguments[0]);
        };
    }

    /** @return what the blocking call returned, or its failure rendered as {@link #rendered} renders it */
    static @Nullable Object outcome(Supplier<@Nullable Object> call) {
        try {
            return call.get();
        } catch (EntryProcessorException e) {
            return rendered(null, e);
        }
    }

    /** @return the stage's value, or its failure as its class and the message of its cause */
    static @Nullable Object rendered(@Nullable Object value, @Nullable Throwable failure) {
        if (failure == null) {
            return value;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Throwable root = cause.getCause() == null ? cause : cause.getCause();
        return "failed: " + cause.getClass().getSimpleName() + " " + root.getMessage();
    }

    /** @return invokeAll's results sorted by key, each value or failure rendered */
    static Map<Long, @Nullable Object> results(Map<Long, EntryProcessorResult<String>> results) {
        Map<Long, @Nullable Object> sorted = new TreeMap<>();
        results.forEach((key, result) -> sorted.put(key, outcome(result::get)));
        return sorted;
    }
}
