package org.lstmlessons.text;

/**
 * One row of a {@link PerplexityLog}: where training stood when the validation text was scored.
 *
 * @param minibatch  minibatches trained so far (0: before training)
 * @param epoch      the epoch the last of them belonged to (0 before training)
 * @param tokens     tokens trained on so far
 * @param training   perplexity on the training minibatches since the previous row, each measured
 *                   as DL4J trained on it (before its update); NaN for the row before training
 * @param validation perplexity on the whole validation text ({@link Perplexity#of})
 * @param seconds    time since training started, evaluations included
 */
public record PerplexityPoint(int minibatch, int epoch, long tokens, double training, double validation,
        double seconds) {
}
