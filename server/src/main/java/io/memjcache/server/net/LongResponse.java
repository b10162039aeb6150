package io.memjcache.server.net;

/**
 * An answer written in parts, so that its size never sits in memory at once (a long multi-key get, a key dump).
 * Internal, not API. Confined to its connection's event loop.
 */
public interface LongResponse {
    /**
     * Writes the next part into {@link ConnectionHandler#out()}.
     *
     * @return true when the answer is complete
     */
    boolean writeMore(ConnectionHandler c);
}
