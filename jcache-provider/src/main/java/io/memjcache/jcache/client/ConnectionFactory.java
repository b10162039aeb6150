package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectState;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

/**
 * Opens, checks and closes the pooled connections of one server. Validation on borrow is a local check (the
 * connection is not broken and holds no unread bytes); validation of an idle connection by the evictor also sends
 * {@code mn}, so connections the server dropped are found before a caller gets them.
 *
 * <p>Thread-safe (the pool calls it from borrowing threads and the evictor thread). Connections passed in are
 * never {@code null}, nor are those it creates.
 */
final class ConnectionFactory extends BasePooledObjectFactory<MetaConnection> {

    /** How long a pooled connection may sit idle before the evictor closes it. */
    static final long IDLE_MINUTES = 5;

    private final ServerAddress server;
    private final Duration connectTimeout;
    private final Duration operationTimeout;
    private final DeadlineWatch watch;
    private final LongAdder roundTrips;
    private final @Nullable ClientTls tls;
    private final @Nullable Credentials credentials;
    private final LongAdder connectionsOpened = new LongAdder();

    /** The server's connections as {@code config} says: timeouts, TLS and credentials. */
    ConnectionFactory(ServerAddress server, ClientConfig config, DeadlineWatch watch, LongAdder roundTrips) {
        this.server = server;
        this.connectTimeout = config.connectTimeout();
        this.operationTimeout = config.operationTimeout();
        this.tls = config.tls();
        this.credentials = config.credentials();
        this.watch = watch;
        this.roundTrips = roundTrips;
    }

    /**
     * Opens a connection outside the pool (the caller closes it): connected, with TLS and authenticated when
     * configured.
     *
     * @throws AuthenticationException if the server refuses the credentials
     */
    MetaConnection open() throws IOException {
        MetaConnection connection =
                MetaConnector.open(server, connectTimeout, operationTimeout, tls, credentials, watch, roundTrips);
        connectionsOpened.increment();
        return connection;
    }

    /**
     * @return a pool of this factory's connections, bounded and timed as {@code config} says; idle connections are
     *     probed and closed after {@value #IDLE_MINUTES} idle minutes
     */
    GenericObjectPool<MetaConnection> newPool(ClientConfig config) {
        GenericObjectPoolConfig<MetaConnection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.maxConnectionsPerServer());
        poolConfig.setMaxIdle(config.maxConnectionsPerServer());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(config.borrowTimeout());
        poolConfig.setTestOnBorrow(true);
        poolConfig.setTestWhileIdle(true);
        poolConfig.setNumTestsPerEvictionRun(config.maxConnectionsPerServer());
        poolConfig.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        poolConfig.setMinEvictableIdleDuration(Duration.ofMinutes(IDLE_MINUTES));
        poolConfig.setJmxEnabled(false); // the provider registers its own MXBeans; pool beans would only clash
        // The first pool starts commons-pool's shared evictor thread, which must not keep the caller's context.
        return DaemonThreads.outsideCallerContext(() -> new GenericObjectPool<>(this, poolConfig));
    }

    /** @return how many connections were opened so far */
    long connectionsOpened() {
        return connectionsOpened.sum();
    }

    @Override
    public MetaConnection create() throws IOException {
        return open();
    }

    @Override
    public PooledObject<MetaConnection> wrap(MetaConnection connection) {
        return new DefaultPooledObject<>(connection);
    }

    @Override
    public boolean validateObject(PooledObject<MetaConnection> pooled) {
        MetaConnection connection = pooled.getObject();
        if (!connection.isUsable()) {
            return false;
        }
        if (pooled.getState() != PooledObjectState.EVICTION) {
            return true;
        }
        try {
            return Pipeline.execute(connection, MetaNoopCommand.INSTANCE);
        } catch (IOException | ErrorResponseException e) {
            return false;
        }
    }

    @Override
    public void destroyObject(PooledObject<MetaConnection> pooled) {
        pooled.getObject().close();
    }
}
