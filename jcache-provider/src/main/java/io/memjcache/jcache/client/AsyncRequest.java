package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One request of the asynchronous client: a few commands written together on one channel and answered in order
 * (one for a plain operation; a header read and a key's command; a server's share of a bulk read), the future the
 * caller holds, and the request's deadline. Answers are handed in one frame at a time ({@link #accept}); an error
 * line ({@code CLIENT_ERROR}, {@code SERVER_ERROR}) is one whole answer, so the other commands' answers are still
 * read to keep the channel in step, and the first error fails the request, as on a blocking connection.
 *
 * <p>Not thread-safe: created by the caller, then used by the channel's I/O thread only (the future is
 * thread-safe). The results are never null.
 *
 * @param <T> what the future completes with
 */
final class AsyncRequest<T> {

    /** What one answer did to the request. */
    enum Progress {
        /** More answers are due. */
        MORE,
        /** Every command has been answered; the request is complete (succeeded or failed). */
        DONE,
        /** The answer left the channel's position in the stream unknown; the request has failed. */
        OUT_OF_STEP
    }

    private final AsyncServer server;
    private final MetaCommand<?>[] commands;
    private final Object[] results;
    private final Function<Object[], T> finisher;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final long startNanos;
    private final long deadlineNanos;
    private final long outages;
    private int answered;
    private @Nullable ErrorResponseException error;
    private boolean finished;

    /**
     * @param finisher turns the results (position i for command i) into what the future completes with
     * @param outages  the server's outage count when the request started (see {@link ServerHealth})
     */
    AsyncRequest(
            AsyncServer server,
            List<? extends MetaCommand<?>> commands,
            Function<Object[], T> finisher,
            long startNanos,
            long timeoutNanos,
            long outages) {
        this.server = server;
        this.commands = commands.toArray(new MetaCommand<?>[0]);
        this.results = new Object[this.commands.length];
        this.finisher = finisher;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + timeoutNanos;
        this.outages = outages;
    }

    /** @return the future of the request's result */
    CompletableFuture<T> future() {
        return future;
    }

    /** @return how many commands the request holds (each one counts against the in-flight limit) */
    int size() {
        return commands.length;
    }

    /** @return when the request started, in {@link System#nanoTime()} */
    long startNanos() {
        return startNanos;
    }

    /** @return when the request's answer is overdue, in {@link System#nanoTime()} */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Appends the commands to {@code output}. */
    void writeTo(MetaOutput output) throws IOException {
        for (MetaCommand<?> command : commands) {
            command.writeTo(output);
        }
    }

    /** Takes the answer of the next command. */
    Progress accept(AnswerFrame frame) {
        MetaCommand<?> command = commands[answered];
        ResponseLine line = frame.line();
        try {
            if (line.isError()) {
                ErrorResponseException failed = Pipeline.failed(command, line);
                error = error == null ? failed : error;
                if (line.code().equals("ERROR")) { // only a misread request gets it: what came next is unknown
                    return outOfStep();
                }
            } else {
                results[answered] = command.readAnswer(line, frame);
            }
        } catch (ErrorResponseException e) {
            error = error == null ? e : error;
            if (!e.connectionReusable()) {
                return outOfStep();
            }
        } catch (IOException e) {
            if (error == null) {
                error = new ErrorResponseException(e.getMessage() + " (" + command.describe() + ")", false);
            }
            return outOfStep();
        }
        if (++answered < commands.length) {
            return Progress.MORE;
        }
        ErrorResponseException failed = error;
        if (failed != null) {
            failAnswered(failed);
        } else {
            succeed();
        }
        return Progress.DONE;
    }

    private Progress outOfStep() {
        failAnswered(Objects.requireNonNull(error));
        return Progress.OUT_OF_STEP;
    }

    /**
     * Fails the request with the server's error answer, explained as the blocking client explains it. Explaining a
     * value refused for its size may need the server's item size limit, which is asked for on a blocking connection
     * the first time: then off the I/O thread (on the common pool; an error path, once per server).
     */
    private void failAnswered(ErrorResponseException e) {
        if (server.explainsAtOnce(e)) {
            fail(server.answeredWithError(e, outages));
        } else if (finish(false)) {
            var unused = CompletableFuture.runAsync(
                    () -> future.completeExceptionally(server.answeredWithError(e, outages)));
        }
    }

    private void succeed() {
        server.answered();
        T result;
        try {
            result = finisher.apply(results);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (finish(true)) {
            future.complete(result);
        }
    }

    /** Fails the request with {@code failure}, unless it is complete already. */
    void fail(Throwable failure) {
        if (finish(false)) {
            future.completeExceptionally(failure);
        }
    }

    /** Fails the request because its channel failed with {@code e} (a server failure, unless it is a refusal). */
    void failConnection(IOException e) {
        if (!finished) {
            fail(server.serverFailed(e, outages));
        }
    }

    /** @return whether this call finished the request (it finishes once: its in-flight share is released then) */
    private boolean finish(boolean succeeded) {
        if (finished) {
            return false;
        }
        finished = true;
        server.finished(this, succeeded);
        return true;
    }
}
