package io.memjcache.jcache.serialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deserialization gadget payloads built from JDK classes only, in the shapes of the public chains, as an attacker
 * who can write to memcached would plant them (a tag byte, then the Java serialization stream):
 * <ul>
 *   <li>"URLDNS": a {@code HashMap} keyed by a {@code java.net.URL} whose cached hash is reset, so that reading the
 *       map makes the reader resolve the URL's host name;</li>
 *   <li>a {@code PriorityQueue} with a comparator, the trigger of commons-collections' chain 2 (reading the queue
 *       calls the comparator);</li>
 *   <li>a {@code HashMap} keyed by an object whose {@code hashCode} runs code, the trigger of chain 6;</li>
 *   <li>the same trigger hidden in a field of type {@code Object} of an otherwise allowed class.</li>
 * </ul>
 * The code the triggers run is {@link Trigger}'s, which counts its calls: a safe reader leaves the count at 0.
 *
 * <p>Thread-safe (stateless apart from the atomic counter). Results are never {@code null}.
 */
public final class Gadgets {

    /** A value holding anything; its {@code Object} field allows no class by itself. */
    public record Holder(String name, Object payload) implements Serializable {}

    /** Stands for gadget code: every method a chain would reach counts a call. */
    public static final class Trigger implements Serializable, Comparator<Object> {

        private static final long serialVersionUID = 1L;
        /** Calls of the trigger's methods, and instances created by reading one. */
        public static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        @SuppressWarnings("UnusedVariable") // a trigger only counts that it ran; it compares nothing
        public int compare(Object first, Object second) {
            CALLS.incrementAndGet();
            return 0;
        }

        @Override
        public int hashCode() {
            CALLS.incrementAndGet();
            return 1;
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            CALLS.incrementAndGet();
            in.defaultReadObject();
        }
    }

    private Gadgets() {}

    /** @return the URLDNS payload: reading it resolves {@code host} */
    public static byte[] urlDns(String host) {
        int marker = 0x5eed1234;
        URL url;
        try {
            url = new URL(null, "http://" + host + "/", new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    throw new UnsupportedOperationException();
                }

                @Override
                protected int hashCode(URL u) {
                    return marker; // no resolution while building the payload
                }
            });
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        @SuppressWarnings("URLEqualsHashCode") // the URLDNS gadget is exactly a HashMap keyed by a URL
        Map<URL, String> map = new HashMap<>();
        map.put(url, "x");
        byte[] bytes = javaSerialized(map);
        // URL caches its hash in a serialized field; -1 makes the reader compute it again, through a DNS lookup.
        int at = TestBytes.indexOf(bytes, ByteBuffer.allocate(4).putInt(marker).array());
        if (at < 0) {
            throw new IllegalStateException("the URL's cached hash is not in the stream");
        }
        ByteBuffer.wrap(bytes, at, 4).putInt(-1);
        return bytes;
    }

    /** @return a priority queue whose reading calls the trigger's {@code compare} */
    public static byte[] comparatorQueue() {
        PriorityQueue<Object> queue = new PriorityQueue<>(2, new Trigger());
        queue.add("a");
        queue.add("b");
        return javaSerialized(queue);
    }

    /** @return a hash map whose reading calls the trigger's {@code hashCode} */
    public static byte[] hashTrigger() {
        return javaSerialized(new HashMap<>(Map.of(new Trigger(), "x")));
    }

    /** @return a {@link Holder}, an allowed type when configured, carrying the hash trigger in its Object field */
    public static byte[] triggerInAnObjectField() {
        return javaSerialized(new Holder("h", new HashMap<>(Map.of(new Trigger(), "x"))));
    }

    /** @return the default serializer's tag for Java serialization followed by the stream of {@code value} */
    static byte[] javaSerialized(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(DefaultSerializer.TAG_JAVA_SERIALIZED);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
