package io.memjcache.server.net;

import io.netty.channel.ChannelHandlerContext;
import org.jspecify.annotations.Nullable;

/**
 * When one connection may go on producing answers: it stops reading (is held) while its client does not read them
 * or the server's output is over its {@link OutputBudget}, and resumes when the channel or the budget says there is
 * room. An answer too long to build at once ({@link LongResponse}) is written part by part while the client keeps
 * up, and every few parts the connection yields its event loop to the other connections on it; so it does after
 * executing {@code requestsPerEvent} requests in one turn (memcached's {@code -R}, see
 * {@link io.memjcache.server.ServerConfig}), so that a client pipelining many requests cannot starve the others. A
 * turn starts with each read, as memcached counts {@code -R} per event, and when the connection resumes. Internal,
 * not API.
 *
 * <p>Not thread-safe: confined to its connection's event loop. The long answer is null when there is none.
 */
final class FlowControl {

    /** How many parts of a long answer are written before the connection lets the others on its event loop run. */
    private static final int PARTS_PER_TURN = 4;

    private final ConnectionHandler connection;
    private final ServerContext server;
    private final ChannelHandlerContext ctx;
    private final ConnectionOutput output;
    /** Goes on with the connection's work, on its event loop. */
    private final Runnable resume;
    /** Reading is stopped until the client catches up, the output budget has room, or the next turn comes. */
    private boolean held;
    /** An answer too long to build at once (a key dump), written part by part as the client reads. */
    private @Nullable LongResponse longResponse;
    /** Requests executed since this connection's turn began: a read, or a resume after yielding. */
    private int requestsThisTurn;

    FlowControl(
            ConnectionHandler connection,
            ServerContext server,
            ChannelHandlerContext ctx,
            ConnectionOutput output,
            Runnable resume) {
        this.connection = connection;
        this.server = server;
        this.ctx = ctx;
        this.output = output;
        this.resume = resume;
    }

    boolean held() {
        return held;
    }

    /** The connection goes on: it is no longer held (it may be held again at once), and its turn starts. */
    void resumed() {
        held = false;
        requestsThisTurn = 0;
    }

    /**
     * Input arrived: a new event, and a new turn unless the connection is held (a request that waited for more of
     * its data starts a fresh count, as in memcached).
     */
    void read() {
        if (!held) {
            requestsThisTurn = 0;
        }
    }

    /** Counts a request executed in this turn. */
    void executed() {
        requestsThisTurn++;
    }

    /**
     * @return whether the connection may execute another request in this turn; if not, it yields its event loop
     *     (unless it is held already) and goes on in its next turn
     */
    boolean mayExecute() {
        if (requestsThisTurn < server.config.requestsPerEvent()) {
            return true;
        }
        if (!held) {
            yieldTurn();
        }
        return false;
    }

    /** Answers the current request with {@code response}, written part by part after the request returns. */
    void respondInParts(LongResponse response) {
        this.longResponse = response;
    }

    /** Forgets the long answer (the connection is gone). */
    void drop() {
        longResponse = null;
    }

    /**
     * Writes the pending long answer while the client keeps up.
     *
     * @return false if the client lags behind or it is another connection's turn (the connection is held)
     */
    boolean continueLongResponse() {
        int parts = 0;
        for (LongResponse pending = longResponse; pending != null && !connection.isClosing(); pending = longResponse) {
            if (!output.mayWrite()) {
                hold();
                return false;
            }
            if (parts++ == PARTS_PER_TURN) {
                yieldTurn();
                return false;
            }
            boolean done = pending.writeMore(connection);
            output.send();
            if (done) {
                longResponse = null;
            }
        }
        return true;
    }

    /**
     * Stops reading until there is room for output again: the channel says when the client caught up
     * ({@link ConnectionHandler#channelWritabilityChanged}), the budget when the server's output shrank.
     */
    void hold() {
        stopReading();
        if (ctx.channel().isWritable()) {
            server.output.await(() -> ctx.executor().execute(resume));
        }
    }

    /** Lets the other connections on this event loop run, then goes on with the long answer or the requests. */
    private void yieldTurn() {
        stopReading();
        ctx.executor().execute(resume);
    }

    private void stopReading() {
        if (!held) {
            held = true;
            server.stats.connYields.increment();
            ctx.channel().config().setAutoRead(false);
        }
        output.flush();
    }
}
