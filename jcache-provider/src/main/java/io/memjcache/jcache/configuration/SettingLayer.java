package io.memjcache.jcache.configuration;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings one source gives (the {@code Properties} passed to {@code getCacheManager}, system properties, a URI
 * or a properties file), as text, with a description of the source for messages. Unknown {@code memjcache.*} names
 * are rejected here, when the source is read, so a typo never passes silently.
 *
 * <p>Thread-safe (immutable). Not part of the provider's API. No {@code null} components.
 *
 * @param source   describes the source, for messages
 * @param values   the manager-wide settings it gives
 * @param perCache the settings it overrides for single caches ({@link PerCacheSetting})
 */
record SettingLayer(String source, Map<SettingKey, String> values, Map<PerCacheSetting, String> perCache) {

    SettingLayer {
        values =
                Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(SettingKey.class) : new EnumMap<>(values));
        perCache = Map.copyOf(perCache);
    }

    /** A layer without per-cache settings. */
    SettingLayer(String source, Map<SettingKey, String> values) {
        this(source, values, Map.of());
    }

    /** @return a layer that sets nothing */
    static SettingLayer empty(String source) {
        return new SettingLayer(source, Map.of());
    }

    /**
     * Reads the {@code memjcache.*} entries of {@code properties}.
     *
     * @param dedicated true for a memjcache properties file, where every key must be a {@code memjcache.} setting;
     *     false for shared property sets (system properties, the properties of {@code getCacheManager}), whose
     *     other keys belong to someone else and are ignored
     * @throws IllegalArgumentException for an unknown {@code memjcache.*} key or a value that is not a string
     */
    static SettingLayer fromProperties(Properties properties, String source, boolean dedicated) {
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        Map<PerCacheSetting, String> perCache = new HashMap<>();
        // Iterate the entries, not stringPropertyNames(): that method silently skips non-String values.
        for (Map.Entry<Object, Object> entry : properties.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                continue;
            }
            if (!name.startsWith(SettingKey.PREFIX)) {
                if (dedicated) {
                    throw new IllegalArgumentException("setting " + name + " (from " + source
                            + ") does not start with " + SettingKey.PREFIX + "; known settings: "
                            + SettingKey.knownNames(false));
                }
                continue;
            }
            if (!(entry.getValue() instanceof String text)) {
                throw new IllegalArgumentException(name + " (from " + source + ") must be a String, not a "
                        + entry.getValue().getClass().getName());
            }
            put(name, text, source, values, perCache);
        }
        // Properties may carry defaults that entrySet() does not show; they are strings by construction.
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(SettingKey.PREFIX) && !properties.containsKey(name)) {
                put(name, properties.getProperty(name), source, values, perCache);
            }
        }
        return new SettingLayer(source, values, perCache);
    }

    /** Files the setting of property {@code name} as a manager-wide or a per-cache one. */
    private static void put(
            String name,
            String text,
            String source,
            Map<SettingKey, String> values,
            Map<PerCacheSetting, String> perCache) {
        PerCacheSetting override = PerCacheSetting.parse(name.substring(SettingKey.PREFIX.length()), source)
                .orElse(null);
        if (override != null) {
            perCache.put(override, text);
            return;
        }
        SettingKey key = SettingKey.byPropertyName(name)
                .orElseThrow(() -> new IllegalArgumentException(SettingKey.unknownNameMessage(name, false, source)));
        values.put(key, text);
    }
}
