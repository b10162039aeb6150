package io.memjcache.jcache.configuration;

import io.memjcache.jcache.client.ServerAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses {@code memjcache.servers} lists: {@code host:port[:weight],...}. The port defaults to memcached's 11211 and
 * the weight to 1; an IPv6 literal goes in brackets ({@code [::1]:11211}) and is passed on without them.
 *
 * <p>Thread-safe (stateless). Not part of the provider's API. Arguments must not be {@code null}; results are
 * never {@code null}. Throws {@link IllegalArgumentException} whose message
 * says what was expected; the caller adds the key, value and source.
 */
final class ServerListParser {

    static final int DEFAULT_PORT = 11211;
    /** Ketama gives each server points in proportion to its weight; beyond this the ring gets needlessly large. */
    static final int MAX_WEIGHT = 100;

    private static final String EXPECTED =
            "expected host:port[:weight] entries separated by commas, " + "like cache1:11211,cache2:11211:2";

    private ServerListParser() {}

    static List<ServerAddress> parse(String text) {
        List<ServerAddress> servers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String rawEntry : text.split(",", -1)) {
            String entry = rawEntry.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(EXPECTED + " (found an empty entry)");
            }
            ServerAddress server = parseEntry(entry);
            if (!seen.add(server.host().toLowerCase(Locale.ROOT) + ":" + server.port())) {
                throw new IllegalArgumentException(EXPECTED + " (server " + entry + " is listed twice)");
            }
            servers.add(server);
        }
        return List.copyOf(servers);
    }

    private static ServerAddress parseEntry(String entry) {
        String host;
        String rest;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(EXPECTED + " (unclosed '[' in " + entry + ")");
            }
            host = entry.substring(1, close);
            rest = entry.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException(EXPECTED + " (unexpected text after ']' in " + entry + ")");
            }
            rest = rest.isEmpty() ? "" : rest.substring(1);
        } else if (entry.startsWith(":") || entry.chars().filter(c -> c == ':').count() > 2) {
            throw new IllegalArgumentException(
                    EXPECTED + " (too many ':' in " + entry + "; write IPv6 addresses in brackets, like [::1]:11211)");
        } else {
            int colon = entry.indexOf(':');
            host = colon < 0 ? entry : entry.substring(0, colon);
            rest = colon < 0 ? "" : entry.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '?')) {
            throw new IllegalArgumentException(EXPECTED + " (bad host in " + entry + ")");
        }
        String[] numbers = rest.isEmpty() ? new String[0] : rest.split(":", -1);
        if (numbers.length > 2) {
            throw new IllegalArgumentException(EXPECTED + " (too many ':' in " + entry + ")");
        }
        int port = numbers.length > 0 ? number(numbers[0], 1, 65535, "port", entry) : DEFAULT_PORT;
        int weight = numbers.length > 1 ? number(numbers[1], 1, MAX_WEIGHT, "weight", entry) : 1;
        return new ServerAddress(host, port, weight);
    }

    private static int number(String text, int min, int max, String what, String entry) {
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                EXPECTED + " (" + what + " in " + entry + " must be a number from " + min + " to " + max + ")");
    }
}
