package io.memjcache.jcache.client;

/**
 * What tests outside this package may ask a client about its servers. Stateless; arguments must not be
 * {@code null}.
 */
public final class ClientProbe {

    private ClientProbe() {}

    /** @return whether the client currently skips server {@code index} (configuration order) as down */
    public static boolean isMarkedDown(MemcachedClient client, int index) {
        return client.pool(index).isDown();
    }
}
