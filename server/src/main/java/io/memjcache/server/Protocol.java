package io.memjcache.server;

/**
 * Which protocols a server's connections may speak, memcached's {@code -B}: {@link #AUTO} lets each connection's first
 * byte choose (0x80 is the binary protocol's request magic; anything else is the text protocol, with its meta
 * commands), the others fix one. Immutable.
 */
public enum Protocol {
    AUTO("auto-negotiate"),
    ASCII("ascii"),
    BINARY("binary");

    private final String statName;

    Protocol(String statName) {
        this.statName = statName;
    }

    /** @return the name {@code stats settings} shows as {@code binding_protocol}, memcached's */
    public String statName() {
        return statName;
    }
}
