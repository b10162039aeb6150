package io.memjcache.server.protocol.meta;

import io.memjcache.server.protocol.text.Replies;
import io.memjcache.server.support.Ascii;

/**
 * Every answer code and error line of the meta protocol, in one place. The error lines the meta protocol shares with
 * the text protocol are the text protocol's own ({@link Replies}). Internal, not API. Immutable; thread-safe.
 */
final class MetaReplies {

    /** Success, no value. */
    static final String HD = "HD";
    /** Success with a value: {@code VA <length>}. */
    static final String VA = "VA ";
    /** A miss of {@code mg} or {@code me}. */
    static final String EN = "EN";
    /** Not found ({@code md}, {@code ma}, {@code ms} in CAS mode). */
    static final String NF = "NF";
    /** The CAS did not match. */
    static final String EX = "EX";
    /** Not stored ({@code ms} in add, replace, append or prepend mode). */
    static final String NS = "NS";
    /** The debug line of {@code me}: {@code ME <key> exp=... la=... cas=... fetch=... cls=... size=...}. */
    static final String ME = "ME ";

    static final byte[] MN = Ascii.bytes("MN");
    static final byte[] EN_LINE = Ascii.bytes(EN);

    static final byte[] BAD_FORMAT = Replies.BAD_FORMAT;
    static final byte[] BAD_DATA_CHUNK = Replies.BAD_DATA_CHUNK;
    static final byte[] TOO_LARGE = Replies.TOO_LARGE;
    static final byte[] OUT_OF_MEMORY_STORING = Replies.OUT_OF_MEMORY_STORING;
    static final byte[] NON_NUMERIC = Replies.NON_NUMERIC;

    static final byte[] DUPLICATE_FLAG = Ascii.bytes("CLIENT_ERROR duplicate flag");
    static final byte[] INVALID_FLAG = Ascii.bytes("CLIENT_ERROR invalid flag");
    static final byte[] INVALID_OR_DUPLICATE_FLAG = Ascii.bytes("CLIENT_ERROR invalid or duplicate flag");
    static final byte[] BAD_TOKEN = Ascii.bytes("CLIENT_ERROR bad token in command line format");
    static final byte[] KEY_DECODING = Ascii.bytes("CLIENT_ERROR error decoding key");
    static final byte[] M_TOKEN_LENGTH = Ascii.bytes("CLIENT_ERROR incorrect length for M token");
    static final byte[] INVALID_INITIAL = Ascii.bytes("CLIENT_ERROR invalid numeric initial value");
    static final byte[] INVALID_DELTA = Ascii.bytes("CLIENT_ERROR invalid numeric delta value");
    static final byte[] INVALID_MA_MODE = Ascii.bytes("CLIENT_ERROR invalid mode for ma M token");
    static final byte[] INVALID_MS_MODE = Ascii.bytes("CLIENT_ERROR invalid mode for ms M token");
    static final byte[] OPAQUE_TOO_LONG = Ascii.bytes("CLIENT_ERROR opaque token too long");

    private MetaReplies() {}
}
