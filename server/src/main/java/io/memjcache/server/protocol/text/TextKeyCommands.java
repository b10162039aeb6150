package io.memjcache.server.protocol.text;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.command.CounterOperation;
import io.memjcache.server.command.DeleteOperation;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.support.Ascii;

/**
 * The single-key text commands without a data block: {@code delete}, {@code touch}, {@code incr}, {@code decr}.
 * Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class TextKeyCommands {

    private final ServerContext server;

    TextKeyCommands(ServerContext server) {
        this.server = server;
    }

    boolean delete(ConnectionHandler c) {
        RequestLine line = c.line;
        int n = line.count();
        if (n > 2) {
            // memcached still accepts the historic "delete <key> 0" (a hold time of zero).
            boolean holdIsZero = line.is(2, "0");
            boolean noreply = line.endsWithNoreply();
            c.noreply = noreply;
            boolean valid = (n == 3 && (holdIsZero || noreply)) || (n == 4 && holdIsZero && noreply);
            if (!valid) {
                c.reply(Replies.DELETE_USAGE);
                return true;
            }
        }
        if (line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        c.key.set(line.buffer(), line.start(1), line.length(1), server.store);
        server.prefixStats.recordDelete(c.key.bytes, c.key.length);
        c.reply(
                server.commands.deletion.delete(c.key) == DeleteOperation.Result.DELETED
                        ? Replies.DELETED
                        : Replies.NOT_FOUND);
        return true;
    }

    boolean touch(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        if (!line.parseInt32(2)) {
            c.reply(Replies.INVALID_EXPTIME);
            return true;
        }
        ItemStore store = server.store;
        long now = store.now();
        long expiresAt = store.expiryFromProtocol(line.number, now);
        c.key.set(line.buffer(), line.start(1), line.length(1), store);
        boolean touched = server.commands.retrieval.touch(c.key, expiresAt, now);
        c.reply(touched ? Replies.TOUCHED : Replies.NOT_FOUND);
        return true;
    }

    boolean arithmetic(ConnectionHandler c, boolean increment) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        if (!line.parseUInt64(2)) {
            c.reply(Replies.INVALID_DELTA);
            return true;
        }
        long delta = line.number;
        c.key.set(line.buffer(), line.start(1), line.length(1), server.store);
        CounterOperation.Result result =
                server.commands.counters.apply(c.key, increment, delta, 0, CounterOperation.Vivify.NONE, -1);
        switch (result.status()) {
            case OK, CREATED -> c.reply(Ascii.unsignedDigits(result.value()));
            case NON_NUMERIC -> c.reply(Replies.NON_NUMERIC);
            default -> c.reply(Replies.NOT_FOUND);
        }
        return true;
    }
}
