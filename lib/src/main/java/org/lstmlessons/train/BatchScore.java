package org.lstmlessons.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss and accuracy of class probabilities against one-hot labels, as the course computes them
 * for a minibatch: {@code loss = mean_i(-log p_i[y_i])}, {@code accuracy = mean_i(argmax p_i == y_i)}.
 *
 * @param loss     mean cross-entropy
 * @param accuracy share right, 0..1
 */
public record BatchScore(double loss, double accuracy) {

    /** The smallest probability the log sees, so a confident mistake costs about 16, not infinity. */
    static final double FLOOR = 1e-7;

    /**
     * @param probabilities {@code [batch, classes]}, each row summing to 1
     * @param oneHot        {@code [batch, classes]}
     */
    public static BatchScore of(INDArray probabilities, INDArray oneHot) {
        long n = probabilities.size(0);
        if (n == 0 || probabilities.size(1) != oneHot.size(1) || oneHot.size(0) != n) {
            throw new IllegalArgumentException("BatchScore: probabilities " + java.util.Arrays.toString(probabilities.shape())
                    + " and labels " + java.util.Arrays.toString(oneHot.shape()) + " must both be [batch, classes].");
        }
        int[] predicted = probabilities.argMax(1).toIntVector();
        int[] actual = oneHot.argMax(1).toIntVector();
        double loss = 0;
        int right = 0;
        for (int i = 0; i < n; i++) {
            loss -= Math.log(Math.max(FLOOR, probabilities.getDouble(i, actual[i])));
            if (predicted[i] == actual[i]) {
                right++;
            }
        }
        return new BatchScore(loss / n, right / (double) n);
    }
}
