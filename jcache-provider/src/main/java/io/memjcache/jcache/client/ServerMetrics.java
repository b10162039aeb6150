package io.memjcache.jcache.client;

import io.memjcache.jcache.management.ServerStatisticsMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers of one server's pool: requests by latency, failures and timeouts, recorded by {@link ServerPool};
 * read, with the pool's health and connections, as the server's {@link ServerStatisticsMXBean}.
 *
 * <p>Thread-safe: recording is striped counters only (see {@link LatencyRecorder}); reads are snapshots.
 */
final class ServerMetrics implements ServerStatisticsMXBean {

    private final ServerPool pool;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    ServerMetrics(ServerPool pool) {
        this.pool = pool;
    }

    /** Records a request that started at {@code startNanos} ({@link System#nanoTime()}) and just ended. */
    void record(long startNanos, boolean succeeded) {
        latency.record(System.nanoTime() - startNanos);
        if (!succeeded) {
            errors.increment();
        }
    }

    /** Records that a request's answer did not come within the operation timeout (it is recorded as failed too). */
    void timedOut() {
        timeouts.increment();
    }

    @Override
    public String getServer() {
        return pool.server().toString();
    }

    @Override
    public boolean isUp() {
        return !pool.isDown();
    }

    @Override
    public long getOutages() {
        return pool.outages();
    }

    @Override
    public long getRequests() {
        return latency.count();
    }

    @Override
    public long getErrors() {
        return errors.sum();
    }

    @Override
    public long getTimeouts() {
        return timeouts.sum();
    }

    @Override
    public long getLatencyTotalMicros() {
        return TimeUnit.NANOSECONDS.toMicros(latency.totalNanos());
    }

    @Override
    public long getLatencyMaxMicros() {
        return TimeUnit.NANOSECONDS.toMicros(latency.maxNanos());
    }

    @Override
    public long getLatencyP50Micros() {
        return TimeUnit.NANOSECONDS.toMicros(latency.percentileNanos(0.5));
    }

    @Override
    public long getLatencyP99Micros() {
        return TimeUnit.NANOSECONDS.toMicros(latency.percentileNanos(0.99));
    }

    @Override
    public int getSharedConnectionsBusy() {
        return pool.sharedConnectionsBusy();
    }

    @Override
    public int getPooledConnectionsActive() {
        return pool.pooledConnectionsActive();
    }

    @Override
    public int getPooledConnectionsIdle() {
        return pool.pooledConnectionsIdle();
    }

    @Override
    public long getConnectionsOpened() {
        return pool.connectionsOpened();
    }

    @Override
    public String toString() {
        return "ServerMetrics[" + pool.server() + "]";
    }
}
