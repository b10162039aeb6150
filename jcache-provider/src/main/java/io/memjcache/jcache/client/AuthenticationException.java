package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * A server refused the credentials of a new connection (or answered the authentication request with something
 * else than {@code STORED}). A configuration error, not an outage: the server answered, so it is not marked down;
 * see {@link ServerPool} for what later calls do. The message names the server and the user, never the password.
 *
 * <p>Immutable once thrown.
 */
final class AuthenticationException extends IOException {

    private static final long serialVersionUID = 1L;

    AuthenticationException(String message) {
        super(message);
    }
}
