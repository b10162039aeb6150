package io.memjcache.jcache.client;

/**
 * Helpers shared by the commands to read numbers out of answer lines; a malformed answer means the connection is
 * out of step with the server, so every failure here marks it unusable. Stateless and thread-safe; arguments must
 * not be {@code null}, and a flag missing from the answer is an error, not a {@code null}.
 */
final class Answers {

    private Answers() {}

    /** @return the size token of a {@code VA <size> ...} line */
    static int parseSize(ResponseLine line, MetaCommand<?> command) throws ErrorResponseException {
        try {
            int size = Integer.parseInt(line.token(0));
            if (size < 0) {
                throw unexpected(line, command);
            }
            return size;
        } catch (IllegalArgumentException e) {
            throw unexpected(line, command);
        }
    }

    /** @return the signed decimal value of flag {@code letter} */
    static long longFlag(ResponseLine line, char letter, MetaCommand<?> command) throws ErrorResponseException {
        String text = line.flag(letter);
        if (text == null) {
            throw unexpected(line, command);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw unexpected(line, command);
        }
    }

    /** @return the unsigned 32-bit value of flag {@code letter}, in a long */
    static long unsignedIntFlag(ResponseLine line, char letter, MetaCommand<?> command) throws ErrorResponseException {
        String text = line.flag(letter);
        if (text == null) {
            throw unexpected(line, command);
        }
        try {
            return Integer.toUnsignedLong(Integer.parseUnsignedInt(text));
        } catch (NumberFormatException e) {
            throw unexpected(line, command);
        }
    }

    /** @return the exception for an answer {@code command} cannot get */
    static ErrorResponseException unexpected(ResponseLine line, MetaCommand<?> command) {
        return new ErrorResponseException(
                "unexpected answer '" + line + "' to " + command.describe(), false, line.text(), command.payloadSize());
    }
}
