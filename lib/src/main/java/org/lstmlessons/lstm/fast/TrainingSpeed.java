package org.lstmlessons.lstm.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A short side-by-side speed check of two networks, for lesson 3: how many training samples per
 * second each one fits, measured in alternation on the same minibatches (median of the rounds).
 * The networks are fresh ones from the suppliers, so the lesson's own model is not touched.
 *
 * <pre>
 * var speed = TrainingSpeed.compare(() -> model(true), () -> model(false), minibatches, 3);
 * System.out.println(speed);   // FastLSTM 4,210 samples/s, DL4J LSTM 1,020 samples/s: 4.1x
 * </pre>
 *
 * @param first        samples/s of the first network (median over the rounds)
 * @param second       samples/s of the second network
 * @param firstName    label of the first
 * @param secondName   label of the second
 */
public record TrainingSpeed(double first, double second, String firstName, String secondName) {

    /**
     * Trains each network on every minibatch once per round, alternating which goes first; the
     * first round is a warm-up and not counted.
     *
     * @param minibatches a few minibatches (each {@code [batch, features, time]} + labels)
     * @param rounds      counted rounds, at least 1
     */
    public static TrainingSpeed compare(Supplier<MultiLayerNetwork> first, Supplier<MultiLayerNetwork> second,
            List<DataSet> minibatches, int rounds) {
        return compare(first, "FastLSTM", second, "DL4J LSTM", minibatches, rounds);
    }

    /** {@link #compare(Supplier, Supplier, List, int)} with labels of your choice. */
    public static TrainingSpeed compare(Supplier<MultiLayerNetwork> first, String firstName,
            Supplier<MultiLayerNetwork> second, String secondName, List<DataSet> minibatches, int rounds) {
        if (minibatches.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("TrainingSpeed needs at least one minibatch and one round, got "
                    + minibatches.size() + " minibatches and " + rounds + " rounds");
        }
        MultiLayerNetwork a = first.get();
        MultiLayerNetwork b = second.get();
        List<Double> ra = new ArrayList<>();
        List<Double> rb = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            double sa;
            double sb;
            if (r % 2 == 0) {
                sa = samplesPerSecond(a, minibatches);
                sb = samplesPerSecond(b, minibatches);
            } else {
                sb = samplesPerSecond(b, minibatches);
                sa = samplesPerSecond(a, minibatches);
            }
            if (r > 0) {
                ra.add(sa);
                rb.add(sb);
            }
        }
        return new TrainingSpeed(median(ra), median(rb), firstName, secondName);
    }

    /** How many times faster the first network trains. */
    public double ratio() {
        return first / second;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %,.0f samples/s, %s %,.0f samples/s: %.1fx", firstName, first,
                secondName, second, ratio());
    }

    private static double samplesPerSecond(MultiLayerNetwork net, List<DataSet> minibatches) {
        long samples = 0;
        long start = System.nanoTime();
        for (DataSet d : minibatches) {
            net.fit(d);
            samples += d.numExamples();
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
