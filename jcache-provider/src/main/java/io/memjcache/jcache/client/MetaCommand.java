package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * One meta-protocol request that writes itself to a connection and reads its own answer.
 *
 * <p>Implementations are immutable and thread-safe; the connection passed in is used by one thread.
 *
 * @param <R> the result of the request; never null
 */
interface MetaCommand<R> {

    /** Appends the request (command line and any data block) to the connection's output buffer. */
    void writeTo(MetaConnection connection) throws IOException;

    /**
     * Reads the rest of the answer whose first line, already read and known not to be an error line, is
     * {@code line}, and turns it into the result.
     *
     * @throws ErrorResponseException if the line is not an answer this command can get
     */
    R readAnswer(ResponseLine line, MetaConnection connection) throws IOException, ErrorResponseException;

    /** @return a short description for error messages, such as {@code "ms key (2000000 bytes)"} */
    String describe();

    /** @return the size of the data block this command sends (for error messages and batch sizing), 0 if none */
    default int payloadSize() {
        return 0;
    }
}
