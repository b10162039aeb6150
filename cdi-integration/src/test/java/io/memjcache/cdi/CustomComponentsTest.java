package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomComponentsTest extends CdiCachingTestBase {

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {CustomComponentsBean.class, MethodLevelComponentsBean.class};
    }

    @BeforeEach
    void pointTheFactoryAtTheTestManager() {
        RecordingResolverFactory.reset(cdi.cacheManager());
    }

    @Test
    void classLevelFactoryAndGeneratorAreUsed() {
        CustomComponentsBean bean = bean(CustomComponentsBean.class);
        assertEquals("Ab-1", bean.name("Ab"));
        assertEquals("Ab-1", bean.name("aB"));
        assertEquals("Ab-1", cache("custom-names").get(new DefaultGeneratedCacheKey("ab")));
        assertNull(cdi.cacheManager().getCache("names"));
    }

    @Test
    void annotationDefaultValuesStillFallBackToTheClassDefaults() {
        CustomComponentsBean bean = bean(CustomComponentsBean.class);
        assertEquals("X-1", bean.explicitDefaults("X"));
        assertEquals("X-1", bean.explicitDefaults("x"));
        assertEquals("X-1", cache("custom-explicitDefaults").get(new DefaultGeneratedCacheKey("x")));
    }

    @Test
    void methodLevelKeyGeneratorIsUsedWithTheDefaultFactory() {
        MethodLevelComponentsBean bean = bean(MethodLevelComponentsBean.class);
        assertEquals("Q-1", bean.insensitive("Q"));
        assertEquals("Q-1", bean.insensitive("q"));
        assertEquals("Q-1", cache("insensitive").get(new DefaultGeneratedCacheKey("q")));
    }

    @Test
    void resolverIsRequestedOncePerMethodNotPerCall() {
        MethodLevelComponentsBean bean = bean(MethodLevelComponentsBean.class);
        assertEquals("a-1", bean.recorded("a"));
        assertEquals("a-1", bean.recorded("a"));
        assertEquals("b-2", bean.recorded("b"));
        assertEquals(1, RecordingResolverFactory.resolverRequests("recorded"));
        assertEquals("a-1", cache("custom-recorded").get(new DefaultGeneratedCacheKey("a")));
    }
}
