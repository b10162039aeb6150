package io.memjcache.benchmarks.jcache;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the harness measures: a JCache provider (through {@code javax.cache} only) or a raw memcached client, and
 * the server it needs, if any. Immutable.
 */
enum Target {
    MEMJCACHE_MEMCACHED("memjcache-memcached", Server.MEMCACHED, true),
    MEMJCACHE_EMBEDDED("memjcache-embedded", Server.NONE, true),
    REDISSON("redisson-redis", Server.REDIS, true),
    HAZELCAST("hazelcast-client", Server.HAZELCAST, true),
    CAFFEINE("caffeine", Server.NONE, true),
    EHCACHE("ehcache", Server.NONE, true),
    SPYMEMCACHED("spymemcached", Server.MEMCACHED, false),
    XMEMCACHED("xmemcached", Server.MEMCACHED, false),
    FOLSOM("folsom", Server.MEMCACHED, false),
    WHALIN("whalin", Server.MEMCACHED, false);

    /** The server a target talks to; {@link #NONE} for caches in the load JVM itself. */
    enum Server {
        MEMCACHED,
        REDIS,
        HAZELCAST,
        NONE
    }

    private final String id;
    private final Server server;
    private final boolean jcache;

    Target(String id, Server server, boolean jcache) {
        this.id = id;
        this.server = server;
        this.jcache = jcache;
    }

    /** The name in options and results. */
    String id() {
        return id;
    }

    Server server() {
        return server;
    }

    /** Whether the target is a JCache provider (and runs getAll and invoke), rather than a raw client. */
    boolean jcache() {
        return jcache;
    }

    /** Whether the cache lives in the load JVM, which then gets both CPUs. */
    boolean inProcess() {
        return server == Server.NONE;
    }

    static Target byId(String id) {
        for (Target target : values()) {
            if (target.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return target;
            }
        }
        throw new IllegalArgumentException("unknown target '" + id + "'; the targets are " + ids(List.of(values())));
    }

    static String ids(List<Target> targets) {
        return String.join(",", targets.stream().map(Target::id).toList());
    }

    static List<Target> all() {
        return Arrays.asList(values());
    }
}
