package io.memjcache.server.stats;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.protocol.text.AdminCommands;
import io.memjcache.server.protocol.text.StatsCommand;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.SlabClasses;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of {@code stats}, {@code stats settings}, {@code stats items}, {@code stats slabs} and
 * {@code stats conns}, field for field in memcached 1.6.18's order. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class StatsReport {

    private final ServerContext server;

    public StatsReport(ServerContext server) {
        this.server = server;
    }

    public void general(StatsCommand s, ByteBuf out) {
        ServerStats st = server.stats;
        ItemStore store = server.store;
        long now = store.now();
        long cpuMicros = processCpuMicros();
        s.stat(out, "pid", ProcessHandle.current().pid());
        s.stat(out, "uptime", now - server.startedAtMillis / 1000);
        s.stat(out, "time", now);
        s.stat(out, "version", AdminCommands.VERSION);
        s.stat(out, "libevent", "netty");
        s.stat(out, "pointer_size", 64);
        s.stat(out, "rusage_user", String.format("%d.%06d", cpuMicros / 1_000_000, cpuMicros % 1_000_000));
        s.stat(out, "rusage_system", "0.000000");
        s.stat(out, "max_connections", server.config.maxConnections());
        s.stat(out, "curr_connections", st.currConnections.sum());
        s.stat(out, "total_connections", st.totalConnections.sum());
        s.stat(out, "rejected_connections", st.rejectedConnections.sum());
        s.stat(out, "connection_structures", st.currConnections.sum() + 1);
        s.stat(out, "response_obj_oom", 0);
        s.stat(out, "response_obj_count", 0);
        s.stat(out, "response_obj_bytes", 0);
        s.stat(out, "read_buf_count", 0);
        s.stat(out, "read_buf_bytes", 0);
        s.stat(out, "read_buf_bytes_free", 0);
        s.stat(out, "read_buf_oom", 0);
        s.stat(out, "reserved_fds", 0);
        s.stat(out, "cmd_get", st.cmdGet.sum());
        s.stat(out, "cmd_set", st.cmdSet.sum());
        s.stat(out, "cmd_flush", st.cmdFlush.sum());
        s.stat(out, "cmd_touch", st.cmdTouch.sum());
        s.stat(out, "cmd_meta", st.cmdMeta.sum());
        s.stat(out, "get_hits", st.getHits.sum());
        s.stat(out, "get_misses", st.getMisses.sum());
        s.stat(out, "get_expired", st.getExpired.sum());
        s.stat(out, "get_flushed", st.getFlushed.sum());
        s.stat(out, "delete_misses", st.deleteMisses.sum());
        s.stat(out, "delete_hits", st.deleteHits.sum());
        s.stat(out, "incr_misses", st.incrMisses.sum());
        s.stat(out, "incr_hits", st.incrHits.sum());
        s.stat(out, "decr_misses", st.decrMisses.sum());
        s.stat(out, "decr_hits", st.decrHits.sum());
        s.stat(out, "cas_misses", st.casMisses.sum());
        s.stat(out, "cas_hits", st.casHits.sum());
        s.stat(out, "cas_badval", st.casBadval.sum());
        s.stat(out, "touch_hits", st.touchHits.sum());
        s.stat(out, "touch_misses", st.touchMisses.sum());
        s.stat(out, "store_too_large", st.storeTooLarge.sum());
        s.stat(out, "store_no_memory", st.storeNoMemory.sum());
        s.stat(out, "auth_cmds", 0);
        s.stat(out, "auth_errors", 0);
        s.stat(out, "bytes_read", st.bytesRead.sum());
        s.stat(out, "bytes_written", st.bytesWritten.sum());
        s.stat(out, "limit_maxbytes", store.memoryLimit());
        s.stat(out, "accepting_conns", 1);
        s.stat(out, "listen_disabled_num", 0);
        s.stat(out, "time_in_listen_disabled_us", 0);
        s.stat(out, "threads", server.config.threads());
        s.stat(out, "conn_yields", st.connYields.sum());
        s.stat(out, "hash_power_level", 16);
        s.stat(out, "hash_bytes", 524288);
        s.stat(out, "hash_is_expanding", 0);
        for (String zero : new String[] {
            "slab_reassign_rescues",
            "slab_reassign_chunk_rescues",
            "slab_reassign_evictions_nomem",
            "slab_reassign_inline_reclaim",
            "slab_reassign_busy_items",
            "slab_reassign_busy_deletes",
            "slab_reassign_running",
            "slabs_moved",
            "lru_crawler_running"
        }) {
            s.stat(out, zero, 0);
        }
        s.stat(out, "lru_crawler_starts", st.lruCrawlerStarts.sum());
        for (String zero : new String[] {
            "lru_maintainer_juggles",
            "malloc_fails",
            "log_worker_dropped",
            "log_worker_written",
            "log_watcher_skipped",
            "log_watcher_sent",
            "log_watchers",
            "unexpected_napi_ids",
            "round_robin_fallback"
        }) {
            s.stat(out, zero, 0);
        }
        s.stat(out, "bytes", st.bytes.sum());
        s.stat(out, "curr_items", st.currItems.sum());
        s.stat(out, "total_items", st.totalItems.sum());
        s.stat(out, "slab_global_page_pool", 0);
        s.stat(out, "expired_unfetched", st.expiredUnfetched.sum());
        s.stat(out, "evicted_unfetched", st.evictedUnfetched.sum());
        s.stat(out, "evicted_active", 0);
        s.stat(out, "evictions", st.evictions.sum());
        s.stat(out, "reclaimed", st.reclaimed.sum());
        s.stat(out, "crawler_reclaimed", st.crawlerReclaimed.sum());
        s.stat(out, "crawler_items_checked", st.crawlerItemsChecked.sum());
        for (String zero : new String[] {
            "lrutail_reflocked",
            "moves_to_cold",
            "moves_to_warm",
            "moves_within_lru",
            "direct_reclaims",
            "lru_bumps_dropped"
        }) {
            s.stat(out, zero, 0);
        }
    }

    public void settings(StatsCommand s, ByteBuf out) {
        ServerConfig cfg = server.config;
        s.stat(out, "maxbytes", server.store.memoryLimit());
        s.stat(out, "maxconns", cfg.maxConnections());
        s.stat(out, "tcpport", listenPort());
        s.stat(out, "udpport", 0);
        s.stat(out, "inter", cfg.listenAddress());
        s.stat(out, "verbosity", server.verbosity());
        s.stat(out, "oldest", 0);
        s.stat(out, "evictions", "on");
        s.stat(out, "domain_socket", "NULL");
        s.stat(out, "umask", 700);
        s.stat(out, "shutdown_command", cfg.shutdownEnabled() ? "yes" : "no");
        s.stat(out, "growth_factor", "1.25");
        s.stat(out, "chunk_size", 48);
        s.stat(out, "num_threads", cfg.threads());
        s.stat(out, "num_threads_per_udp", cfg.threads());
        s.stat(out, "stat_key_prefix", ":");
        s.stat(out, "detail_enabled", "no");
        s.stat(out, "reqs_per_event", 20);
        s.stat(out, "cas_enabled", "yes");
        s.stat(out, "tcp_backlog", 1024);
        s.stat(out, "binding_protocol", "ascii");
        s.stat(out, "auth_enabled_sasl", "no");
        s.stat(out, "auth_enabled_ascii", "no");
        s.stat(out, "item_size_max", cfg.maxItemSize());
        s.stat(out, "maxconns_fast", "yes");
        s.stat(out, "hashpower_init", 0);
        s.stat(out, "slab_reassign", "no");
        s.stat(out, "slab_automove", 0);
        s.stat(out, "slab_automove_ratio", "0.80");
        s.stat(out, "slab_automove_window", 30);
        s.stat(out, "slab_chunk_max", SlabClasses.LARGEST_CHUNK);
        s.stat(out, "lru_crawler", "yes");
        s.stat(out, "lru_crawler_sleep", 100);
        s.stat(out, "lru_crawler_tocrawl", 0);
        s.stat(out, "tail_repair_time", 0);
        s.stat(out, "flush_enabled", "yes");
        s.stat(out, "dump_enabled", "yes");
        s.stat(out, "hash_algorithm", "fnv1a-murmur3-mix");
        s.stat(out, "lru_maintainer_thread", "no");
        s.stat(out, "lru_segmented", "no");
        s.stat(out, "hot_lru_pct", 20);
        s.stat(out, "warm_lru_pct", 40);
        s.stat(out, "hot_max_factor", "0.20");
        s.stat(out, "warm_max_factor", "2.00");
        s.stat(out, "temp_lru", "no");
        s.stat(out, "temporary_ttl", 61);
        s.stat(out, "idle_timeout", 0);
        s.stat(out, "watcher_logbuf_size", 262144);
        s.stat(out, "worker_logbuf_size", 65536);
        s.stat(out, "read_buf_mem_limit", 0);
        s.stat(out, "track_sizes", "no");
        s.stat(out, "inline_ascii_response", "no");
        s.stat(out, "ext_item_size", 512);
        s.stat(out, "ext_item_age", 4294967295L);
        s.stat(out, "ext_low_ttl", 0);
        s.stat(out, "ext_recache_rate", 2000);
        s.stat(out, "ext_wbuf_size", 4194304);
        s.stat(out, "ext_compact_under", 0);
        s.stat(out, "ext_drop_under", 0);
        s.stat(out, "ext_max_sleep", 1000000);
        s.stat(out, "ext_max_frag", "0.80");
        s.stat(out, "slab_automove_freeratio", "0.010");
        s.stat(out, "ext_drop_unread", "no");
        s.stat(out, "ssl_enabled", "no");
        s.stat(out, "ssl_chain_cert", "(null)");
        s.stat(out, "ssl_key", "(null)");
        s.stat(out, "ssl_verify_mode", 0);
        s.stat(out, "ssl_keyformat", 1);
        s.stat(out, "ssl_ciphers", "NULL");
        s.stat(out, "ssl_ca_cert", "NULL");
        s.stat(out, "ssl_wbuf_size", 16384);
        s.stat(out, "ssl_session_cache", "no");
        s.stat(out, "ssl_kernel_tls", "no");
        s.stat(out, "ssl_min_version", "tlsv1.2");
        s.stat(out, "num_napi_ids", "(null)");
        s.stat(out, "memory_file", "(null)");
    }

    public void items(StatsCommand s, ByteBuf out) {
        ServerStats st = server.stats;
        for (int cls = 1; cls <= SlabClasses.largest(); cls++) {
            long number = st.classItems.get(cls);
            if (number <= 0) {
                continue;
            }
            String p = "items:" + cls + ":";
            s.stat(out, p + "number", number);
            s.stat(out, p + "number_hot", 0);
            s.stat(out, p + "number_warm", 0);
            s.stat(out, p + "number_cold", number);
            s.stat(out, p + "age_hot", 0);
            s.stat(out, p + "age_warm", 0);
            s.stat(out, p + "age", 0);
            s.stat(out, p + "mem_requested", st.classRequested.get(cls));
            s.stat(out, p + "evicted", st.classEvicted.get(cls));
            for (String zero : new String[] {
                "evicted_nonzero",
                "evicted_time",
                "outofmemory",
                "tailrepairs",
                "reclaimed",
                "expired_unfetched",
                "evicted_unfetched",
                "evicted_active",
                "crawler_reclaimed",
                "crawler_items_checked",
                "lrutail_reflocked",
                "moves_to_cold",
                "moves_to_warm",
                "moves_within_lru",
                "direct_reclaims",
                "hits_to_hot",
                "hits_to_warm"
            }) {
                s.stat(out, p + zero, 0);
            }
            s.stat(out, p + "hits_to_cold", st.classGetHits.get(cls));
            s.stat(out, p + "hits_to_temp", 0);
        }
    }

    public void slabs(StatsCommand s, ByteBuf out) {
        ServerStats st = server.stats;
        int active = 0;
        long malloced = 0;
        for (int cls = 1; cls <= SlabClasses.largest(); cls++) {
            long used = st.classItems.get(cls);
            if (used <= 0 && st.classSets.get(cls) == 0) {
                continue;
            }
            active++;
            int chunk = SlabClasses.chunkSize(cls);
            int perPage = SlabClasses.PAGE_SIZE / chunk;
            long pages = Math.max(1, (used + perPage - 1) / perPage);
            malloced += pages * SlabClasses.PAGE_SIZE;
            String p = cls + ":";
            s.stat(out, p + "chunk_size", chunk);
            s.stat(out, p + "chunks_per_page", perPage);
            s.stat(out, p + "total_pages", pages);
            s.stat(out, p + "total_chunks", pages * perPage);
            s.stat(out, p + "used_chunks", used);
            s.stat(out, p + "free_chunks", pages * perPage - used);
            s.stat(out, p + "free_chunks_end", 0);
            perClass(s, out, p + "get_hits", st.classGetHits, cls);
            perClass(s, out, p + "cmd_set", st.classSets, cls);
            perClass(s, out, p + "delete_hits", st.classDeleteHits, cls);
            perClass(s, out, p + "incr_hits", st.classIncrHits, cls);
            perClass(s, out, p + "decr_hits", st.classDecrHits, cls);
            perClass(s, out, p + "cas_hits", st.classCasHits, cls);
            perClass(s, out, p + "cas_badval", st.classCasBadval, cls);
            perClass(s, out, p + "touch_hits", st.classTouchHits, cls);
        }
        s.stat(out, "active_slabs", active);
        s.stat(out, "total_malloced", malloced);
    }

    private static void perClass(StatsCommand s, ByteBuf out, String name, ClassCounters values, int cls) {
        s.stat(out, name, values.get(cls));
    }

    public void conns(StatsCommand s, ByteBuf out) {
        long now = server.store.now();
        String listen = "tcp:" + address(server.listenAddress);
        s.stat(out, "10:addr", listen);
        s.stat(out, "10:state", "conn_listening");
        s.stat(out, "10:secs_since_last_cmd", now - server.startedAtMillis / 1000);
        for (ServerContext.Connection conn : server.connections()) {
            String p = conn.handler().id + ":";
            s.stat(out, p + "addr", "tcp:" + address(conn.channel().remoteAddress()));
            s.stat(out, p + "listen_addr", listen);
            s.stat(
                    out,
                    p + "state",
                    conn.handler().state.equals("conn_new_cmd") ? "conn_parse_cmd" : conn.handler().state);
            s.stat(out, p + "secs_since_last_cmd", now - conn.handler().lastCommandAt);
        }
    }

    private int listenPort() {
        SocketAddress a = server.listenAddress;
        return a instanceof InetSocketAddress inet ? inet.getPort() : server.config.port();
    }

    private static String address(@Nullable SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(a);
    }

    private static long processCpuMicros() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime() / 1000);
        }
        return 0;
    }
}
