package io.memjcache.server.protocol.binary;

import org.jspecify.annotations.Nullable;

/**
 * The binary protocol's opcodes that memcached 1.6 answers, and the mapping of each quiet opcode to the command it
 * is a quiet form of. Opcodes missing here (verbosity 0x1b, the range commands) are answered "unknown command",
 * as memcached answers them. Stateless.
 */
public final class Opcodes {

    public static final int GET = 0x00;
    public static final int SET = 0x01;
    public static final int ADD = 0x02;
    public static final int REPLACE = 0x03;
    public static final int DELETE = 0x04;
    public static final int INCREMENT = 0x05;
    public static final int DECREMENT = 0x06;
    public static final int QUIT = 0x07;
    public static final int FLUSH = 0x08;
    public static final int GETQ = 0x09;
    public static final int NOOP = 0x0a;
    public static final int VERSION = 0x0b;
    public static final int GETK = 0x0c;
    public static final int GETKQ = 0x0d;
    public static final int APPEND = 0x0e;
    public static final int PREPEND = 0x0f;
    public static final int STAT = 0x10;
    public static final int SETQ = 0x11;
    public static final int ADDQ = 0x12;
    public static final int REPLACEQ = 0x13;
    public static final int DELETEQ = 0x14;
    public static final int INCREMENTQ = 0x15;
    public static final int DECREMENTQ = 0x16;
    public static final int QUITQ = 0x17;
    public static final int FLUSHQ = 0x18;
    public static final int APPENDQ = 0x19;
    public static final int PREPENDQ = 0x1a;
    public static final int TOUCH = 0x1c;
    public static final int GAT = 0x1d;
    public static final int GATQ = 0x1e;
    public static final int SASL_LIST_MECHS = 0x20;
    public static final int SASL_AUTH = 0x21;
    public static final int SASL_STEP = 0x22;
    public static final int GATK = 0x23;
    public static final int GATKQ = 0x24;

    private Opcodes() {}

    /** @return the command a quiet opcode is the quiet form of, or the opcode itself */
    public static int base(int opcode) {
        return switch (opcode) {
            case GETQ -> GET;
            case GETKQ -> GETK;
            case SETQ -> SET;
            case ADDQ -> ADD;
            case REPLACEQ -> REPLACE;
            case DELETEQ -> DELETE;
            case INCREMENTQ -> INCREMENT;
            case DECREMENTQ -> DECREMENT;
            case QUITQ -> QUIT;
            case FLUSHQ -> FLUSH;
            case APPENDQ -> APPEND;
            case PREPENDQ -> PREPEND;
            case GATQ -> GAT;
            case GATKQ -> GATK;
            default -> opcode;
        };
    }

    /** @return whether the opcode is the quiet form of a command (its success is not answered) */
    public static boolean isQuiet(int opcode) {
        return base(opcode) != opcode;
    }

    /** @return whether a connection that has not authenticated may send it when SASL is required */
    static boolean allowedBeforeAuthentication(int opcode) {
        return opcode == SASL_LIST_MECHS || opcode == SASL_AUTH || opcode == SASL_STEP || opcode == VERSION;
    }

    /** Whether a request's lengths fit its command. */
    enum Shape {
        VALID,
        /** A protocol error: answered "invalid arguments", then the connection closes. */
        INVALID,
        /** An opcode memcached does not know. */
        UNKNOWN_OPCODE
    }

    /** @return whether a request's lengths fit its command, as memcached checks them */
    static Shape shape(int opcode, int keyLength, int extrasLength, long bodyLength) {
        Boolean valid = validShape(opcode, keyLength, extrasLength, bodyLength);
        return valid == null ? Shape.UNKNOWN_OPCODE : valid ? Shape.VALID : Shape.INVALID;
    }

    private static @Nullable Boolean validShape(int opcode, int keyLength, int extrasLength, long bodyLength) {
        boolean empty = keyLength == 0 && extrasLength == 0 && bodyLength == 0;
        return switch (base(opcode)) {
            case VERSION, NOOP, QUIT, SASL_LIST_MECHS -> empty;
            case FLUSH -> keyLength == 0 && bodyLength == extrasLength && (extrasLength == 0 || extrasLength == 4);
            case SET, ADD, REPLACE -> extrasLength == 8 && keyLength != 0;
            case GET, GETK -> extrasLength == 0 && bodyLength == keyLength && keyLength > 0;
            case DELETE -> keyLength > 0 && extrasLength == 0 && bodyLength == keyLength;
            case INCREMENT, DECREMENT -> keyLength > 0 && extrasLength == 20 && bodyLength == keyLength + 20L;
            case APPEND, PREPEND -> keyLength > 0 && extrasLength == 0;
            case STAT -> extrasLength == 0;
            case SASL_AUTH, SASL_STEP -> extrasLength == 0 && keyLength != 0;
            case TOUCH, GAT, GATK -> extrasLength == 4 && keyLength != 0;
            default -> null;
        };
    }
}
