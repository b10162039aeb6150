package io.memjcache.samples.quickstart;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Adds one view to a page's counter, creating the counter at 1 if the page has none: a read-modify-write that the
 * cache runs atomically for one key, so concurrent counters never lose an increment.
 *
 * <p>Thread-safe (stateless). Serializable because a cache may ship processors to where the entry lives. The entry
 * passed in is never {@code null}; the result (the new count) is never {@code null}.
 */
public final class ViewCounter implements EntryProcessor<String, Integer, Integer>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public Integer process(MutableEntry<String, Integer> entry, Object... arguments) {
        int views = entry.exists() ? entry.getValue() + 1 : 1;
        entry.setValue(views);
        return views;
    }
}
