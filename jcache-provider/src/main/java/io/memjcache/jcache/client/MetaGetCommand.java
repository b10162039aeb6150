package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code mg <key> v c f t}: reads an item's value, CAS token, client flags and remaining TTL; or, made by
 * {@link #valueOnly}, {@code mg <key> v}: its value alone, for a small item read with every request where the
 * other fields would only lengthen the answer. A miss is {@code EN}, left out in quiet mode. Immutable and
 * thread-safe; the key is never null.
 */
final class MetaGetCommand implements QuietCommand<Optional<StoredValue>> {

    private final String key;
    private final boolean valueOnly;
    private final String flags;

    MetaGetCommand(String key) {
        this(key, false);
    }

    private MetaGetCommand(String key, boolean valueOnly) {
        this.key = Keys.validate(key);
        this.valueOnly = valueOnly;
        this.flags = valueOnly ? " v" : " v c f t";
    }

    /** @return a get of the value alone: the item it reads has CAS token 0, client flags 0 and TTL -1 */
    static MetaGetCommand valueOnly(String key) {
        return new MetaGetCommand(key, true);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii("mg " + key + flags + "\r\n");
    }

    @Override
    public void writeQuietTo(MetaOutput connection, String opaque) throws IOException {
        connection.writeAscii("mg " + key + flags + " q O" + opaque + "\r\n");
    }

    @Override
    public Optional<StoredValue> readAnswer(ResponseLine line, MetaInput connection)
            throws IOException, ErrorResponseException {
        switch (line.code()) {
            case "EN":
                return Optional.empty();
            case "VA":
                int size = Answers.parseSize(line, this);
                byte[] value = connection.readValue(size);
                if (valueOnly) {
                    return Optional.of(new StoredValue(value, 0, 0, -1));
                }
                return Optional.of(new StoredValue(
                        value,
                        Answers.longFlag(line, 'c', this),
                        (int) Answers.unsignedIntFlag(line, 'f', this),
                        Answers.longFlag(line, 't', this)));
            default:
                throw Answers.unexpected(line, this);
        }
    }

    @Override
    public Optional<StoredValue> silentResult() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "mg " + key;
    }
}
