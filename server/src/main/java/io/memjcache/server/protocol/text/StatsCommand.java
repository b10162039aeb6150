package io.memjcache.server.protocol.text;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.StatSink;
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

    /** memcached's {@code MAX_NUMBER_OF_SLAB_CLASSES}: class ids a request may name, used or not. */
    private static final int MAX_SLAB_CLASSES = 64;

    private final ServerContext server;
    private final StatsReport report;

    StatsCommand(ServerContext server) {
        this.server = server;
        this.report = server.statsReport;
    }

    boolean run(ConnectionHandler c) {
        RequestLine line = c.line;
        TextStats sink = new TextStats(c.out());
        if (line.count() == 1) {
            report.group("", sink);
        } else if (line.is(1, "reset")) {
            server.stats.reset();
            server.prefixStats.clear();
            c.writeLine(Replies.RESET);
            return true;
        } else if (line.is(1, "detail")) {
            return detail(c);
        } else if (line.is(1, "settings")
                || line.is(1, "items")
                || line.is(1, "slabs")
                || line.is(1, "conns")
                || line.is(1, "sizes")) {
            report.group(line.text(1), sink);
        } else if (line.is(1, "sizes_enable") || line.is(1, "sizes_disable")) {
            report.setSizesEnabled(line.is(1, "sizes_enable"));
            sink.stat("sizes_status", report.sizesEnabled() ? "enabled" : "disabled");
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
            c.writeLine(Replies.STATS_DETAIL_USAGE);
        } else if (line.is(2, "on") || line.is(2, "off")) {
            server.prefixStats.setEnabled(line.is(2, "on"));
            c.writeLine(Replies.OK);
        } else if (line.is(2, "dump")) {
            server.prefixStats.dump(c.out());
            c.writeLine(Replies.END);
        } else {
            c.writeLine(Replies.STATS_DETAIL_USAGE);
        }
        return true;
    }

    /** {@code stats cachedump <class> <limit>}: keys of one slab class, {@code ITEM <key> [<bytes> b; <exp> s]}. */
    private boolean cachedump(ConnectionHandler c) {
        if (!server.config.dumpEnabled()) {
            c.writeLine(Replies.CACHEDUMP_NOT_ALLOWED);
            return true;
        }
        RequestLine line = c.line;
        if (line.count() < 4) {
            c.writeLine(Replies.STATS_BAD_COMMAND_LINE);
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
            c.writeLine(Replies.STATS_ILLEGAL_SLAB);
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
                    out.writeBytes(item.data, 0, item.keyLength());
                    Ascii.write(out, " [");
                    Ascii.writeUnsigned(out, item.valueLength());
                    Ascii.write(out, " b; ");
                    Ascii.writeUnsigned(out, item.expiresAt());
                    Ascii.write(out, " s]\r\n");
                }
            });
        }
        c.writeLine(Replies.END);
        return true;
    }

    /** The text protocol's encoding of a statistic: {@code STAT <name> <value>}. Confined to its connection. */
    private static final class TextStats implements StatSink {
        private final ByteBuf out;

        TextStats(ByteBuf out) {
            this.out = out;
        }

        @Override
        public void stat(String name, long value) {
            out.writeBytes(Replies.STAT_PREFIX);
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
            out.writeByte(' ');
            Ascii.writeLong(out, value);
            Ascii.crlf(out);
        }

        @Override
        public void stat(String name, String value) {
            out.writeBytes(Replies.STAT_PREFIX);
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
            out.writeByte(' ');
            out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
            Ascii.crlf(out);
        }
    }
}
