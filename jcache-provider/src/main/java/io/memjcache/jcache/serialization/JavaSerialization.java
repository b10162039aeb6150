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

    private JavaSerialization() {
    }

    /** @return {@code tag} followed by the Java serialization stream of {@code value} */
    static byte[] serialize(byte tag, Object value) {
        if (!(value instanceof Serializable)) {
            throw notSerializable(value.getClass().getName(), value.getClass().getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(tag);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            // The message of NotSerializableException is the name of the offending class (a field, an element...).
            throw notSerializable(value.getClass().getName(), e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize value of class " + value.getClass().getName()
                    + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** @return the object whose Java serialization stream starts at {@code offset} */
    static Object deserialize(byte[] bytes, int offset, ClassLoader classLoader) {
        int streamLength = bytes.length - offset;
        DeserializationFilter filter = new DeserializationFilter(streamLength);
        ByteArrayInputStream source = new ByteArrayInputStream(bytes, offset, streamLength);
        try (ClassLoaderObjectInputStream in = new ClassLoaderObjectInputStream(source, classLoader)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot deserialize: class " + e.getMessage()
                    + " is not loadable by the class loader " + classLoader, e);
        } catch (InvalidClassException e) {
            String reason = filter.rejection().orElse(e.getMessage());
            throw new IllegalStateException("cannot deserialize: " + reason, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot deserialize: corrupt Java serialization stream (" + e + ")", e);
        } catch (RuntimeException e) {
            // A class's own readObject failed on the data it was given: report it like any other corrupt payload.
            throw new IllegalStateException("cannot deserialize: reading the object failed (" + e + ")", e);
        }
    }

    private static IllegalArgumentException notSerializable(String valueClass, @Nullable String offendingClass) {
        if (valueClass.equals(offendingClass)) {
            return new IllegalArgumentException("cannot serialize value of class " + valueClass
                    + ": it does not implement java.io.Serializable");
        }
        return new IllegalArgumentException("cannot serialize value of class " + valueClass + ": it holds an "
                + offendingClass + ", which does not implement java.io.Serializable");
    }
}
