package io.memjcache.server;

/**
 * The server-wide text commands: {@code flush_all}, {@code version}, {@code verbosity}, {@code quit},
 * {@code cache_memlimit}, {@code shutdown}, and the tuning commands memcached accepts ({@code slabs automove},
 * {@code lru}) whose settings have no effect on this engine but which tools send. Stateless; thread-safe.
 */
final class AdminCommands {

    /** The memcached release whose protocol the server speaks, with our name so operators can tell. */
    static final String VERSION = "1.6.18-memjcache";
    private static final byte[] VERSION_LINE = Ascii.bytes("VERSION " + VERSION);
    private static final byte[] SHUTDOWN_DISABLED = Ascii.bytes("ERROR: shutdown not enabled");
    private static final byte[] MEMLIMIT_TOO_SMALL =
            Ascii.bytes("MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m");
    private static final byte[] MEMLIMIT_NOT_BYTES =
            Ascii.bytes("MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes");
    private static final byte[] MEMLIMIT_FAILED =
            Ascii.bytes("MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust");

    private final ServerContext server;

    AdminCommands(ServerContext server) {
        this.server = server;
    }

    boolean flushAll(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        server.stats.cmdFlush.increment();
        long delay = 0;
        if (line.count() != (c.noreply ? 2 : 1)) {
            if (!line.parseInt32(1)) {
                c.reply(Replies.INVALID_EXPTIME);
                return true;
            }
            delay = line.number;
        }
        server.store.flushAll(delay, server.store.now());
        c.reply(Replies.OK);
        return true;
    }

    boolean version(ConnectionHandler c) {
        c.writeLine(VERSION_LINE);
        return true;
    }

    boolean verbosity(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (!line.parseUInt32(1)) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        server.setVerbosity((int) Math.min(line.number, 2));
        c.reply(Replies.OK);
        return true;
    }

    boolean quit(ConnectionHandler c) {
        c.closeAfterFlush();
        return true;
    }

    boolean cacheMemlimit(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (!line.parseUInt32(1)) {
            c.reply(Replies.ERROR);
            return true;
        }
        long megabytes = line.number;
        if (megabytes < 8) {
            c.reply(MEMLIMIT_TOO_SMALL);
        } else if (megabytes > 1_000_000_000L) {
            c.reply(MEMLIMIT_NOT_BYTES);
        } else if (megabytes * 1024 * 1024 < server.config.maxItemSize()) {
            c.reply(MEMLIMIT_FAILED);
        } else {
            server.store.setMemoryLimit(megabytes * 1024 * 1024);
            server.store.trimToLimit();
            c.reply(Replies.OK);
        }
        return true;
    }

    boolean shutdown(ConnectionHandler c) {
        if (!server.config.shutdownEnabled()) {
            c.writeLine(SHUTDOWN_DISABLED);
            return true;
        }
        RequestLine line = c.line;
        if (line.count() == 1 || (line.count() == 2 && line.is(1, "graceful"))) {
            c.closeAfterFlush();
            server.shutdown();
            return true;
        }
        return false;
    }

    boolean slabs(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() == 3 && line.is(1, "automove") && line.parseUInt32(2) && line.number <= 2) {
            c.writeLine(Replies.OK);
            return true;
        }
        return false;
    }

    boolean lru(ConnectionHandler c) {
        RequestLine line = c.line;
        boolean known = line.count() >= 3
                && (line.is(1, "tune") || line.is(1, "mode") || line.is(1, "temp_ttl"));
        if (known) {
            c.writeLine(Replies.OK);
            return true;
        }
        return false;
    }
}
