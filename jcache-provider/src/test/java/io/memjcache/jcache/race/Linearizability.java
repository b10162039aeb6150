package io.memjcache.jcache.race;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that the history of one key is linearizable against {@link ModelOp}'s sequential model, by the search of
 * Wing and Gong: repeatedly pick an operation that no other pending operation finished before it started, apply it
 * to the model, keep it if its result matches, backtrack otherwise. States already explored (the set of operations
 * done, the value reached) are remembered, which bounds the search by 2^n values for n operations; a round
 * keeps n small (at most 30).
 *
 * <p>Stateless and thread-safe. Histories and their elements are never {@code null}.
 */
final class Linearizability {

    /**
     * One completed call.
     *
     * @param op       what it did
     * @param value    the value it wrote, if any
     * @param expected the value it compared with, if any
     * @param result   what it returned, as text
     * @param invoked  {@link System#nanoTime()} before the call
     * @param returned {@link System#nanoTime()} after it returned
     */
    record Call(ModelOp op, String value, String expected, String result, long invoked, long returned) {
        @Override
        public String toString() {
            return op + "(" + value + "," + expected + ")=" + result + "@[" + invoked + "," + returned + "]";
        }
    }

    private Linearizability() {}

    /**
     * @param history the calls on one key, which started absent
     * @param end     its value after all of them ({@code null}: absent)
     * @return whether some order of the calls, consistent with their real-time order, gives every call its result
     *         and leaves the key at {@code end}
     */
    static boolean check(List<Call> history, String end) {
        if (history.size() > 30) {
            throw new IllegalArgumentException("too many calls for the search: " + history.size());
        }
        return search(history, 0, null, end, new HashSet<>());
    }

    private static boolean search(List<Call> history, int done, String state, String end, Set<String> explored) {
        if (Integer.bitCount(done) == history.size()) {
            return Objects.equals(state, end);
        }
        if (!explored.add(done + "/" + state)) {
            return false;
        }
        long firstReturn = Long.MAX_VALUE;
        for (int i = 0; i < history.size(); i++) {
            if ((done & (1 << i)) == 0) {
                firstReturn = Math.min(firstReturn, history.get(i).returned());
            }
        }
        for (int i = 0; i < history.size(); i++) {
            Call call = history.get(i);
            // A call can take effect next only if no pending call had returned before it was invoked.
            if ((done & (1 << i)) != 0 || call.invoked() > firstReturn) {
                continue;
            }
            ModelOp.Outcome outcome = call.op().apply(state, call.value(), call.expected());
            if (outcome.result().equals(call.result())
                    && search(history, done | (1 << i), outcome.after(), end, explored)) {
                return true;
            }
        }
        return false;
    }
}
