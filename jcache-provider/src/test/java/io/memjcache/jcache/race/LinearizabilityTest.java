package io.memjcache.jcache.race;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker of {@link LinearizabilityModelTest} on hand-made histories of one key (which starts absent). */
class LinearizabilityTest {

    private static Linearizability.Call call(ModelOp op, String value, String result, long invoked, long returned) {
        return new Linearizability.Call(op, value, value, result, invoked, returned);
    }

    @Test
    void twoOverlappingRemovesMayNotBothWin() {
        Linearizability.Call put = call(ModelOp.PUT, "1", "-", 0, 1);
        assertFalse(Linearizability.check(
                List.of(put, call(ModelOp.REMOVE, "1", "true", 2, 5), call(ModelOp.REMOVE, "1", "true", 3, 6)), null));
        assertTrue(Linearizability.check(
                List.of(put, call(ModelOp.REMOVE, "1", "true", 2, 5), call(ModelOp.REMOVE, "1", "false", 3, 6)), null));
    }

    @Test
    void realTimeOrderIsRespected() {
        // The get returned before the put started, so it cannot see the put's value...
        assertFalse(Linearizability.check(
                List.of(call(ModelOp.GET, "1", "1", 0, 1), call(ModelOp.PUT, "1", "-", 2, 3)), "1"));
        // ...but it can when the two overlap.
        assertTrue(Linearizability.check(
                List.of(call(ModelOp.GET, "1", "1", 0, 3), call(ModelOp.PUT, "1", "-", 1, 2)), "1"));
    }

    @Test
    void theEndStateMustBeReachable() {
        assertFalse(Linearizability.check(List.of(call(ModelOp.PUT, "1", "-", 0, 1)), null));
        assertTrue(Linearizability.check(
                List.of(call(ModelOp.INVOKE_INCREMENT, "1", "-", 0, 2), call(ModelOp.INVOKE_INCREMENT, "1", "1", 1, 3)),
                "2"));
    }
}
