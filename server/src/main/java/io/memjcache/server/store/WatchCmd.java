package io.memjcache.server.store;

import java.util.Locale;

/**
 * What changed an item, as {@code watch} lines name it in {@code cmd=}: memcached's storage commands, and for
 * {@code deleted} lines {@code delete}/{@code md} (memcached 1.6.20) plus this server's reasons for dropping an item
 * nobody deleted ({@code expired}, {@code flushed}) and a {@code set} refused for size or memory, which drops the old
 * value as memcached does. Immutable.
 *
 * <p>Internal, not API.
 */
public enum WatchCmd {
    ADD,
    SET,
    REPLACE,
    APPEND,
    PREPEND,
    CAS,
    INCR,
    DECR,
    DELETE,
    MD,
    EXPIRED,
    FLUSHED;

    final String wire = name().toLowerCase(Locale.ROOT);
}
