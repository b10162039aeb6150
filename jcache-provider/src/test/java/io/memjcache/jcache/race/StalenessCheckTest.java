package io.memjcache.jcache.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.jcache.race.StalenessCheck.Call;
import io.memjcache.jcache.race.StalenessCheck.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The judge of {@link EventualNearCacheJvmTest} on histories made by hand (times in nanoseconds). */
class StalenessCheckTest {

    private static final Call PUT_A = new Call(1, Kind.PUT, 0, "a", 0, 10);
    private static final Call PUT_B = new Call(2, Kind.PUT, 0, "b", 20, 30);

    @Test
    void aReadOfTheLatestWriteOrOfOneStillInFlightIsFresh() {
        StalenessCheck.Result result = StalenessCheck.check(
                List.of(PUT_A, PUT_B, new Call(1, Kind.GET, 0, "b", 40, 41), new Call(1, Kind.GET, 0, "a", 25, 26)));
        assertEquals(List.of(), result.staleness());
        assertEquals(2, result.reads());
    }

    @Test
    void aReadOfASupersededValueIsStaleFromTheFirstSupersedingReturn() {
        Call remove = new Call(2, Kind.REMOVE, 0, null, 40, 50);
        StalenessCheck.Result result =
                StalenessCheck.check(List.of(PUT_A, PUT_B, remove, new Call(1, Kind.GET, 0, "a", 130, 131)));
        assertEquals(List.of(100L), result.staleness());
        assertEquals(List.of(), result.ownViolations());
    }

    @Test
    void aReadOfNothingIsJudgedByTheLastRemovalAndStaleOnlyAfterALaterPut() {
        Call remove = new Call(2, Kind.REMOVE, 0, null, 40, 50);
        Call clear = new Call(3, Kind.CLEAR, -1, null, 60, 70);
        Call put = new Call(3, Kind.PUT, 0, "c", 80, 90);
        assertEquals(
                List.of(),
                StalenessCheck.check(List.of(PUT_A, remove, clear, new Call(1, Kind.GET, 0, null, 75, 76)))
                        .staleness());
        assertEquals(
                List.of(10L),
                StalenessCheck.check(List.of(PUT_A, remove, clear, put, new Call(1, Kind.GET, 0, null, 100, 101)))
                        .staleness());
        assertEquals(
                List.of(),
                StalenessCheck.check(List.of(new Call(1, Kind.GET, 0, null, 100, 101)))
                        .staleness());
    }

    @Test
    void missingTheReadersOwnWriteIsAViolationAndAnUnknownValueAnError() {
        StalenessCheck.Result result = StalenessCheck.check(
                List.of(PUT_A, PUT_B, new Call(2, Kind.GET, 0, "a", 35, 36), new Call(2, Kind.GET, 0, "z", 35, 36)));
        assertEquals(List.of(5L), result.staleness());
        assertEquals(1, result.ownViolations().size());
        assertEquals(1, result.errors().size());
    }
}
