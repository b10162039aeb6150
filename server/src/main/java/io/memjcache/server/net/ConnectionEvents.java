package io.memjcache.server.net;

import io.memjcache.server.store.WatchLog;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Reports client connections opening and closing to the {@code watch connevents} streams, with the peer's address
 * as memcached writes it ({@code unix} and port 0 for a Unix socket). Costs one volatile read when nobody watches.
 *
 * <p>Internal, not API. Stateless and thread-safe. No method accepts {@code null}.
 */
final class ConnectionEvents {

    private ConnectionEvents() {}

    static void opened(ServerContext server, Channel channel, int cfd) {
        WatchLog watch = server.store.watch;
        if (watch.watching(WatchLog.CONNEVENTS)) {
            watch.connectionOpened(host(channel), port(channel), cfd);
        }
    }

    /** @param reason memcached's {@code normal} or {@code error} */
    static void closed(ServerContext server, Channel channel, int cfd, String reason) {
        WatchLog watch = server.store.watch;
        if (watch.watching(WatchLog.CONNEVENTS)) {
            watch.connectionClosed(host(channel), port(channel), cfd, reason);
        }
    }

    private static String host(Channel channel) {
        SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "unix";
    }

    private static int port(Channel channel) {
        SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }
}
