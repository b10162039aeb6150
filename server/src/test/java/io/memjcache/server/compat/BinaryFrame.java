package io.memjcache.server.compat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One binary-protocol request in a script, written {@code \B{OPCODE field=value ...}}: the harness builds the
 * 24-byte header and the body from the fields, so scripts say what they send instead of spelling out bytes, and
 * can still lie in any header field to test how a server copes.
 *
 * <p>{@code OPCODE} is a name ({@code get}, {@code setq}, {@code sasl-auth}, ...) or two hex digits. Fields:
 * <ul>
 *   <li>{@code key=TEXT}, {@code value=TEXT}: bytes, where {@code %HH} is any byte (so {@code %00}, {@code %20},
 *       {@code %25}, {@code %7d}); {@code fill=N*c} is a value of N copies of the character c, {@code keyfill=N*c}
 *       such a key;</li>
 *   <li>{@code extras=HEX}, or the named extras: {@code flags=N exp=E} (set, add, replace: both, defaults 0),
 *       {@code delta=N initial=N exp=E} (incr, decr), {@code exp=E} alone (touch, gat, flush), where {@code E}
 *       is a number or {@code T+N}/{@code T-N}, the current Unix time plus/minus N;</li>
 *   <li>{@code cas=N} or {@code cas=cN} (the N-th CAS value the server handed out in this run, see
 *       {@link Payload}), {@code opaque=N} (default 0);</li>
 *   <li>lies, replacing what the header would truthfully say: {@code magic=HH}, {@code keylen=N},
 *       {@code extlen=N}, {@code bodylen=N} (unsigned 32 bits), {@code datatype=HH}, {@code vbucket=N}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class BinaryFrame {

    static final Map<String, Integer> OPCODES = Map.ofEntries(
            Map.entry("get", 0x00),
            Map.entry("set", 0x01),
            Map.entry("add", 0x02),
            Map.entry("replace", 0x03),
            Map.entry("delete", 0x04),
            Map.entry("incr", 0x05),
            Map.entry("decr", 0x06),
            Map.entry("quit", 0x07),
            Map.entry("flush", 0x08),
            Map.entry("getq", 0x09),
            Map.entry("noop", 0x0a),
            Map.entry("version", 0x0b),
            Map.entry("getk", 0x0c),
            Map.entry("getkq", 0x0d),
            Map.entry("append", 0x0e),
            Map.entry("prepend", 0x0f),
            Map.entry("stat", 0x10),
            Map.entry("setq", 0x11),
            Map.entry("addq", 0x12),
            Map.entry("replaceq", 0x13),
            Map.entry("deleteq", 0x14),
            Map.entry("incrq", 0x15),
            Map.entry("decrq", 0x16),
            Map.entry("quitq", 0x17),
            Map.entry("flushq", 0x18),
            Map.entry("appendq", 0x19),
            Map.entry("prependq", 0x1a),
            Map.entry("verbosity", 0x1b),
            Map.entry("touch", 0x1c),
            Map.entry("gat", 0x1d),
            Map.entry("gatq", 0x1e),
            Map.entry("sasl-list-mechs", 0x20),
            Map.entry("sasl-auth", 0x21),
            Map.entry("sasl-step", 0x22),
            Map.entry("gatk", 0x23),
            Map.entry("gatkq", 0x24));

    private static final List<String> NUMBER_FIELDS =
            List.of("flags", "delta", "initial", "opaque", "keylen", "extlen", "bodylen", "vbucket");

    private final int opcode;
    private final Map<String, String> fields;

    private BinaryFrame(int opcode, Map<String, String> fields) {
        this.opcode = opcode;
        this.fields = Map.copyOf(fields);
    }

    /** Parses the text between the braces of {@code \B{...}}; throws IllegalArgumentException if malformed. */
    static BinaryFrame parse(String spec) {
        String[] tokens = spec.trim().split(" +", -1);
        String name = tokens[0].toLowerCase(Locale.ROOT);
        Integer opcode = OPCODES.get(name);
        if (opcode == null) {
            if (!name.matches("[0-9a-f]{2}")) {
                throw new IllegalArgumentException("unknown binary opcode '" + tokens[0] + "' in: " + spec);
            }
            opcode = Integer.parseInt(name, 16);
        }
        Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected field=value, got '" + tokens[i] + "' in: " + spec);
            }
            String field = tokens[i].substring(0, eq);
            String value = tokens[i].substring(eq + 1);
            if (fields.put(field, value) != null) {
                throw new IllegalArgumentException("field '" + field + "' given twice in: " + spec);
            }
            check(field, value, spec);
        }
        if (fields.containsKey("extras") && (fields.containsKey("flags") || fields.containsKey("delta"))) {
            throw new IllegalArgumentException("give extras= or named extras, not both, in: " + spec);
        }
        return new BinaryFrame(opcode, fields);
    }

    private static void check(String field, String value, String spec) {
        try {
            switch (field) {
                case "key", "value" -> bytes(value);
                case "fill", "keyfill" -> fill(value);
                case "extras" -> hex(value);
                case "exp" -> time(value, () -> 0);
                case "cas" -> {
                    if (!value.startsWith("c")) {
                        Long.parseUnsignedLong(value);
                    } else {
                        Integer.parseInt(value.substring(1));
                    }
                }
                case "magic", "datatype" -> Integer.parseInt(value, 16);
                default -> {
                    if (!NUMBER_FIELDS.contains(field)) {
                        throw new IllegalArgumentException("unknown field");
                    }
                    Long.parseUnsignedLong(value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad field " + field + "=" + value + " in: " + spec, e);
        }
    }

    /** Renders the request; an unknown CAS placeholder is sent as 0 and reported through {@code problems}. */
    byte[] render(Payload.Context context, List<String> problems) {
        byte[] key =
                fields.containsKey("keyfill") ? fill(fields.get("keyfill")) : bytes(fields.getOrDefault("key", ""));
        byte[] value = fields.containsKey("fill") ? fill(fields.get("fill")) : bytes(fields.getOrDefault("value", ""));
        byte[] extras = extras(context::nowSeconds);
        long cas = 0;
        String casField = fields.get("cas");
        if (casField != null && casField.startsWith("c")) {
            int placeholder = Integer.parseInt(casField.substring(1));
            String real = context.casValue(placeholder);
            if (real == null) {
                problems.add("script refers to cas#" + placeholder + " but the server returned no such CAS value;"
                        + " sent 0");
            } else {
                cas = Long.parseUnsignedLong(real);
            }
        } else if (casField != null) {
            cas = Long.parseUnsignedLong(casField);
        }
        int bodyLength = extras.length + key.length + value.length;
        ByteBuffer header = ByteBuffer.allocate(24);
        header.put((byte) Integer.parseInt(fields.getOrDefault("magic", "80"), 16));
        header.put((byte) opcode);
        header.putShort((short) number("keylen", key.length));
        header.put((byte) number("extlen", extras.length));
        header.put((byte) Integer.parseInt(fields.getOrDefault("datatype", "00"), 16));
        header.putShort((short) number("vbucket", 0));
        header.putInt((int) number("bodylen", bodyLength));
        header.putInt((int) number("opaque", 0));
        header.putLong(cas);
        ByteArrayOutputStream out = new ByteArrayOutputStream(24 + bodyLength);
        out.writeBytes(header.array());
        out.writeBytes(extras);
        out.writeBytes(key);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private byte[] extras(LongSupplier now) {
        if (fields.containsKey("extras")) {
            return hex(fields.get("extras"));
        }
        if (fields.containsKey("delta") || fields.containsKey("initial")) {
            return ByteBuffer.allocate(20)
                    .putLong(number("delta", 0))
                    .putLong(number("initial", 0))
                    .putInt((int) time(fields.getOrDefault("exp", "0"), now))
                    .array();
        }
        if (fields.containsKey("flags")) {
            return ByteBuffer.allocate(8)
                    .putInt((int) number("flags", 0))
                    .putInt((int) time(fields.getOrDefault("exp", "0"), now))
                    .array();
        }
        if (fields.containsKey("exp")) {
            return ByteBuffer.allocate(4)
                    .putInt((int) time(fields.get("exp"), now))
                    .array();
        }
        return new byte[0];
    }

    private long number(String field, long otherwise) {
        String value = fields.get(field);
        return value == null ? otherwise : Long.parseUnsignedLong(value);
    }

    private static long time(String value, LongSupplier now) {
        if (value.startsWith("T")) {
            String offset = value.substring(1);
            return now.getAsLong() + Long.parseLong(offset.startsWith("+") ? offset.substring(1) : offset);
        }
        return Long.parseLong(value);
    }

    private static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '%') {
                if (i + 3 > text.length()) {
                    throw new IllegalArgumentException("truncated %HH in: " + text);
                }
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static byte[] fill(String spec) {
        int star = spec.lastIndexOf('*');
        if (star < 1 || star != spec.length() - 2) {
            throw new IllegalArgumentException("expected fill=COUNT*c, got: " + spec);
        }
        byte[] run = new byte[Integer.parseInt(spec.substring(0, star))];
        Arrays.fill(run, (byte) spec.charAt(star + 1));
        return run;
    }

    private static byte[] hex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + text);
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
