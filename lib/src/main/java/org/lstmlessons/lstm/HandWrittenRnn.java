package org.lstmlessons.lstm;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lstmlessons.train.Trainable;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * What lesson 4's hand-written cells share ({@link BasicLstm}, {@link BasicGru}): a recurrent layer
 * written from its equations as a SameDiff graph (ND4J's automatic differentiation), unrolled over
 * every time step, then a dense softmax classifier on the last {@code h}:
 * {@code p = softmax(h_T Wy + by)}, loss = mean cross-entropy. Backpropagation through time is
 * SameDiff's: no gradient is written by hand.
 *
 * <p>Every cell keeps one input kernel {@code W [nIn, k n]} (no bias), one recurrent kernel
 * {@code U [n, k n]} and the bias {@code b [k n]}, {@code k} blocks of {@code n} columns (4 for the
 * LSTM, 3 for the GRU). Input {@code [batch, nIn, time]} (DL4J's layout), labels one-hot
 * {@code [batch, classes]}. Weights Glorot-uniform, drawn from the given seed.
 *
 * <p>A cell of your own (lesson 4, Exercise 2) goes next to these two, in this package: its
 * constructor hands {@code super(...)} the function that writes its steps into the graph.
 */
public abstract class HandWrittenRnn implements Trainable {

    /** The features' placeholder. */
    public static final String INPUT = "input";
    /** The one-hot labels' placeholder. */
    public static final String LABEL = "label";
    /** The class probabilities {@code [batch, classes]}. */
    public static final String PROBABILITIES = "probabilities";
    /** The mean cross-entropy, a scalar. */
    public static final String LOSS = "loss";
    /** Every step's {@code h}, {@code [batch, n, time]}. */
    static final String H_ALL = "h_all";
    /** The trainable variables, in the order {@link #parameters()} lists them. */
    public static final List<String> PARAMETERS = List.of("W", "U", "b", "Wy", "by");

    /** Writes one cell's steps into a graph: given the input, returns every step's {@code h}. */
    @FunctionalInterface
    interface Unroll {
        /**
         * @param x   the input placeholder {@code [batch, nIn, time]}
         * @param rng the weights' random numbers (the cell draws its kernels first, then the classifier)
         * @return every step's {@code h}, in time order
         */
        List<SDVariable> steps(SameDiff sd, SDVariable x, Random rng);
    }

    final SameDiff sd;
    private final String cellName;
    private final int inputs;
    private final int units;
    private final int classes;
    private final int steps;
    private final DataType type;

    HandWrittenRnn(String cellName, int inputs, int units, int classes, int steps, long seed, DataType type, Unroll cell) {
        if (Math.min(Math.min(inputs, units), Math.min(classes, steps)) < 1) {
            throw new IllegalArgumentException(cellName + ": inputs, units, classes and steps must all be at least 1, got "
                    + inputs + ", " + units + ", " + classes + ", " + steps + ".");
        }
        this.cellName = cellName;
        this.inputs = inputs;
        this.units = units;
        this.classes = classes;
        this.steps = steps;
        this.type = type;
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, inputs, steps);
        SDVariable y = sd.placeHolder(LABEL, type, -1, classes);
        List<SDVariable> hs = cell.steps(sd, x, rng);
        SDVariable h = hs.get(hs.size() - 1);
        sd.stack(H_ALL, 2, hs.toArray(new SDVariable[0]));   // [batch, n, time]
        SDVariable wy = sd.var("Wy", glorot(rng, type, units, classes));
        SDVariable by = sd.var("by", Nd4j.zeros(type, classes));
        SDVariable logits = h.mmul(wy).add(by);
        sd.nn.softmax(PROBABILITIES, logits, 1);
        sd.loss.softmaxCrossEntropy(LOSS, y, logits, null);
        sd.setLossVariables(LOSS);
    }

    /** Row {@code t} of every sequence, {@code [batch, nIn]}. */
    static SDVariable step(SDVariable x, int t) {
        return x.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t));
    }

    /** Block {@code block} (of {@code n} columns) of {@code z}. */
    static SDVariable block(SDVariable z, int block, int n) {
        return z.get(SDIndex.all(), SDIndex.interval(block * n, (block + 1) * n));
    }

    /** Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    static INDArray glorot(Random rng, DataType type, int fanIn, int fanOut) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        return Nd4j.rand(rng, fanIn, fanOut).castTo(type).muli(2 * a).subi(a);
    }

    /** Sets Adam with this learning rate as the optimiser for {@link #fit(DataSet)}. */
    void useAdam(double learningRate) {
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(INPUT)
                .dataSetLabelMapping(LABEL)
                .build());
    }

    public int inputs() {
        return inputs;
    }

    public int units() {
        return units;
    }

    public int classes() {
        return classes;
    }

    public int steps() {
        return steps;
    }

    /** float for training, double for gradient checks. */
    public DataType dataType() {
        return type;
    }

    /** The trainable arrays by name (live: changing one changes the model). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String p : PARAMETERS) {
            m.put(p, sd.getVariable(p).getArr());
        }
        return m;
    }

    /** How many numbers the model learns: {@code k n (nIn + n + 1) + (n + 1) classes}. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(INDArray::length).sum();
    }

    @Override
    public void fit(DataSet batch) {
        if (sd.getTrainingConfig() == null) {
            throw new IllegalStateException(cellName + ": choose the optimiser first, e.g. cell.adam(0.01).");
        }
        buildGradientsQuietly();
        sd.fit(batch);
    }

    /**
     * Builds SameDiff's backward graph once, with standard output muted: SameDiff 1.0.0-M2.1's
     * {@code createGradFunction} prints "Added differentiated op ..." for every one of the graph's
     * ops (some 470 lines for 28 LSTM steps) with {@code System.out.println}, which would fill a
     * notebook cell. Nothing else is muted, and the stream is restored even on an exception.
     */
    private void buildGradientsQuietly() {
        if (sd.getFunction("grad") != null) {
            return;
        }
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    @Override
    public INDArray output(INDArray features) {
        return run(features, null, PROBABILITIES).get(PROBABILITIES);
    }

    /** Every step's {@code h} for {@code x [batch, nIn, time]}: {@code [batch, n, time]}. */
    public INDArray hidden(INDArray x) {
        return run(x, null, H_ALL).get(H_ALL);
    }

    /** The mean cross-entropy on a labelled batch. */
    public double loss(DataSet batch) {
        return run(batch.getFeatures(), batch.getLabels(), LOSS).get(LOSS).getDouble(0);
    }

    /** d loss / d parameter for every parameter, by SameDiff's backpropagation through time. */
    public Map<String, INDArray> gradients(DataSet batch) {
        buildGradientsQuietly();
        Map<String, INDArray> g = sd.calculateGradients(placeholders(batch.getFeatures(), batch.getLabels()),
                PARAMETERS.toArray(new String[0]));
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String p : PARAMETERS) {
            ordered.put(p, g.get(p));
        }
        return ordered;
    }

    Map<String, INDArray> run(INDArray x, INDArray labels, String... outputs) {
        return sd.output(placeholders(x, labels), outputs);
    }

    private Map<String, INDArray> placeholders(INDArray x, INDArray labels) {
        if (x.rank() != 3 || x.size(1) != inputs || x.size(2) != steps) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: input must be [batch, %d, %d] ([batch, features, time]), got %s; "
                            + "TensorFlow's [batch, time, features] converts with SequenceLayout.toDl4j(...).",
                    cellName, inputs, steps, Arrays.toString(x.shape())));
        }
        Map<String, INDArray> m = new HashMap<>();
        m.put(INPUT, x.castTo(type));
        if (labels != null) {
            if (labels.rank() != 2 || labels.size(0) != x.size(0) || labels.size(1) != classes) {
                throw new IllegalArgumentException(cellName + ": labels must be one-hot [" + x.size(0) + ", " + classes
                        + "], got " + Arrays.toString(labels.shape()) + ".");
            }
            m.put(LABEL, labels.castTo(type));
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%d inputs -> %d units -> %d classes, %d steps, %,d parameters, %s)",
                cellName, inputs, units, classes, steps, parameterCount(), type);
    }
}
