package io.memjcache.jcache.race;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;

/**
 * The operations of {@link LinearizabilityModelTest}, each both run on a cache and applied to the sequential model
 * of one key: its value, or {@code null} when absent. Values are small decimal numbers so that the conditional
 * forms match now and then; results are text, {@code -} for {@code null}.
 *
 * <p>Immutable and thread-safe. Keys, caches and values are never {@code null}; states may be.
 */
enum ModelOp {
    GET,
    PUT,
    REMOVE,
    REMOVE_IF_EQUAL,
    PUT_IF_ABSENT,
    REPLACE,
    REPLACE_IF_EQUAL,
    GET_AND_PUT,
    GET_AND_REMOVE,
    GET_AND_REPLACE,
    INVOKE_INCREMENT,
    /** Empties the whole cache: it belongs in the history of every key. */
    CLEAR;

    /** The operations on one key (all but {@link #CLEAR}). */
    static final List<ModelOp> KEYED =
            Arrays.stream(values()).filter(op -> op != CLEAR).toList();

    /** Adds one to the value, creating it as 1; @return the value it found, {@code -} for none */
    private static final EntryProcessor<String, String, String> INCREMENT = (entry, arguments) -> {
        String found = entry.getValue();
        entry.setValue(incremented(found));
        return text(found);
    };

    /**
     * What an operation does to the model.
     *
     * @param result what the operation returns
     * @param after  the key's value after it, {@code null} for absent
     */
    record Outcome(String result, String after) {}

    /** Runs the operation on the cache; @return its result as text */
    String run(Cache<String, String> cache, String key, String value, String expected) {
        return switch (this) {
            case GET -> text(cache.get(key));
            case PUT -> {
                cache.put(key, value);
                yield NULL;
            }
            case REMOVE -> String.valueOf(cache.remove(key));
            case REMOVE_IF_EQUAL -> String.valueOf(cache.remove(key, expected));
            case PUT_IF_ABSENT -> String.valueOf(cache.putIfAbsent(key, value));
            case REPLACE -> String.valueOf(cache.replace(key, value));
            case REPLACE_IF_EQUAL -> String.valueOf(cache.replace(key, expected, value));
            case GET_AND_PUT -> text(cache.getAndPut(key, value));
            case GET_AND_REMOVE -> text(cache.getAndRemove(key));
            case GET_AND_REPLACE -> text(cache.getAndReplace(key, value));
            case INVOKE_INCREMENT -> cache.invoke(key, INCREMENT);
            case CLEAR -> {
                cache.clear();
                yield NULL;
            }
        };
    }

    /** @return what the operation does to a key whose value is {@code state} ({@code null}: absent) */
    Outcome apply(String state, String value, String expected) {
        boolean present = state != null;
        boolean matches = Objects.equals(state, expected);
        return switch (this) {
            case GET -> new Outcome(text(state), state);
            case PUT -> new Outcome(NULL, value);
            case REMOVE -> new Outcome(String.valueOf(present), null);
            case REMOVE_IF_EQUAL -> new Outcome(String.valueOf(matches), matches ? null : state);
            case PUT_IF_ABSENT -> new Outcome(String.valueOf(!present), present ? state : value);
            case REPLACE -> new Outcome(String.valueOf(present), present ? value : null);
            case REPLACE_IF_EQUAL -> new Outcome(String.valueOf(matches), matches ? value : state);
            case GET_AND_PUT -> new Outcome(text(state), value);
            case GET_AND_REMOVE -> new Outcome(text(state), null);
            case GET_AND_REPLACE -> new Outcome(text(state), present ? value : null);
            case INVOKE_INCREMENT -> new Outcome(text(state), incremented(state));
            case CLEAR -> new Outcome(NULL, null);
        };
    }

    static final String NULL = "-";

    private static String incremented(String value) {
        return value == null ? "1" : String.valueOf(Integer.parseInt(value) + 1);
    }

    private static String text(String value) {
        return value == null ? NULL : value;
    }
}
