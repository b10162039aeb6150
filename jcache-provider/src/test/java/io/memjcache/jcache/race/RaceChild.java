package io.memjcache.jcache.race;

import io.memjcache.jcache.MemjcacheCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The caller of {@link TwoJvmRaceTest} that runs in a JVM of its own. Arguments: the servers and the namespace.
 * It reads commands {@code RACE prefix round caller} from standard input, one per line, runs that caller's part
 * and answers {@code result<TAB>events} (or {@code error<TAB>message}) on standard output; end of input ends it.
 *
 * <p>Single-threaded. Not part of any test run by itself.
 */
final class RaceChild {

    private RaceChild() {}

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", args[0]);
        properties.setProperty("memjcache.namespace", args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (CachingProvider provider = new MemjcacheCachingProvider();
                CacheManager manager = provider.getCacheManager(
                        URI.create("memjcache:race-child"), RaceChild.class.getClassLoader(), properties)) {
            Cache<String, String> cache = manager.createCache(
                    TwoJvmRaceTest.CACHE,
                    new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            EventCounter counter = EventCounter.attachTo(cache);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.split(" ", -1);
                String result;
                try {
                    result = Race.valueOf(command[0])
                            .run(
                                    cache,
                                    Race.keys(command[1], Integer.parseInt(command[2])),
                                    Integer.parseInt(command[3]));
                } catch (RuntimeException e) {
                    out.println("error\t" + e);
                    continue;
                }
                out.println(result + "\t" + counter.takeCounts().encode());
            }
        }
    }
}
