package io.memjcache.jcache.serialization;

import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ObjectInputFilter} of one deserialization. It refuses
 * <ul>
 *   <li>every class that {@link AllowedClasses} does not allow, and those on the {@link DeniedClasses} list even
 *       when allowed (a broad package pattern must not let a known gadget in). Names are judged by
 *       {@link #checkName} before the class is loaded, and again here before an instance is created. An array
 *       passes when its element class does, or is an interface or abstract class (the array builds no element);</li>
 *   <li>a top-level object that is not of the expected type, before any of its fields is read. A serialization
 *       proxy (a class with {@code readResolve}, such as {@code java.time}'s) passes, its result is checked after;</li>
 *   <li>graphs nested deeper than {@value #MAX_DEPTH}, and array lengths or reference counts larger than the stream
 *       itself (every array element and every object takes at least one byte of the stream, so a larger claim can
 *       only be an attempt to make the reader allocate memory it will never fill).</li>
 * </ul>
 * A JVM-wide filter ({@code jdk.serialFilter}), if any, is consulted first and its rejections stand.
 *
 * <p>Because {@link java.io.ObjectInputStream} reports a rejection only as "filter status: REJECTED", the filter
 * remembers why it rejected, for the error message. Not thread-safe: one instance per stream. Never returns
 * {@code null}: no rejection reads as an empty {@link java.util.Optional}.
 */
final class DeserializationFilter implements ObjectInputFilter {

    /**
     * Deeper graphs than this are refused. Reading nested collections recursively takes a few kilobytes of stack per
     * level: measured on Java 17, 600 levels overflow a 1 MB thread stack and 400 a 512 KB one. Refusing
     * earlier turns a poisoned entry into an error instead of a {@link StackOverflowError}.
     */
    static final int MAX_DEPTH = 200;

    private final long streamLength;
    private final AllowedClasses allowed;
    private final Class<?> expectedType;
    private final ObjectInputFilter jvmWideFilter;
    private boolean topLevelSeen;
    private @Nullable String rejection;

    DeserializationFilter(long streamLength, AllowedClasses allowed, Class<?> expectedType) {
        this.streamLength = streamLength;
        this.allowed = allowed;
        this.expectedType = expectedType;
        this.jvmWideFilter = ObjectInputFilter.Config.getSerialFilter();
    }

    /**
     * Judges a class name read from the stream, before the class is loaded.
     *
     * @throws InvalidClassException if the class is refused
     */
    void checkName(String streamName) throws InvalidClassException {
        if (streamName.startsWith("[")) {
            return; // an array is judged by its element class once loaded (below): an array builds no element
        }
        String reason = refusal(streamName);
        if (reason != null) {
            reject(reason);
            throw new InvalidClassException(streamName, reason);
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (jvmWideFilter != null && jvmWideFilter.checkInput(info) == Status.REJECTED) {
            return reject("the JVM-wide serial filter (jdk.serialFilter) refused "
                    + (info.serialClass() == null
                            ? "the stream"
                            : "class " + info.serialClass().getName()));
        }
        if (info.depth() > MAX_DEPTH) {
            return reject("object graph nested deeper than " + MAX_DEPTH + " levels");
        }
        if (info.arrayLength() > streamLength) {
            return reject("array length " + info.arrayLength() + " exceeds the " + streamLength
                    + "-byte payload (corrupt or malicious)");
        }
        if (info.references() > streamLength) {
            return reject("more object references than the payload has bytes (corrupt or malicious)");
        }
        Class<?> serialClass = info.serialClass();
        if (serialClass != null) {
            String reason = refusal(allowed, serialClass);
            if (reason != null) {
                return reject(reason);
            }
            if (!topLevelSeen) {
                // ObjectInputStream checks a class before it reads anything of its instance: the first class it
                // checks is the top-level object's.
                topLevelSeen = true;
                if (!expectedType.isAssignableFrom(serialClass) && !isSerializationProxy(serialClass)) {
                    return reject("the stored value is a " + serialClass.getName() + ", this cache holds "
                            + expectedType.getName());
                }
            }
        }
        return Status.UNDECIDED;
    }

    private @Nullable String refusal(String className) {
        return refusal(allowed, className);
    }

    /**
     * Judges a class as a reader judges it: an array by its element class, and an array of primitives, interfaces
     * or abstract classes (which builds no element by itself; its elements are judged one by one) passes.
     *
     * @return why {@code cls} is refused, or {@code null} when it may be read
     */
    static @Nullable String refusal(AllowedClasses allowed, Class<?> cls) {
        Class<?> elementClass = cls;
        while (elementClass.isArray()) {
            elementClass = elementClass.getComponentType();
        }
        boolean buildsNothing = elementClass.isPrimitive()
                || (cls.isArray() && (elementClass.isInterface() || Modifier.isAbstract(elementClass.getModifiers())));
        return buildsNothing ? null : refusal(allowed, elementClass.getName());
    }

    private static @Nullable String refusal(AllowedClasses allowed, String className) {
        if (DeniedClasses.isDenied(className)) {
            return "refused class " + className + ": it is on the deny list of known deserialization gadgets";
        }
        if (!allowed.allows(className)) {
            return "refused class " + className + ": it is not on the list of classes this cache may read;"
                    + " if the cache should hold it, add it (or its package, as " + packagePattern(className)
                    + ") to the setting " + AllowedClasses.SETTING;
        }
        return null;
    }

    private static String packagePattern(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot) + ".*";
    }

    private static boolean isSerializationProxy(Class<?> cls) {
        try {
            return cls.getDeclaredMethod("readResolve") != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** @return why this filter rejected the stream, if it did */
    Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    private Status reject(String reason) {
        if (rejection == null) {
            rejection = reason;
        }
        return Status.REJECTED;
    }
}
