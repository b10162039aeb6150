package io.memjcache.jcache.serialization;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The provider's built-in {@link Serializer}: one tag byte, then a compact encoding for the types caches hold most
 * ({@code String}, the boxed primitives, {@code byte[]}), and Java serialization for everything else.
 *
 * <p>The compact encodings are fixed-size big-endian numbers, UTF-8 text and raw bytes, so they are small, fast and
 * readable by clients in other languages. Java serialization resolves classes only through the class loader given
 * to {@link #deserialize(byte[], ClassLoader)} and runs behind an {@link java.io.ObjectInputFilter} that instantiates
 * only the classes of an allow-list ({@link AllowedClasses}), checks the top-level type before reading its fields,
 * and refuses known deserialization gadget classes, dynamic proxies, absurd nesting and array lengths larger than the
 * payload could hold (see {@link DeserializationFilter}).
 *
 * <p>Keys ({@link #serializeKey}) are written so that equal keys give equal bytes, which the provider relies on:
 * every NaN is written as the canonical NaN, and Java-serialized keys go through {@link CanonicalKeys}. Text with
 * unpaired surrogates is not valid UTF-8, so it is stored as UTF-16 code units instead: two distinct strings never
 * share bytes.
 *
 * <p>Thread-safe (stateless). {@code null} round-trips (as a one-byte encoding); {@link #deserialize} requires
 * non-null bytes and class loader.
 */
public final class DefaultSerializer implements Serializer {

    // Tags are part of the stored format: never renumber them.
    static final byte TAG_NULL = 0;
    static final byte TAG_STRING_UTF8 = 1;
    static final byte TAG_INTEGER = 2;
    static final byte TAG_LONG = 3;
    static final byte TAG_SHORT = 4;
    static final byte TAG_BYTE = 5;
    static final byte TAG_CHARACTER = 6;
    static final byte TAG_BOOLEAN = 7;
    static final byte TAG_DOUBLE = 8;
    static final byte TAG_FLOAT = 9;
    static final byte TAG_BYTE_ARRAY = 10;
    static final byte TAG_JAVA_SERIALIZED = 11;
    static final byte TAG_STRING_UTF16 = 12;

    /** Creates the serializer; it holds no state, so one instance can serve any number of caches. */
    public DefaultSerializer() {}

    @Override
    public byte[] serialize(Object value) {
        return serialize(value, null);
    }

    /**
     * Like {@link #serialize(Object)}, refusing a value that holds a class {@code readable} does not allow.
     *
     * @throws IllegalArgumentException naming the refused class and the setting that would allow it
     */
    @Override
    public byte[] serialize(@Nullable Object value, @Nullable AllowedClasses readable) {
        if (value == null) {
            return new byte[] {TAG_NULL};
        } else if (value instanceof String s) {
            return serializeString(s);
        } else if (value instanceof Integer i) {
            return tagged(TAG_INTEGER, Integer.BYTES).putInt(i).array();
        } else if (value instanceof Long l) {
            return tagged(TAG_LONG, Long.BYTES).putLong(l).array();
        } else if (value instanceof Short s) {
            return tagged(TAG_SHORT, Short.BYTES).putShort(s).array();
        } else if (value instanceof Byte b) {
            return new byte[] {TAG_BYTE, b};
        } else if (value instanceof Character c) {
            return tagged(TAG_CHARACTER, Character.BYTES).putChar(c).array();
        } else if (value instanceof Boolean b) {
            return new byte[] {TAG_BOOLEAN, (byte) (b ? 1 : 0)};
        } else if (value instanceof Double d) {
            // Raw bits keep every NaN payload and the sign of zero exactly.
            return tagged(TAG_DOUBLE, Double.BYTES)
                    .putLong(Double.doubleToRawLongBits(d))
                    .array();
        } else if (value instanceof Float f) {
            return tagged(TAG_FLOAT, Float.BYTES)
                    .putInt(Float.floatToRawIntBits(f))
                    .array();
        } else if (value instanceof byte[] bytes) {
            return tagged(TAG_BYTE_ARRAY, bytes.length).put(bytes).array();
        }
        return JavaSerialization.serialize(TAG_JAVA_SERIALIZED, value, readable);
    }

    /**
     * Like {@link #serialize}, but equal keys always give equal bytes: all NaNs are one NaN (as {@code Double.equals}
     * has it; {@code -0.0} and {@code 0.0} stay distinct, as they are unequal), and sets, maps and lists inside a
     * Java-serialized key take a canonical form (see {@link CanonicalKeys}).
     *
     * @throws IllegalArgumentException naming the key's class when it is not serializable or cannot be stored in a
     *     canonical form, and what to do
     */
    @Override
    public byte[] serializeKey(@Nullable Object key) {
        if (key instanceof Double d) {
            return tagged(TAG_DOUBLE, Double.BYTES)
                    .putLong(Double.doubleToLongBits(d))
                    .array();
        } else if (key instanceof Float f) {
            return tagged(TAG_FLOAT, Float.BYTES)
                    .putInt(Float.floatToIntBits(f))
                    .array();
        } else if (key == null || isCompact(key)) {
            return serialize(key, null);
        }
        return CanonicalKeys.serialize(TAG_JAVA_SERIALIZED, key);
    }

    private static boolean isCompact(Object value) {
        return value instanceof String
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof Character
                || value instanceof Boolean
                || value instanceof byte[];
    }

    /** Reads with the built-in allow-list only ({@link AllowedClasses#defaults()}), any top-level type. */
    @Override
    public @Nullable Object deserialize(byte[] bytes, ClassLoader classLoader) {
        return deserialize(bytes, classLoader, AllowedClasses.defaults(), Object.class);
    }

    @Override
    public @Nullable Object deserialize(
            byte[] bytes, ClassLoader classLoader, AllowedClasses allowed, Class<?> expectedType) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(classLoader, "classLoader");
        if (bytes.length == 0) {
            throw new IllegalStateException("cannot deserialize an empty payload: expected at least a tag byte");
        }
        byte tag = bytes[0];
        ByteBuffer payload = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        return switch (tag) {
            case TAG_NULL -> {
                requireSize(tag, payload, 0);
                yield null;
            }
            case TAG_STRING_UTF8 -> decodeUtf8(payload);
            case TAG_STRING_UTF16 -> decodeUtf16(payload);
            case TAG_INTEGER -> requireSize(tag, payload, Integer.BYTES).getInt();
            case TAG_LONG -> requireSize(tag, payload, Long.BYTES).getLong();
            case TAG_SHORT -> requireSize(tag, payload, Short.BYTES).getShort();
            case TAG_BYTE -> requireSize(tag, payload, Byte.BYTES).get();
            case TAG_CHARACTER -> requireSize(tag, payload, Character.BYTES).getChar();
            case TAG_BOOLEAN -> decodeBoolean(requireSize(tag, payload, 1).get());
            case TAG_DOUBLE ->
                Double.longBitsToDouble(requireSize(tag, payload, Double.BYTES).getLong());
            case TAG_FLOAT ->
                Float.intBitsToFloat(requireSize(tag, payload, Float.BYTES).getInt());
            case TAG_BYTE_ARRAY -> Arrays.copyOfRange(bytes, 1, bytes.length);
            case TAG_JAVA_SERIALIZED -> JavaSerialization.deserialize(bytes, 1, classLoader, allowed, expectedType);
            default ->
                throw new IllegalStateException("cannot deserialize: unknown type tag " + tag
                        + " (the bytes were not written by " + DefaultSerializer.class.getSimpleName() + ")");
        };
    }

    @Override
    public String toString() {
        return DefaultSerializer.class.getSimpleName();
    }

    private static ByteBuffer tagged(byte tag, int payloadSize) {
        return ByteBuffer.allocate(1 + payloadSize).put(tag);
    }

    private static byte[] serializeString(String s) {
        if (isWellFormedUtf16(s)) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return tagged(TAG_STRING_UTF8, utf8.length).put(utf8).array();
        }
        ByteBuffer out = ByteBuffer.allocate(1 + s.length() * Character.BYTES).put(TAG_STRING_UTF16);
        out.asCharBuffer().put(s);
        return out.array();
    }

    /** UTF-8 cannot carry an unpaired surrogate: {@code getBytes} would turn it into '?' and merge distinct keys. */
    private static boolean isWellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUtf8(ByteBuffer payload) {
        if (isAscii(payload)) {
            // ASCII is valid UTF-8 and decodes byte for byte: the strict decoder's buffers are not needed.
            return new String(
                    payload.array(),
                    payload.arrayOffset() + payload.position(),
                    payload.remaining(),
                    StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("cannot deserialize a String: the payload is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(ByteBuffer payload) {
        byte[] bytes = payload.array();
        int end = payload.arrayOffset() + payload.limit();
        for (int i = payload.arrayOffset() + payload.position(); i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUtf16(ByteBuffer payload) {
        if (payload.remaining() % Character.BYTES != 0) {
            throw new IllegalStateException(
                    "cannot deserialize a String: UTF-16 payload of odd length " + payload.remaining());
        }
        CharBuffer chars = payload.asCharBuffer();
        return chars.toString();
    }

    private static Boolean decodeBoolean(byte b) {
        return switch (b) {
            case 0 -> Boolean.FALSE;
            case 1 -> Boolean.TRUE;
            default ->
                throw new IllegalStateException("cannot deserialize a Boolean: byte " + b + " is neither 0 nor 1");
        };
    }

    private static ByteBuffer requireSize(byte tag, ByteBuffer payload, int expected) {
        if (payload.remaining() != expected) {
            throw new IllegalStateException("cannot deserialize: a value with type tag " + tag + " has " + expected
                    + " payload bytes, this one has " + payload.remaining());
        }
        return payload;
    }
}
