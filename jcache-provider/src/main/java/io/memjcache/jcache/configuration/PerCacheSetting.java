package io.memjcache.jcache.configuration;

import java.util.Optional;

/**
 * A setting overridden for one cache: {@code memjcache.cache.<cache name>.<short name>} in properties, or
 * {@code cache.<cache name>.<short name>} in a {@code memcached://} URI's query, for the settings that
 * {@link SettingKey#perCache()} allows. The cache name may itself contain dots: the setting is recognised by its
 * ending.
 *
 * <p>Thread-safe (immutable). Not part of the provider's API. No {@code null} components.
 *
 * @param cacheName the cache's name, not empty
 * @param key       the setting it overrides
 */
record PerCacheSetting(String cacheName, SettingKey key) {

    /** What a per-cache short name starts with. */
    static final String SHORT_PREFIX = "cache.";

    /**
     * @param shortName a name without the {@code memjcache.} prefix
     * @return the per-cache setting it names; empty when it does not start with {@value #SHORT_PREFIX}
     * @throws IllegalArgumentException when it starts so but names no cache or no setting a cache may override
     */
    static Optional<PerCacheSetting> parse(String shortName, String source) {
        if (!shortName.startsWith(SHORT_PREFIX)) {
            return Optional.empty();
        }
        String rest = shortName.substring(SHORT_PREFIX.length());
        for (SettingKey key : SettingKey.values()) {
            String suffix = "." + key.shortName();
            if (key.perCache() && rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return Optional.of(new PerCacheSetting(rest.substring(0, rest.length() - suffix.length()), key));
            }
        }
        throw new IllegalArgumentException("unknown per-cache setting " + shortName + " (from " + source
                + "): expected " + SHORT_PREFIX + "<cache name>.<setting> with one of the settings "
                + perCacheNames());
    }

    private static String perCacheNames() {
        StringBuilder names = new StringBuilder();
        for (SettingKey key : SettingKey.values()) {
            if (key.perCache()) {
                names.append(names.length() == 0 ? "" : ", ").append(key.shortName());
            }
        }
        return names.toString();
    }
}
