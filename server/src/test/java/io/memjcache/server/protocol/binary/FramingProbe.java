package io.memjcache.server.protocol.binary;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A connection that frames its input with {@link BinaryFraming} and answers with {@link BinaryResponses}, without
 * a store: every valid request succeeds, a value is read into an array sized by the request once it is within the
 * item size limit (else refused "too large" and discarded, as the server does), and SASL PLAIN accepts the user
 * {@code u} with password {@code p}. It records what the framing made it allocate and keep, so tests can check
 * that lying lengths cost nothing.
 *
 * <p>Not thread-safe: confined to its channel's event loop.
 */
final class FramingProbe extends ChannelInboundHandlerAdapter implements BinaryFraming.Session {

    static final byte[] GOOD_PLAIN = "\0u\0p".getBytes(StandardCharsets.US_ASCII);

    private final int maxItemSize;
    private final BinaryFraming framing;
    private ChannelHandlerContext ctx;
    private ByteBuf in = Unpooled.EMPTY_BUFFER;

    int largestValueAllocated;
    int largestInputKept;
    int executed;

    @SuppressWarnings("NullAway.Init") // set by handlerAdded, before any input
    FramingProbe(int maxItemSize, boolean saslRequired) {
        this.maxItemSize = maxItemSize;
        this.framing = new BinaryFraming(this, saslRequired);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf chunk = (ByteBuf) msg;
        in = in.isReadable() ? Unpooled.wrappedBuffer(in, chunk) : chunk;
        framing.decode(in);
        if (!in.isReadable()) {
            in.release();
            in = Unpooled.EMPTY_BUFFER;
        } else {
            ByteBuf kept = Unpooled.copiedBuffer(in);
            in.release();
            in = kept;
            largestInputKept = Math.max(largestInputKept, kept.readableBytes());
        }
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        framing.release();
        in.release();
        in = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void execute(BinaryRequest request) {
        executed++;
        long valueLength = request.valueLength();
        int command = request.command();
        if (command == Opcodes.SASL_AUTH || command == Opcodes.SASL_STEP) {
            readThen(request, valueLength, value -> {
                boolean good = Arrays.equals(value, GOOD_PLAIN);
                framing.authenticated(good);
                answer(request, good ? Status.SUCCESS : Status.AUTH_ERROR);
            });
        } else if (valueLength > 0) {
            readThen(request, valueLength, value -> answer(request, Status.SUCCESS));
        } else {
            answer(request, Status.SUCCESS);
        }
    }

    private void readThen(BinaryRequest request, long valueLength, Consumer<byte[]> then) {
        if (valueLength > maxItemSize) {
            answer(request, Status.TOO_LARGE);
            framing.swallow(valueLength);
            return;
        }
        largestValueAllocated = Math.max(largestValueAllocated, (int) valueLength);
        framing.readValue(new byte[(int) valueLength], 0, (int) valueLength, new BinaryFraming.ValueCompletion() {
            @Override
            public void complete(byte[] target) {
                then.accept(target);
            }

            @Override
            public void abandon() {}
        });
    }

    private void answer(BinaryRequest request, Status status) {
        ByteBuf out = ctx.alloc().buffer();
        if (status == Status.SUCCESS) {
            BinaryResponses.success(out, request, 0, new byte[0]);
        } else {
            BinaryResponses.error(out, request, status);
        }
        Future<?> unused = ctx.write(out, ctx.voidPromise());
    }

    @Override
    public void refuse(BinaryRequest request, Status status, boolean close) {
        ByteBuf out = ctx.alloc().buffer();
        BinaryResponses.error(out, request, status);
        if (close) {
            Future<?> unused = ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            Future<?> unused = ctx.write(out, ctx.voidPromise());
        }
    }

    @Override
    public void abort() {
        // Answers written before the garbage go out first; closing with them unflushed would fail their writes.
        Future<?> unused = ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
