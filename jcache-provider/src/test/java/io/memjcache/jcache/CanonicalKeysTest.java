package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JCache compares keys with {@code equals}: keys that are equal but were built differently (another capacity,
 * another insertion order, another collection class, another NaN) reach the same entry, never a second one. A key
 * type that cannot be stored so is refused at the first operation, naming the type and the fix.
 */
class CanonicalKeysTest extends BackendTestSupport {

    /** Colliding strings ("Aa".hashCode() == "BB".hashCode()): their order in a hash bucket is insertion order. */
    private static final String AA = "Aa";

    private static final String BB = "BB";

    record Tagged(String name, Set<String> tags) implements Serializable {}

    record SortedTags(String name, TreeSet<String> tags) implements Serializable {}

    static Stream<Arguments> equalPairs() {
        Map<String, Integer> small = new HashMap<>();
        small.put(AA, 1);
        small.put(BB, 2);
        Map<String, Integer> large = new HashMap<>(256);
        large.put(BB, 2);
        large.put(AA, 1);
        Set<String> aaFirst = new HashSet<>(List.of(AA));
        aaFirst.add(BB);
        Set<String> bbFirst = new HashSet<>(List.of(BB));
        bbFirst.add(AA);
        List<Arguments> pairs = new ArrayList<>();
        for (String backend : backends().toList()) {
            pairs.addAll(List.of(
                    Arguments.of(backend, "HashMap capacities", small, large),
                    Arguments.of(backend, "HashSet insertion orders", aaFirst, bbFirst),
                    Arguments.of(backend, "Set classes", new TreeSet<>(aaFirst), new LinkedHashSet<>(bbFirst)),
                    Arguments.of(backend, "Set.of and HashSet", Set.of(AA, BB), bbFirst),
                    Arguments.of(backend, "Map classes", new TreeMap<>(small), Map.of(BB, 2, AA, 1)),
                    Arguments.of(backend, "List classes", linkedList(1, 2), Arrays.asList(1, 2)),
                    Arguments.of(
                            backend,
                            "EnumSet and HashSet",
                            EnumSet.of(TimeUnit.SECONDS, TimeUnit.DAYS),
                            new HashSet<>(List.of(TimeUnit.DAYS, TimeUnit.SECONDS))),
                    Arguments.of(backend, "NaN bits", Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L)),
                    Arguments.of(backend, "float NaN bits", Float.NaN, Float.intBitsToFloat(0x7fc00321)),
                    Arguments.of(
                            backend,
                            "nested in a record",
                            new Tagged("t", aaFirst),
                            new Tagged("t", new TreeSet<>(bbFirst))),
                    Arguments.of(
                            backend,
                            "nested in a list",
                            List.of(large, aaFirst),
                            new ArrayList<>(List.of(small, bbFirst)))));
        }
        return pairs.stream();
    }

    private Cache<Object, String> cache(String backend) {
        Properties settings = properties(backend);
        // The cache is untyped, so the test's key classes are allowed by package for the iterator to read them.
        settings.setProperty("memjcache.serialization.allow", CanonicalKeysTest.class.getPackageName() + ".*");
        return managerInNewProvider(uniqueUri(), settings).createCache("keys", new MutableConfiguration<>());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("equalPairs")
    void equalKeysReachTheSameEntry(String backend, String what, Object one, Object other) {
        assertEquals(one, other, "the test's keys must be equal");
        Cache<Object, String> cache = cache(backend);

        cache.put(one, "first");

        assertEquals("first", cache.get(other));
        assertFalse(cache.putIfAbsent(other, "second"), "putIfAbsent must see the equal key's entry");
        assertTrue(cache.containsKey(other));
        Iterator<Cache.Entry<Object, String>> entries = cache.iterator();
        assertEquals(one, entries.next().getKey());
        assertFalse(entries.hasNext(), "one entry, not a duplicate");
        assertTrue(cache.remove(other));
        assertFalse(cache.containsKey(one));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aKeyTypeThatCannotBeStoredCanonicallyIsRefusedAtTheFirstOperation(String backend) {
        Cache<Object, String> cache = cache(backend);
        SortedTags key = new SortedTags("t", new TreeSet<>(List.of("x")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put(key, "v"));

        assertTrue(e.getMessage().contains(SortedTags.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("keys"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.get(key));
        assertFalse(cache.iterator().hasNext(), "nothing was stored");
    }

    /** A list of another class than {@code ArrayList}, with the same elements: the point of the test. */
    @SuppressWarnings("JdkObsolete") // LinkedList on purpose: equal lists of two classes must be one key
    private static List<Integer> linkedList(Integer... elements) {
        return new LinkedList<>(Arrays.asList(elements));
    }
}
