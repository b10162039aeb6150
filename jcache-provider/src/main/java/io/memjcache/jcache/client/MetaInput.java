package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * Where a {@link MetaCommand} reads the rest of its answer after the first line: the input buffer of a blocking
 * {@link MetaConnection}, or one frame decoded from an asynchronous channel ({@code AnswerFrame}), which holds the
 * line's data block and no further line.
 *
 * <p>Implementations are used by one thread at a time. Nothing returns {@code null}.
 */
interface MetaInput {

    /** Reads a value block of {@code size} bytes and the line end after it. */
    byte[] readValue(int size) throws IOException;

    /** Reads the next line, without its line end. */
    String readLine() throws IOException;
}
