package io.memjcache.server.protocol.text;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.command.StoreMode;
import io.memjcache.server.command.StoreOperations;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.DataCompletion;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.store.KeyBuffer;

/**
 * {@code set add replace append prepend cas}: parses the request line with memcached's rules, checks the item size
 * and memory before the data block arrives (a refused block is swallowed so the connection stays in step), reads
 * the block straight into the new item and stores it through {@link StoreOperations}. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class TextStorageCommand {

    private final ServerContext server;

    TextStorageCommand(ServerContext server) {
        this.server = server;
    }

    /** @return false if the token count is wrong (the dispatcher answers {@code ERROR}) */
    boolean run(ConnectionHandler c, StoreMode mode) {
        RequestLine line = c.line;
        c.noreply = line.endsWithNoreply();
        if (line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        if (!line.parseUInt32(2)) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        int clientFlags = (int) line.number;
        if (!line.parseInt32(3)) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        long exptime = line.number;
        if (!line.parseInt32(4)) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        long valueLength = line.number;
        long casIn = 0;
        if (mode == StoreMode.CAS) {
            if (!line.parseUInt64(5)) {
                c.reply(Replies.BAD_FORMAT);
                return true;
            }
            casIn = line.number;
        }
        if (valueLength < 0 || valueLength > Integer.MAX_VALUE - 2) {
            c.reply(Replies.BAD_FORMAT);
            return true;
        }
        c.key.set(line.buffer(), line.start(1), line.length(1), server.store);
        server.prefixStats.recordSet(c.key.bytes, c.key.length);
        StoreRequest request = new StoreRequest(
                server,
                mode,
                clientFlags,
                server.store.expiryFromProtocol(exptime, server.store.now()),
                casIn,
                c.noreply);
        request.begin(c, (int) valueLength);
        return true;
    }

    /** One storage request waiting for its data block. Confined to the connection's thread. */
    private static final class StoreRequest implements DataCompletion {
        private final ServerContext server;
        private final StoreOperations storage;
        private final StoreMode mode;
        private final int clientFlags;
        private final long expiresAt;
        private final long casIn;
        private final boolean noreply;
        private long reserved;

        StoreRequest(
                ServerContext server, StoreMode mode, int clientFlags, long expiresAt, long casIn, boolean noreply) {
            this.server = server;
            this.storage = server.commands.storage;
            this.mode = mode;
            this.clientFlags = clientFlags;
            this.expiresAt = expiresAt;
            this.casIn = casIn;
            this.noreply = noreply;
        }

        void begin(ConnectionHandler c, int valueLength) {
            KeyBuffer key = c.key;
            switch (storage.admit(key.length, clientFlags, valueLength)) {
                case TOO_LARGE -> refuse(c, Replies.TOO_LARGE, valueLength);
                case NO_MEMORY -> refuse(c, Replies.OUT_OF_MEMORY_STORING, valueLength);
                case ADMITTED -> {
                    reserved = StoreOperations.reservation(key.length, valueLength);
                    byte[] data = new byte[key.length + valueLength + 2];
                    System.arraycopy(key.bytes, 0, data, 0, key.length);
                    c.expectData(data, key.length, this);
                }
            }
        }

        /** memcached answers, swallows the block, and for a plain set also drops the stale old value. */
        private void refuse(ConnectionHandler c, byte[] reply, int valueLength) {
            c.reply(reply);
            c.swallow(valueLength + 2L);
            if (mode == StoreMode.SET) {
                server.commands.deletion.dropStale(c.key);
            }
        }

        @Override
        public void complete(ConnectionHandler c, byte[] data, boolean validTerminator) {
            long reservation = reserved;
            reserved = 0;
            c.noreply = noreply;
            if (!validTerminator) {
                storage.rejectBadChunk(reservation);
                c.reply(Replies.BAD_DATA_CHUNK);
                return;
            }
            StoreOperations.Outcome outcome =
                    storage.store(reservation, c.key, data, clientFlags, expiresAt, casIn, mode, false, 0);
            c.reply(
                    switch (outcome.status()) {
                        case STORED -> Replies.STORED;
                        case EXISTS -> Replies.EXISTS;
                        case NOT_FOUND -> Replies.NOT_FOUND;
                        case NOT_STORED -> Replies.NOT_STORED;
                        case NO_MEMORY -> Replies.OUT_OF_MEMORY_STORING;
                    });
        }

        @Override
        public void abandon() {
            storage.release(reserved);
            reserved = 0;
        }
    }
}
