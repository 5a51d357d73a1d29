package dev.quarry.stratum.template.bitcoind;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeFailoverTest {

    @Test
    void noNodeIsActiveBeforeOneAnswers() {
        NodeFailover f = new NodeFailover(2, 2);
        assertEquals(-1, f.active());
        assertEquals(1, f.recordSuccess(1)); // a backup that answers first serves until the primary answers
        assertEquals(0, f.recordSuccess(0)); // first answer of a never-failed node counts at once
    }

    @Test
    void failsOverAtOnceAndSwitchesBackAfterConsecutiveGoodAnswers() {
        NodeFailover f = new NodeFailover(3, 2);
        f.recordSuccess(0);
        f.recordSuccess(1);
        f.recordSuccess(2);
        assertEquals(1, f.recordFailure(0));
        assertEquals(List.of(1, 2), f.upNodes());
        assertEquals(1, f.recordSuccess(0)); // one good answer is not enough after a failure
        assertEquals(1, f.recordFailure(0)); // a failure resets the count
        assertEquals(1, f.recordSuccess(0));
        assertEquals(0, f.recordSuccess(0)); // two in a row: preferred node is back
        assertEquals(List.of(0, 1, 2), f.upNodes());
    }

    @Test
    void allDownMeansNoActiveNode() {
        NodeFailover f = new NodeFailover(2, 1);
        f.recordSuccess(0);
        f.recordSuccess(1);
        f.recordFailure(1);
        assertEquals(-1, f.recordFailure(0));
        assertFalse(f.isUp(0));
        assertEquals(1, f.recordSuccess(1)); // threshold 1: back at once
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new NodeFailover(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new NodeFailover(1, 0));
    }
}
