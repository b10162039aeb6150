package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.cdi.core.CacheAnnotationConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest extends CdiCachingTestBase {

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {KeyErrorBean.class};
    }

    @Test
    void nonSerializableKeyValueFailsTheCallNamingMethodAndParameter() {
        KeyErrorBean bean = bean(KeyErrorBean.class);
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> bean.describe("a", new Object()));
        assertTrue(
                failure.getMessage()
                        .contains("io.memjcache.cdi.KeyErrorBean.describe(java.lang.String," + "java.lang.Object)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("parameter 1 (java.lang.Object)"), failure.getMessage());
        assertEquals(0, bean.invocations());
        assertEquals("a1", bean.describe("a", 1));
    }

    @Test
    void aNonSerializableElementInsideASerializableKeyValueFailsTheCallNamingIt() {
        KeyErrorBean bean = bean(KeyErrorBean.class);
        List<Object> holdsAThread = new ArrayList<>(List.of("ok", Map.of("k", new Object())));
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> bean.describe("a", holdsAThread));
        assertTrue(failure.getMessage().contains("parameter 1 (java.lang.Object)"), failure.getMessage());
        assertTrue(
                failure.getMessage().contains("contains a java.lang.Object, which is not Serializable"),
                failure.getMessage());
        assertEquals(0, bean.invocations());
        assertEquals("a[ok, {k=1}]", bean.describe("a", new ArrayList<>(List.of("ok", Map.of("k", 1)))));
    }

    @Test
    void nonSerializableValueOutsideTheKeyIsFine() {
        KeyErrorBean bean = bean(KeyErrorBean.class);
        assertEquals("a", bean.describeKeyed("a", new Object()));
        assertEquals("a", bean.describeKeyed("a", new Object()));
        assertEquals(1, bean.invocations());
    }

    @Test
    void keyGeneratorWithoutNoArgConstructorFailsDeployment() {
        assertDeploymentFails(
                BrokenBeans.UninstantiableGeneratorBean.class,
                "BrokenBeans$KeyGeneratorWithoutDefaultConstructor",
                "UninstantiableGeneratorBean.get(");
    }

    @Test
    void resolverFactoryWhoseConstructorFailsFailsDeployment() {
        assertDeploymentFails(
                BrokenBeans.FailingFactoryBean.class,
                "BrokenBeans$FailingResolverFactory",
                "no cache configuration found");
    }

    @Test
    void cachePutWithoutCacheValueFailsDeployment() {
        assertDeploymentFails(
                BrokenBeans.PutWithoutValueBean.class, "PutWithoutValueBean.put(java.lang.String)", "@CacheValue");
    }

    @Test
    void twoCachingAnnotationsOnOneMethodFailDeployment() {
        assertDeploymentFails(
                BrokenBeans.TwoAnnotationsBean.class,
                "TwoAnnotationsBean.both(java.lang.String)",
                "@CacheResult and @CacheRemove");
    }

    /**
     * Boots a container with {@code beanClass} and expects deployment to fail with a caching definition error whose
     * description holds every expected text. Weld puts the definition error in the exception it throws;
     * OpenWebBeans throws a summary and logs the errors, so the log is part of the evidence.
     */
    private void assertDeploymentFails(Class<?> beanClass, String... expectedInMessage) {
        StringBuilder evidence = new StringBuilder();
        Handler logCapture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (evidence) {
                    evidence.append(record.getMessage()).append('\n');
                    if (record.getThrown() != null) {
                        describeChain(record.getThrown(), evidence);
                    }
                }
            }

            @Override
            public void flush() {
                // Nothing buffered.
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(logCapture);
        try {
            RuntimeException failure =
                    assertThrows(RuntimeException.class, () -> CdiHarness.boot(environment, false, beanClass)
                            .close());
            synchronized (evidence) {
                describeChain(failure, evidence);
            }
        } finally {
            root.removeHandler(logCapture);
        }
        String text;
        synchronized (evidence) {
            text = evidence.toString();
        }
        assertTrue(
                text.contains(CacheAnnotationConfigurationException.class.getName()),
                () -> "not a caching definition error: " + text);
        for (String expected : expectedInMessage) {
            assertTrue(text.contains(expected), () -> "'" + expected + "' missing from: " + text);
        }
    }

    private static void describeChain(Throwable failure, StringBuilder into) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = failure; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            into.append(t).append('\n');
        }
    }
}
