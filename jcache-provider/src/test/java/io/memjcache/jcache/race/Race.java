package io.memjcache.jcache.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * One kind of race between several callers on fresh keys: how the keys start, what each caller does, and what
 * must hold afterwards (exactly one winner, no lost update, one event per change). Results travel as strings so a
 * caller in another JVM can report them; {@code -} stands for {@code null}.
 *
 * <p>Immutable and thread-safe. Arguments are never {@code null}.
 */
@SuppressWarnings("ImmutableEnumChecker") // the races are constants; their parts hold no state
enum Race {
    // The constants refer to the static fields below by qualified name, as Java forbids simple forward references.

    /** Every caller removes the entry: exactly one removes it, the others find it absent. */
    REMOVE(Start.PRESENT, (cache, keys, caller) -> String.valueOf(cache.remove(keys.get(0))), Race::oneRemoval),

    /** Every caller removes the entry if it holds the initial value: exactly one does. */
    REMOVE_IF_EQUAL(
            Start.PRESENT,
            (cache, keys, caller) -> String.valueOf(cache.remove(keys.get(0), Race.INITIAL)),
            Race::oneRemoval),

    /** Every caller gets and removes the entry: exactly one gets the value, the others nothing. */
    GET_AND_REMOVE(Start.PRESENT, (cache, keys, caller) -> text(cache.getAndRemove(keys.get(0))), round -> {
        round.expectWinners(Race.INITIAL, 1);
        round.expectWinners(Race.NULL, round.results.size() - 1);
        round.expectRemovedOnly(1);
    }),

    /** Every caller removes the entry through an entry processor: exactly one processor removes it. */
    INVOKE_REMOVE(
            Start.PRESENT,
            (cache, keys, caller) -> String.valueOf(cache.invoke(keys.get(0), Processors.REMOVE_IF_EXISTS)),
            Race::oneRemoval),

    /** Every caller puts its own value if absent: exactly one stores, and its value is the one kept. */
    PUT_IF_ABSENT(
            Start.ABSENT,
            (cache, keys, caller) -> String.valueOf(cache.putIfAbsent(keys.get(0), valueOf(caller))),
            round -> round.expectOneWinnerKept(1, 0)),

    /** Every caller sets its value through a processor if absent: exactly one does, and its value is kept. */
    INVOKE_SET_IF_ABSENT(
            Start.ABSENT,
            (cache, keys, caller) ->
                    String.valueOf(cache.invoke(keys.get(0), Processors.SET_IF_ABSENT, valueOf(caller))),
            round -> round.expectOneWinnerKept(1, 0)),

    /** Every caller replaces the initial value with its own: exactly one does, and its value is kept. */
    REPLACE_IF_EQUAL(
            Start.PRESENT,
            (cache, keys, caller) -> String.valueOf(cache.replace(keys.get(0), Race.INITIAL, valueOf(caller))),
            round -> round.expectOneWinnerKept(0, 1)),

    /**
     * Caller 0 gets and removes the entry while the others replace it: the value removed is the initial one when
     * no replace succeeded before, else the value of a replace that succeeded; the entry ends absent.
     */
    REPLACE_VS_GET_AND_REMOVE(
            Start.PRESENT,
            (cache, keys, caller) -> caller == 0
                    ? text(cache.getAndRemove(keys.get(0)))
                    : String.valueOf(cache.replace(keys.get(0), valueOf(caller))),
            round -> {
                String removed = round.results.get(0);
                int replaced = Collections.frequency(round.results.subList(1, round.results.size()), "true");
                round.require(!removed.equals(Race.NULL), "getAndRemove found no entry, yet nobody else removes it");
                if (removed.equals(Race.INITIAL)) {
                    round.require(replaced == 0, "the initial value was removed after a successful replace");
                } else {
                    int replacer = removed.startsWith("c") ? Integer.parseInt(removed.substring(1)) : -1;
                    round.require(
                            replacer >= 1 && round.results.get(replacer).equals("true"),
                            "removed " + removed + ", which no successful replace wrote");
                }
                round.expectFinal(0, null);
                round.expectEvents(0, replaced, 1);
            }),

    /** Every caller gets and puts its value: each value is returned once or kept, none is lost. */
    GET_AND_PUT(
            Start.PRESENT,
            (cache, keys, caller) -> text(cache.getAndPut(keys.get(0), valueOf(caller))),
            Round::expectChain),

    /** Every caller gets and replaces the value: each value is returned once or kept, none is lost. */
    GET_AND_REPLACE(
            Start.PRESENT,
            (cache, keys, caller) -> text(cache.getAndReplace(keys.get(0), valueOf(caller))),
            Round::expectChain),

    /** Every caller increments a counter through invoke: each sees a different count, none is lost. */
    INVOKE_COUNT(Start.ZERO, (cache, keys, caller) -> cache.invoke(keys.get(0), Processors.INCREMENT), round -> {
        Set<String> expected = new LinkedHashSet<>();
        for (int i = 0; i < round.results.size(); i++) {
            expected.add(String.valueOf(i));
        }
        round.require(
                new LinkedHashSet<>(round.results).equals(expected) && round.results.size() == expected.size(),
                "counts seen are not 0.." + (expected.size() - 1));
        round.expectFinal(0, String.valueOf(round.results.size()));
        round.expectEvents(0, round.results.size(), 0);
    }),

    /** Every caller removes all the keys: each entry is removed once, with one REMOVED event. */
    REMOVE_ALL(
            Start.PRESENT,
            (cache, keys, caller) -> {
                cache.removeAll(new LinkedHashSet<>(keys));
                return "done";
            },
            round -> {
                for (int i = 0; i < Race.KEYS; i++) {
                    round.expectFinal(i, null);
                }
                round.expectRemovedOnly(Race.KEYS);
            }),

    /** Every caller removes all the keys through invokeAll: per key, exactly one processor removes it. */
    INVOKE_ALL_REMOVE(
            Start.PRESENT,
            (cache, keys, caller) -> {
                Map<String, EntryProcessorResult<Boolean>> results =
                        cache.invokeAll(new LinkedHashSet<>(keys), Processors.REMOVE_IF_EXISTS);
                StringBuilder removed = new StringBuilder();
                for (String key : keys) {
                    removed.append(results.get(key).get() ? '1' : '0');
                }
                return removed.toString();
            },
            round -> {
                for (int i = 0; i < Race.KEYS; i++) {
                    round.require(
                            round.winnersOfKey(i, 0) == 1, round.winnersOfKey(i, 0) + " processors removed key " + i);
                    round.expectFinal(i, null);
                }
                round.expectRemovedOnly(Race.KEYS);
            }),

    /**
     * Caller 0 puts all the keys while the others put them one by one if absent: per key at most one putIfAbsent
     * wins, and it wins only before putAll, which therefore leaves its value everywhere.
     */
    PUT_ALL_VS_PUT_IF_ABSENT(
            Start.ABSENT,
            (cache, keys, caller) -> {
                if (caller == 0) {
                    Map<String, String> all = new LinkedHashMap<>();
                    keys.forEach(key -> all.put(key, valueOf(0)));
                    cache.putAll(all);
                    return "done";
                }
                StringBuilder stored = new StringBuilder();
                for (String key : keys) {
                    stored.append(cache.putIfAbsent(key, valueOf(caller)) ? '1' : '0');
                }
                return stored.toString();
            },
            round -> {
                int winners = 0;
                for (int i = 0; i < Race.KEYS; i++) {
                    int keyWinners = round.winnersOfKey(i, 1);
                    round.require(keyWinners <= 1, keyWinners + " putIfAbsent calls stored key " + i);
                    round.expectFinal(i, valueOf(0));
                    winners += keyWinners;
                }
                round.expectEvents(Race.KEYS, winners, 0);
            });

    /** How many keys a round uses; the single-key races use the first. */
    static final int KEYS = 3;

    static final String INITIAL = "v0";
    static final String NULL = "-";

    /** The entry processors of the races; a class of their own as enum constants cannot refer forward to fields. */
    private static final class Processors {

        static final EntryProcessor<String, String, Boolean> REMOVE_IF_EXISTS = (entry, arguments) -> {
            if (!entry.exists()) {
                return false;
            }
            entry.remove();
            return true;
        };

        static final EntryProcessor<String, String, Boolean> SET_IF_ABSENT = (entry, arguments) -> {
            if (entry.exists()) {
                return false;
            }
            entry.setValue((String) arguments[0]);
            return true;
        };

        /** Adds one to the count; @return the count it found */
        static final EntryProcessor<String, String, String> INCREMENT = (entry, arguments) -> {
            String found = entry.getValue();
            entry.setValue(String.valueOf(Long.parseLong(found) + 1));
            return found;
        };
    }

    /** How the keys start. */
    private enum Start {
        ABSENT,
        PRESENT,
        ZERO
    }

    /** One caller's part of a race. */
    @FunctionalInterface
    private interface Part {
        /** @return the caller's result as text */
        String run(Cache<String, String> cache, List<String> keys, int caller);
    }

    private final Start start;
    private final Part part;
    private final Consumer<Round> check;

    Race(Start start, Part part, Consumer<Round> check) {
        this.start = start;
        this.part = part;
        this.check = check;
    }

    /** Puts the keys in their starting state. */
    void setUp(Cache<String, String> cache, List<String> keys) {
        for (String key : keys) {
            switch (start) {
                case PRESENT -> cache.put(key, INITIAL);
                case ZERO -> cache.put(key, "0");
                case ABSENT -> {
                    // fresh keys start absent
                }
                default -> throw new IllegalStateException("unknown start " + start);
            }
        }
    }

    /** One caller's part; @return its result as text */
    String run(Cache<String, String> cache, List<String> keys, int caller) {
        return part.run(cache, keys, caller);
    }

    /** @throws AssertionError when the round's outcome is one no serial order of the calls could give */
    void check(Round round) {
        check.accept(round);
    }

    private static void oneRemoval(Round round) {
        round.expectWinners("true", 1);
        round.expectRemovedOnly(1);
    }

    /** @return the keys of a round, distinct from every other round's */
    static List<String> keys(String prefix, int round) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(prefix + "-" + round + "-" + i);
        }
        return keys;
    }

    /** @return the value caller {@code caller} writes */
    static String valueOf(int caller) {
        return "c" + caller;
    }

    private static String text(String value) {
        return value == null ? NULL : value;
    }

    /**
     * What one round produced.
     *
     * @param race    the race run
     * @param number  the round number, for messages
     * @param results each caller's result, by caller index
     * @param finals  each key's value after the round ({@code null} when absent), by key index
     * @param events  the events of every cache the callers used, summed
     */
    record Round(Race race, int number, List<String> results, List<String> finals, EventCounter.Events events) {

        void require(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(race + " round " + number + ": " + what + "; results " + results
                        + ", final values " + finals + ", events " + events);
            }
        }

        void expectWinners(String result, int count) {
            int found = Collections.frequency(results, result);
            require(found == count, found + " callers got " + result + ", expected " + count);
        }

        void expectFinal(int key, String value) {
            String found = finals.get(key);
            require(Objects.equals(found, value), "key " + key + " ended as " + found + ", expected " + value);
        }

        void expectEvents(long created, long updated, long removed) {
            require(
                    events.equals(new EventCounter.Events(created, updated, removed)),
                    "expected events " + new EventCounter.Events(created, updated, removed));
        }

        /** Exactly one caller got true, and its value is the one kept; with the events expected. */
        void expectOneWinnerKept(long created, long updated) {
            expectWinners("true", 1);
            expectFinal(0, valueOf(results.indexOf("true")));
            expectEvents(created, updated, 0);
        }

        /** @return how many callers from {@code firstCaller} on report key {@code key} as theirs ('1') */
        int winnersOfKey(int key, int firstCaller) {
            int winners = 0;
            for (String result : results.subList(firstCaller, results.size())) {
                winners += result.charAt(key) == '1' ? 1 : 0;
            }
            return winners;
        }

        void expectRemovedOnly(long removed) {
            expectFinal(0, null);
            expectEvents(0, 0, removed);
        }

        /** Each caller's value and the initial one are returned once or kept at the end: no update lost. */
        void expectChain() {
            List<String> seen = new ArrayList<>(results);
            seen.add(finals.get(0));
            List<String> written = new ArrayList<>();
            written.add(INITIAL);
            for (int i = 0; i < results.size(); i++) {
                written.add(valueOf(i));
            }
            Collections.sort(seen);
            Collections.sort(written);
            require(seen.equals(written), "returned and final values are not each written value once");
            expectEvents(0, results.size(), 0);
        }
    }
}
