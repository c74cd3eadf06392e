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
 * Lesson 3's network: an MNIST image read as 28 time steps of 28 pixels, an LSTM of 128 units,
 * its output at the last time step, a dense softmax layer over the 10 digits, cross-entropy,
 * Adam. Lesson 3 writes this configuration out in a cell and checks it equals
 * {@link #network(boolean, ISchedule)}; lesson 4 and the benchmark build it from here.
 *
 * <p>Input {@code [batch, 28, 28]} ({@code [batch, features, time]}), output {@code [batch, 10]}
 * class probabilities.
 */
public final class DigitLstm {

    /** Pixels per row: the features of one time step (the course's {@code n_input}). */
    public static final int INPUTS = 28;
    /** Rows per image: the time steps (the course's {@code n_steps}). */
    public static final int STEPS = 28;
    /** LSTM units (the course's {@code n_hidden}). */
    public static final int UNITS = 128;
    /** Digits 0..9 (the course's {@code n_classes}). */
    public static final int CLASSES = 10;
    /** Seed of the weight initialisation. */
    public static final long SEED = 42;

    private DigitLstm() {
    }

    /** The network with {@link FastLSTM} ({@code fast}) or DL4J's own {@link LSTM}, Adam at a fixed rate. */
    public static MultiLayerNetwork network(boolean fast, double learningRate) {
        return network(fast, new Adam(learningRate));
    }

    /**
     * The network, initialised (same weights for the same seed, whichever LSTM implementation).
     *
     * @param fast         {@link FastLSTM} (the lessons' default) or DL4J's {@link LSTM}
     * @param learningRate Adam's learning rate as a schedule (e.g. per epoch)
     */
    public static MultiLayerNetwork network(boolean fast, ISchedule learningRate) {
        return network(fast, new Adam(learningRate));
    }

    private static MultiLayerNetwork network(boolean fast, IUpdater updater) {
        LSTM.Builder lstm = fast ? new FastLSTM.Builder() : new LSTM.Builder();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .list()
                .layer(new LastTimeStep(lstm.nIn(INPUTS).nOut(UNITS).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(UNITS).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Parameters: the LSTM's {@code 4 * UNITS * (INPUTS + UNITS + 1)} plus the output layer's {@code (UNITS + 1) * CLASSES}. */
    public static long parameterCount() {
        return 4L * UNITS * (INPUTS + UNITS + 1) + (UNITS + 1L) * CLASSES;
    }
}
