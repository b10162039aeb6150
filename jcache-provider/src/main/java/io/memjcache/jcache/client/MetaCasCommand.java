package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * {@code mg <key> c}: reads an item's CAS token alone, without its value: the answer is {@code HD c<cas>}, or
 * {@code EN} on a miss, a few bytes whatever the size of the value. For a reader that holds a copy of the item and
 * only needs to know whether it is still the one stored. Immutable and thread-safe; the key is never null.
 */
final class MetaCasCommand implements MetaCommand<Long> {

    private final String key;

    MetaCasCommand(String key) {
        this.key = Keys.validate(key);
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii("mg " + key + " c\r\n");
    }

    /** @return the item's CAS token, or 0 when there is no item (memcached never hands out CAS 0) */
    @Override
    public Long readAnswer(ResponseLine line, MetaInput connection) throws ErrorResponseException {
        return switch (line.code()) {
            case "EN" -> 0L;
            case "HD" -> Answers.longFlag(line, 'c', this);
            default -> throw Answers.unexpected(line, this);
        };
    }

    @Override
    public String describe() {
        return "mg " + key + " c";
    }
}
