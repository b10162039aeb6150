package io.memjcache.benchmarks.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every process the harness starts, so that all are ended when the harness ends: by {@link #close()} on the
 * normal and the failure path, and by a shutdown hook on Ctrl-C. Each process's descendants are ended with it (a
 * launcher script's JVM, for example). Thread-safe.
 */
final class ChildProcesses implements AutoCloseable {

    private final List<Process> started = new ArrayList<>();
    private final Thread hook = new Thread(this::endAll, "end-child-processes");

    ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the process and tracks it until {@link #end} or {@link #close}. */
    synchronized Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Ends the process and its descendants: politely first, forcibly after a few seconds. */
    void end(Process process) {
        synchronized (this) {
            started.remove(process);
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }

    private void endAll() {
        List<Process> all;
        synchronized (this) {
            all = new ArrayList<>(started);
        }
        all.forEach(this::end);
    }

    @Override
    public void close() {
        endAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (or ran) and ends whatever is left
        }
    }
}
