package io.memjcache.server.cli;

import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * memcached 1.6.18's extended options ({@code -o name[=value],...}), each one of four kinds:
 *
 * <ul>
 *   <li>implemented: {@code no_lru_crawler} (and {@code lru_crawler}), returned to the caller to apply;
 *   <li>what memjcache does anyway ({@code maxconns_fast}, and {@code modern}, which changes nothing in 1.6.18):
 *       accepted silently;
 *   <li>tuning of memcached's own hash table, slab allocator, LRU threads, buffers or process, which the JVM server
 *       does not have and whose absence changes no answer: accepted with a one-line warning, as memcached warns of
 *       a deprecated option;
 *   <li>options that change behaviour memjcache lacks (external storage, idle connection timeouts, size
 *       histograms, connection limits that wait, socket marks): refused, saying why. The {@code ssl_*} options
 *       that {@link TlsOptions} does not read are refused as not supported.
 * </ul>
 *
 * <p>An unknown name is refused with memcached's own message. Internal, not API. Stateless; thread-safe.
 */
final class ExtendedOptions {

    /** Accepted with nothing to do: memjcache behaves so already. */
    private static final Set<String> ALREADY = Set.of("maxconns_fast", "modern");

    /** Implemented: returned to the caller, which applies them in order. */
    private static final Set<String> IMPLEMENTED = Set.of("lru_crawler", "no_lru_crawler");

    /** Tuning that cannot apply, by name, with what it tunes; {@code =} marks an option that takes a value. */
    private static final Map<String, String> TUNING = Map.ofEntries(
            Map.entry("hashpower=", "the initial size of memcached's hash table"),
            Map.entry("no_hashexpand", "the growth of memcached's hash table"),
            Map.entry("hash_algorithm=", "the hash of memcached's hash table"),
            Map.entry("tail_repair_time=", "the repair of items stuck at an LRU tail"),
            Map.entry("slab_reassign", "the moving of memory between slab classes"),
            Map.entry("no_slab_reassign", "the moving of memory between slab classes"),
            Map.entry("slab_automove=", "the moving of memory between slab classes"),
            Map.entry("slab_automove_ratio=", "the moving of memory between slab classes"),
            Map.entry("slab_automove_window=", "the moving of memory between slab classes"),
            Map.entry("slab_automove_freeratio=", "the moving of memory between slab classes"),
            Map.entry("slab_sizes=", "the sizes of memcached's slab classes"),
            Map.entry("slab_chunk_max=", "the largest chunk of memcached's slab allocator"),
            Map.entry("no_chunked_items", "the splitting of large items into chunks"),
            Map.entry("lru_crawler_sleep=", "the pace of the LRU crawler"),
            Map.entry("lru_crawler_tocrawl=", "the pace of the LRU crawler"),
            Map.entry("lru_maintainer", "memcached's segmented LRU and its maintainer thread"),
            Map.entry("no_lru_maintainer", "memcached's segmented LRU and its maintainer thread"),
            Map.entry("hot_lru_pct=", "memcached's segmented LRU"),
            Map.entry("warm_lru_pct=", "memcached's segmented LRU"),
            Map.entry("hot_max_factor=", "memcached's segmented LRU"),
            Map.entry("warm_max_factor=", "memcached's segmented LRU"),
            Map.entry("temporary_ttl=", "memcached's segmented LRU"),
            Map.entry("no_modern", "the defaults of memcached 1.4's LRU and slab allocator"),
            Map.entry("watcher_logbuf_size=", "the buffers of memcached's log threads"),
            Map.entry("worker_logbuf_size=", "the buffers of memcached's log threads"),
            Map.entry("read_buf_mem_limit=", "memcached's pool of connection buffers"),
            Map.entry("resp_obj_mem_limit=", "a buffer memcached 1.6 no longer uses"),
            Map.entry("inline_ascii_resp", "the layout of memcached's items"),
            Map.entry("no_inline_ascii_resp", "the layout of memcached's items"),
            Map.entry("drop_privileges", "the system calls memcached's process gives up"),
            Map.entry("no_drop_privileges", "the system calls memcached's process gives up"));

    /** Options whose behaviour memjcache lacks, with the reason. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("no_maxconns_fast", "memjcache always refuses connections over the limit at once"),
            Map.entry("idle_timeout=", "memjcache does not close idle connections"),
            Map.entry("track_sizes", "memjcache has no item size histogram (stats sizes)"),
            Map.entry("sock_cookie_id=", "memjcache cannot mark its sockets (SO_MARK)"));

    private static final Set<String> HASH_ALGORITHMS = Set.of("jenkins", "murmur3", "xxh3");

    private ExtendedOptions() {}

    /**
     * Checks the options of one {@code -o} and adds a warning for each one accepted as tuning.
     *
     * @param as the flag as given ({@code -o} or {@code --extended})
     * @param value the comma-separated options
     * @param warnings where warnings go, one line each
     * @return the implemented options among them, in order, for the caller to apply
     * @throws UsageException for an unknown option, a refused one, or a missing or bad value
     */
    static List<String> apply(String as, String value, List<String> warnings) throws UsageException {
        List<String> implemented = new ArrayList<>();
        for (String option : value.split(",", -1)) {
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            boolean hasArgument = equals >= 0;
            String argument = hasArgument ? option.substring(equals + 1) : "";
            if (ALREADY.contains(name) && !hasArgument) {
                continue;
            }
            if (IMPLEMENTED.contains(name) && !hasArgument) {
                implemented.add(name);
                continue;
            }
            String key = TUNING.containsKey(name + "=") || REFUSED.containsKey(name + "=") ? name + "=" : name;
            if (key.endsWith("=") && argument.isEmpty()) {
                throw new UsageException("missing argument for " + as + " " + name);
            }
            String refusal = REFUSED.get(key);
            if (refusal != null) {
                throw new UsageException("memcached's option " + as + " " + name + " is not supported: " + refusal);
            }
            String tuned = TUNING.get(key);
            if (tuned == null || (!key.endsWith("=") && hasArgument)) {
                if (name.startsWith("ssl_") || name.startsWith("ext_")) {
                    throw new UsageException("memcached's option " + as + " " + name + " is not supported"
                            + (name.startsWith("ext_") ? ": memjcache has no external storage (extstore)" : ""));
                }
                // memcached's own words, and its exit status 64 (EX_USAGE) through the caller.
                throw new UsageException("Illegal suboption \"" + option + "\"");
            }
            check(as, name, argument);
            warnings.add(as + " " + option + " ignored: it tunes " + tuned + ", which memjcache does not have");
        }
        return implemented;
    }

    /** Checks the values memcached itself refuses. */
    private static void check(String as, String name, String argument) throws UsageException {
        if (name.equals("hash_algorithm") && !HASH_ALGORITHMS.contains(argument)) {
            throw new UsageException("invalid value '" + argument + "' for " + as + " hash_algorithm: expected "
                    + "jenkins, murmur3 or xxh3");
        }
        if (name.equals("tail_repair_time") && !(argument.matches("[0-9]{1,9}") && Integer.parseInt(argument) >= 10)) {
            throw new UsageException("invalid value '" + argument + "' for " + as
                    + " tail_repair_time: cannot set tail_repair_time to less than 10 seconds");
        }
    }
}
