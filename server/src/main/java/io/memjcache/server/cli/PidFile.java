package io.memjcache.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The file {@code -P} names: it holds the server process's id, followed by a line break as memcached writes it,
 * from the moment the server listens until it stops. Written through a temporary file and a rename, so a reader
 * never sees it half written.
 *
 * <p>Thread-safe: {@link #remove()} may run on a shutdown hook and on the main thread; it deletes at most once.
 */
final class PidFile {

    private final Path path;
    private final AtomicBoolean written = new AtomicBoolean();

    private PidFile(Path path) {
        this.path = path;
    }

    /**
     * Writes this process's id to {@code path}.
     *
     * @throws IOException if it cannot be written (memcached then warns and goes on; so does the caller)
     */
    static PidFile write(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.writeString(partial, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        PidFile file = new PidFile(absolute);
        file.written.set(true);
        return file;
    }

    /** Deletes the file, once; a file already gone is no error. */
    void remove() {
        if (written.compareAndSet(true, false)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // As memcached: a pid file that cannot be removed is left behind; stopping goes on.
            }
        }
    }
}
