package io.memjcache.server.protocol.text;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.LongResponse;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * {@code get gets gat gats}: one {@code VALUE} block per hit, in the order asked, then {@code END}. A key over 250
 * bytes anywhere in the list turns the whole answer into {@code CLIENT_ERROR bad command line format}, as in
 * memcached. A long key list is answered as memcached does, a part at a time: the first keys at once, the rest
 * while the client keeps reading (see {@link ConnectionHandler#respondInParts}), so the answer never sits in memory
 * whole and the requests pipelined after it wait their turn. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class TextRetrievalCommand {

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
        Request request = new Request(withCas, touch, touchExpiry);
        int produced = 0;
        int t = first;
        for (; t < line.count() && produced < ConnectionHandler.OUT_CHUNK; t++) {
            c.key.set(line.buffer(), line.start(t), line.length(t), store);
            produced += fetch(c, request, now);
        }
        if (t < line.count()) {
            // The rest of the line is copied: the input buffer moves on while the answer is written.
            byte[] rest = new byte[line.end(line.count() - 1) - line.start(t)];
            line.buffer().getBytes(line.start(t), rest);
            c.respondInParts(new Remaining(request, Unpooled.wrappedBuffer(rest)));
        } else {
            c.writeLine(Replies.END);
        }
        return true;
    }

    /** What a retrieval asked for, beyond its keys. */
    private record Request(boolean withCas, boolean touch, long touchExpiry) {}

    /**
     * Answers the key in {@link ConnectionHandler#key}.
     *
     * @return about how many bytes the answer took (0 for a miss)
     */
    private int fetch(ConnectionHandler c, Request request, long now) {
        int written = server.commands.retrieval.fetch(
                c.key,
                now,
                request.touch,
                request.touchExpiry,
                c,
                request.withCas ? TextRetrievalCommand::writeHitWithCas : TextRetrievalCommand::writeHit);
        return Math.max(written, 0);
    }

    private static int writeHit(ConnectionHandler c, Item item) {
        return writeHit(c, item, false);
    }

    private static int writeHitWithCas(ConnectionHandler c, Item item) {
        return writeHit(c, item, true);
    }

    /** {@code VALUE} line and value of a hit; @return about how many bytes that took */
    private static int writeHit(ConnectionHandler c, Item item, boolean withCas) {
        ByteBuf out = c.out();
        int before = out.writerIndex();
        writeValueHeader(out, item, withCas);
        int header = out.writerIndex() - before;
        c.writeValue(item);
        return header + item.valueLength() + 2;
    }

    /** The keys not answered yet (a copy of the end of the request line), a part at a time, then {@code END}. */
    private final class Remaining implements LongResponse {
        private final Request request;
        private final ByteBuf keys;

        Remaining(Request request, ByteBuf keys) {
            this.request = request;
            this.keys = keys;
        }

        @Override
        public boolean writeMore(ConnectionHandler c) {
            long now = server.store.now();
            int produced = 0;
            while (produced < ConnectionHandler.OUT_CHUNK) {
                int start = keys.forEachByte(b -> b == ' ');
                if (start < 0) {
                    c.writeLine(Replies.END);
                    return true;
                }
                int end = keys.forEachByte(start, keys.writerIndex() - start, b -> b != ' ');
                if (end < 0) {
                    end = keys.writerIndex();
                }
                c.key.set(keys, start, end - start, server.store);
                keys.readerIndex(end);
                produced += fetch(c, request, now);
            }
            return false;
        }
    }

    /** {@code VALUE <key> <flags> <bytes>[ <cas>]\r\n}. */
    static void writeValueHeader(ByteBuf out, Item item, boolean withCas) {
        out.writeBytes(Replies.VALUE_PREFIX);
        out.writeBytes(item.data, 0, item.keyLength());
        out.writeByte(' ');
        Ascii.writeUnsigned(out, item.clientFlags & 0xFFFFFFFFL);
        out.writeByte(' ');
        Ascii.writeUnsigned(out, item.valueLength());
        if (withCas) {
            out.writeByte(' ');
            Ascii.writeUnsigned(out, item.cas);
        }
        Ascii.crlf(out);
    }
}
