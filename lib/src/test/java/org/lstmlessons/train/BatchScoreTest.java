package org.lstmlessons.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BatchScoreTest {

    @Test
    void lossIsMeanNegativeLogOfTheTrueClassAndAccuracyCountsArgmax() {
        var p = Nd4j.create(new float[][] {{0.7f, 0.2f, 0.1f}, {0.5f, 0.4f, 0.1f}});
        var y = Nd4j.create(new float[][] {{1, 0, 0}, {0, 1, 0}});
        BatchScore s = BatchScore.of(p, y);
        assertEquals((-Math.log(0.7) - Math.log(0.4)) / 2, s.loss(), 1e-6);
        assertEquals(0.5, s.accuracy(), 0.0);
    }

    @Test
    void aZeroProbabilityCostsAboutSixteenNotInfinity() {
        BatchScore s = BatchScore.of(Nd4j.create(new float[][] {{1, 0}}), Nd4j.create(new float[][] {{0, 1}}));
        assertEquals(-Math.log(1e-7), s.loss(), 1e-9);
    }

    @Test
    void shapesMustAgree() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BatchScore.of(Nd4j.zeros(2, 3), Nd4j.zeros(2, 4)));
        assertEquals("BatchScore: probabilities [2, 3] and labels [2, 4] must both be [batch, classes].", e.getMessage());
    }
}
