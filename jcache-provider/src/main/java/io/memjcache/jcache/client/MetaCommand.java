package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * One meta-protocol request that writes itself to an output and reads its own answer from an input: the same
 * command serves a blocking {@link MetaConnection} (both at once) and an asynchronous channel, which writes into a
 * Netty buffer and reads from a decoded frame.
 *
 * <p>Implementations are immutable and thread-safe; the output and input passed in are used by one thread.
 *
 * @param <R> the result of the request; never null
 */
interface MetaCommand<R> {

    /** Appends the request (command line and any data block) to {@code connection}. */
    void writeTo(MetaOutput connection) throws IOException;

    /**
     * Reads the rest of the answer whose first line, already read and known not to be an error line, is
     * {@code line}, and turns it into the result.
     *
     * @throws ErrorResponseException if the line is not an answer this command can get
     */
    R readAnswer(ResponseLine line, MetaInput connection) throws IOException, ErrorResponseException;

    /** @return a short description for error messages, such as {@code "ms key (2000000 bytes)"} */
    String describe();

    /** @return the size of the data block this command sends (for error messages and batch sizing), 0 if none */
    default int payloadSize() {
        return 0;
    }
}
