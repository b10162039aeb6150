package io.memjcache.server;

import io.memjcache.server.net.OutputBudget;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link MemcachedServer}. Defaults are memcached 1.6's own, except that the server listens
 * on loopback only unless told otherwise.
 *
 * <p>Thread-safe (immutable). No method accepts or returns {@code null}, except {@link #authFile()} and
 * {@link #tls()}, null when off.
 */
public final class ServerConfig {

    /**
     * One listening socket: a host name or IP address, a TCP port (0: ephemeral), and whether its connections
     * speak TLS (only when the server has {@link #tls()} settings; memcached's {@code notls:} prefix turns it off).
     */
    public record Listener(String host, int port, boolean tls) {
        public Listener {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("listen address must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
        }
    }

    /** memcached's default TCP port. */
    public static final int DEFAULT_PORT = 11211;
    /** The largest key memcached accepts, in bytes. */
    public static final int MAX_KEY_LENGTH = 250;
    /** The smallest {@code -I} memcached accepts. */
    public static final int MIN_ITEM_SIZE_LIMIT = 1024;
    /** The largest {@code -I} memcached accepts (1 GiB). */
    public static final int MAX_ITEM_SIZE_LIMIT = 1024 * 1024 * 1024;

    private final int port;
    private final int udpPort;
    private final String listenAddress;
    private final long memoryLimitBytes;
    private final int maxConnections;
    private final int threads;
    private final int maxItemSize;
    private final int verbosity;
    private final boolean shutdownEnabled;
    private final boolean watchEnabled;
    private final InstantSource clock;
    private final long outputBudgetBytes;
    private final @Nullable Path authFile;
    private final @Nullable TlsSettings tls;
    private final boolean listenerTls;
    private final List<Listener> extraListeners;
    private final int requestsPerEvent;
    private final int listenBacklog;
    private final boolean flushEnabled;
    private final boolean dumpEnabled;
    private final boolean lruCrawler;
    private final Protocol protocol;
    private final Optional<Path> saslPasswordFile;

    private ServerConfig(Builder b) {
        this.port = b.port;
        this.udpPort = b.udpPort;
        this.listenAddress = b.listenAddress;
        this.memoryLimitBytes = b.memoryLimitBytes;
        this.maxConnections = b.maxConnections;
        this.threads = b.threads;
        this.maxItemSize = b.maxItemSize;
        this.verbosity = b.verbosity;
        this.shutdownEnabled = b.shutdownEnabled;
        this.watchEnabled = b.watchEnabled;
        this.clock = b.clock;
        this.outputBudgetBytes = b.outputBudgetBytes;
        this.authFile = b.authFile;
        this.tls = b.tls;
        this.listenerTls = b.listenerTls;
        this.extraListeners = List.copyOf(b.extraListeners);
        this.requestsPerEvent = b.requestsPerEvent;
        this.listenBacklog = b.listenBacklog;
        this.flushEnabled = b.flushEnabled;
        this.dumpEnabled = b.dumpEnabled;
        this.lruCrawler = b.lruCrawler;
        this.protocol = b.protocol;
        this.saslPasswordFile = b.saslPasswordFile;
    }

    /** @return a builder holding memcached's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults: port 11211 on 127.0.0.1, 64 MB, 1024 connections, 4 threads, 1 MB items */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** @return a builder initialised with this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.udpPort = udpPort;
        b.listenAddress = listenAddress;
        b.memoryLimitBytes = memoryLimitBytes;
        b.maxConnections = maxConnections;
        b.threads = threads;
        b.maxItemSize = maxItemSize;
        b.verbosity = verbosity;
        b.shutdownEnabled = shutdownEnabled;
        b.watchEnabled = watchEnabled;
        b.clock = clock;
        b.outputBudgetBytes = outputBudgetBytes;
        b.authFile = authFile;
        b.tls = tls;
        b.listenerTls = listenerTls;
        b.extraListeners.addAll(extraListeners);
        b.requestsPerEvent = requestsPerEvent;
        b.listenBacklog = listenBacklog;
        b.flushEnabled = flushEnabled;
        b.dumpEnabled = dumpEnabled;
        b.lruCrawler = lruCrawler;
        b.protocol = protocol;
        b.saslPasswordFile = saslPasswordFile;
        return b;
    }

    /** @return which protocols connections may speak ({@code -B}) */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * @return the {@code user:password} file of SASL users when SASL is required ({@code -S}, the file named by
     *     {@code MEMCACHED_SASL_PWDB}), else empty
     */
    public Optional<Path> saslPasswordFile() {
        return saslPasswordFile;
    }

    /** @return the TCP port to bind; 0 picks a free ephemeral port */
    public int port() {
        return port;
    }

    /** @return the UDP port ({@code -U}); 0, the default as in memcached, means no UDP */
    public int udpPort() {
        return udpPort;
    }

    /** @return the host name or IP address to listen on */
    public String listenAddress() {
        return listenAddress;
    }

    /** @return the most memory items may use, in bytes ({@code -m} is in megabytes) */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    /** @return the most simultaneous client connections ({@code -c}) */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the number of worker threads ({@code -t}) */
    public int threads() {
        return threads;
    }

    /** @return the largest item, key and value together, in bytes ({@code -I}) */
    public int maxItemSize() {
        return maxItemSize;
    }

    /** @return the logging verbosity: 0 quiet, 1 errors and warnings, 2 also each command ({@code -v}, {@code -vv}) */
    public int verbosity() {
        return verbosity;
    }

    /** @return whether the {@code shutdown} command may stop the server ({@code -A}) */
    public boolean shutdownEnabled() {
        return shutdownEnabled;
    }

    /** @return whether the {@code watch} command is allowed (memcached's {@code -W} turns it off) */
    public boolean watchEnabled() {
        return watchEnabled;
    }

    /** @return the source of wall-clock time used for expiry and statistics */
    public InstantSource clock() {
        return clock;
    }

    /** @return the bytes of answers all connections together may have waiting to be sent (see OutputBudget) */
    public long outputBudgetBytes() {
        return outputBudgetBytes > 0 ? outputBudgetBytes : OutputBudget.defaultLimit();
    }

    /** @return the user file of ASCII authentication ({@code -Y}), or null when clients need not authenticate */
    public @Nullable Path authFile() {
        return authFile;
    }

    /** @return the TLS settings ({@code -Z}), or null when no listener speaks TLS */
    public @Nullable TlsSettings tls() {
        return tls;
    }

    /**
     * @return every listening socket: first {@link #listenAddress()} on {@link #port()}, then the extra ones, each
     *     with TLS when the server has TLS settings and the listener was not marked plaintext
     */
    public List<Listener> listeners() {
        List<Listener> all = new ArrayList<>();
        all.add(new Listener(listenAddress, port, tls != null && listenerTls));
        for (Listener extra : extraListeners) {
            all.add(new Listener(extra.host(), extra.port(), tls != null && extra.tls()));
        }
        return List.copyOf(all);
    }

    /**
     * @return how many requests a connection executes in a row before it lets the other connections of its event
     *     loop run (memcached's {@code -R}, default 20)
     */
    public int requestsPerEvent() {
        return requestsPerEvent;
    }

    /** @return the length of the queue of connections not accepted yet (memcached's {@code -b}, default 1024) */
    public int listenBacklog() {
        return listenBacklog;
    }

    /** @return whether {@code flush_all} may empty the cache (memcached's {@code -F} turns it off) */
    public boolean flushEnabled() {
        return flushEnabled;
    }

    /**
     * @return whether {@code stats cachedump} and {@code lru_crawler metadump} may list keys (memcached's {@code -X}
     *     turns them off)
     */
    public boolean dumpEnabled() {
        return dumpEnabled;
    }

    /**
     * @return whether the LRU crawler runs from the start: it reclaims expired items in the background and
     *     answers {@code lru_crawler metadump} (memcached's {@code -o no_lru_crawler} turns it off; {@code
     *     lru_crawler enable} turns it on)
     */
    public boolean lruCrawler() {
        return lruCrawler;
    }

    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", udpPort=" + udpPort + ", listen=" + listenAddress
                + ", memoryLimitBytes=" + memoryLimitBytes
                + ", maxConnections=" + maxConnections + ", threads=" + threads + ", maxItemSize=" + maxItemSize
                + ", verbosity=" + verbosity + ", shutdownEnabled=" + shutdownEnabled + ", requestsPerEvent="
                + requestsPerEvent + ", listenBacklog=" + listenBacklog + ", flushEnabled=" + flushEnabled
                + ", dumpEnabled=" + dumpEnabled + ", lruCrawler=" + lruCrawler + ", protocol=" + protocol
                + ", sasl=" + saslPasswordFile.isPresent() + ", watchEnabled=" + watchEnabled
                + (extraListeners.isEmpty() ? "" : ", extraListeners=" + extraListeners)
                + (authFile == null ? "" : ", authFile=" + authFile)
                + (tls == null ? "" : ", tls=" + tls) + "]";
    }

    /** Builds a {@link ServerConfig}. Not thread-safe. Every setter validates its argument at once. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private int udpPort;
        private String listenAddress = "127.0.0.1";
        private long memoryLimitBytes = 64L * 1024 * 1024;
        private int maxConnections = 1024;
        private int threads = 4;
        private int maxItemSize = 1024 * 1024;
        private Protocol protocol = Protocol.AUTO;
        private Optional<Path> saslPasswordFile = Optional.empty();
        private int verbosity;
        private boolean shutdownEnabled;
        private boolean watchEnabled = true;
        private InstantSource clock = InstantSource.system();
        /** 0: the default, resolved when the server starts (it asks Netty, which is not loaded before). */
        private long outputBudgetBytes;

        private @Nullable Path authFile;
        private @Nullable TlsSettings tls;
        private boolean listenerTls = true;
        private final List<Listener> extraListeners = new ArrayList<>();
        private int requestsPerEvent = 20;
        private int listenBacklog = 1024;
        private boolean flushEnabled = true;
        private boolean dumpEnabled = true;
        private boolean lruCrawler = true;

        private Builder() {}

        /**
         * @param file the user file of ASCII authentication ({@code -Y}): {@code user:password} lines; clients must
         *     authenticate before any other command
         */
        public Builder authFile(Path file) {
            this.authFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** @param settings TLS for every listener not marked plaintext ({@code -Z}) */
        public Builder tls(TlsSettings settings) {
            this.tls = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @param tls whether the main listener ({@link #listenAddress}, {@link #port}) speaks TLS when the server
         *     has TLS settings (the default); false is memcached's {@code -l notls:...}
         */
        public Builder listenerTls(boolean tls) {
            this.listenerTls = tls;
            return this;
        }

        /**
         * Adds a listening socket beside the main one.
         *
         * @param host host name or IP address to bind
         * @param port TCP port, 0 to 65535 (0: ephemeral)
         * @param tls whether its connections speak TLS (when the server has TLS settings)
         */
        public Builder extraListener(String host, int port, boolean tls) {
            extraListeners.add(new Listener(host, port, tls));
            return this;
        }

        /** @param port TCP port, 0 to 65535 (0: ephemeral) */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** @param udpPort UDP port, 1 to 65535, or 0 (the default) for no UDP, as memcached's {@code -U} */
        public Builder udpPort(int udpPort) {
            if (udpPort < 0 || udpPort > 65535) {
                throw new IllegalArgumentException("UDP port must be between 0 and 65535, not " + udpPort);
            }
            this.udpPort = udpPort;
            return this;
        }

        /** @param listenAddress host name or IP address to bind */
        public Builder listenAddress(String listenAddress) {
            Objects.requireNonNull(listenAddress, "listenAddress");
            if (listenAddress.isBlank()) {
                throw new IllegalArgumentException("listenAddress must not be blank");
            }
            this.listenAddress = listenAddress;
            return this;
        }

        /** @param megabytes memory limit for items, in megabytes (at least 1) */
        public Builder memoryLimitMegabytes(long megabytes) {
            if (megabytes < 1 || megabytes > Long.MAX_VALUE / (1024 * 1024)) {
                throw new IllegalArgumentException("memory limit must be at least 1 megabyte, not " + megabytes);
            }
            return memoryLimitBytes(megabytes * 1024 * 1024);
        }

        /** @param bytes memory limit for items, in bytes (at least 64 KiB) */
        public Builder memoryLimitBytes(long bytes) {
            if (bytes < 64 * 1024) {
                throw new IllegalArgumentException("memory limit must be at least 65536 bytes, not " + bytes);
            }
            this.memoryLimitBytes = bytes;
            return this;
        }

        /** @param maxConnections most simultaneous client connections (at least 1) */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("connection limit must be at least 1, not " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** @param threads worker threads (1 to 256) */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** @param protocol which protocols connections may speak; SASL requires {@link Protocol#BINARY} */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Requires SASL authentication (PLAIN over the binary protocol) of every connection, and with it the
         * binary protocol only, as memcached's {@code -S} does.
         *
         * @param passwordFile the {@code user:password} file; read again when it changes
         */
        public Builder sasl(Path passwordFile) {
            this.saslPasswordFile = Optional.of(passwordFile);
            this.protocol = Protocol.BINARY;
            return this;
        }

        /** @param bytes largest item size in bytes, 1 KiB to 1 GiB */
        public Builder maxItemSize(int bytes) {
            if (bytes < MIN_ITEM_SIZE_LIMIT || bytes > MAX_ITEM_SIZE_LIMIT) {
                throw new IllegalArgumentException(
                        "item size limit must be between 1024 bytes and 1 GiB, not " + bytes);
            }
            this.maxItemSize = bytes;
            return this;
        }

        /** @param verbosity 0 (quiet) to 3 */
        public Builder verbosity(int verbosity) {
            if (verbosity < 0 || verbosity > 3) {
                throw new IllegalArgumentException("verbosity must be between 0 and 3, not " + verbosity);
            }
            this.verbosity = verbosity;
            return this;
        }

        /** @param enabled whether the {@code shutdown} command may stop the server */
        public Builder shutdownEnabled(boolean enabled) {
            this.shutdownEnabled = enabled;
            return this;
        }

        /** @param requests requests a connection executes before yielding its event loop (at least 1) */
        public Builder requestsPerEvent(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests per event must be at least 1, not " + requests);
            }
            this.requestsPerEvent = requests;
            return this;
        }

        /** @param backlog connections the system may queue before they are accepted (at least 1) */
        public Builder listenBacklog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("listen backlog must be at least 1, not " + backlog);
            }
            this.listenBacklog = backlog;
            return this;
        }

        /** @param enabled whether {@code flush_all} may empty the cache */
        public Builder flushEnabled(boolean enabled) {
            this.flushEnabled = enabled;
            return this;
        }

        /** @param enabled whether {@code stats cachedump} and {@code lru_crawler metadump} may list keys */
        public Builder dumpEnabled(boolean enabled) {
            this.dumpEnabled = enabled;
            return this;
        }

        /** @param enabled whether the LRU crawler runs from the start */
        public Builder lruCrawler(boolean enabled) {
            this.lruCrawler = enabled;
            return this;
        }

        /** @param enabled whether {@code watch} is allowed (default true; memcached's {@code -W} sets false) */
        public Builder watchEnabled(boolean enabled) {
            this.watchEnabled = enabled;
            return this;
        }

        /** @param clock source of wall-clock time (tests inject a controllable one) */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param bytes the output budget; the default, half of the JVM's direct memory, suits all but tests */
        Builder outputBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("output budget must be positive, not " + bytes);
            }
            this.outputBudgetBytes = bytes;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the item size limit exceeds the memory limit, or SASL is asked for with
         *     a protocol other than binary
         */
        public ServerConfig build() {
            if (saslPasswordFile.isPresent() && protocol != Protocol.BINARY) {
                throw new IllegalArgumentException("SASL works over the binary protocol only, not " + protocol);
            }
            if (maxItemSize > memoryLimitBytes) {
                throw new IllegalArgumentException("item size limit (" + maxItemSize
                        + " bytes) cannot exceed the memory limit (" + memoryLimitBytes + " bytes)");
            }
            return new ServerConfig(this);
        }
    }
}
