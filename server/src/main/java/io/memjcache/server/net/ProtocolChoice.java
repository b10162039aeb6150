package io.memjcache.server.net;

import io.memjcache.server.Protocol;
import io.memjcache.server.protocol.binary.BinaryFraming;
import io.netty.buffer.ByteBuf;

/**
 * Which protocol a TCP connection speaks, decided as memcached decides it: by the connection's first byte (the binary
 * protocol's request magic, else the text protocol), unless {@code -B} fixed one for all connections.
 *
 * <p>Internal, not API. Stateless and thread-safe. No method accepts {@code null}.
 */
final class ProtocolChoice {

    private ProtocolChoice() {}

    /**
     * @param configured the server's {@code -B} setting
     * @param first the connection's first input, at least one byte readable
     * @return whether the connection speaks the binary protocol
     */
    static boolean speaksBinary(Protocol configured, ByteBuf first) {
        return configured == Protocol.BINARY
                || (configured == Protocol.AUTO
                        && first.getUnsignedByte(first.readerIndex()) == BinaryFraming.REQUEST_MAGIC);
    }
}
