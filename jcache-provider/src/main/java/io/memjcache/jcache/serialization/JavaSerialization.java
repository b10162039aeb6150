package io.memjcache.jcache.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization behind a tag byte, with the safety rules of {@link DefaultSerializer}: classes resolve only
 * through the caller's class loader and every stream runs behind a fresh {@link DeserializationFilter}.
 *
 * <p>Thread-safe (stateless; every call uses its own streams). Not part of the provider's API. Values, bytes and
 * class loaders must not be {@code null}.
 */
final class JavaSerialization {

    private JavaSerialization() {}

    /**
     * @param readable the classes a reader of the cache will accept, or {@code null} to write any class
     * @return {@code tag} followed by the Java serialization stream of {@code value}
     * @throws IllegalArgumentException if the value is not serializable, or holds a class a reader would refuse
     */
    static byte[] serialize(byte tag, Object value, @Nullable AllowedClasses readable) {
        if (!(value instanceof Serializable)) {
            throw notSerializable(value.getClass().getName(), value.getClass().getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(tag);
        try (ObjectOutputStream out =
                readable == null ? new ObjectOutputStream(bytes) : new ReadableClassesOutput(bytes, readable)) {
            out.writeObject(value);
        } catch (RefusedClassException e) {
            throw new IllegalArgumentException(
                    "cannot store value of class " + value.getClass().getName() + ": readers would refuse it, "
                            + e.getMessage(),
                    e);
        } catch (NotSerializableException e) {
            // The message of NotSerializableException is the name of the offending class (a field, an element...).
            throw notSerializable(value.getClass().getName(), e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot serialize value of class " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param allowed      the classes that may be instantiated; any other is refused by name, before it is loaded
     * @param expectedType the top-level object must be of this type (or be an allowed serialization proxy, whose
     *                     result is checked by the caller); checked before any of its fields is read
     * @return the object whose Java serialization stream starts at {@code offset}
     * @throws IllegalStateException naming the refused class or the reason
     */
    static Object deserialize(
            byte[] bytes, int offset, ClassLoader classLoader, AllowedClasses allowed, Class<?> expectedType) {
        int streamLength = bytes.length - offset;
        DeserializationFilter filter = new DeserializationFilter(streamLength, allowed, expectedType);
        ByteArrayInputStream source = new ByteArrayInputStream(bytes, offset, streamLength);
        try (ClassLoaderObjectInputStream in = new ClassLoaderObjectInputStream(source, classLoader, filter)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "cannot deserialize: class " + e.getMessage() + " is not loadable by the class loader "
                            + classLoader,
                    e);
        } catch (InvalidClassException e) {
            String reason = filter.rejection().orElse(e.getMessage());
            throw new IllegalStateException("cannot deserialize: " + reason, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot deserialize: corrupt Java serialization stream (" + e + ")", e);
        } catch (RuntimeException e) {
            // A class's own readObject failed on the data it was given: report it like any other corrupt payload.
            throw new IllegalStateException("cannot deserialize: reading the object failed (" + e + ")", e);
        } catch (InternalError e) {
            // The JDK's own proxy of Map.of (java.util.CollSer) throws InternalError("length is odd") for a map
            // whose stream holds an odd number of keys and values: found by fuzzing, it is corrupt data, not a
            // broken JVM.
            throw new IllegalStateException("cannot deserialize: reading the object failed (" + e + ")", e);
        }
    }

    /**
     * A stream that refuses, as it writes their descriptors, the classes a reader of the cache would refuse: a
     * value that could never be read back fails when it is stored, naming the class and the setting, instead of
     * becoming a silent miss.
     */
    private static final class ReadableClassesOutput extends ObjectOutputStream {

        private final AllowedClasses readable;

        ReadableClassesOutput(ByteArrayOutputStream out, AllowedClasses readable) throws IOException {
            super(out);
            this.readable = readable;
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            // Judged as DeserializationFilter will judge it when the bytes are read back.
            String reason = DeserializationFilter.refusal(readable, cl);
            if (reason != null) {
                throw new RefusedClassException(reason);
            }
        }

        @Override
        protected void annotateProxyClass(Class<?> cl) {
            throw new RefusedClassException("refused class " + cl.getName() + ": dynamic proxies are never read");
        }
    }

    /**
     * A class that a reader of the cache would refuse; the message says why and which setting allows it. Unchecked,
     * because {@link ObjectOutputStream} answers an {@link IOException} by trying to serialize the exception itself
     * into the stream, whose class would be refused in turn and hide the first refusal.
     */
    private static final class RefusedClassException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        RefusedClassException(String reason) {
            super(reason);
        }
    }

    static IllegalArgumentException notSerializable(String valueClass, @Nullable String offendingClass) {
        if (valueClass.equals(offendingClass)) {
            return new IllegalArgumentException(
                    "cannot serialize value of class " + valueClass + ": it does not implement java.io.Serializable");
        }
        return new IllegalArgumentException("cannot serialize value of class " + valueClass + ": it holds an "
                + offendingClass + ", which does not implement java.io.Serializable");
    }
}
