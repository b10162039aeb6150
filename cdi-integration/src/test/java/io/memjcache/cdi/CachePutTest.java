package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;

class CachePutTest extends CdiCachingTestBase {

    private static final DefaultGeneratedCacheKey KEY_A = new DefaultGeneratedCacheKey("a");

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {WriteBean.class};
    }

    private Cache<Object, Object> store() {
        return cache("store");
    }

    @Test
    void putsTheValueAfterTheMethodReturns() {
        WriteBean bean = bean(WriteBean.class);
        bean.put("a", "one");
        assertEquals("one", store().get(KEY_A));
        bean.put("a", "two");
        assertEquals("two", store().get(KEY_A));
        assertEquals(2, bean.invocations());
    }

    @Test
    void keyLeavesOutTheValueParameter() {
        WriteBean bean = bean(WriteBean.class);
        assertEquals("put one", bean.putWithKey("a", 42, "one"));
        assertEquals("one", store().get(KEY_A));
    }

    @Test
    void nullValueRemovesTheEntry() {
        WriteBean bean = bean(WriteBean.class);
        bean.put("a", "one");
        bean.put("a", null);
        assertNull(store().get(KEY_A));
    }

    @Test
    void failureAfterInvocationPreventsThePutByDefault() {
        WriteBean bean = bean(WriteBean.class);
        IllegalStateException failure = new IllegalStateException("no");
        bean.failWith(failure);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> bean.put("a", "one")));
        assertNull(cache("store").get(KEY_A));
    }

    @Test
    void putBeforeInvocationHappensEvenWhenTheMethodFails() {
        WriteBean bean = bean(WriteBean.class);
        bean.failWith(new IllegalArgumentException("no"));
        assertThrows(IllegalArgumentException.class, () -> bean.putBefore("a", "early"));
        assertEquals("early", store().get(KEY_A));
    }

    @Test
    void cacheForPutsOnlyForListedExceptions() {
        WriteBean bean = bean(WriteBean.class);
        bean.failWith(new IllegalArgumentException("unlisted"));
        assertThrows(IllegalArgumentException.class, () -> bean.putForIllegalState("a", "one"));
        assertNull(store().get(KEY_A));
        bean.failWith(new IllegalStateException("listed"));
        assertThrows(IllegalStateException.class, () -> bean.putForIllegalState("a", "two"));
        assertEquals("two", store().get(KEY_A));
    }

    @Test
    void noCacheForPutsForEveryOtherException() {
        WriteBean bean = bean(WriteBean.class);
        bean.failWith(new IllegalArgumentException("excluded"));
        assertThrows(IllegalArgumentException.class, () -> bean.putUnlessIllegalArgument("a", "one"));
        assertNull(store().get(KEY_A));
        bean.failWith(new UnsupportedOperationException("other"));
        assertThrows(UnsupportedOperationException.class, () -> bean.putUnlessIllegalArgument("a", "two"));
        assertEquals("two", store().get(KEY_A));
    }
}
