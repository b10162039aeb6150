package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs meta commands on one connection: a single command as one exchange, or many quiet commands as pipelined
 * batches, each written in one go and ended by {@code mn}, whose {@code MN} answer says every command before it
 * has been answered.
 *
 * <p>A batch is cut in several writes only when its command lines exceed {@value #MAX_BATCH_LINE_BYTES} bytes:
 * a client that writes everything before reading could otherwise deadlock with a server that stops reading
 * while its answers (large values) are not consumed. Data blocks do not count, since the server answers nothing
 * while it reads them.
 *
 * <p>Stateless; the connection is used by the calling thread only. Arguments must not be {@code null}; the
 * answers are what the commands decode, one per command, in order.
 */
final class Pipeline {

    /** Command-line bytes per write; far below the socket buffers of both ends. */
    static final int MAX_BATCH_LINE_BYTES = 64 * 1024;
    /** Upper bound of a command line's length beyond its key (flags, opaque, line end). */
    private static final int LINE_OVERHEAD = 64;

    private Pipeline() {}

    /** Sends {@code command} alone and reads its answer. */
    static <R> R execute(MetaConnection connection, MetaCommand<R> command) throws IOException, ErrorResponseException {
        connection.beginExchange();
        try {
            command.writeTo(connection);
            connection.flush();
            ResponseLine line = connection.readResponseLine();
            if (line.isError()) {
                throw failed(command, line);
            }
            return command.readAnswer(line, connection);
        } finally {
            connection.endExchange();
        }
    }

    /**
     * Sends a few small commands, not quiet, in one write and reads their answers in order: every command answers,
     * so no {@code mn} is needed to know when the batch is over. For a handful of short command lines only (see
     * {@link #MAX_BATCH_LINE_BYTES} for why a long batch is cut).
     *
     * @return the results, position i for command i
     */
    static <R> List<R> executeEach(MetaConnection connection, List<? extends MetaCommand<? extends R>> commands)
            throws IOException, ErrorResponseException {
        connection.beginExchange();
        try {
            for (MetaCommand<? extends R> command : commands) {
                command.writeTo(connection);
            }
            connection.flush();
            List<R> results = new ArrayList<>(commands.size());
            ErrorResponseException serverError = null;
            for (MetaCommand<? extends R> command : commands) {
                ResponseLine line = connection.readResponseLine();
                if (line.isError()) {
                    ErrorResponseException error = failed(command, line);
                    if (!error.connectionReusable()) {
                        throw error;
                    }
                    // The other commands still answer: read on to keep the connection in step.
                    serverError = serverError == null ? error : serverError;
                    continue;
                }
                results.add(command.readAnswer(line, connection));
            }
            if (serverError != null) {
                throw serverError;
            }
            return results;
        } finally {
            connection.endExchange();
        }
    }

    /** @return the failure of {@code command} answered by the error line {@code line} */
    static ErrorResponseException failed(MetaCommand<?> command, ResponseLine line) {
        // memcached has read the whole request (it swallows a rejected data block) before a SERVER_ERROR.
        return new ErrorResponseException(
                command.describe() + " failed: " + line,
                line.code().equals("SERVER_ERROR"),
                line.text(),
                command.payloadSize());
    }

    /**
     * Sends {@code commands} in quiet mode, in order, and collects their results (position i is the result of
     * command i).
     */
    static <R> List<R> executeQuiet(MetaConnection connection, List<? extends QuietCommand<R>> commands)
            throws IOException, ErrorResponseException {
        List<R> results = new ArrayList<>(commands.size());
        for (QuietCommand<R> command : commands) {
            results.add(command.silentResult());
        }
        int start = 0;
        while (start < commands.size()) {
            int end = start;
            int lineBytes = 0;
            while (end < commands.size() && (end == start || lineBytes < MAX_BATCH_LINE_BYTES)) {
                lineBytes += LINE_OVERHEAD + commands.get(end).key().length();
                end++;
            }
            runBatch(connection, commands, start, end, results);
            start = end;
        }
        return results;
    }

    private static <R> void runBatch(
            MetaConnection connection, List<? extends QuietCommand<R>> commands, int start, int end, List<R> results)
            throws IOException, ErrorResponseException {
        connection.beginExchange();
        try {
            for (int i = start; i < end; i++) {
                commands.get(i).writeQuietTo(connection, Integer.toString(i - start));
            }
            MetaNoopCommand.INSTANCE.writeTo(connection);
            connection.flush();
            ResponseLine serverError = null;
            while (true) {
                ResponseLine line = connection.readResponseLine();
                if (MetaNoopCommand.isEnd(line)) {
                    break;
                }
                if (line.isError()) {
                    if (!line.code().equals("SERVER_ERROR")) {
                        throw new ErrorResponseException(
                                line + " in a batch of " + (end - start) + " commands starting with "
                                        + commands.get(start).describe(),
                                false,
                                line.text(),
                                largestPayload(commands, start, end));
                    }
                    // Errors carry no opaque token, so the failing command is unknown; read on to keep in step.
                    serverError = serverError == null ? line : serverError;
                    continue;
                }
                int index = opaqueIndex(line, end - start);
                QuietCommand<R> command = commands.get(start + index);
                results.set(start + index, command.readAnswer(line, connection));
            }
            if (serverError != null) {
                int largest = largestPayload(commands, start, end);
                throw new ErrorResponseException(
                        serverError + " in a batch of " + (end - start) + " commands"
                                + (largest == 0 ? "" : " (largest value " + largest + " bytes)"),
                        true,
                        serverError.text(),
                        largest);
            }
        } finally {
            connection.endExchange();
        }
    }

    private static int opaqueIndex(ResponseLine line, int batchSize) throws ErrorResponseException {
        String opaque = line.flag('O');
        try {
            int index = opaque == null ? -1 : Integer.parseInt(opaque);
            if (index >= 0 && index < batchSize) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ErrorResponseException("answer '" + line + "' does not belong to the batch", false, line.text(), 0);
    }

    private static int largestPayload(List<? extends QuietCommand<?>> commands, int start, int end) {
        int largest = 0;
        for (int i = start; i < end; i++) {
            largest = Math.max(largest, commands.get(i).payloadSize());
        }
        return largest;
    }
}
