package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * {@code md <key> [C<cas>]}: removes an item, only if its CAS token matches when one is given. Success is
 * {@code HD}, left out in quiet mode. Immutable and thread-safe; the key is never null.
 */
final class MetaDeleteCommand implements QuietCommand<DeleteStatus> {

    private final String key;
    private final long cas;

    /** @param cas the CAS token the item must have, or 0 to delete unconditionally */
    MetaDeleteCommand(String key, long cas) {
        this.key = Keys.validate(key);
        if (cas < 0) {
            throw new IllegalArgumentException("cas must not be negative, was " + cas);
        }
        this.cas = cas;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii(cas == 0 ? "md " + key + "\r\n" : "md " + key + " C" + cas + "\r\n");
    }

    @Override
    public void writeQuietTo(MetaOutput connection, String opaque) throws IOException {
        connection.writeAscii(
                cas == 0
                        ? "md " + key + " q O" + opaque + "\r\n"
                        : "md " + key + " C" + cas + " q O" + opaque + "\r\n");
    }

    @Override
    public DeleteStatus readAnswer(ResponseLine line, MetaInput connection) throws ErrorResponseException {
        return switch (line.code()) {
            case "HD" -> DeleteStatus.DELETED;
            case "NF" -> DeleteStatus.NOT_FOUND;
            case "EX" -> DeleteStatus.EXISTS;
            default -> throw Answers.unexpected(line, this);
        };
    }

    @Override
    public DeleteStatus silentResult() {
        return DeleteStatus.DELETED;
    }

    @Override
    public String describe() {
        return "md " + key;
    }
}
