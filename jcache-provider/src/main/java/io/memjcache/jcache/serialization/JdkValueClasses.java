package io.memjcache.jcache.serialization;

import java.util.Set;

/**
 * The JDK classes (and memjcache's own) that {@link AllowedClasses} allows without configuration: value types and
 * collections whose reading builds plain data and calls nothing but the {@code hashCode}, {@code equals} and
 * {@code compareTo} of their allowed elements. Deliberately absent: {@code java.net.URL} (its {@code hashCode}
 * resolves host names: the "URLDNS" chain), {@code PriorityQueue} and other readers that call a stored comparator,
 * {@code Throwable}s, reflection and JMX types, and everything outside {@code java.lang}, {@code java.math},
 * {@code java.time} and {@code java.util}.
 *
 * <p>Thread-safe (immutable). Not part of the provider's API. Names must not be {@code null}.
 */
final class JdkValueClasses {

    private static final Set<String> CLASSES = Set.of(
            "java.lang.Object",
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Byte",
            "java.lang.Character",
            "java.lang.Short",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Double",
            "java.lang.Number",
            "java.lang.Enum",
            "java.lang.String$CaseInsensitiveComparator",
            "java.math.BigInteger",
            "java.math.BigDecimal",
            "java.math.RoundingMode",
            "java.util.UUID",
            "java.util.Date",
            "java.util.Locale",
            "java.util.ArrayList",
            "java.util.LinkedList",
            "java.util.ArrayDeque",
            "java.util.Vector",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.TreeMap",
            "java.util.EnumMap",
            "java.util.HashSet",
            "java.util.LinkedHashSet",
            "java.util.TreeSet",
            "java.util.BitSet",
            "java.util.CollSer",
            "java.util.EnumSet$SerializationProxy",
            "java.util.Arrays$ArrayList",
            // What those two proxies resolve to (the filter sees readResolve's result too).
            "java.util.ImmutableCollections$List12",
            "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12",
            "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1",
            "java.util.ImmutableCollections$MapN",
            "java.util.RegularEnumSet",
            "java.util.JumboEnumSet",
            // The element type of the table HashMap and HashSet size before reading (an interface: never built).
            "java.util.Map$Entry",
            "java.util.AbstractMap$SimpleEntry",
            "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Collections$EmptyList",
            "java.util.Collections$EmptySet",
            "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList",
            "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap",
            "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet",
            "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableMap",
            "java.util.Collections$UnmodifiableSortedMap",
            "java.util.Collections$UnmodifiableNavigableMap",
            "java.util.Collections$ReverseComparator",
            "java.util.Collections$ReverseComparator2",
            "java.util.Comparators$NaturalOrderComparator",
            "java.util.concurrent.TimeUnit",
            // Exceptions, which @CacheResult's exception cache holds: their stack trace and suppressed list.
            "java.lang.Throwable",
            "java.lang.StackTraceElement",
            // memjcache's own: the canonical form of sets and maps in keys, and the CDI module's default key.
            CanonicalSet.class.getName(),
            CanonicalMap.class.getName(),
            "io.memjcache.cdi.core.DefaultGeneratedCacheKey");

    private JdkValueClasses() {}

    /** Packages whose exceptions and errors are allowed: plain data (a message, a cause, a stack trace). */
    private static final Set<String> THROWABLE_PACKAGES =
            Set.of("java.lang.", "java.io.", "java.util.", "java.util.concurrent.");

    static boolean allows(String className) {
        return CLASSES.contains(className) || className.startsWith("java.time.") || isJdkThrowable(className);
    }

    /** Only the JDK can define classes in {@code java.*}, and there a name ending so is a Throwable's. */
    private static boolean isJdkThrowable(String className) {
        if (!className.endsWith("Exception") && !className.endsWith("Error")) {
            return false;
        }
        int lastDot = className.lastIndexOf('.');
        return lastDot > 0 && THROWABLE_PACKAGES.contains(className.substring(0, lastDot + 1));
    }

    /** @return whether the class belongs to the platform, whose members {@link ClassGraph} never adds */
    static boolean isPlatform(String className) {
        return className.startsWith("java.")
                || className.startsWith("javax.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("com.sun.");
    }
}
