package org.lstmlessons.lstm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.lstmlessons.lstm.fast.FastLSTM;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Lesson 3's network: an MNIST image read as 28 time steps of 28 pixels, an LSTM, its output at the
 * last time step, a dense softmax layer over the 10 digits, cross-entropy, Adam. Lesson 3 writes this
 * configuration out in a cell and checks it equals {@link #network(int, double)} built from the
 * same constants; lesson 4 and the benchmark build it from here.
 *
 * <p>Input {@code [batch, 28, 28]} ({@code [batch, features, time]}), output {@code [batch, 10]}
 * class probabilities.
 */
public final class DigitLstm {

    /** Pixels per row: the features of one time step (the course's {@code n_input}). */
    public static final int FEATURES = 28;
    /** Rows per image: the time steps (the course's {@code n_steps}). */
    public static final int STEPS = 28;
    /** The lessons' LSTM size (the course's {@code n_hidden}); any other can be asked for. */
    public static final int UNITS = 128;
    /** Digits 0..9 (the course's {@code n_classes}). */
    public static final int CLASSES = 10;
    /** Seed of the weight initialisation. */
    public static final long SEED = 42;

    /** Which LSTM layer computes the network: the same function, the same weights, different speed. */
    public enum Layer {
        /** The lessons' {@link FastLSTM} (the default). */
        FAST_LSTM,
        /** DL4J's own {@link LSTM}. */
        DL4J_LSTM
    }

    private DigitLstm() {
    }

    /** The network with {@code units} LSTM units ({@link FastLSTM}), Adam at a fixed rate. */
    public static MultiLayerNetwork network(int units, double learningRate) {
        return network(Layer.FAST_LSTM, units, new Adam(learningRate));
    }

    /** The network with {@code units} LSTM units ({@link FastLSTM}), Adam's rate as a schedule (e.g. per epoch). */
    public static MultiLayerNetwork network(int units, ISchedule learningRate) {
        return network(Layer.FAST_LSTM, units, new Adam(learningRate));
    }

    /** The network computed by the given layer, Adam at a fixed rate (lesson 3's speed comparison). */
    public static MultiLayerNetwork network(Layer layer, int units, double learningRate) {
        return network(layer, units, new Adam(learningRate));
    }

    /**
     * The network, initialised (same weights for the same seed and size, whichever layer computes it).
     *
     * @param layer   {@link Layer#FAST_LSTM} or {@link Layer#DL4J_LSTM}
     * @param units   the LSTM's size, at least 1
     * @param updater Adam with its rate
     */
    private static MultiLayerNetwork network(Layer layer, int units, IUpdater updater) {
        if (units < 1) {
            throw new IllegalArgumentException("DigitLstm.network: the LSTM needs at least 1 unit, got " + units + ".");
        }
        LSTM.Builder lstm = layer == Layer.FAST_LSTM ? new FastLSTM.Builder() : new LSTM.Builder();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .list()
                .layer(new LastTimeStep(lstm.nIn(FEATURES).nOut(units).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(units).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Parameters: the LSTM's {@code 4 * units * (FEATURES + units + 1)} plus the output layer's {@code (units + 1) * CLASSES}. */
    public static long parameterCount(int units) {
        return 4L * units * (FEATURES + units + 1) + (units + 1L) * CLASSES;
    }
}
