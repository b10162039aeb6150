package io.memjcache.server;

import io.netty.buffer.ByteBuf;

/**
 * {@code get gets gat gats}: one {@code VALUE} block per hit, in the order asked, then {@code END}. A key over 250
 * bytes anywhere in the list turns the whole answer into {@code CLIENT_ERROR bad command line format}, as in
 * memcached. Stateless; thread-safe.
 */
final class TextRetrievalCommand {

    private static final byte[] VALUE = Ascii.bytes("VALUE ");

    private final ServerContext server;

    TextRetrievalCommand(ServerContext server) {
        this.server = server;
    }

    /** @return false for an unknown {@code g...} command or a bad token count */
    boolean dispatch(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.is(0, "get")) {
            return run(c, false, false);
        } else if (line.is(0, "gets")) {
            return run(c, true, false);
        } else if (line.is(0, "gat")) {
            return run(c, false, true);
        } else if (line.is(0, "gats")) {
            return run(c, true, true);
        }
        return false;
    }

    private boolean run(ConnectionHandler c, boolean withCas, boolean touch) {
        RequestLine line = c.line;
        int first = 1;
        long touchExpiry = 0;
        ItemStore store = server.store;
        long now = store.now();
        if (touch) {
            if (!line.parseInt32(1)) {
                c.writeLine(Replies.INVALID_EXPTIME);
                return true;
            }
            touchExpiry = store.expiryFromProtocol(line.number, now);
            first = 2;
        }
        for (int t = first; t < line.count(); t++) {
            if (line.length(t) > ServerConfig.MAX_KEY_LENGTH) {
                c.writeLine(Replies.BAD_FORMAT);
                return true;
            }
        }
        ServerStats stats = server.stats;
        KeyBuffer key = c.key;
        for (int t = first; t < line.count(); t++) {
            key.set(line.buffer(), line.start(t), line.length(t), store);
            StoreSegment segment = store.segment(key.hash);
            stats.cmdGet.increment();
            if (touch) {
                stats.cmdTouch.increment();
            }
            segment.lock();
            try {
                Item item = store.live(segment, key, now, true);
                server.prefixStats.recordGet(key.bytes, key.length, item != null);
                if (item == null) {
                    (touch ? stats.touchMisses : stats.getMisses).increment();
                    continue;
                }
                if (touch) {
                    item.expiresAt = touchExpiry;
                    stats.touchHits.increment();
                    ServerStats.hit(stats.classTouchHits, item);
                } else {
                    stats.getHits.increment();
                    ServerStats.hit(stats.classGetHits, item);
                }
                item.bits |= Item.FETCHED;
                item.lastAccess = now;
                segment.bump(item);
                writeValueHeader(c.out(), item, withCas);
                c.writeValue(item);
            } finally {
                segment.unlock();
            }
        }
        c.writeLine(Replies.END);
        return true;
    }

    /** {@code VALUE <key> <flags> <bytes>[ <cas>]\r\n}. */
    static void writeValueHeader(ByteBuf out, Item item, boolean withCas) {
        out.writeBytes(VALUE);
        out.writeBytes(item.data, 0, item.keyLength);
        out.writeByte(' ');
        Ascii.writeUnsigned(out, item.clientFlags & 0xFFFFFFFFL);
        out.writeByte(' ');
        Ascii.writeUnsigned(out, item.valueLength());
        if (withCas) {
            out.writeByte(' ');
            Ascii.writeUnsigned(out, item.cas);
        }
        out.writeBytes(Ascii.CRLF);
    }
}
