package io.memjcache.server.protocol.meta;

import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The flags of one meta command, parsed the way memcached 1.6 pre-parses them: each token's first character is
 * the flag, the rest its argument; a repeated flag or an unknown one is an error. Reused per connection; confined
 * to its thread. {@link #error} is null when parsing succeeded.
 *
 * <p>Internal, not API.
 */
public final class MetaFlags {

    /** A flag's token, {@code O} included, may be at most this long (memcached's opaque limit). */
    static final int MAX_OPAQUE_TOKEN = 32;

    private final boolean[] seen = new boolean[128];

    byte @Nullable [] error;

    boolean keyBinary;
    boolean vivify;
    long vivifyExpiresAt;
    boolean newTtl;
    long expiresAt;
    boolean recache;
    long recacheAt;
    boolean value;
    boolean noUpdate;
    boolean noReply;
    int clientFlags;
    boolean hasCas;
    long casIn;
    boolean hasNewCas;
    long newCas;
    byte mode;
    long initial;
    long delta;
    boolean invalidate;
    /** The request's time, read once so that every flag sees the same second. */
    long now;

    /**
     * Parses flags from token {@code first} on. The key (token 1) is base64-decoded into {@code key} when the
     * {@code b} flag is present, otherwise copied.
     *
     * @return false if a flag was invalid; {@link #error} then holds memcached's message (null means the caller's
     *     default message)
     */
    boolean parse(RequestLine line, int first, KeyBuffer key, ItemStore store) {
        reset();
        key.set(line.buffer(), line.start(1), line.length(1), store);
        boolean failed = false;
        now = store.now();
        for (int t = first; t < line.count(); t++) {
            int flag = line.byteAt(t, 0) & 0xFF;
            if (flag >= 127 || seen[flag]) {
                error = MetaReplies.DUPLICATE_FLAG;
                return false;
            }
            seen[flag] = true;
            int argFrom = line.start(t) + 1;
            int argTo = line.end(t);
            switch (flag) {
                case 'b' -> {
                    keyBinary = true;
                    if (!decodeKey(line, key, store)) {
                        error = MetaReplies.KEY_DECODING;
                        failed = true;
                    }
                }
                case 'N' -> {
                    vivify = true;
                    if (line.parseInt32(argFrom, argTo)) {
                        vivifyExpiresAt = store.expiryFromProtocol(line.number, now);
                    } else {
                        error = MetaReplies.BAD_TOKEN;
                        failed = true;
                    }
                }
                case 'T' -> {
                    if (line.parseInt32(argFrom, argTo)) {
                        expiresAt = store.expiryFromProtocol(line.number, now);
                        newTtl = true;
                    } else {
                        error = MetaReplies.BAD_TOKEN;
                        failed = true;
                    }
                }
                case 'R' -> {
                    if (line.parseInt32(argFrom, argTo)) {
                        recache = true;
                        recacheAt = store.expiryFromProtocol(line.number, now);
                    } else {
                        error = MetaReplies.BAD_TOKEN;
                        failed = true;
                    }
                }
                case 'v' -> value = true;
                case 'u' -> noUpdate = true;
                case 'q' -> noReply = true;
                case 'l', 'h', 'O', 'P', 'L', 'k', 's', 't', 'c', 'f' -> {}
                case 'F' -> {
                    if (line.parseUInt32(argFrom, argTo)) {
                        clientFlags = (int) line.number;
                    } else {
                        failed = true;
                    }
                }
                case 'C' -> {
                    if (line.parseUInt64(argFrom, argTo)) {
                        hasCas = true;
                        casIn = line.number;
                    } else {
                        error = MetaReplies.BAD_TOKEN;
                        failed = true;
                    }
                }
                case 'E' -> {
                    if (line.parseUInt64(argFrom, argTo)) {
                        hasNewCas = true;
                        newCas = line.number;
                    } else {
                        error = MetaReplies.BAD_TOKEN;
                        failed = true;
                    }
                }
                case 'M' -> {
                    if (line.length(t) != 2) {
                        error = MetaReplies.M_TOKEN_LENGTH;
                        failed = true;
                    } else {
                        mode = line.byteAt(t, 1);
                    }
                }
                case 'J' -> {
                    if (line.parseUInt64(argFrom, argTo)) {
                        initial = line.number;
                    } else {
                        error = MetaReplies.INVALID_INITIAL;
                        failed = true;
                    }
                }
                case 'D' -> {
                    if (line.parseUInt64(argFrom, argTo)) {
                        delta = line.number;
                    } else {
                        error = MetaReplies.INVALID_DELTA;
                        failed = true;
                    }
                }
                case 'I' -> invalidate = true;
                default -> {
                    error = MetaReplies.INVALID_FLAG;
                    return false;
                }
            }
        }
        return !failed;
    }

    boolean has(char flag) {
        return seen[flag];
    }

    private void reset() {
        java.util.Arrays.fill(seen, false);
        error = null;
        keyBinary = false;
        vivify = false;
        vivifyExpiresAt = 0;
        newTtl = false;
        expiresAt = 0;
        recache = false;
        recacheAt = 0;
        value = false;
        noUpdate = false;
        noReply = false;
        clientFlags = 0;
        hasCas = false;
        casIn = 0;
        hasNewCas = false;
        newCas = 0;
        mode = 0;
        initial = 0;
        delta = 1;
        invalidate = false;
    }

    /**
     * Decodes a base64 key like memcached's decoder: characters outside the alphabet are skipped, and what remains
     * must be whole four-character groups.
     */
    private static boolean decodeKey(RequestLine line, KeyBuffer key, ItemStore store) {
        int length = line.length(1);
        byte[] kept = new byte[length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            byte b = line.byteAt(1, i);
            if ((b >= 'A' && b <= 'Z')
                    || (b >= 'a' && b <= 'z')
                    || (b >= '0' && b <= '9')
                    || b == '+'
                    || b == '/'
                    || b == '=') {
                kept[n++] = b;
            }
        }
        if (n == 0 || n % 4 != 0) {
            return false;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(java.util.Arrays.copyOf(kept, n));
            if (decoded.length == 0 || decoded.length > key.bytes.length) {
                return false;
            }
            System.arraycopy(decoded, 0, key.bytes, 0, decoded.length);
            key.rehash(decoded.length, store);
            key.base64 = true;
            return true;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
