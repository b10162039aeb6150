package io.memjcache.server.cli;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.auth.HangupReload;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * The command-line server: {@code java -jar memjcache-server.jar [options]}, with memcached's flags (see {@code -h}).
 *
 * <p>Exit statuses follow memcached and sysexits.h: 0 after help, version or an orderly stop; 64 (EX_USAGE) for a
 * bad command line; 71 (EX_OSERR) when the address cannot be bound.
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
                return serve(options.config(), err);
        }
    }

    private static int serve(ServerConfig config, PrintStream err) {
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
            err.println("memjcache listening on " + describe(server.address()));
        }
        if (config.saslPasswordFile().isPresent()) {
            String problem = HangupReload.install(
                    server::reloadSaslUsers, config.saslPasswordFile().get().toString());
            if (problem != null) {
                err.println("memjcache: " + problem + "; the SASL users are still read again when their file changes");
            }
        }
        Thread closeOnExit = new Thread(server::close, "memjcache-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
        } finally {
            removeHook(closeOnExit);
        }
        return EXIT_OK;
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

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + " (TCP)";
    }
}
