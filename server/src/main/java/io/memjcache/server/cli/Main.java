package io.memjcache.server.cli;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.auth.HangupReload;
import io.memjcache.server.net.TlsContexts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command-line server: {@code java -jar memjcache-server.jar [options]}, with memcached's flags (see {@code -h}).
 *
 * <p>Exit statuses follow memcached and sysexits.h: 0 after help, version or an orderly stop; 64 (EX_USAGE) for a
 * bad command line or an authentication or TLS file that cannot be used; 71 (EX_OSERR) when the address cannot be
 * bound. SIGHUP reads the authentication file ({@code -Y}) again. Options accepted but ignored print one warning
 * line each on standard error before the server starts. With {@code -d} the server runs as a {@link Daemon}; with
 * {@code -P} its process id is in that file while it runs.
 *
 * <p>Thread-safety: {@link #main} is meant to be called once per JVM. No method accepts or returns {@code null}.
 *
 * <p>Internal, not API.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 64;
    static final int EXIT_OS_ERROR = 71;

    private Main() {}

    /**
     * Starts the server as the command line says and returns only when it has stopped (by the {@code shutdown}
     * command or a signal); exits the JVM with the status described above.
     *
     * @param args the command-line options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Does what {@link #main} does, without exiting the JVM.
     *
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
        } catch (CommandLineOptions.UsageException e) {
            err.println("memjcache: " + e.getMessage());
            err.println("Try -h for the list of options.");
            return EXIT_USAGE;
        }
        String versionLine =
                CommandLineOptions.versionLine(Main.class.getPackage().getImplementationVersion());
        switch (options.action()) {
            case HELP:
                out.print(CommandLineOptions.helpText(versionLine));
                out.flush();
                return EXIT_OK;
            case VERSION:
                out.println(versionLine);
                out.flush();
                return EXIT_OK;
            default:
                break;
        }
        if (!Daemon.isDaemon()) { // the daemon's command line was checked, and warned of, by its starter
            for (String warning : options.warnings()) {
                err.println("memjcache: " + warning);
            }
        }
        if (options.daemon() && !Daemon.isDaemon()) {
            return Daemon.start(args, options.config().verbosity() > 0, err);
        }
        return serve(options.config(), options.pidFile(), err);
    }

    private static int serve(ServerConfig config, @Nullable Path pidPath, PrintStream err) {
        String unusable = checkFiles(config);
        if (unusable != null) {
            err.println("memjcache: " + unusable);
            return EXIT_USAGE;
        }
        MemcachedServer server;
        try {
            // Resolved here so that an unknown host is reported like any other bind failure.
            InetAddress.getByName(config.listenAddress());
            server = MemcachedServer.start(config);
        } catch (UnknownHostException e) {
            err.println("memjcache: failed to listen on " + config.listenAddress() + ": unknown host");
            return EXIT_OS_ERROR;
        } catch (IOException e) {
            err.println("memjcache: failed to listen on TCP port " + config.port() + " of " + config.listenAddress()
                    + ": " + rootReason(e));
            return EXIT_OS_ERROR;
        }
        if (config.verbosity() > 0) {
            List<InetSocketAddress> addresses = server.addresses();
            for (int i = 0; i < addresses.size(); i++) {
                boolean tls = config.listeners().get(i).tls();
                err.println("memjcache listening on " + describe(addresses.get(i), tls));
            }
        }
        reloadOnHangup(server, config, err);
        PidFile pidFile = pidPath == null ? null : writePidFile(pidPath, err);
        // A signal ends the JVM once the hooks have run, perhaps before this thread goes on: the hook removes the
        // pid file too.
        Thread closeOnExit = new Thread(
                () -> {
                    server.close();
                    if (pidFile != null) {
                        pidFile.remove();
                    }
                },
                "memjcache-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        Daemon.ready(err);
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
        } finally {
            if (pidFile != null) {
                pidFile.remove();
            }
            removeHook(closeOnExit);
        }
        return EXIT_OK;
    }

    /**
     * Reads the authentication and TLS files once before starting, so that a missing or malformed one is
     * reported as such (memcached exits then too) rather than as a failure to listen.
     *
     * @return what is wrong, or null
     */
    private static @Nullable String checkFiles(ServerConfig config) {
        try {
            Path authFile = config.authFile();
            if (authFile != null) {
                AuthFile.load(authFile);
            }
            TlsSettings tls = config.tls();
            if (tls != null) {
                TlsContexts.load(tls, 0);
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * As memcached: SIGHUP reads the user files again (ASCII authentication's {@code -Y} file, SASL's
     * {@code MEMCACHED_SASL_PWDB} file), and never stops the server (the JVM's default for SIGHUP). A failed reload
     * is logged and keeps the users loaded before.
     */
    private static void reloadOnHangup(MemcachedServer server, ServerConfig config, PrintStream err) {
        boolean sasl = config.saslPasswordFile().isPresent();
        String problem = HangupReload.install(
                () -> {
                    if (config.authFile() != null) {
                        boolean unusedReloaded = server.reloadAuthFile();
                    }
                    if (sasl) {
                        server.reloadSaslUsers();
                    }
                },
                "the user files");
        if (problem != null && sasl) {
            err.println("memjcache: " + problem + "; the SASL users are still read again when their file changes");
        }
    }

    /** @return the written pid file, or {@code null} if it cannot be written (memcached warns and goes on too) */
    private static @Nullable PidFile writePidFile(Path path, PrintStream err) {
        try {
            return PidFile.write(path);
        } catch (IOException e) {
            err.println("memjcache: could not open the pid file " + path + " for writing: " + e.getMessage());
            return null;
        }
    }

    /** Unregisters the hook once the server stopped by itself; during JVM shutdown that is impossible and moot. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or has run: nothing to undo.
        }
    }

    /** @return the innermost message, the operating system's reason (like "Address already in use") */
    private static @Nullable String rootReason(Exception e) {
        String reason = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    private static String describe(InetSocketAddress address, boolean tls) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort()
                + (tls ? " (TCP, TLS)" : " (TCP)");
    }
}
