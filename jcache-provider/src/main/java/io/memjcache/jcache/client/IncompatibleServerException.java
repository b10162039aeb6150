package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * A connection fell out of step because the server is not one this client can talk to (see
 * {@link ServerIdentity}): the requests sent with the one it answered wrongly cannot be told apart any more. Its
 * message is the sentence naming the server and what is wrong, used as is as the reason the server is marked down.
 * Immutable once thrown; the message is never {@code null}.
 */
final class IncompatibleServerException extends IOException {

    IncompatibleServerException(String problem) {
        super(problem);
    }
}
