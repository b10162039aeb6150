package io.memjcache.server.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the reference tools the tests run (Debian's {@code memcached}, {@code memccapable}): first the system
 * property {@code test.<tool>.binary} (kept outside the provider's {@code memjcache.} namespace, where unknown keys
 * are errors), then {@code PATH}. A missing tool aborts the test with a visible
 * message, except under CI ({@code CI=true}), which installs the tools and so treats a missing one as a failure.
 * Stateless; thread-safe.
 */
public final class ToolBinaries {

    private ToolBinaries() {}

    /** @return the tool's path, or null if it cannot be found */
    public static Path locate(String tool) {
        String configured = System.getProperty("test." + tool + ".binary");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator, 0)) { // limit 0: a trailing separator adds no entry
                Path candidate = Path.of(dir, tool);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        Path debian = Path.of("/usr/bin", tool);
        return Files.isExecutable(debian) ? debian : null;
    }

    /**
     * @param packageName the Debian package that provides the tool, named in the message
     * @return the tool's path; aborts (or, under CI, fails) the calling test when it is missing
     */
    public static Path require(String tool, String packageName) {
        Path binary = locate(tool);
        if (binary == null) {
            String message = tool + " not found on PATH (install Debian's " + packageName + " package)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI must provide it");
            }
            System.err.println("SKIPPED: " + message + "; tests that need it are skipped");
            Assumptions.abort(message);
        }
        return binary;
    }
}
