package io.memjcache.server.protocol.text;

import io.memjcache.server.command.ServerOperations;
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
    public static final byte[] BAD_FORMAT = Ascii.bytes("CLIENT_ERROR bad command line format");
    public static final byte[] BAD_DATA_CHUNK = Ascii.bytes("CLIENT_ERROR bad data chunk");
    static final byte[] INVALID_EXPTIME = Ascii.bytes("CLIENT_ERROR invalid exptime argument");
    static final byte[] INVALID_DELTA = Ascii.bytes("CLIENT_ERROR invalid numeric delta argument");
    public static final byte[] NON_NUMERIC =
            Ascii.bytes("CLIENT_ERROR cannot increment or decrement non-numeric value");
    public static final byte[] TOO_LARGE = Ascii.bytes("SERVER_ERROR object too large for cache");
    public static final byte[] OUT_OF_MEMORY_STORING = Ascii.bytes("SERVER_ERROR out of memory storing object");
    static final byte[] OUT_OF_MEMORY = Ascii.bytes("SERVER_ERROR out of memory");
    static final byte[] DELETE_USAGE =
            Ascii.bytes("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");

    static final byte[] VERSION = Ascii.bytes("VERSION " + ServerOperations.VERSION);
    static final byte[] SHUTDOWN_DISABLED = Ascii.bytes("ERROR: shutdown not enabled");
    static final byte[] INVALID_SHUTDOWN_MODE = Ascii.bytes("CLIENT_ERROR invalid shutdown mode");
    static final byte[] TLS_NOT_ENABLED = Ascii.bytes("Error TLS not enabled");
    static final byte[] MEMLIMIT_TOO_SMALL = Ascii.bytes("MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m");
    static final byte[] MEMLIMIT_NOT_BYTES = Ascii.bytes("MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes");
    static final byte[] MEMLIMIT_FAILED = Ascii.bytes("MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust");
    static final byte[] SLABS_SAME_CLASS = Ascii.bytes("SAME src and dst class are identical");
    static final byte[] SLABS_BAD_CLASS = Ascii.bytes("BADCLASS invalid src or dst class id");
    static final byte[] SLABS_NO_SPARE = Ascii.bytes("NOSPARE source class has no spare pages");
    static final byte[] CRAWLER_BAD_CLASS = Ascii.bytes("BADCLASS invalid class id");
    static final byte[] CRAWLER_NO_PIPELINE = Ascii.bytes("ERROR cannot pipeline other commands before metadump");
    static final byte[] CRAWLER_DISABLED = Ascii.bytes("CLIENT_ERROR lru crawler disabled");
    static final byte[] METADUMP_NOT_ALLOWED = Ascii.bytes("ERROR metadump not allowed");
    static final byte[] CACHEDUMP_NOT_ALLOWED = Ascii.bytes("CLIENT_ERROR stats cachedump not allowed");
    static final byte[] FLUSH_NOT_ALLOWED = Ascii.bytes("CLIENT_ERROR flush_all not allowed");
    static final byte[] CRAWLER_START_FAILED = Ascii.bytes("ERROR failed to start lru crawler thread");
    static final byte[] CRAWLER_STOP_FAILED = Ascii.bytes("ERROR failed to stop lru crawler thread");
    static final byte[] CRAWLER_SLEEP_TOO_LONG = Ascii.bytes("CLIENT_ERROR sleep must be one second or less");
    static final byte[] STATS_DETAIL_USAGE = Ascii.bytes("CLIENT_ERROR usage: stats detail on|off|dump");
    static final byte[] STATS_BAD_COMMAND_LINE = Ascii.bytes("CLIENT_ERROR bad command line");
    static final byte[] STATS_ILLEGAL_SLAB = Ascii.bytes("CLIENT_ERROR Illegal slab id");
    /** A whole line, terminator included: written before the connection has a handler to write lines. */
    public static final byte[] TOO_MANY_CONNECTIONS = Ascii.bytes("ERROR Too many open connections\r\n");

    /** The start of a hit's line: {@code VALUE <key> <flags> <bytes>[ <cas>]}. */
    static final byte[] VALUE_PREFIX = Ascii.bytes("VALUE ");
    /** The start of a statistic's line: {@code STAT <name> <value>}. */
    static final byte[] STAT_PREFIX = Ascii.bytes("STAT ");

    private Replies() {}
}
