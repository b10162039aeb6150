package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * Explains a value the server refused for its size: memcached answers {@code SERVER_ERROR object too large for
 * cache} (or {@code out of memory storing object}) without saying its limit, so the message reads the limit from
 * {@code stats settings} ({@code item_size_max}, set by memcached's {@code -I}) and says what to change. The
 * command itself is {@link #INSTANCE}, sent like any small request (on a shared connection: asking costs no
 * connection of its own); its result is the limit in bytes, or {@link #UNKNOWN}.
 *
 * <p>Stateless singleton, thread-safe. Arguments must not be {@code null}.
 */
final class ItemSizeLimit implements MetaCommand<Long> {

    static final ItemSizeLimit INSTANCE = new ItemSizeLimit();

    /** The result when the server's settings do not list the limit. */
    static final long UNKNOWN = -1;

    private static final String TOO_LARGE = "SERVER_ERROR object too large";
    private static final String OUT_OF_MEMORY = "SERVER_ERROR out of memory storing object";

    private ItemSizeLimit() {}

    /** @return whether {@code answer} refuses a value for its size or for lack of memory */
    static boolean refusesSize(String answer) {
        return answer.startsWith(TOO_LARGE) || answer.startsWith(OUT_OF_MEMORY);
    }

    @Override
    public void writeTo(MetaOutput connection) throws IOException {
        connection.writeAscii("stats settings\r\n");
    }

    /** Reads the {@code STAT <name> <value>} lines up to {@code END}, keeping {@code item_size_max}. */
    @Override
    public Long readAnswer(ResponseLine line, MetaInput connection) throws IOException, ErrorResponseException {
        long limit = UNKNOWN;
        for (String text = line.text(); !text.equals("END"); text = connection.readLine()) {
            if (!text.startsWith("STAT ")) {
                throw Answers.unexpected(ResponseLine.parse(text), this);
            }
            if (text.startsWith("STAT item_size_max ")) {
                limit = parse(text.substring("STAT item_size_max ".length()));
            }
        }
        return limit;
    }

    @Override
    public String describe() {
        return "stats settings";
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits.strip());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /**
     * @param answer the server's refusal, one for which {@link #refusesSize} holds
     * @param valueSize the size of the largest value refused, in bytes (0 if unknown)
     * @param limit the server's item size limit in bytes, or {@link #UNKNOWN}
     * @return what happened and what to change
     */
    static String message(String answer, int valueSize, long limit) {
        String value = valueSize > 0 ? "a value of " + valueSize + " bytes" : "a value";
        String limitText = limit == UNKNOWN
                ? "the server's item size limit (item_size_max, which stats settings did not tell)"
                : "the server's item size limit of " + limit + " bytes (item_size_max)";
        if (answer.startsWith(OUT_OF_MEMORY) && limit != UNKNOWN && valueSize > 0 && valueSize < limit) {
            return "the server is out of memory for " + value + " (it answered '" + ServerIdentity.printable(answer)
                    + "'; " + limitText + " is not the cause): raise its memory limit (memcached's -m,"
                    + " memjcache.embedded.memoryMb for the embedded server)";
        }
        return value + " is too large for " + limitText + " (it answered '" + ServerIdentity.printable(answer)
                + "'): raise the limit with memcached's -I flag (memjcache.embedded.maxItemSize for the embedded"
                + " server), or store smaller values";
    }
}
