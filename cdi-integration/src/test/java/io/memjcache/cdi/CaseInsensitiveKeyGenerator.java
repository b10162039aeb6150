package io.memjcache.cdi;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import java.lang.annotation.Annotation;
import java.util.Locale;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A custom key generator: the key is the first key parameter in lower case. */
public class CaseInsensitiveKeyGenerator implements CacheKeyGenerator {

    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        String first = (String) context.getKeyParameters()[0].getValue();
        return new DefaultGeneratedCacheKey(first.toLowerCase(Locale.ROOT));
    }
}
