package org.lstmlessons.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlessons.Checks;
import org.lstmlessons.Lessons;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class BasicGruTest {

    /**
     * The GRU's equations once more, step by step with plain ND4J arrays (no SameDiff), from the
     * cell's own weights: the reference the graph must equal.
     */
    static INDArray reference(BasicGru gru, INDArray x) {
        Map<String, INDArray> p = gru.parameters();
        long n = gru.units();
        INDArray w = p.get("W");
        INDArray u = p.get("U");
        INDArray b = p.get("b").reshape(1, 3 * n);
        INDArray h = Nd4j.zeros(x.dataType(), x.size(0), n);
        INDArray all = Nd4j.zeros(x.dataType(), x.size(0), n, x.size(2));
        for (int t = 0; t < x.size(2); t++) {
            INDArray xt = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            INDArray update = Transforms.sigmoid(xt.mmul(cols(w, 0, n)).add(h.mmul(cols(u, 0, n))).addRowVector(cols(b, 0, n)));
            INDArray relevance = Transforms.sigmoid(xt.mmul(cols(w, 1, n)).add(h.mmul(cols(u, 1, n))).addRowVector(cols(b, 1, n)));
            INDArray candidate = Transforms.tanh(xt.mmul(cols(w, 2, n)).add(relevance.mul(h).mmul(cols(u, 2, n)))
                    .addRowVector(cols(b, 2, n)));
            h = update.mul(candidate).add(update.rsub(1).mul(h));
            all.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(h);
        }
        return all;
    }

    private static INDArray cols(INDArray m, int block, long n) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(block * n, (block + 1) * n));
    }

    @ParameterizedTest(name = "nIn={0} units={1} batch={2} steps={3}")
    @CsvSource({"6,4,2,3", "3,7,5,9", "28,16,4,28", "1,1,1,6"})
    void computesTheGruEquationsStepByStep(int nIn, int units, int batch, int steps) {
        BasicGru gru = BasicGru.create(nIn, units, 3, steps, 7, DataType.FLOAT);
        gru.parameters().get("b").assign(Nd4j.rand(DataType.FLOAT, 3L * units).subi(0.5));   // no zero bias hides a block
        Lessons.seed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).muli(2).subi(1);
        INDArray h = gru.hidden(x);
        assertArrayEquals(new long[] {batch, units, steps}, h.shape());
        double diff = Checks.maxAbsDiff(h, reference(gru, x));
        assertTrue(diff < 1e-5, "h differs from the step-by-step equations by " + diff);
    }

    @Test
    void hasThreeQuartersOfAnLstmsRecurrentParameters() {
        BasicGru gru = BasicGru.forMnist(128, 42);
        BasicLstm lstm = BasicLstm.forMnist(128, 42);
        long classifier = (128 + 1) * 10;
        assertEquals(3L * 128 * (28 + 128 + 1) + classifier, gru.parameterCount());
        assertEquals(61_578, gru.parameterCount());
        assertEquals(81_674, lstm.parameterCount());
        assertEquals(3 * (lstm.parameterCount() - classifier), 4 * (gru.parameterCount() - classifier));
        assertArrayEquals(new long[] {28, 384}, gru.parameters().get("W").shape());
        assertEquals(0.0, gru.parameters().get("b").amaxNumber().doubleValue(), 0.0, "bias starts at zero");
        assertEquals("BasicGru(28 inputs -> 128 units -> 10 classes, 28 steps, 61,578 parameters, FLOAT)", gru.toString());
    }

    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        BasicGru gru = BasicGru.create(3, 4, 3, 5, 11, DataType.DOUBLE);
        GradientCheck check = GradientCheck.of(gru, BasicLstmTest.tinyBatch(), 1e-5);
        assertEquals(gru.parameterCount(), check.checked());
        assertEquals(3 * 4 * (3 + 4 + 1) + 5 * 3, check.checked());
        assertTrue(check.compared() > check.checked() / 2, "most gradients are large enough to compare: " + check);
        assertTrue(check.maxRelativeError() < 1e-6, check.toString());
        assertTrue(check.maxAbsoluteDifference() < 1e-8, check.toString());
    }

    @Test
    void learnsTheSyntheticDigitsThroughTheTrainer() {
        BasicLstmTest.assertLearnsSyntheticDigits(BasicGru.forMnist(16, 42).adam(0.05));
    }

    @Test
    void badInputSaysWhatIsExpected() {
        BasicGru gru = BasicGru.create(6, 4, 3, 3, 1, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class, () -> gru.hidden(Nd4j.zeros(2, 3, 6)));
        assertTrue(e.getMessage().startsWith("BasicGru: input must be [batch, 6, 3]"), e.getMessage());
        var fit = assertThrows(IllegalStateException.class, () -> gru.fit(new org.nd4j.linalg.dataset.DataSet(
                Nd4j.zeros(2, 6, 3), Nd4j.zeros(2, 3))));
        assertTrue(fit.getMessage().contains("adam("), fit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BasicGru.create(6, 0, 3, 3, 1, DataType.FLOAT));
    }
}
