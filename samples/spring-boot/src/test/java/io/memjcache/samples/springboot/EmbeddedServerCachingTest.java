package io.memjcache.samples.springboot;

import org.springframework.boot.test.context.SpringBootTest;

/** The sample as configured in {@code application.properties}: caches on the bundled server, in-process. */
@SpringBootTest
class EmbeddedServerCachingTest extends CachingContract {

    @Override
    String configResource() {
        return "memjcache.properties";
    }
}
