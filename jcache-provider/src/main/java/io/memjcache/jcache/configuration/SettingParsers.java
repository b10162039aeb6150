package io.memjcache.jcache.configuration;

import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.serialization.Serializer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns setting text into typed values. Each method throws {@link IllegalArgumentException} whose message says
 * what was expected; {@link ProviderSettings} prefixes it with the key, the value and its source.
 *
 * <p>Thread-safe (stateless). Not part of the provider's API. Arguments must not be {@code null}; results are
 * never {@code null}.
 */
final class SettingParsers {

    /** Longer timeouts or delays are certainly mistakes for a cache (and overflow socket timeouts). */
    static final Duration MAX_DURATION = Duration.ofHours(1);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern ITEM_SIZE = Pattern.compile("(\\d{1,10})([kKmM]?)");
    private static final long MIN_ITEM_SIZE = 1024;
    private static final long MAX_ITEM_SIZE = 1024L * 1024 * 1024;

    private SettingParsers() {}

    /** @return the duration of text such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h} */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 2s, 1m (units ms, s, m, h)");
        }
        long amount = Long.parseLong(m.group(1));
        ChronoUnit unit =
                switch (m.group(2)) {
                    case "ms" -> ChronoUnit.MILLIS;
                    case "s" -> ChronoUnit.SECONDS;
                    case "m" -> ChronoUnit.MINUTES;
                    default -> ChronoUnit.HOURS;
                };
        Duration duration = Duration.of(amount, unit);
        if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("expected a duration from 1ms to 1h");
        }
        return duration;
    }

    /** @return {@code true} or {@code false}, in any case */
    static boolean bool(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** @return the whole number of the text, which must lie in {@code [min, max]} */
    static int integer(String text, int min, int max) {
        String digits = text.strip();
        if (!digits.isEmpty() && digits.length() <= 9 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(digits);
            if (value >= min && value <= max) {
                return value;
            }
        }
        throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }

    /**
     * @return the bytes of an item size in memcached's {@code -I} syntax: bytes, or a whole number of {@code k} or
     *     {@code m} (binary units), from 1k to 1024m, the bounds memcached accepts
     */
    static int itemSize(String text) {
        Matcher m = ITEM_SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected an item size in bytes, or with a k or m suffix (like 512k or 2m)");
        }
        long multiplier =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    default -> 1L;
                };
        long bytes = Long.parseLong(m.group(1)) * multiplier;
        if (bytes < MIN_ITEM_SIZE || bytes > MAX_ITEM_SIZE) {
            throw new IllegalArgumentException("expected an item size from 1k to 1024m (memcached's bounds for -I)");
        }
        return (int) bytes;
    }

    /**
     * Instantiates the named {@link Serializer}. The built-in one is created directly, so it works whatever the
     * class loader sees; others are loaded through {@code classLoader}, then through the provider's own loader (in a
     * container the manager's loader may not see a serializer shipped next to the provider).
     */
    static Serializer serializer(String text, ClassLoader classLoader) {
        String className = text.strip();
        if (className.equals(DefaultSerializer.class.getName())) {
            return new DefaultSerializer();
        }
        Class<?> type = loadClass(className, classLoader);
        if (!Serializer.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    "expected a class implementing " + Serializer.class.getName() + ", and " + className + " does not");
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(
                    "expected a concrete class, and " + className + " is abstract or an interface");
        }
        try {
            return type.asSubclass(Serializer.class).getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException("expected a public class with a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "the constructor of " + className + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static Class<?> loadClass(String className, ClassLoader classLoader) {
        try {
            return Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException e) {
            ClassLoader own = SettingParsers.class.getClassLoader();
            if (own != classLoader) {
                try {
                    return Class.forName(className, false, own);
                } catch (ClassNotFoundException ignored) {
                    // Report the failure against the caller's loader below: that is the one users configure.
                }
            }
            throw new IllegalArgumentException(
                    "expected the name of a Serializer class; no class of that name "
                            + "is visible to the class loader " + classLoader,
                    e);
        }
    }
}
