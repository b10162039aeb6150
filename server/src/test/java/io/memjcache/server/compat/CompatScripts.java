package io.memjcache.server.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the protocol scripts kept as test resources, one file per protocol feature, in file-name order: the text
 * and meta protocol's under {@code compat/}, the binary protocol's under {@code compat-binary/}.
 *
 * <p>Stateless and thread-safe; never returns null.
 */
final class CompatScripts {

    private CompatScripts() {}

    /** @return every {@code compat/*.txt} script (text and meta protocol), parsed */
    static List<ProtocolScript> all() {
        return load("compat");
    }

    /** @return every {@code compat-binary/*.txt} script (binary protocol), parsed */
    static List<ProtocolScript> binary() {
        return load("compat-binary");
    }

    private static List<ProtocolScript> load(String folderName) {
        URL folder = CompatScripts.class.getClassLoader().getResource(folderName);
        if (folder == null || !"file".equals(folder.getProtocol())) {
            throw new IllegalStateException(
                    "test resources folder '" + folderName + "' not found as a directory: " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<ProtocolScript> scripts = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .toList()) {
                String name = file.getFileName().toString();
                scripts.add(ProtocolScript.parse(
                        name.substring(0, name.length() - ".txt".length()),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
            if (scripts.isEmpty()) {
                throw new IllegalStateException("no scripts in " + folder);
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
