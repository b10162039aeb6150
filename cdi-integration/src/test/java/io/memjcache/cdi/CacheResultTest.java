package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CacheResultTest extends CdiCachingTestBase {

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {ResultBean.class};
    }

    @Test
    void secondCallIsAnsweredFromTheCache() {
        ResultBean bean = bean(ResultBean.class);
        assertEquals("value-a-1", bean.lookup("a"));
        assertEquals("value-a-1", bean.lookup("a"));
        assertEquals("value-b-2", bean.lookup("b"));
        assertEquals(2, bean.invocations());
        assertEquals("value-a-1", cache("results").get(new DefaultGeneratedCacheKey("a")));
    }

    @Test
    void skipGetAlwaysInvokesAndRefreshesTheCache() {
        ResultBean bean = bean(ResultBean.class);
        assertEquals("value-a-1", bean.lookup("a"));
        assertEquals("value-a-2", bean.refresh("a"));
        assertEquals("value-a-3", bean.refresh("a"));
        assertEquals("value-a-3", bean.lookup("a"));
        assertEquals(3, bean.invocations());
    }

    @Test
    void nullResultsAreNotCached() {
        ResultBean bean = bean(ResultBean.class);
        assertNull(bean.nothing("a"));
        assertNull(bean.nothing("a"));
        assertEquals(2, bean.invocations());
        assertNull(cache("maybe").get(new DefaultGeneratedCacheKey("a")));
    }

    @Test
    void onlyCacheKeyParametersMakeTheKey() {
        ResultBean bean = bean(ResultBean.class);
        assertEquals("ax1-1", bean.keyed("a", "x", 1));
        assertEquals("ax1-1", bean.keyed("a", "y", 1));
        assertEquals("ay2-2", bean.keyed("a", "y", 2));
        assertEquals("ax1-1", cache("keyed").get(new DefaultGeneratedCacheKey("a", 1)));
    }

    @Test
    void arrayArgumentsAreComparedByContentUnderTheDefaultName() {
        ResultBean bean = bean(ResultBean.class);
        assertEquals(8, bean.sum(new int[] {1, 2, 3}, new String[] {"x", "y"}));
        assertEquals(8, bean.sum(new int[] {1, 2, 3}, new String[] {"x", "y"}));
        assertEquals(1, bean.invocations());
        assertEquals(7, bean.sum(new int[] {1, 2, 3}, new String[] {"x"}));
        assertEquals(2, bean.invocations());
        Object cached = cache("io.memjcache.cdi.ResultBean.sum(int[],java.lang.String[])")
                .get(new DefaultGeneratedCacheKey(new int[] {1, 2, 3}, new String[] {"x", "y"}));
        assertEquals(8, cached);
    }

    @Test
    void defaultCacheNameIsClassMethodAndParameterTypes() {
        ResultBean bean = bean(ResultBean.class);
        String value = bean.defaultNamed("a", 7L);
        assertEquals(
                value,
                cache("io.memjcache.cdi.ResultBean.defaultNamed(java.lang.String,long)")
                        .get(new DefaultGeneratedCacheKey("a", 7L)));
    }

    @Test
    void cachedExceptionTypeIsRethrownWithoutInvoking() throws Exception {
        ResultBean bean = bean(ResultBean.class);
        IllegalStateException failure = new IllegalStateException("broken x");
        bean.failWith(failure);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> bean.load("x")));
        bean.failWith(null);
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> bean.load("x"));
        assertEquals("broken x", again.getMessage());
        assertEquals(1, bean.invocations());
        assertInstanceOf(IllegalStateException.class, cache("loadFailures").get(new DefaultGeneratedCacheKey("x")));
        assertEquals("loaded-y", bean.load("y"));
    }

    @Test
    void nonCachedAndUnlistedExceptionsAreNotCached() throws Exception {
        ResultBean bean = bean(ResultBean.class);
        ResultBean.TransientFailure transientFailure = new ResultBean.TransientFailure("busy");
        bean.failWith(transientFailure);
        assertSame(transientFailure, assertThrows(ResultBean.TransientFailure.class, () -> bean.load("x")));
        IllegalArgumentException unlisted = new IllegalArgumentException("bad");
        bean.failWith(unlisted);
        assertSame(unlisted, assertThrows(IllegalArgumentException.class, () -> bean.load("x")));
        bean.failWith(null);
        assertEquals("loaded-x", bean.load("x"));
        assertEquals(3, bean.invocations());
        assertNull(cache("loadFailures").get(new DefaultGeneratedCacheKey("x")));
    }

    @Test
    void withoutExceptionListsEveryExceptionIsCached() {
        ResultBean bean = bean(ResultBean.class);
        bean.failWith(new IOException("disk"));
        assertThrows(IOException.class, () -> bean.loadCachingAnyFailure("x"));
        bean.failWith(null);
        assertEquals(
                "disk",
                assertThrows(IOException.class, () -> bean.loadCachingAnyFailure("x"))
                        .getMessage());
        assertEquals(1, bean.invocations());
    }

    @Test
    void skipGetAlsoSkipsTheExceptionCache() throws Exception {
        ResultBean bean = bean(ResultBean.class);
        bean.failWith(new IllegalStateException("once"));
        assertThrows(IllegalStateException.class, () -> bean.load("x"));
        assertNotNull(cache("loadFailures").get(new DefaultGeneratedCacheKey("x")));
        bean.failWith(null);
        assertEquals("loaded-x", bean.reload("x"));
        assertEquals("loaded-x", bean.load("x"));
        assertEquals(2, bean.invocations());
    }

    @Test
    void checkedExceptionsPassThroughUnwrappedAndUncached() {
        ResultBean bean = bean(ResultBean.class);
        IOException first = assertThrows(IOException.class, () -> bean.loadWithoutExceptionCache("x"));
        assertEquals("cannot read x", first.getMessage());
        assertThrows(IOException.class, () -> bean.loadWithoutExceptionCache("x"));
        assertEquals(2, bean.invocations());
    }
}
