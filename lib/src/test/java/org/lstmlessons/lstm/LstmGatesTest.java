package org.lstmlessons.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlessons.Lessons;
import org.lstmlessons.arrays.SequenceLayout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LstmGatesTest {

    static MultiLayerNetwork lstmNet(long seed, int nIn, int... sizes) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).weightInit(WeightInit.XAVIER).list();
        int in = nIn;
        for (int size : sizes) {
            list.layer(new LSTM.Builder().nIn(in).nOut(size).activation(Activation.TANH).build());
            in = size;
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    @ParameterizedTest(name = "nIn={0} units={1} batch={2} steps={3}")
    @CsvSource({"6,4,1,1", "6,4,2,3", "3,7,5,9", "28,16,4,28", "1,1,1,6"})
    void handComputedOutputsEqualDl4jForward(int nIn, int units, int batch, int steps) {
        Lessons.seed(7);
        MultiLayerNetwork net = lstmNet(123, nIn, units);
        // random biases too, so that every block of b matters
        net.getLayer(0).setParam("b", Nd4j.rand(DataType.FLOAT, 1, 4L * units).subi(0.5));
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).muli(4).subi(2);

        List<LstmGates.Step> hand = LstmGates.of(net, 0).run(x);
        INDArray dl4j = net.output(x);

        assertArrayEquals(new long[] {batch, units, steps}, dl4j.shape());
        assertTrue(org.lstmlessons.Checks.maxAbsDiff(LstmGates.outputs(hand), dl4j) < 1e-6,
                "max |hand - dl4j| = " + org.lstmlessons.Checks.maxAbsDiff(LstmGates.outputs(hand), dl4j));

        net.rnnClearPreviousState();
        net.rnnTimeStep(x);
        LstmState state = LstmState.of(net, 0);
        LstmGates.Step last = hand.get(steps - 1);
        assertTrue(org.lstmlessons.Checks.maxAbsDiff(last.cell(), state.c()) < 1e-6);
        assertTrue(org.lstmlessons.Checks.maxAbsDiff(last.output(), state.h()) < 1e-6);
    }

    @Test
    void stackedLayersExplainLayerByLayer() {
        Lessons.seed(1);
        MultiLayerNetwork net = lstmNet(42, 6, 4, 5);
        INDArray x = SequenceLayout.fromTf(new double[][][] {
                {{1, 2, 3, 4, 3, 2}, {1, 2, 1, 1, 1, 2}, {1, 2, 2, 2, 2, 2}},
                {{1, 2, 3, 4, 3, 2}, {3, 2, 2, 1, 1, 2}, {0, 0, 0, 0, 3, 2}}});
        INDArray h1 = LstmGates.outputs(LstmGates.of(net, 0).run(x));
        INDArray h2 = LstmGates.outputs(LstmGates.of(net, 1).run(h1));
        assertTrue(org.lstmlessons.Checks.maxAbsDiff(h2, net.output(x)) < 1e-6);
    }

    @Test
    void dl4jInitialisesTheKeepGateBiasToOne() {
        LstmGates gates = LstmGates.of(lstmNet(3, 6, 4), 0);
        assertEquals(1.0, gates.bias(LstmGates.Gate.KEEP).minNumber().doubleValue(), 0.0);
        assertEquals(1.0, gates.bias(LstmGates.Gate.KEEP).maxNumber().doubleValue(), 0.0);
        for (LstmGates.Gate g : new LstmGates.Gate[] {LstmGates.Gate.CANDIDATE, LstmGates.Gate.OUTPUT, LstmGates.Gate.INPUT}) {
            assertEquals(0.0, gates.bias(g).amaxNumber().doubleValue(), 0.0, g.name());
        }
        assertArrayEquals(new long[] {6, 4}, gates.inputWeights(LstmGates.Gate.INPUT).shape());
        assertArrayEquals(new long[] {1, 4}, gates.bias(LstmGates.Gate.KEEP).shape());
        assertArrayEquals(new long[] {4, 4}, gates.recurrentWeights(LstmGates.Gate.OUTPUT).shape());
    }

    @Test
    void setBiasChangesOneGateOfTheLiveNetwork() {
        MultiLayerNetwork net = lstmNet(3, 6, 4, 5);
        LstmGates.setBias(net, 1, LstmGates.Gate.KEEP, -10);
        LstmGates top = LstmGates.of(net, 1);
        assertEquals(-10.0, top.bias(LstmGates.Gate.KEEP).maxNumber().doubleValue(), 0.0);
        assertEquals(-10.0, top.bias(LstmGates.Gate.KEEP).minNumber().doubleValue(), 0.0);
        assertArrayEquals(new long[] {1, 5}, top.bias(LstmGates.Gate.KEEP).shape());
        assertEquals(0.0, top.bias(LstmGates.Gate.INPUT).amaxNumber().doubleValue(), 0.0);
        assertEquals(1.0, LstmGates.of(net, 0).bias(LstmGates.Gate.KEEP).minNumber().doubleValue(), 0.0); // layer 0 untouched
    }

    @Test
    void zeroInputAndStateGiveTheGateValuesOfTheBiasesAlone() {
        // with x = 0 and h = c = 0 only the biases act: K = σ(1), I = O = σ(0) = 0.5, C = tanh(0) = 0
        LstmGates.Step s = LstmGates.of(lstmNet(3, 6, 4), 0).step(Nd4j.zeros(DataType.FLOAT, 2, 6), LstmState.zeros(2, 4));
        assertEquals(1 / (1 + Math.exp(-1)), s.keep().getDouble(0, 0), 1e-6);
        assertEquals(0.5, s.input().getDouble(1, 3), 1e-7);
        assertEquals(0.5, s.outputGate().getDouble(0, 2), 1e-7);
        assertEquals(0.0, s.output().amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void describeLabelsEveryQuantityWithTheLessonSymbols() {
        LstmGates.Step s = LstmGates.of(lstmNet(3, 6, 4), 0).step(Nd4j.ones(DataType.FLOAT, 1, 6), LstmState.zeros(1, 4));
        String text = s.describe();
        for (String symbol : new String[] {"K_t", "Old_t", "I_t", "C_t", "New_t", "Cell_t", "O_t", "Output_t"}) {
            assertTrue(text.contains(symbol), symbol + " missing in\n" + text);
        }
        assertTrue(LstmGates.of(lstmNet(3, 6, 4), 0).describeLayout().contains("[6, 16]"));
    }

    @Test
    void wrongShapesAreRejectedWithTheExpectedShape() {
        LstmGates gates = LstmGates.of(lstmNet(3, 6, 4), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> gates.step(Nd4j.ones(1, 5), LstmState.zeros(1, 4)));
        assertTrue(e.getMessage().contains("[batch, 6]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> gates.run(Nd4j.ones(1, 3, 6)));
        assertTrue(e2.getMessage().contains("SequenceLayout.toDl4j"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> gates.step(Nd4j.ones(2, 6), LstmState.zeros(1, 4)));
        assertTrue(e3.getMessage().contains("[2, 4]"), e3.getMessage());
    }

    @Test
    void nonLstmLayersAreRejected() {
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).build()).build());
        dense.init();
        var e = assertThrows(IllegalArgumentException.class, () -> LstmGates.of(dense, 0));
        assertTrue(e.getMessage().contains("DenseLayer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LstmState.of(dense, 0));
        assertThrows(IllegalArgumentException.class, () -> LstmGates.of(dense, 5));
    }

    @Test
    void stateBeforeAnyTimeStepIsAClearError() {
        MultiLayerNetwork net = lstmNet(3, 6, 4);
        var e = assertThrows(IllegalStateException.class, () -> LstmState.of(net, 0));
        assertTrue(e.getMessage().contains("rnnTimeStep"), e.getMessage());
    }

    @Test
    void explicitWeightsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> LstmGates.of(Nd4j.ones(6, 16), Nd4j.ones(4, 15), Nd4j.ones(1, 16)));
        assertThrows(IllegalArgumentException.class, () -> LstmGates.of(Nd4j.ones(6, 12), Nd4j.ones(4, 16), Nd4j.ones(1, 16)));
        assertThrows(IllegalArgumentException.class, () -> LstmGates.of(Nd4j.ones(6, 16), Nd4j.ones(4, 16), Nd4j.ones(1, 8)));
        assertEquals(4, LstmGates.of(Nd4j.ones(6, 16), Nd4j.ones(4, 16), Nd4j.ones(16)).units());
    }
}
