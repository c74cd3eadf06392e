package org.lstmlessons.lstm.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FastLSTMTest {

    /** LSTM (DL4J's or ours) -> last step -> softmax, the shape of lesson 3's network. */
    static MultiLayerNetwork lastStepNet(boolean fast, DataType type, int nIn, int units, int classes) {
        return lastStepNet(fast, type, nIn, units, classes, new Adam(1e-2));
    }

    static MultiLayerNetwork lastStepNet(boolean fast, DataType type, int nIn, int units, int classes,
            IUpdater updater) {
        LSTM.Builder lstm = fast ? new FastLSTM.Builder() : new LSTM.Builder();
        return lastStepNet(lstm.nIn(nIn).nOut(units).activation(Activation.TANH).build(), type, units, classes, updater);
    }

    /** {@code lstm} (of {@code units} units) -> its last step -> softmax over {@code classes}, seed 12345, Xavier. */
    static MultiLayerNetwork lastStepNet(LSTM lstm, DataType type, int units, int classes, IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(12345).dataType(type)
                .weightInit(WeightInit.XAVIER).updater(updater).list()
                .layer(new LastTimeStep(lstm))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(units).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @AfterEach
    void floatAgain() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static INDArray input(DataType type, long seed, int batch, int nIn, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(type, batch, nIn, steps).muli(4).subi(2);
    }

    static INDArray oneHot(DataType type, int batch, int classes) {
        INDArray labels = Nd4j.zeros(type, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, (i * 7) % classes, 1.0);
        }
        return labels;
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @ParameterizedTest(name = "nIn={0} units={1} batch={2} steps={3}")
    @CsvSource({"28,128,100,28", "3,7,5,9", "1,1,1,1", "6,4,2,3", "10,33,17,40"})
    void forwardEqualsDl4jLstmWithTheSameWeights(int nIn, int units, int batch, int steps) {
        MultiLayerNetwork dl4j = sequenceNet(false, DataType.FLOAT, nIn, units, RNNFormat.NCW);
        MultiLayerNetwork fast = sequenceNet(true, DataType.FLOAT, nIn, units, RNNFormat.NCW);
        assertEquals(dl4j.params(), fast.params(), "same seed, same initialisation");
        // random biases, so that every gate block matters
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4L * units).subi(0.5);
        dl4j.getLayer(0).setParam("b", b);
        fast.getLayer(0).setParam("b", b);
        INDArray x = input(DataType.FLOAT, 3, batch, nIn, steps);

        INDArray expected = dl4j.getLayer(0).activate(x, false, workspaceMgr());
        INDArray actual = fast.getLayer(0).activate(x, false, workspaceMgr());

        assertArrayEquals(expected.shape(), actual.shape());
        assertTrue(maxAbsDiff(expected, actual) < 1e-5, "max |fast - dl4j| = " + maxAbsDiff(expected, actual));
    }

    @Test
    void forwardEqualsDl4jInTimeMajorFormat() {
        MultiLayerNetwork dl4j = sequenceNet(false, DataType.FLOAT, 5, 6, RNNFormat.NWC);
        MultiLayerNetwork fast = sequenceNet(true, DataType.FLOAT, 5, 6, RNNFormat.NWC);
        INDArray x = input(DataType.FLOAT, 4, 3, 7, 5); // [batch, time, features]

        INDArray expected = dl4j.getLayer(0).activate(x, false, workspaceMgr());
        INDArray actual = fast.getLayer(0).activate(x, false, workspaceMgr());

        assertArrayEquals(new long[] {3, 7, 6}, actual.shape());
        assertTrue(maxAbsDiff(expected, actual) < 1e-5);
    }

    @ParameterizedTest(name = "batch={0} steps={1}")
    @CsvSource({"100,28", "4,9", "1,2"})
    void trainingGradientsEqualDl4j(int batch, int steps) {
        MultiLayerNetwork dl4j = lastStepNet(false, DataType.FLOAT, 28, 32, 10);
        MultiLayerNetwork fast = lastStepNet(true, DataType.FLOAT, 28, 32, 10);
        DataSet data = new DataSet(input(DataType.FLOAT, 5, batch, 28, steps), oneHot(DataType.FLOAT, batch, 10));
        assertSameScoreAndGradients(dl4j, fast, data, "fast");
    }

    /** Both networks' loss within 1e-5, every gradient within 1e-4 of the largest entry of DL4J's. */
    static void assertSameScoreAndGradients(MultiLayerNetwork dl4j, MultiLayerNetwork other, DataSet data,
            String label) {
        dl4j.setInput(data.getFeatures());
        dl4j.setLabels(data.getLabels());
        dl4j.computeGradientAndScore();
        other.setInput(data.getFeatures());
        other.setLabels(data.getLabels());
        other.computeGradientAndScore();

        assertEquals(dl4j.score(), other.score(), 1e-5);
        Gradient expected = dl4j.gradient();
        Gradient actual = other.gradient();
        for (String key : expected.gradientForVariable().keySet()) {
            INDArray e = expected.getGradientFor(key);
            INDArray a = actual.getGradientFor(key);
            double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
            assertTrue(maxAbsDiff(e, a) / scale < 1e-4, label + " " + key + ": max |" + label + " - dl4j| = "
                    + maxAbsDiff(e, a) + " (largest gradient " + scale + ")");
        }
    }

    @Test
    void trainingFollowsDl4jOverRepeatedMinibatches() {
        MultiLayerNetwork dl4j = lastStepNet(false, DataType.FLOAT, 28, 32, 10);
        MultiLayerNetwork fast = lastStepNet(true, DataType.FLOAT, 28, 32, 10);
        for (int i = 0; i < 10; i++) {
            DataSet data = new DataSet(input(DataType.FLOAT, 100 + i, 20, 28, 28), oneHot(DataType.FLOAT, 20, 10));
            dl4j.fit(data);
            fast.fit(data);
        }
        assertTrue(maxAbsDiff(dl4j.params(), fast.params()) < 1e-4,
                "max |params fast - dl4j| after 10 Adam steps = " + maxAbsDiff(dl4j.params(), fast.params()));
        INDArray x = input(DataType.FLOAT, 99, 8, 28, 28);
        assertTrue(maxAbsDiff(dl4j.output(x), fast.output(x)) < 1e-4);
    }

    @Test
    void gradientCheckPassesWithLastTimeStep() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = lastStepNet(true, DataType.DOUBLE, 4, 5, 3, new NoOp());
        INDArray x = input(DataType.DOUBLE, 6, 3, 4, 6);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(oneHot(DataType.DOUBLE, 3, 3)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8));
        assertTrue(ok, "numerical and analytical gradients differ (see log)");
    }

    @Test
    void gradientCheckPassesWithAnOutputAtEveryStep() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).updater(new NoOp()).list()
                .layer(new FastLSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new FastLSTM.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = input(DataType.DOUBLE, 8, 2, 3, 5);
        INDArray y = input(DataType.DOUBLE, 9, 2, 2, 5);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8));
        assertTrue(ok, "numerical and analytical gradients differ (see log)");
    }

    @Test
    void rnnTimeStepCarriesStateLikeDl4j() {
        MultiLayerNetwork dl4j = sequenceNet(false, DataType.FLOAT, 3, 4, RNNFormat.NCW);
        MultiLayerNetwork fast = sequenceNet(true, DataType.FLOAT, 3, 4, RNNFormat.NCW);
        INDArray x = input(DataType.FLOAT, 10, 2, 3, 6);
        INDArray whole = dl4j.output(x);
        for (int t = 0; t < 6; t++) {
            INDArray step = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1));
            INDArray out = fast.rnnTimeStep(step);
            INDArray expected = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1));
            assertTrue(maxAbsDiff(expected, out) < 1e-5, "step " + t);
        }
    }

    @Test
    void savedAndLoadedNetworkIsStillFastAndEqual(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = lastStepNet(true, DataType.FLOAT, 6, 8, 3);
        File file = dir.resolve("fast-lstm.zip").toFile();
        ModelSerializer.writeModel(net, file, true);

        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);

        INDArray x = input(DataType.FLOAT, 11, 4, 6, 5);
        assertEquals(net.output(x), loaded.output(x));
        assertInstanceOf(FastLSTM.class, ((LastTimeStep) loaded.getLayerWiseConfigurations().getConf(0).getLayer())
                .getUnderlying());
        assertEquals(net.getLayerWiseConfigurations().toJson(), loaded.getLayerWiseConfigurations().toJson());
    }

    @Test
    void otherActivationsAreRejectedWithAClearMessage() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new FastLSTM.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder().nIn(4).nOut(2).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, net::init);
        assertTrue(e.getMessage().contains("use DL4J's LSTM"), e.getMessage());
    }

    @Test
    void masksAreRejectedWithAClearMessage() {
        MultiLayerNetwork net = lastStepNet(true, DataType.FLOAT, 3, 4, 2);
        INDArray x = input(DataType.FLOAT, 12, 2, 3, 5);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 2, 5);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> net.output(x, false, mask, null));
        assertTrue(e.getMessage().contains("masks"), e.getMessage());
    }

    private static MultiLayerNetwork sequenceNet(boolean fast, DataType type, int nIn, int units, RNNFormat format) {
        LSTM.Builder lstm = fast ? new FastLSTM.Builder() : new LSTM.Builder();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(type)
                .weightInit(WeightInit.XAVIER).list()
                .layer(lstm.nIn(nIn).nOut(units).activation(Activation.TANH).dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(units).nOut(2)
                        .dataFormat(format).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static org.deeplearning4j.nn.workspace.LayerWorkspaceMgr workspaceMgr() {
        return org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
    }
}
