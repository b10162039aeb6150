package io.memjcache.jcache.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a real server, for failure tests: {@link #cutAll()} closes every connection it
 * carries, both sides, as a failed network or a killed server would; {@link #freeze()} makes it stop passing bytes
 * on in either direction (it still accepts connections, as the kernel does for a stopped server) until
 * {@link #thaw()}. It tells {@code watch} connections (those whose first bytes are a {@code watch} command) from the
 * others: {@link #cutWatches()} closes those alone, {@link #refuseWatches} closes new ones at once, and
 * {@link #holdWatchStreams} stops passing their streams on, so that the server's buffer of the watcher fills up as
 * behind a reader too slow to keep up.
 *
 * <p>Thread-safe: one daemon thread accepts, two per connection pass bytes on. Close it when done.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    /** The receive buffer of the proxy's sockets towards the server, 0 for the system's default. */
    private final int serverReceiveBufferBytes;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Client and server socket of each connection, in the order accepted. */
    private final List<Socket[]> pairs = new CopyOnWriteArrayList<>();

    /** The client sockets of the connections that began with a {@code watch} command. */
    private final Set<Socket> watchClients = ConcurrentHashMap.newKeySet();

    private final Object gate = new Object();
    private boolean frozen; // guarded by gate
    private boolean watchStreamsHeld; // guarded by gate
    private volatile boolean refusingWatches;

    /** Starts a proxy on an ephemeral loopback port that forwards to {@code target}. */
    public CuttingProxy(InetSocketAddress target) {
        this(target, 0);
    }

    /**
     * As {@link #CuttingProxy(InetSocketAddress)}, with a small receive buffer on the sockets towards the server, so
     * that a held stream ({@link #holdWatchStreams}) backs up into the server after a few kilobytes rather than after
     * the megabytes a loopback socket buffers by default.
     *
     * @param serverReceiveBufferBytes the receive buffer size, 0 for the system's default
     */
    public CuttingProxy(InetSocketAddress target, int serverReceiveBufferBytes) {
        this.target = target;
        this.serverReceiveBufferBytes = serverReceiveBufferBytes;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::acceptLoop, "cutting-proxy-accept");
    }

    /** @return where the proxy listens */
    public ServerAddress address() {
        return ServerAddress.of("127.0.0.1", listener.getLocalPort());
    }

    /**
     * Closes one connection passing through the proxy, the first accepted of those still open, at both ends; the
     * others carry on.
     */
    public void cutOne() {
        for (Socket[] pair : pairs) {
            if (!pair[0].isClosed()) {
                closeQuietly(pair[0]);
                closeQuietly(pair[1]);
                return;
            }
        }
        throw new IllegalStateException("no connection to cut");
    }

    /** Closes every connection passing through the proxy; new ones are accepted as before. */
    public void cutAll() {
        open.forEach(CuttingProxy::closeQuietly);
    }

    /** From now on, no byte is passed on in either direction until {@link #thaw()}. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Passes bytes on again. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /** Closes every {@code watch} connection passing through the proxy, both sides; the others carry on. */
    public void cutWatches() {
        for (Socket[] pair : pairs) {
            if (watchClients.contains(pair[0])) {
                closeQuietly(pair[0]);
                closeQuietly(pair[1]);
            }
        }
    }

    /** While {@code refuse}, a connection is closed as soon as its first bytes show a {@code watch} command. */
    public void refuseWatches(boolean refuse) {
        refusingWatches = refuse;
    }

    /**
     * While {@code hold}, nothing the server sends on a {@code watch} connection is passed on (nor read from it once
     * the socket buffers are full); the other connections carry on.
     */
    public void holdWatchStreams(boolean hold) {
        synchronized (gate) {
            watchStreamsHeld = hold;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                if (serverReceiveBufferBytes > 0) {
                    server.setReceiveBufferSize(serverReceiveBufferBytes); // before connecting: it sets the window
                }
                server.connect(target);
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            pairs.add(new Socket[] {client, server});
            daemon(() -> pass(client, server, true), "cutting-proxy-up");
            daemon(() -> pass(server, client, false), "cutting-proxy-down");
        }
    }

    /** @param fromClient whether {@code from} is the client's side (else the server's) */
    private void pass(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        boolean first = fromClient;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (first) {
                    first = false;
                    // The command goes on only after this, so the server's answer is known as a watch stream's.
                    if (new String(buffer, 0, Math.min(read, 6), StandardCharsets.US_ASCII).equals("watch ")) {
                        watchClients.add(from);
                        if (refusingWatches) {
                            return;
                        }
                    }
                }
                awaitThawed(!fromClient && watchClients.contains(to));
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // cut, or closed by an end: close both sides below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
            watchClients.remove(fromClient ? from : to);
        }
    }

    private void awaitThawed(boolean watchStream) throws InterruptedException {
        synchronized (gate) {
            while (frozen || (watchStream && watchStreamsHeld)) {
                gate.wait();
            }
        }
    }

    private static void daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // being discarded
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // being discarded
        }
        holdWatchStreams(false);
        thaw();
        cutAll();
    }
}
