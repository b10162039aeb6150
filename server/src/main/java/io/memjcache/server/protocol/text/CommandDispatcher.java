package io.memjcache.server.protocol.text;

import io.memjcache.server.command.StoreMode;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.protocol.meta.MetaCommands;

/**
 * The one switch over command names: checks each command's token count as memcached does (a wrong count is answered
 * {@code ERROR}) and hands the request to the class that executes it. Parsing of the line happened before; the
 * commands read it from {@link ConnectionHandler#line}. Thread-safe (stateless apart from its collaborators).
 *
 * <p>Internal, not API.
 */
public final class CommandDispatcher {

    private final TextStorageCommand storage;
    private final TextRetrievalCommand retrieval;
    private final TextKeyCommands keyCommands;
    private final AdminCommands admin;
    private final StatsCommand stats;
    private final MetaCommands meta;
    private final LruCrawlerCommand crawler;

    public CommandDispatcher(ServerContext server) {
        this.storage = new TextStorageCommand(server);
        this.retrieval = new TextRetrievalCommand(server);
        this.keyCommands = new TextKeyCommands(server);
        this.admin = new AdminCommands(server);
        this.stats = new StatsCommand(server);
        this.meta = new MetaCommands(server);
        this.crawler = new LruCrawlerCommand(server);
    }

    public void dispatch(ConnectionHandler c) {
        RequestLine line = c.line;
        int n = line.count();
        c.noreply = false;
        if (c.server.verbosity() > 1) {
            c.server.logCommand(c, line.lineText());
        }
        if (n < 1 || line.length(0) < 2) {
            c.writeLine(Replies.ERROR);
            return;
        }
        boolean ok =
                switch (line.byteAt(0, 0)) {
                    case 'm' -> meta.dispatch(c);
                    case 'g' -> n >= 2 && retrieval.dispatch(c);
                    case 's' ->
                        line.is(0, "set")
                                ? tokens(n, 5, 6) && storage.run(c, StoreMode.SET)
                                : line.is(0, "stats")
                                        ? stats.run(c)
                                        : line.is(0, "shutdown")
                                                ? admin.shutdown(c)
                                                : line.is(0, "slabs") ? admin.slabs(c) : unknown(c);
                    case 'a' ->
                        line.is(0, "add")
                                ? tokens(n, 5, 6) && storage.run(c, StoreMode.ADD)
                                : line.is(0, "append")
                                        ? tokens(n, 5, 6) && storage.run(c, StoreMode.APPEND)
                                        : unknown(c);
                    case 'c' ->
                        line.is(0, "cas")
                                ? tokens(n, 6, 7) && storage.run(c, StoreMode.CAS)
                                : line.is(0, "cache_memlimit") ? tokens(n, 2, 3) && admin.cacheMemlimit(c) : unknown(c);
                    case 'i' -> line.is(0, "incr") ? tokens(n, 3, 4) && keyCommands.arithmetic(c, true) : unknown(c);
                    case 'd' ->
                        line.is(0, "delete")
                                ? n >= 2 && n <= 4 && keyCommands.delete(c)
                                : line.is(0, "decr") ? tokens(n, 3, 4) && keyCommands.arithmetic(c, false) : unknown(c);
                    case 't' -> line.is(0, "touch") ? tokens(n, 3, 4) && keyCommands.touch(c) : unknown(c);
                    case 'r' ->
                        line.is(0, "replace")
                                ? tokens(n, 5, 6) && storage.run(c, StoreMode.REPLACE)
                                : line.is(0, "refresh_certs") ? admin.refreshCerts(c) : unknown(c);
                    case 'p' ->
                        line.is(0, "prepend") ? tokens(n, 5, 6) && storage.run(c, StoreMode.PREPEND) : unknown(c);
                    case 'f' -> line.is(0, "flush_all") ? n <= 3 && admin.flushAll(c) : unknown(c);
                    case 'v' ->
                        line.is(0, "version")
                                ? admin.version(c)
                                : line.is(0, "verbosity") ? tokens(n, 2, 3) && admin.verbosity(c) : unknown(c);
                    case 'w' -> line.is(0, "watch") ? admin.watch(c) : unknown(c);
                    case 'q' -> line.is(0, "quit") ? admin.quit(c) : unknown(c);
                    case 'l' ->
                        line.is(0, "lru_crawler") ? crawler.run(c) : line.is(0, "lru") ? admin.lru(c) : unknown(c);
                    default -> unknown(c);
                };
        if (!ok) {
            c.writeLine(Replies.ERROR);
        }
    }

    private static boolean tokens(int count, int a, int b) {
        return count == a || count == b;
    }

    /**
     * An unknown command: {@code ERROR}, except that a request line ending in an HTTP version is a web client that
     * reached the wrong port, and memcached simply hangs up on it.
     */
    private static boolean unknown(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() >= 2 && line.startsWith(line.count() - 1, "HTTP/")) {
            c.closeForProtocolError();
            return true;
        }
        return false;
    }
}
