package io.memjcache.server.protocol.meta;

import io.memjcache.server.command.StoreMode;
import io.memjcache.server.command.StoreOperations;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.DataCompletion;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.protocol.text.RequestLine;
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
            MetaResponse.error(c, MetaReplies.BAD_FORMAT);
            return;
        }
        int valueLength = (int) line.number;
        MetaFlags f = c.metaFlags;
        if (!f.parse(line, 3, c.key, server.store)) {
            refuse(c, f.error != null ? f.error : MetaReplies.BAD_FORMAT, valueLength, false);
            return;
        }
        for (int t = 3; t < line.count(); t++) {
            if (line.byteAt(t, 0) == 'O' && line.length(t) > MetaFlags.MAX_OPAQUE_TOKEN) {
                refuse(c, MetaReplies.OPAQUE_TOO_LONG, valueLength, false);
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
                refuse(c, MetaReplies.INVALID_MS_MODE, valueLength, false);
                return;
            }
        }
        if (f.hasCas && (mode == StoreMode.SET || mode == StoreMode.REPLACE)) {
            mode = StoreMode.CAS;
        }
        KeyBuffer key = c.key;
        switch (server.commands.storage.admit(key.length, f.clientFlags, valueLength)) {
            case TOO_LARGE -> refuse(c, MetaReplies.TOO_LARGE, valueLength, true);
            case NO_MEMORY -> refuse(c, MetaReplies.OUT_OF_MEMORY_STORING, valueLength, true);
            case ADMITTED -> {
                byte[] data = new byte[key.length + valueLength + 2];
                System.arraycopy(key.bytes, 0, data, 0, key.length);
                long cost = StoreOperations.reservation(key.length, valueLength);
                c.expectData(data, key.length, new Pending(server, c, f, mode, cost));
            }
        }
    }

    private void refuse(ConnectionHandler c, byte[] error, int valueLength, boolean dropOld) {
        MetaResponse.error(c, error);
        c.swallow(valueLength + 2L);
        if (dropOld) {
            server.commands.deletion.dropStale(c.key);
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
            StoreOperations storage = server.commands.storage;
            long reservation = reserved;
            reserved = 0;
            if (!validTerminator) {
                storage.rejectBadChunk(reservation);
                MetaResponse.error(c, MetaReplies.BAD_DATA_CHUNK);
                return;
            }
            StoreOperations.Outcome outcome =
                    storage.store(reservation, c.key, data, clientFlags, expiresAt, casIn, mode, invalidate, newCas);
            String code =
                    switch (outcome.status()) {
                        case STORED -> MetaReplies.HD;
                        case EXISTS -> MetaReplies.EX;
                        case NOT_FOUND -> MetaReplies.NF;
                        case NOT_STORED -> MetaReplies.NS;
                        case NO_MEMORY -> null;
                    };
            if (code == null) {
                MetaResponse.error(c, MetaReplies.OUT_OF_MEMORY_STORING);
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
            server.commands.storage.release(reserved);
            reserved = 0;
        }
    }
}
