package org.lstmlessons.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.lstmlessons.lstm.fast.FastLSTM;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Lesson 3's network, the one every implementation in the benchmark trains: 28 time steps of 28
 * pixels, LSTM of 128 units, its last step, a dense softmax layer of 10 classes, cross-entropy,
 * Adam (learning rate 1e-3), minibatches of 100.
 */
final class Lesson3Model {

    static final int FEATURES = 28;
    static final int STEPS = 28;
    static final int UNITS = 128;
    static final int CLASSES = 10;
    static final int BATCH = 100;
    static final double LEARNING_RATE = 1e-3;

    private Lesson3Model() {
    }

    /** The network with DL4J's LSTM ({@code fast = false}) or {@link FastLSTM}. */
    static MultiLayerNetwork dl4j(boolean fast) {
        LSTM.Builder lstm = fast ? new FastLSTM.Builder() : new LSTM.Builder();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42)
                .weightInit(WeightInit.XAVIER).updater(new Adam(LEARNING_RATE)).list()
                .layer(new LastTimeStep(lstm.nIn(FEATURES).nOut(UNITS).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Multiply-adds x 2 of the LSTM's matrix products for one sample's forward pass. */
    static long forwardFlopsPerSample() {
        return 2L * STEPS * (FEATURES + UNITS) * 4 * UNITS;
    }

    /**
     * FLOPs of one training minibatch's matrix products: forward, the weight gradients (as many
     * again) and the recurrent gradient dz RW^T of every step (the input gradient of the first
     * layer is not needed). Element-wise work is not counted.
     */
    static long trainFlopsPerMinibatch() {
        long recurrentBackward = 2L * STEPS * UNITS * 4 * UNITS;
        return BATCH * (2 * forwardFlopsPerSample() + recurrentBackward);
    }
}
