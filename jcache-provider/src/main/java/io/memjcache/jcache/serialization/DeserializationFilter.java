package io.memjcache.jcache.serialization;

import java.io.ObjectInputFilter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ObjectInputFilter} of one deserialization: refuses classes on the {@link DeniedClasses} list, graphs
 * nested deeper than {@value #MAX_DEPTH}, and array lengths or reference counts larger than the stream itself (every
 * array element and every object takes at least one byte of the stream, so a larger claim can only be an attempt to
 * make the reader allocate memory it will never fill). A JVM-wide filter ({@code jdk.serialFilter}), if any, is
 * consulted first and its rejections stand.
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
    private final ObjectInputFilter jvmWideFilter;
    private @Nullable String rejection;

    DeserializationFilter(long streamLength) {
        this.streamLength = streamLength;
        this.jvmWideFilter = ObjectInputFilter.Config.getSerialFilter();
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (jvmWideFilter != null && jvmWideFilter.checkInput(info) == Status.REJECTED) {
            return reject("the JVM-wide serial filter (jdk.serialFilter) refused "
                    + (info.serialClass() == null ? "the stream" : "class " + info.serialClass().getName()));
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
            Class<?> elementClass = serialClass;
            while (elementClass.isArray()) {
                elementClass = elementClass.getComponentType();
            }
            if (DeniedClasses.isDenied(elementClass.getName())) {
                return reject("refused class " + serialClass.getName()
                        + ": it is on the deny list of known deserialization gadgets");
            }
        }
        return Status.UNDECIDED;
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
