package io.memjcache.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the sample's main flow in a fresh application (with a cache manager of its own) and checks what it prints:
 * the numbers in it are counted by the services and read from Micrometer, not written into the sample.
 */
class SpringBootSampleTest {

    @Test
    void mainFlowPrintsOneComputationOneLookupAndTheMetersOfBothCaches() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        javax.cache.CacheManager cacheManager;
        try (ConfigurableApplicationContext context = SpringApplication.run(
                SpringBootSample.class, "--spring.cache.jcache.config=classpath:memjcache-main.properties")) {
            cacheManager = context.getBean(javax.cache.CacheManager.class);
            SpringBootSample.demonstrate(context, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("/memjcache-main.properties from MemjcacheCachingProvider"), lines.get(0));
        assertEquals("@Cacheable   GBP->USD = 1.273616: 3 calls, 1 computation(s)", lines.get(1));
        assertEquals(
                "@CacheResult Lyon = 522250 then 522250; after @CachePut 523000: 1 lookup(s) for 3 reads",
                lines.get(2));
        assertEquals("Micrometer exchangeRates: 2 hit(s), 1 miss(es), 1 put(s)", lines.get(3));
        // One miss and its put, one hit, then @CachePut's put and the hit that reads it.
        assertEquals("Micrometer cityPopulations: 2 hit(s), 1 miss(es), 2 put(s)", lines.get(4));
        // The embedded server's meters: every cache operation above was at least one request to it.
        assertTrue(
                lines.get(5)
                        .matches(
                                "Micrometer memjcache server 127\\.0\\.0\\.1:\\d+: up, \\d+ request\\(s\\), 0 error\\(s\\)"),
                lines.get(5));
        long requests = Long.parseLong(lines.get(5).replaceAll(".*up, (\\d+) request.*", "$1"));
        assertTrue(requests >= 9, lines.get(5));
        assertTrue(cacheManager.isClosed(), "closing the application closes its JCache manager");
    }
}
