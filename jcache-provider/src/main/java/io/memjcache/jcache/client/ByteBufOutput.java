package io.memjcache.jcache.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes commands into a Netty buffer, for an asynchronous channel: the same bytes a {@link MetaConnection}
 * sends. Not thread-safe: used by the channel's I/O thread, on one buffer at a time ({@link #into}).
 */
final class ByteBufOutput implements MetaOutput {

    private static final byte[] CRLF = {'\r', '\n'};

    private ByteBuf buffer;

    ByteBufOutput(ByteBuf buffer) {
        this.buffer = buffer;
    }

    /** Makes later writes go to {@code next}. */
    void into(ByteBuf next) {
        buffer = next;
    }

    /** @return the buffer written to */
    ByteBuf buffer() {
        return buffer;
    }

    @Override
    public void writeAscii(String text) {
        buffer.writeCharSequence(text, StandardCharsets.US_ASCII);
    }

    @Override
    public void writeBytes(byte[] bytes) {
        buffer.writeBytes(bytes);
    }

    @Override
    public void writeCrlf() {
        buffer.writeBytes(CRLF);
    }
}
