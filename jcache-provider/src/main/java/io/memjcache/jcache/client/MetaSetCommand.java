package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * {@code ms <key> <size> T<ttl> F<flags> M<mode> [C<cas>]} and its data block: stores an item. Success is
 * {@code HD}, left out in quiet mode. Immutable and thread-safe; the request is never null.
 */
final class MetaSetCommand implements QuietCommand<StoreStatus> {

    private final StoreRequest request;

    MetaSetCommand(StoreRequest request) {
        this.request = request;
    }

    @Override
    public String key() {
        return request.key();
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        writeTo(connection, "\r\n");
    }

    @Override
    public void writeQuietTo(MetaOutput connection, String opaque) throws IOException {
        writeTo(connection, " q O" + opaque + "\r\n");
    }

    /** Writes the request with {@code end} (more flags, then the line end) after the command line's own flags. */
    void writeTo(MetaOutput connection, String end) throws IOException {
        writeLine(connection, end);
        connection.writeBytes(request.value());
        connection.writeCrlf();
    }

    private void writeLine(MetaOutput connection, String end) throws IOException {
        StringBuilder line = new StringBuilder(request.key().length() + 48)
                .append("ms ")
                .append(request.key())
                .append(' ')
                .append(request.value().length)
                .append(" T")
                .append(request.ttlSeconds())
                .append(" F")
                .append(Integer.toUnsignedString(request.flags()))
                .append(" M")
                .append(request.mode().token());
        if (request.cas() != 0) {
            line.append(" C").append(request.cas());
        }
        connection.writeAscii(line.append(end).toString());
    }

    @Override
    public StoreStatus readAnswer(ResponseLine line, MetaInput connection) throws ErrorResponseException {
        return switch (line.code()) {
            case "HD" -> StoreStatus.STORED;
            case "NS" -> StoreStatus.NOT_STORED;
            case "EX" -> StoreStatus.EXISTS;
            case "NF" -> StoreStatus.NOT_FOUND;
            default -> throw Answers.unexpected(line, this);
        };
    }

    @Override
    public StoreStatus silentResult() {
        return StoreStatus.STORED;
    }

    @Override
    public int payloadSize() {
        return request.value().length;
    }

    @Override
    public String describe() {
        return "ms " + request.key() + " (" + request.mode() + ", value of " + request.value().length + " bytes)";
    }
}
