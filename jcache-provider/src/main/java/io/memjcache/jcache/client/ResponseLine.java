package io.memjcache.jcache.client;

import org.jspecify.annotations.Nullable;

/**
 * One response line of the meta protocol, {@code <code> <token>*}, without its line end. Meta flags in the line
 * are looked up by their letter, so their order does not matter.
 *
 * <p>Immutable and thread-safe; {@link #flag(char)} returns null for an absent flag, nothing else returns null.
 */
final class ResponseLine {

    private final String text;
    private final String code;
    private final String[] tokens;

    private ResponseLine(String text, String code, String[] tokens) {
        this.text = text;
        this.code = code;
        this.tokens = tokens;
    }

    /**
     * Splits {@code text} on single spaces (the protocol never sends more than one). Any text parses, even a blank
     * or malformed line (empty tokens are kept), so that the command reading it reports what it did not expect.
     */
    static ResponseLine parse(String text) {
        // By hand rather than String.split: this runs for every answer, and split's list and copies showed up in
        // allocation profiles of the provider's get loop.
        int spaces = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                spaces++;
            }
        }
        int end = text.indexOf(' ');
        if (end < 0) {
            return new ResponseLine(text, text, new String[0]);
        }
        String code = text.substring(0, end);
        String[] tokens = new String[spaces];
        for (int t = 0; t < spaces; t++) {
            int start = end + 1;
            end = t == spaces - 1 ? text.length() : text.indexOf(' ', start);
            tokens[t] = text.substring(start, end);
        }
        return new ResponseLine(text, code, tokens);
    }

    /** @return the response code: {@code VA}, {@code HD}, {@code EN}, {@code MN}, {@code SERVER_ERROR}, ... */
    String code() {
        return code;
    }

    /** @return the i-th token after the code */
    String token(int index) {
        if (index >= tokens.length) {
            throw new IllegalArgumentException("response has no token " + index + ": " + text);
        }
        return tokens[index];
    }

    /** @return the text after the flag letter {@code letter} (empty for a bare flag), or null if absent */
    @Nullable
    String flag(char letter) {
        // The first token of a VA line is the size, which is digits and so never matches a letter.
        for (String token : tokens) {
            if (!token.isEmpty() && token.charAt(0) == letter) {
                return token.substring(1);
            }
        }
        return null;
    }

    /** @return whether this is one of the protocol's error lines */
    boolean isError() {
        return code.equals("ERROR") || code.equals("CLIENT_ERROR") || code.equals("SERVER_ERROR");
    }

    /** @return the whole line */
    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
