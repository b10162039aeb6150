package io.memjcache.jcache.configuration;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.Serializer;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;
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
 *
 * <p>Thread-safe (immutable; the serializer instance is thread-safe by its contract). No accessor returns
 * {@code null}.
 */
public final class ProviderSettings {

    /** The value of {@code memjcache.servers} that starts the bundled server in-process. */
    public static final String EMBEDDED = "embedded";

    /** Megabytes an embedded server may hold at most (1 TiB): a larger value is a typo. */
    static final int MAX_EMBEDDED_MEMORY_MB = 1024 * 1024;
    /** Connections per server at most: beyond this memcached's own connection limit is the bottleneck. */
    static final int MAX_CONNECTIONS_PER_SERVER = 1024;

    private static final URI DEFAULT_URI = URI.create("memjcache:default");
    private static final String DEFAULT_SOURCE = "default";
    private static final ServerAddress VALIDATION_STAND_IN = new ServerAddress("127.0.0.1", 11211, 1);

    private final Map<SettingKey, ResolvedSetting> settings;
    private final boolean embedded;
    private final int embeddedMemoryMegabytes;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final int maxConnectionsPerServer;
    private final Duration borrowTimeout;
    private final Duration retryDelay;
    /** The client settings for configured servers; {@code null} when {@link #embedded}. */
    private final @Nullable ClientConfig clientConfig;

    private final Serializer serializer;
    private final AllowedClasses allowedClasses;
    private final String namespace;
    private final int replicas;

    private ProviderSettings(Map<SettingKey, ResolvedSetting> settings, ClassLoader classLoader) {
        this.settings = settings;
        String servers = setting(SettingKey.SERVERS).text().strip();
        this.embedded = servers.equalsIgnoreCase(EMBEDDED);
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
        this.serializer = parse(SettingKey.SERIALIZER, text -> SettingParsers.serializer(text, classLoader));
        this.allowedClasses = parse(SettingKey.SERIALIZATION_ALLOW, AllowedClasses::parse);
        this.namespace = setting(SettingKey.NAMESPACE).text().strip();
        int serverCount = embedded ? 1 : serverList.size();
        this.replicas = parse(SettingKey.REPLICAS, text -> replicas(text, serverCount));
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
        return new ProviderSettings(resolved, loader);
    }

    /** @return the provider's default cache manager URI, {@code memjcache:default}: every setting at its default */
    public static URI defaultUri() {
        return DEFAULT_URI;
    }

    /** @return whether to use the bundled server started in-process ({@code memjcache.servers=embedded}) */
    public boolean embedded() {
        return embedded;
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
                    copy, operationTimeout, connectTimeout, maxConnectionsPerServer, borrowTimeout, retryDelay);
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
     *     {@code memjcache.opTimeout=2s (from system properties)}
     */
    @Override
    public String toString() {
        return settings.entrySet().stream()
                .map(e -> e.getKey().propertyName() + "=" + e.getValue().text() + " ("
                        + e.getValue().origin() + ")")
                .collect(Collectors.joining(", ", "ProviderSettings[", "]"));
    }

    /** @return the setting of {@code key}, which {@link #resolve} resolved like every other */
    private ResolvedSetting setting(SettingKey key) {
        return Objects.requireNonNull(settings.get(key), key.propertyName());
    }

    private <T> T parse(SettingKey key, Parser<T> parser) {
        ResolvedSetting setting = setting(key);
        try {
            return parser.parse(setting.text());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key.propertyName() + " = '" + setting.text() + "' (" + setting.origin() + "): " + e.getMessage(),
                    e);
        }
    }

    /** A parser of one setting's text; throws {@link IllegalArgumentException} saying what it expected. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
    }

    /** A setting's effective text and the description of its source. */
    private record ResolvedSetting(String text, String source) {
        String origin() {
            return source.equals(DEFAULT_SOURCE) ? DEFAULT_SOURCE : "from " + source;
        }
    }
}
