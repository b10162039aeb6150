package io.memjcache.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection: frames the byte stream into request lines and data blocks, runs each request at once on
 * the connection's event-loop thread (so pipelined requests are answered in order), and gathers the answers of a
 * whole read into one write and flush.
 *
 * <p>Limits: a line other than {@code get}/{@code gets} may not exceed 2048 bytes without a newline and a key line
 * 1 MiB (memcached closes such connections; so do we); a data block is read straight into the item it will become,
 * never into the input buffer; when the client does not read its answers and the outbound buffer passes its high
 * water mark, or when the server's output as a whole is over its {@link OutputBudget}, the connection stops reading
 * and executing until there is room again. An answer too long to build at once (a multi-key get, a key dump) is
 * written part by part, and after a few parts the connection yields its event loop to the other connections on it.
 * A write that fails (out of direct memory, say) closes the connection: what follows it can never be sent in step.
 *
 * <p>Not thread-safe: confined to its event loop. Fields are null only before the channel is active.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    static final int MAX_LINE = 2048;
    static final int MAX_KEY_LINE = 1024 * 1024;
    /** Answers are handed to the channel in parts of about this size; a long answer writes one such part at a time. */
    static final int OUT_CHUNK = 64 * 1024;
    /** How many parts of a long answer are written before the connection lets the others on its event loop run. */
    private static final int PARTS_PER_TURN = 4;

    private static final int COPY_VALUE_LIMIT = 4096;
    private static final byte BINARY_MAGIC = (byte) 0x80;

    final ServerContext server;
    final RequestLine line = new RequestLine();
    final KeyBuffer key = new KeyBuffer();
    final MetaFlags metaFlags = new MetaFlags();
    final long id;

    private ChannelHandlerContext ctx;
    private @Nullable ByteBuf in;
    private @Nullable ByteBuf out;
    private boolean started;
    private boolean closing;
    /** Reading is stopped until the client catches up, the output budget has room, or the next turn comes. */
    private boolean held;
    /** Bytes this connection handed to the channel that are not written yet. */
    private long queued;

    /** Data block being read: the item array, where the value starts, and how much is filled. */
    private byte @Nullable [] dataTarget;

    private int dataFilled;
    private @Nullable DataCompletion dataCompletion;
    /** Bytes still to discard after a refused storage request. */
    private long swallowRemaining;
    /** An answer too long to build at once (a key dump), written part by part as the client reads. */
    private @Nullable LongResponse longResponse;

    /** Whether the request being executed asked for no answer (text protocol {@code noreply}, meta {@code q}). */
    boolean noreply;

    volatile long lastCommandAt;
    volatile String state = "conn_new_cmd";

    @SuppressWarnings("NullAway.Init") // ctx is set by channelActive, which Netty calls before any other event
    ConnectionHandler(ServerContext server, long id) {
        this.server = server;
        this.id = id;
    }

    /** An answer written in parts, so that its size never sits in memory at once. */
    interface LongResponse {
        /**
         * Writes the next part into {@link #out()}.
         *
         * @return true when the answer is complete
         */
        boolean writeMore(ConnectionHandler c);
    }

    /** What to do once a storage request's data block has arrived. */
    interface DataCompletion {
        /**
         * @param data the item array (key, value, terminator)
         * @param validTerminator whether the block ended with {@code \r\n}
         */
        void complete(ConnectionHandler c, byte[] data, boolean validTerminator);

        /** The connection closed before the block arrived: release what was reserved. */
        void abandon();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.connectionOpened(this, ctx.channel());
        lastCommandAt = server.store.now();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        server.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        longResponse = null;
        if (in != null) {
            in.release();
            in = null;
        }
        if (out != null) {
            out.release();
            out = null;
        }
        if (dataCompletion != null) {
            dataCompletion.abandon();
            dataCompletion = null;
            dataTarget = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf chunk = (ByteBuf) msg;
        server.stats.bytesRead.add(chunk.readableBytes());
        if (closing) {
            chunk.release();
            return;
        }
        if (!started && chunk.isReadable()) {
            started = true;
            if (chunk.getByte(chunk.readerIndex()) == BINARY_MAGIC) {
                BinaryRefusal.refuse(ctx, chunk);
                closing = true;
                return;
            }
        }
        in = in == null ? chunk : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, chunk);
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushOut();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (held && ctx.channel().isWritable()) {
            resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Goes on with held work; reading starts again unless the connection had to stop once more. */
    private void resume() {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        held = false;
        process();
        flushOut();
        if (!held && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer: nothing to answer, the connection is gone. Anything else is a defect met while
        // executing a request; the connection cannot be trusted to be in step, so it is closed all the same.
        if (!(cause instanceof IOException)) {
            server.internalErrors.increment();
        }
        server.logConnectionError(this, cause);
        ChannelFuture unused = ctx.close(); // nothing is left to do however the close ends
    }

    /** Runs every complete request in the input buffer, in order, until it is empty or the client lags behind. */
    private void process() {
        if (!continueLongResponse()) {
            return;
        }
        while (in != null && in.isReadable() && !closing) {
            if (!mayWrite()) {
                hold();
                break;
            }
            if (swallowRemaining > 0) {
                int n = (int) Math.min(swallowRemaining, in.readableBytes());
                in.skipBytes(n);
                swallowRemaining -= n;
            } else if (dataTarget != null && dataCompletion != null) {
                if (!readData(in, dataTarget, dataCompletion)) {
                    break;
                }
            } else if (!readLine(in) || !continueLongResponse()) {
                break;
            }
        }
        if (in != null && !in.isReadable()) {
            in.release();
            in = null;
        } else if (in != null && in.readerIndex() > OUT_CHUNK) {
            in.discardReadBytes();
        }
        if (out != null && out.readableBytes() >= OUT_CHUNK) {
            sendOut();
        }
    }

    /**
     * Writes the pending long answer while the client keeps up.
     *
     * @return false if the client lags behind (the connection is held until it catches up)
     */
    private boolean continueLongResponse() {
        int parts = 0;
        while (longResponse != null && !closing) {
            if (!mayWrite()) {
                hold();
                return false;
            }
            if (parts++ == PARTS_PER_TURN) {
                yieldTurn();
                return false;
            }
            boolean done = longResponse.writeMore(this);
            sendOut();
            if (done) {
                longResponse = null;
            }
        }
        return true;
    }

    /** Answers the current request with {@code response}, written part by part after the request returns. */
    void respondInParts(LongResponse response) {
        this.longResponse = response;
    }

    /**
     * @return whether this connection's output has room for more answers, and the server's too unless this
     *     connection has nothing waiting (so a client that reads its answers is served even when others hoard)
     */
    private boolean mayWrite() {
        return ctx.channel().isWritable() && (queued == 0 || !server.output.exhausted());
    }

    /**
     * Stops reading until there is room for output again: the channel says when the client caught up
     * ({@link #channelWritabilityChanged}), the budget when the server's output shrank.
     */
    private void hold() {
        stopReading();
        if (ctx.channel().isWritable()) {
            server.output.await(() -> ctx.executor().execute(this::resume));
        }
    }

    /** Lets the other connections on this event loop run, then goes on with the long answer. */
    private void yieldTurn() {
        stopReading();
        ctx.executor().execute(this::resume);
    }

    private void stopReading() {
        if (!held) {
            held = true;
            server.stats.connYields.increment();
            ctx.channel().config().setAutoRead(false);
        }
        flushOut();
    }

    private boolean readLine(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int newline = in.indexOf(start, end, (byte) '\n');
        if (newline < 0) {
            int waiting = end - start;
            if (waiting > MAX_LINE && (!RequestLine.looksLikeKeyLine(in, start, end) || waiting > MAX_KEY_LINE)) {
                // memcached drops a connection whose line will not end; answering would only desynchronise it.
                closeAfterFlush();
            }
            return false;
        }
        int lineEnd = newline;
        if (lineEnd - start > 1 && in.getByte(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        in.readerIndex(newline + 1);
        line.parse(in, start, lineEnd);
        lastCommandAt = server.store.now();
        server.dispatcher.dispatch(this);
        if (out != null && out.readableBytes() >= OUT_CHUNK) {
            sendOut();
        }
        return true;
    }

    /** Reads into {@code data}, the pending data block; completes it with {@code completion} once it is full. */
    private boolean readData(ByteBuf in, byte[] data, DataCompletion completion) {
        int want = data.length - dataFilled;
        int n = Math.min(want, in.readableBytes());
        in.readBytes(data, dataFilled, n);
        dataFilled += n;
        if (dataFilled < data.length) {
            return false;
        }
        dataTarget = null;
        dataCompletion = null;
        state = "conn_new_cmd";
        boolean valid = data[data.length - 2] == '\r' && data[data.length - 1] == '\n';
        completion.complete(this, data, valid);
        return true;
    }

    /**
     * Reads the data block of a storage request into {@code data}, after the key bytes already in it.
     *
     * @param data the array of the item to be: key, then room for the value and its terminator
     * @param keyLength where the value starts
     */
    void expectData(byte[] data, int keyLength, DataCompletion completion) {
        this.dataTarget = data;
        this.dataFilled = keyLength;
        this.dataCompletion = completion;
        this.state = "conn_nread";
    }

    /** Discards the next {@code bytes} bytes of input (the data block of a refused storage request). */
    void swallow(long bytes) {
        this.swallowRemaining = bytes;
        this.state = "conn_swallow";
    }

    /** @return whether more input than the current request is already waiting (memcached refuses some then) */
    boolean hasPipelinedInput() {
        return in != null && in.isReadable();
    }

    /** @return the buffer answers are written to; it is sent when the read batch ends */
    ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(1024);
        }
        return out;
    }

    /**
     * Answers the current request with one line, unless it asked for {@code noreply}; like memcached, this also
     * swallows error lines of a {@code noreply} request and ends its {@code noreply} state.
     */
    void reply(byte[] text) {
        if (noreply) {
            noreply = false;
            return;
        }
        writeLine(text);
    }

    /** Writes a line such as {@code STORED} followed by {@code \r\n}. */
    void writeLine(byte[] text) {
        ByteBuf o = out();
        o.writeBytes(text);
        o.writeBytes(Ascii.CRLF);
    }

    /** Writes an item's value and its terminator: copied when small, shared (never copied) when large. */
    void writeValue(Item item) {
        int length = item.valueLength() + 2;
        if (length <= COPY_VALUE_LIMIT) {
            out().writeBytes(item.data, item.keyLength, length);
        } else {
            sendOut();
            write(Unpooled.wrappedBuffer(item.data, item.keyLength, length));
        }
    }

    /** Stops reading, sends what is pending, then closes (after {@code quit}, an HTTP request, an endless line). */
    void closeAfterFlush() {
        closing = true;
        state = "conn_closing";
        sendOut();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void flushOut() {
        sendOut();
        ctx.flush();
    }

    /** Hands the pending answers to the channel (not yet flushed). */
    private void sendOut() {
        if (out != null) {
            if (out.isReadable()) {
                write(out);
            } else {
                out.release();
            }
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
            if (queued == 0 && held && done.isSuccess()) {
                // Held for the budget, it may go on now that its own answers are out (later, not inside a write).
                ctx.executor().execute(this::resume);
            }
            if (!done.isSuccess()) {
                if (!closing) {
                    closing = true;
                    state = "conn_closing";
                    server.logConnectionError(this, done.cause());
                }
                // The failure itself is reported above; the close's own outcome changes nothing.
                ChannelFuture unusedClose = ctx.close();
            }
        });
    }
}
