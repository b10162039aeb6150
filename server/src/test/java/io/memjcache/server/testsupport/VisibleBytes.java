package io.memjcache.server.testsupport;

/**
 * Renders protocol bytes carried in an ISO-8859-1 string (one char per byte) so that a failure message shows them
 * exactly: CR, LF, tab, backslash and double quote as Java escapes, other control and non-ASCII bytes as
 * {@code \xNN}. Stateless; thread-safe. Arguments must not be {@code null}.
 */
public final class VisibleBytes {

    private VisibleBytes() {}

    /** @return {@code bytes} with every byte that would not print as itself escaped */
    public static String of(String bytes) {
        StringBuilder sb = new StringBuilder(bytes.length() + 16);
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
