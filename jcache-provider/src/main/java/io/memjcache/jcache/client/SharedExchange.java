package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One caller's commands on a {@link SharedLane}: written one after the other inside a batch, answered in order,
 * and completed once by the thread that leads that batch, with the results, the caller's own error answer, or the
 * failure of the connection.
 *
 * <p>Completing and waiting are apart: the leading thread calls {@link #complete} or {@link #fail} and wakes the
 * caller's thread; the blocking caller waits in {@link SharedLane} and then takes {@link #outcome()}. An
 * asynchronous caller would be handed a future completed at the same point instead of a waiting thread.
 *
 * <p>Thread-safe by hand-over: {@link #state} is volatile and moves only forward; it changes under the lane's lock,
 * except for the final move to {@link #DONE} by the leading thread, which writes the outcome before it.
 *
 * @param <R> the result of each command; the results are never null
 */
final class SharedExchange<R> {

    /** Waiting in the lane's queue; the caller may still withdraw it. */
    static final int QUEUED = 0;
    /** Taken into a batch by its leader: it will be completed, whatever happens to the connection. */
    static final int TAKEN = 1;
    /** Handed the lane: its caller leads the next batch. */
    static final int LEAD = 2;
    /** Completed: {@link #outcome()} is ready. */
    static final int DONE = 3;
    /** Withdrawn from the queue by its caller before anything was sent. */
    static final int CANCELLED = 4;

    /** Bytes a command line takes beyond its data block: the key, at most 250, the command and its flags. */
    private static final int LINE_BYTES = 320;

    private final List<? extends MetaCommand<? extends R>> commands;
    private final Thread waiter;
    private final int requestBytes;
    volatile int state = QUEUED;
    private @Nullable List<R> results;
    private @Nullable Exception failure;

    /** @param waiter the thread to wake when the exchange is handed the lane or completed */
    SharedExchange(List<? extends MetaCommand<? extends R>> commands, Thread waiter) {
        this.commands = commands;
        this.waiter = waiter;
        int bytes = 0;
        for (MetaCommand<? extends R> command : commands) {
            bytes += LINE_BYTES + command.payloadSize();
        }
        this.requestBytes = bytes;
    }

    /** @return an upper bound of the bytes the commands take on the wire */
    int requestBytes() {
        return requestBytes;
    }

    /** @return the thread waiting for this exchange */
    Thread waiter() {
        return waiter;
    }

    /** Appends the commands to the connection's output buffer. */
    void writeTo(MetaConnection connection) throws IOException {
        for (MetaCommand<? extends R> command : commands) {
            command.writeTo(connection);
        }
    }

    /**
     * Reads one answer per command and completes the exchange: with the results, or with the first error answer
     * after reading the others. An error line ({@code CLIENT_ERROR}, {@code SERVER_ERROR}) is one whole answer,
     * since every command line this client sends is valid and a rejected data block is swallowed by the server; an
     * answer the command cannot read (or a bare {@code ERROR}, which only a misread request gets) leaves the stream's
     * position unknown.
     *
     * @return whether the connection is still in step, so that the next exchange's answers come next
     * @throws IOException if the connection failed; the exchange is then not completed
     */
    boolean readAnswers(MetaConnection connection) throws IOException {
        List<R> answers = new ArrayList<>(commands.size());
        ErrorResponseException error = null;
        for (MetaCommand<? extends R> command : commands) {
            ResponseLine line = connection.readResponseLine();
            try {
                if (line.isError()) {
                    ErrorResponseException failed = Pipeline.failed(command, line);
                    error = error == null ? failed : error;
                    if (line.code().equals("ERROR")) {
                        fail(error);
                        return false;
                    }
                    continue;
                }
                answers.add(command.readAnswer(line, connection));
            } catch (ErrorResponseException e) {
                error = error == null ? e : error;
                if (!e.connectionReusable()) {
                    fail(error);
                    return false;
                }
            }
        }
        if (error != null) {
            fail(error);
        } else {
            complete(answers);
        }
        return true;
    }

    /** Completes the exchange with its results, position i for command i. */
    void complete(List<R> answers) {
        results = answers;
        finish();
    }

    /**
     * Completes the exchange with a failure: an {@link IOException} of the connection, an
     * {@link ErrorResponseException} of the caller's own request, or a runtime exception.
     */
    void fail(Exception cause) {
        failure = cause;
        finish();
    }

    private void finish() {
        state = DONE;
        if (waiter != Thread.currentThread()) {
            LockSupport.unpark(waiter);
        }
    }

    /** @return what the exchange failed with, or {@code null} if it did not (yet) */
    @Nullable
    Exception failure() {
        return failure;
    }

    /** @return the results, once {@link #DONE}; else throws what the exchange failed with */
    List<R> outcome() throws IOException, ErrorResponseException {
        Exception cause = failure;
        if (cause instanceof IOException e) {
            throw e;
        }
        if (cause instanceof ErrorResponseException e) {
            throw e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        List<R> answers = results;
        if (answers == null) {
            throw new IllegalStateException("the exchange is not complete: state " + state);
        }
        return answers;
    }
}
