package io.memjcache.server.protocol.text;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.StatsReport;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.SlabClasses;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * {@code stats} and its sub-commands with memcached 1.6's field names and order, so monitoring tools built for
 * memcached read this server unchanged. Figures that belong to memcached's slab allocator or LRU maintainer, which
 * this engine does not have, are reported as memcached reports an idle one (zero). Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class StatsCommand {

    private static final byte[] STAT = Ascii.bytes("STAT ");
    private static final byte[] DETAIL_USAGE = Ascii.bytes("CLIENT_ERROR usage: stats detail on|off|dump");

    /** memcached's {@code MAX_NUMBER_OF_SLAB_CLASSES}: class ids a request may name, used or not. */
    private static final int MAX_SLAB_CLASSES = 64;

    private final ServerContext server;
    private final StatsReport report;
    private volatile boolean sizesEnabled;

    StatsCommand(ServerContext server) {
        this.server = server;
        this.report = new StatsReport(server);
    }

    boolean run(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() == 1) {
            report.general(this, c.out());
        } else if (line.is(1, "reset")) {
            server.stats.reset();
            server.prefixStats.clear();
            c.writeLine(Replies.RESET);
            return true;
        } else if (line.is(1, "detail")) {
            return detail(c);
        } else if (line.is(1, "settings")) {
            report.settings(this, c.out());
        } else if (line.is(1, "items")) {
            report.items(this, c.out());
        } else if (line.is(1, "slabs")) {
            report.slabs(this, c.out());
        } else if (line.is(1, "conns")) {
            report.conns(this, c.out());
        } else if (line.is(1, "sizes")) {
            if (!sizesEnabled) {
                stat(c.out(), "sizes_status", "disabled");
            } else {
                sizes(c.out());
            }
        } else if (line.is(1, "sizes_enable") || line.is(1, "sizes_disable")) {
            sizesEnabled = line.is(1, "sizes_enable");
            stat(c.out(), "sizes_status", sizesEnabled ? "enabled" : "disabled");
            return true;
        } else if (line.is(1, "cachedump")) {
            return cachedump(c);
        } else if (!line.is(1, "extstore")) {
            return false;
        }
        c.writeLine(Replies.END);
        return true;
    }

    private boolean detail(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() < 3) {
            c.writeLine(DETAIL_USAGE);
        } else if (line.is(2, "on") || line.is(2, "off")) {
            server.prefixStats.setEnabled(line.is(2, "on"));
            c.writeLine(Replies.OK);
        } else if (line.is(2, "dump")) {
            server.prefixStats.dump(c.out());
            c.writeLine(Replies.END);
        } else {
            c.writeLine(DETAIL_USAGE);
        }
        return true;
    }

    /** {@code stats cachedump <class> <limit>}: keys of one slab class, {@code ITEM <key> [<bytes> b; <exp> s]}. */
    private boolean cachedump(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() < 4) {
            c.writeLine(Ascii.bytes("CLIENT_ERROR bad command line"));
            return true;
        }
        if (!line.parseUInt32(2)) {
            c.writeLine(Replies.BAD_FORMAT);
            return true;
        }
        long cls = line.number;
        if (!line.parseUInt32(3)) {
            c.writeLine(Replies.BAD_FORMAT);
            return true;
        }
        if (cls >= MAX_SLAB_CLASSES) {
            c.writeLine(Ascii.bytes("CLIENT_ERROR Illegal slab id"));
            return true;
        }
        long limit = line.number == 0 ? Long.MAX_VALUE : line.number;
        ItemStore store = server.store;
        long now = store.now();
        ByteBuf out = c.out();
        long[] written = {0};
        for (int s = 0; s < store.segmentCount() && written[0] < limit; s++) {
            store.forEachLive(s, now, item -> {
                if (written[0] < limit && SlabClasses.classOf(item.memcachedSize()) == cls) {
                    written[0]++;
                    Ascii.write(out, "ITEM ");
                    out.writeBytes(item.data, 0, item.keyLength);
                    Ascii.write(out, " [");
                    Ascii.writeUnsigned(out, item.valueLength());
                    Ascii.write(out, " b; ");
                    Ascii.writeUnsigned(out, item.expiresAt);
                    Ascii.write(out, " s]\r\n");
                }
            });
        }
        c.writeLine(Replies.END);
        return true;
    }

    /** {@code stats sizes} when enabled: item counts per 32-byte size bucket, smallest first. */
    private void sizes(ByteBuf out) {
        java.util.TreeMap<Long, long[]> buckets = new java.util.TreeMap<>();
        ItemStore store = server.store;
        long now = store.now();
        for (int s = 0; s < store.segmentCount(); s++) {
            store.forEachLive(s, now, item -> buckets.computeIfAbsent(
                            (item.memcachedSize() + 31L) / 32 * 32, k -> new long[1])[0]++);
        }
        buckets.forEach((size, count) -> stat(out, Long.toString(size), count[0]));
    }

    public void stat(ByteBuf out, String name, long value) {
        out.writeBytes(STAT);
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeByte(' ');
        Ascii.writeLong(out, value);
        Ascii.crlf(out);
    }

    public void stat(ByteBuf out, String name, String value) {
        out.writeBytes(STAT);
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
        Ascii.crlf(out);
    }
}
