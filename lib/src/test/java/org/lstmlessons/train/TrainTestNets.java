package org.lstmlessons.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.lstmlessons.data.Idx;
import org.lstmlessons.data.MnistSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Lesson 3's network, small: LastTimeStep(LSTM 8) + softmax 10, on synthetic 28x28 "digits". */
public final class TrainTestNets {

    private TrainTestNets() {
    }

    static MultiLayerNetwork lstm(long seed) {
        var conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.05)).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(28).nOut(8).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(28, 28)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** n images: image i is a bright bar in row 2*(i mod 10) and 3 in a faint pattern; label i mod 10. */
    public static MnistSet digits(int n) {
        byte[] px = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            for (int c = 4; c < 24; c++) {
                px[(i * 28 + 2 * label + 3) * 28 + c] = (byte) 255;
                px[(i * 28 + (i * 5) % 28) * 28 + (i * 3) % 28] = (byte) 60;
            }
        }
        return MnistSet.of("train", Idx.parse(Idx.encode(new int[] {n, 28, 28}, px), "images"),
                Idx.parse(Idx.encode(new int[] {n}, labels), "labels"));
    }
}
