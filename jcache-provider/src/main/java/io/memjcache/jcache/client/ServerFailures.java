package io.memjcache.jcache.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.function.LongSupplier;

/**
 * How the failures of one server's requests are recorded and reported, for its {@link ServerPool} and its
 * asynchronous channels alike: a connection failure marks the server down (see {@link ServerHealth}) unless the
 * server refused the credentials (see {@link RefusedCredentials}); an error answer is explained when it shows what
 * to do; every failure becomes a {@link MemcachedException} naming the server.
 *
 * <p>Thread-safe: what it records is kept by thread-safe collaborators. Arguments must not be null; nothing returns
 * null.
 */
final class ServerFailures {

    private final ServerAddress server;
    private final ServerHealth health;
    private final RefusedCredentials refusedCredentials;
    private final ServerMetrics metrics;
    /** Closes the pool's idle connections. */
    private final Runnable clearIdle;
    /** The server's item size limit, or {@link ItemSizeLimit#UNKNOWN} when it cannot be read now. */
    private final LongSupplier itemSizeLimit;

    ServerFailures(
            ServerAddress server,
            ServerHealth health,
            RefusedCredentials refusedCredentials,
            ServerMetrics metrics,
            Runnable clearIdle,
            LongSupplier itemSizeLimit) {
        this.server = server;
        this.health = health;
        this.refusedCredentials = refusedCredentials;
        this.metrics = metrics;
        this.clearIdle = clearIdle;
        this.itemSizeLimit = itemSizeLimit;
    }

    /**
     * @return the outage count for {@link #serverFailed}
     * @throws MemcachedException if the server is down or recently refused the credentials
     */
    long checkAvailable() {
        refusedCredentials.check();
        return health.checkAvailable();
    }

    /**
     * Records a connection failure of an operation that started after {@code outages} outages of the server; a
     * refusal of the credentials is no outage (see {@link RefusedCredentials}).
     */
    MemcachedException serverFailed(IOException e, long outages) {
        if (e instanceof AuthenticationException refused) {
            return refusedCredentials.refused(refused);
        }
        String reason = ConnectionFailures.describe(e);
        if (e instanceof SocketTimeoutException) {
            metrics.timedOut();
        }
        health.recordFailure(reason, outages);
        clearIdle.run(); // idle connections to a failed server are most likely dead too
        return new MemcachedException(server, reason, e);
    }

    /**
     * Turns an error answer into a failure that says what to do, when the answer shows it. A server that is not
     * memcached 1.6 or later cannot serve any request: it is marked down like an unreachable one (of an operation
     * that started after {@code outages} outages), so that its other operations fail at once, with the same reason.
     * Otherwise the server answered, so it is alive; a value over its item size limit is explained.
     */
    MemcachedException answeredWithError(ErrorResponseException e, long outages) {
        String answer = e.answer();
        String problem = answer == null ? null : ServerIdentity.problem(server, answer);
        if (problem != null) {
            health.recordFailure(problem, outages);
            clearIdle.run();
            return MemcachedException.namedIn(server, problem);
        }
        health.recordSuccess();
        if (answer != null) {
            if (ItemSizeLimit.refusesSize(answer)) {
                return new MemcachedException(
                        server, ItemSizeLimit.message(answer, e.payloadSize(), itemSizeLimit.getAsLong()));
            }
        }
        return new MemcachedException(server, e.getMessage());
    }
}
