package org.lstmlessons.arrays;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts sequence batches between TensorFlow's layout and DL4J's.
 *
 * <ul>
 *   <li>TensorFlow / Keras (the source lessons): {@code [batch, time, features]} ("NWC")</li>
 *   <li>DL4J recurrent layers (by default): {@code [batch, features, time]} ("NCW")</li>
 * </ul>
 *
 * The same numbers, transposed in the last two axes. Lessons 1 to 4 use it to feed the seeds'
 * inputs (written in TF's order) to DL4J and to print DL4J's outputs in TF's order.
 */
public final class SequenceLayout {

    private SequenceLayout() {
    }

    /**
     * A TensorFlow-ordered batch written as Java arrays, {@code [batch][time][features]}, as an
     * ND4J array in DL4J's order {@code [batch, features, time]} (float32).
     */
    public static INDArray fromTf(double[][][] batchTimeFeatures) {
        if (batchTimeFeatures == null || batchTimeFeatures.length == 0) {
            throw new IllegalArgumentException("SequenceLayout.fromTf: empty batch; pass double[batch][time][features].");
        }
        int t = batchTimeFeatures[0].length;
        int f = t == 0 ? 0 : batchTimeFeatures[0][0].length;
        for (int b = 0; b < batchTimeFeatures.length; b++) {
            if (batchTimeFeatures[b].length != t) {
                throw new IllegalArgumentException("SequenceLayout.fromTf: sequence " + b + " has "
                        + batchTimeFeatures[b].length + " time steps but sequence 0 has " + t
                        + "; all sequences in a batch need the same length (pad them).");
            }
            for (int s = 0; s < t; s++) {
                if (batchTimeFeatures[b][s].length != f) {
                    throw new IllegalArgumentException("SequenceLayout.fromTf: sequence " + b + ", step " + s
                            + " has " + batchTimeFeatures[b][s].length + " features but the first step has " + f
                            + "; every step needs the same number of features.");
                }
            }
        }
        if (t == 0 || f == 0) {
            throw new IllegalArgumentException("SequenceLayout.fromTf: sequences need at least one step and one feature.");
        }
        return toDl4j(Nd4j.create(batchTimeFeatures).castTo(DataType.FLOAT));
    }

    /**
     * One time step per example: rows {@code [batch][features]} (TF's input to a single cell
     * call) as DL4J's {@code [batch, features, 1]}.
     */
    public static INDArray oneStep(double[][] batchFeatures) {
        if (batchFeatures == null || batchFeatures.length == 0) {
            throw new IllegalArgumentException("SequenceLayout.oneStep: empty batch; pass double[batch][features].");
        }
        double[][][] seq = new double[batchFeatures.length][1][];
        for (int b = 0; b < batchFeatures.length; b++) {
            seq[b][0] = batchFeatures[b];
        }
        return fromTf(seq);
    }

    /** TF's {@code [batch, time, features]} to DL4J's {@code [batch, features, time]} (a copy). */
    public static INDArray toDl4j(INDArray batchTimeFeatures) {
        requireRank3(batchTimeFeatures, "toDl4j", "[batch, time, features]");
        return batchTimeFeatures.permute(0, 2, 1).dup('c');
    }

    /** DL4J's {@code [batch, features, time]} to TF's {@code [batch, time, features]} (a copy). */
    public static INDArray toTf(INDArray batchFeaturesTime) {
        requireRank3(batchFeaturesTime, "toTf", "[batch, features, time]");
        return batchFeaturesTime.permute(0, 2, 1).dup('c');
    }

    /**
     * Time step {@code t} of a DL4J batch {@code [batch, features, time]}, as {@code [batch, features]}.
     */
    public static INDArray step(INDArray batchFeaturesTime, int t) {
        requireRank3(batchFeaturesTime, "step", "[batch, features, time]");
        long steps = batchFeaturesTime.size(2);
        if (t < 0 || t >= steps) {
            throw new IllegalArgumentException("SequenceLayout.step: time step " + t + " is outside 0.." + (steps - 1)
                    + " for shape " + Arrays.toString(batchFeaturesTime.shape()) + ".");
        }
        return batchFeaturesTime.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)).dup('c');
    }

    /**
     * One unit's (or feature's) values over time for one sequence of a DL4J batch
     * {@code [batch, features, time]}: a vector of {@code T} values (a copy). Unlike a raw {@code NDArrayIndex.point},
     * which can read past the end of a small array without a word, it refuses a sequence or unit
     * outside the array.
     */
    public static INDArray unit(INDArray batchFeaturesTime, int sequence, int unit) {
        requireRank3(batchFeaturesTime, "unit", "[batch, features, time]");
        long[] shape = batchFeaturesTime.shape();
        if (sequence < 0 || sequence >= shape[0] || unit < 0 || unit >= shape[1]) {
            throw new IllegalArgumentException("SequenceLayout.unit: sequence " + sequence + ", unit " + unit
                    + " is outside the array of shape " + Arrays.toString(shape) + " (sequences 0.." + (shape[0] - 1)
                    + ", units 0.." + (shape[1] - 1) + "); loop to size(0) and size(1).");
        }
        return batchFeaturesTime.get(org.nd4j.linalg.indexing.NDArrayIndex.point(sequence),
                org.nd4j.linalg.indexing.NDArrayIndex.point(unit), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
    }

    /** The time steps of a DL4J batch counted from 1, {@code 1, 2, ..., T}: a chart's x values. */
    public static double[] stepNumbers(INDArray batchFeaturesTime) {
        requireRank3(batchFeaturesTime, "stepNumbers", "[batch, features, time]");
        double[] t = new double[(int) batchFeaturesTime.size(2)];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
        }
        return t;
    }

    static void requireRank3(INDArray a, String method, String expected) {
        if (a == null) {
            throw new IllegalArgumentException("SequenceLayout." + method + ": the array is null; pass a rank-3 "
                    + expected + " array.");
        }
        if (a.rank() != 3) {
            throw new IllegalArgumentException("SequenceLayout." + method + ": expected a rank-3 " + expected
                    + " array but got shape " + Arrays.toString(a.shape())
                    + "; a single sequence needs a batch axis of size 1 (reshape(1, ...)).");
        }
    }
}
