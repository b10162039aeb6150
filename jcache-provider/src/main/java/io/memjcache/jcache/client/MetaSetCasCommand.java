package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * {@code ms <key> <size> T<ttl> F<flags> M<mode> [C<cas>] c} and its data block: a store as {@link MetaSetCommand}
 * makes it, answered with the new CAS token of the stored item ({@code HD c<cas>}), so that the caller can make its
 * next write conditional on its own without reading the item again. Immutable and thread-safe; never null.
 */
final class MetaSetCasCommand implements MetaCommand<StoreOutcome> {

    private final MetaSetCommand set;

    MetaSetCasCommand(StoreRequest request) {
        this.set = new MetaSetCommand(request);
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        set.writeTo(connection, " c\r\n");
    }

    @Override
    public StoreOutcome readAnswer(ResponseLine line, MetaInput connection) throws ErrorResponseException {
        StoreStatus status = set.readAnswer(line, connection);
        if (status != StoreStatus.STORED) {
            return new StoreOutcome(status, 0);
        }
        String cas = line.flag('c');
        try {
            return new StoreOutcome(status, cas == null ? 0 : Long.parseUnsignedLong(cas));
        } catch (NumberFormatException e) {
            throw Answers.unexpected(line, set);
        }
    }

    @Override
    public int payloadSize() {
        return set.payloadSize();
    }

    @Override
    public String describe() {
        return set.describe();
    }
}
