package io.memjcache.jcache.race;

import io.memjcache.jcache.MemjcacheCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * A JVM of {@link EventualNearCacheJvmTest} and {@link EventualNearCacheFaultTest}, with an {@code eventual} near
 * cache ({@link EventualCalls#manager}). Arguments: the servers, the namespace, the manager's name and this JVM's
 * number. Once its near cache answered a read (its servers' watch streams are confirmed) it prints {@code ready}, then
 * runs the commands it reads from standard input, one per line, each answered on one line ({@code error<TAB>...} when
 * it failed):
 *
 * <ul>
 *   <li>{@code run <threads> <seed> <startNanos> <durationNanos> <file>}: {@link EventualCalls#run}, the calls written
 *       to the file; answers {@code done <nearHits>};
 *   <li>{@code put <key> <value>}, {@code remove <key>}: answers {@code ok <nanoTime after the call returned>};
 *   <li>{@code flood <prefix> <count>}: puts {@code count} entries of long keys in batches of 500 (to fill watch
 *       streams); answers {@code ok <nanoTime>}.
 * </ul>
 *
 * <p>It ends at the end of its input. Single-threaded but for the callers of {@code run}. Not part of any test run by
 * itself.
 */
final class EventualJvmChild {

    private EventualJvmChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (CachingProvider provider = new MemjcacheCachingProvider();
                CacheManager manager = EventualCalls.manager(provider, args[2], args[0], args[1])) {
            Cache<String, String> cache = EventualCalls.cache(manager);
            int jvm = Integer.parseInt(args[3]);
            awaitNearHit(cache, manager, "warm-" + jvm);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.split(" ", -1);
                try {
                    out.println(answer(cache, manager, jvm, command));
                } catch (RuntimeException e) {
                    out.println("error\t" + e);
                }
            }
        }
    }

    private static String answer(Cache<String, String> cache, CacheManager manager, int jvm, String[] command)
            throws Exception {
        switch (command[0]) {
            case "run" -> {
                Files.write(
                        Path.of(command[5]),
                        EventualCalls.run(
                                cache,
                                jvm,
                                Integer.parseInt(command[1]),
                                Long.parseLong(command[2]),
                                Long.parseLong(command[3]),
                                Long.parseLong(command[4])));
                return "done " + EventualCalls.nearCount(manager, "NearHits");
            }
            case "put" -> cache.put(command[1], command[2]);
            case "remove" -> cache.remove(command[1]);
            case "flood" -> flood(cache, command[1], Integer.parseInt(command[2]));
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
        return "ok " + System.nanoTime();
    }

    private static void flood(Cache<String, String> cache, String prefix, int count) {
        String longKey = prefix + "f".repeat(200);
        Map<String, String> batch = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            batch.put(longKey + i, "x");
            if (batch.size() == 500 || i == count - 1) {
                cache.putAll(batch);
                batch.clear();
            }
        }
    }

    /** Reads a key of its own until the near cache answers it: the watch streams are confirmed. */
    static void awaitNearHit(Cache<String, String> cache, CacheManager manager, String key) {
        cache.put(key, "warm");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long hits = EventualCalls.nearCount(manager, "NearHits");
        while (EventualCalls.nearCount(manager, "NearHits") == hits) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no near hit within 10 s: the watch streams were never confirmed");
            }
            cache.get(key);
            Thread.onSpinWait();
        }
    }
}
