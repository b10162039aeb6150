package io.memjcache.jcache.serialization;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The classes the default serializer may instantiate when it reads a value: everything else is refused by name,
 * before the class is even loaded. The list is made of
 * <ul>
 *   <li>JDK value types ({@link JdkValueClasses}): {@code String}, boxed primitives, {@code BigInteger},
 *       {@code BigDecimal}, {@code java.time}, {@code UUID}, {@code Date}, {@code Locale} and the common
 *       {@code java.util} collections, the JDK's exceptions, plus arrays of anything allowed. Never
 *       {@code java.net.URL} and never a class that calls out to other objects while it is being read (such as
 *       {@code PriorityQueue} with a comparator);</li>
 *   <li>memjcache's own key classes;</li>
 *   <li>the cache's configured key and value types, when they are not {@code Object}, with what they are made of:
 *       their serializable superclasses and the declared types (and type arguments) of their serialized fields,
 *       transitively, outside the JDK;</li>
 *   <li>the patterns of the {@code memjcache.serialization.allow} setting: {@code com.acme.Order} (the class and
 *       its nested classes), {@code com.acme.*} (the classes of a package) or {@code com.acme.**} (a package and its
 *       sub-packages).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Arguments must not be {@code null}; results are never {@code null}.
 */
public final class AllowedClasses {

    /** The name of the setting that lists extra allowed classes and packages. */
    public static final String SETTING = "memjcache.serialization.allow";

    private static final Pattern JAVA_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final AllowedClasses DEFAULTS = new AllowedClasses(List.of(), Set.of());

    private final List<String> patterns;
    private final Set<String> classNames;

    private AllowedClasses(List<String> patterns, Set<String> classNames) {
        this.patterns = List.copyOf(patterns);
        this.classNames = Set.copyOf(classNames);
    }

    /** @return the built-in list alone: JDK value types and memjcache's own key classes */
    public static AllowedClasses defaults() {
        return DEFAULTS;
    }

    /**
     * @param text the setting's value: comma-separated patterns, possibly empty
     * @return the built-in list plus the patterns
     * @throws IllegalArgumentException saying what a pattern should look like
     */
    public static AllowedClasses parse(String text) {
        List<String> patterns = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String pattern = part.strip();
            if (pattern.isEmpty()) {
                if (text.isBlank()) {
                    continue;
                }
                throw new IllegalArgumentException(
                        "expected comma-separated class names or package patterns, " + "found an empty one");
            }
            String name = pattern.endsWith(".**")
                    ? pattern.substring(0, pattern.length() - 3)
                    : pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
            if (!JAVA_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("expected a class name (com.acme.Order), a package (com.acme.*)"
                        + " or a package with its sub-packages (com.acme.**); '" + pattern + "' is none of these"
                        + " (a package is required: allowing every class would allow known gadget chains)");
            }
            patterns.add(pattern);
        }
        return new AllowedClasses(patterns, Set.of());
    }

    /**
     * @param types a cache's configured key and value types; {@code Object} adds nothing
     * @return this list plus those types and the classes they are made of
     */
    public AllowedClasses withTypes(Class<?>... types) {
        Set<String> names = new HashSet<>(classNames);
        for (Class<?> type : types) {
            ClassGraph.collect(type, names);
        }
        return new AllowedClasses(patterns, names);
    }

    /**
     * @param className a binary class name, an array's element class name (arrays are judged by their elements)
     * @return whether the class may be instantiated when reading a value
     */
    public boolean allows(String className) {
        if (JdkValueClasses.allows(className) || classNames.contains(className)) {
            return true;
        }
        for (String pattern : patterns) {
            if (matches(pattern, className)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String className) {
        if (pattern.endsWith(".**")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 1);
            return className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0;
        }
        return className.equals(pattern) || className.startsWith(pattern + "$");
    }

    /** @return the patterns and configured classes, for messages */
    @Override
    public String toString() {
        List<String> sorted = new ArrayList<>(classNames);
        sorted.sort(null);
        return "AllowedClasses[patterns=" + patterns + ", configured types=" + sorted + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowedClasses allowed
                && allowed.patterns.equals(patterns)
                && allowed.classNames.equals(classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patterns, classNames);
    }
}
