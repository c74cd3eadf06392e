package org.lstmlessons.bench;

/** One implementation of lesson 3's model under test: trains or infers one minibatch at a time. */
interface Candidate extends AutoCloseable {

    /** One training step (forward, backward, Adam update) on training minibatch {@code i}. */
    void train(int i);

    /** Class probabilities of test minibatch {@code i}; returns something derived so the JIT keeps it. */
    double infer(int i);

    /** Training minibatches available (used round-robin). */
    int trainBatches();

    /** Test minibatches available (used round-robin). */
    int testBatches();

    @Override
    default void close() {
    }
}
