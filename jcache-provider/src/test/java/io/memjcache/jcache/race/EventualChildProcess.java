package io.memjcache.jcache.race;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventualJvmChild} started with this JVM's class path, and its pipes: {@link #command} sends one command
 * and returns its answer. Close it to end the child.
 *
 * <p>Not thread-safe: one test thread talks to it. Commands and answers are never {@code null}.
 */
final class EventualChildProcess implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    private EventualChildProcess(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts a child JVM number {@code jvm}; {@link #awaitReady} before the first command. */
    static EventualChildProcess start(String servers, String namespace, int jvm) throws IOException {
        return new EventualChildProcess(TwoJvmRaceTest.startChild(
                EventualJvmChild.class, servers, namespace, "eventual-child-" + jvm, Integer.toString(jvm)));
    }

    /** Waits until the child's near cache answered a read. */
    EventualChildProcess awaitReady() throws IOException {
        String first = answers.readLine();
        if (!"ready".equals(first)) {
            throw new IllegalStateException("the child JVM did not start: " + first);
        }
        return this;
    }

    /** @return the answer to {@code command}, after its first word ({@code ok}, {@code done}) */
    String command(String command) throws IOException {
        send(command);
        return receive();
    }

    /** Sends a command without waiting for its answer: {@link #receive} it later. */
    void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /** @return the answer to the command sent, after its first word */
    String receive() throws IOException {
        String answer = answers.readLine();
        if (answer == null || answer.startsWith("error\t")) {
            throw new IllegalStateException("the child JVM failed: " + answer);
        }
        return answer.substring(answer.indexOf(' ') + 1);
    }

    /** @return the {@link System#nanoTime()} after the child's put returned */
    long put(String key, String value) throws IOException {
        return Long.parseLong(command("put " + key + " " + value));
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close();
        } finally {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
