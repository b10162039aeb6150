package io.memjcache.jcache.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectState;
import org.apache.commons.pool2.impl.DefaultPooledObject;
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
                MetaConnection.open(server, connectTimeout, operationTimeout, tls, credentials, watch, roundTrips);
        connectionsOpened.increment();
        return connection;
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
