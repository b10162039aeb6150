package io.memjcache.jcache.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One answer as {@link AnswerDecoder} frames it from an asynchronous channel: a response line, and the data block
 * after it when the line is {@code VA <size> ...}. A command reads it as it reads a blocking connection, through
 * {@link MetaInput}: the value it asks for must be the block decoded, and there is no further line (the commands
 * the asynchronous client sends answer with one line and at most one block).
 *
 * <p>Immutable once decoded; used by the channel's I/O thread. {@link #value()} is null for a line without a block.
 */
final class AnswerFrame implements MetaInput {

    private final ResponseLine line;
    private final byte @Nullable [] value;

    AnswerFrame(ResponseLine line, byte @Nullable [] value) {
        this.line = line;
        this.value = value;
    }

    /** @return the answer's first line */
    ResponseLine line() {
        return line;
    }

    /** @return the data block that followed the line, or null if none did */
    byte @Nullable [] value() {
        return value;
    }

    @Override
    public byte[] readValue(int size) throws IOException {
        byte[] block = value;
        if (block == null || block.length != size) {
            throw new IOException("answer '" + line + "' has no data block of " + size + " bytes");
        }
        return block;
    }

    @Override
    public String readLine() throws IOException {
        throw new IOException("answer '" + line + "' is one line; a multi-line answer cannot be read asynchronously");
    }

    @Override
    public String toString() {
        return value == null ? line.text() : line.text() + " + " + value.length + " bytes";
    }
}
