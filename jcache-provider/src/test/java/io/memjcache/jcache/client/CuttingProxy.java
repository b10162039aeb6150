package io.memjcache.jcache.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a real server, for failure tests: {@link #cutAll()} closes every connection it
 * carries, both sides, as a failed network or a killed server would; {@link #freeze()} makes it stop passing bytes
 * on in either direction (it still accepts connections, as the kernel does for a stopped server) until
 * {@link #thaw()}.
 *
 * <p>Thread-safe: one daemon thread accepts, two per connection pass bytes on. Close it when done.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Client and server socket of each connection, in the order accepted. */
    private final List<Socket[]> pairs = new CopyOnWriteArrayList<>();

    private final Object gate = new Object();
    private boolean frozen; // guarded by gate

    /** Starts a proxy on an ephemeral loopback port that forwards to {@code target}. */
    public CuttingProxy(InetSocketAddress target) {
        this.target = target;
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
            daemon(() -> pass(client, server), "cutting-proxy-up");
            daemon(() -> pass(server, client), "cutting-proxy-down");
        }
    }

    private void pass(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                awaitThawed();
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
        }
    }

    private void awaitThawed() throws InterruptedException {
        synchronized (gate) {
            while (frozen) {
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
        thaw();
        cutAll();
    }
}
