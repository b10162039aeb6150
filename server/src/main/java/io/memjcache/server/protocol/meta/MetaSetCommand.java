package io.memjcache.server.protocol.meta;

import io.memjcache.server.command.StoreMode;
import io.memjcache.server.command.StoreOperations;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.DataCompletion;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;

/**
 * {@code ms <key> <datalen> <flags>*}: meta set with modes {@code E A P R S}, CAS compare ({@code C}), invalidation
 * ({@code I}), explicit new CAS ({@code E}), TTL, client flags and quiet mode. Errors found after the data length is
 * known swallow the data block, as memcached does. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class MetaSetCommand {

    private final ServerContext server;

    MetaSetCommand(ServerContext server) {
        this.server = server;
    }

    void run(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() < 3 || !line.parseInt32(2) || line.number < 0) {
            MetaResponse.error(c, MetaFlags.BAD_FORMAT);
            return;
        }
        int valueLength = (int) line.number;
        MetaFlags f = c.metaFlags;
        if (!f.parse(line, 3, c.key, server.store)) {
            refuse(c, f.error != null ? f.error : MetaFlags.BAD_FORMAT, valueLength, false);
            return;
        }
        for (int t = 3; t < line.count(); t++) {
            if (line.byteAt(t, 0) == 'O' && line.length(t) > MetaFlags.MAX_OPAQUE_TOKEN) {
                refuse(c, MetaResponse.OPAQUE_TOO_LONG, valueLength, false);
                return;
            }
        }
        StoreMode mode;
        switch (f.mode) {
            case 0, 'S' -> mode = StoreMode.SET;
            case 'E' -> mode = StoreMode.ADD;
            case 'A' -> mode = StoreMode.APPEND;
            case 'P' -> mode = StoreMode.PREPEND;
            case 'R' -> mode = StoreMode.REPLACE;
            default -> {
                refuse(c, "CLIENT_ERROR invalid mode for ms M token", valueLength, false);
                return;
            }
        }
        if (f.hasCas && (mode == StoreMode.SET || mode == StoreMode.REPLACE)) {
            mode = StoreMode.CAS;
        }
        KeyBuffer key = c.key;
        long memcachedSize = 48L + 8 + key.length + 1 + (f.clientFlags == 0 ? 0 : 4) + valueLength + 2L;
        if (memcachedSize > server.config.maxItemSize()) {
            server.stats.storeTooLarge.increment();
            refuse(c, "SERVER_ERROR object too large for cache", valueLength, true);
            return;
        }
        long cost = Item.heapCost(key.length + valueLength + 2);
        if (!server.store.reserveInFlight(cost)) {
            server.stats.storeNoMemory.increment();
            refuse(c, "SERVER_ERROR out of memory storing object", valueLength, true);
            return;
        }
        byte[] data = new byte[key.length + valueLength + 2];
        System.arraycopy(key.bytes, 0, data, 0, key.length);
        c.expectData(data, key.length, new Pending(server, c, f, mode, cost));
    }

    private void refuse(ConnectionHandler c, String error, int valueLength, boolean dropOld) {
        MetaResponse.error(c, error);
        c.swallow(valueLength + 2L);
        if (dropOld) {
            StoreOperations.delete(server, c.key, false);
        }
    }

    /** The parts of the request line needed once the data block has arrived. Confined to the connection. */
    private static final class Pending implements DataCompletion {
        private final ServerContext server;
        private final StoreMode mode;
        private final int clientFlags;
        private final long expiresAt;
        private final long casIn;
        private final boolean invalidate;
        private final long newCas;
        private final boolean noReply;
        private final boolean binaryKey;
        /** The flags tokens ({@code O}, {@code k}, {@code c}, {@code b}) in request order, copied off the buffer. */
        private final byte[][] echo;

        private long reserved;

        Pending(ServerContext server, ConnectionHandler c, MetaFlags f, StoreMode mode, long cost) {
            this.server = server;
            this.mode = mode;
            this.clientFlags = f.clientFlags;
            this.expiresAt = f.newTtl ? f.expiresAt : 0;
            this.casIn = f.hasCas ? f.casIn : 0;
            this.invalidate = f.invalidate;
            this.newCas = f.hasNewCas ? f.newCas : 0;
            this.noReply = f.noReply;
            this.binaryKey = c.key.base64;
            this.reserved = cost;
            RequestLine line = c.line;
            int n = 0;
            for (int t = 3; t < line.count(); t++) {
                byte b = line.byteAt(t, 0);
                if (b == 'O' || b == 'k' || b == 'c' || b == 'b') {
                    n++;
                }
            }
            echo = new byte[n][];
            int i = 0;
            for (int t = 3; t < line.count(); t++) {
                byte b = line.byteAt(t, 0);
                if (b == 'O' || b == 'k' || b == 'c' || b == 'b') {
                    byte[] token = new byte[line.length(t)];
                    line.buffer().getBytes(line.start(t), token);
                    echo[i++] = token;
                }
            }
        }

        @Override
        public void complete(ConnectionHandler c, byte[] data, boolean validTerminator) {
            server.store.releaseInFlight(reserved);
            reserved = 0;
            if (!validTerminator) {
                server.stats.cmdSet.increment();
                MetaResponse.error(c, "CLIENT_ERROR bad data chunk");
                return;
            }
            StoreOperations.Outcome outcome = StoreOperations.store(
                    server, c.key, data, c.key.length, clientFlags, expiresAt, casIn, mode, invalidate, newCas);
            // Another request may have used the room this one released just before linking: evict the excess.
            server.store.trimToLimit();
            String code =
                    switch (outcome.status()) {
                        case STORED -> "HD";
                        case EXISTS -> "EX";
                        case NOT_FOUND -> "NF";
                        case NOT_STORED -> "NS";
                        case NO_MEMORY -> null;
                    };
            if (code == null) {
                MetaResponse.error(c, "SERVER_ERROR out of memory storing object");
                return;
            }
            int mark = MetaResponse.begin(c, code);
            ByteBuf out = c.out();
            for (byte[] token : echo) {
                switch (token[0]) {
                    case 'O' -> {
                        out.writeByte(' ');
                        out.writeBytes(token);
                    }
                    case 'k' -> MetaResponse.key(out, data, c.key.length, binaryKey);
                    case 'c' -> {
                        MetaResponse.flag(out, 'c');
                        Ascii.writeUnsigned(out, outcome.cas());
                    }
                    default -> {}
                }
            }
            MetaResponse.end(c);
            if (noReply && outcome.status() == StoreOperations.Status.STORED) {
                MetaResponse.discard(c, mark);
            }
        }

        @Override
        public void abandon() {
            server.store.releaseInFlight(reserved);
            reserved = 0;
        }
    }
}
