package io.memjcache.server.protocol.text;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.SlabClasses;
import io.memjcache.server.support.Ascii;

/**
 * The server-wide text commands: {@code flush_all}, {@code version}, {@code verbosity}, {@code quit},
 * {@code cache_memlimit}, {@code shutdown}, and the tuning commands memcached accepts ({@code slabs automove},
 * {@code lru}) whose settings have no effect on this engine but which tools send. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class AdminCommands {

    /** The memcached release whose protocol the server speaks, with our name so operators can tell. */
    public static final String VERSION = "1.6.18-memjcache";

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

    /** memcached's answer when it was started without TLS, which this server does not offer. */
    boolean refreshCerts(ConnectionHandler c) {
        c.writeLine(Ascii.bytes("Error TLS not enabled"));
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
        } else {
            c.writeLine(Ascii.bytes("CLIENT_ERROR invalid shutdown mode"));
        }
        return true;
    }

    /**
     * {@code slabs automove} is accepted and {@code slabs reassign} validated as memcached does; with no slab pages
     * to move, a valid reassign is answered as memcached answers when the source has none spare.
     */
    boolean slabs(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() == 3 && line.is(1, "automove")) {
            if (!line.parseUInt32(2)) {
                c.writeLine(Replies.BAD_FORMAT);
                return true;
            }
            return line.number <= 2 && written(c, Replies.OK);
        }
        if (line.count() == 4 && line.is(1, "reassign")) {
            if (!line.parseInt32(2)) {
                c.writeLine(Replies.BAD_FORMAT);
                return true;
            }
            long source = line.number;
            if (!line.parseInt32(3)) {
                c.writeLine(Replies.BAD_FORMAT);
                return true;
            }
            long destination = line.number;
            if (source == destination) {
                c.writeLine(Ascii.bytes("SAME src and dst class are identical"));
            } else if (source < 0
                    || destination < 0
                    || source > SlabClasses.largest()
                    || destination > SlabClasses.largest()) {
                c.writeLine(Ascii.bytes("BADCLASS invalid src or dst class id"));
            } else {
                c.writeLine(Ascii.bytes("NOSPARE source class has no spare pages"));
            }
            return true;
        }
        return false;
    }

    /** {@code lru mode|tune|temp_ttl}: validated like memcached; this engine has a single LRU, so no effect. */
    boolean lru(ConnectionHandler c) {
        RequestLine line = c.line;
        int n = line.count();
        boolean valid = (n == 3 && line.is(1, "mode") && (line.is(2, "flat") || line.is(2, "segmented")))
                || (n == 6 && line.is(1, "tune"))
                || (n == 3 && line.is(1, "temp_ttl") && line.parseInt32(2));
        return valid && written(c, Replies.OK);
    }

    private static boolean written(ConnectionHandler c, byte[] line) {
        c.writeLine(line);
        return true;
    }
}
