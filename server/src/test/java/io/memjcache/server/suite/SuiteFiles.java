package io.memjcache.server.suite;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which of memcached's {@code t/*.t} files the suite test runs, and what each needs from the server.
 *
 * <p>How the lists were chosen (memcached 1.6.18, each file against its own daemon started with default flags): 29
 * of the 72 files pass on memcached itself; the others need start-up flags, a server the file starts and stops
 * itself, extstore or the proxy. 28 of them are in {@link #ON_A_FRESH_SERVER}; the 29th, {@code watcher_connid.t},
 * needs {@code watch} and a server without {@code foo}, and is in {@link #WITH_FEATURES}. {@link #ON_ONE_SERVER} is
 * an order in which memcached passes them one after another on one long-running server (files that expect slab
 * class 1 or the cache to be empty come right after the one file that flushes); left out of it are:
 * <ul>
 *   <li>{@code issue_104.t} expects {@code foo} to be absent, which several earlier files store, and
 *       {@code issue_42.t} expects slab class 1 to hold only its own items, as {@code issue_29.t} does, which
 *       takes the one place right after the flush;
 *   <li>{@code getandtouch.t} expects {@code foo1} to be absent, which {@code binary-get.t} stores;
 *   <li>{@code issue_163.t} expects exactly one item reclaimed in slab class 31 during its own 3 s; on a server
 *       that earlier files left flushed or expired items in that class, the count also holds those the background
 *       sweep happens to free in that window (memcached frees them only when its LRU tail reaches them), so the
 *       result would depend on timing;
 *   <li>{@code chunked-items.t}, {@code getset.t} and {@code issue_41.t} take 10 to 20 s each and hold nothing
 *       that depends on earlier files, so the fresh-server run covers them.
 * </ul>
 *
 * <p>{@link #WITH_FEATURES} are files that need a feature beyond the text protocol, each on a fresh server set up
 * for it (see {@link Feature}); they run on the bundled server for the features in {@link #BUNDLED_FEATURES}, which
 * are all of them now, and on memcached always. {@code binary-sasl.t} cannot run against a daemon: it checks that
 * the server refuses SASL with some start-up flags; the client tests cover SASL. {@code binary.t} takes about 30 s,
 * so it is not repeated in the one-server run.
 *
 * <p>Immutable; thread-safe.
 */
final class SuiteFiles {

    /** What a file needs from the server beyond the default text protocol. */
    enum Feature {
        /** Nothing more. */
        TEXT,
        /** The binary protocol (negotiated by the first byte, memcached's default {@code -B auto}). */
        BINARY,
        /** ASCII authentication: memcached {@code -Y t/authfile}. */
        ASCII_AUTH,
        /** UDP: memcached {@code -U port}; the suite learns the port from {@code T_MEMD_UDP_PORT}. */
        UDP,
        /** TLS: memcached {@code -Z} with the suite's server certificate; the suite connects with TLS. */
        TLS,
        /** {@code watch}: log streams. */
        WATCH
    }

    /** A file of {@code t/} and the feature it needs. */
    record Entry(String file, Feature needs) {
        @Override
        public String toString() {
            return needs == Feature.TLS ? file + " over TLS" : file;
        }
    }

    /** Features the bundled server has: files that need one of them run against the bundled server too. */
    static final Set<Feature> BUNDLED_FEATURES =
            EnumSet.of(Feature.TEXT, Feature.BINARY, Feature.ASCII_AUTH, Feature.UDP, Feature.TLS, Feature.WATCH);

    static final List<String> ON_A_FRESH_SERVER = List.of(
            "binary-get.t", // binary data in the text protocol, not the binary protocol
            "bogus-commands.t",
            "cas.t",
            "chunked-items.t",
            "flags.t",
            "getandtouch.t",
            "getset.t",
            "incrdecr.t",
            "issue_104.t",
            "issue_108.t",
            "issue_14.t",
            "issue_152.t",
            "issue_163.t",
            "issue_192.t",
            "issue_29.t",
            "issue_3.t",
            "issue_41.t",
            "issue_42.t",
            "issue_68.t",
            "issue_70.t",
            "line-lengths.t",
            "malicious-commands.t",
            "multiversioning.t",
            "noreply.t",
            "quit.t",
            "stats-detail.t",
            "strtol-testing.t",
            "touch.t");

    static final List<String> ON_ONE_SERVER = List.of(
            "binary-get.t",
            "bogus-commands.t",
            "cas.t",
            "flags.t",
            "incrdecr.t",
            "issue_108.t",
            "issue_14.t",
            "issue_152.t",
            "issue_192.t",
            "issue_68.t",
            "issue_70.t",
            "line-lengths.t",
            "malicious-commands.t",
            "quit.t",
            "stats-detail.t",
            "strtol-testing.t",
            "touch.t",
            // flush_all, then the files that count what is left in slab class 1 or in the whole cache.
            "noreply.t",
            "issue_29.t",
            "issue_3.t",
            "multiversioning.t");

    static final List<Entry> WITH_FEATURES = List.of(
            new Entry("binary.t", Feature.BINARY),
            new Entry("ascii-auth.t", Feature.ASCII_AUTH),
            new Entry("udp.t", Feature.UDP),
            new Entry("ssl_verify_modes.t", Feature.TLS),
            new Entry("cas.t", Feature.TLS),
            new Entry("incrdecr.t", Feature.TLS),
            new Entry("noreply.t", Feature.TLS),
            new Entry("watcher_connid.t", Feature.WATCH));

    /**
     * Files of {@link #ON_A_FRESH_SERVER} that take 10 to 20 s each (large values through Perl); memcached passes
     * them, and to keep the build short they run on the bundled server only.
     */
    static final Set<String> BUNDLED_ONLY = Set.of("chunked-items.t", "getset.t", "issue_41.t");

    private SuiteFiles() {}
}
