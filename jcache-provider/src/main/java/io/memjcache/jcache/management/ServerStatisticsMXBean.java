package io.memjcache.jcache.management;

/**
 * What one cache manager sees of one memcached server: whether it is up, its requests, failures and latency, and
 * its connections. Registered for every server of every open manager as
 * {@code io.memjcache:type=ServerStatistics,manager=<quoted manager URI>,server=<quoted host:port>} (see
 * {@link MBeans#serverObjectName}), and unregistered when the manager closes.
 *
 * <p>Counts and latencies are cumulative since the manager started. A request is one call to the server: a single
 * command, the small commands written together for one cache operation, or one pipelined batch. Latencies are
 * measured from the start of the request to its answer or failure, waits for a connection included.
 * Percentiles come from a log-linear histogram, accurate to within a quarter of their value.
 *
 * <p>Implementations are thread-safe; every getter is a snapshot read without locks.
 */
public interface ServerStatisticsMXBean {

    /** @return the server, {@code host:port} */
    String getServer();

    /** @return false while the server is marked down (its operations fail at once until it is tried again) */
    boolean isUp();

    /** @return the times the server was marked down after a connection failure or timeout */
    long getOutages();

    /** @return the requests sent or attempted, failed ones included */
    long getRequests();

    /** @return the requests that failed, for any reason (timeouts, connection failures, error answers) */
    long getErrors();

    /** @return the requests whose answer did not come within the operation timeout */
    long getTimeouts();

    /** @return the sum of every request's latency, in microseconds */
    long getLatencyTotalMicros();

    /** @return the longest latency of a request, in microseconds */
    long getLatencyMaxMicros();

    /** @return the median latency, in microseconds (0 before the first request) */
    long getLatencyP50Micros();

    /** @return the 99th percentile of latency, in microseconds (0 before the first request) */
    long getLatencyP99Micros();

    /** @return the shared connections (all threads' small requests, pipelined) with a batch in flight */
    int getSharedConnectionsBusy();

    /** @return the pooled connections lent to a request now */
    int getPooledConnectionsActive();

    /** @return the pooled connections open and idle */
    int getPooledConnectionsIdle();

    /** @return the connections opened to the server so far (shared and pooled) */
    long getConnectionsOpened();
}
