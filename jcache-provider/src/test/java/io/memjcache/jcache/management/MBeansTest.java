package io.memjcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MBeansTest {

    private static final URI DEFAULT_URI = URI.create("memjcache:default");
    private static final URI SERVERS_URI = URI.create("memcached://a:1,b:2?x=y");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    @AfterEach
    void unregisterAll() {
        registered.forEach(MBeans::unregister);
    }

    @Test
    void namesFollowTheSpecificationWithSpecialCharactersReplaced() {
        assertEquals(
                "javax.cache:type=CacheStatistics,CacheManager=memjcache.default,Cache=books",
                MBeans.objectName(MBeans.STATISTICS, DEFAULT_URI, "books").toString());
        assertEquals(
                "javax.cache:type=CacheConfiguration,CacheManager=memcached.//a.1.b.2.x.y,Cache=a.b.c.d.e",
                MBeans.objectName(MBeans.CONFIGURATION, SERVERS_URI, "a,b:c=d\ne")
                        .toString());
        ObjectName odd = MBeans.objectName(MBeans.STATISTICS, DEFAULT_URI, "what*is?\"this\"");
        assertFalse(odd.isPattern());
        assertEquals("what.is..this.", odd.getKeyProperty("Cache"));
    }

    @Test
    void otherTypesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MBeans.objectName("CacheStats", DEFAULT_URI, "c"));
    }

    @Test
    void aRegisteredStatisticsBeanIsReadableByItsSanitisedName() throws Exception {
        CacheStatistics statistics = new CacheStatistics();
        statistics.recordHits(3);
        statistics.recordMisses(1);
        ObjectName name = register(statistics, MBeans.objectName(MBeans.STATISTICS, SERVERS_URI, "readable"));

        // The name a monitoring tool computes from the URI and the cache name, independently of MBeans.
        ObjectName expected =
                new ObjectName("javax.cache:type=CacheStatistics,CacheManager=memcached.//a.1.b.2.x.y,Cache=readable");
        assertEquals(expected, name);
        assertEquals(3L, server.getAttribute(expected, "CacheHits"));
        assertEquals(4L, server.getAttribute(expected, "CacheGets"));
        assertEquals(75f, server.getAttribute(expected, "CacheHitPercentage"));
        CacheStatisticsMXBean proxy = JMX.newMXBeanProxy(server, expected, CacheStatisticsMXBean.class);
        statistics.recordHits(1);
        assertEquals(4L, proxy.getCacheHits(), "the proxy reads the live bean");
        proxy.clear();
        assertEquals(0L, statistics.getCacheHits(), "clear() is an operation of the bean");
    }

    @Test
    void aRegisteredConfigurationBeanIsReadable() throws Exception {
        MutableConfiguration<String, Integer> configuration = new MutableConfiguration<String, Integer>()
                .setTypes(String.class, Integer.class)
                .setStatisticsEnabled(true);
        ObjectName name = register(
                new CacheConfigurationMXBean(() -> configuration),
                MBeans.objectName(MBeans.CONFIGURATION, DEFAULT_URI, "configured"));

        assertEquals("java.lang.String", server.getAttribute(name, "KeyType"));
        assertEquals("java.lang.Integer", server.getAttribute(name, "ValueType"));
        assertEquals(true, server.getAttribute(name, "StatisticsEnabled"));
        assertEquals(false, server.getAttribute(name, "ReadThrough"));
    }

    @Test
    void registeringOverAnExistingNameReplacesTheBean() throws Exception {
        ObjectName name = MBeans.objectName(MBeans.STATISTICS, DEFAULT_URI, "replaced");
        CacheStatistics first = new CacheStatistics();
        first.recordPuts(1);
        CacheStatistics second = new CacheStatistics();
        second.recordPuts(2);

        register(first, name);
        register(second, name);

        assertEquals(2L, server.getAttribute(name, "CachePuts"));
    }

    @Test
    void unregisteringRemovesTheBeanAndAMissingNameIsANoOp() {
        ObjectName name = register(new CacheStatistics(), MBeans.objectName(MBeans.STATISTICS, DEFAULT_URI, "gone"));
        assertTrue(server.isRegistered(name));

        MBeans.unregister(name);
        MBeans.unregister(name);

        assertFalse(server.isRegistered(name));
    }

    @Test
    void aBeanJmxRefusesBecomesACacheExceptionNamingTheBean() {
        ObjectName name = MBeans.objectName(MBeans.STATISTICS, DEFAULT_URI, "not-a-bean");

        CacheException e = assertThrows(CacheException.class, () -> MBeans.register(new Object(), name));

        assertTrue(e.getMessage().contains(name.toString()), e.getMessage());
        assertFalse(server.isRegistered(name));
    }

    private ObjectName register(Object bean, ObjectName name) {
        MBeans.register(bean, name);
        registered.add(name);
        return name;
    }
}
