package io.memjcache.server.net;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.memjcache.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * A write the channel refuses (as Netty does when it cannot get direct memory for it) closes the connection: the
 * answers after it are never sent, since the client would read them in place of the missing bytes.
 */
class FailedWriteTest {

    /** Fails every write larger than {@code limit} bytes, like a copy into direct memory that cannot be had. */
    private static final class RefuseLargeWrites extends ChannelOutboundHandlerAdapter {
        private final int limit;

        RefuseLargeWrites(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf && buf.readableBytes() > limit) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new OutOfMemoryError("no direct memory for " + limit + " bytes (simulated)"));
                return;
            }
            // The promise carries the outcome back to the handler under test.
            ChannelFuture unused = ctx.write(msg, promise);
        }
    }

    @Test
    void theConnectionIsClosedInsteadOfSkippingTheValue() {
        ServerContext server = new ServerContext(
                ServerConfig.builder().port(0).build(), new PrintStream(OutputStream.nullOutputStream()));
        EmbeddedChannel channel = new EmbeddedChannel(new RefuseLargeWrites(4096), new ConnectionHandler(server, 1));
        String big = "b".repeat(5000);
        channel.writeInbound(
                Unpooled.copiedBuffer("set big 0 0 5000\r\n" + big + "\r\nset small 0 0 1\r\ns\r\n", ISO_8859_1));
        assertEquals("STORED\r\nSTORED\r\n", drain(channel));

        channel.writeInbound(Unpooled.copiedBuffer("get big small\r\nmn\r\n", ISO_8859_1));
        channel.runPendingTasks();
        String after = drain(channel);
        assertFalse(
                channel.isOpen(),
                "still open after a failed write; it sent " + after.length() + " bytes: "
                        + after.substring(0, Math.min(after.length(), 80)));
        assertFalse(after.contains("VALUE small"), after);
        assertEquals(0, server.output.queued(), "the refused bytes are no longer counted as queued output");
        channel.finishAndReleaseAll();
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            text.append(buf.toString(ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }
}
