package io.memjcache.server.net;

import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.protocol.text.AsciiAuthHandshake;
import io.netty.buffer.ByteBuf;

/**
 * The ASCII-authentication gate ({@code -Y}) of one connection: until the client has authenticated, its input goes
 * to an {@link AsciiAuthHandshake} rather than to the commands; the handshake's answers go out on the connection and
 * its attempts are counted as {@code auth_cmds}/{@code auth_errors}.
 *
 * <p>Internal, not API. Not thread-safe: confined to the connection's event loop. No method accepts {@code null}.
 */
final class AsciiAuthGate implements AsciiAuthHandshake.Sink {

    private final ConnectionHandler connection;
    private final ServerContext server;
    private final AsciiAuthHandshake handshake;

    AsciiAuthGate(ConnectionHandler connection, ServerContext server, AuthFile users) {
        this.connection = connection;
        this.server = server;
        this.handshake = new AsciiAuthHandshake(users);
    }

    /**
     * Feeds the not yet authenticated connection's input to the handshake; opens the connection to the commands
     * once the client has authenticated, and closes it when the handshake says so.
     *
     * @return whether to go on with the input left
     */
    boolean process(ByteBuf in) {
        connection.lastCommandAt = server.store.now();
        AsciiAuthHandshake.Result result = handshake.process(in, this);
        switch (result) {
            case AUTHENTICATED -> connection.authenticated();
            case CLOSE -> connection.closeAfterFlush();
            case ANSWERED, NEED_MORE -> {}
        }
        return result == AsciiAuthHandshake.Result.AUTHENTICATED || result == AsciiAuthHandshake.Result.ANSWERED;
    }

    @Override
    public void reply(byte[] line) {
        connection.writeLine(line);
    }

    @Override
    public void attempted(boolean succeeded) {
        server.stats.authCmds.increment();
        if (!succeeded) {
            server.stats.authErrors.increment();
        }
    }
}
