package io.memjcache.jcache.client;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells from a server's answer whether it is the wrong kind of server for this client: a memcached older than 1.6,
 * which does not know the meta protocol ({@code ERROR}, or {@code CLIENT_ERROR bad command line format} from the
 * 1.5 versions with an early meta protocol), or something that is not memcached at all (a Redis answers
 * {@code -ERR unknown command ...}, an HTTP server {@code HTTP/1.1 400 ...}): any line whose first word is none of
 * memcached's answers.
 *
 * <p>Stateless and thread-safe. Arguments must not be {@code null}.
 */
final class ServerIdentity {

    /** Characters of the answer quoted in a message at most. */
    static final int QUOTED_LENGTH = 80;

    /** The first words of every line a memcached 1.6 server sends on the text and meta protocols. */
    private static final Set<String> MEMCACHED_ANSWERS = Set.of(
            "VA",
            "HD",
            "EN",
            "NF",
            "NS",
            "EX",
            "MN",
            "ME",
            "OK",
            "END",
            "VALUE",
            "STAT",
            "STORED",
            "NOT_STORED",
            "EXISTS",
            "NOT_FOUND",
            "DELETED",
            "TOUCHED",
            "VERSION",
            "RESET",
            "BUSY",
            "ERROR",
            "CLIENT_ERROR",
            "SERVER_ERROR");

    private ServerIdentity() {}

    /**
     * @param answer a line the server answered a meta command with, without its line end
     * @return what is wrong with the server, a sentence that names it, or {@code null} when the answer could come
     *     from memcached 1.6 or later
     */
    static @Nullable String problem(ServerAddress server, String answer) {
        if (answer.equals("ERROR") || answer.startsWith("CLIENT_ERROR bad command line format")) {
            return server + " needs memcached 1.6 or later (meta protocol): it answered '" + printable(answer) + "'";
        }
        int space = answer.indexOf(' ');
        String code = space < 0 ? answer : answer.substring(0, space);
        if (!MEMCACHED_ANSWERS.contains(code)) {
            return server + " does not speak the memcached protocol: it answered '" + printable(answer) + "'";
        }
        return null;
    }

    /** @return the answer's first {@value #QUOTED_LENGTH} characters, with anything unprintable shown as '?' */
    static String printable(String answer) {
        StringBuilder out = new StringBuilder(Math.min(answer.length(), QUOTED_LENGTH) + 3);
        for (int i = 0; i < answer.length() && i < QUOTED_LENGTH; i++) {
            char c = answer.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return answer.length() > QUOTED_LENGTH ? out.append("...").toString() : out.toString();
    }
}
