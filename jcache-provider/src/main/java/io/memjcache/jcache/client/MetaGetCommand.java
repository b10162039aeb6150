package io.memjcache.jcache.client;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code mg <key> v c f t}: reads an item's value, CAS token, client flags and remaining TTL. A miss is
 * {@code EN}, left out in quiet mode. Immutable and thread-safe; the key is never null.
 */
final class MetaGetCommand implements QuietCommand<Optional<StoredValue>> {

    private final String key;

    MetaGetCommand(String key) {
        this.key = Keys.validate(key);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void writeTo(MetaConnection connection) throws IOException {
        connection.writeAscii("mg " + key + " v c f t\r\n");
    }

    @Override
    public void writeQuietTo(MetaConnection connection, String opaque) throws IOException {
        connection.writeAscii("mg " + key + " v c f t q O" + opaque + "\r\n");
    }

    @Override
    public Optional<StoredValue> readAnswer(ResponseLine line, MetaConnection connection)
            throws IOException, ErrorResponseException {
        switch (line.code()) {
            case "EN":
                return Optional.empty();
            case "VA":
                int size = Answers.parseSize(line, this);
                byte[] value = connection.readValue(size);
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
