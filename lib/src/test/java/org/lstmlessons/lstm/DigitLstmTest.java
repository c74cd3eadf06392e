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
        MultiLayerNetwork net = DigitLstm.network(true, 1e-3);
        assertEquals(81_674L, DigitLstm.parameterCount());
        assertEquals(DigitLstm.parameterCount(), net.numParams());
        LastTimeStep last = (LastTimeStep) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertTrue(last.getUnderlying() instanceof FastLSTM);
        Lessons.seed(1);
        INDArray out = net.output(Nd4j.rand(3, DigitLstm.INPUTS, DigitLstm.STEPS));
        assertArrayEquals(new long[] {3, DigitLstm.CLASSES}, out.shape());
        assertArrayEquals(new double[] {1, 1, 1}, out.sum(1).toDoubleVector(), 1e-5);
    }

    @Test
    void fastAndDl4jStartFromTheSameWeightsAndAgree() {
        MultiLayerNetwork fast = DigitLstm.network(true, 1e-3);
        MultiLayerNetwork dl4j = DigitLstm.network(false, 1e-3);
        assertEquals(fast.params(), dl4j.params());
        Lessons.seed(2);
        INDArray x = Nd4j.rand(4, DigitLstm.INPUTS, DigitLstm.STEPS);
        double diff = fast.output(x).sub(dl4j.output(x)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |fast - dl4j| = " + diff);
    }
}
