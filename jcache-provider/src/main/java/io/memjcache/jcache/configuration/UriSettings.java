package io.memjcache.jcache.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads the settings a cache manager URI carries:
 * <ul>
 *   <li>{@code memjcache:default} (the provider's default URI) or {@code memjcache:<name>}: none (a named manager with
 *       the defaults; the name only keeps its caches apart from other managers');</li>
 *   <li>{@code memcached://host:port,host:port?opTimeout=500ms&...}: the servers, and settings in the query under
 *       their short names (without {@code memjcache.});</li>
 *   <li>{@code classpath:path}, {@code file:...}, {@code jar:...}: a properties file of {@code memjcache.*} keys,
 *       read through the class loader or the URL (the forms Hibernate and Spring Boot pass).</li>
 * </ul>
 * Any other URI is an error: a provider that ignored an unrecognised URI would silently run with the defaults.
 *
 * <p>Thread-safe (stateless). Not part of the provider's API. Arguments must not be {@code null}; the result is
 * never {@code null}. Throws {@link IllegalArgumentException} naming the URI.
 */
final class UriSettings {

    private static final Pattern MANAGER_NAME = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&]password=)[^&#]*");
    private static final String EXPECTED_URIS = "expected memjcache:default, memjcache:<name>, "
            + "memcached://host:port,...[?opTimeout=500ms&...], classpath:<resource>, file:<path> or jar:<url>";

    private UriSettings() {}

    static SettingLayer read(URI uri, ClassLoader classLoader) {
        String source = uri.toString();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "memjcache" -> {
                if (!uri.isOpaque()
                        || !MANAGER_NAME.matcher(uri.getRawSchemeSpecificPart()).matches()) {
                    throw new IllegalArgumentException("unsupported cache manager URI " + source
                            + ": a memjcache: URI is memjcache:<name>, the name made of letters, digits, . _ ~ -");
                }
                yield SettingLayer.empty(source);
            }
            case "memcached" -> memcachedUri(uri, redacted(source));
            case "classpath" -> classpathResource(uri, source, classLoader);
            case "file", "jar" -> urlResource(uri, source);
            default ->
                throw new IllegalArgumentException("unsupported cache manager URI " + source + ": " + EXPECTED_URIS);
        };
    }

    /** @return the URI text with user information and a password parameter shown as {@code ****} */
    static String redacted(String uri) {
        return PASSWORD_PARAMETER
                .matcher(USER_INFO.matcher(uri).replaceFirst("//****@"))
                .replaceAll("$1****");
    }

    private static SettingLayer memcachedUri(URI uri, String source) {
        String servers = uri.getAuthority();
        if (servers != null && servers.contains("@")) {
            throw new IllegalArgumentException("cache manager URI " + source + " carries user information: "
                    + "credentials do not belong in a URI, which names the manager in logs and JMX; set "
                    + "memjcache.username and memjcache.password (or memjcache.passwordFile) in properties");
        }
        if (uri.isOpaque() || servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("cache manager URI " + source + " names no servers: "
                    + "expected memcached://host:port[,host:port...]");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("cache manager URI " + source + " has a path or fragment: "
                    + "expected memcached://host:port[,host:port...][?name=value&...]");
        }
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        Map<PerCacheSetting, String> perCache = new HashMap<>();
        values.put(SettingKey.SERVERS, servers);
        String query = uri.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&", -1)) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("query parameter '" + parameter + "' of cache manager URI "
                            + source + " has no value: expected name=value");
                }
                String name = URLDecoder.decode(parameter.substring(0, equals), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                PerCacheSetting override = PerCacheSetting.parse(name, source).orElse(null);
                if (override != null) {
                    if (perCache.put(override, value) != null) {
                        throw new IllegalArgumentException("cache manager URI " + source + " sets " + name + " twice");
                    }
                    continue;
                }
                SettingKey key = byShortName(name, source);
                if (key == SettingKey.PASSWORD) {
                    throw new IllegalArgumentException("cache manager URI " + source + " carries a password: it "
                            + "does not belong in a URI, which names the manager in logs and JMX; set "
                            + "memjcache.password (or passwordFile) in properties or a settings file");
                }
                if (values.put(key, value) != null) {
                    throw new IllegalArgumentException(
                            key == SettingKey.SERVERS
                                    ? "cache manager URI " + source
                                            + " sets the servers twice: they belong before the '?'"
                                    : "cache manager URI " + source + " sets " + name + " twice");
                }
            }
        }
        return new SettingLayer(source, values, perCache);
    }

    private static SettingKey byShortName(String name, String source) {
        for (SettingKey key : SettingKey.values()) {
            if (key.shortName().equals(name)) {
                return key;
            }
        }
        throw new IllegalArgumentException(SettingKey.unknownNameMessage(name, true, source));
    }

    private static SettingLayer classpathResource(URI uri, String source, ClassLoader classLoader) {
        String path = uri.getSchemeSpecificPart();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cache manager URI " + source + " names no resource");
        }
        URL resource = classLoader.getResource(path);
        if (resource == null) {
            throw new IllegalArgumentException("cache manager URI " + source + ": no resource " + path
                    + " is visible to the class loader " + classLoader);
        }
        return load(resource, source);
    }

    private static SettingLayer urlResource(URI uri, String source) {
        URL url;
        try {
            url = uri.toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cache manager URI " + source + " is not a readable URL: " + e.getMessage(), e);
        }
        return load(url, source);
    }

    private static SettingLayer load(URL url, String source) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream();
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load reports a malformed unicode escape as IllegalArgumentException.
            throw new IllegalArgumentException(
                    "cannot read the settings file of cache manager URI " + source + ": " + e, e);
        }
        return SettingLayer.fromProperties(properties, source, true);
    }
}
