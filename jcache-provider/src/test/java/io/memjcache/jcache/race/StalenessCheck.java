package io.memjcache.jcache.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds the stale reads in the calls of several JVMs on a few keys, every value written once: a read that started at
 * {@code t} and returned the value of write {@code w} (or nothing) is stale when another change of the key, made
 * surely after {@code w} (called after {@code w} returned), had returned before {@code t}; its staleness is {@code t}
 * minus the return of the first such change. A read of nothing may come from any remove or clear called before it
 * returned (or from the empty start): it is judged by the one that returned last, the most favourable. Calls that
 * overlap are given the benefit of the doubt, so the staleness found is a lower bound of the real one.
 *
 * <p>A stale read whose superseding change (for a read of nothing: every possible one) was made by the reading JVM
 * itself is a read-your-writes violation.
 *
 * <p>Stateless. Calls are never {@code null}; a value is {@code null} for a clear and a read of nothing; a remove's
 * value says whether it removed anything and is not judged.
 */
final class StalenessCheck {

    enum Kind {
        GET,
        PUT,
        REMOVE,
        /** Every key's change. */
        CLEAR
    }

    /**
     * One recorded call.
     *
     * @param value the value written or read, {@code null} for none
     * @param invoked {@link System#nanoTime()} just before the call
     * @param returned {@link System#nanoTime()} just after it returned
     */
    record Call(int jvm, Kind kind, int key, @Nullable String value, long invoked, long returned) {

        String encode() {
            return jvm + "\t" + kind + "\t" + key + "\t" + (value == null ? "-" : value) + "\t" + invoked + "\t"
                    + returned;
        }

        static Call decode(String line) {
            String[] f = line.split("\t", -1);
            return new Call(
                    Integer.parseInt(f[0]),
                    Kind.valueOf(f[1]),
                    Integer.parseInt(f[2]),
                    f[3].equals("-") ? null : f[3],
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }
    }

    /**
     * What the check found.
     *
     * @param reads the reads checked
     * @param staleness the staleness of every stale read, in nanoseconds, ascending
     * @param ownViolations reads that missed their own JVM's change (described)
     * @param errors reads of a value never written, or read before it was written (described)
     */
    record Result(int reads, List<Long> staleness, List<String> ownViolations, List<String> errors) {

        long maxNanos() {
            return staleness.isEmpty() ? 0 : staleness.get(staleness.size() - 1);
        }

        long p99Nanos() {
            return staleness.isEmpty() ? 0 : staleness.get(staleness.size() * 99 / 100);
        }

        String summary() {
            return String.format(
                    "%d reads, %d stale (%.4f%%), staleness max %.2f ms, p99 %.2f ms; %d read-your-writes violations",
                    reads,
                    staleness.size(),
                    reads == 0 ? 0.0 : 100.0 * staleness.size() / reads,
                    maxNanos() / 1e6,
                    p99Nanos() / 1e6,
                    ownViolations.size());
        }
    }

    private StalenessCheck() {}

    static Result check(List<Call> calls) {
        Map<String, Call> puts = new HashMap<>();
        Map<Integer, List<Call>> changes = new HashMap<>();
        List<Call> clears = new ArrayList<>();
        for (Call call : calls) {
            switch (call.kind()) {
                case PUT -> {
                    puts.put(Objects.requireNonNull(call.value(), "a put's value"), call);
                    changes.computeIfAbsent(call.key(), k -> new ArrayList<>()).add(call);
                }
                case REMOVE ->
                    changes.computeIfAbsent(call.key(), k -> new ArrayList<>()).add(call);
                case CLEAR -> clears.add(call);
                case GET -> {
                    // judged below
                }
            }
        }
        List<Long> staleness = new ArrayList<>();
        List<String> own = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int reads = 0;
        for (Call read : calls) {
            if (read.kind() != Kind.GET) {
                continue;
            }
            reads++;
            List<Call> ofKey = new ArrayList<>(changes.getOrDefault(read.key(), List.of()));
            ofKey.addAll(clears);
            Call source = read.value() == null ? lastRemoval(ofKey, read) : puts.get(read.value());
            if (read.value() != null && (source == null || source.key() != read.key())) {
                errors.add("read of a value never written to the key: " + read);
                continue;
            }
            if (source != null && source.invoked() - read.returned() > 0) {
                errors.add("read of a value before it was written: " + read + " of " + source);
                continue;
            }
            long sourceReturned = source == null ? Long.MIN_VALUE : source.returned();
            Call first = null;
            Call ownChange = null;
            for (Call change : ofKey) {
                boolean after = source == null || change.invoked() - sourceReturned > 0;
                boolean supersedes = read.value() != null || change.kind() == Kind.PUT;
                if (!change.equals(source) && after && supersedes && change.returned() - read.invoked() < 0) {
                    if (first == null || change.returned() - first.returned() < 0) {
                        first = change;
                    }
                    ownChange = change.jvm() == read.jvm() ? change : ownChange;
                }
            }
            if (first != null) {
                staleness.add(read.invoked() - first.returned());
                if (ownChange != null) {
                    own.add(read + " after its own " + ownChange + " (value from " + source + ")");
                }
            }
        }
        Collections.sort(staleness);
        return new Result(reads, staleness, own, errors);
    }

    /**
     * @return the remove or clear of the key called before the read returned that returned last, {@code null} for
     *     none (the key was absent from the start)
     */
    private static @Nullable Call lastRemoval(List<Call> ofKey, Call read) {
        Call last = null;
        for (Call change : ofKey) {
            if (change.kind() != Kind.PUT
                    && change.invoked() - read.returned() < 0
                    && (last == null || change.returned() - last.returned() > 0)) {
                last = change;
            }
        }
        return last;
    }
}
