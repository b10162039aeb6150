package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * What an operation does with a connection it holds exclusively. Implementations are usually lambdas. Called by
 * one thread at a time for a given connection; the connection passed is never {@code null}.
 *
 * @param <R> the result; never null
 */
@FunctionalInterface
interface ConnectionWork<R> {

    /** Runs on {@code connection}, which the calling thread holds exclusively. */
    R run(MetaConnection connection) throws IOException, ErrorResponseException;
}
