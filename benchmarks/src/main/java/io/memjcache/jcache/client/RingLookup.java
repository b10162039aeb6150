package io.memjcache.jcache.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's {@link KetamaRing} over {@code n} servers ({@code 10.0.0.1:11211} and on, weight 1 each), for the
 * benchmarks: the ring is package-private, so they reach it only through this class.
 *
 * <p>Immutable and thread-safe. Nothing is null.
 */
public final class RingLookup {

    private final KetamaRing ring;

    /** A ring of {@code servers} servers of equal weight on the default port. */
    public RingLookup(int servers) {
        List<ServerAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            addresses.add(ServerAddress.of("10.0.0." + i, ServerAddress.DEFAULT_PORT));
        }
        this.ring = KetamaRing.of(addresses);
    }

    /** @return the index of the server that owns {@code key} */
    public int serverIndex(String key) {
        return ring.serverIndex(key);
    }
}
