package io.memjcache.server.net;

/**
 * What to do once a storage request's data block has arrived. Internal, not API. Confined to its connection's
 * event loop.
 */
public interface DataCompletion {
    /**
     * @param data the item array (key, value, terminator)
     * @param validTerminator whether the block ended with {@code \r\n}
     */
    void complete(ConnectionHandler c, byte[] data, boolean validTerminator);

    /** The connection closed before the block arrived: release what was reserved. */
    void abandon();
}
