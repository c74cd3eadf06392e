package org.lstmlessons.train;

/**
 * One row per finished epoch.
 *
 * @param epoch              1-based
 * @param samples            training examples seen so far
 * @param meanLoss           mean of the minibatch losses logged in this epoch
 * @param meanAccuracy       mean of the minibatch accuracies logged in this epoch
 * @param validationAccuracy accuracy on the validation set after the epoch (NaN without one)
 * @param seconds            wall-clock seconds the epoch took (training only, not validation)
 * @param samplesPerSecond   training examples per second in this epoch
 */
public record EpochMetrics(int epoch, long samples, double meanLoss, double meanAccuracy, double validationAccuracy,
        double seconds, double samplesPerSecond) {
}
