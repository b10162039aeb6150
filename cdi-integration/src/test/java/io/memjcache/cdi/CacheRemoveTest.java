package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import javax.cache.Cache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheRemoveTest extends CdiCachingTestBase {

    private static final DefaultGeneratedCacheKey KEY_A = new DefaultGeneratedCacheKey("a");
    private static final DefaultGeneratedCacheKey KEY_B = new DefaultGeneratedCacheKey("b");

    private WriteBean bean;

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {WriteBean.class};
    }

    @BeforeEach
    void fillTheStore() {
        bean = bean(WriteBean.class);
        bean.put("a", "one");
        bean.put("b", "two");
    }

    private Cache<Object, Object> store() {
        return cache("store");
    }

    @Test
    void removesOneEntryAfterTheMethodReturns() {
        bean.remove("a");
        assertNull(store().get(KEY_A));
        assertEquals("two", store().get(KEY_B));
    }

    @Test
    void failureAfterInvocationPreventsTheRemoveByDefault() {
        IllegalStateException failure = new IllegalStateException("no");
        bean.failWith(failure);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> bean.remove("a")));
        assertEquals("one", store().get(KEY_A));
    }

    @Test
    void removeBeforeInvocationHappensEvenWhenTheMethodFails() {
        bean.failWith(new IllegalArgumentException("no"));
        assertThrows(IllegalArgumentException.class, () -> bean.removeBefore("a"));
        assertNull(store().get(KEY_A));
    }

    @Test
    void evictForRemovesOnlyForListedExceptions() {
        bean.failWith(new IllegalArgumentException("unlisted"));
        assertThrows(IllegalArgumentException.class, () -> bean.removeForIllegalState("a"));
        assertEquals("one", store().get(KEY_A));
        bean.failWith(new IllegalStateException("listed"));
        assertThrows(IllegalStateException.class, () -> bean.removeForIllegalState("a"));
        assertNull(store().get(KEY_A));
    }

    @Test
    void noEvictForRemovesForEveryOtherException() {
        bean.failWith(new IllegalArgumentException("excluded"));
        assertThrows(IllegalArgumentException.class, () -> bean.removeUnlessIllegalArgument("a"));
        assertEquals("one", store().get(KEY_A));
        bean.failWith(new UnsupportedOperationException("other"));
        assertThrows(UnsupportedOperationException.class, () -> bean.removeUnlessIllegalArgument("a"));
        assertNull(store().get(KEY_A));
    }

    @Test
    void removeAllEmptiesTheCacheAfterTheMethodReturns() {
        bean.removeAll();
        assertFalse(store().iterator().hasNext());
    }

    @Test
    void failureAfterInvocationPreventsTheRemoveAllByDefault() {
        bean.failWith(new IllegalStateException("no"));
        assertThrows(IllegalStateException.class, () -> bean.removeAll());
        assertTrue(store().containsKey(KEY_A));
        assertTrue(store().containsKey(KEY_B));
    }

    @Test
    void removeAllBeforeInvocationHappensEvenWhenTheMethodFails() {
        bean.failWith(new IllegalArgumentException("no"));
        assertThrows(IllegalArgumentException.class, () -> bean.removeAllBefore());
        assertFalse(store().containsKey(KEY_A));
        assertFalse(store().containsKey(KEY_B));
    }

    @Test
    void removeAllEvictForRemovesOnlyForListedExceptions() {
        bean.failWith(new IllegalArgumentException("unlisted"));
        assertThrows(IllegalArgumentException.class, () -> bean.removeAllForIllegalState());
        assertTrue(store().containsKey(KEY_A));
        bean.failWith(new IllegalStateException("listed"));
        assertThrows(IllegalStateException.class, () -> bean.removeAllForIllegalState());
        assertFalse(store().containsKey(KEY_A));
        assertFalse(store().containsKey(KEY_B));
    }
}
