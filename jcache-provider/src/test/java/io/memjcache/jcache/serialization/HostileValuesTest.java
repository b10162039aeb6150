package io.memjcache.jcache.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.serialization.Gadgets.Holder;
import io.memjcache.jcache.serialization.Gadgets.Trigger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values an attacker who can write to memcached would plant: gadget payloads in the shapes of the public chains,
 * built from JDK classes ({@link Gadgets}). The reader refuses each by the name of a class that is not allowed,
 * before that class is instantiated (the trigger's code never runs), and names the setting that would allow it.
 */
class HostileValuesTest {

    private static final ClassLoader LOADER = HostileValuesTest.class.getClassLoader();
    private static final String TEST_PACKAGE = HostileValuesTest.class.getPackageName() + ".*";

    private final DefaultSerializer serializer = new DefaultSerializer();

    @BeforeEach
    void resetTrigger() {
        Trigger.CALLS.set(0);
    }

    static Stream<Arguments> gadgets() {
        return Stream.of(
                Arguments.of("URLDNS", Gadgets.urlDns("memjcache-urldns-probe.invalid"), "java.net.URL"),
                Arguments.of(
                        "PriorityQueue with a comparator", Gadgets.comparatorQueue(), PriorityQueue.class.getName()),
                Arguments.of("HashMap keyed by a trigger", Gadgets.hashTrigger(), Trigger.class.getName()),
                Arguments.of("trigger in an Object field", Gadgets.triggerInAnObjectField(), Trigger.class.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gadgets")
    void gadgetsAreRefusedByNameBeforeAnyOfTheirCodeRuns(String what, byte[] payload, String refusedClass) {
        Trigger.CALLS.set(0);
        AllowedClasses valueTypes = AllowedClasses.defaults().withTypes(String.class, Holder.class);

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> serializer.deserialize(payload, LOADER, valueTypes, Object.class));

        assertTrue(e.getMessage().contains("refused class " + refusedClass), e.getMessage());
        assertTrue(e.getMessage().contains(AllowedClasses.SETTING), e.getMessage());
        assertEquals(0, Trigger.CALLS.get(), "the trigger's code ran");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gadgets")
    void theBuiltInListAloneRefusesThemToo(String what, byte[] payload, String refusedClass) {
        Trigger.CALLS.set(0);

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> serializer.deserialize(payload, LOADER));

        assertTrue(e.getMessage().contains("refused class"), e.getMessage());
        assertEquals(0, Trigger.CALLS.get(), "the trigger's code ran");
    }

    @Test
    void anAllowedClassIsReadAndItsCodeRuns() {
        byte[] payload = Gadgets.hashTrigger();
        Trigger.CALLS.set(0);

        Object read = serializer.deserialize(payload, LOADER, AllowedClasses.parse(TEST_PACKAGE), Object.class);

        assertInstanceOf(HashMap.class, read);
        assertTrue(Trigger.CALLS.get() > 0, "control: the trigger counts when it is allowed and read");
    }

    @Test
    void theTopLevelTypeIsCheckedBeforeTheObjectIsBuilt() {
        byte[] payload = Gadgets.javaSerialized(new Trigger());
        Trigger.CALLS.set(0);

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> serializer.deserialize(payload, LOADER, AllowedClasses.parse(TEST_PACKAGE), String.class));

        assertTrue(
                e.getMessage().contains("is a " + Trigger.class.getName() + ", this cache holds java.lang.String"),
                e.getMessage());
        assertEquals(0, Trigger.CALLS.get(), "readObject ran before the type was checked");
    }

    @Test
    void configuredTypesAllowWhatTheyAreMadeOfButNotTheJdkOrObjectFields() {
        AllowedClasses allowed = AllowedClasses.defaults().withTypes(Holder.class, Object.class);
        Holder plain = new Holder("h", List.of(1, "two", Map.of("k", 3L)));

        assertEquals(plain, serializer.deserialize(serializer.serialize(plain), LOADER, allowed, Holder.class));
        assertTrue(allowed.allows(Holder.class.getName()));
        assertTrue(!allowed.allows("java.net.URL") && !allowed.allows(Trigger.class.getName()));
    }

    @Test
    void jdkExceptionsAndArraysOfInterfacesAreReadByDefault() {
        Exception failure = new IllegalStateException("outer", new java.io.IOException("inner"));
        java.io.Serializable[] mixed = {"a", 1L, new java.math.BigDecimal("2.50")};

        Exception read = (Exception) serializer.deserialize(serializer.serialize(failure), LOADER);
        assertEquals("outer", read.getMessage());
        assertEquals("inner", read.getCause().getMessage());
        assertEquals(List.of(mixed), List.of((Object[]) serializer.deserialize(serializer.serialize(mixed), LOADER)));
        byte[] refusedElement = serializer.serialize(new java.io.Serializable[] {new Trigger()});
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> serializer.deserialize(refusedElement, LOADER));
        assertTrue(e.getMessage().contains("refused class " + Trigger.class.getName()), e.getMessage());
    }

    @Test
    void patternsMatchClassesPackagesAndSubPackages() {
        AllowedClasses allowed = AllowedClasses.parse(" com.acme.Order , org.shop.* ,net.deep.** ");

        assertTrue(allowed.allows("com.acme.Order"));
        assertTrue(allowed.allows("com.acme.Order$Line"));
        assertTrue(!allowed.allows("com.acme.OrderX") && !allowed.allows("com.acme.Other"));
        assertTrue(allowed.allows("org.shop.Cart"));
        assertTrue(!allowed.allows("org.shop.sub.Cart"));
        assertTrue(allowed.allows("net.deep.a.b.C") && allowed.allows("net.deep.C"));
        assertTrue(!allowed.allows("net.deeper.C"));
        for (String bad : List.of("*", "**", "com.acme.", "a..b", "com.acme.*,", "1abc.D", "com.*.x")) {
            assertThrows(IllegalArgumentException.class, () -> AllowedClasses.parse(bad), bad);
        }
        assertTrue(!AllowedClasses.parse("").allows("com.acme.Order"));
    }

    @Test
    void aDenyListedClassStaysRefusedWhenABroadPatternAllowsItsPackage() {
        byte[] payload = Gadgets.javaSerialized(new javax.management.BadAttributeValueExpException("x"));

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> serializer.deserialize(payload, LOADER, AllowedClasses.parse("javax.**"), Object.class));

        assertTrue(e.getMessage().contains("deny list"), e.getMessage());
    }
}
