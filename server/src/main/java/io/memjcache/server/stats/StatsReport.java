package io.memjcache.server.stats;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.command.ServerOperations;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.net.TlsContexts;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.SlabClasses;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of {@code stats}, {@code stats settings}, {@code stats items}, {@code stats slabs} and
 * {@code stats conns}, field for field in memcached 1.6.18's order. Thread-safe.
 *
 * <p>Internal, not API.
 */
public final class StatsReport {

    private final ServerContext server;
    private volatile boolean sizesEnabled;

    public StatsReport(ServerContext server) {
        this.server = server;
    }

    /**
     * Reports one group: {@code ""} (the general statistics), {@code settings}, {@code items}, {@code slabs},
     * {@code conns} or {@code sizes}.
     *
     * @return false for a group this method does not know (the caller answers as memcached does)
     */
    public boolean group(String name, StatSink sink) {
        switch (name) {
            case "" -> general(sink);
            case "settings" -> settings(sink);
            case "items" -> items(sink);
            case "slabs" -> slabs(sink);
            case "conns" -> conns(sink);
            case "sizes" -> sizes(sink);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code stats sizes} reports (memcached starts with it off: it costs a pass over the store) */
    public boolean sizesEnabled() {
        return sizesEnabled;
    }

    public void setSizesEnabled(boolean enabled) {
        this.sizesEnabled = enabled;
    }

    /** {@code stats sizes}: item counts per 32-byte size bucket, smallest first, or only the status when disabled. */
    private void sizes(StatSink sink) {
        if (!sizesEnabled) {
            sink.stat("sizes_status", "disabled");
            return;
        }
        java.util.TreeMap<Long, long[]> buckets = new java.util.TreeMap<>();
        ItemStore store = server.store;
        long now = store.now();
        for (int s = 0; s < store.segmentCount(); s++) {
            store.forEachLive(s, now, item -> buckets.computeIfAbsent(
                            (item.memcachedSize() + 31L) / 32 * 32, k -> new long[1])[0]++);
        }
        buckets.forEach((size, count) -> sink.stat(Long.toString(size), count[0]));
    }

    private void general(StatSink sink) {
        ServerStats st = server.stats;
        ItemStore store = server.store;
        long now = store.now();
        long cpuMicros = processCpuMicros();
        sink.stat("pid", ProcessHandle.current().pid());
        sink.stat("uptime", now - server.startedAtMillis / 1000);
        sink.stat("time", now);
        sink.stat("version", ServerOperations.VERSION);
        sink.stat("libevent", "netty");
        sink.stat("pointer_size", 64);
        sink.stat("rusage_user", String.format("%d.%06d", cpuMicros / 1_000_000, cpuMicros % 1_000_000));
        sink.stat("rusage_system", "0.000000");
        sink.stat("max_connections", server.config.maxConnections());
        sink.stat("curr_connections", st.currConnections.sum());
        sink.stat("total_connections", st.totalConnections.sum());
        sink.stat("rejected_connections", st.rejectedConnections.sum());
        sink.stat("connection_structures", st.currConnections.sum() + 1);
        sink.stat("response_obj_oom", 0);
        sink.stat("response_obj_count", 0);
        sink.stat("response_obj_bytes", 0);
        sink.stat("read_buf_count", 0);
        sink.stat("read_buf_bytes", 0);
        sink.stat("read_buf_bytes_free", 0);
        sink.stat("read_buf_oom", 0);
        sink.stat("reserved_fds", 0);
        sink.stat("cmd_get", st.cmdGet.sum());
        sink.stat("cmd_set", st.cmdSet.sum());
        sink.stat("cmd_flush", st.cmdFlush.sum());
        sink.stat("cmd_touch", st.cmdTouch.sum());
        sink.stat("cmd_meta", st.cmdMeta.sum());
        sink.stat("get_hits", st.getHits.sum());
        sink.stat("get_misses", st.getMisses.sum());
        sink.stat("get_expired", st.getExpired.sum());
        sink.stat("get_flushed", st.getFlushed.sum());
        sink.stat("delete_misses", st.deleteMisses.sum());
        sink.stat("delete_hits", st.deleteHits.sum());
        sink.stat("incr_misses", st.incrMisses.sum());
        sink.stat("incr_hits", st.incrHits.sum());
        sink.stat("decr_misses", st.decrMisses.sum());
        sink.stat("decr_hits", st.decrHits.sum());
        sink.stat("cas_misses", st.casMisses.sum());
        sink.stat("cas_hits", st.casHits.sum());
        sink.stat("cas_badval", st.casBadval.sum());
        sink.stat("touch_hits", st.touchHits.sum());
        sink.stat("touch_misses", st.touchMisses.sum());
        sink.stat("store_too_large", st.storeTooLarge.sum());
        sink.stat("store_no_memory", st.storeNoMemory.sum());
        sink.stat("auth_cmds", st.authCmds.sum());
        sink.stat("auth_errors", st.authErrors.sum());
        sink.stat("bytes_read", st.bytesRead.sum());
        sink.stat("bytes_written", st.bytesWritten.sum());
        sink.stat("limit_maxbytes", store.memoryLimit());
        sink.stat("accepting_conns", 1);
        sink.stat("listen_disabled_num", 0);
        sink.stat("time_in_listen_disabled_us", 0);
        sink.stat("threads", server.config.threads());
        sink.stat("conn_yields", st.connYields.sum());
        sink.stat("hash_power_level", 16);
        sink.stat("hash_bytes", 524288);
        sink.stat("hash_is_expanding", 0);
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
            sink.stat(zero, 0);
        }
        sink.stat("lru_crawler_starts", st.lruCrawlerStarts.sum());
        for (String zero :
                new String[] {"lru_maintainer_juggles", "malloc_fails", "log_worker_dropped", "log_worker_written"}) {
            sink.stat(zero, 0);
        }
        sink.stat("log_watcher_skipped", store.watch.skipped());
        sink.stat("log_watcher_sent", store.watch.sent());
        sink.stat("log_watchers", store.watch.size());
        TlsContexts tls = server.tls();
        if (tls != null) {
            sink.stat("ssl_handshake_errors", tls.handshakeErrors());
            sink.stat("time_since_server_cert_refresh", now - tls.loadedAt());
        }
        sink.stat("unexpected_napi_ids", 0);
        sink.stat("round_robin_fallback", 0);
        sink.stat("bytes", st.bytes.sum());
        sink.stat("curr_items", st.currItems.sum());
        sink.stat("total_items", st.totalItems.sum());
        sink.stat("slab_global_page_pool", 0);
        sink.stat("expired_unfetched", st.expiredUnfetched.sum());
        sink.stat("evicted_unfetched", st.evictedUnfetched.sum());
        sink.stat("evicted_active", 0);
        sink.stat("evictions", st.evictions.sum());
        sink.stat("reclaimed", st.reclaimed.sum());
        sink.stat("crawler_reclaimed", st.crawlerReclaimed.sum());
        sink.stat("crawler_items_checked", st.crawlerItemsChecked.sum());
        for (String zero : new String[] {
            "lrutail_reflocked",
            "moves_to_cold",
            "moves_to_warm",
            "moves_within_lru",
            "direct_reclaims",
            "lru_bumps_dropped"
        }) {
            sink.stat(zero, 0);
        }
    }

    private void settings(StatSink sink) {
        ServerConfig cfg = server.config;
        sink.stat("maxbytes", server.store.memoryLimit());
        sink.stat("maxconns", cfg.maxConnections());
        sink.stat("tcpport", listenPort());
        sink.stat("udpport", cfg.udpPort());
        sink.stat("inter", cfg.listenAddress());
        sink.stat("verbosity", server.verbosity());
        sink.stat("oldest", 0);
        sink.stat("evictions", "on");
        sink.stat("domain_socket", "NULL");
        sink.stat("umask", 700);
        sink.stat("shutdown_command", cfg.shutdownEnabled() ? "yes" : "no");
        sink.stat("growth_factor", "1.25");
        sink.stat("chunk_size", 48);
        sink.stat("num_threads", cfg.threads());
        sink.stat("num_threads_per_udp", cfg.threads());
        sink.stat("stat_key_prefix", ":");
        sink.stat("detail_enabled", "no");
        sink.stat("reqs_per_event", cfg.requestsPerEvent());
        sink.stat("cas_enabled", "yes");
        sink.stat("tcp_backlog", cfg.listenBacklog());
        sink.stat("binding_protocol", cfg.protocol().statName());
        sink.stat("auth_enabled_sasl", cfg.saslPasswordFile().isPresent() ? "yes" : "no");
        AuthFile auth = server.auth();
        sink.stat("auth_enabled_ascii", auth == null ? "no" : auth.path().toString());
        sink.stat("item_size_max", cfg.maxItemSize());
        sink.stat("maxconns_fast", "yes");
        sink.stat("hashpower_init", 0);
        sink.stat("slab_reassign", "no");
        sink.stat("slab_automove", 0);
        sink.stat("slab_automove_ratio", "0.80");
        sink.stat("slab_automove_window", 30);
        sink.stat("slab_chunk_max", SlabClasses.LARGEST_CHUNK);
        sink.stat("lru_crawler", server.store.sweeper.sweeping() ? "yes" : "no");
        sink.stat("lru_crawler_sleep", 100);
        sink.stat("lru_crawler_tocrawl", 0);
        sink.stat("tail_repair_time", 0);
        sink.stat("flush_enabled", cfg.flushEnabled() ? "yes" : "no");
        sink.stat("dump_enabled", cfg.dumpEnabled() ? "yes" : "no");
        sink.stat("hash_algorithm", "fnv1a-murmur3-mix");
        sink.stat("lru_maintainer_thread", "no");
        sink.stat("lru_segmented", "no");
        sink.stat("hot_lru_pct", 20);
        sink.stat("warm_lru_pct", 40);
        sink.stat("hot_max_factor", "0.20");
        sink.stat("warm_max_factor", "2.00");
        sink.stat("temp_lru", "no");
        sink.stat("temporary_ttl", 61);
        sink.stat("idle_timeout", 0);
        sink.stat("watcher_logbuf_size", io.memjcache.server.store.Watcher.BUFFER_BYTES);
        sink.stat("worker_logbuf_size", 65536);
        sink.stat("read_buf_mem_limit", 0);
        sink.stat("track_sizes", "no");
        sink.stat("inline_ascii_response", "no");
        sink.stat("ext_item_size", 512);
        sink.stat("ext_item_age", 4294967295L);
        sink.stat("ext_low_ttl", 0);
        sink.stat("ext_recache_rate", 2000);
        sink.stat("ext_wbuf_size", 4194304);
        sink.stat("ext_compact_under", 0);
        sink.stat("ext_drop_under", 0);
        sink.stat("ext_max_sleep", 1000000);
        sink.stat("ext_max_frag", "0.80");
        sink.stat("slab_automove_freeratio", "0.010");
        sink.stat("ext_drop_unread", "no");
        TlsSettings tls = cfg.tls();
        Path caCert = tls == null ? null : tls.caCert();
        sink.stat("ssl_enabled", tls == null ? "no" : "yes");
        sink.stat("ssl_chain_cert", tls == null ? "(null)" : tls.chainCert().toString());
        sink.stat("ssl_key", tls == null ? "(null)" : tls.key().toString());
        sink.stat("ssl_verify_mode", tls == null ? 0 : tls.verifyMode());
        sink.stat("ssl_keyformat", 1);
        sink.stat("ssl_ciphers", "NULL");
        sink.stat("ssl_ca_cert", caCert == null ? "NULL" : caCert.toString());
        sink.stat("ssl_wbuf_size", 16384);
        sink.stat("ssl_session_cache", "no");
        sink.stat("ssl_kernel_tls", "no");
        sink.stat("ssl_min_version", tls == null ? "tlsv1.2" : tls.minVersionName());
        sink.stat("num_napi_ids", "(null)");
        sink.stat("memory_file", "(null)");
    }

    private void items(StatSink sink) {
        ServerStats st = server.stats;
        for (int cls = 1; cls <= SlabClasses.largest(); cls++) {
            long number = st.classItems.get(cls);
            if (number <= 0) {
                continue;
            }
            String p = "items:" + cls + ":";
            sink.stat(p + "number", number);
            sink.stat(p + "number_hot", 0);
            sink.stat(p + "number_warm", 0);
            sink.stat(p + "number_cold", number);
            sink.stat(p + "age_hot", 0);
            sink.stat(p + "age_warm", 0);
            sink.stat(p + "age", 0);
            sink.stat(p + "mem_requested", st.classRequested.get(cls));
            sink.stat(p + "evicted", st.classEvicted.get(cls));
            for (String zero : new String[] {"evicted_nonzero", "evicted_time", "outofmemory", "tailrepairs"}) {
                sink.stat(p + zero, 0);
            }
            sink.stat(p + "reclaimed", st.classReclaimed.get(cls));
            for (String zero : new String[] {
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
                sink.stat(p + zero, 0);
            }
            sink.stat(p + "hits_to_cold", st.classGetHits.get(cls));
            sink.stat(p + "hits_to_temp", 0);
        }
    }

    private void slabs(StatSink sink) {
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
            sink.stat(p + "chunk_size", chunk);
            sink.stat(p + "chunks_per_page", perPage);
            sink.stat(p + "total_pages", pages);
            sink.stat(p + "total_chunks", pages * perPage);
            sink.stat(p + "used_chunks", used);
            sink.stat(p + "free_chunks", pages * perPage - used);
            sink.stat(p + "free_chunks_end", 0);
            perClass(sink, p + "get_hits", st.classGetHits, cls);
            perClass(sink, p + "cmd_set", st.classSets, cls);
            perClass(sink, p + "delete_hits", st.classDeleteHits, cls);
            perClass(sink, p + "incr_hits", st.classIncrHits, cls);
            perClass(sink, p + "decr_hits", st.classDecrHits, cls);
            perClass(sink, p + "cas_hits", st.classCasHits, cls);
            perClass(sink, p + "cas_badval", st.classCasBadval, cls);
            perClass(sink, p + "touch_hits", st.classTouchHits, cls);
        }
        sink.stat("active_slabs", active);
        sink.stat("total_malloced", malloced);
    }

    private static void perClass(StatSink sink, String name, ClassCounters values, int cls) {
        sink.stat(name, values.get(cls));
    }

    private void conns(StatSink sink) {
        long now = server.store.now();
        String listen = "tcp:" + address(server.listenAddress);
        sink.stat("10:addr", listen);
        sink.stat("10:state", "conn_listening");
        sink.stat("10:secs_since_last_cmd", now - server.startedAtMillis / 1000);
        for (ServerContext.Connection conn : server.connections()) {
            String p = conn.handler().id + ":";
            sink.stat(p + "addr", "tcp:" + address(conn.channel().remoteAddress()));
            sink.stat(p + "listen_addr", listen);
            sink.stat(
                    p + "state", conn.handler().state.equals("conn_new_cmd") ? "conn_parse_cmd" : conn.handler().state);
            sink.stat(p + "secs_since_last_cmd", now - conn.handler().lastCommandAt);
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
