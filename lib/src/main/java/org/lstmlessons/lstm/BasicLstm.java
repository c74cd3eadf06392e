package org.lstmlessons.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Lesson 4's LSTM, written from the gate equations in SameDiff (ND4J's automatic
 * differentiation), the way the course's {@code BasicLSTM} writes it in TensorFlow: one input
 * kernel {@code W [nIn, 4n]} (no bias), one recurrent kernel {@code U [n, 4n]} with the bias
 * {@code b [4n]}, the four slices of {@code z = x_t W + h_{t-1} U + b} in the course's order
 * input, forget, candidate, output:
 *
 * <pre>
 * i = sigmoid(z[:, 0:n])      f = sigmoid(z[:, n:2n])      g = tanh(z[:, 2n:3n])      o = sigmoid(z[:, 3n:4n])
 * c_t = f * c_{t-1} + i * g   h_t = o * tanh(c_t)
 * </pre>
 * unrolled over every time step, then a dense softmax classifier on the last {@code h}:
 * {@code p = softmax(h_T Wy + by)}, loss = mean cross-entropy. Backpropagation through time is
 * SameDiff's: no gradient is written by hand.
 *
 * <p>Initialisation as in the course: {@code W}, {@code U} and {@code Wy} Glorot-uniform
 * ({@code U(-a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))}), the forget-gate slice of {@code b}
 * ones and everything else zeros. Input {@code [batch, nIn, time]} (DL4J's layout), labels one-hot
 * {@code [batch, classes]}.
 */
public final class BasicLstm implements Trainable {

    /** The placeholder names: features and one-hot labels. */
    public static final String INPUT = "input";
    /** The one-hot labels' placeholder. */
    public static final String LABEL = "label";
    /** The class probabilities {@code [batch, classes]}. */
    public static final String PROBABILITIES = "probabilities";
    /** The mean cross-entropy, a scalar. */
    public static final String LOSS = "loss";
    /** The trainable variables, in the order {@link #parameters()} lists them. */
    public static final List<String> PARAMETERS = List.of("W", "U", "b", "Wy", "by");

    private final SameDiff sd;
    private final int inputs;
    private final int units;
    private final int classes;
    private final int steps;
    private final DataType type;

    private BasicLstm(SameDiff sd, int inputs, int units, int classes, int steps, DataType type) {
        this.sd = sd;
        this.inputs = inputs;
        this.units = units;
        this.classes = classes;
        this.steps = steps;
        this.type = type;
    }

    /**
     * Builds the graph with freshly initialised weights.
     *
     * @param inputs  features per time step (28 for MNIST rows)
     * @param units   LSTM units {@code n} (128 in lessons 3 and 4)
     * @param classes output classes (10)
     * @param steps   time steps of every sequence (28); the graph is unrolled over them
     * @param seed    seed of the weight initialisation
     * @param type    {@link DataType#FLOAT} to train, {@link DataType#DOUBLE} for gradient checks
     */
    public static BasicLstm create(int inputs, int units, int classes, int steps, long seed, DataType type) {
        return build(inputs, units, classes, steps, seed, type, true);
    }

    /**
     * The same cell with the course's equation as printed, {@code h_t = o * c_t} instead of
     * {@code o * tanh(c_t)} (lesson 4, Exercise 3): the same weights for the same seed, a different
     * function. Its gradients are still exact — a gradient check cannot tell a wrong equation from a
     * right one; only a comparison with DL4J's layer can.
     */
    public static BasicLstm createAsPrinted(int inputs, int units, int classes, int steps, long seed, DataType type) {
        return build(inputs, units, classes, steps, seed, type, false);
    }

    private static BasicLstm build(int inputs, int units, int classes, int steps, long seed, DataType type,
            boolean tanhOfCell) {
        if (Math.min(Math.min(inputs, units), Math.min(classes, steps)) < 1) {
            throw new IllegalArgumentException("BasicLstm: inputs, units, classes and steps must all be at least 1, got "
                    + inputs + ", " + units + ", " + classes + ", " + steps + ".");
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, inputs, steps);
        SDVariable y = sd.placeHolder(LABEL, type, -1, classes);
        SDVariable w = sd.var("W", glorot(rng, type, inputs, 4 * units));
        SDVariable u = sd.var("U", glorot(rng, type, units, 4 * units));
        SDVariable b = sd.var("b", forgetBiasOne(type, units));
        SDVariable wy = sd.var("Wy", glorot(rng, type, units, classes));
        SDVariable by = sd.var("by", Nd4j.zeros(type, classes));

        SDVariable h = null;
        SDVariable c = null;
        List<SDVariable> hs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            SDVariable xt = x.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t));          // [batch, nIn]
            // the state starts at zero, so at t = 0 the recurrent product h U and f * c vanish
            SDVariable z = t == 0 ? xt.mmul(w).add(b) : xt.mmul(w).add(h.mmul(u)).add(b);   // [batch, 4n]
            SDVariable i = sd.nn.sigmoid(slice(z, LstmGates.Gate.INPUT, units));
            SDVariable f = sd.nn.sigmoid(slice(z, LstmGates.Gate.KEEP, units));
            SDVariable g = sd.math.tanh(slice(z, LstmGates.Gate.CANDIDATE, units));
            SDVariable o = sd.nn.sigmoid(slice(z, LstmGates.Gate.OUTPUT, units));
            c = t == 0 ? i.mul(g) : f.mul(c).add(i.mul(g));
            h = o.mul(tanhOfCell ? sd.math.tanh(c) : c);
            hs.add(h);
        }
        sd.stack("h_all", 2, hs.toArray(new SDVariable[0]));   // [batch, n, time]
        sd.identity("c_last", c);                               // [batch, n]
        SDVariable logits = h.mmul(wy).add(by);
        sd.nn.softmax(PROBABILITIES, logits, 1);
        sd.loss.softmaxCrossEntropy(LOSS, y, logits, null);
        sd.setLossVariables(LOSS);
        return new BasicLstm(sd, inputs, units, classes, steps, type);
    }

    /** Lesson 4's cell for MNIST: 28 inputs, the given units, 10 classes, 28 steps, float. */
    public static BasicLstm forMnist(int units, long seed) {
        return create(DigitLstm.FEATURES, units, DigitLstm.CLASSES, DigitLstm.STEPS, seed, DataType.FLOAT);
    }

    /** One gate's slice of {@code z}, at the gate's place in the course's order. */
    private static SDVariable slice(SDVariable z, LstmGates.Gate gate, int n) {
        int block = courseBlock(gate);
        return z.get(SDIndex.all(), SDIndex.interval(block * n, (block + 1) * n));
    }

    /** Where {@code gate}'s block sits in the course's order (input, forget, candidate, output). */
    static int courseBlock(LstmGates.Gate gate) {
        return Arrays.asList(COURSE_ORDER).indexOf(gate);
    }

    /** Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    static INDArray glorot(Random rng, DataType type, int fanIn, int fanOut) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        return Nd4j.rand(rng, fanIn, fanOut).castTo(type).muli(2 * a).subi(a);
    }

    /** The course's bias: 0 for input, 1 for forget, 0 for candidate and output. */
    static INDArray forgetBiasOne(DataType type, int n) {
        INDArray b = Nd4j.zeros(type, 4L * n);
        long keep = courseBlock(LstmGates.Gate.KEEP);
        b.get(NDArrayIndex.interval(keep * n, (keep + 1) * n)).assign(1);
        return b;
    }

    /** Sets Adam with this learning rate (the course: 0.01) as the optimiser for {@link #fit(DataSet)}. */
    public BasicLstm adam(double learningRate) {
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(INPUT)
                .dataSetLabelMapping(LABEL)
                .build());
        return this;
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

    /** The trainable arrays by name (live: changing one changes the model). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String p : PARAMETERS) {
            m.put(p, sd.getVariable(p).getArr());
        }
        return m;
    }

    /** How many numbers the model learns: {@code 4n(nIn + n + 1) + (n + 1) classes}. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(INDArray::length).sum();
    }

    @Override
    public void fit(DataSet batch) {
        if (sd.getTrainingConfig() == null) {
            throw new IllegalStateException("BasicLstm: choose the optimiser first, e.g. cell.adam(0.01).");
        }
        buildGradientsQuietly();
        sd.fit(batch);
    }

    /**
     * Builds SameDiff's backward graph once, with standard output muted: SameDiff 1.0.0-M2.1's
     * {@code createGradFunction} prints "Added differentiated op ..." for every one of the graph's
     * ops (some 470 lines for 28 steps) with {@code System.out.println}, which would fill a
     * notebook cell. Nothing else is muted, and the stream is restored even on an exception.
     */
    private void buildGradientsQuietly() {
        if (sd.getFunction("grad") != null) {
            return;
        }
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
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

    /** What one forward pass gives: every step's {@code h} and the last step's {@code c}. */
    public record Forward(INDArray h, INDArray c) {
    }

    /** Runs the cell over {@code x [batch, nIn, time]}: {@code h [batch, n, time]}, last {@code c [batch, n]}. */
    public Forward forward(INDArray x) {
        Map<String, INDArray> out = run(x, null, "h_all", "c_last");
        return new Forward(out.get("h_all"), out.get("c_last"));
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

    private Map<String, INDArray> run(INDArray x, INDArray labels, String... outputs) {
        return sd.output(placeholders(x, labels), outputs);
    }

    private Map<String, INDArray> placeholders(INDArray x, INDArray labels) {
        if (x.rank() != 3 || x.size(1) != inputs || x.size(2) != steps) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "BasicLstm: input must be [batch, %d, %d] ([batch, features, time]), got %s; "
                            + "TensorFlow's [batch, time, features] converts with SequenceLayout.toDl4j(...).",
                    inputs, steps, Arrays.toString(x.shape())));
        }
        Map<String, INDArray> m = new HashMap<>();
        m.put(INPUT, x.castTo(type));
        if (labels != null) {
            if (labels.rank() != 2 || labels.size(0) != x.size(0) || labels.size(1) != classes) {
                throw new IllegalArgumentException("BasicLstm: labels must be one-hot [" + x.size(0) + ", " + classes
                        + "], got " + Arrays.toString(labels.shape()) + ".");
            }
            m.put(LABEL, labels.castTo(type));
        }
        return m;
    }

    /**
     * Writes this cell's {@code W}, {@code U} and {@code b} into a DL4J {@code LSTM} layer of the
     * same size, reordering the gate blocks from the course's (input, forget, candidate, output)
     * to DL4J's (candidate, forget, output, input), so that both compute the same function.
     *
     * @throws IllegalArgumentException if the layer's sizes differ
     */
    public void copyInto(MultiLayerNetwork net, int layer) {
        INDArray dl4jW = net.getParam(layer + "_W");
        INDArray dl4jRW = net.getParam(layer + "_RW");
        INDArray dl4jB = net.getParam(layer + "_b");
        if (dl4jW.rows() != inputs || dl4jRW.rows() != units || dl4jW.columns() != 4L * units) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "BasicLstm.copyInto: layer %d is an LSTM of W %s and RW %s; this cell needs nIn=%d, nOut=%d.",
                    layer, Arrays.toString(dl4jW.shape()), Arrays.toString(dl4jRW.shape()), inputs, units));
        }
        INDArray w = sd.getVariable("W").getArr();
        INDArray u = sd.getVariable("U").getArr();
        INDArray b = sd.getVariable("b").getArr().reshape(1, 4L * units);
        for (int[] move : gateMoves()) {
            var src = NDArrayIndex.interval((long) move[0] * units, (long) (move[0] + 1) * units);
            var dst = NDArrayIndex.interval((long) move[1] * units, (long) (move[1] + 1) * units);
            dl4jW.get(NDArrayIndex.all(), dst).assign(w.get(NDArrayIndex.all(), src));
            dl4jRW.get(NDArrayIndex.all(), dst).assign(u.get(NDArrayIndex.all(), src));
            dl4jB.reshape(1, 4L * units).get(NDArrayIndex.all(), dst).assign(b.get(NDArrayIndex.all(), src));
        }
    }

    /** The course's block order (input, forget, candidate, output), as the lessons name the gates. */
    private static final LstmGates.Gate[] COURSE_ORDER = {LstmGates.Gate.INPUT, LstmGates.Gate.KEEP,
            LstmGates.Gate.CANDIDATE, LstmGates.Gate.OUTPUT};

    /** {course block, DL4J block} pairs; DL4J's block of a gate comes from {@link LstmGates.Gate}. */
    private static int[][] gateMoves() {
        int[][] moves = new int[COURSE_ORDER.length][];
        for (int k = 0; k < moves.length; k++) {
            moves[k] = new int[] {k, COURSE_ORDER[k].ordinal()};   // course block k -> DL4J's block of that gate
        }
        return moves;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BasicLstm(%d inputs -> %d units -> %d classes, %d steps, %,d parameters, %s)",
                inputs, units, classes, steps, parameterCount(), type);
    }
}
