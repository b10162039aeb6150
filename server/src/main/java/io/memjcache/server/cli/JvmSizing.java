package io.memjcache.server.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memjcache.server.ServerConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the launcher script ({@code bin/memjcache-server}) starts the server with, derived from the
 * server's own command line so that the process's memory is bounded by {@code -m} and a documented amount on top
 * (README, "Limits and memory"). Without them a JVM sizes its heap from the machine (a quarter of its RAM) and lets
 * direct memory grow as large as the heap, whatever {@code -m} says.
 *
 * <ul>
 *   <li>the serial collector: its only structure beside the heap is a card table (1/512 of the heap), where G1's
 *       remembered sets and marking bitmaps cost about a third of the live data of a store made of millions of
 *       small linked items, and it runs no collector threads beside the workers;
 *   <li>maximum heap: the items ({@code -m}, counted by the store in what they really cost on the heap) plus a
 *       quarter of {@code -m} for garbage awaiting collection, plus {@value #HEAP_BASE_MB} MB for connections,
 *       requests in progress and the server's own objects;
 *   <li>young generation: a quarter of {@code -m}, at least {@value #YOUNG_MIN_MB} MB and at most
 *       {@value #YOUNG_MAX_MB} MB, so that the memory touched by short-lived garbage stays small next to the
 *       items;
 *   <li>direct memory (answers waiting to be sent, socket buffers): {@value #DIRECT_BASE_MB} MB plus two of the
 *       largest items ({@code -I}), since an item's value is copied whole into direct memory to be written; Netty
 *       pools it in chunks of 8 KiB &lt;&lt; {@value #NETTY_MAX_ORDER} (1 MiB instead of its default 4 MiB), of which
 *       each worker thread's arena touches a few even when a single connection reads pipelined requests: about
 *       10 MB less resident with a million items loaded over one connection, while buffers up to 1 MiB (requests,
 *       answers, a socket read) still come from the pool;
 *   <li>class metadata and compiled code capped at {@value #METASPACE_MB} MB and {@value #CODE_CACHE_MB} MB (the
 *       server uses about 8 MB of each);
 *   <li>memory that the JIT compilers and other {@code malloc} users of the JVM have freed is handed back to the
 *       system every {@value #TRIM_INTERVAL_MS} ms ({@value #TRIM_OPTION}, where the JVM knows it): glibc keeps it
 *       otherwise, about 15 MB after the compilers' first busy minute.
 * </ul>
 *
 * <p>Stateless; thread-safe. No method accepts or returns {@code null}.
 *
 * <p>Internal, not API.
 */
final class JvmSizing {

    static final long HEAP_BASE_MB = 64;
    static final long YOUNG_MIN_MB = 4;
    static final long YOUNG_MAX_MB = 8;
    static final long DIRECT_BASE_MB = 64;
    static final long METASPACE_MB = 64;
    static final long CODE_CACHE_MB = 48;
    /** Netty's pooled chunks are 8 KiB pages times 2 to this power. */
    static final int NETTY_MAX_ORDER = 7;
    /** How often the JVM hands memory freed by its own {@code malloc} users back to the system, milliseconds. */
    static final long TRIM_INTERVAL_MS = 1000;
    /** The option behind {@link #TRIM_INTERVAL_MS}, known to JDK 17 from update 9 on. */
    static final String TRIM_OPTION = "TrimNativeHeapInterval";

    private static final long MB = 1024 * 1024;

    private JvmSizing() {}

    /**
     * @param config the server's configuration
     * @param canTrim whether the JVM knows {@link #TRIM_OPTION} (an unknown option stops it from starting)
     * @return the JVM options for a server with this configuration, in the order they are to be passed
     */
    static List<String> options(ServerConfig config, boolean canTrim) {
        long itemsMb = ceilMb(config.memoryLimitBytes());
        long heapMb = itemsMb + (itemsMb + 3) / 4 + HEAP_BASE_MB;
        long youngMb = Math.max(YOUNG_MIN_MB, Math.min(YOUNG_MAX_MB, itemsMb / 4));
        long directMb = DIRECT_BASE_MB + 2 * ceilMb(config.maxItemSize());
        List<String> options = new ArrayList<>(List.of(
                "-XX:+UseSerialGC",
                "-Xmx" + heapMb + "m",
                "-Xmn" + youngMb + "m",
                "-XX:MaxDirectMemorySize=" + directMb + "m",
                "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m",
                "-XX:ReservedCodeCacheSize=" + CODE_CACHE_MB + "m",
                "-Dio.netty.allocator.maxOrder=" + NETTY_MAX_ORDER));
        if (canTrim) {
            options.add("-XX:" + TRIM_OPTION + "=" + TRIM_INTERVAL_MS);
        }
        return List.copyOf(options);
    }

    /** @return whether the running JVM (the launcher's, which starts the server too) knows {@link #TRIM_OPTION} */
    static boolean jvmCanTrim() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(TRIM_OPTION);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static long ceilMb(long bytes) {
        return (bytes + MB - 1) / MB;
    }

    /**
     * Prints the options for the given server command line, one a line, for the launcher script. A command line the
     * server would refuse, or one that only asks for help or the version, prints nothing: the server itself then
     * answers it, with its own message and status.
     *
     * @param args the server's command line
     */
    public static void main(String[] args) {
        print(args, jvmCanTrim(), System.out);
    }

    static void print(String[] args, boolean canTrim, PrintStream out) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLineOptions.UsageException e) {
            return;
        }
        if (options.action() != CommandLineOptions.Action.RUN) {
            return;
        }
        for (String option : options(options.config(), canTrim)) {
            out.println(option);
        }
        out.flush();
    }
}
