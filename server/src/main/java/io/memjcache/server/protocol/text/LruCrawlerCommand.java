package io.memjcache.server.protocol.text;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.LongResponse;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.SlabClasses;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * {@code lru_crawler}: {@code metadump all|hash|<class,...>} lists every live item in memcached's format (one
 * {@code key=... exp=... la=... cas=... fetch=... cls=... size=...} line each, keys URI-encoded, then
 * {@code END}), which is how clients enumerate keys on both memcached and this server. The dump is written one
 * stripe at a time while the client keeps up, so its size never sits in memory at once. The tuning sub-commands
 * ({@code crawl}, {@code enable}, {@code disable}, {@code sleep}, {@code tocrawl}) are accepted; expired items are
 * swept in the background anyway. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class LruCrawlerCommand {

    private final ServerContext server;

    LruCrawlerCommand(ServerContext server) {
        this.server = server;
    }

    boolean run(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() < 2) {
            return false;
        }
        if (line.is(1, "metadump")) {
            return line.count() >= 3 && metadump(c);
        }
        if (line.is(1, "crawl") && line.count() == 3) {
            if (!line.is(2, "all") && parseClasses(line.text(2)) == null) {
                c.writeLine(Replies.CRAWLER_BAD_CLASS);
                return true;
            }
            server.stats.lruCrawlerStarts.increment();
            server.store.sweeper.sweepAll(server.store.now());
            c.writeLine(Replies.OK);
            return true;
        }
        if (line.is(1, "enable") || line.is(1, "disable")) {
            boolean enable = line.is(1, "enable");
            if (server.store.sweeper.sweeping() == enable) {
                c.writeLine(enable ? Replies.CRAWLER_START_FAILED : Replies.CRAWLER_STOP_FAILED);
            } else {
                server.store.sweeper.setSweeping(enable);
                c.writeLine(Replies.OK);
            }
            return true;
        }
        if ((line.is(1, "sleep") || line.is(1, "tocrawl")) && line.count() == 3) {
            if (!line.parseUInt32(2)) {
                c.writeLine(Replies.BAD_FORMAT);
            } else if (line.is(1, "sleep") && line.number > 1_000_000) {
                c.writeLine(Replies.CRAWLER_SLEEP_TOO_LONG);
            } else {
                c.writeLine(Replies.OK);
            }
            return true;
        }
        return false;
    }

    private boolean metadump(ConnectionHandler c) {
        // memcached's order: a stopped crawler, then dumping turned off (-X), then pipelining.
        if (!server.store.sweeper.sweeping()) {
            c.writeLine(Replies.CRAWLER_DISABLED);
            return true;
        }
        if (!server.config.dumpEnabled()) {
            c.writeLine(Replies.METADUMP_NOT_ALLOWED);
            return true;
        }
        if (c.hasPipelinedInput()) {
            c.writeLine(Replies.CRAWLER_NO_PIPELINE);
            return true;
        }
        RequestLine line = c.line;
        boolean[] classes;
        if (line.is(2, "all") || line.is(2, "hash")) {
            classes = new boolean[SlabClasses.largest() + 1];
            java.util.Arrays.fill(classes, true);
        } else {
            classes = parseClasses(line.text(2));
            if (classes == null) {
                c.writeLine(Replies.CRAWLER_BAD_CLASS);
                return true;
            }
        }
        server.stats.lruCrawlerStarts.increment();
        c.respondInParts(new Dump(server.store, classes));
        return true;
    }

    /** The dump, one stripe of the store per part, then {@code END}. Confined to its connection's thread. */
    private static final class Dump implements LongResponse {
        private final ItemStore store;
        private final boolean[] classes;
        private final long now;
        private int nextSegment;

        Dump(ItemStore store, boolean[] classes) {
            this.store = store;
            this.classes = classes;
            this.now = store.now();
        }

        @Override
        public boolean writeMore(ConnectionHandler c) {
            ByteBuf out = c.out();
            if (nextSegment < store.segmentCount()) {
                store.forEachLive(nextSegment++, now, item -> {
                    int cls = SlabClasses.classOf(item.memcachedSize());
                    if (classes[cls]) {
                        writeLine(out, item, cls);
                    }
                });
                return false;
            }
            c.writeLine(Replies.END);
            return true;
        }
    }

    /** @return the classes named in a comma-separated list, or null if one is not a valid class id */
    private static boolean @Nullable [] parseClasses(String list) {
        boolean[] classes = new boolean[SlabClasses.largest() + 1];
        for (String id : list.split(",", -1)) {
            int cls;
            try {
                cls = Integer.parseInt(id);
            } catch (NumberFormatException e) {
                return null;
            }
            if (cls < 1 || cls > SlabClasses.largest()) {
                return null;
            }
            classes[cls] = true;
        }
        return classes;
    }

    private static void writeLine(ByteBuf out, Item item, int cls) {
        Ascii.write(out, "key=");
        for (int i = 0; i < item.keyLength(); i++) {
            int b = item.data[i] & 0xFF;
            if (Ascii.uriSafe(b)) {
                out.writeByte(b);
            } else {
                out.writeByte('%');
                out.writeByte(Ascii.HEX[b >>> 4]);
                out.writeByte(Ascii.HEX[b & 0xF]);
            }
        }
        Ascii.write(out, " exp=");
        Ascii.writeLong(out, item.expiresAt() == 0 ? -1 : item.expiresAt());
        Ascii.write(out, " la=");
        Ascii.writeLong(out, item.lastAccess());
        Ascii.write(out, " cas=");
        Ascii.writeUnsigned(out, item.cas);
        out.writeBytes(Ascii.bytes(item.has(Item.FETCHED) ? " fetch=yes" : " fetch=no"));
        Ascii.write(out, " cls=");
        Ascii.writeUnsigned(out, cls);
        Ascii.write(out, " size=");
        Ascii.writeUnsigned(out, item.memcachedSize());
        out.writeByte('\n');
    }
}
