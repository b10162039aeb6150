package io.memjcache.server.protocol.meta;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.command.CounterOperation;
import io.memjcache.server.command.Retrieval;
import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.SlabClasses;
import io.memjcache.server.store.WatchCmd;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;

/**
 * The meta protocol's single-key commands {@code mg md ma me mn}, and the entry to {@code ms}
 * ({@link MetaSetCommand}). Each parses its flags, has the shared command do the work (under its key's stripe
 * lock), reports flags in request order, and honours {@code q} by withdrawing the nominal answer. Stateless apart
 * from the shared set command; thread-safe.
 *
 * <p>Internal, not API.
 */
public final class MetaCommands {

    private final ServerContext server;
    private final MetaSetCommand set;

    public MetaCommands(ServerContext server) {
        this.server = server;
        this.set = new MetaSetCommand(server);
    }

    /** @return false for an unknown {@code m...} command or too few tokens (answered {@code ERROR}) */
    public boolean dispatch(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.length(0) != 2) {
            return false;
        }
        byte second = line.byteAt(0, 1);
        if (second == 'n') {
            c.writeLine(MetaReplies.MN);
            return true;
        }
        if (second != 'g' && second != 's' && second != 'd' && second != 'a' && second != 'e') {
            return false;
        }
        if (second == 'e') {
            server.stats.cmdMeta.increment();
            return debug(c);
        }
        if (line.count() < 2) {
            return false;
        }
        if (line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            MetaResponse.error(c, MetaReplies.BAD_FORMAT);
            return true;
        }
        switch (second) {
            case 'g' -> get(c);
            case 's' -> set.run(c);
            case 'd' -> delete(c);
            default -> arithmetic(c);
        }
        return true;
    }

    private void get(ConnectionHandler c) {
        MetaFlags f = c.metaFlags;
        RequestLine line = c.line;
        if (!f.parse(line, 2, c.key, server.store)) {
            MetaResponse.error(c, f.error != null ? f.error : MetaReplies.BAD_FORMAT);
            return;
        }
        KeyBuffer key = c.key;
        if (server.commands.retrieval.metaGet(key, f.now, f.vivify, f.newTtl, !f.noUpdate, c, MetaCommands::writeHit)) {
            return;
        }
        int mark = MetaResponse.begin(c, MetaReplies.EN);
        if (!MetaResponse.echoOpaqueAndKey(c, 2, key.bytes, key.length)) {
            MetaResponse.discard(c, mark);
            MetaResponse.error(c, MetaReplies.OPAQUE_TOO_LONG);
            return;
        }
        MetaResponse.end(c);
        if (f.noReply) {
            MetaResponse.discard(c, mark);
        }
    }

    /** Writes a hit's line (and value); @return false if it was replaced by an error. */
    private static boolean writeHit(ConnectionHandler c, Item item, boolean created) {
        MetaFlags f = c.metaFlags;
        long now = f.now;
        RequestLine line = c.line;
        ByteBuf out = c.out();
        int mark = out.writerIndex();
        if (f.value) {
            Ascii.write(out, MetaReplies.VA);
            Ascii.writeUnsigned(out, item.valueLength());
        } else {
            Ascii.write(out, MetaReplies.HD);
        }
        boolean won = false;
        for (int t = 2; t < line.count(); t++) {
            switch (line.byteAt(t, 0)) {
                case 'T' -> item.setExpiresAt(f.expiresAt);
                case 'N' -> {
                    if (created) {
                        item.setExpiresAt(f.vivifyExpiresAt);
                        won = true;
                    }
                }
                case 'R' -> {
                    if (!item.has(Item.WIN_SENT)
                            && !created
                            && item.expiresAt() != 0
                            && item.expiresAt() < f.recacheAt) {
                        won = true;
                    }
                }
                case 's' -> {
                    MetaResponse.flag(out, 's');
                    Ascii.writeUnsigned(out, item.valueLength());
                }
                case 't' -> {
                    MetaResponse.flag(out, 't');
                    Ascii.writeLong(out, item.expiresAt() == 0 ? -1 : item.expiresAt() - now);
                }
                case 'c' -> {
                    MetaResponse.flag(out, 'c');
                    Ascii.writeUnsigned(out, item.cas);
                }
                case 'f' -> {
                    MetaResponse.flag(out, 'f');
                    Ascii.writeUnsigned(out, item.clientFlags & 0xFFFFFFFFL);
                }
                case 'l' -> {
                    MetaResponse.flag(out, 'l');
                    Ascii.writeLong(out, now - item.lastAccess());
                }
                case 'h' -> {
                    MetaResponse.flag(out, 'h');
                    out.writeByte(item.has(Item.FETCHED) ? '1' : '0');
                }
                case 'O' -> {
                    if (!MetaResponse.opaque(c, t)) {
                        out.writerIndex(mark);
                        MetaResponse.error(c, MetaReplies.OPAQUE_TOO_LONG);
                        return false;
                    }
                }
                case 'k' -> MetaResponse.key(out, item.data, item.keyLength(), item.has(Item.KEY_BINARY));
                default -> {}
            }
        }
        if (item.has(Item.WIN_SENT)) {
            MetaResponse.flag(out, 'Z');
        }
        if (item.has(Item.STALE)) {
            MetaResponse.flag(out, 'X');
            if (!item.has(Item.WIN_SENT)) {
                won = true;
            }
        }
        if (won) {
            MetaResponse.flag(out, 'W');
            item.mark(Item.WIN_SENT);
        }
        Ascii.crlf(out);
        if (f.value) {
            c.writeValue(item);
        }
        return true;
    }

    private void delete(ConnectionHandler c) {
        MetaFlags f = c.metaFlags;
        if (!f.parse(c.line, 2, c.key, server.store)) {
            MetaResponse.error(c, MetaReplies.INVALID_OR_DUPLICATE_FLAG);
            return;
        }
        KeyBuffer key = c.key;
        String code =
                switch (server.commands.deletion.delete(
                        key, f.hasCas, f.casIn, f.invalidate, f.newTtl ? f.expiresAt : -1, WatchCmd.MD)) {
                    case DELETED -> MetaReplies.HD;
                    case NOT_FOUND -> MetaReplies.NF;
                    case EXISTS -> MetaReplies.EX;
                };
        int mark = MetaResponse.begin(c, code);
        if (!MetaResponse.echoOpaqueAndKey(c, 2, key.bytes, key.length)) {
            MetaResponse.discard(c, mark);
            MetaResponse.error(c, MetaReplies.OPAQUE_TOO_LONG);
            return;
        }
        MetaResponse.end(c);
        if (f.noReply && code.equals(MetaReplies.HD)) {
            MetaResponse.discard(c, mark);
        }
    }

    private void arithmetic(ConnectionHandler c) {
        MetaFlags f = c.metaFlags;
        RequestLine line = c.line;
        if (!f.parse(line, 2, c.key, server.store)) {
            MetaResponse.error(c, MetaReplies.INVALID_OR_DUPLICATE_FLAG);
            return;
        }
        boolean increment;
        switch (f.mode) {
            case 0, 'I', '+' -> increment = true;
            case 'D', '-' -> increment = false;
            default -> {
                MetaResponse.error(c, MetaReplies.INVALID_MA_MODE);
                return;
            }
        }
        KeyBuffer key = c.key;
        CounterOperation.Vivify vivify = f.vivify
                ? new CounterOperation.Vivify(true, f.initial, f.vivifyExpiresAt)
                : CounterOperation.Vivify.NONE;
        CounterOperation.Result r = server.commands.counters.apply(
                key, increment, f.delta, f.hasCas ? f.casIn : 0, vivify, f.newTtl ? f.expiresAt : -1);
        long now = f.now;
        switch (r.status()) {
            case NON_NUMERIC -> MetaResponse.error(c, MetaReplies.NON_NUMERIC);
            case NOT_FOUND, CAS_MISMATCH -> {
                int mark = MetaResponse.begin(
                        c, r.status() == CounterOperation.Status.NOT_FOUND ? MetaReplies.NF : MetaReplies.EX);
                if (!MetaResponse.echoOpaqueAndKey(c, 2, key.bytes, key.length)) {
                    MetaResponse.discard(c, mark);
                    MetaResponse.error(c, MetaReplies.OPAQUE_TOO_LONG);
                    return;
                }
                MetaResponse.end(c);
            }
            default -> {
                ByteBuf out = c.out();
                int mark = out.writerIndex();
                byte[] digits = Ascii.unsignedDigits(r.value());
                if (f.value) {
                    Ascii.write(out, MetaReplies.VA);
                    Ascii.writeUnsigned(out, digits.length);
                } else {
                    Ascii.write(out, MetaReplies.HD);
                }
                for (int t = 2; t < line.count(); t++) {
                    switch (line.byteAt(t, 0)) {
                        case 'c' -> {
                            MetaResponse.flag(out, 'c');
                            Ascii.writeUnsigned(out, r.cas());
                        }
                        case 't' -> {
                            MetaResponse.flag(out, 't');
                            Ascii.writeLong(out, r.expiresAt() == 0 ? -1 : r.expiresAt() - now);
                        }
                        case 'O' -> {
                            if (!MetaResponse.opaque(c, t)) {
                                out.writerIndex(mark);
                                MetaResponse.error(c, MetaReplies.OPAQUE_TOO_LONG);
                                return;
                            }
                        }
                        case 'k' -> MetaResponse.key(out, key.bytes, key.length, key.base64);
                        default -> {}
                    }
                }
                Ascii.crlf(out);
                if (f.value) {
                    out.writeBytes(digits);
                    Ascii.crlf(out);
                }
                if (f.noReply && r.status() == CounterOperation.Status.OK) {
                    out.writerIndex(mark);
                }
            }
        }
    }

    /** {@code me <key> [b]}: memcached's debug line for one item. */
    private boolean debug(ConnectionHandler c) {
        RequestLine line = c.line;
        if (line.count() < 2 || line.length(1) > ServerConfig.MAX_KEY_LENGTH) {
            MetaResponse.error(c, MetaReplies.BAD_FORMAT);
            return true;
        }
        MetaFlags f = c.metaFlags;
        boolean binary = line.count() >= 3 && line.is(2, "b");
        if (!f.parse(line, line.count(), c.key, server.store)) {
            MetaResponse.error(c, MetaReplies.BAD_FORMAT);
            return true;
        }
        if (binary && !f.parse(line, 2, c.key, server.store)) {
            MetaResponse.error(c, f.error != null ? f.error : MetaReplies.BAD_FORMAT);
            return true;
        }
        if (server.commands.retrieval.peek(c.key, f.now, c, MetaCommands::writeDebug) == Retrieval.MISS) {
            c.writeLine(MetaReplies.EN_LINE);
        }
        return true;
    }

    /** {@code ME <key> exp=... la=... cas=... fetch=... cls=... size=...}, as memcached's debug line. */
    private static int writeDebug(ConnectionHandler c, Item item) {
        long now = c.metaFlags.now;
        ByteBuf out = c.out();
        Ascii.write(out, MetaReplies.ME);
        if (item.has(Item.KEY_BINARY)) {
            out.writeBytes(java.util.Base64.getEncoder().encode(java.util.Arrays.copyOf(item.data, item.keyLength())));
        } else {
            out.writeBytes(item.data, 0, item.keyLength());
        }
        Ascii.write(out, " exp=");
        Ascii.writeLong(out, item.expiresAt() == 0 ? -1 : now - item.expiresAt());
        Ascii.write(out, " la=");
        Ascii.writeLong(out, now - item.lastAccess());
        Ascii.write(out, " cas=");
        Ascii.writeUnsigned(out, item.cas);
        out.writeBytes(Ascii.bytes(item.has(Item.FETCHED) ? " fetch=yes" : " fetch=no"));
        Ascii.write(out, " cls=");
        Ascii.writeUnsigned(out, SlabClasses.classOf(item.memcachedSize()));
        Ascii.write(out, " size=");
        Ascii.writeUnsigned(out, item.memcachedSize());
        Ascii.crlf(out);
        return 0;
    }
}
