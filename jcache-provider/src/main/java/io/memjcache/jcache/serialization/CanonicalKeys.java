package io.memjcache.jcache.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java serialization of keys in a canonical form: keys that are {@code equals} give the same bytes, which the
 * provider needs because it finds an entry by the bytes of its key. Plain Java serialization does not promise that:
 * a {@code HashMap} writes its capacity and a {@code HashSet} its bucket order (insertion order for colliding
 * elements, identity hash order for enums), equal collections of different classes write different class names,
 * and an object met twice is written once and then referenced, so equal keys that share objects differently differ.
 *
 * <p>So, while writing a key, every object passes through {@link CanonicalOutput#replaceObject}: any {@link Set}
 * becomes a {@link CanonicalSet} and any {@link Map} a {@link CanonicalMap} (elements ordered by their own canonical
 * bytes), any {@link List} an {@link ArrayList}, and objects equal to one already written are replaced by that one,
 * so sharing follows equality, not identity. The JDK's serialization proxies (of {@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code EnumSet}) are resolved first. When something was replaced, the bytes are read back and the
 * result must equal the key: a key class whose field cannot take the canonical form (a field declared
 * {@code TreeSet}, say) is refused with an {@link IllegalArgumentException} naming it and the fix.
 *
 * <p>What stays the key class's responsibility: a custom {@code writeObject} must write equal objects equally, and
 * serialized fields must be part of the object's equality (a lazily cached hash code must be {@code transient}).
 *
 * <p>Thread-safe (stateless; every call uses its own streams). Not part of the provider's API. Keys must not be
 * {@code null}.
 */
final class CanonicalKeys {

    private static final Set<String> JDK_PROXIES = Set.of("java.util.CollSer", "java.util.EnumSet$SerializationProxy");

    private CanonicalKeys() {}

    /** @return {@code tag} followed by the canonical Java serialization stream of {@code key} */
    static byte[] serialize(byte tag, Object key) {
        if (!(key instanceof Serializable)) {
            throw JavaSerialization.notSerializable(
                    key.getClass().getName(), key.getClass().getName());
        }
        Map<String, Class<?>> classes = new HashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(tag);
        boolean replaced;
        try {
            replaced = write(key, bytes, classes);
        } catch (NotSerializableException e) {
            throw JavaSerialization.notSerializable(key.getClass().getName(), e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot serialize key of class " + key.getClass().getName() + ": " + e, e);
        }
        byte[] result = bytes.toByteArray();
        if (replaced) {
            checkReadsBackEqual(key, result, classes);
        }
        return result;
    }

    /** @return whether some object was replaced by its canonical form */
    private static boolean write(Object object, OutputStream target, Map<String, Class<?>> classes) throws IOException {
        try (CanonicalOutput out = new CanonicalOutput(target, classes)) {
            out.writeObject(object);
            return out.replaced;
        }
    }

    private static byte[] bytesOf(Object object, Map<String, Class<?>> classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        write(object, bytes, classes);
        return bytes.toByteArray();
    }

    private static void checkReadsBackEqual(Object key, byte[] bytes, Map<String, Class<?>> classes) {
        Object readBack;
        try {
            readBack = read(new ByteArrayInputStream(bytes, 1, bytes.length - 1), classes);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw refused(key, e.toString());
        }
        if (!key.equals(readBack)) {
            throw refused(key, "it does not equal its own canonical copy (" + readBack + ")");
        }
    }

    private static IllegalArgumentException refused(Object key, String why) {
        return new IllegalArgumentException("keys of class " + key.getClass().getName() + " cannot be stored: "
                + "equal keys must give equal bytes, so the sets, maps and lists inside a key are written in a "
                + "canonical form (read back as HashSet, HashMap and ArrayList), and " + why + ". Declare such "
                + "fields as Set, Map, List or Collection, or use a record or String key");
    }

    /** Reads bytes this class wrote, resolving classes to the very ones written. */
    private static Object read(InputStream in, Map<String, Class<?>> classes)
            throws IOException, ClassNotFoundException {
        try (ObjectInputStream input = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                Class<?> known = classes.get(desc.getName());
                return known != null ? known : super.resolveClass(desc);
            }
        }) {
            return input.readObject();
        }
    }

    /** The stream that replaces objects by their canonical form; records the classes it writes. */
    private static final class CanonicalOutput extends ObjectOutputStream {

        private final Map<String, Class<?>> classes;
        /** Objects written so far, by equality: a later equal object is written as a reference to the first. */
        private final Map<Object, Object> representatives = new HashMap<>();

        boolean replaced;

        CanonicalOutput(OutputStream out, Map<String, Class<?>> classes) throws IOException {
            super(out);
            this.classes = classes;
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            classes.put(cl.getName(), cl);
        }

        @Override
        protected Object replaceObject(Object object) throws IOException {
            Object canonical = canonicalForm(object);
            if (canonical != object) {
                replaced = true;
            }
            if (canonical.getClass().isArray()) {
                return canonical;
            }
            Object first = representatives.putIfAbsent(canonical, canonical);
            return first == null ? canonical : first;
        }

        private Object canonicalForm(Object object) throws IOException {
            Object resolved = JDK_PROXIES.contains(object.getClass().getName()) ? resolveProxy(object) : object;
            if (resolved instanceof Set<?> set) {
                return new CanonicalSet(sorted(set.toArray()));
            }
            if (resolved instanceof Map<?, ?> map) {
                Object[] keys = sorted(map.keySet().toArray());
                Object[] values = new Object[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    values[i] = map.get(keys[i]);
                }
                return new CanonicalMap(keys, values);
            }
            if (resolved instanceof List<?> list) {
                return list.getClass() == ArrayList.class ? list : new ArrayList<>(list);
            }
            return object;
        }

        /** The JDK's proxies hide their content; reading one back gives the collection it stands for. */
        private Object resolveProxy(Object proxy) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
                @Override
                protected void annotateClass(Class<?> cl) {
                    classes.put(cl.getName(), cl);
                }
            }) {
                out.writeObject(proxy);
            }
            try {
                return read(new ByteArrayInputStream(bytes.toByteArray()), classes);
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot resolve " + proxy.getClass().getName() + ": " + e, e);
            }
        }

        private Object[] sorted(Object[] elements) throws IOException {
            byte[][] keys = new byte[elements.length][];
            Integer[] order = new Integer[elements.length];
            for (int i = 0; i < elements.length; i++) {
                keys[i] = bytesOf(elements[i], classes);
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
            Object[] result = new Object[elements.length];
            for (int i = 0; i < order.length; i++) {
                result[i] = elements[order[i]];
            }
            return result;
        }
    }
}
