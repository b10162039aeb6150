package io.memjcache.server.net;

import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.protocol.binary.BinaryCommands;
import io.memjcache.server.protocol.meta.MetaFlags;
import io.memjcache.server.protocol.text.AsciiAuthHandshake;
import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.KeyBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection: its input is framed by {@link RequestFraming}, each request runs at once on the
 * connection's event-loop thread (so pipelined requests are answered in order), and the answers of a whole read go
 * out in one write and flush through {@link ConnectionOutput}. When the client does not read its answers, or the
 * server's output is over its {@link OutputBudget}, the connection stops reading and executing until there is room
 * again; an answer too long to build at once is written part by part, yielding the event loop every few parts, and
 * so does a pipeline of more requests than memcached's {@code -R} allows in one turn ({@link FlowControl}).
 *
 * <p>With ASCII authentication ({@code -Y}), requests go to an {@link AsciiAuthHandshake} until the client has
 * authenticated. On a TLS listener the pipeline's {@code SslHandler} comes first, so this handler sees plaintext.
 *
 * <p>Internal, not API. Not thread-safe: confined to its event loop. Fields are null only before the channel is
 * active.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    /** Answers are handed to the channel in parts of about this size; a long answer writes one such part at a time. */
    public static final int OUT_CHUNK = 64 * 1024;

    public final ServerContext server;
    public final RequestLine line = new RequestLine();
    public final KeyBuffer key = new KeyBuffer();
    public final MetaFlags metaFlags = new MetaFlags();
    public final long id;
    /** Runs one UDP datagram's requests: not a client connection (not counted, listed or logged as one). */
    private final boolean datagram;

    private ChannelHandlerContext ctx;
    private @Nullable ByteBuf in;
    private ConnectionOutput output;
    private boolean started;
    private boolean closing;
    private FlowControl flow;

    private final RequestFraming framing = new RequestFraming();
    /** Until the client authenticates ({@code -Y}): what reads its requests instead; null once it has. */
    private @Nullable AsciiAuthGate authentication;
    /** The binary protocol's requests, once the first byte (or {@code -B binary}) chose it; else null. */
    private @Nullable BinaryCommands binary;

    /** Set once the connection ran {@code watch}: from then on it only sends log lines, and input is ignored. */
    private @Nullable WatcherOutput watching;
    /** How {@code conn_close} explains the end: memcached's {@code normal} unless an error closed the connection. */
    private String closeReason = "normal";

    /** Whether the request being executed asked for no answer (text protocol {@code noreply}, meta {@code q}). */
    public boolean noreply;

    public volatile long lastCommandAt;
    public volatile String state = "conn_new_cmd";

    ConnectionHandler(ServerContext server, long id) {
        this(server, id, false);
    }

    @SuppressWarnings(
            "NullAway.Init") // ctx and output are set by channelActive, which Netty calls before any other event
    ConnectionHandler(ServerContext server, long id, boolean datagram) {
        this.server = server;
        this.id = id;
        AuthFile users = server.auth();
        this.authentication = users == null ? null : new AsciiAuthGate(this, server, users);
        this.datagram = datagram;
        this.key.cfd = (int) id;
    }

    /** @return whether this handler runs a UDP datagram's requests rather than a TCP connection's */
    public boolean isDatagram() {
        return datagram;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.output = new ConnectionOutput(this, server, ctx);
        this.flow = new FlowControl(this, server, ctx, output, this::resume);
        lastCommandAt = server.store.now();
        if (datagram) {
            ctx.fireChannelActive();
            return;
        }
        server.connectionOpened(this, ctx.channel());
        ConnectionEvents.opened(server, ctx.channel(), key.cfd);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        if (datagram) {
            ctx.fireChannelInactive();
            return;
        }
        server.connectionClosed(this);
        if (watching != null) {
            watching.stop();
        }
        ConnectionEvents.closed(server, ctx.channel(), key.cfd, closeReason);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (flow != null) {
            flow.drop();
        }
        if (in != null) {
            in.release();
            in = null;
        }
        if (output != null) {
            output.release();
        }
        framing.abandon();
        if (binary != null) {
            binary.framing().release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf chunk = (ByteBuf) msg;
        server.stats.bytesRead.add(chunk.readableBytes());
        if (closing || watching != null) {
            chunk.release();
            return;
        }
        if (!started && chunk.isReadable()) {
            started = true;
            // With ASCII authentication a connection speaks only the text protocol: a binary request is just a line.
            if (authentication == null && ProtocolChoice.speaksBinary(server.config.protocol(), chunk)) {
                binary = new BinaryCommands(this, server.saslUsers);
            }
        }
        in = in == null ? chunk : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, chunk);
        flow.read();
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        output.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (watching != null && ctx.channel().isWritable()) {
            watching.drain();
        } else if (flow.held() && ctx.channel().isWritable()) {
            resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Goes on with held work; reading starts again unless the connection had to stop once more. */
    private void resume() {
        // A closing connection may still have the rest of a large value to send before it closes.
        if (!ctx.channel().isActive()) {
            return;
        }
        flow.resumed();
        process();
        output.flush();
        if (!flow.held() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer, or TLS records it garbled (the TLS handler reports those wrapped): nothing to answer,
        // the connection is gone. Anything else is a defect met while executing a request; the connection cannot
        // be trusted to be in step, so it is closed all the same.
        boolean peerFault = cause instanceof IOException
                || (cause instanceof DecoderException && cause.getCause() instanceof IOException);
        if (!peerFault) {
            server.internalErrors.increment();
        }
        closeReason = "error";
        server.logConnectionError(this, cause);
        ChannelFuture unused = ctx.close(); // nothing is left to do however the close ends
    }

    /** Runs every complete request in the input buffer, in order, until it is empty or the client lags behind. */
    private void process() {
        if (!flow.continueLongResponse()) {
            return;
        }
        while (in != null && in.isReadable() && !closing && watching == null) {
            if (!output.mayWrite()) {
                flow.hold();
                break;
            }
            AsciiAuthGate gate = authentication;
            BinaryCommands binaryCommands = binary;
            if (gate != null) {
                if (!gate.process(in)) {
                    break;
                }
            } else if (binaryCommands != null) {
                if (!binaryCommands.framing().decodeOne(in)) {
                    break;
                }
            } else if (framing.inBlock()) {
                if (!framing.readBlock(in, this)) {
                    break;
                }
            } else if (!flow.mayExecute()) {
                break;
            } else if (!framing.readLine(in, this) || !flow.continueLongResponse()) {
                break;
            }
        }
        if (in != null && !in.isReadable()) {
            in.release();
            in = null;
        } else if (in != null && in.readerIndex() > OUT_CHUNK) {
            in.discardReadBytes();
        }
        if (output.pending() >= OUT_CHUNK) {
            output.send();
        }
        if (!flow.held() && !output.drain()) {
            // A large value is still being sent and no request is left to find that out: wait for room.
            flow.hold();
        }
    }

    /** The client authenticated ({@code -Y}): its requests go to the commands from now on. */
    void authenticated() {
        authentication = null;
    }

    /** Answers the current request with {@code response}, written part by part after the request returns. */
    public void respondInParts(LongResponse response) {
        flow.respondInParts(response);
    }

    boolean isClosing() {
        return closing;
    }

    /** @return whether answers of earlier requests are still waiting to be sent (memcached refuses watch then) */
    public boolean hasUnsentOutput() {
        return output.unsent();
    }

    /**
     * Turns this connection into a log watcher ({@code watch}): answers {@code OK}, then sends the lines the
     * watcher queues as fast as the client reads them; input is ignored from now on, as memcached does.
     *
     * @return false if the server already has its maximum of watchers (nothing changed)
     */
    public boolean startWatching(int flags) {
        WatcherOutput w = WatcherOutput.register(ctx, server, flags);
        if (w == null) {
            return false;
        }
        watching = w;
        state = "conn_watch";
        w.confirm(output);
        return true;
    }

    /** Executes the request line just framed into {@link #line}. */
    void execute() {
        flow.executed();
        lastCommandAt = server.store.now();
        server.dispatcher.dispatch(this);
        if (output.pending() >= OUT_CHUNK) {
            output.send();
        }
    }

    /**
     * Reads the data block of a storage request into {@code data}, after the key bytes already in it.
     *
     * @param data the array of the item to be: key, then room for the value and its terminator
     * @param keyLength where the value starts
     */
    public void expectData(byte[] data, int keyLength, DataCompletion completion) {
        framing.expect(data, keyLength, completion);
        this.state = "conn_nread";
    }

    /** Discards the next {@code bytes} bytes of input (the data block of a refused storage request). */
    public void swallow(long bytes) {
        framing.swallow(bytes);
        this.state = "conn_swallow";
    }

    /** @return whether more input than the current request is already waiting (memcached refuses some then) */
    public boolean hasPipelinedInput() {
        return in != null && in.isReadable();
    }

    /** @return the buffer answers are written to; it is sent when the read batch ends */
    public ByteBuf out() {
        return output.buffer();
    }

    /**
     * Answers the current request with one line, unless it asked for {@code noreply}; like memcached, this also
     * swallows error lines of a {@code noreply} request and ends its {@code noreply} state.
     */
    public void reply(byte[] text) {
        if (noreply) {
            noreply = false;
            return;
        }
        writeLine(text);
    }

    /** Writes a line such as {@code STORED} followed by {@code \r\n}. */
    public void writeLine(byte[] text) {
        output.writeLine(text);
    }

    /** Writes an item's value and its terminator. */
    public void writeValue(Item item) {
        output.writeValue(item);
    }

    /**
     * Like {@link #closeAfterFlush()} for a client that broke the protocol (an HTTP request, an endless line):
     * {@code watch connevents} reports the close with memcached's {@code reason=error}.
     */
    public void closeForProtocolError() {
        closeReason = "error";
        closeAfterFlush();
    }

    /** Stops reading, sends what is pending, then closes (after {@code quit}, an HTTP request, an endless line). */
    public void closeAfterFlush() {
        closing = true;
        state = "conn_closing";
        output.closeWhenSent();
    }

    /** Everything handed to the channel is written: a connection held for the budget may go on. */
    void outputDrained() {
        if (flow.held()) {
            // Later, not inside the write's listener.
            ctx.executor().execute(this::resume);
        }
    }

    /** A write failed: the answer's bytes are lost, so the connection closes rather than go on out of step. */
    void writeFailed(Throwable cause) {
        if (!closing) {
            closing = true;
            state = "conn_closing";
            server.logConnectionError(this, cause);
        }
        // The failure itself is reported above; the close's own outcome changes nothing.
        ChannelFuture unusedClose = ctx.close();
    }
}
