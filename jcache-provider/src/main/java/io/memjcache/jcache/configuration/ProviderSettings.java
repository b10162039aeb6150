package io.memjcache.jcache.configuration;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.ClientTls;
import io.memjcache.jcache.client.Credentials;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.Serializer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The provider settings of one cache manager, resolved from four sources, highest precedence first:
 * <ol>
 *   <li>the {@code Properties} passed to {@code CachingProvider.getCacheManager};</li>
 *   <li>system properties;</li>
 *   <li>the cache manager URI: a {@code memcached://host:port,...?opTimeout=500ms} URI, or a {@code classpath:},
 *       {@code file:} or {@code jar:} URI naming a properties file ({@code memjcache:default} names none);</li>
 *   <li>the defaults.</li>
 * </ol>
 * Everything is validated when resolving: an unknown {@code memjcache.*} key, an unsupported URI or a bad value
 * throws {@link IllegalArgumentException} whose message names the key, the value and its source, e.g.
 * {@code memjcache.opTimeout = 'fast' (from system properties): expected a duration like 500ms, 2s, 1m}.
 * A missing server list when servers are required ({@code memjcache.requireServers}, or the environment variable
 * {@value #REQUIRE_SERVERS_VARIABLE}) throws {@link CacheException}. What is legal but probably wrong (a
 * look-alike property, an embedded memory limit the heap cannot hold) is collected in {@link #warnings()}.
 *
 * <p>Thread-safe (immutable; the serializer instance is thread-safe by its contract). No accessor returns
 * {@code null}.
 */
public final class ProviderSettings {

    /** The value of {@code memjcache.servers} that starts the bundled server in-process. */
    public static final String EMBEDDED = "embedded";
    /** The environment variable that, set to {@code true}, requires servers unless the setting says otherwise. */
    public static final String REQUIRE_SERVERS_VARIABLE = "MEMJCACHE_REQUIRE_SERVERS";

    /** Megabytes an embedded server may hold at most (1 TiB): a larger value is a typo. */
    static final int MAX_EMBEDDED_MEMORY_MB = 1024 * 1024;
    /** Connections per server at most: beyond this memcached's own connection limit is the bottleneck. */
    static final int MAX_CONNECTIONS_PER_SERVER = 1024;
    /** Commands in flight per server at most: each holds its request and answer in memory. */
    static final int MAX_ASYNC_IN_FLIGHT = 1_000_000;

    private static final URI DEFAULT_URI = URI.create("memjcache:default");
    /** The source of a setting no source sets. */
    static final String DEFAULT_SOURCE = "default";

    private static final ServerAddress VALIDATION_STAND_IN = new ServerAddress("127.0.0.1", 11211, 1);

    private final Map<SettingKey, ResolvedSetting> settings;
    private final boolean embedded;
    private final int embeddedMemoryMegabytes;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final int maxConnectionsPerServer;
    private final Duration borrowTimeout;
    private final Duration retryDelay;
    private final int asyncConnections;
    private final int asyncMaxInFlight;
    /** The client settings for configured servers; {@code null} when {@link #embedded}. */
    private final @Nullable ClientConfig clientConfig;

    private final Serializer serializer;
    private final AllowedClasses allowedClasses;
    private final String namespace;
    private final int embeddedMaxItemSize;
    private final List<String> warnings;
    private final int replicas;
    private final @Nullable ClientTls tls;
    private final @Nullable Credentials credentials;
    private final boolean checkOnStart;
    /** The per-cache overrides, each from the first source that sets it. */
    private final Map<PerCacheSetting, ResolvedSetting> perCache;

    private ProviderSettings(
            Map<SettingKey, ResolvedSetting> settings,
            Map<PerCacheSetting, ResolvedSetting> perCache,
            ClassLoader classLoader,
            List<String> lookAlikes,
            Environment environment) {
        this.settings = settings;
        this.perCache = Map.copyOf(perCache);
        String servers = setting(SettingKey.SERVERS).text().strip();
        this.embedded = servers.equalsIgnoreCase(EMBEDDED);
        boolean requireServers = parse(SettingKey.REQUIRE_SERVERS, SettingParsers::bool);
        if (embedded) {
            EmbeddedChecks.requireServersUnlessOptional(this::setting, requireServers, environment, lookAlikes);
        }
        if (servers.contains("@")) {
            // Not quoted: what precedes the '@' may be a password.
            throw new IllegalArgumentException(
                    "memjcache.servers (" + setting(SettingKey.SERVERS).origin()
                            + ") holds user information ('...@host'): credentials do not belong in a server list; set "
                            + "memjcache.username and memjcache.password (or memjcache.passwordFile)");
        }
        List<ServerAddress> serverList = embedded ? List.of() : parse(SettingKey.SERVERS, ServerListParser::parse);
        this.embeddedMemoryMegabytes =
                parse(SettingKey.EMBEDDED_MEMORY_MB, text -> SettingParsers.integer(text, 1, MAX_EMBEDDED_MEMORY_MB));
        this.operationTimeout = parse(SettingKey.OP_TIMEOUT, SettingParsers::duration);
        this.connectTimeout = parse(SettingKey.CONNECT_TIMEOUT, SettingParsers::duration);
        this.maxConnectionsPerServer = parse(
                SettingKey.MAX_CONNECTIONS_PER_SERVER,
                text -> SettingParsers.integer(text, 1, MAX_CONNECTIONS_PER_SERVER));
        this.borrowTimeout = parse(SettingKey.BORROW_TIMEOUT, SettingParsers::duration);
        this.retryDelay = parse(SettingKey.RETRY_DELAY, SettingParsers::duration);
        this.asyncConnections = parse(
                SettingKey.ASYNC_CONNECTIONS, text -> SettingParsers.integer(text, 1, MAX_CONNECTIONS_PER_SERVER));
        this.asyncMaxInFlight =
                parse(SettingKey.ASYNC_MAX_IN_FLIGHT, text -> SettingParsers.integer(text, 1, MAX_ASYNC_IN_FLIGHT));
        this.serializer = parse(SettingKey.SERIALIZER, text -> SettingParsers.serializer(text, classLoader));
        this.allowedClasses = parse(SettingKey.SERIALIZATION_ALLOW, AllowedClasses::parse);
        this.namespace = setting(SettingKey.NAMESPACE).text().strip();
        this.embeddedMaxItemSize = parse(SettingKey.EMBEDDED_MAX_ITEM_SIZE, SettingParsers::itemSize);
        List<String> found = new ArrayList<>(lookAlikes);
        if (embedded) {
            EmbeddedChecks.checkSizes(this::setting, embeddedMemoryMegabytes, embeddedMaxItemSize, found);
        }
        this.warnings = List.copyOf(found);
        int serverCount = embedded ? 1 : serverList.size();
        this.replicas = parse(SettingKey.REPLICAS, text -> replicas(text, serverCount));
        SecuritySettings security = new SecuritySettings(this::setting, this::parse);
        this.tls = parse(SettingKey.TLS, SettingParsers::bool) ? security.tls() : security.noTls();
        this.credentials = security.credentials();
        this.checkOnStart = parse(SettingKey.CHECK_ON_START, SettingParsers::bool);
        // Every near cache setting is checked now, the per-cache ones too, not when a cache is created.
        NearCacheSettings.resolve(this::parse);
        perCache.keySet().forEach(override -> nearCache(override.cacheName()));
        if (embedded && (tls != null || credentials != null)) {
            throw new IllegalArgumentException((tls != null ? "memjcache.tls" : "memjcache.username")
                    + " is set, but memjcache.servers is embedded: the embedded server is plaintext on loopback "
                    + "without authentication; TLS and authentication apply to a list of servers");
        }
        // The client refuses an empty server list, so the embedded case is checked with a stand-in address: any
        // other objection of the client's surfaces now, not when the manager starts the embedded server.
        ClientConfig checked = withServers(embedded ? List.of(VALIDATION_STAND_IN) : serverList);
        this.clientConfig = embedded ? null : checked;
    }

    /**
     * Resolves the settings of a cache manager.
     *
     * @param uri the cache manager's URI; {@code null} means {@link #defaultUri()}
     * @param properties the properties passed to {@code getCacheManager}; {@code null} means none. Keys outside
     *     {@code memjcache.} are ignored (they may belong to another library)
     * @param classLoader resolves {@code classpath:} URIs and the serializer class; {@code null} means the
     *     provider's own class loader
     * @return the validated settings
     * @throws IllegalArgumentException naming the key, value and source of the first invalid setting
     */
    public static ProviderSettings resolve(URI uri, Properties properties, ClassLoader classLoader) {
        return resolve(uri, properties, classLoader, System::getenv);
    }

    /** As {@link #resolve(URI, Properties, ClassLoader)}, reading environment variables from {@code environment}. */
    static ProviderSettings resolve(URI uri, Properties properties, ClassLoader classLoader, Environment environment) {
        URI effectiveUri = uri == null ? DEFAULT_URI : uri;
        ClassLoader loader = classLoader == null ? ProviderSettings.class.getClassLoader() : classLoader;
        List<SettingLayer> layers = List.of(
                SettingLayer.fromProperties(
                        properties == null ? new Properties() : properties,
                        "the Properties passed to getCacheManager",
                        false),
                SettingLayer.fromProperties(System.getProperties(), "system properties", false),
                UriSettings.read(effectiveUri, loader));
        Map<SettingKey, ResolvedSetting> resolved = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            resolved.put(
                    key,
                    layers.stream()
                            .filter(layer -> layer.values().containsKey(key))
                            .findFirst()
                            .map(layer -> new ResolvedSetting(
                                    Objects.requireNonNull(layer.values().get(key)), layer.source()))
                            .orElseGet(() -> new ResolvedSetting(key.defaultText(), DEFAULT_SOURCE)));
        }
        Map<PerCacheSetting, ResolvedSetting> perCache = new HashMap<>();
        for (SettingLayer layer : layers) {
            layer.perCache()
                    .forEach((override, text) ->
                            perCache.putIfAbsent(override, new ResolvedSetting(text, layer.source())));
        }
        List<String> lookAlikes = new ArrayList<>(LookAlikes.find(System.getProperties(), "system property"));
        if (properties != null) {
            lookAlikes.addAll(LookAlikes.find(properties, "the property passed to getCacheManager"));
        }
        return new ProviderSettings(resolved, perCache, loader, lookAlikes, environment);
    }

    /** @return the provider's default cache manager URI, {@code memjcache:default}: every setting at its default */
    public static URI defaultUri() {
        return DEFAULT_URI;
    }

    /** @return whether to use the bundled server started in-process ({@code memjcache.servers=embedded}) */
    public boolean embedded() {
        return embedded;
    }

    /**
     * @return the item size limit of the embedded server, in bytes ({@code memjcache.embedded.maxItemSize}, in
     *     memcached's {@code -I} syntax)
     */
    public int embeddedMaxItemSize() {
        return embeddedMaxItemSize;
    }

    /**
     * @return what is legal but probably wrong, one sentence each: properties that look like settings of this
     *     provider under a misspelt prefix, an embedded memory limit larger than the heap
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @return which servers this configuration uses and how, for the log line of a manager starting: the servers and
     *     every setting not at its default (secrets masked)
     * @throws IllegalStateException if {@link #embedded()}
     */
    public String describeBackend() {
        String configured = settings.entrySet().stream()
                .filter(e -> e.getKey() != SettingKey.SERVERS
                        && !e.getValue().source().equals(DEFAULT_SOURCE))
                .map(e -> e.getKey().propertyName() + "="
                        + shown(e.getKey(), e.getValue().text()))
                .collect(Collectors.joining(", "));
        return "memcached servers "
                + clientConfig().servers().stream().map(Object::toString).collect(Collectors.joining(", "))
                + (configured.isEmpty() ? " (every other setting at its default)" : " with " + configured);
    }

    /** @return the value as it may be shown: a secret (any setting named like a password) masked */
    private static String shown(SettingKey key, String text) {
        return key.shortName().toLowerCase(Locale.ROOT).endsWith("password") ? "****" : text.strip();
    }

    /** @return the memory limit of the embedded server, in megabytes ({@code memjcache.embedded.memoryMb}) */
    public int embeddedMemoryMegabytes() {
        return embeddedMemoryMegabytes;
    }

    /**
     * @return the client settings for the configured servers
     * @throws IllegalStateException if {@link #embedded()}: the servers are not known until the embedded server
     *     has started; use {@link #withServers(List)} with its address
     */
    public ClientConfig clientConfig() {
        if (clientConfig == null) {
            throw new IllegalStateException("memjcache.servers is embedded: build the client settings with "
                    + "withServers(embedded server address)");
        }
        return clientConfig;
    }

    /**
     * @param servers the servers to use, e.g. the embedded server's address once it is started
     * @return the client settings with these servers
     */
    public ClientConfig withServers(List<ServerAddress> servers) {
        List<ServerAddress> copy = List.copyOf(Objects.requireNonNull(servers, "servers"));
        try {
            return new ClientConfig(
                            copy, operationTimeout, connectTimeout, maxConnectionsPerServer, borrowTimeout, retryDelay)
                    .withSecurity(tls, credentials)
                    .withAsync(asyncConnections, asyncMaxInFlight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid client settings " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param managerUri the cache manager's URI, the namespace when none is configured
     * @return what names this manager's caches on the servers: managers (in any JVM) with the same namespace share
     *     caches of the same name; others never see them
     */
    public String namespace(URI managerUri) {
        return namespace.isEmpty() ? managerUri.toString() : namespace;
    }

    /**
     * @return on how many servers each entry is kept ({@code memjcache.replicas}): 1 to the number of servers
     */
    public int replicas() {
        return replicas;
    }

    private static int replicas(String text, int serverCount) {
        int value = SettingParsers.integer(text, 1, 999_999_999);
        if (value > serverCount) {
            throw new IllegalArgumentException(value + " replicas need at least " + value + " servers, but "
                    + (serverCount == 1 ? "only 1 server is" : "only " + serverCount + " servers are")
                    + " configured");
        }
        return value;
    }

    /**
     * @return whether creating the manager contacts every server and fails if any cannot serve
     *     ({@code memjcache.checkOnStart})
     */
    public boolean checkOnStart() {
        return checkOnStart;
    }

    /** @return whether TLS is on with host name verification off, which deserves a warning */
    public boolean tlsWithoutHostnameVerification() {
        return tls != null && !tls.verifyHostname();
    }

    /** @return the configured serializer ({@code memjcache.serializer}); one instance, shared */
    public Serializer serializer() {
        return serializer;
    }

    /**
     * @return the classes the default serializer may read besides the built-in list and each cache's configured
     *     types ({@code memjcache.serialization.allow})
     */
    public AllowedClasses allowedClasses() {
        return allowedClasses;
    }

    /**
     * @return every setting's effective value and where it came from, e.g.
     *     {@code memjcache.opTimeout=2s (from system properties)}; a password shows as {@code ****}
     */
    @Override
    public String toString() {
        return settings.entrySet().stream()
                .map(e -> e.getKey().propertyName() + "="
                        + (e.getKey() == SettingKey.PASSWORD
                                        && !e.getValue().text().isEmpty()
                                ? Credentials.MASK
                                : e.getValue().text())
                        + " (" + e.getValue().origin() + ")")
                .collect(Collectors.joining(", ", "ProviderSettings[", "]"));
    }

    /** @return the setting of {@code key}, which {@link #resolve} resolved like every other */
    ResolvedSetting setting(SettingKey key) {
        return Objects.requireNonNull(settings.get(key), key.propertyName());
    }

    /** @return what {@code parser} makes of the setting; its failure names the setting, value and source */
    <T> T parse(SettingKey key, Parser<T> parser) {
        return parse(key.propertyName(), setting(key), parser);
    }

    private static <T> T parse(String propertyName, ResolvedSetting setting, Parser<T> parser) {
        try {
            return parser.parse(setting.text());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    propertyName + " = '" + setting.text() + "' (" + setting.origin() + "): " + e.getMessage(), e);
        }
    }

    /**
     * @param cacheName the cache's name
     * @return the near cache settings of that cache: each of {@code memjcache.cache.<name>.nearCache.*} where set,
     *     else the manager-wide {@code memjcache.nearCache.*} (all checked when the settings were resolved)
     */
    public NearCacheSettings nearCache(String cacheName) {
        return NearCacheSettings.resolve(new Parsing() {
            @Override
            public <T> T parse(SettingKey key, Parser<T> parser) {
                ResolvedSetting override = perCache.get(new PerCacheSetting(cacheName, key));
                return override == null
                        ? ProviderSettings.this.parse(key, parser)
                        : ProviderSettings.parse(
                                SettingKey.PREFIX + PerCacheSetting.SHORT_PREFIX + cacheName + "." + key.shortName(),
                                override,
                                parser);
            }
        });
    }

    /** Parses settings, naming the setting, value and source in a failure. */
    interface Parsing {
        <T> T parse(SettingKey key, Parser<T> parser);
    }

    /** Reads environment variables; {@code null} for an unset one. */
    @FunctionalInterface
    interface Environment {
        @Nullable
        String get(String name);
    }

    /** A parser of one setting's text; throws {@link IllegalArgumentException} saying what it expected. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text);
    }

    /** A setting's effective text and the description of its source. */
    record ResolvedSetting(String text, String source) {
        String origin() {
            return source.equals(DEFAULT_SOURCE) ? DEFAULT_SOURCE : "from " + source;
        }
    }
}
