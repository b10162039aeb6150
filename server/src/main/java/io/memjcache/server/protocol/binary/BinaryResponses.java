package io.memjcache.server.protocol.binary;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes binary-protocol responses as memcached 1.6 lays them out: magic 0x81, the request's opcode as sent
 * (quiet forms included) and opaque, data type 0, and for an error the status's message as the body. Stateless.
 */
public final class BinaryResponses {

    public static final int RESPONSE_MAGIC = 0x81;

    private BinaryResponses() {}

    /**
     * Writes a response header; the caller writes the body ({@code extrasLength + keyLength + value} bytes) after.
     *
     * @param bodyLength the length of everything after the header
     */
    public static void header(
            ByteBuf out,
            BinaryRequest request,
            Status status,
            int keyLength,
            int extrasLength,
            long bodyLength,
            long cas) {
        out.writeByte(RESPONSE_MAGIC);
        out.writeByte(request.opcode());
        out.writeShort(keyLength);
        out.writeByte(extrasLength);
        out.writeByte(0);
        out.writeShort(status.code());
        out.writeInt((int) bodyLength);
        out.writeInt(request.opaque());
        out.writeLong(cas);
    }

    /** Writes an error response: no extras or key, the status's message as body, CAS 0. */
    public static void error(ByteBuf out, BinaryRequest request, Status status) {
        byte[] message = status.message().getBytes(StandardCharsets.US_ASCII);
        header(out, request, status, 0, 0, message.length, 0);
        out.writeBytes(message);
    }

    /** Writes a successful response with a plain body (no extras, no key). */
    public static void success(ByteBuf out, BinaryRequest request, long cas, byte[] body) {
        header(out, request, Status.SUCCESS, 0, 0, body.length, cas);
        out.writeBytes(body);
    }

    /**
     * Writes a hit of get, getk, gat, gatk or touch (and quiet forms): the flags as extras, the key if the command
     * returns it, the value unless it is a touch.
     */
    public static void hit(
            ByteBuf out,
            BinaryRequest request,
            long cas,
            int flags,
            boolean withKey,
            byte[] valueArray,
            int valueOffset,
            int valueLength) {
        int keyLength = withKey ? request.key().length : 0;
        header(out, request, Status.SUCCESS, keyLength, 4, 4L + keyLength + valueLength, cas);
        out.writeInt(flags);
        if (withKey) {
            out.writeBytes(request.key());
        }
        out.writeBytes(valueArray, valueOffset, valueLength);
    }

    /** Writes a miss of getk or gatk: status "not found" with the key and no message. */
    public static void missWithKey(ByteBuf out, BinaryRequest request) {
        header(out, request, Status.KEY_NOT_FOUND, request.key().length, 0, request.key().length, 0);
        out.writeBytes(request.key());
    }

    /** Writes one stat of a stat group's answer; an empty name and value end the group. */
    public static void stat(ByteBuf out, BinaryRequest request, byte[] name, byte[] value) {
        header(out, request, Status.SUCCESS, name.length, 0, (long) name.length + value.length, 0);
        out.writeBytes(name);
        out.writeBytes(value);
    }
}
