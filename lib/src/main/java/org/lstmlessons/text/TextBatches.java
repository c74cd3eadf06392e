package org.lstmlessons.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A token stream cut into minibatches for a language model (lessons 5 and 6): the stream is split
 * into {@code batch} equal, contiguous rows, and each minibatch is the next {@code steps} tokens of
 * every row; the label at each step is the token that comes next. So minibatch k+1 continues
 * minibatch k row by row, which is what truncated backpropagation through time assumes.
 *
 * <p>Features are one-hot, shape {@code [batch, vocabulary, steps]} (a character model), or indices,
 * shape {@code [batch, 1, steps]} (for DL4J's {@code EmbeddingSequenceLayer}); labels are always
 * one-hot {@code [batch, vocabulary, steps]}.
 */
public final class TextBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int[] ids;
    private final int vocabulary;
    private final int batch;
    private final int steps;
    private final boolean oneHot;
    private final int rowLength;
    private final List<Integer> order = new ArrayList<>();
    private final Random shuffle;
    private int next;
    private DataSetPreProcessor preProcessor;

    private TextBatches(int[] ids, int vocabulary, int batch, int steps, boolean oneHot, Long seed) {
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("batch and steps must be at least 1, not " + batch + " and " + steps);
        }
        this.ids = ids;
        this.vocabulary = vocabulary;
        this.batch = batch;
        this.steps = steps;
        this.oneHot = oneHot;
        this.rowLength = (ids.length - 1) / batch;
        int windows = rowLength / steps;
        if (windows < 1) {
            throw new IllegalArgumentException(ids.length + " tokens are too few for " + batch + " rows of " + steps
                    + " steps (and one more token as the last label); use a smaller batch or fewer steps.");
        }
        for (int w = 0; w < windows; w++) {
            order.add(w);
        }
        this.shuffle = seed == null ? null : new Random(seed);
        reset();
    }

    /** One-hot features {@code [batch, vocabulary, steps]}: a character model. */
    public static TextBatches oneHot(int[] ids, int vocabulary, int batch, int steps) {
        return new TextBatches(ids, vocabulary, batch, steps, true, null);
    }

    /** Index features {@code [batch, 1, steps]}: a word model with an embedding layer. */
    public static TextBatches indices(int[] ids, int vocabulary, int batch, int steps) {
        return new TextBatches(ids, vocabulary, batch, steps, false, null);
    }

    /**
     * The same batches, the order of the windows shuffled at each {@link #reset()} with {@code seed}
     * (rows stay contiguous inside a window): for training.
     */
    public TextBatches shuffled(long seed) {
        return new TextBatches(ids, vocabulary, batch, steps, oneHot, seed);
    }

    /** Whether {@link #reset()} shuffles the windows (made by {@link #shuffled(long)}). */
    public boolean isShuffled() {
        return shuffle != null;
    }

    /** Time steps per window (and per minibatch). */
    public int steps() {
        return steps;
    }

    /** How many minibatches one pass has. */
    public int windows() {
        return order.size();
    }

    /** How many tokens one pass predicts: batch x steps x windows. */
    public long tokens() {
        return (long) batch * steps * order.size();
    }

    @Override
    public boolean hasNext() {
        return next < order.size();
    }

    @Override
    public DataSet next() {
        int w = order.get(next++);
        INDArray features = oneHot ? Nd4j.zeros(batch, vocabulary, steps) : Nd4j.zeros(batch, 1, steps);
        INDArray labels = Nd4j.zeros(batch, vocabulary, steps);
        for (int r = 0; r < batch; r++) {
            int start = r * rowLength + w * steps;
            for (int t = 0; t < steps; t++) {
                int in = ids[start + t];
                if (oneHot) {
                    features.putScalar(new long[] {r, in, t}, 1.0);
                } else {
                    features.putScalar(new long[] {r, 0, t}, in);
                }
                labels.putScalar(new long[] {r, ids[start + t + 1], t}, 1.0);
            }
        }
        DataSet ds = new DataSet(features, labels);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("TextBatches makes minibatches of its own batch size; call next().");
    }

    @Override
    public int inputColumns() {
        return oneHot ? vocabulary : 1;
    }

    @Override
    public int totalOutcomes() {
        return vocabulary;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        next = 0;
        if (shuffle != null) {
            Collections.shuffle(order, shuffle);
        }
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
