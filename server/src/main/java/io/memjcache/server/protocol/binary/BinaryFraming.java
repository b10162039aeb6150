package io.memjcache.server.protocol.binary;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The input side of one binary-protocol connection: cuts the byte stream into requests, checks every length
 * against the others before anything is allocated, and answers a request whose lengths lie the way memcached
 * 1.6 answers it. A request that passes goes to its {@link Session} with its extras and key; a value that follows
 * is read (into an array the session sized after its own checks) or discarded only when the session asks.
 *
 * <p>What memcached does, and so this does, in order:
 * <ul>
 *   <li>a header whose first byte is not 0x80: the connection closes without an answer;</li>
 *   <li>the header, extras and key are awaited whole (at most 24 + 255 + 65535 bytes), then: key plus extras
 *       longer than the body: "unknown command" and the connection closes;</li>
 *   <li>with SASL required, a command other than version and the SASL ones before authentication: "auth error"
 *       and the connection closes;</li>
 *   <li>a key over 250 bytes, or lengths that do not fit the command: "invalid arguments" and the connection
 *       closes;</li>
 *   <li>an opcode memcached does not know: "unknown command", then the body length is discarded, counted from
 *       after the extras and key as memcached counts it.</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to its connection's event loop.
 */
public final class BinaryFraming {

    /** Header length of every request and response. */
    public static final int HEADER_LENGTH = 24;

    public static final int REQUEST_MAGIC = 0x80;
    /** Longest key memcached stores; binary keys may claim up to 65535 bytes. */
    public static final int MAX_KEY_LENGTH = 250;

    /** What the framing hands requests and verdicts to. */
    public interface Session {
        /**
         * A request passed every check; execute it. Its value, {@link BinaryRequest#valueLength()} bytes, follows
         * in the input: call {@link #readValue} or {@link #swallow} before returning if it is not empty.
         */
        void execute(BinaryRequest request);

        /**
         * The request may not run: answer it with an error response of this status.
         *
         * @param close whether the connection closes once the answer is written
         */
        void refuse(BinaryRequest request, Status status, boolean close);

        /** The input is not the binary protocol: close the connection without an answer. */
        void abort();
    }

    /** What to do once a value has arrived. */
    public interface ValueCompletion {
        /** @param target the array the value was read into */
        void complete(byte[] target);

        /** The connection closed before the value arrived: release what was reserved. */
        void abandon();
    }

    private final Session session;
    private final boolean saslRequired;
    private boolean authenticated;
    private boolean stopped;

    private byte @Nullable [] target;
    private int filled;
    private int end;
    private @Nullable ValueCompletion completion;
    private long swallowRemaining;

    /**
     * @param session where requests and verdicts go
     * @param saslRequired whether commands other than version and SASL's wait for authentication
     */
    public BinaryFraming(Session session, boolean saslRequired) {
        this.session = session;
        this.saslRequired = saslRequired;
    }

    /** Marks the connection authenticated (or not, after a failed attempt). */
    public void authenticated(boolean value) {
        this.authenticated = value;
    }

    /** @return whether the connection has authenticated */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /** Reads the next {@code length} input bytes into {@code into} from {@code offset}, then completes. */
    public void readValue(byte[] into, int offset, int length, ValueCompletion then) {
        if (length == 0) {
            then.complete(into);
            return;
        }
        this.target = into;
        this.filled = offset;
        this.end = offset + length;
        this.completion = then;
    }

    /** Discards the next {@code bytes} bytes of input. */
    public void swallow(long bytes) {
        this.swallowRemaining = bytes;
    }

    /** No more requests are decoded: the connection is closing. */
    public void stop() {
        stopped = true;
    }

    /** @return whether a value is being read or discarded, so that a new request cannot start yet */
    public boolean inValue() {
        return swallowRemaining > 0 || completion != null;
    }

    /** The connection closed: a value still being read is abandoned. */
    public void release() {
        ValueCompletion pending = completion;
        completion = null;
        target = null;
        stopped = true;
        if (pending != null) {
            pending.abandon();
        }
    }

    /**
     * Consumes what it can of {@code in}: requests (each handed to the session as soon as its key is in) and
     * values. Stops when more input is needed, or the session stopped the framing.
     */
    public void decode(ByteBuf in) {
        while (decodeOne(in)) {
            // each step hands over at most one request
        }
    }

    /**
     * Consumes one step of {@code in}: a request (handed to the session) or a part of a value.
     *
     * @return false when more input is needed or the framing is stopped
     */
    public boolean decodeOne(ByteBuf in) {
        if (stopped || !in.isReadable()) {
            return false;
        }
        return inValue() ? readValuePart(in) : decodeRequest(in);
    }

    private boolean readValuePart(ByteBuf in) {
        if (swallowRemaining > 0) {
            int n = (int) Math.min(swallowRemaining, in.readableBytes());
            in.skipBytes(n);
            swallowRemaining -= n;
            return true;
        }
        byte[] into = target;
        ValueCompletion then = completion;
        if (into == null || then == null) {
            return true;
        }
        int n = Math.min(end - filled, in.readableBytes());
        in.readBytes(into, filled, n);
        filled += n;
        if (filled < end) {
            return false;
        }
        target = null;
        completion = null;
        then.complete(into);
        return true;
    }

    /** @return false if the request needs more input than there is */
    private boolean decodeRequest(ByteBuf in) {
        int at = in.readerIndex();
        if (in.readableBytes() < HEADER_LENGTH) {
            return false;
        }
        // Like memcached, the magic is checked once the whole header is in.
        if (in.getUnsignedByte(at) != REQUEST_MAGIC) {
            stopped = true;
            session.abort();
            return false;
        }
        int opcode = in.getUnsignedByte(at + 1);
        int keyLength = in.getUnsignedShort(at + 2);
        int extrasLength = in.getUnsignedByte(at + 4);
        long bodyLength = in.getUnsignedInt(at + 8);
        int opaque = in.getInt(at + 12);
        long cas = in.getLong(at + 16);
        // memcached waits for the extras and key whatever the body length says; both are bounded by their fields.
        if (in.readableBytes() < HEADER_LENGTH + extrasLength + keyLength) {
            return false;
        }
        in.skipBytes(HEADER_LENGTH);
        byte[] extras = new byte[extrasLength];
        in.readBytes(extras);
        byte[] key = new byte[keyLength];
        in.readBytes(key);
        BinaryRequest request = new BinaryRequest(opcode, bodyLength, opaque, cas, extras, key);
        if (keyLength + extrasLength > bodyLength) {
            refuseAndClose(request, Status.UNKNOWN_COMMAND);
        } else if (saslRequired && !authenticated && !Opcodes.allowedBeforeAuthentication(opcode)) {
            refuseAndClose(request, Status.AUTH_ERROR);
        } else if (keyLength > MAX_KEY_LENGTH) {
            refuseAndClose(request, Status.INVALID_ARGUMENTS);
        } else {
            switch (Opcodes.shape(opcode, keyLength, extrasLength, bodyLength)) {
                case UNKNOWN_OPCODE -> {
                    session.refuse(request, Status.UNKNOWN_COMMAND, false);
                    swallow(bodyLength);
                }
                case INVALID -> refuseAndClose(request, Status.INVALID_ARGUMENTS);
                case VALID -> session.execute(request);
            }
        }
        return true;
    }

    private void refuseAndClose(BinaryRequest request, Status status) {
        stopped = true;
        session.refuse(request, status, true);
    }
}
