package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * Where a {@link MetaCommand} writes its request: the output buffer of a blocking {@link MetaConnection}, or a
 * Netty buffer of an asynchronous channel ({@code ByteBufOutput}). Keys and protocol tokens are ASCII.
 *
 * <p>Implementations are used by one thread at a time. Arguments must not be {@code null}.
 */
interface MetaOutput {

    /** Appends ASCII text (keys and protocol tokens are ASCII). */
    void writeAscii(String text) throws IOException;

    /** Appends raw bytes (a value block). */
    void writeBytes(byte[] bytes) throws IOException;

    /** Appends the line end. */
    void writeCrlf() throws IOException;
}
