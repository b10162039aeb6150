package io.memjcache.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Answers a client that opens with memcached's binary protocol (first byte 0x80), which this server does not speak
 * yet: one binary response with status 0x0083 "not supported" and a readable message, echoing the request's opcode
 * and opaque so the client can report it, then the connection is closed. Stateless.
 *
 * <p>Internal, not API.
 */
final class BinaryRefusal {

    private static final byte RESPONSE_MAGIC = (byte) 0x81;
    private static final long LINGER_SECONDS = 2;
    private static final short STATUS_NOT_SUPPORTED = 0x0083;
    private static final byte[] MESSAGE =
            "binary protocol is not supported; use the text or meta protocol".getBytes(StandardCharsets.US_ASCII);

    private BinaryRefusal() {}

    static void refuse(ChannelHandlerContext ctx, ByteBuf request) {
        int at = request.readerIndex();
        byte opcode = request.readableBytes() > 1 ? request.getByte(at + 1) : 0;
        int opaque = request.readableBytes() >= 16 ? request.getInt(at + 12) : 0;
        request.release();
        ByteBuf response = ctx.alloc().buffer(24 + MESSAGE.length);
        response.writeByte(RESPONSE_MAGIC);
        response.writeByte(opcode);
        response.writeShort(0);
        response.writeByte(0);
        response.writeByte(0);
        response.writeShort(STATUS_NOT_SUPPORTED);
        response.writeInt(MESSAGE.length);
        response.writeInt(opaque);
        response.writeLong(0);
        response.writeBytes(MESSAGE);
        // Closing at once with the rest of the request unread would reset the connection and could destroy the
        // answer before the client reads it: half-close instead, discard what still arrives, close a little later.
        ctx.writeAndFlush(response).addListener(written -> {
            Channel channel = ctx.channel();
            // The outcome of the half-close and the close does not matter: either way the connection ends.
            if (channel instanceof DuplexChannel duplex && written.isSuccess()) {
                Future<?> unusedHalfClose = duplex.shutdownOutput();
                Future<?> unusedLater =
                        channel.eventLoop().schedule(() -> close(channel), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                close(channel);
            }
        });
    }

    private static void close(Channel channel) {
        Future<?> unused = channel.close();
    }
}
