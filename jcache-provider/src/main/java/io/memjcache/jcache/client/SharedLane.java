package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One connection to a server that the small requests of many threads share, pipelined: a thread that finds no
 * batch in flight becomes the <em>leader</em>, sends its own request and every request queued by then in one
 * write, reads the answers in order and completes each caller's exchange with its own; meanwhile further callers
 * queue. When its batch is done the leader hands the lane to the first caller still queued, which sends the next
 * batch (leader/follower group commit). So under load one write system call carries many requests and one read
 * many answers, on both ends of the connection.
 *
 * <p>Answers are matched to requests by position: the server answers a connection's requests in order, and with
 * no quiet command in a batch every request has exactly one answer. (The meta protocol's opaque token could tag
 * them, but error lines carry no token, so position would still be needed for them.) An answer a command cannot
 * read leaves the stream's position unknown: that caller gets its error, the callers after it in the batch an
 * {@link IOException}, and the connection is closed. One caller's error answer fails only that caller.
 *
 * <p>A batch is one exchange on the connection, with one operation timeout as its deadline: when it fails or
 * times out, every caller whose request was in it gets that failure, and the next batch opens a new connection.
 * A caller still queued when the queue timeout passes withdraws its request and fails without anything sent; a
 * caller whose request was taken into a batch waits for that batch, which its deadline bounds. A connection the
 * server closed while the lane was idle is replaced and the batch sent again once, as nothing of it was answered.
 *
 * <p>A batch completes {@link SharedExchange}s, not threads: a caller could as well be handed a future that the
 * leader completes. Such a caller would not wait to lead, so a leader would then have to go on sending while
 * requests are queued instead of handing the lane over.
 *
 * <p>Thread-safe. The queue and the leadership are guarded by this lane's lock, held only to queue, take and
 * hand over; the connection is used by the leading thread alone. Arguments must not be {@code null}.
 */
final class SharedLane implements AutoCloseable {

    /** Request bytes per batch, as for pipelined quiet batches (see {@link Pipeline#MAX_BATCH_LINE_BYTES}). */
    static final int MAX_BATCH_BYTES = Pipeline.MAX_BATCH_LINE_BYTES;

    private final ServerAddress server;
    private final ConnectionFactory factory;
    // Guarded by this.
    private final ArrayDeque<SharedExchange<?>> queue = new ArrayDeque<>();
    private boolean closed;
    /** Whether a leader is running; written under the lock, read without it as a hint for choosing a lane. */
    private volatile boolean busy;
    /** Used by the leading thread only; closed by {@link #close()}. */
    private volatile @Nullable MetaConnection connection;

    SharedLane(ServerAddress server, ConnectionFactory factory) {
        this.server = server;
        this.factory = factory;
    }

    /** @return whether a batch is being sent or answered on this lane right now */
    boolean isBusy() {
        return busy;
    }

    /**
     * Sends {@code commands} in the lane's next batch, together, and returns their answers.
     *
     * @param queueTimeoutNanos the longest the request may wait in the queue before it is sent
     * @return the results, position i for command i
     * @throws IOException            if the connection failed or timed out with the request on it
     * @throws ErrorResponseException if the server answered one of the commands with an error
     * @throws MemcachedException     if the request waited in the queue for longer than the queue timeout
     */
    <R> List<R> run(List<? extends MetaCommand<? extends R>> commands, long queueTimeoutNanos)
            throws IOException, ErrorResponseException {
        SharedExchange<R> mine = new SharedExchange<>(commands, Thread.currentThread());
        boolean lead;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the memcached client is closed");
            }
            lead = !busy;
            if (lead) {
                busy = true;
            } else {
                queue.addLast(mine);
            }
        }
        if (lead || awaitTurn(mine, queueTimeoutNanos)) {
            lead(mine);
        }
        return mine.outcome();
    }

    /** @return true when the exchange was handed the lane, false when another leader completed it */
    private boolean awaitTurn(SharedExchange<?> mine, long queueTimeoutNanos) {
        long deadline = System.nanoTime() + queueTimeoutNanos;
        boolean interrupted = false;
        try {
            while (true) {
                int state = mine.state;
                if (state == SharedExchange.DONE) {
                    return false;
                }
                if (state == SharedExchange.LEAD) {
                    return true;
                }
                if (state == SharedExchange.QUEUED) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        withdraw(mine, queueTimeoutNanos);
                        continue; // not withdrawn: it was taken or handed the lane meanwhile
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this); // taken: the batch's deadline bounds the wait
                }
                // A pending interrupt would end every park at once; keep it for the caller instead.
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void withdraw(SharedExchange<?> mine, long queueTimeoutNanos) {
        if (mine.state != SharedExchange.QUEUED) {
            return;
        }
        queue.remove(mine);
        mine.state = SharedExchange.CANCELLED;
        throw new MemcachedException(
                server,
                "timed out waiting for a connection after " + TimeUnit.NANOSECONDS.toMillis(queueTimeoutNanos) + " ms ("
                        + queue.size() + " more requests queued on a shared connection)");
    }

    /** Sends {@code first} and what is queued behind it as one batch, then hands the lane on. */
    private void lead(SharedExchange<?> first) {
        List<SharedExchange<?>> batch = new ArrayList<>();
        batch.add(first);
        int bytes = first.requestBytes();
        synchronized (this) {
            // A request too large to share (see MAX_BATCH_BYTES) goes alone, in a batch of its own.
            while (!queue.isEmpty() && bytes + queue.peekFirst().requestBytes() <= MAX_BATCH_BYTES) {
                SharedExchange<?> next = queue.pollFirst();
                next.state = SharedExchange.TAKEN;
                batch.add(next);
                bytes += next.requestBytes();
            }
        }
        try {
            send(batch);
        } catch (RuntimeException e) {
            // Not an I/O failure (the client was closed, or a defect): still, no caller may be left waiting.
            discardConnection();
            failFrom(batch, 0, e);
        } finally {
            if (failFrom(batch, 0, null)) { // only an Error gets here with callers not completed
                discardConnection();
            }
            handOver();
        }
    }

    private void handOver() {
        SharedExchange<?> next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                busy = false;
                return;
            }
            next.state = SharedExchange.LEAD;
        }
        LockSupport.unpark(next.waiter());
    }

    private void send(List<SharedExchange<?>> batch) {
        for (int attempt = 0; ; attempt++) {
            int answered = 0;
            try {
                MetaConnection current = connection();
                current.beginExchange();
                try {
                    for (SharedExchange<?> exchange : batch) {
                        exchange.writeTo(current);
                    }
                    current.flush();
                    boolean inStep = true;
                    while (inStep && answered < batch.size()) {
                        inStep = batch.get(answered).readAnswers(current);
                        answered++; // only now: a failed read leaves the exchange to fail with the connection
                    }
                } finally {
                    current.endExchange();
                }
                if (answered < batch.size()) {
                    discardConnection();
                    failFrom(batch, answered, outOfStep(batch.get(answered - 1)));
                } else if (!current.isUsable()) {
                    discardConnection();
                }
                return;
            } catch (StaleConnectionException e) {
                discardConnection();
                if (attempt > 0) {
                    failFrom(batch, 0, e);
                    return;
                }
                // Closed by the server while idle, nothing answered: send the batch again on a new connection.
            } catch (IOException e) {
                discardConnection();
                failFrom(batch, answered, e);
                return;
            }
        }
    }

    /** @return the lane's connection, opened if there is none or it is no longer usable */
    private MetaConnection connection() throws IOException {
        MetaConnection current = connection;
        if (current != null && current.isUsable()) {
            return current;
        }
        discardConnection();
        MetaConnection opened = factory.open();
        synchronized (this) {
            if (closed) {
                opened.close();
                throw new IllegalStateException("the memcached client is closed");
            }
            connection = opened;
        }
        return opened;
    }

    private void discardConnection() {
        MetaConnection current = connection;
        if (current != null) {
            connection = null;
            current.close();
        }
    }

    /**
     * @param culprit the exchange whose unexpected answer put the connection out of step
     * @return the failure of the requests sent with it: what is wrong with the server, when its answer shows it
     */
    private IOException outOfStep(SharedExchange<?> culprit) {
        String answer = culprit.failure() instanceof ErrorResponseException e ? e.answer() : null;
        String problem = answer == null ? null : ServerIdentity.problem(server, answer);
        return problem != null
                ? new IncompatibleServerException(problem)
                : new IOException("answers out of step after an unexpected answer");
    }

    /**
     * Fails the exchanges of {@code batch} from position {@code from} on that are not complete yet.
     *
     * @param cause what they fail with; null for a batch abandoned by an {@link Error}
     * @return whether any was not complete
     */
    private static boolean failFrom(List<SharedExchange<?>> batch, int from, @Nullable Exception cause) {
        boolean any = false;
        for (int i = from; i < batch.size(); i++) {
            if (batch.get(i).state != SharedExchange.DONE) {
                batch.get(i).fail(cause != null ? cause : new IllegalStateException("the batch was abandoned"));
                any = true;
            }
        }
        return any;
    }

    /** Closes the connection; a batch in flight fails, and later requests are refused. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        discardConnection();
    }
}
