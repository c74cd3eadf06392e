package org.lstmlessons.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlessons.Checks;
import org.lstmlessons.Lessons;
import org.lstmlessons.data.MnistSet;
import org.lstmlessons.train.Predictions;
import org.lstmlessons.train.Trainable;
import org.lstmlessons.train.TrainTestNets;
import org.lstmlessons.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BasicLstmTest {

    @ParameterizedTest(name = "nIn={0} units={1} batch={2} steps={3}")
    @CsvSource({"6,4,2,3", "3,7,5,9", "28,16,4,28", "1,1,1,6"})
    void computesWhatDl4jsLstmComputesWithTheSameWeights(int nIn, int units, int batch, int steps) {
        BasicLstm cell = BasicLstm.create(nIn, units, 3, steps, 7, DataType.FLOAT);
        MultiLayerNetwork dl4j = LstmGatesTest.lstmNet(1, nIn, units);
        cell.copyInto(dl4j, 0);
        Lessons.seed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).muli(2).subi(1);

        BasicLstm.Forward mine = cell.forward(x);
        dl4j.rnnClearPreviousState();
        INDArray h = dl4j.rnnTimeStep(x);
        LstmState last = LstmState.of(dl4j, 0);
        assertArrayEquals(new long[] {batch, units, steps}, mine.h().shape());
        assertTrue(Checks.maxAbsDiff(mine.h(), h) < 1e-5, "h differs by " + Checks.maxAbsDiff(mine.h(), h));
        assertTrue(Checks.maxAbsDiff(mine.c(), last.c()) < 1e-5, "c differs by " + Checks.maxAbsDiff(mine.c(), last.c()));
    }

    @Test
    void initialisesAsTheCourseDoes() {
        BasicLstm cell = BasicLstm.create(28, 8, 10, 28, 42, DataType.FLOAT);
        INDArray b = cell.parameters().get("b");
        assertEquals(0.0, b.get(NDArrayIndex.interval(0, 8)).amaxNumber().doubleValue(), 0.0, "input gate bias 0");
        assertEquals(8.0, b.get(NDArrayIndex.interval(8, 16)).sumNumber().doubleValue(), 0.0, "forget gate bias 1");
        assertEquals(0.0, b.get(NDArrayIndex.interval(16, 32)).amaxNumber().doubleValue(), 0.0, "candidate, output 0");
        double limit = Math.sqrt(6.0 / (8 + 32));
        INDArray u = cell.parameters().get("U");
        assertTrue(u.amaxNumber().doubleValue() <= limit, "Glorot uniform stays within +-" + limit);
        assertTrue(u.amaxNumber().doubleValue() > 0.9 * limit, "and fills the range");
        assertEquals(0.0, u.meanNumber().doubleValue(), 0.05);
        assertEquals(4L * 8 * (28 + 8 + 1) + 9 * 10, cell.parameterCount());
        assertEquals(cell.parameters().get("W"), BasicLstm.create(28, 8, 10, 28, 42, DataType.FLOAT).parameters().get("W"),
                "the same seed gives the same weights");
    }

    /** A batch of 4 random sequences (3 features, 5 steps) with labels 0, 1, 2, 0, in double precision. */
    static DataSet tinyBatch() {
        Lessons.seed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void theEquationAsPrintedHasExactGradientsButIsNotDl4jsLstm() {
        BasicLstm printed = BasicLstm.createAsPrinted(3, 4, 3, 5, 11, DataType.DOUBLE);
        BasicLstm right = BasicLstm.create(3, 4, 3, 5, 11, DataType.DOUBLE);
        assertEquals(right.parameters().get("W"), printed.parameters().get("W"));       // same weights
        GradientCheck check = GradientCheck.of(printed, tinyBatch(), 1e-5);
        assertTrue(check.maxRelativeError() < 1e-6, check.toString());
        MultiLayerNetwork dl4j = LstmGatesTest.lstmNet(1, 3, 4);
        printed.copyInto(dl4j, 0);
        INDArray x = tinyBatch().getFeatures().castTo(DataType.FLOAT);
        dl4j.rnnClearPreviousState();
        double gap = Checks.maxAbsDiff(printed.forward(x).h(), dl4j.rnnTimeStep(x));
        assertTrue(gap > 1e-3, "h = o * c must differ from DL4J's o * tanh(c); max difference " + gap);
    }

    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        BasicLstm cell = BasicLstm.create(3, 4, 3, 5, 11, DataType.DOUBLE);
        GradientCheck check = GradientCheck.of(cell, tinyBatch(), 1e-5);
        assertEquals(cell.parameterCount(), check.checked());
        assertTrue(check.compared() > check.checked() / 2, "most gradients are large enough to compare: " + check);
        assertTrue(check.maxRelativeError() < 1e-6, check.toString());
        assertTrue(check.maxAbsoluteDifference() < 1e-8, check.toString());
    }

    @Test
    void gradientCheckSeesACoarseFiniteDifference() {
        // the check that passes above with eps = 1e-5 must see the error of a coarse step: it is not blind
        BasicLstm cell = BasicLstm.create(3, 4, 3, 5, 11, DataType.DOUBLE);
        GradientCheck coarse = GradientCheck.of(cell, tinyBatch(), 1e-1);
        assertTrue(coarse.maxRelativeError() > 1e-4, "a coarse finite difference is visibly off: " + coarse);
    }

    @Test
    void gradientCheckRefusesFloat() {
        BasicLstm cell = BasicLstm.create(3, 4, 3, 5, 11, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.of(cell, new DataSet(Nd4j.rand(2, 3, 5), Nd4j.zeros(2, 3)), 1e-6));
        assertTrue(e.getMessage().contains("DataType.DOUBLE"), e.getMessage());
    }

    @Test
    void learnsTheSyntheticDigitsThroughTheTrainer() {
        assertLearnsSyntheticDigits(BasicLstm.forMnist(16, 42).adam(0.05));
    }

    /** Four epochs on 200 synthetic digits through lesson 3's Trainer lift validation accuracy above 0.6. */
    static void assertLearnsSyntheticDigits(Trainable cell) {
        MnistSet.Split split = TrainTestNets.digits(300).split(100);
        double before = Predictions.of(cell, split.validation()).accuracy();
        Trainer.of(cell).epochs(4).logEvery(5).fit(split.train().batches(20, 42));
        double after = Predictions.of(cell, split.validation()).accuracy();
        assertTrue(after > 0.6 && after > before + 0.3, "accuracy " + before + " -> " + after);
    }

    @Test
    void badShapesSayWhatIsExpected() {
        BasicLstm cell = BasicLstm.create(6, 4, 3, 3, 1, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class, () -> cell.forward(Nd4j.zeros(2, 3, 6)));
        assertTrue(e.getMessage().contains("[batch, 6, 3]") && e.getMessage().contains("[2, 3, 6]"), e.getMessage());
        var fit = assertThrows(IllegalStateException.class, () -> cell.fit(new DataSet(Nd4j.zeros(2, 6, 3), Nd4j.zeros(2, 3))));
        assertTrue(fit.getMessage().contains("adam("), fit.getMessage());
        var copy = assertThrows(IllegalArgumentException.class, () -> cell.copyInto(LstmGatesTest.lstmNet(1, 6, 5), 0));
        assertTrue(copy.getMessage().contains("nOut=4"), copy.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BasicLstm.create(0, 4, 3, 3, 1, DataType.FLOAT));
    }
}
