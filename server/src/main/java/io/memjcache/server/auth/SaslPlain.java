package io.memjcache.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * SASL's PLAIN mechanism (RFC 4616) as memcached's binary protocol carries it: the client's message is
 * {@code authzid NUL authcid NUL password}; the authorisation id must be empty or the same as the authentication
 * id (no proxy authorisation, as Cyrus SASL with a password database grants none). An empty first message asks the
 * server for a challenge: the answer is "continue" with an empty challenge, and the client's next step carries the
 * credentials. A user name with a realm ({@code user@realm}) that the file does not hold is also looked up without
 * it, since memcached's Cyrus SASL appends the host name as realm to a bare name.
 *
 * <p>One instance per connection; not thread-safe. Nothing it is given is kept: the message array is cleared once
 * read.
 */
public final class SaslPlain {

    public static final String MECHANISM = "PLAIN";

    /** What one SASL request comes to. */
    public enum Outcome {
        AUTHENTICATED,
        /** The server waits for the client's next step (an empty challenge). */
        CONTINUE,
        FAILED
    }

    private final PasswordDatabase users;
    private boolean started;

    /** @param users who may authenticate */
    public SaslPlain(PasswordDatabase users) {
        this.users = users;
    }

    /** @return whether the mechanism is offered: {@code PLAIN}, in any case, as Cyrus compares names */
    public static boolean supports(String mechanism) {
        return MECHANISM.equals(mechanism.toUpperCase(Locale.ROOT));
    }

    /**
     * A SASL auth request: starts an exchange.
     *
     * @param message the client's initial message; cleared before returning
     */
    public Outcome start(byte[] message) {
        if (message.length == 0) {
            started = true;
            return Outcome.CONTINUE;
        }
        started = false;
        return verify(message);
    }

    /**
     * A SASL step request: continues an exchange that {@link #start} left waiting.
     *
     * @param message the client's message; cleared before returning
     */
    public Outcome step(byte[] message) {
        if (!started) {
            Arrays.fill(message, (byte) 0);
            return Outcome.FAILED;
        }
        started = false;
        return verify(message);
    }

    private Outcome verify(byte[] message) {
        try {
            int first = indexOfNul(message, 0);
            int second = first < 0 ? -1 : indexOfNul(message, first + 1);
            if (second < 0 || indexOfNul(message, second + 1) >= 0) {
                return Outcome.FAILED;
            }
            String authorizationId = new String(message, 0, first, StandardCharsets.UTF_8);
            String user = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
            if (user.isEmpty() || (!authorizationId.isEmpty() && !authorizationId.equals(user))) {
                return Outcome.FAILED;
            }
            byte[] password = Arrays.copyOfRange(message, second + 1, message.length);
            try {
                boolean ok = users.check(user, password);
                int at = user.lastIndexOf('@');
                if (!ok && at > 0) {
                    ok = users.check(user.substring(0, at), password);
                }
                return ok ? Outcome.AUTHENTICATED : Outcome.FAILED;
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SaslPlain[" + (started ? "waiting for the client's step" : "idle") + "]";
    }
}
