package io.memjcache.jcache.race;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The races of {@link Race} between two JVMs: one caller in this one and one in a child JVM ({@link RaceChild},
 * started with this JVM's class path), both on one server, 100 rounds per race; so every conflict is one between
 * JVMs. The server is the bundled one
 * ({@code memjcache}) or Debian's memcached, started by the test, since the embedded default lives inside one JVM.
 * The child is sent its command just as the local callers are released, so the calls overlap.
 */
class TwoJvmRaceTest {

    static final String CACHE = "race";
    private static final int ROUNDS = 100;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void everyRoundEndsAsSomeSerialOrderWouldAcrossJvms(String server) throws Exception {
        String namespace = "race-" + UUID.randomUUID();
        try (ServerUnderTest running = ServerUnderTest.named(server);
                CachingProvider provider = new MemjcacheCachingProvider()) {
            String servers = "127.0.0.1:" + running.port();
            Properties properties = new Properties();
            properties.setProperty("memjcache.servers", servers);
            properties.setProperty("memjcache.namespace", namespace);
            CacheManager manager = provider.getCacheManager(
                    URI.create("memjcache:race-parent"), getClass().getClassLoader(), properties);
            Cache<String, String> cache = manager.createCache(
                    CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            EventCounter counter = EventCounter.attachTo(cache);
            Process child = startChild(RaceChild.class, servers, namespace);
            try {
                Remote remote = new Remote(child);
                List<RaceRunner.Caller> callers = List.of(RaceRunner.local(cache), remote);
                try (RaceRunner runner = new RaceRunner(
                        cache, callers, () -> counter.takeCounts().plus(remote.takeEvents()))) {
                    for (Race race : Race.values()) {
                        runner.run(race, ROUNDS);
                    }
                }
            } finally {
                child.getOutputStream().close();
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /** @return a JVM running {@code main} with this JVM's class path and the given arguments */
    static Process startChild(Class<?> main, String... arguments) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The child JVM's caller; used by one racing thread at a time. */
    private static final class Remote implements RaceRunner.Caller {

        private final Writer commands;
        private final BufferedReader answers;
        private final AtomicReference<EventCounter.Events> events = new AtomicReference<>(EventCounter.Events.NONE);

        Remote(Process child) throws IOException {
            commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = answers.readLine();
            if (!"ready".equals(first)) {
                throw new IllegalStateException("the child JVM did not start: " + first);
            }
        }

        @Override
        public String call(Race race, String prefix, int round, int caller) throws IOException {
            commands.write(race + " " + prefix + " " + round + " " + caller + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("the child JVM ended");
            }
            String[] parts = answer.split("\t", 2);
            if (parts[0].equals("error")) {
                throw new IllegalStateException("the child JVM failed: " + parts[1]);
            }
            events.accumulateAndGet(EventCounter.Events.decode(parts[1]), EventCounter.Events::plus);
            return parts[0];
        }

        EventCounter.Events takeEvents() {
            return events.getAndSet(EventCounter.Events.NONE);
        }
    }
}
