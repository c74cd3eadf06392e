package org.lstmlessons.bench;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.lstmlessons.data.MnistSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Lesson 3's network in DL4J, with DL4J's LSTM or FastLSTM (either engine), on MNIST minibatches held in memory. */
final class Dl4jCandidate implements Candidate {

    private final MultiLayerNetwork net;
    private final List<DataSet> train = new ArrayList<>();
    private final List<INDArray> test = new ArrayList<>();

    Dl4jCandidate(MultiLayerNetwork net, MnistSet trainSet, MnistSet testSet, int trainBatches, int testBatches) {
        this.net = net;
        int b = Lesson3Model.BATCH;
        for (int i = 0; i < trainBatches; i++) {
            int[] rows = new int[b];
            for (int k = 0; k < b; k++) {
                rows[k] = i * b + k;
            }
            train.add(trainSet.dataSet(rows));
        }
        for (int i = 0; i < testBatches; i++) {
            test.add(testSet.features(i * b, (i + 1) * b));
        }
    }

    @Override
    public void train(int i) {
        net.fit(train.get(i % train.size()));
    }

    @Override
    public double infer(int i) {
        return net.output(test.get(i % test.size())).getDouble(0, 0);
    }

    @Override
    public int trainBatches() {
        return train.size();
    }

    @Override
    public int testBatches() {
        return test.size();
    }
}
