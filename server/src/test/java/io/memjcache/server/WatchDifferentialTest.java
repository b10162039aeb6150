package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.WatchStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code watch fetchers mutations} and {@code watch connevents} compared line by line with memcached 1.6.18, after
 * removing what differs between any two servers: the time stamp, the global event number, the connection's number
 * and its port.
 */
class WatchDifferentialTest {

    private static final Pattern TS_GID = Pattern.compile("^ts=[0-9]+\\.[0-9]+ gid=[0-9]+ ");
    private static final Pattern CFD = Pattern.compile(" cfd=[0-9]+");
    private static final Pattern RPORT = Pattern.compile(" rport=[0-9]+");

    /**
     * Storage, retrieval and deletion requests whose log lines memcached 1.6.18 and this server share. Left out: a
     * read right after flush_all (memcached says {@code flushed} or, once its crawler removed the item,
     * {@code not_found}), and the paths where this server logs more (see the README's watch section).
     */
    private static final String SCRIPT = String.join(
            "\r\n",
            "set a 0 0 1",
            "x",
            "add a 0 0 1",
            "y",
            "replace a 0 0 2",
            "yy",
            "replace nope 0 0 1",
            "z",
            "append a 0 0 1",
            "z",
            "prepend a 0 0 1",
            "w",
            "append nope 0 0 1",
            "z",
            "gets a",
            "cas a 0 0 1 999999",
            "q",
            "cas nope 0 0 1 1",
            "q",
            "get a b c",
            "incr n 1",
            "set n 0 0 1",
            "5",
            "touch n 0",
            "gat 0 n",
            "delete a",
            "delete a",
            "ms m 2",
            "hi",
            "ms m 2 MA",
            "yo",
            "ms m 2 ME",
            "no",
            "mg m v",
            "md m",
            "mg m v",
            "set k%20\u00e9 0 0 1",
            "x",
            "get k%20\u00e9",
            "get zz-end",
            "");

    @Test
    void fetchersAndMutationsMatchMemcached() throws IOException {
        Assumptions.assumeTrue(ReferenceMemcached.isAvailable(), "memcached is not installed");
        assertEquals(
                run(ServerUnderTest.reference(), "fetchers mutations"),
                run(ServerUnderTest.bundled(), "fetchers mutations"));
    }

    @Test
    void connectionEventsMatchMemcached() throws IOException {
        Assumptions.assumeTrue(ReferenceMemcached.isAvailable(), "memcached is not installed");
        String script = "get zz-end\r\nquit\r\n";
        assertEquals(
                run(ServerUnderTest.reference(), "connevents", script, "type=conn_close"),
                run(ServerUnderTest.bundled(), "connevents", script, "type=conn_close"));
    }

    private static String run(ServerUnderTest server, String streams) throws IOException {
        return run(server, streams, SCRIPT, "key=zz-end");
    }

    /**
     * Runs the script on a second connection and returns the watcher's normalised lines up to the marker. memcached
     * answers {@code OK} to {@code watch} before its logger thread has attached the watcher, so events of a
     * connection made right after may be missed; probe connections run first until the watcher shows one of them,
     * and their lines are left out of the result.
     */
    private static String run(ServerUnderTest server, String streams, String script, String marker) throws IOException {
        try (server;
                WatchStream watch = WatchStream.open(server.address(), streams)) {
            boolean connevents = streams.contains("connevents");
            List<String> probes = awaitWatching(server, watch, connevents);
            try (Socket client = new Socket(server.address().getAddress(), server.port())) {
                OutputStream out = client.getOutputStream();
                out.write(script.getBytes(StandardCharsets.UTF_8));
                out.flush();
                List<String> lines = watch.until(
                        l -> l.contains(marker) && probes.stream().noneMatch(l::contains), Duration.ofSeconds(20));
                drain(client.getInputStream());
                return lines.stream()
                        .filter(l -> probes.stream().noneMatch(l::contains))
                        .map(l -> RPORT.matcher(CFD.matcher(TS_GID.matcher(l).replaceFirst(""))
                                        .replaceAll(" cfd=C"))
                                .replaceAll(" rport=P"))
                        .collect(Collectors.joining("\n", "", "\n"));
            }
        }
    }

    /**
     * Makes probe connections until the watcher reports one: a connection that quits (connevents) or a miss on a
     * probe key (fetchers). Polls with a deadline.
     *
     * @return what identifies the probes' lines: {@code rport=<port> } or {@code key=<probe key> }
     */
    private static List<String> awaitWatching(ServerUnderTest server, WatchStream watch, boolean connevents)
            throws IOException {
        List<String> probes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String probe;
            try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
                socket.setSoTimeout(10_000);
                String request;
                if (connevents) {
                    probe = "rport=" + socket.getLocalPort() + " ";
                    request = "quit\r\n";
                } else {
                    probe = "key=zz-probe-" + attempt + " ";
                    request = "get zz-probe-" + attempt + "\r\nquit\r\n";
                }
                probes.add(probe);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.getInputStream().readAllBytes();
            }
            long waitUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
            for (long left; (left = waitUntil - System.nanoTime()) > 0; ) {
                String line = watch.line(Duration.ofNanos(left));
                if (line != null && line.contains(probe) && (!connevents || line.contains("type=conn_close"))) {
                    return probes;
                }
            }
        }
        throw new IOException("the watcher reported none of the probe connections " + probes);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (in.available() > 0 && in.read(buf) > 0) {
            // answers are not compared here; ProtocolScript tests compare them
        }
    }
}
