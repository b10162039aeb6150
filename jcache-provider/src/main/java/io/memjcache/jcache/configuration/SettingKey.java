package io.memjcache.jcache.configuration;

import io.memjcache.jcache.serialization.DefaultSerializer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The provider's settings: their property names, the short names used in a {@code memcached://} URI's query, and
 * their defaults as text (parsed like any other source, so a default can never disagree with the parser).
 *
 * <p>Thread-safe (an enum). Not part of the provider's API. Arguments must not be {@code null}; results are never
 * {@code null} (a lookup that may find nothing returns an empty {@link java.util.Optional}).
 */
enum SettingKey {
    SERVERS("servers", "embedded"),
    OP_TIMEOUT("opTimeout", "1s"),
    CONNECT_TIMEOUT("connectTimeout", "1s"),
    MAX_CONNECTIONS_PER_SERVER("maxConnectionsPerServer", "16"),
    BORROW_TIMEOUT("borrowTimeout", "500ms"),
    RETRY_DELAY("retryDelay", "1s"),
    /** The asynchronous client's pipelined channels per server. */
    ASYNC_CONNECTIONS("async.connections", "4"),
    /** The asynchronous commands in flight per server beyond which a call fails at once. */
    ASYNC_MAX_IN_FLIGHT("async.maxInFlight", "10000"),
    EMBEDDED_MEMORY_MB("embedded.memoryMb", "64"),
    SERIALIZER("serializer", DefaultSerializer.class.getName()),
    /** Empty: only the built-in list and each cache's configured types may be deserialized. */
    SERIALIZATION_ALLOW("serialization.allow", ""),
    /** Empty: the cache manager's URI names the namespace. */
    NAMESPACE("namespace", ""),
    // Operations: required servers, the embedded server's item size.
    /** Whether a missing server list is an error rather than the embedded default. */
    REQUIRE_SERVERS("requireServers", "false"),
    /** memcached's {@code -I} syntax, its default: 1 MiB. */
    EMBEDDED_MAX_ITEM_SIZE("embedded.maxItemSize", "1m"),
    /** How many servers keep each entry: its ketama owner and the next distinct servers on the ring. */
    REPLICAS("replicas", "1"),
    TLS("tls", "false"),
    /** Empty: the JDK's default trust store decides. */
    TLS_CA_FILE("tls.caFile", ""),
    /** Empty: no client certificate. */
    TLS_CERT_FILE("tls.certFile", ""),
    TLS_KEY_FILE("tls.keyFile", ""),
    TLS_VERIFY_HOSTNAME("tls.verifyHostname", "true"),
    /** Empty: no authentication. */
    USERNAME("username", ""),
    /** Never shown: {@link ProviderSettings#toString()} and every message show {@code ****}. */
    PASSWORD("password", ""),
    PASSWORD_FILE("passwordFile", ""),
    CHECK_ON_START("checkOnStart", "false"),
    // The near cache: a manager-wide default, each overridable per cache (see PerCacheSetting).
    /** 0: no near cache. */
    NEAR_MAX_ENTRIES("nearCache.maxEntries", "0"),
    /** 0: bounded by entries alone. */
    NEAR_MAX_BYTES("nearCache.maxBytes", "0"),
    NEAR_CONSISTENCY("nearCache.consistency", "strict"),
    NEAR_MAX_STALENESS("nearCache.maxStaleness", "100ms");

    /** Every setting's property name starts with this. */
    static final String PREFIX = "memjcache.";

    private final String shortName;
    private final String defaultText;

    SettingKey(String shortName, String defaultText) {
        this.shortName = shortName;
        this.defaultText = defaultText;
    }

    /** @return the name used in properties, e.g. {@code memjcache.opTimeout} */
    String propertyName() {
        return PREFIX + shortName;
    }

    /** @return the name used in a {@code memcached://} URI's query, e.g. {@code opTimeout} */
    String shortName() {
        return shortName;
    }

    /** @return the default value, as text */
    String defaultText() {
        return defaultText;
    }

    /** @return whether a cache may override this setting ({@code memjcache.cache.<name>.<short name>}) */
    boolean perCache() {
        return this == NEAR_MAX_ENTRIES
                || this == NEAR_MAX_BYTES
                || this == NEAR_CONSISTENCY
                || this == NEAR_MAX_STALENESS;
    }

    /** @return the setting of this property name (case-sensitive, like Java properties) */
    static Optional<SettingKey> byPropertyName(String propertyName) {
        return Arrays.stream(values())
                .filter(k -> k.propertyName().equals(propertyName))
                .findFirst();
    }

    /** @return every setting's short or property name, comma-separated, for messages */
    static String knownNames(boolean shortNames) {
        return Arrays.stream(values())
                .map(k -> shortNames ? k.shortName() : k.propertyName())
                .collect(Collectors.joining(", "));
    }

    /** @return the error message for an unknown name, with a suggestion when it looks like a typo of a known one */
    static String unknownNameMessage(String name, boolean shortNames, String source) {
        String suggestion = Arrays.stream(values())
                .map(k -> shortNames ? k.shortName() : k.propertyName())
                .filter(candidate ->
                        editDistance(candidate.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 3)
                .findFirst()
                .map(candidate -> " (did you mean " + candidate + "?)")
                .orElse("");
        return "unknown setting " + name + " (from " + source + ")" + suggestion + "; known settings: "
                + knownNames(shortNames);
    }

    /** Levenshtein distance: small names, so the quadratic table is fine. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
