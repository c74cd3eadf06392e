package org.lstmlessons.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What {@link Trainer} and {@link Predictions} need from a model: one update on a minibatch and
 * class probabilities for features {@code [batch, features, time]} -> {@code [batch, classes]}.
 * A DL4J network fits via {@link #of(MultiLayerNetwork)}; lesson 4's hand-written LSTM can
 * implement it directly.
 */
public interface Trainable {

    /** One optimisation step on the minibatch. */
    void fit(DataSet batch);

    /** Class probabilities {@code [batch, classes]} (inference mode). */
    INDArray output(INDArray features);

    /** Called after every epoch (DL4J counts epochs for learning-rate schedules). */
    default void epochDone() {
    }

    /** A DL4J network as a {@link Trainable}. */
    static Trainable of(MultiLayerNetwork net) {
        return new Trainable() {
            @Override
            public void fit(DataSet batch) {
                net.fit(batch);
            }

            @Override
            public INDArray output(INDArray features) {
                return net.output(features);
            }

            @Override
            public void epochDone() {
                net.incrementEpochCount();
            }
        };
    }

    /**
     * A DL4J network that reads each image column by column instead of row by row (lesson 3, Exercise 2):
     * features {@code [batch, rows, columns]} are transposed to {@code [batch, columns, rows]} for
     * training <i>and</i> for every prediction ({@link Trainer}'s validation, {@link Predictions}), so
     * that the network never sees the other orientation.
     */
    static Trainable readingColumns(MultiLayerNetwork net) {
        return new Trainable() {
            @Override
            public void fit(DataSet batch) {
                net.fit(new DataSet(batch.getFeatures().permute(0, 2, 1).dup(), batch.getLabels()));
            }

            @Override
            public INDArray output(INDArray features) {
                return net.output(features.permute(0, 2, 1).dup());
            }

            @Override
            public void epochDone() {
                net.incrementEpochCount();
            }
        };
    }
}
