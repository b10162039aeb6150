package io.memjcache.jcache.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds properties that look like one of this provider's settings under a misspelt prefix, such as
 * {@code memcache.servers} (the missing "j"), {@code memcached.opTimeout}, {@code jcache.servers} or
 * {@code MemJCache.servers}: the provider ignores them (they may belong to another library), which would silently
 * run on the defaults, so the manager warns about each, naming the setting it probably meant.
 *
 * <p>A property is a look-alike when the part of its name before the first dot differs from {@code memjcache} by
 * at most {@value #PREFIX_DISTANCE} edits (letter case aside), and the rest is a setting's short name or within
 * {@value #NAME_DISTANCE} edits of one. Requiring both keeps other libraries' properties out.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}; results are never {@code null}. Values are never
 * read, so a misplaced password does not end up in a log.
 */
final class LookAlikes {

    static final int PREFIX_DISTANCE = 3;
    static final int NAME_DISTANCE = 2;

    private static final String OUR_PREFIX = SettingKey.PREFIX.substring(0, SettingKey.PREFIX.length() - 1);

    private LookAlikes() {}

    /**
     * @param source how to name where the properties came from, e.g. {@code system property}
     * @return one sentence per look-alike property, in no particular order
     */
    static List<String> find(Properties properties, String source) {
        List<String> found = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            meant(name)
                    .ifPresent(key -> found.add(source + " " + name + " is ignored: it looks like " + key.propertyName()
                            + ", and this provider's settings start with " + SettingKey.PREFIX));
        }
        return found;
    }

    /** @return the setting {@code name} probably meant, if it looks like one under a misspelt prefix */
    static Optional<SettingKey> meant(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || name.startsWith(SettingKey.PREFIX)) {
            return Optional.empty();
        }
        String prefix = name.substring(0, dot).toLowerCase(Locale.ROOT);
        if (SettingKey.editDistance(prefix, OUR_PREFIX) > PREFIX_DISTANCE) {
            return Optional.empty();
        }
        String rest = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        SettingKey best = null;
        int bestDistance = NAME_DISTANCE + 1;
        for (SettingKey key : SettingKey.values()) {
            int distance = SettingKey.editDistance(rest, key.shortName().toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = key;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }
}
