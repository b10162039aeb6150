package io.memjcache.server.protocol.binary;

/**
 * One binary-protocol request up to the end of its key: the 24-byte header's fields, the extras and the key. The
 * value, if the command has one, follows in the input and is read (or discarded) by whoever executes the request.
 * The arrays are the request's own copies, at most 255 and 250 bytes.
 *
 * <p>Immutable in practice (the arrays are never modified once decoded); nothing is null.
 */
public final class BinaryRequest {

    private final int opcode;
    private final long bodyLength;
    private final int opaque;
    private final long cas;
    private final byte[] extras;
    private final byte[] key;

    /**
     * @param opcode the opcode as sent (quiet forms included; see {@link Opcodes#base})
     * @param bodyLength the body length as sent, unsigned
     * @param opaque echoed in every answer
     * @param cas the CAS value the request carries, 0 for none
     * @param extras the extras, owned by the request from now on
     * @param key the key, owned by the request from now on
     */
    public BinaryRequest(int opcode, long bodyLength, int opaque, long cas, byte[] extras, byte[] key) {
        this.opcode = opcode;
        this.bodyLength = bodyLength;
        this.opaque = opaque;
        this.cas = cas;
        this.extras = extras;
        this.key = key;
    }

    /** @return the opcode as sent */
    public int opcode() {
        return opcode;
    }

    /** @return the body length as sent, unsigned */
    public long bodyLength() {
        return bodyLength;
    }

    /** @return the opaque, echoed in every answer */
    public int opaque() {
        return opaque;
    }

    /** @return the request's CAS value, 0 for none */
    public long cas() {
        return cas;
    }

    /** @return the extras (not a copy: do not modify) */
    public byte[] extras() {
        return extras;
    }

    /** @return the key (not a copy: do not modify) */
    public byte[] key() {
        return key;
    }

    /** @return the number of value bytes that follow the key */
    public long valueLength() {
        return bodyLength - extras.length - key.length;
    }

    /** @return the command this request is a form of (see {@link Opcodes#base}) */
    public int command() {
        return Opcodes.base(opcode);
    }

    /** @return whether a successful outcome goes unanswered */
    public boolean quiet() {
        return Opcodes.isQuiet(opcode);
    }

    /** @return the 32-bit big-endian number at {@code offset} in the extras, 0 if the extras are shorter */
    public long extrasInt(int offset) {
        if (extras.length < offset + 4) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (extras[offset + i] & 0xff);
        }
        return value;
    }

    /** @return the 64-bit big-endian number at {@code offset} in the extras, 0 if the extras are shorter */
    public long extrasLong(int offset) {
        return extras.length < offset + 8 ? 0 : (extrasInt(offset) << 32) | extrasInt(offset + 4);
    }

    @Override
    public String toString() {
        return "BinaryRequest[opcode=0x" + Integer.toHexString(opcode) + ", keyLength=" + key.length + ", extrasLength="
                + extras.length + ", bodyLength=" + bodyLength + ", opaque=" + opaque + "]";
    }
}
