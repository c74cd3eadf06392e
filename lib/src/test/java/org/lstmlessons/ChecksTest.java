package org.lstmlessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ChecksTest {

    @Test
    void closeReturnsTheLargestDifference() {
        Checks.close("a vs b", Nd4j.createFromArray(1.0, 2.0, 3.0), Nd4j.createFromArray(1.0, 2.5, 3.1), 1.0);
        assertEquals(0.5, Checks.maxAbsDiff(Nd4j.createFromArray(1.0, 2.0, 3.0), Nd4j.createFromArray(1.0, 2.5, 3.1)), 1e-12);
    }

    @Test
    void closeFailsLoudlyWithTheMeasuredDifference() {
        var e = assertThrows(AssertionError.class,
                () -> Checks.close("hand vs DL4J", Nd4j.createFromArray(1.0f), Nd4j.createFromArray(1.001f), 1e-6));
        assertTrue(e.getMessage().contains("hand vs DL4J") && e.getMessage().contains("NOT <"), e.getMessage());
        var shape = assertThrows(AssertionError.class, () -> Checks.close("x", Nd4j.zeros(2, 3), Nd4j.zeros(3, 2), 1));
        assertTrue(shape.getMessage().contains("[2, 3] vs [3, 2]"), shape.getMessage());
    }

    @Test
    void atLeastAndIsTrue() {
        Checks.atLeast("accuracy", 0.99, 0.985);
        var e = assertThrows(AssertionError.class, () -> Checks.atLeast("accuracy", 0.97, 0.985));
        assertTrue(e.getMessage().contains("0.9700") && e.getMessage().contains("0.9850"), e.getMessage());
        Checks.isTrue("1 < 2", true);
        assertThrows(AssertionError.class, () -> Checks.isTrue("2 < 1", false));
    }

    @Test
    void atMostPrintsAndFails() {
        Checks.atMost("perplexity", 4.9, 5.0);
        Checks.atMost("perplexity", 5.0, 5.0);
        var e = assertThrows(AssertionError.class, () -> Checks.atMost("perplexity", 5.25, 5.0));
        assertEquals("perplexity = 5.2500 (NOT <= 5.0000) - above the limit this lesson promises", e.getMessage());
    }

    @Test
    void belowPrintsAndFails() {
        Checks.below("relative error", 3e-9, 1e-6);
        var e = assertThrows(AssertionError.class, () -> Checks.below("relative error", 2e-5, 1e-6));
        assertTrue(e.getMessage().contains("2.00e-05") && e.getMessage().contains("NOT <"), e.getMessage());
    }
}
