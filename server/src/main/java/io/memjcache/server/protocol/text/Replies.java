package io.memjcache.server.protocol.text;

import io.memjcache.server.support.Ascii;

/** The fixed answer lines of the text protocol, encoded once. Internal, not API. Immutable; thread-safe. */
public final class Replies {

    static final byte[] ERROR = Ascii.bytes("ERROR");
    static final byte[] STORED = Ascii.bytes("STORED");
    static final byte[] NOT_STORED = Ascii.bytes("NOT_STORED");
    static final byte[] EXISTS = Ascii.bytes("EXISTS");
    static final byte[] NOT_FOUND = Ascii.bytes("NOT_FOUND");
    static final byte[] DELETED = Ascii.bytes("DELETED");
    static final byte[] TOUCHED = Ascii.bytes("TOUCHED");
    static final byte[] OK = Ascii.bytes("OK");
    static final byte[] END = Ascii.bytes("END");
    static final byte[] RESET = Ascii.bytes("RESET");
    static final byte[] BAD_FORMAT = Ascii.bytes("CLIENT_ERROR bad command line format");
    static final byte[] BAD_DATA_CHUNK = Ascii.bytes("CLIENT_ERROR bad data chunk");
    static final byte[] INVALID_EXPTIME = Ascii.bytes("CLIENT_ERROR invalid exptime argument");
    static final byte[] INVALID_DELTA = Ascii.bytes("CLIENT_ERROR invalid numeric delta argument");
    public static final byte[] NON_NUMERIC =
            Ascii.bytes("CLIENT_ERROR cannot increment or decrement non-numeric value");
    static final byte[] TOO_LARGE = Ascii.bytes("SERVER_ERROR object too large for cache");
    static final byte[] OUT_OF_MEMORY_STORING = Ascii.bytes("SERVER_ERROR out of memory storing object");
    static final byte[] OUT_OF_MEMORY = Ascii.bytes("SERVER_ERROR out of memory");
    static final byte[] DELETE_USAGE =
            Ascii.bytes("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");

    private Replies() {}
}
