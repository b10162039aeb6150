package io.memjcache.server.cli;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * memcached's {@code -l} list: addresses separated by {@code ,} or {@code ;} (and {@code -l} given again adds to
 * the list), each {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}, optionally prefixed by
 * {@code notls:} for a plaintext listener on a TLS server. An address without a port listens on {@code -p}'s.
 * Internal, not API. Not thread-safe; lives for one command line.
 */
final class ListenSpec {

    private static final String NOTLS = "notls:";

    /** One address of the list; a negative port means {@code -p}'s. */
    private record Entry(String host, int port, boolean tls) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds the addresses of one {@code -l} value. */
    void add(String flag, String value) throws UsageException {
        for (String part : value.split("[,;]", -1)) {
            entries.add(parse(flag, value, part));
        }
    }

    private static Entry parse(String flag, String value, String part) throws UsageException {
        boolean tls = true;
        String address = part;
        if (address.startsWith(NOTLS)) {
            tls = false;
            address = address.substring(NOTLS.length());
        }
        String host = address;
        String port = null;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw OptionSettings.invalidValue(flag, value, "unclosed [ in " + part);
            }
            host = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw OptionSettings.invalidValue(flag, value, "expected :port after ] in " + part);
            }
        } else if (address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':')) {
            // One colon: host:port. More: an IPv6 address without brackets, so without a port.
            host = address.substring(0, address.indexOf(':'));
            port = address.substring(address.indexOf(':') + 1);
        }
        if (host.isBlank()) {
            throw OptionSettings.invalidValue(flag, value, "listenAddress must not be blank");
        }
        int portNumber = -1;
        if (port != null) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                throw OptionSettings.invalidValue(flag, value, "expected a TCP port from 0 to 65535 after " + host);
            }
            portNumber = Integer.parseInt(port);
        }
        return new Entry(host, portNumber, tls);
    }

    /**
     * Puts the listeners into {@code builder}: the first address is the main listener, the others extra ones.
     *
     * @param defaultPort {@code -p}'s port, for addresses without their own
     * @param tls whether the server has TLS ({@code -Z}): {@code notls:} is refused without it, as memcached does
     */
    void applyTo(ServerConfig.Builder builder, int defaultPort, boolean tls) throws UsageException {
        if (entries.isEmpty()) {
            return;
        }
        for (Entry e : entries) {
            if (!e.tls() && !tls) {
                throw new UsageException("'notls' option is valid only when SSL is enabled");
            }
        }
        Entry main = entries.get(0);
        builder.listenAddress(main.host()).port(portOf(main, defaultPort)).listenerTls(main.tls());
        for (Entry extra : entries.subList(1, entries.size())) {
            builder.extraListener(extra.host(), portOf(extra, defaultPort), extra.tls());
        }
    }

    /** @return the host of the first address, or null if no {@code -l} was given */
    @Nullable
    String firstHost() {
        return entries.isEmpty() ? null : entries.get(0).host();
    }

    private static int portOf(Entry e, int defaultPort) {
        return e.port() < 0 ? defaultPort : e.port();
    }
}
