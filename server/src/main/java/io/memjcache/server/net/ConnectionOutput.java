package io.memjcache.server.net;

import io.memjcache.server.store.Item;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import org.jspecify.annotations.Nullable;

/**
 * The output side of one connection: the buffer answers are gathered in, handing it to the channel in parts, and
 * the accounting of bytes handed over but not yet written, against the connection's own limit and the server's
 * {@link OutputBudget}. A write that fails is reported to the connection, which closes: what follows it can never
 * be sent in step. Internal, not API.
 *
 * <p>Not thread-safe: confined to its connection's event loop. The buffer is null whenever nothing is pending.
 */
final class ConnectionOutput {

    /**
     * Values up to this size (with their terminator) are copied into the output buffer, so that a hit goes out in one
     * buffer with its header and what follows: the transport copies a heap value into direct memory before sending it
     * anyway, and a value handed over on its own costs a wrapper, a pooled direct buffer, a second output buffer for
     * what follows and a gathering write. Longer values are handed to the channel on their own, so that the output
     * buffer never grows by a whole large value.
     */
    private static final int COPY_VALUE_LIMIT = 16 * 1024;

    private final ConnectionHandler connection;
    private final ServerContext server;
    private final ChannelHandlerContext ctx;
    private @Nullable ByteBuf out;
    /** Bytes this connection handed to the channel that are not written yet. */
    private long queued;

    ConnectionOutput(ConnectionHandler connection, ServerContext server, ChannelHandlerContext ctx) {
        this.connection = connection;
        this.server = server;
        this.ctx = ctx;
    }

    /** @return the buffer answers are written to; it is sent when the read batch ends */
    ByteBuf buffer() {
        ByteBuf o = out;
        if (o == null) {
            o = ctx.alloc().ioBuffer(1024);
            out = o;
        }
        return o;
    }

    /** @return how many bytes wait in the buffer, not yet handed to the channel */
    int pending() {
        return out == null ? 0 : out.readableBytes();
    }

    /** Writes a line such as {@code STORED} followed by {@code \r\n}. */
    void writeLine(byte[] text) {
        ByteBuf o = buffer();
        o.writeBytes(text);
        Ascii.crlf(o);
    }

    /** Writes an item's value and its terminator: copied into the output buffer unless large. */
    void writeValue(Item item) {
        int length = item.valueLength() + 2;
        if (length <= COPY_VALUE_LIMIT) {
            buffer().writeBytes(item.data, item.keyLength(), length);
        } else {
            send();
            write(Unpooled.wrappedBuffer(item.data, item.keyLength(), length));
        }
    }

    /**
     * @return whether this connection's output has room for more answers, and the server's too unless this
     *     connection has nothing waiting (so a client that reads its answers is served even when others hoard)
     */
    boolean mayWrite() {
        return ctx.channel().isWritable() && (queued == 0 || !server.output.exhausted());
    }

    /** Hands the pending answers to the channel and flushes. */
    void flush() {
        send();
        ctx.flush();
    }

    /** Hands the pending answers to the channel (not yet flushed). */
    void send() {
        ByteBuf o = out;
        if (o != null) {
            out = null;
            if (o.isReadable()) {
                write(o);
            } else {
                o.release();
            }
        }
    }

    /** Drops what was not handed to the channel yet (the connection is gone). */
    void release() {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    /**
     * Hands {@code buffer} to the channel, counted against the server's output budget until it is written. If the
     * write fails, the bytes of the answer are lost, so the connection is closed rather than left out of step.
     */
    private void write(ByteBuf buffer) {
        int bytes = buffer.readableBytes();
        server.stats.bytesWritten.add(bytes);
        OutputBudget budget = server.output;
        budget.add(bytes);
        queued += bytes;
        ctx.write(buffer).addListener(done -> {
            budget.release(bytes);
            queued -= bytes;
            if (done.isSuccess()) {
                if (queued == 0) {
                    connection.outputDrained();
                }
            } else {
                connection.writeFailed(done.cause());
            }
        });
    }
}
