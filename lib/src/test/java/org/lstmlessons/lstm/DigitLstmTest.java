package org.lstmlessons.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.lstmlessons.Lessons;
import org.lstmlessons.lstm.fast.FastLSTM;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DigitLstmTest {

    @Test
    void hasTheCoursesShapeAndParameterCount() {
        MultiLayerNetwork net = DigitLstm.network(DigitLstm.UNITS, 1e-3);
        assertEquals(81_674L, DigitLstm.parameterCount(DigitLstm.UNITS));
        assertEquals(DigitLstm.parameterCount(DigitLstm.UNITS), net.numParams());
        LastTimeStep last = (LastTimeStep) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertTrue(last.getUnderlying() instanceof FastLSTM);
        Lessons.seed(1);
        INDArray out = net.output(Nd4j.rand(3, DigitLstm.FEATURES, DigitLstm.STEPS));
        assertArrayEquals(new long[] {3, DigitLstm.CLASSES}, out.shape());
        assertArrayEquals(new double[] {1, 1, 1}, out.sum(1).toDoubleVector(), 1e-5);
    }

    @Test
    void fastAndDl4jStartFromTheSameWeightsAndAgree() {
        MultiLayerNetwork fast = DigitLstm.network(DigitLstm.Layer.FAST_LSTM, DigitLstm.UNITS, 1e-3);
        MultiLayerNetwork dl4j = DigitLstm.network(DigitLstm.Layer.DL4J_LSTM, DigitLstm.UNITS, 1e-3);
        assertEquals(fast.params(), dl4j.params());
        Lessons.seed(2);
        INDArray x = Nd4j.rand(4, DigitLstm.FEATURES, DigitLstm.STEPS);
        double diff = fast.output(x).sub(dl4j.output(x)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |fast - dl4j| = " + diff);
    }

    @Test
    void theSizeIsTheCallersAndEveryParameterIsCounted() {
        MultiLayerNetwork small = DigitLstm.network(32, 1e-3);
        assertEquals(4L * 32 * (28 + 32 + 1) + 33L * 10, small.numParams());    // 7,808 + 330 = 8,138
        assertEquals(8_138L, DigitLstm.parameterCount(32));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DigitLstm.network(0, 1e-3));
        assertTrue(e.getMessage().contains("at least 1 unit"), e.getMessage());
    }
}
