package io.memjcache.jcache.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultSerializerTest {

    private static final ClassLoader LOADER = DefaultSerializerTest.class.getClassLoader();

    /** The classes of this package, which the built-in list does not allow. */
    private static final AllowedClasses TEST_CLASSES =
            AllowedClasses.parse(DefaultSerializerTest.class.getPackageName() + ".*");

    private final DefaultSerializer serializer = new DefaultSerializer();

    private Object readAllowingTestClasses(byte[] bytes, ClassLoader loader) {
        return serializer.deserialize(bytes, loader, TEST_CLASSES, Object.class);
    }

    record Point(int x, int y, String label) implements Serializable {}

    record Holder(String name, Object payload) implements Serializable {}

    static final class NotSerializableThing {}

    record SerializableHandler() implements InvocationHandler, Serializable {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return null;
        }
    }

    /** value, expected encoded size (tag included) */
    static Stream<Arguments> compactValues() {
        return Stream.of(
                Arguments.of("", 1),
                Arguments.of("hello", 6),
                Arguments.of(
                        "h\u00e9llo \u4e16\u754c \ud83d\ude00",
                        1
                                + "h\u00e9llo \u4e16\u754c \ud83d\ude00"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                                        .length),
                Arguments.of(0, 5),
                Arguments.of(Integer.MIN_VALUE, 5),
                Arguments.of(Integer.MAX_VALUE, 5),
                Arguments.of(-1L, 9),
                Arguments.of(Long.MIN_VALUE, 9),
                Arguments.of(Long.MAX_VALUE, 9),
                Arguments.of(Short.MIN_VALUE, 3),
                Arguments.of((short) 7, 3),
                Arguments.of(Byte.MIN_VALUE, 2),
                Arguments.of((byte) 0x7f, 2),
                Arguments.of('\u0000', 3),
                Arguments.of('\uffff', 3),
                Arguments.of('x', 3),
                Arguments.of(true, 2),
                Arguments.of(false, 2),
                Arguments.of(Double.NaN, 9),
                Arguments.of(-0.0d, 9),
                Arguments.of(Double.NEGATIVE_INFINITY, 9),
                Arguments.of(Double.MIN_VALUE, 9),
                Arguments.of(Math.PI, 9),
                Arguments.of(Float.NaN, 5),
                Arguments.of(-0.0f, 5),
                Arguments.of(Float.MAX_VALUE, 5));
    }

    @ParameterizedTest
    @MethodSource("compactValues")
    void compactTypesRoundTripInTheirCompactSize(Object value, int expectedSize) {
        byte[] bytes = serializer.serialize(value);

        assertEquals(expectedSize, bytes.length, "encoded size of " + value);
        Object back = serializer.deserialize(bytes, LOADER);
        assertEquals(value.getClass(), back.getClass());
        assertEquals(value, back); // Double/Float.equals compares bits: NaN equals NaN, -0.0 differs from 0.0
    }

    @Test
    void doubleNaNPayloadIsKeptBitForBit() {
        double oddNaN = Double.longBitsToDouble(0x7ff0000000000123L);

        Object back = serializer.deserialize(serializer.serialize(oddNaN), LOADER);

        assertEquals(0x7ff0000000000123L, Double.doubleToRawLongBits((Double) back));
    }

    @Test
    void byteArraysAreCopiedBothWays() {
        byte[] original = {1, 2, 3};
        byte[] bytes = serializer.serialize(original);
        original[0] = 99;

        byte[] back = (byte[]) serializer.deserialize(bytes, LOADER);
        assertArrayEquals(new byte[] {1, 2, 3}, back);
        back[1] = 42;
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) serializer.deserialize(bytes, LOADER));
        assertArrayEquals(new byte[0], (byte[]) serializer.deserialize(serializer.serialize(new byte[0]), LOADER));
    }

    @Test
    void nullRoundTrips() {
        assertNull(serializer.deserialize(serializer.serialize(null), LOADER));
    }

    @Test
    void equalValuesGiveEqualBytesAndDifferentTypesDifferentBytes() {
        assertArrayEquals(serializer.serialize("key"), serializer.serialize(new String("key")));
        assertFalse(Arrays.equals(serializer.serialize(1), serializer.serialize(1L)));
        assertFalse(Arrays.equals(serializer.serialize("1"), serializer.serialize('1')));
    }

    @Test
    void unpairedSurrogatesStayDistinctFromReplacementCharacters() {
        String lone = "a\ud800b";
        String question = "a?b";

        byte[] loneBytes = serializer.serialize(lone);

        assertFalse(Arrays.equals(loneBytes, serializer.serialize(question)));
        assertEquals(lone, serializer.deserialize(loneBytes, LOADER));
        assertEquals("\udc00", serializer.deserialize(serializer.serialize("\udc00"), LOADER));
    }

    @Test
    void recordsAndCollectionsUseJavaSerialization() {
        Point point = new Point(1, -2, "p\u00e9");
        Map<String, List<Integer>> map = new HashMap<>(Map.of("a", List.of(1, 2), "b", List.of()));
        TreeSet<String> set = new TreeSet<>(List.of("x", "y"));

        assertEquals(point, readAllowingTestClasses(serializer.serialize(point), LOADER));
        assertEquals(map, serializer.deserialize(serializer.serialize(map), LOADER));
        assertEquals(set, serializer.deserialize(serializer.serialize(set), LOADER));
        assertArrayEquals(
                new int[] {1, 2}, (int[]) serializer.deserialize(serializer.serialize(new int[] {1, 2}), LOADER));
        assertEquals(DefaultSerializer.TAG_JAVA_SERIALIZED, serializer.serialize(point)[0]);
    }

    @Test
    void classesResolveThroughTheGivenLoader() throws ClassNotFoundException {
        String name = LoaderProbe.class.getName();
        ClassLoader isolating = new IsolatingClassLoader(LOADER, java.util.Set.of(name));
        Class<?> isolatedProbe = isolating.loadClass(name);
        assertNotSame(LoaderProbe.class, isolatedProbe);

        byte[] bytes = serializer.serialize(new LoaderProbe("q"));

        Object viaIsolating = readAllowingTestClasses(bytes, isolating);
        assertSame(isolatedProbe, viaIsolating.getClass());
        assertEquals("LoaderProbe[label=q]", viaIsolating.toString());
        assertEquals(new LoaderProbe("q"), readAllowingTestClasses(bytes, LOADER));
    }

    @Test
    void aClassTheLoaderCannotSeeIsRefusedByName() {
        byte[] bytes = serializer.serialize(new Point(1, 2, "z"));
        ClassLoader platform = ClassLoader.getPlatformClassLoader();

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> readAllowingTestClasses(bytes, platform));

        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("not loadable"), e.getMessage());
    }

    @Test
    void denyListedClassesAreRefusedEvenWhenNested() {
        Object gadget = new javax.management.BadAttributeValueExpException("harmless here");
        byte[] direct = serializer.serialize(gadget);
        byte[] nested = serializer.serialize(new ArrayList<>(List.of("ok", new Holder("h", gadget))));

        for (byte[] bytes : List.of(direct, nested)) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> readAllowingTestClasses(bytes, LOADER));
            assertTrue(e.getMessage().contains("javax.management.BadAttributeValueExpException"), e.getMessage());
            assertTrue(e.getMessage().contains("deny list"), e.getMessage());
        }
    }

    @Test
    void denyListMatchesPackagesAndNestedClassesOnly() {
        assertTrue(DeniedClasses.isDenied("org.apache.commons.collections.functors.InvokerTransformer"));
        assertTrue(DeniedClasses.isDenied("org.apache.click.control.Column$ColumnComparator"));
        assertTrue(DeniedClasses.isDenied("com.rometools.rome.feed.impl.ObjectBean$Inner"));
        assertFalse(DeniedClasses.isDenied("com.rometools.rome.feed.impl.ObjectBeanLike"));
        assertFalse(DeniedClasses.isDenied("org.apache.commons.collections.list.TreeList"));
        assertFalse(DeniedClasses.isDenied("java.util.HashMap"));
    }

    @Test
    void dynamicProxiesAreRefused() {
        Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {Runnable.class}, new SerializableHandler());
        byte[] bytes = serializer.serialize(proxy);

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> serializer.deserialize(bytes, LOADER));

        assertTrue(e.getMessage().contains("dynamic proxy"), e.getMessage());
    }

    @Test
    void anArrayLongerThanThePayloadIsRefusedBeforeAllocating() {
        byte[] bytes = serializer.serialize(new int[] {7, 7, 7, 7});
        // An array's length follows the end of its class descriptor: TC_ENDBLOCKDATA, TC_NULL (no superclass).
        int at = TestBytes.indexOf(bytes, new byte[] {0x78, 0x70, 0, 0, 0, 4});
        assertTrue(at > 0, "layout of a serialized int[] changed");
        bytes[at + 2] = 0x7f;
        bytes[at + 3] = (byte) 0xff;

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> serializer.deserialize(bytes, LOADER));

        assertTrue(e.getMessage().contains("array length"), e.getMessage());
    }

    @Test
    void absurdNestingIsRefusedAndReasonableNestingIsNot() {
        List<Object> shallow = nested(DeserializationFilter.MAX_DEPTH - 2);
        List<Object> deep = nested(DeserializationFilter.MAX_DEPTH + 10);

        assertEquals(shallow, serializer.deserialize(serializer.serialize(shallow), LOADER));
        byte[] deepBytes = serializer.serialize(deep);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> serializer.deserialize(deepBytes, LOADER));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void aNonSerializableValueIsNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> serializer.serialize(new NotSerializableThing()));

        assertEquals(
                "cannot serialize value of class " + NotSerializableThing.class.getName()
                        + ": it does not implement java.io.Serializable",
                e.getMessage());
    }

    @Test
    void aNonSerializableFieldNamesBothClasses() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> serializer.serialize(new Holder("h", new NotSerializableThing())));

        assertTrue(
                e.getMessage().startsWith("cannot serialize value of class " + Holder.class.getName()), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(NotSerializableThing.class.getName()
                                + ", which does not implement java.io.Serializable"),
                e.getMessage());
    }

    @Test
    void corruptPayloadsAreReportedAsIllegalState() {
        byte[] javaStream = serializer.serialize(new Point(1, 2, "t"));
        List<byte[]> corrupt = List.of(
                new byte[0],
                new byte[] {99},
                new byte[] {DefaultSerializer.TAG_INTEGER, 1, 2, 3},
                new byte[] {DefaultSerializer.TAG_BOOLEAN, 2},
                new byte[] {DefaultSerializer.TAG_STRING_UTF8, (byte) 0xc3},
                new byte[] {DefaultSerializer.TAG_STRING_UTF16, 0, 0x41, 0},
                new byte[] {DefaultSerializer.TAG_NULL, 0},
                Arrays.copyOf(javaStream, javaStream.length / 2),
                new byte[] {DefaultSerializer.TAG_JAVA_SERIALIZED, 1, 2, 3, 4});

        for (byte[] bytes : corrupt) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> serializer.deserialize(bytes, LOADER),
                    () -> Arrays.toString(bytes));
            assertTrue(e.getMessage().startsWith("cannot deserialize"), e.getMessage());
        }
    }

    @Test
    void concurrentUseIsSafe() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Object value = i % 2 == 0 ? "v" + seed + "-" + i : new Point(seed, i, "p");
                    Object back = readAllowingTestClasses(serializer.serialize(value), LOADER);
                    if (!value.equals(back)) {
                        failures.add(new AssertionError(value + " came back as " + back));
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    private static List<Object> nested(int depth) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(list);
            list = outer;
        }
        return list;
    }
}
