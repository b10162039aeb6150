package io.memjcache.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * memcached's UDP transport ({@code -U}). Each datagram carries an 8-byte frame header (request id, sequence
 * number, total datagrams, reserved; big-endian 16-bit fields) and one complete request: text or meta commands,
 * several if the client likes. A datagram of 8 bytes or fewer, or one claiming to be part of a multi-datagram
 * request (total not 1), is dropped without an answer, as memcached does. The answer goes back in datagrams of at
 * most 1,400 bytes, each with the request id, its sequence number from 0 and the total count.
 *
 * <p>The request runs through an ordinary {@link ConnectionHandler} on a throwaway in-memory channel, so UDP
 * answers are exactly the TCP ones; nothing carries over from one datagram to the next (a storage request whose
 * data block is not in the same datagram is dropped). An answer longer than {@link #MAX_RESPONSE} bytes is replaced
 * by a {@code SERVER_ERROR}, so one datagram cannot make the server buffer an unbounded answer; datagrams the socket
 * cannot take at once are dropped, as UDP allows.
 *
 * <p>Confined to the datagram channel's event loop; not thread-safe.
 *
 * <p>Internal, not API.
 */
final class DatagramRequests extends SimpleChannelInboundHandler<DatagramPacket> {

    static final int HEADER = 8;
    /** memcached's {@code UDP_MAX_PAYLOAD_SIZE}: header included. */
    static final int MAX_DATAGRAM = 1400;

    static final int DATA_PER_DATAGRAM = MAX_DATAGRAM - HEADER;
    /** The longest answer sent over UDP (about 12,000 datagrams). */
    static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private static final byte[] TOO_LARGE =
            io.memjcache.server.support.Ascii.bytes("SERVER_ERROR response too large for UDP\r\n");

    private final ServerContext server;

    DatagramRequests(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf in = packet.content();
        server.stats.bytesRead.add(in.readableBytes());
        int start = in.readerIndex();
        if (in.readableBytes() <= HEADER || in.getUnsignedShort(start + 4) != 1) {
            return;
        }
        int requestId = in.getUnsignedShort(start);
        ByteBuf response = execute(ctx, in.retainedSlice(start + HEADER, in.readableBytes() - HEADER));
        try {
            send(ctx, packet.sender(), requestId, response);
        } finally {
            response.release();
        }
    }

    /** Runs the request on a fresh connection handler and gathers its whole answer. */
    private ByteBuf execute(ChannelHandlerContext ctx, ByteBuf request) {
        CompositeByteBuf answer = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        ConnectionHandler handler = new ConnectionHandler(server, server.nextConnectionId(), true);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        try {
            channel.writeInbound(request);
            do {
                channel.runPendingTasks();
                for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
                    answer.addComponent(true, part);
                }
                if (answer.readableBytes() > MAX_RESPONSE) {
                    answer.clear();
                    answer.writeBytes(TOO_LARGE);
                    break;
                }
            } while (channel.hasPendingTasks());
        } finally {
            channel.finishAndReleaseAll();
        }
        return answer;
    }

    private void send(ChannelHandlerContext ctx, InetSocketAddress to, int requestId, ByteBuf answer) {
        int length = answer.readableBytes();
        if (length == 0) {
            return;
        }
        // memcached caps the count at 65,535 too; an answer that long is refused above anyway.
        int total = Math.min(65535, (length + DATA_PER_DATAGRAM - 1) / DATA_PER_DATAGRAM);
        for (int seq = 0; seq < total; seq++) {
            if (!ctx.channel().isWritable()) {
                break;
            }
            int offset = seq * DATA_PER_DATAGRAM;
            int size = Math.min(DATA_PER_DATAGRAM, length - offset);
            ByteBuf datagram = ctx.alloc().buffer(HEADER + size);
            datagram.writeShort(requestId).writeShort(seq).writeShort(total).writeShort(0);
            datagram.writeBytes(answer, answer.readerIndex() + offset, size);
            server.stats.bytesWritten.add(datagram.readableBytes());
            // Sent at once, so that writability reflects the socket; a lost datagram is the client's to handle.
            ChannelFuture unused = ctx.writeAndFlush(new DatagramPacket(datagram, to));
        }
    }
}
