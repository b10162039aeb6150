package io.memjcache.server.protocol.text;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.net.TlsContexts;
import io.memjcache.server.store.SlabClasses;
import io.memjcache.server.store.WatchLog;
import io.memjcache.server.support.Ascii;
import java.nio.charset.StandardCharsets;

/**
 * The server-wide text commands: {@code flush_all}, {@code version}, {@code verbosity}, {@code quit},
 * {@code cache_memlimit}, {@code shutdown}, and the tuning commands memcached accepts ({@code slabs automove},
 * {@code lru}) whose settings have no effect on this engine but which tools send. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class AdminCommands {

    private final ServerContext server;

    AdminCommands(ServerContext server) {
        this.server = server;
    }

    /**
     * {@code watch [fetchers|mutations|evictions|deletions|connevents ...]}: memcached's log streams (no argument:
     * fetchers). memcached's other stream names are accepted and stay silent: this server has no such events.
     */
    boolean watch(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (!server.config.watchEnabled()) {
            c.reply(WATCH_DISABLED);
            return true;
        }
        if (c.hasUnsentOutput()) {
            c.reply(WATCH_PIPELINED);
            return true;
        }
        if (c.isDatagram()) {
            c.reply(WATCH_OVER_UDP);
            return true;
        }
        int flags = 0;
        int n = line.count() - (c.noreply ? 1 : 0);
        for (int i = 1; i < n; i++) {
            if (line.is(i, "fetchers")) {
                flags |= WatchLog.FETCHERS;
            } else if (line.is(i, "mutations")) {
                flags |= WatchLog.MUTATIONS;
            } else if (line.is(i, "evictions")) {
                flags |= WatchLog.EVICTIONS;
            } else if (line.is(i, "deletions")) {
                flags |= WatchLog.DELETIONS;
            } else if (line.is(i, "connevents")) {
                flags |= WatchLog.CONNEVENTS;
            } else if (!(line.is(i, "rawcmds")
                    || line.is(i, "sysevents")
                    || line.is(i, "proxyreqs")
                    || line.is(i, "proxyevents")
                    || line.is(i, "proxyuser"))) {
                c.reply(Replies.ERROR);
                return true;
            }
        }
        if (n == 1) {
            flags = WatchLog.FETCHERS;
        }
        if (!c.startWatching(flags)) {
            c.reply(WATCHER_TOO_MANY);
        }
        return true;
    }

    private static final byte[] WATCH_PIPELINED = Ascii.bytes("ERROR cannot pipeline other commands before watch");
    private static final byte[] WATCH_DISABLED = Ascii.bytes("CLIENT_ERROR watch commands not allowed");
    private static final byte[] WATCH_OVER_UDP = Ascii.bytes("CLIENT_ERROR watch is not available over UDP");
    private static final byte[] WATCHER_TOO_MANY = Ascii.bytes("WATCHER_TOO_MANY log watcher limit reached");

    boolean flushAll(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        server.commands.server.countFlush();
        if (!server.config.flushEnabled()) {
            // memcached counts the refused command, and noreply silences the refusal too.
            c.reply(Replies.FLUSH_NOT_ALLOWED);
            return true;
        }
        long delay = 0;
        if (line.count() != (c.noreply ? 2 : 1)) {
            if (!line.parseInt32(1)) {
                c.reply(Replies.INVALID_EXPTIME);
                return true;
            }
            delay = line.number;
        }
        server.commands.server.flushAll(delay, c.key.cfd);
        c.reply(Replies.OK);
        return true;
    }

    boolean version(ConnectionHandler c) {
        c.writeLine(Replies.VERSION);
        return true;
    }

    boolean verbosity(ConnectionHandler c) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (!line.parseUInt32(1)) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        server.commands.server.setVerbosity(line.number);
        c.reply(Replies.OK);
        return true;
    }

    /**
     * {@code refresh_certs}: reads the TLS certificate chain, key and CA files again for the connections to come.
     * memcached answers its errors even under {@code noreply}, and only its {@code OK} obeys it.
     */
    boolean refreshCerts(ConnectionHandler c) {
        TlsContexts tls = server.tls();
        if (tls == null) {
            c.writeLine(Replies.TLS_NOT_ENABLED);
            return true;
        }
        c.noreply = c.line.endsWithNoreply();
        String error = tls.refresh(server.store.now());
        if (error == null) {
            c.reply(Replies.OK);
        } else {
            c.noreply = false;
            c.writeLine(error.getBytes(StandardCharsets.US_ASCII));
        }
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
            c.reply(Replies.MEMLIMIT_TOO_SMALL);
        } else if (megabytes > 1_000_000_000L) {
            c.reply(Replies.MEMLIMIT_NOT_BYTES);
        } else if (megabytes * 1024 * 1024 < server.config.maxItemSize()) {
            c.reply(Replies.MEMLIMIT_FAILED);
        } else {
            server.store.setMemoryLimit(megabytes * 1024 * 1024);
            server.store.trimToLimit();
            c.reply(Replies.OK);
        }
        return true;
    }

    boolean shutdown(ConnectionHandler c) {
        if (!server.config.shutdownEnabled()) {
            c.writeLine(Replies.SHUTDOWN_DISABLED);
            return true;
        }
        RequestLine line = c.line;
        if (line.count() == 1 || (line.count() == 2 && line.is(1, "graceful"))) {
            c.closeAfterFlush();
            server.shutdown();
        } else {
            c.writeLine(Replies.INVALID_SHUTDOWN_MODE);
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
                c.writeLine(Replies.SLABS_SAME_CLASS);
            } else if (source < 0
                    || destination < 0
                    || source > SlabClasses.largest()
                    || destination > SlabClasses.largest()) {
                c.writeLine(Replies.SLABS_BAD_CLASS);
            } else {
                c.writeLine(Replies.SLABS_NO_SPARE);
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
