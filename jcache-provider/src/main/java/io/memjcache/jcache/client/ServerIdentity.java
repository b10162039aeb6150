package io.memjcache.jcache.client;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Says what is on a server's port from its answers: a memcached new enough for the meta protocol (1.6 or later), an
 * older memcached ({@code ERROR}, or {@code CLIENT_ERROR bad command line format} from the 1.5 versions with an
 * early meta protocol), one that wants authentication, or something else altogether (a Redis answers
 * {@code -ERR unknown command ...}, an HTTP server {@code HTTP/1.1 400 ...}): any line whose first word is none of
 * memcached's answers. The texts are the ones operators see, in the start-up check and in the failures of ordinary
 * operations.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}; results are never {@code null} unless stated.
 */
final class ServerIdentity {

    /** What a server without the meta protocol is told to be. */
    static final String NEEDS_META = "needs memcached 1.6 or later (meta protocol)";

    /** Answers longer than this are cut in messages. */
    static final int MAX_QUOTED = 100;

    private static final Pattern VERSION = Pattern.compile("VERSION (\\d+)\\.(\\d+)(\\S*).*");

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
            return server + " " + NEEDS_META + ": it answered '" + printable(answer) + "'";
        }
        int space = answer.indexOf(' ');
        String code = space < 0 ? answer : answer.substring(0, space);
        if (!MEMCACHED_ANSWERS.contains(code)) {
            return server + " " + unexpected(answer);
        }
        return null;
    }

    /**
     * @param answer the first line a server answered to {@code version}
     * @return null when it is a memcached of version 1.6 or later (or a version this cannot read, such as a
     *     server of its own numbering that answers like memcached), else what is wrong
     */
    static @Nullable String versionProblem(String answer) {
        Matcher version = VERSION.matcher(answer);
        if (version.matches()) {
            int major = parse(version.group(1));
            int minor = parse(version.group(2));
            if (major < 1 || (major == 1 && minor < 6)) {
                return NEEDS_META + "; it is " + printable(answer.substring("VERSION ".length()));
            }
            return null;
        }
        if (answer.startsWith("VERSION ")) {
            return null;
        }
        return unexpected(answer);
    }

    /**
     * @param answer a line a server answered where a memcached 1.6 would have answered otherwise: to a meta command
     *     (such as {@code mn}) or to {@code version}
     * @return what that says about the server
     */
    static String unexpected(String answer) {
        if (answer.equals("ERROR")) {
            return NEEDS_META + ": it answered 'ERROR' to a meta command";
        }
        if (answer.startsWith("CLIENT_ERROR unauthenticated")) {
            return "requires authentication (memcached -Y): set memjcache.username and memjcache.password";
        }
        String quoted = "does not speak the memcached protocol: it answered '" + printable(answer) + "'";
        if (answer.startsWith("-") || answer.startsWith("+")) {
            return quoted + " (the Redis protocol)";
        }
        return quoted;
    }

    /**
     * @return {@code text} safe to quote in a message: non-printable characters as {@code ?}, cut after
     *     {@value #MAX_QUOTED} characters
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED + 3));
        for (int i = 0; i < text.length() && i < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        if (text.length() > MAX_QUOTED) {
            out.append("...");
        }
        return out.toString();
    }

    private static int parse(String digits) {
        // At most a few digits in practice; a longer run is a version far beyond 1.6.
        return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
