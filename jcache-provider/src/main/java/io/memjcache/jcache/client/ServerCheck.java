package io.memjcache.jcache.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The check of one server before it is used ({@link MemcachedClient#checkServers()}): can it serve the client at
 * all? Kept apart from {@link ServerPool}, whose requests it bypasses: it marks nothing down and records no metrics.
 *
 * <p>Stateless and thread-safe. Arguments must not be null; {@link #check} returns null when the server can serve.
 */
final class ServerCheck {

    private ServerCheck() {}

    /**
     * Checks that the server can serve the client, on a new connection of its own, regardless of its health:
     * connect, TLS and authentication when configured, {@code version} (memcached 1.6 or later), and {@code mn}
     * (the meta protocol). Marks nothing down.
     *
     * @return null when it can serve, else what is wrong
     */
    static @Nullable String check(ConnectionFactory factory) {
        try (MetaConnection connection = factory.open()) {
            String version = ask(connection, "version");
            String problem = ServerIdentity.versionProblem(version);
            if (problem != null) {
                return problem;
            }
            String noop = ask(connection, "mn");
            return noop.equals("MN") ? null : ServerIdentity.unexpected(noop);
        } catch (AuthenticationException e) {
            return e.getMessage();
        } catch (IOException e) {
            return ConnectionFailures.describe(e);
        }
    }

    private static String ask(MetaConnection connection, String command) throws IOException {
        connection.beginExchange();
        try {
            connection.writeAscii(command + "\r\n");
            connection.flush();
            return connection.readLine();
        } finally {
            connection.endExchange();
        }
    }
}
