package io.memjcache.jcache.client;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.jspecify.annotations.Nullable;

/**
 * The connections to one server and its health: sends small requests on a few connections shared by all threads
 * (see {@link SharedLane}), runs everything else on a pooled connection of its own, turns every failure into a
 * {@link MemcachedException} naming the server, discards connections that may be out of step, and marks the
 * server down after a connection failure or timeout (see {@link ServerHealth}).
 *
 * <p>Small requests are the single-key ones without a data block larger than {@value #SHARED_PAYLOAD_LIMIT}
 * bytes: sharing a write with others saves them a system call at each end, while a large value would hold up the
 * requests behind it. There are {@value #SHARED_CONNECTIONS} shared connections (fewer when the pool is smaller);
 * a caller takes one with no batch in flight if there is one, else queues on its own, and waits at most the borrow
 * timeout for its request to be sent.
 *
 * <p>The pool is bounded ({@code maxConnectionsPerServer}); a borrower waits at most the borrow timeout; idle
 * connections are probed and closed after {@value ConnectionFactory#IDLE_MINUTES} idle minutes. A connection that the server
 * closed while it sat idle is retried once on a fresh connection.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; an operation returns what its work returns.
 */
final class ServerPool implements AutoCloseable {

    /** The largest data block a request may carry and still share a connection. */
    static final int SHARED_PAYLOAD_LIMIT = 16 * 1024;
    /** The shared connections per server. */
    static final int SHARED_CONNECTIONS = 2;

    private final ServerAddress server;
    private final ServerHealth health;
    /** Records and reports the server's failures, on the blocking and the asynchronous paths. */
    private final ServerFailures failures;

    private final ConnectionFactory factory;
    private final GenericObjectPool<MetaConnection> pool;
    private final Duration borrowTimeout;
    private final LongAdder roundTrips = new LongAdder();
    private final List<SharedLane> lanes;
    /** The server's item size limit once read (see {@link #itemSizeLimit()}); the server is not restarted often. */
    private volatile long itemSizeLimit = ItemSizeLimit.UNKNOWN;

    private final ServerMetrics metrics = new ServerMetrics(this);

    ServerPool(ServerAddress server, ClientConfig config, InstantSource clock, DeadlineWatch watch) {
        this(server, config, clock, watch, down -> {});
    }

    /** @param onDown told, on the thread that failed, each time the server is marked down from healthy */
    ServerPool(
            ServerAddress server,
            ClientConfig config,
            InstantSource clock,
            DeadlineWatch watch,
            Consumer<ServerAddress> onDown) {
        this.server = server;
        this.health = new ServerHealth(server, config.retryDelay(), clock, onDown);
        this.factory = new ConnectionFactory(server, config, watch, roundTrips);
        this.borrowTimeout = config.borrowTimeout();
        List<SharedLane> shared = new ArrayList<>();
        for (int i = 0; i < Math.min(SHARED_CONNECTIONS, config.maxConnectionsPerServer()); i++) {
            shared.add(new SharedLane(server, factory));
        }
        this.lanes = List.copyOf(shared);
        this.pool = factory.newPool(config);
        this.failures = new ServerFailures(
                server,
                health,
                new RefusedCredentials(server, config.retryDelay(), clock),
                metrics,
                pool::clear,
                this::itemSizeLimit);
    }

    /** @return the server */
    ServerAddress server() {
        return server;
    }

    /** Sends {@code command} alone and returns its answer: shared with other threads' requests when small. */
    <R> R send(MetaCommand<R> command) {
        if (command.payloadSize() > SHARED_PAYLOAD_LIMIT) {
            return execute(connection -> Pipeline.execute(connection, command));
        }
        return this.<R>sendEach(List.of(command)).get(0);
    }

    /**
     * Sends a few small commands, not quiet, written together and answered in order (as
     * {@link Pipeline#executeEach}): on a shared connection unless one carries a large data block.
     *
     * @return the results, position i for command i
     */
    <R> List<R> sendEach(List<? extends MetaCommand<? extends R>> commands) {
        for (MetaCommand<? extends R> command : commands) {
            if (command.payloadSize() > SHARED_PAYLOAD_LIMIT) {
                return execute(connection -> Pipeline.executeEach(connection, commands));
            }
        }
        // Recorded here rather than through recorded(): on this, the hot path, its lambda would allocate per request.
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            long outages = checkAvailable();
            try {
                List<R> results = lane().run(commands, borrowTimeout.toNanos());
                health.recordSuccess();
                succeeded = true;
                return results;
            } catch (IOException e) {
                throw serverFailed(e, outages);
            } catch (ErrorResponseException e) {
                throw answeredWithError(e, outages);
            }
        } finally {
            metrics.record(start, succeeded);
        }
    }

    /** @return a shared connection with no batch in flight, else the calling thread's own choice among them */
    private SharedLane lane() {
        int count = lanes.size();
        int start = count == 1 ? 0 : (int) (Thread.currentThread().getId() % count);
        for (int i = 0; i < count; i++) {
            SharedLane lane = lanes.get((start + i) % count);
            if (!lane.isBusy()) {
                return lane;
            }
        }
        return lanes.get(start);
    }

    /** Runs {@code work} on a pooled connection. */
    <R> R execute(ConnectionWork<R> work) {
        return recorded(() -> executePooled(work));
    }

    /** Runs {@code request} and records it in the server's metrics, as one request (succeeded or failed). */
    private <R> R recorded(Supplier<R> request) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            R result = request.get();
            succeeded = true;
            return result;
        } finally {
            metrics.record(start, succeeded);
        }
    }

    private <R> R executePooled(ConnectionWork<R> work) {
        long outages = checkAvailable();
        for (int attempt = 0; ; attempt++) {
            MetaConnection connection = borrow(outages);
            boolean reusable = false;
            try {
                R result = work.run(connection);
                reusable = true;
                health.recordSuccess();
                return result;
            } catch (StaleConnectionException e) {
                if (attempt == 0) {
                    pool.clear(); // the other idle connections are most likely stale as well
                    continue;
                }
                throw serverFailed(e, outages);
            } catch (IOException e) {
                throw serverFailed(e, outages);
            } catch (ErrorResponseException e) {
                reusable = e.connectionReusable();
                throw answeredWithError(e, outages);
            } finally {
                release(connection, reusable);
            }
        }
    }

    /** Runs {@code work} on a new connection of its own, closed afterwards (for requests that must be alone). */
    <R> R executeDedicated(ConnectionWork<R> work) {
        return recorded(() -> executeAlone(work));
    }

    private <R> R executeAlone(ConnectionWork<R> work) {
        long outages = checkAvailable();
        MetaConnection connection;
        try {
            connection = factory.open();
        } catch (IOException e) {
            throw serverFailed(e, outages);
        }
        try (connection) {
            R result = work.run(connection);
            health.recordSuccess();
            return result;
        } catch (IOException e) {
            throw serverFailed(e, outages);
        } catch (ErrorResponseException e) {
            throw answeredWithError(e, outages);
        }
    }

    /**
     * @return the outage count for {@link #serverFailed}
     * @throws MemcachedException if the server is down or recently refused the credentials
     */
    long checkAvailable() {
        return failures.checkAvailable();
    }

    /** Records a connection failure of an operation (see {@link ServerFailures#serverFailed}). */
    MemcachedException serverFailed(IOException e, long outages) {
        return failures.serverFailed(e, outages);
    }

    /** Turns an error answer into a failure that says what to do (see {@link ServerFailures#answeredWithError}). */
    MemcachedException answeredWithError(ErrorResponseException e, long outages) {
        return failures.answeredWithError(e, outages);
    }

    /**
     * @return the server's item size limit, read once with {@code stats settings}, or
     *     {@link ItemSizeLimit#UNKNOWN} if it cannot be read now (tried again with the next oversized value)
     */
    private long itemSizeLimit() {
        long known = itemSizeLimit;
        if (known != ItemSizeLimit.UNKNOWN) {
            return known;
        }
        try {
            known = send(ItemSizeLimit.INSTANCE);
        } catch (MemcachedException e) {
            return ItemSizeLimit.UNKNOWN; // only the message loses the number; the failure is the oversized value
        }
        itemSizeLimit = known;
        return known;
    }

    private MetaConnection borrow(long outages) {
        try {
            return pool.borrowObject();
        } catch (NoSuchElementException e) {
            if (pool.isClosed()) {
                throw new IllegalStateException("the memcached client is closed");
            }
            throw new MemcachedException(
                    server,
                    "timed out waiting for a connection after "
                            + borrowTimeout.toMillis() + " ms (" + pool.getNumActive() + " of " + pool.getMaxTotal()
                            + " in use)");
        } catch (IOException e) {
            throw serverFailed(e, outages);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the memcached client is closed", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The factory only throws IOException; anything else is the pool's own failure.
            throw new MemcachedException(server, "cannot get a connection: " + e, e);
        }
    }

    private void release(MetaConnection connection, boolean reusable) {
        if (reusable && connection.isUsable()) {
            pool.returnObject(connection);
            return;
        }
        try {
            pool.invalidateObject(connection);
        } catch (Exception e) {
            // invalidateObject only closes the socket, which cannot fail in a way worth reporting.
            connection.close();
        }
    }

    /**
     * Checks that the server can serve the client, regardless of its health (see {@link ServerCheck}). Marks nothing
     * down.
     *
     * @return null when it can serve, else what is wrong
     */
    @Nullable
    String check() {
        return ServerCheck.check(factory);
    }

    /** Records that the server answered (it is alive), for requests sent outside the pool. */
    void answered() {
        health.recordSuccess();
    }

    /**
     * @return whether {@link #answeredWithError} can explain a value refused for its size without asking the server
     *     (an asynchronous caller must not wait for that on an I/O thread)
     */
    boolean knowsItemSizeLimit() {
        return itemSizeLimit != ItemSizeLimit.UNKNOWN;
    }

    /**
     * Opens a watch stream on a connection of its own (see {@link WatchConnection#open}); its failures are the
     * caller's to handle and do not mark the server down.
     */
    WatchConnection openWatch(List<String> choices, Duration idle) throws IOException {
        return WatchConnection.open(factory, choices, idle);
    }

    /** @return whether the server is currently marked down */
    boolean isDown() {
        return health.isDown();
    }

    /** @return the writes that expected an answer so far (one per single request or pipelined batch) */
    long roundTrips() {
        return roundTrips.sum();
    }

    /** @return the connections opened so far */
    long connectionsOpened() {
        return factory.connectionsOpened();
    }

    /** @return the connections currently in use: borrowed, or shared with a batch in flight */
    int activeConnections() {
        return pool.getNumActive() + sharedConnectionsBusy();
    }

    /** @return the shared connections with a batch in flight */
    int sharedConnectionsBusy() {
        int busy = 0;
        for (SharedLane lane : lanes) {
            busy += lane.isBusy() ? 1 : 0;
        }
        return busy;
    }

    /** @return the pooled connections lent out now */
    int pooledConnectionsActive() {
        return pool.getNumActive();
    }

    /** @return the pooled connections open and idle */
    int pooledConnectionsIdle() {
        return pool.getNumIdle();
    }

    /** @return how many times the server was marked down so far */
    long outages() {
        return health.outages();
    }

    /** @return this server's numbers, as its MXBean reads them */
    ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        lanes.forEach(SharedLane::close);
        pool.close();
    }
}
