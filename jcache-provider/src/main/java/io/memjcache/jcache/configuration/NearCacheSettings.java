package io.memjcache.jcache.configuration;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The near cache settings of one cache: {@code memjcache.nearCache.*}, each overridable per cache as
 * {@code memjcache.cache.<name>.nearCache.*}. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe. No component is {@code null}.
 *
 * @param maxEntries   how many entries the near cache holds at most; 0: no near cache
 * @param maxBytes     how many bytes of serialized keys and values it holds at most; 0: bounded by entries alone
 * @param consistency  how a near hit is kept from being stale
 * @param maxStaleness in {@link Consistency#EVENTUAL} mode, how old a near hit may be at most
 */
public record NearCacheSettings(int maxEntries, long maxBytes, Consistency consistency, Duration maxStaleness) {

    /** The most entries a near cache may be given: 9 digits, as for the other whole-number settings. */
    static final int MAX_ENTRIES = 999_999_999;

    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})([kKmMgG]?)");
    private static final long MAX_BYTES = 1L << 40;

    /** No near cache. */
    public static final NearCacheSettings OFF = new NearCacheSettings(0, 0, Consistency.STRICT, Duration.ofMillis(100));

    /** Checks the components. */
    public NearCacheSettings {
        Objects.requireNonNull(consistency, "consistency");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("negative near cache bounds: " + maxEntries + ", " + maxBytes);
        }
    }

    /** @return whether the cache has a near cache */
    public boolean enabled() {
        return maxEntries > 0;
    }

    /** How a near cache keeps its hits from being stale. */
    public enum Consistency {
        /** Every near hit is checked against the server (CAS and generation, no value) before it is answered. */
        STRICT,
        /** Near hits are answered without a round trip; the servers' watch streams invalidate them. */
        EVENTUAL
    }

    /** Resolves the four settings, each from its per-cache override or else its manager-wide value. */
    static NearCacheSettings resolve(ProviderSettings.Parsing settings) {
        return new NearCacheSettings(
                settings.parse(SettingKey.NEAR_MAX_ENTRIES, text -> SettingParsers.integer(text, 0, MAX_ENTRIES)),
                settings.parse(SettingKey.NEAR_MAX_BYTES, NearCacheSettings::bytes),
                settings.parse(SettingKey.NEAR_CONSISTENCY, NearCacheSettings::consistency),
                settings.parse(SettingKey.NEAR_MAX_STALENESS, SettingParsers::duration));
    }

    /** @return the bytes of text such as {@code 0}, {@code 65536}, {@code 64k}, {@code 16m} or {@code 1g} */
    static long bytes(String text) {
        Matcher m = BYTES.matcher(text.strip());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            int shift =
                    switch (m.group(2).toLowerCase(Locale.ROOT)) {
                        case "k" -> 10;
                        case "m" -> 20;
                        case "g" -> 30;
                        default -> 0;
                    };
            if (amount <= MAX_BYTES >> shift) {
                return amount << shift;
            }
        }
        throw new IllegalArgumentException(
                "expected a size in bytes like 0 (no bound), 65536, 64k, 16m or 1g," + " at most 1024g");
    }

    static Consistency consistency(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "strict" -> Consistency.STRICT;
            case "eventual" -> Consistency.EVENTUAL;
            default -> throw new IllegalArgumentException("expected strict or eventual");
        };
    }
}
