package org.lstmlessons.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.lstmlessons.lstm.DigitLstm;
import org.lstmlessons.lstm.fast.FastLSTM;

/**
 * Lesson 3's network ({@link DigitLstm}), the one every implementation in the benchmark trains: 28
 * time steps of 28 pixels, LSTM of 128 units, its last step, a dense softmax layer of 10 classes,
 * cross-entropy, Adam (learning rate 1e-3), minibatches of 100.
 */
final class Lesson3Model {

    static final int FEATURES = DigitLstm.FEATURES;
    static final int STEPS = DigitLstm.STEPS;
    static final int UNITS = DigitLstm.UNITS;
    static final int CLASSES = DigitLstm.CLASSES;
    static final int BATCH = 100;
    static final double LEARNING_RATE = 1e-3;

    private Lesson3Model() {
    }

    /** The network with DL4J's LSTM ({@code fast = false}) or {@link FastLSTM}. */
    static MultiLayerNetwork dl4j(boolean fast) {
        return DigitLstm.network(fast ? DigitLstm.Layer.FAST_LSTM : DigitLstm.Layer.DL4J_LSTM, UNITS, LEARNING_RATE);
    }

    /** The FastLSTM network computed by one engine (same configuration and seed, so the same weights). */
    static MultiLayerNetwork fast(FastLSTM.Engine engine) {
        MultiLayerConfiguration conf = dl4j(true).getLayerWiseConfigurations().clone();
        Layer lstm = conf.getConf(0).getLayer();
        if (lstm instanceof LastTimeStep last) {
            lstm = last.getUnderlying();
        }
        ((FastLSTM) lstm).engine(engine);
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
