package io.memjcache.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SASL users, read from a file of {@code user:password} lines, memcached's own convention for the file named by
 * {@code MEMCACHED_SASL_PWDB}: the password ends at the end of the line (a trailing {@code \r} is not part of it) or
 * at a further {@code :}, after which memcached allows other fields; lines without a {@code :} are ignored.
 *
 * <p>The file is read again when it changes (its modification time, size or identity differ from what was read;
 * checked at each authentication, as memcached reads the file at each one) and on {@link #reload()}, which
 * SIGHUP triggers (see {@link HangupReload}). If the file cannot be read, nobody authenticates until it can.
 *
 * <p>Passwords are kept only as SHA-256 digests and compared in constant time, so neither a password's length nor
 * its content nor whether the user exists shows in how long a check takes; no password appears in a message,
 * exception or {@code toString}.
 *
 * <p>Thread-safe: the users are replaced as a whole under the object's lock.
 */
public final class PasswordDatabase {

    /** Stands in for a missing user, so that a check for an unknown user takes as long as one for a known user. */
    private static final byte[] NOBODY = digest("\0no user\0".getBytes(StandardCharsets.US_ASCII));

    private final Path file;
    private Map<String, byte[]> digests = Map.of();
    private @Nullable Object loadedVersion;
    private @Nullable String problem;

    private PasswordDatabase(Path file) {
        this.file = file;
    }

    /**
     * Reads the file now. A file that cannot be read is not an error here (it may appear later); the problem is
     * reported by {@link #lastProblem()}.
     */
    public static PasswordDatabase open(Path file) {
        PasswordDatabase database = new PasswordDatabase(Objects.requireNonNull(file, "file"));
        database.reload();
        return database;
    }

    /** @return why the last read of the file failed, or null if it succeeded */
    public synchronized @Nullable String lastProblem() {
        return problem;
    }

    /** @return the file the users come from */
    public Path file() {
        return file;
    }

    /** Reads the file again, whether or not it changed. */
    public synchronized void reload() {
        try {
            Object version = version();
            byte[] content = Files.readAllBytes(file);
            digests = parse(content);
            Arrays.fill(content, (byte) 0);
            loadedVersion = version;
            problem = null;
        } catch (IOException e) {
            digests = Map.of();
            loadedVersion = null;
            problem = "cannot read the SASL password file " + file + ": "
                    + e.getClass().getSimpleName();
        }
    }

    /**
     * Checks a user's password, reading the file first if it changed.
     *
     * @param password the password as sent; not kept
     * @return whether the user exists with exactly this password
     */
    public boolean check(String user, byte[] password) {
        Map<String, byte[]> current;
        synchronized (this) {
            reloadIfChanged();
            current = digests;
        }
        byte[] expected = current.get(user);
        boolean matches = MessageDigest.isEqual(digest(password), expected == null ? NOBODY : expected);
        return matches && expected != null;
    }

    /** @return how many users the file held when last read */
    public synchronized int size() {
        return digests.size();
    }

    private void reloadIfChanged() {
        Object now;
        try {
            now = version();
        } catch (IOException e) {
            now = null;
        }
        if (!Objects.equals(now, loadedVersion) || now == null) {
            reload();
        }
    }

    /** @return what identifies one state of the file: identity, size, modification time */
    private Object version() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(String.valueOf(attributes.fileKey()), attributes.size(), attributes.lastModifiedTime());
    }

    private static Map<String, byte[]> parse(byte[] content) {
        Map<String, byte[]> users = new HashMap<>();
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
            int colon = indexOf(content, (byte) ':', start, lineEnd);
            if (colon > start) {
                int passwordEnd = indexOf(content, (byte) ':', colon + 1, lineEnd);
                if (passwordEnd < 0) {
                    passwordEnd = lineEnd;
                }
                String user = new String(content, start, colon - start, StandardCharsets.UTF_8);
                byte[] password = Arrays.copyOfRange(content, colon + 1, passwordEnd);
                // memcached stops at the first line naming the user.
                users.putIfAbsent(user, digest(password));
                Arrays.fill(password, (byte) 0);
            }
            start = end + 1;
        }
        return Map.copyOf(users);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public synchronized String toString() {
        return "PasswordDatabase[file=" + file + ", users=" + digests.size() + "]";
    }
}
