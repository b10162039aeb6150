package io.memjcache.server.stats;

import io.memjcache.server.store.Murmur3;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * {@code stats detail}: per-prefix counts of gets, hits, sets and deletes for keys that contain the prefix delimiter
 * {@code ':'}, reported by {@code stats detail dump} in memcached's order (its 256 hash buckets, murmur3 of the
 * prefix, newest first within a bucket). Off until {@code stats detail on}. Thread-safe (synchronized; only
 * consulted when enabled).
 *
 * <p>Internal, not API.
 */
public final class PrefixStats {

    private static final int BUCKETS = 256;
    private static final byte DELIMITER = ':';

    /** One prefix's counters. */
    private static final class Entry {
        final byte[] prefix;
        long gets;
        long hits;
        long sets;
        long deletes;

        @Nullable
        Entry next;

        Entry(byte[] prefix) {
            this.prefix = prefix;
        }
    }

    private final Entry[] buckets = new Entry[BUCKETS];
    private volatile boolean enabled;

    boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    public void recordGet(byte[] key, int length, boolean hit) {
        if (enabled) {
            record(key, length, hit ? 2 : 1, 0, 0);
        }
    }

    public void recordSet(byte[] key, int length) {
        if (enabled) {
            record(key, length, 0, 1, 0);
        }
    }

    public void recordDelete(byte[] key, int length) {
        if (enabled) {
            record(key, length, 0, 0, 1);
        }
    }

    private synchronized void record(byte[] key, int length, int get, int set, int delete) {
        Entry e = find(key, length);
        if (e == null) {
            return;
        }
        if (get > 0) {
            e.gets++;
            if (get == 2) {
                e.hits++;
            }
        }
        e.sets += set;
        e.deletes += delete;
    }

    /** memcached matches an existing prefix by comparing only the new prefix's length; so do we. */
    private @Nullable Entry find(byte[] key, int length) {
        int prefixLength = -1;
        for (int i = 0; i < length && key[i] != 0; i++) {
            if (key[i] == DELIMITER) {
                prefixLength = i;
                break;
            }
        }
        if (prefixLength < 0) {
            return null;
        }
        int bucket = Integer.remainderUnsigned(Murmur3.hash32(key, prefixLength), BUCKETS);
        for (Entry e = buckets[bucket]; e != null; e = e.next) {
            if (e.prefix.length >= prefixLength
                    && java.util.Arrays.equals(e.prefix, 0, prefixLength, key, 0, prefixLength)) {
                return e;
            }
        }
        Entry created = new Entry(java.util.Arrays.copyOf(key, prefixLength));
        created.next = buckets[bucket];
        buckets[bucket] = created;
        return created;
    }

    public synchronized void dump(ByteBuf out) {
        for (Entry head : buckets) {
            for (Entry e = head; e != null; e = e.next) {
                Ascii.write(out, "PREFIX ");
                out.writeBytes(e.prefix);
                Ascii.write(out, " get ");
                Ascii.writeUnsigned(out, e.gets);
                Ascii.write(out, " hit ");
                Ascii.writeUnsigned(out, e.hits);
                Ascii.write(out, " set ");
                Ascii.writeUnsigned(out, e.sets);
                Ascii.write(out, " del ");
                Ascii.writeUnsigned(out, e.deletes);
                Ascii.crlf(out);
            }
        }
    }

    public synchronized void clear() {
        java.util.Arrays.fill(buckets, null);
    }
}
