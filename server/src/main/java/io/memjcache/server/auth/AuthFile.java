package io.memjcache.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The user file of ASCII authentication ({@code -Y}): {@code user:password} lines, read as memcached 1.6 reads
 * them. The user name is everything before the first {@code :}, the password everything after it up to the end of
 * the line ({@code \r} or {@code \n}); a line without {@code :} (an empty line too) makes the whole file malformed;
 * only the first {@value #MAX_ENTRIES} entries count, later lines are not read. The file is read when the server
 * starts and again on {@link #reload()} (memcached re-reads it on SIGHUP); a reload that fails keeps the users read
 * before, so a bad edit never locks everyone out.
 *
 * <p>Thread-safe: a reload replaces the users at once, and a check sees either the old or the new ones. Passwords
 * never appear in {@link #toString()} or in exception messages. No method accepts or returns null.
 */
public final class AuthFile {

    /** memcached's limit: the file is not meant to be a user database. */
    static final int MAX_ENTRIES = 8;

    private final Path path;
    private volatile List<Entry> entries;

    private AuthFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    /**
     * Reads the file.
     *
     * @throws IOException if it cannot be read, or is malformed (the message names the file, never its content)
     */
    public static AuthFile load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return new AuthFile(path, read(path));
    }

    /** @return the file, as given */
    public Path path() {
        return path;
    }

    /**
     * Reads the file again; if it cannot be read or is malformed, the users read before stay.
     *
     * @throws IOException if the file could not be used (the users did not change)
     */
    public void reload() throws IOException {
        entries = read(path);
    }

    /**
     * @return whether {@code user} and {@code password} are an entry of the file; each entry is compared in time
     *     that does not depend on where the bytes differ
     */
    @SuppressWarnings("ShortCircuitBoolean") // deliberate: the time taken must not tell which part differed
    public boolean check(byte[] user, byte[] password) {
        boolean found = false;
        for (Entry e : entries) {
            // Non-short-circuit: every entry is compared, whichever matches.
            found |= MessageDigest.isEqual(user, e.user) & MessageDigest.isEqual(password, e.password);
        }
        return found;
    }

    /** @return how many users the file holds */
    public int users() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "AuthFile[" + path + ", " + entries.size() + " users]";
    }

    private static List<Entry> read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IOException("Could not open authfile [" + path + "] for reading: " + e, e);
        }
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        while (start < bytes.length && entries.size() < MAX_ENTRIES) {
            int colon = -1;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                if (colon < 0 && bytes[end] == ':') {
                    colon = end;
                }
                end++;
            }
            int userEnd = colon < 0 ? end : colon;
            for (int i = start; i < userEnd; i++) {
                if (bytes[i] == 0) {
                    colon = -1; // memcached reads the line as a C string: a NUL ends it before the colon
                    break;
                }
            }
            if (colon < 0) {
                throw new IOException("Authfile [" + path + "] has a malformed entry (line " + (entries.size() + 1)
                        + "). Should be 'user:password'");
            }
            int passwordEnd = colon + 1;
            while (passwordEnd < end && bytes[passwordEnd] != '\r' && bytes[passwordEnd] != 0) {
                passwordEnd++;
            }
            entries.add(new Entry(
                    Arrays.copyOfRange(bytes, start, colon), Arrays.copyOfRange(bytes, colon + 1, passwordEnd)));
            start = end + 1;
        }
        return List.copyOf(entries);
    }

    /** One user; deliberately without a {@code toString} that could show the password. */
    private static final class Entry {
        final byte[] user;
        final byte[] password;

        Entry(byte[] user, byte[] password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public String toString() {
            return "Entry[hidden]";
        }
    }
}
