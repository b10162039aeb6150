package io.memjcache.jcache.integration;

import java.util.Collection;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a cache's {@link CacheWriter} (write-through), turning any failure into the {@link CacheWriterException}
 * the JCache specification requires. The batch methods leave in the given collection what the writer did not
 * handle, as {@link CacheWriter} specifies, so the cache applies only the rest.
 *
 * <p>Thread-safe if the writer is. Nothing accepts {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class WriterAdapter<K, V> {

    private final CacheWriter<K, V> writer;

    /** @param writer the application's writer */
    @SuppressWarnings("unchecked") // a writer of supertypes of K and V consumes K and V: narrowing is safe
    public WriterAdapter(CacheWriter<? super K, ? super V> writer) {
        this.writer = (CacheWriter<K, V>) Objects.requireNonNull(writer, "writer");
    }

    /** Writes one entry before the cache stores it. */
    public void write(Cache.Entry<? extends K, ? extends V> entry) {
        try {
            writer.write(entry);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("writing " + entry.getKey() + " failed: " + e, e);
        }
    }

    /** Writes entries; on failure the collection holds those not written. */
    public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
        try {
            writer.writeAll(entries);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("writing failed: " + e, e);
        }
    }

    /** Deletes one key before the cache removes it. */
    public void delete(K key) {
        try {
            writer.delete(key);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("deleting " + key + " failed: " + e, e);
        }
    }

    /** Deletes keys; on failure the collection holds those not deleted. */
    public void deleteAll(Collection<K> keys) {
        try {
            writer.deleteAll(keys);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("deleting failed: " + e, e);
        }
    }

    /** @return the writer, to close it with the cache */
    public CacheWriter<K, V> writer() {
        return writer;
    }
}
