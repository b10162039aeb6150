package io.memjcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

class CacheConfigurationMXBeanTest {

    @Test
    void reportsTheConfigurationItIsGiven() {
        MutableConfiguration<Long, String> configuration = new MutableConfiguration<Long, String>()
                .setTypes(Long.class, String.class)
                .setReadThrough(true)
                .setWriteThrough(false)
                .setStoreByValue(true)
                .setStatisticsEnabled(true)
                .setManagementEnabled(false);

        CacheConfigurationMXBean bean = new CacheConfigurationMXBean(() -> configuration);

        assertEquals("java.lang.Long", bean.getKeyType());
        assertEquals("java.lang.String", bean.getValueType());
        assertTrue(bean.isReadThrough());
        assertFalse(bean.isWriteThrough());
        assertTrue(bean.isStoreByValue());
        assertTrue(bean.isStatisticsEnabled());
        assertFalse(bean.isManagementEnabled());
    }

    @Test
    void followsRuntimeChanges() {
        MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
        CacheConfigurationMXBean bean = new CacheConfigurationMXBean(() -> configuration);
        assertEquals("java.lang.Object", bean.getKeyType());
        assertFalse(bean.isStatisticsEnabled());

        configuration.setStatisticsEnabled(true).setManagementEnabled(true).setWriteThrough(true);

        assertTrue(bean.isStatisticsEnabled());
        assertTrue(bean.isManagementEnabled());
        assertTrue(bean.isWriteThrough());
    }

    @Test
    void aSupplierReturningNullIsAnError() {
        CacheConfigurationMXBean bean = new CacheConfigurationMXBean(() -> null);

        assertThrows(NullPointerException.class, bean::getKeyType);
    }
}
