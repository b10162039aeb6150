package io.memjcache.jcache.race;

import io.memjcache.jcache.MemjcacheCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * A caller of {@link NearCacheJvmRaceTest} in a JVM of its own. Arguments: the servers, the namespace and the
 * manager's name. It reads commands {@code prefix seed startNanos} from standard input, one per line, runs
 * {@link NearRaceCalls#run} and answers each recorded call on a line, then {@code done} (or {@code error<TAB>...}).
 * At the end of input it answers {@code near<TAB>hits<TAB>failedValidations} and ends.
 *
 * <p>Single-threaded. Not part of any test run by itself.
 */
final class NearRaceChild {

    private NearRaceChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (CachingProvider provider = new MemjcacheCachingProvider();
                CacheManager manager = NearRaceCalls.manager(provider, args[2], args[0], args[1])) {
            Cache<String, String> cache = NearRaceCalls.cache(manager);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.split(" ", -1);
                try {
                    StringBuilder answer = new StringBuilder();
                    for (NearRaceCalls.Recorded call : NearRaceCalls.run(
                            cache, command[0], Long.parseLong(command[1]), Long.parseLong(command[2]))) {
                        answer.append(call.encode()).append('\n');
                    }
                    out.print(answer.append("done\n"));
                    out.flush();
                } catch (RuntimeException e) {
                    out.println("error\t" + e);
                }
            }
            out.println("near\t" + NearRaceCalls.nearCount(manager, "NearHits") + "\t"
                    + NearRaceCalls.nearCount(manager, "FailedValidations"));
        }
    }
}
