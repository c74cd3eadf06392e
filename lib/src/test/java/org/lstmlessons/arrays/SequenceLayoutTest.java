package org.lstmlessons.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SequenceLayoutTest {

    static final double[][][] SEED_INPUT = {
            {{1, 2, 3, 4, 3, 2}, {1, 2, 1, 1, 1, 2}, {1, 2, 2, 2, 2, 2}},
            {{1, 2, 3, 4, 3, 2}, {3, 2, 2, 1, 1, 2}, {0, 0, 0, 0, 3, 2}}};

    @Test
    void tfBatchBecomesBatchFeaturesTime() {
        var x = SequenceLayout.fromTf(SEED_INPUT);
        assertArrayEquals(new long[] {2, 6, 3}, x.shape());
        // sequence 1, step 2, feature 4 (TF's [1][2][4] = 3)
        assertEquals(3.0, x.getDouble(1, 4, 2), 0.0);
        assertEquals(4.0, x.getDouble(0, 3, 0), 0.0);
    }

    @Test
    void roundTripRestoresTheTfArray() {
        var tf = Nd4j.create(SEED_INPUT);
        assertEquals(tf.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                SequenceLayout.toTf(SequenceLayout.toDl4j(tf.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT))));
    }

    @Test
    void oneStepBatchHasTimeLengthOne() {
        var x = SequenceLayout.oneStep(new double[][] {{1, 2, 3, 4, 3, 2}, {3, 2, 2, 2, 2, 2}});
        assertArrayEquals(new long[] {2, 6, 1}, x.shape());
        assertEquals(3.0, x.getDouble(1, 0, 0), 0.0);
    }

    @Test
    void stepExtractsOneTimeStep() {
        var x = SequenceLayout.fromTf(SEED_INPUT);
        var s = SequenceLayout.step(x, 2);
        assertArrayEquals(new long[] {2, 6}, s.shape());
        assertEquals(0.0, s.getDouble(1, 0), 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceLayout.step(x, 3));
        assertTrue(e.getMessage().contains("0..2"), e.getMessage());
    }

    @Test
    void unitReadsOneSequenceOverTimeAndRefusesWhatIsNotThere() {
        var x = SequenceLayout.fromTf(SEED_INPUT);                         // [2, 6, 3]
        assertArrayEquals(new double[] {4, 1, 2}, SequenceLayout.unit(x, 0, 3).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {2, 2, 2}, SequenceLayout.unit(x, 1, 5).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {1, 2, 3}, SequenceLayout.stepNumbers(x), 0.0);
        // a unit past the end: ND4J's point() would read on into the next sequence's memory
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceLayout.unit(x, 0, 6));
        assertEquals("SequenceLayout.unit: sequence 0, unit 6 is outside the array of shape [2, 6, 3] (sequences 0..1, "
                + "units 0..5); loop to size(0) and size(1).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceLayout.unit(x, 2, 0));
    }

    @Test
    void raggedOrWrongRankInputIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SequenceLayout.fromTf(new double[][][] {{{1, 2}}, {{1, 2}, {3, 4}}}));
        assertTrue(e.getMessage().contains("pad"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceLayout.fromTf(new double[][][] {{{1, 2}, {3}}}));
        var e2 = assertThrows(IllegalArgumentException.class, () -> SequenceLayout.toDl4j(Nd4j.zeros(3, 4)));
        assertTrue(e2.getMessage().contains("[3, 4]") && e2.getMessage().contains("batch axis"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequenceLayout.fromTf(new double[0][][]));
    }
}
