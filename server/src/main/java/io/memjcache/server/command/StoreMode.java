package io.memjcache.server.command;

/** How a store treats an existing item: memcached's storage commands. Internal, not API; immutable. */
public enum StoreMode {
    SET,
    ADD,
    REPLACE,
    APPEND,
    PREPEND,
    CAS
}
