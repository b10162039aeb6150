package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import org.junit.jupiter.api.Test;

class CacheDefaultsTest extends CdiCachingTestBase {

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {DefaultsBean.class, ClassLevelBean.class};
    }

    @Test
    void methodsWithoutANameUseTheClassDefault() {
        DefaultsBean bean = bean(DefaultsBean.class);
        assertEquals("a-1", bean.find("a"));
        assertEquals("a-1", bean.find("a"));
        assertEquals("a-1", cache("domains").get(new DefaultGeneratedCacheKey("a")));
        bean.forget("a");
        assertNull(cache("domains").get(new DefaultGeneratedCacheKey("a")));
        assertEquals("a-3", bean.find("a"));
    }

    @Test
    void aMethodsOwnNameWinsOverTheClassDefault() {
        DefaultsBean bean = bean(DefaultsBean.class);
        assertEquals("all-1", bean.findAll());
        assertEquals("all-1", bean.findAll());
        assertEquals("all-1", cache("allDomains").get(new DefaultGeneratedCacheKey()));
        assertEquals(1, bean.invocations());
    }

    @Test
    void aClassLevelAnnotationAppliesToMethodsWithoutTheirOwn() {
        ClassLevelBean bean = bean(ClassLevelBean.class);
        assertEquals("x-1", bean.compute("x"));
        assertEquals("x-1", bean.compute("x"));
        assertEquals("x-1", cache("classLevel").get(new DefaultGeneratedCacheKey("x")));
        bean.evict("x");
        assertEquals("x-3", bean.compute("x"));
    }
}
