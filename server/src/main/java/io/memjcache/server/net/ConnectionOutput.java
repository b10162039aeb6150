package io.memjcache.server.net;

import io.memjcache.server.store.Item;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The output side of one connection: the buffer answers are gathered in, handing it to the channel in parts, and
 * the accounting of bytes handed over but not yet written, against the connection's own limit and the server's
 * {@link OutputBudget}. A large value is handed over in slices, each only when there is room for it, so that a
 * client that does not read holds at most one slice of direct memory beyond the limits (the transport copies every
 * heap buffer into direct memory as it is handed over): until the value is out, it and the answers after it wait
 * in a backlog, and the connection executes no further request. A write that fails is reported to the connection,
 * which closes: what follows it can never be sent in step. Internal, not API.
 *
 * <p>Not thread-safe: confined to its connection's event loop. The buffer is null whenever nothing is pending, the
 * backlog whenever nothing waits in it.
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

    /** A large value is handed to the channel in slices of this size. */
    static final int SLICE = ConnectionHandler.OUT_CHUNK;

    private final ConnectionHandler connection;
    private final ServerContext server;
    private final ChannelHandlerContext ctx;
    private @Nullable ByteBuf out;
    /** Bytes this connection handed to the channel that are not written yet. */
    private long queued;
    /**
     * What waits, in order, for a large value to be handed over: the rest of that value ({@link ValueSlices}), then
     * the answers after it (buffers, or further large values). Null when nothing waits.
     */
    private @Nullable ArrayDeque<Object> backlog;
    /** The connection closes once the backlog is written ({@code quit} after a large value). */
    private boolean closeWhenSent;

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

    /**
     * Writes an item's value and its terminator: copied into the output buffer unless large, in which case it is
     * handed over slice by slice as there is room (the item's array is never changed once stored, so it may be read
     * later).
     */
    void writeValue(Item item) {
        int length = item.valueLength() + 2;
        if (length <= COPY_VALUE_LIMIT) {
            buffer().writeBytes(item.data, item.keyLength(), length);
        } else {
            send();
            ArrayDeque<Object> b = backlog;
            if (b == null) {
                b = new ArrayDeque<>();
                backlog = b;
            }
            b.add(new ValueSlices(item.data, item.keyLength(), length));
            drain();
        }
    }

    /**
     * Hands over what waits in the backlog while there is room, then tells whether more answers may be produced.
     *
     * @return whether nothing waits in the backlog and this connection's output has room for more answers, and the
     *     server's too unless this connection has nothing waiting (so a client that reads its answers is served even
     *     when others hoard)
     */
    boolean mayWrite() {
        return drain() && hasRoom();
    }

    private boolean hasRoom() {
        return ctx.channel().isWritable() && (queued == 0 || !server.output.exhausted());
    }

    /**
     * Hands over what waits in the backlog, slice by slice, while there is room.
     *
     * @return whether the backlog is empty now
     */
    boolean drain() {
        ArrayDeque<Object> b = backlog;
        if (b == null) {
            return true;
        }
        while (!b.isEmpty() && hasRoom()) {
            Object next = b.peek();
            if (next instanceof ValueSlices value) {
                ByteBuf slice = ctx.alloc().ioBuffer(Math.min(SLICE, value.remaining()));
                value.copyNext(slice);
                if (value.remaining() == 0) {
                    b.poll();
                }
                write(slice);
            } else {
                b.poll();
                write((ByteBuf) next);
            }
        }
        if (!b.isEmpty()) {
            return false;
        }
        backlog = null;
        if (closeWhenSent) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        return true;
    }

    /** @return whether answers wait, not yet handed to the channel */
    boolean unsent() {
        return pending() > 0 || backlog != null;
    }

    /** Hands the pending answers to the channel, as far as there is room for a backlog, and flushes. */
    void flush() {
        send();
        drain();
        ctx.flush();
    }

    /** Hands the pending answers to the channel (not yet flushed), or to the backlog if anything waits there. */
    void send() {
        ByteBuf o = out;
        if (o != null) {
            out = null;
            if (!o.isReadable()) {
                o.release();
            } else if (backlog != null) {
                backlog.add(o);
            } else {
                write(o);
            }
        }
    }

    /** Sends what is pending, the backlog as the client reads it, then closes the connection. */
    void closeWhenSent() {
        send();
        closeWhenSent = true;
        if (backlog == null) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            flush();
        }
    }

    /** Drops what was not handed to the channel yet (the connection is gone). */
    void release() {
        if (out != null) {
            out.release();
            out = null;
        }
        ArrayDeque<Object> b = backlog;
        if (b != null) {
            backlog = null;
            for (Object waiting : b) {
                if (waiting instanceof ByteBuf buffer) {
                    buffer.release();
                }
            }
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

    /** The part of a large value not handed to the channel yet. Confined to its connection's event loop. */
    private static final class ValueSlices {
        private final byte[] data;
        private int from;
        private final int end;

        ValueSlices(byte[] data, int from, int length) {
            this.data = data;
            this.from = from;
            this.end = from + length;
        }

        int remaining() {
            return end - from;
        }

        /** Copies the next slice into {@code slice}, as much as it has room for. */
        void copyNext(ByteBuf slice) {
            int length = Math.min(slice.writableBytes(), remaining());
            slice.writeBytes(data, from, length);
            from += length;
        }
    }
}
