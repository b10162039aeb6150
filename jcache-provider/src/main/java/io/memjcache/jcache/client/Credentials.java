package io.memjcache.jcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A user name and password for memcached's ASCII authentication ({@code -Y}): a new connection first sends
 * {@code set memjcache.auth 0 -1 <n>} with the data block {@code <user> <password>}, which such a server answers
 * {@code STORED} without storing anything. The negative expiry time matters for a server without {@code -Y}: it
 * stores the item like any other, and an item that is expired at once leaves the password readable by no one.
 *
 * <p>Immutable and thread-safe; no component is null. {@link #toString()} shows the password as
 * {@value #MASK}, as does every message that mentions credentials.
 *
 * @param username the user name: not empty, no spaces or control characters (the server splits at the first
 *                 space)
 * @param password the password: not empty, no line breaks or other control characters
 */
public record Credentials(String username, String password) {

    /** What messages show instead of a password. */
    public static final String MASK = "****";

    /** The key of the authentication request; nothing is stored under it. */
    static final String AUTH_KEY = "memjcache.auth";

    /** Validates the components (without quoting the password). */
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("the user name must be non-empty, without spaces or control characters");
        }
        if (password.isEmpty() || password.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "the password must be non-empty, without line breaks or other " + "control characters");
        }
    }

    /** @return the data block of the authentication request, {@code <user> <password>} in UTF-8 */
    byte[] authData() {
        return (username + " " + password).getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code text} with every occurrence of the password replaced by {@value #MASK} */
    String redact(String text) {
        return text.replace(password, MASK);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + MASK + "]";
    }
}
