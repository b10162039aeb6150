package io.memjcache.server.net;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.auth.PasswordDatabase;
import io.memjcache.server.command.Commands;
import io.memjcache.server.protocol.text.CommandDispatcher;
import io.memjcache.server.stats.PrefixStats;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.stats.StatsReport;
import io.memjcache.server.store.ItemStore;
import io.netty.channel.Channel;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What every connection of one server shares: settings, the store, the counters, the commands (shared by the
 * protocols), the text and meta dispatcher and the table of open connections. Thread-safe; no null fields.
 *
 * <p>Internal, not API.
 */
public final class ServerContext {

    public final ServerConfig config;
    public final ServerStats stats = new ServerStats();
    public final PrefixStats prefixStats = new PrefixStats();
    public final OutputBudget output;
    /** Connections closed because executing a request threw (a defect, unlike a reset by the peer). */
    final LongAdder internalErrors = new LongAdder();

    public final ItemStore store;
    /** What each command does, shared by the protocols. */
    public final Commands commands;
    /** The statistics groups, as name/value pairs for each protocol to encode. */
    public final StatsReport statsReport;

    final CommandDispatcher dispatcher;
    public final long startedAtMillis;
    private final Map<Long, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(10);
    private final PrintStream log;
    private volatile Runnable shutdownAction = () -> {};
    public volatile @Nullable SocketAddress listenAddress;
    /** The users of ASCII authentication; null when clients need not authenticate. Set before the first bind. */
    private volatile @Nullable AuthFile auth;
    /** TLS of the TLS listeners; null without {@code -Z}. Set before the first bind. */
    private volatile @Nullable TlsContexts tls;

    /** An open connection as {@code stats conns} shows it. */
    public record Connection(ConnectionHandler handler, Channel channel) {}

    /** The SASL users when SASL is required, else null. */
    public final @Nullable PasswordDatabase saslUsers;

    public ServerContext(ServerConfig config, PrintStream log) {
        this.config = config;
        this.saslUsers = config.saslPasswordFile().map(PasswordDatabase::open).orElse(null);
        this.log = log;
        this.output = new OutputBudget(config.outputBudgetBytes());
        this.store = new ItemStore(config.memoryLimitBytes(), config.clock(), stats);
        store.sweeper.setSweeping(config.lruCrawler());
        this.commands = new Commands(store, stats, prefixStats, config);
        this.statsReport = new StatsReport(this);
        this.dispatcher = new CommandDispatcher(this);
        this.startedAtMillis = config.clock().millis();
    }

    /** Installs what {@link ServerRuntime} loaded from the authentication and TLS files, before it listens. */
    void secure(@Nullable AuthFile auth, @Nullable TlsContexts tls) {
        this.auth = auth;
        this.tls = tls;
    }

    /** @return the users of ASCII authentication, or null when clients need not authenticate */
    public @Nullable AuthFile auth() {
        return auth;
    }

    /** @return the server's TLS, or null without {@code -Z} */
    public @Nullable TlsContexts tls() {
        return tls;
    }

    /** Logs a server-level event (a reload of the user file, say) when errors are logged ({@code -v}). */
    public void logEvent(String message) {
        if (verbosity() > 0) {
            log.println(message);
        }
    }

    /** @return false if the connection limit is reached; the caller then refuses the connection */
    boolean tryAdmit() {
        while (true) {
            int n = open.get();
            if (n >= config.maxConnections()) {
                stats.rejectedConnections.increment();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    long nextConnectionId() {
        return ids.incrementAndGet();
    }

    void connectionOpened(ConnectionHandler handler, Channel channel) {
        connections.put(handler.id, new Connection(handler, channel));
        stats.currConnections.increment();
        stats.totalConnections.increment();
        if (verbosity() > 1) {
            log.println("<" + handler.id + " new auto-negotiating client connection");
        }
    }

    void connectionClosed(ConnectionHandler handler) {
        if (connections.remove(handler.id) != null) {
            stats.currConnections.decrement();
            if (verbosity() > 1) {
                log.println("<" + handler.id + " connection closed.");
            }
        }
    }

    public Iterable<Connection> connections() {
        return connections.values();
    }

    void logConnectionError(ConnectionHandler handler, Throwable cause) {
        if (verbosity() > 0) {
            log.println("<" + handler.id + " connection error: " + cause);
        }
    }

    public void logCommand(ConnectionHandler handler, String line) {
        if (verbosity() > 1) {
            log.println("<" + handler.id + " " + line);
        }
    }

    public int verbosity() {
        return commands.server.verbosity();
    }

    void onShutdownCommand(Runnable action) {
        this.shutdownAction = action;
    }

    public void shutdown() {
        shutdownAction.run();
    }
}
