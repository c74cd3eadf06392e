package org.lstmlessons.lstm.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lstmlessons.lstm.fast.FastLSTMTest.input;
import static org.lstmlessons.lstm.fast.FastLSTMTest.maxAbsDiff;
import static org.lstmlessons.lstm.fast.FastLSTMTest.oneHot;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** What computes a FastLSTM layer: oneDNN, the Java kernel, or DL4J's LSTM off the CPU; all three agree. */
class FastLSTMEngineTest {

    @AfterEach
    void realBackendAgain() {
        FastLSTM.backendForTests = null;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** LSTM (one engine, or DL4J's own layer for null) -> last step -> softmax. */
    static MultiLayerNetwork net(FastLSTM.Engine engine, int nIn, int units, int classes) {
        LSTM lstm = engine == null ? new LSTM.Builder().nIn(nIn).nOut(units).activation(Activation.TANH).build()
                : ((FastLSTM) new FastLSTM.Builder().nIn(nIn).nOut(units).activation(Activation.TANH).build())
                        .engine(engine);
        return FastLSTMTest.lastStepNet(lstm, DataType.FLOAT, units, classes, new Adam(1e-2));
    }

    private static String engineName(MultiLayerNetwork net) {
        var layer = (org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer) net.getLayer(0);
        return ((FastLSTMLayer) layer.getUnderlying()).engineName();
    }

    @Test
    void float32OnTheCpuRunsOnOneDnnByDefault() {
        assertNull(OneDnnLstm.unavailable(), "oneDNN's natives load");
        MultiLayerNetwork net = net(FastLSTM.Engine.AUTO, 5, 6, 3);
        net.output(input(DataType.FLOAT, 1, 2, 5, 4));
        assertEquals("oneDNN 2.5.2 LSTM", engineName(net));
        assertEquals("FastLSTM: oneDNN 2.5.2 LSTM (float32, CPU)", FastLSTM.implementation());
        MultiLayerNetwork java = net(FastLSTM.Engine.JAVA, 5, 6, 3);
        java.output(input(DataType.FLOAT, 1, 2, 5, 4));
        assertEquals("Java gate loops + OpenBLAS GEMM", engineName(java));
    }

    @ParameterizedTest
    @EnumSource(value = FastLSTM.Engine.class, names = {"ONEDNN", "JAVA"})
    void gradientsEqualDl4jsLstm(FastLSTM.Engine engine) {
        MultiLayerNetwork dl4j = net(null, 28, 32, 10);
        MultiLayerNetwork fast = net(engine, 28, 32, 10);
        DataSet data = new DataSet(input(DataType.FLOAT, 5, 50, 28, 28), oneHot(DataType.FLOAT, 50, 10));
        FastLSTMTest.assertSameScoreAndGradients(dl4j, fast, data, engine.toString());
    }

    @Test
    void oneDnnAndJavaTrainAlikeOverManyMinibatchesOfChangingSize() {
        // native paths must survive repeated calls and new shapes (libnd4j's own lstmLayer op ran once, then failed)
        MultiLayerNetwork onednn = net(FastLSTM.Engine.ONEDNN, 28, 32, 10);
        MultiLayerNetwork java = net(FastLSTM.Engine.JAVA, 28, 32, 10);
        int[] batches = {20, 7, 20, 1, 33};
        for (int i = 0; i < 40; i++) {
            int batch = batches[i % batches.length];
            int steps = i % 3 == 0 ? 28 : 11;
            DataSet data = new DataSet(input(DataType.FLOAT, 200 + i, batch, 28, steps),
                    oneHot(DataType.FLOAT, batch, 10));
            onednn.fit(data);
            java.fit(data);
        }
        double gap = maxAbsDiff(onednn.params(), java.params());
        assertTrue(gap < 1e-3, "max |params oneDNN - Java| after 40 Adam steps = " + gap);
        INDArray x = input(DataType.FLOAT, 99, 8, 28, 28);
        assertTrue(maxAbsDiff(onednn.output(x), java.output(x)) < 1e-4);
    }

    @Test
    void truncatedBackpropShorterThanTheSegmentMatchesTheJavaKernel() {
        MultiLayerNetwork onednn = sequenceNet(FastLSTM.Engine.ONEDNN);
        MultiLayerNetwork java = sequenceNet(FastLSTM.Engine.JAVA);
        for (int i = 0; i < 5; i++) {
            DataSet data = new DataSet(input(DataType.FLOAT, 300 + i, 4, 3, 12), input(DataType.FLOAT, 400 + i, 4, 2, 12));
            onednn.fit(data);
            java.fit(data);
        }
        double gap = maxAbsDiff(onednn.params(), java.params());
        assertTrue(gap < 1e-4, "max |params oneDNN - Java| with segments of 6, backprop over 3: " + gap);
    }

    @Test
    void oneDnnRefusesDoublePrecisionWithAWayOut() {
        FastLSTM layer = ((FastLSTM) new FastLSTM.Builder().nIn(3).nOut(4).build()).engine(FastLSTM.Engine.ONEDNN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.engineFor(DataType.DOUBLE));
        assertTrue(e.getMessage().contains("Engine.JAVA or AUTO"), e.getMessage());
        assertEquals(FastLSTM.Engine.JAVA, layer.engine(FastLSTM.Engine.AUTO).engineFor(DataType.DOUBLE));
    }

    @Test
    void offTheCpuBackendTheLayerIsDl4jsOwnLstm() {
        MultiLayerNetwork reference = net(FastLSTM.Engine.AUTO, 5, 6, 3);
        FastLSTM.backendForTests = "org.nd4j.linalg.jcublas.JCublasBackend";
        MultiLayerNetwork onGpu = net(FastLSTM.Engine.AUTO, 5, 6, 3);
        var layer = (org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer) onGpu.getLayer(0);

        assertInstanceOf(org.deeplearning4j.nn.layers.recurrent.LSTM.class, layer.getUnderlying());
        assertEquals(FastLSTM.Engine.DL4J, new FastLSTM().engine(FastLSTM.Engine.ONEDNN).engineFor(DataType.FLOAT));
        assertEquals("FastLSTM: DL4J's LSTM (ND4J backend org.nd4j.linalg.jcublas.JCublasBackend)",
                FastLSTM.implementation());
        INDArray x = input(DataType.FLOAT, 7, 4, 5, 6);
        assertEquals(reference.params(), onGpu.params(), "same parameters, same initialisation");
        assertTrue(maxAbsDiff(reference.output(x), onGpu.output(x)) < 1e-5);
        // and it trains as DL4J's layer does
        onGpu.fit(new DataSet(x, oneHot(DataType.FLOAT, 4, 3)));
    }

    private static MultiLayerNetwork sequenceNet(FastLSTM.Engine engine) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-2)).list()
                .layer(((FastLSTM) new FastLSTM.Builder().nIn(3).nOut(5).activation(Activation.TANH).build())
                        .engine(engine))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(6).tBPTTBackwardLength(3)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
