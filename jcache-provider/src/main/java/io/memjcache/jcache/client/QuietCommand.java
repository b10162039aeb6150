package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * A meta command that can run in quiet mode inside a {@link Pipeline}: with the {@code q} flag the server leaves
 * out the common answer, and the {@code O} (opaque) token it echoes in every other answer tells which command an
 * answer belongs to.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @param <R> the result of the request; never null
 */
interface QuietCommand<R> extends MetaCommand<R> {

    /** @return the key the command concerns */
    String key();

    /** Appends the request in quiet mode, tagged with {@code opaque}. */
    void writeQuietTo(MetaOutput connection, String opaque) throws IOException;

    /** @return the result the server's silence means in quiet mode */
    R silentResult();
}
