package org.lstmlessons.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lesson 4's LSTM, written from the gate equations in SameDiff, the way the course's
 * {@code BasicLSTM} writes it in TensorFlow: one input kernel {@code W [nIn, 4n]} (no bias), one
 * recurrent kernel {@code U [n, 4n]} with the bias {@code b [4n]}, the four slices of
 * {@code z = x_t W + h_{t-1} U + b} in the course's order input, forget, candidate, output:
 *
 * <pre>
 * i = sigmoid(z[:, 0:n])      f = sigmoid(z[:, n:2n])      g = tanh(z[:, 2n:3n])      o = sigmoid(z[:, 3n:4n])
 * c_t = f * c_{t-1} + i * g   h_t = o * tanh(c_t)
 * </pre>
 * then {@link HandWrittenRnn}'s softmax classifier on the last {@code h}.
 *
 * <p>Initialisation as in the course: {@code W}, {@code U} and {@code Wy} Glorot-uniform, the
 * forget-gate slice of {@code b} ones and everything else zeros.
 */
public final class BasicLstm extends HandWrittenRnn {

    private static final String C_LAST = "c_last";

    /** The course's block order (input, forget, candidate, output), as the lessons name the gates. */
    public static final List<LstmGates.Gate> COURSE_ORDER = List.of(LstmGates.Gate.INPUT, LstmGates.Gate.KEEP,
            LstmGates.Gate.CANDIDATE, LstmGates.Gate.OUTPUT);

    private BasicLstm(int inputs, int units, int classes, int steps, long seed, DataType type, boolean tanhOfCell) {
        super("BasicLstm", inputs, units, classes, steps, seed, type, (sd, x, rng) -> {
            SDVariable w = sd.var("W", glorot(rng, type, inputs, 4 * units));
            SDVariable u = sd.var("U", glorot(rng, type, units, 4 * units));
            SDVariable b = sd.var("b", forgetBiasOne(type, units));
            SDVariable h = null;
            SDVariable c = null;
            List<SDVariable> hs = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                SDVariable xt = step(x, t);                                                      // [batch, nIn]
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
            sd.identity(C_LAST, c);                                                              // [batch, n]
            return hs;
        });
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
        return new BasicLstm(inputs, units, classes, steps, seed, type, true);
    }

    /**
     * The same cell with the course's equation as printed, {@code h_t = o * c_t} instead of
     * {@code o * tanh(c_t)} (lesson 4, Exercise 3): the same weights for the same seed, a different
     * function. Its gradients are still exact — a gradient check cannot tell a wrong equation from a
     * right one; only a comparison with DL4J's layer can.
     */
    public static BasicLstm createAsPrinted(int inputs, int units, int classes, int steps, long seed, DataType type) {
        return new BasicLstm(inputs, units, classes, steps, seed, type, false);
    }

    /** Lesson 4's cell for MNIST: 28 inputs, the given units, 10 classes, 28 steps, float. */
    public static BasicLstm forMnist(int units, long seed) {
        return create(DigitLstm.FEATURES, units, DigitLstm.CLASSES, DigitLstm.STEPS, seed, DataType.FLOAT);
    }

    /** Sets Adam with this learning rate (the course: 0.01) as the optimiser for {@link #fit(DataSet)}. */
    public BasicLstm adam(double learningRate) {
        useAdam(learningRate);
        return this;
    }

    /** One gate's slice of {@code z}, at the gate's place in the course's order. */
    private static SDVariable slice(SDVariable z, LstmGates.Gate gate, int n) {
        return block(z, courseBlock(gate), n);
    }

    /** Where {@code gate}'s block sits in the course's order (input, forget, candidate, output). */
    static int courseBlock(LstmGates.Gate gate) {
        return COURSE_ORDER.indexOf(gate);
    }

    /** {@code gate}'s {@code n} columns in the course's layout. */
    private static INDArrayIndex courseColumns(LstmGates.Gate gate, long n) {
        long block = courseBlock(gate);
        return NDArrayIndex.interval(block * n, (block + 1) * n);
    }

    /** One gate's part of a vector or kernel laid out in the course's order, e.g. {@code gate(b, Gate.KEEP)}. */
    public INDArray gate(INDArray courseLayout, LstmGates.Gate gate) {
        var columns = courseColumns(gate, units());
        return courseLayout.rank() == 1 ? courseLayout.get(columns) : courseLayout.get(NDArrayIndex.all(), columns);
    }

    /** The course's bias: 0 for input, 1 for forget, 0 for candidate and output. */
    static INDArray forgetBiasOne(DataType type, int n) {
        INDArray b = Nd4j.zeros(type, 4L * n);
        b.get(courseColumns(LstmGates.Gate.KEEP, n)).assign(1);
        return b;
    }

    /** What one forward pass gives: every step's {@code h} and the last step's {@code c}. */
    public record Forward(INDArray h, INDArray c) {
    }

    /** Runs the cell over {@code x [batch, nIn, time]}: {@code h [batch, n, time]}, last {@code c [batch, n]}. */
    public Forward forward(INDArray x) {
        var out = run(x, null, H_ALL, C_LAST);
        return new Forward(out.get(H_ALL), out.get(C_LAST));
    }

    /**
     * Writes this cell's {@code W}, {@code U} and {@code b} into a DL4J {@code LSTM} layer of the
     * same size, reordering the gate blocks from the course's (input, forget, candidate, output)
     * to DL4J's ({@link LstmGates.Gate}'s order), so that both compute the same function.
     *
     * @throws IllegalArgumentException if the layer's sizes differ
     */
    public void copyInto(MultiLayerNetwork net, int layer) {
        INDArray dl4jW = net.getParam(layer + "_W");
        INDArray dl4jRW = net.getParam(layer + "_RW");
        if (dl4jW.rows() != inputs() || dl4jRW.rows() != units() || dl4jW.columns() != 4L * units()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "BasicLstm.copyInto: layer %d is an LSTM of W %s and RW %s; this cell needs nIn=%d, nOut=%d.",
                    layer, Arrays.toString(dl4jW.shape()), Arrays.toString(dl4jRW.shape()), inputs(), units()));
        }
        INDArray dl4jB = net.getParam(layer + "_b").reshape(4L * units());
        var params = parameters();
        for (LstmGates.Gate gate : COURSE_ORDER) {
            var dst = gate.columns(units());   // DL4J's block of the gate
            dl4jW.get(NDArrayIndex.all(), dst).assign(gate(params.get("W"), gate));
            dl4jRW.get(NDArrayIndex.all(), dst).assign(gate(params.get("U"), gate));
            dl4jB.get(dst).assign(gate(params.get("b"), gate));
        }
    }
}
