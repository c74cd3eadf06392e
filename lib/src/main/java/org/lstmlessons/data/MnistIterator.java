package org.lstmlessons.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Minibatches of an {@link MnistSet} for DL4J: features {@code [batch, 28, 28]} ({@code [batch,
 * features, time]}), one-hot labels {@code [batch, 10]}; the last batch may be smaller.
 *
 * <p>With a seed, epoch {@code e} visits the images in an order drawn from {@code seed} and
 * {@code e} alone: a new order every epoch ({@link #reset()} starts the next), the same orders on
 * every run. Without a seed, file order. Made by {@link MnistSet#batches(int, long)}.
 */
public final class MnistIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient MnistSet set;
    private final int batchSize;
    private final Long seed;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    MnistIterator(MnistSet set, int batchSize, Long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize + ".");
        }
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = orderFor(0);
    }

    private int[] orderFor(int e) {
        int[] o = IntStream.range(0, set.size()).toArray();
        if (seed != null) {
            Random random = new Random(seed * 1_000_003L + e);
            for (int i = o.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
        }
        return o;
    }

    /** The epoch the iterator is in: 0 at first, +1 at every {@link #reset()}. */
    public int epoch() {
        return epoch;
    }

    /** Minibatches per epoch (the last one may be smaller). */
    public int batchesPerEpoch() {
        return (set.size() + batchSize - 1) / batchSize;
    }

    /** The image indices (into the set) of this epoch, in the order they are served. */
    public int[] order() {
        return order.clone();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("Epoch " + epoch + " of '" + set.name() + "' is over; call reset() for the next.");
        }
        int end = Math.min(order.length, cursor + num);
        int[] idx = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        DataSet ds = set.dataSet(idx);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Starts the next epoch (a new order when seeded). */
    @Override
    public void reset() {
        epoch++;
        order = orderFor(epoch);
        cursor = 0;
    }

    @Override
    public int inputColumns() {
        return set.cols();
    }

    @Override
    public int totalOutcomes() {
        return MnistSet.CLASSES;
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
    public int batch() {
        return batchSize;
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
        return IntStream.range(0, MnistSet.CLASSES).mapToObj(Integer::toString).toList();
    }
}
