package org.lstmlessons.train;

/**
 * What a training loop logs every few minibatches (the course's {@code display_step}): measured on
 * the minibatch just trained on, after the update.
 *
 * @param step     minibatches trained so far (1-based, counted over all epochs)
 * @param epoch    the epoch the step belongs to (1-based)
 * @param samples  training examples seen so far
 * @param loss     mean cross-entropy of the minibatch
 * @param accuracy share of the minibatch classified right
 */
public record StepMetrics(int step, int epoch, long samples, double loss, double accuracy) {

    /**
     * The line the course's loop prints at every display step, e.g.
     * {@code Iter 1000, Minibatch Loss= 1.933472, Training Accuracy= 0.37000}.
     */
    public String courseLine() {
        return String.format(java.util.Locale.ROOT, "Iter %d, Minibatch Loss= %.6f, Training Accuracy= %.5f", samples,
                loss, accuracy);
    }
}
