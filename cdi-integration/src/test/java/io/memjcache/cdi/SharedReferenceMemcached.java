package io.memjcache.cdi;

import io.memjcache.server.testsupport.ReferenceMemcached;

/**
 * One Debian memcached process shared by every test of the JVM run: started at first use, stopped when the JVM
 * exits. Tests keep apart by destroying the caches they created.
 */
final class SharedReferenceMemcached {

    private static ReferenceMemcached memcached;

    private SharedReferenceMemcached() {}

    /** @return the {@code host:port} of the shared memcached, starting it on first use */
    static synchronized String address() {
        if (memcached == null) {
            ReferenceMemcached started = ReferenceMemcached.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "reference-memcached-stop"));
            memcached = started;
        }
        return "127.0.0.1:" + memcached.port();
    }
}
