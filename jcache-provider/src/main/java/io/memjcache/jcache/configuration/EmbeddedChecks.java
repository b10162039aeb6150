package io.memjcache.jcache.configuration;

import io.memjcache.jcache.configuration.ProviderSettings.Environment;
import io.memjcache.jcache.configuration.ProviderSettings.ResolvedSetting;
import java.util.List;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * The checks that apply when {@code memjcache.servers} is {@code embedded}: whether servers were required instead,
 * and whether the embedded server's limits fit each other and the heap. Kept apart from {@link ProviderSettings},
 * which reads and validates every setting.
 *
 * <p>Thread-safe (stateless). No argument is {@code null}.
 */
final class EmbeddedChecks {

    private static final long MEGABYTE = 1024L * 1024;

    private EmbeddedChecks() {}

    /**
     * Fails when servers are required: by {@code memjcache.requireServers=true}, or, when that is not set, by the
     * environment variable {@value ProviderSettings#REQUIRE_SERVERS_VARIABLE}{@code =true}.
     */
    static void requireServersUnlessOptional(
            Function<SettingKey, ResolvedSetting> setting,
            boolean requireServers,
            Environment environment,
            List<String> lookAlikes) {
        ResolvedSetting require = setting.apply(SettingKey.REQUIRE_SERVERS);
        String why;
        if (!require.source().equals(ProviderSettings.DEFAULT_SOURCE)) {
            if (!requireServers) {
                return;
            }
            why = SettingKey.REQUIRE_SERVERS.propertyName() + "=true (" + require.origin() + ")";
        } else {
            String variable = environment.get(ProviderSettings.REQUIRE_SERVERS_VARIABLE);
            if (variable == null || !variable.strip().equalsIgnoreCase("true")) {
                return;
            }
            why = "the environment variable " + ProviderSettings.REQUIRE_SERVERS_VARIABLE + "=true";
        }
        ResolvedSetting servers = setting.apply(SettingKey.SERVERS);
        String hint = lookAlikes.isEmpty() ? "" : ". Note: " + String.join("; ", lookAlikes);
        throw new CacheException("memcached servers are required (" + why + "), but memjcache.servers is '"
                + servers.text() + "' (" + servers.origin() + "), which would start the embedded in-process server: set"
                + " memjcache.servers=host[:port[:weight]],... as a system property (-Dmemjcache.servers=cache1:11211),"
                + " in the Properties passed to getCacheManager, in a properties file named by the cache manager URI,"
                + " or use a URI like memcached://cache1:11211,cache2:11211" + hint);
    }

    /** Checks the embedded server's limits against each other and the heap that has to hold its entries. */
    static void checkSizes(
            Function<SettingKey, ResolvedSetting> setting,
            int embeddedMemoryMegabytes,
            int embeddedMaxItemSize,
            List<String> found) {
        long memoryBytes = embeddedMemoryMegabytes * MEGABYTE;
        if (embeddedMaxItemSize > memoryBytes) {
            ResolvedSetting itemSize = setting.apply(SettingKey.EMBEDDED_MAX_ITEM_SIZE);
            throw new IllegalArgumentException(SettingKey.EMBEDDED_MAX_ITEM_SIZE.propertyName() + " = '"
                    + itemSize.text() + "' (" + itemSize.origin()
                    + "): cannot exceed the embedded server's memory limit ("
                    + embeddedMemoryMegabytes + " MB, " + SettingKey.EMBEDDED_MEMORY_MB.propertyName() + ")");
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap != Long.MAX_VALUE && memoryBytes > maxHeap) {
            ResolvedSetting memory = setting.apply(SettingKey.EMBEDDED_MEMORY_MB);
            found.add(SettingKey.EMBEDDED_MEMORY_MB.propertyName() + "="
                    + memory.text().strip() + " ("
                    + memory.origin() + ") is more than this JVM's maximum heap (" + maxHeap / MEGABYTE
                    + " MB): the embedded server keeps its entries on the heap, so the JVM would run out of memory"
                    + " before the server evicts anything; lower it or raise -Xmx");
        }
    }
}
