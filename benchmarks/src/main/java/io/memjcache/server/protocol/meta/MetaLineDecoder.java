package io.memjcache.server.protocol.meta;

import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.netty.buffer.ByteBuf;
import java.time.InstantSource;

/**
 * The decoding half of a meta request, alone: the line split into tokens ({@link RequestLine}), then the key and
 * the flags ({@link MetaFlags}), as a connection does before running the command. It lives in the flags' package
 * because their parser is package-private; benchmarks reach it only through this class.
 *
 * <p>Not thread-safe: one thread uses a decoder. Nothing is null.
 */
public final class MetaLineDecoder {

    private final RequestLine line = new RequestLine();
    private final MetaFlags flags = new MetaFlags();
    private final KeyBuffer key = new KeyBuffer();
    private final ItemStore store = new ItemStore(1024 * 1024, InstantSource.system(), new ServerStats());

    /**
     * Decodes the request line held in {@code buffer} (its readable bytes, without the line end); the buffer is
     * left as it is.
     *
     * @param firstFlag the token the flags start at: 2 for {@code mg}, 3 for {@code ms} (after the data length)
     * @return whether every flag was valid
     */
    public boolean decode(ByteBuf buffer, int firstFlag) {
        line.parse(buffer, buffer.readerIndex(), buffer.writerIndex());
        return flags.parse(line, firstFlag, key, store);
    }
}
