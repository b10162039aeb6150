package io.memjcache.server.protocol.binary;

import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.StatSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The binary stat command: the key names the group (none: the general statistics), each statistic is one response
 * with the name as key and the value as body, and an empty response ends the group, as memcached encodes them.
 * Like memcached, {@code reset}, {@code settings} and {@code detail} match as prefixes of the key; an unknown group
 * is "not found". Stateless apart from its server; confined to its connection.
 */
final class BinaryStats {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] DETAILED = "detailed".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "END\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerContext server;

    BinaryStats(ServerContext server) {
        this.server = server;
    }

    void answer(ByteBuf out, BinaryRequest request) {
        String group = new String(request.key(), StandardCharsets.ISO_8859_1);
        StatSink sink = new Sink(out, request);
        if (group.isEmpty()) {
            server.statsReport.group("", sink);
        } else if (group.startsWith("reset")) {
            server.stats.reset();
            server.prefixStats.clear();
        } else if (group.startsWith("settings")) {
            server.statsReport.group("settings", sink);
        } else if (group.startsWith("detail")) {
            String action = group.substring("detail".length());
            if (action.startsWith(" dump")) {
                ByteBuf dump = Unpooled.buffer();
                try {
                    server.prefixStats.dump(dump);
                    dump.writeBytes(END);
                    byte[] text = new byte[dump.readableBytes()];
                    dump.readBytes(text);
                    BinaryResponses.stat(out, request, DETAILED, text);
                } finally {
                    dump.release();
                }
            } else if (action.startsWith(" on") || action.startsWith(" off")) {
                server.prefixStats.setEnabled(action.startsWith(" on"));
            } else {
                BinaryResponses.error(out, request, Status.KEY_NOT_FOUND);
                return;
            }
        } else if (!server.statsReport.group(group, sink)) {
            BinaryResponses.error(out, request, Status.KEY_NOT_FOUND);
            return;
        }
        BinaryResponses.stat(out, request, EMPTY, EMPTY);
    }

    /** One response per statistic. Confined to its connection. */
    private static final class Sink implements StatSink {
        private final ByteBuf out;
        private final BinaryRequest request;

        Sink(ByteBuf out, BinaryRequest request) {
            this.out = out;
            this.request = request;
        }

        @Override
        public void stat(String name, long value) {
            stat(name, Long.toString(value));
        }

        @Override
        public void stat(String name, String value) {
            BinaryResponses.stat(
                    out,
                    request,
                    name.getBytes(StandardCharsets.US_ASCII),
                    value.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
