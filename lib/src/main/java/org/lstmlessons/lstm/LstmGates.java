package org.lstmlessons.lstm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.lstmlessons.arrays.ArrayPrinter;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Opens up a DL4J {@code LSTM} layer: recomputes every gate by hand, with plain ND4J matrix
 * products, from the layer's own weights. Lesson 1 shows that the result equals DL4J's.
 *
 * <h2>DL4J's parameter layout</h2>
 * An {@code LSTM} layer with {@code nIn} inputs and {@code n} units has three parameters:
 * <ul>
 *   <li>{@code W}: input weights {@code [nIn, 4n]}</li>
 *   <li>{@code RW}: recurrent weights {@code [n, 4n]} (applied to the previous output h)</li>
 *   <li>{@code b}: bias, {@code 4n} values (DL4J stores a vector {@code [4n]}; this class keeps {@code [1, 4n]})</li>
 * </ul>
 * The {@code 4n} columns are four blocks of {@code n}, in this order (DL4J's {@code LSTMHelpers}):
 * {@link Gate#CANDIDATE} (the layer's activation, tanh), {@link Gate#KEEP} (forget),
 * {@link Gate#OUTPUT}, {@link Gate#INPUT} (the three gates use the gate activation, sigmoid).
 * TensorFlow's {@code BasicLSTMCell} orders the same blocks i, j (candidate), f, o and keeps one
 * kernel for {@code [x, h]} instead of two matrices.
 */
public final class LstmGates {

    /** The four column blocks of W, RW and b, in DL4J's order. */
    public enum Gate {
        /** C_t: the candidate values ("block input"), tanh. Columns [0, n). */
        CANDIDATE("C_t"),
        /** K_t: the keep (forget) gate, sigmoid. Columns [n, 2n). */
        KEEP("K_t"),
        /** O_t: the output (read) gate, sigmoid. Columns [2n, 3n). */
        OUTPUT("O_t"),
        /** I_t: the input (write) gate, sigmoid. Columns [3n, 4n). */
        INPUT("I_t");

        private final String symbol;

        Gate(String symbol) {
            this.symbol = symbol;
        }

        /** The symbol lesson 1's equations use. */
        public String symbol() {
            return symbol;
        }

        /** This gate's block of columns in DL4J's {@code W}, {@code RW} or {@code b} of an LSTM of {@code units}. */
        public org.nd4j.linalg.indexing.INDArrayIndex columns(long units) {
            return NDArrayIndex.interval(ordinal() * units, (ordinal() + 1) * units);
        }
    }

    /**
     * Everything one time step computes, each {@code [batch, n]}, named as in lesson 1:
     * <pre>
     * K_t = σ(x W_k + h RW_k + b_k)      Old_t = K_t * Cell_{t-1}
     * I_t = σ(x W_i + h RW_i + b_i)      C_t   = tanh(x W_c + h RW_c + b_c)
     * New_t = I_t * C_t                  Cell_t = Old_t + New_t
     * O_t = σ(x W_o + h RW_o + b_o)      Output_t = O_t * tanh(Cell_t)
     * </pre>
     */
    public record Step(INDArray keep, INDArray old, INDArray input, INDArray candidate, INDArray added,
            INDArray cell, INDArray outputGate, INDArray output) {

        /** The step as the state it hands to the next one: c = Cell_t, h = Output_t. */
        public LstmState state() {
            return new LstmState(cell, output);
        }

        /** One line per quantity, labelled with lesson 1's symbols. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            line(sb, "K_t      (keep gate)   ", keep);
            line(sb, "Old_t    = K_t*Cell_t-1", old);
            line(sb, "I_t      (input gate)  ", input);
            line(sb, "C_t      (candidate)   ", candidate);
            line(sb, "New_t    = I_t*C_t     ", added);
            line(sb, "Cell_t   = Old_t+New_t ", cell);
            line(sb, "O_t      (output gate) ", outputGate);
            line(sb, "Output_t = O_t*tanh(Cell_t)", output);
            return sb.toString().stripTrailing();
        }

        private static void line(StringBuilder sb, String label, INDArray a) {
            String text = ArrayPrinter.format(a);
            String pad = " ".repeat(Math.max(label.length(), 28) + 1);
            sb.append(String.format("%-28s ", label)).append(text.replace("\n", "\n" + pad)).append('\n');
        }
    }

    private final INDArray w;
    private final INDArray rw;
    private final INDArray b;
    private final int n;
    private final IActivation gateActivation;
    private final IActivation activation;

    private LstmGates(INDArray w, INDArray rw, INDArray b, IActivation gateActivation, IActivation activation) {
        this.w = w;
        this.rw = rw;
        this.b = b;
        this.n = (int) rw.size(0);
        this.gateActivation = gateActivation;
        this.activation = activation;
    }

    /**
     * The explainer for layer {@code layer} of {@code net}, which must be a DL4J {@code LSTM}
     * (not {@code GravesLSTM}, whose peephole weights this does not model). Reads the layer's
     * weights and its two activation functions.
     */
    public static LstmGates of(MultiLayerNetwork net, int layer) {
        if (layer < 0 || layer >= net.getnLayers()) {
            throw new IllegalArgumentException("LstmGates.of: layer " + layer + " does not exist; the network has layers 0.."
                    + (net.getnLayers() - 1) + ".");
        }
        Layer l = net.getLayer(layer);
        if (!(l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.LSTM conf)) {
            throw new IllegalArgumentException("LstmGates.of: layer " + layer + " is a "
                    + l.conf().getLayer().getClass().getSimpleName() + "; it explains DL4J's LSTM layer only.");
        }
        Map<String, INDArray> p = l.paramTable();
        INDArray b = p.get(LSTMParamInitializer.BIAS_KEY);
        return new LstmGates(p.get(LSTMParamInitializer.INPUT_WEIGHT_KEY).dup(),
                p.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).dup(), b.reshape(1, b.length()).dup(),
                conf.getGateActivationFn(), conf.getActivationFn());
    }

    /**
     * An explainer for given weights in DL4J's layout, with sigmoid gates and tanh activation.
     *
     * @param w  {@code [nIn, 4n]}
     * @param rw {@code [n, 4n]}
     * @param b  {@code [1, 4n]} or {@code [4n]}
     */
    public static LstmGates of(INDArray w, INDArray rw, INDArray b) {
        if (rw == null || rw.rank() != 2 || rw.size(1) != 4 * rw.size(0)) {
            throw new IllegalArgumentException("LstmGates.of: RW must be [n, 4n], got "
                    + (rw == null ? "null" : Arrays.toString(rw.shape())) + ".");
        }
        long n = rw.size(0);
        if (w == null || w.rank() != 2 || w.size(1) != 4 * n) {
            throw new IllegalArgumentException("LstmGates.of: W must be [nIn, " + 4 * n + "] to match RW, got "
                    + (w == null ? "null" : Arrays.toString(w.shape())) + ".");
        }
        if (b == null || b.length() != 4 * n) {
            throw new IllegalArgumentException("LstmGates.of: b must have " + 4 * n + " values, got "
                    + (b == null ? "null" : Arrays.toString(b.shape())) + ".");
        }
        return new LstmGates(w.castTo(DataType.FLOAT).dup(), rw.castTo(DataType.FLOAT).dup(),
                b.castTo(DataType.FLOAT).reshape(1, 4 * n).dup(), new ActivationSigmoid(), new ActivationTanH());
    }

    /** Number of input features. */
    public int nIn() {
        return (int) w.size(0);
    }

    /** Number of units (the size of c and h). */
    public int units() {
        return n;
    }

    /** The input weights of one gate, {@code [nIn, n]}. */
    public INDArray inputWeights(Gate gate) {
        return block(w, gate);
    }

    /** The recurrent weights of one gate, {@code [n, n]}. */
    public INDArray recurrentWeights(Gate gate) {
        return block(rw, gate);
    }

    /** The bias of one gate, {@code [1, n]}. */
    public INDArray bias(Gate gate) {
        return block(b, gate);
    }

    private INDArray block(INDArray m, Gate gate) {
        return m.get(NDArrayIndex.all(), gate.columns(n)).dup();
    }

    /**
     * Sets one gate's bias in a DL4J network's live parameters (lesson 1, Exercise 1: a keep-gate bias
     * of -10 makes the cell forget). The block is found from {@link Gate}, so no column numbers are
     * written in a lesson.
     *
     * @param layer the index of an LSTM layer
     */
    public static void setBias(MultiLayerNetwork net, int layer, Gate gate, double value) {
        INDArray b = net.getLayer(layer).getParam("b");
        if (b == null || b.length() % 4 != 0) {
            throw new IllegalArgumentException("layer " + layer + " is not an LSTM layer (no bias of 4 x units)");
        }
        long units = b.length() / 4;
        b.reshape(1, b.length()).get(NDArrayIndex.all(), gate.columns(units)).assign(value);
    }

    /**
     * One time step by hand.
     *
     * @param x    input {@code [batch, nIn]}
     * @param prev the state before the step (use {@link LstmState#zeros(long, long)} to start)
     */
    public Step step(INDArray x, LstmState prev) {
        if (x == null || x.rank() != 2 || x.size(1) != nIn()) {
            throw new IllegalArgumentException("LstmGates.step: x must be [batch, " + nIn() + "], got "
                    + (x == null ? "null" : Arrays.toString(x.shape()))
                    + "; for one step of a DL4J sequence [batch, features, time] use SequenceLayout.step(seq, t).");
        }
        long batch = x.size(0);
        if (!Arrays.equals(prev.c().shape(), new long[] {batch, n}) || !Arrays.equals(prev.h().shape(), new long[] {batch, n})) {
            throw new IllegalArgumentException("LstmGates.step: the state must be c, h of shape [" + batch + ", " + n + "], got c "
                    + Arrays.toString(prev.c().shape()) + " and h " + Arrays.toString(prev.h().shape()) + ".");
        }
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray keep = gateActivation.getActivation(preActivation(xf, prev.h(), Gate.KEEP), false);
        INDArray input = gateActivation.getActivation(preActivation(xf, prev.h(), Gate.INPUT), false);
        INDArray outputGate = gateActivation.getActivation(preActivation(xf, prev.h(), Gate.OUTPUT), false);
        INDArray candidate = activation.getActivation(preActivation(xf, prev.h(), Gate.CANDIDATE), false);
        INDArray old = keep.mul(prev.c());
        INDArray added = input.mul(candidate);
        INDArray cell = old.add(added);
        INDArray output = outputGate.mul(activation.getActivation(cell.dup(), false));
        return new Step(keep, old, input, candidate, added, cell, outputGate, output);
    }

    // x W_g + h RW_g + b_g, a fresh array
    private INDArray preActivation(INDArray x, INDArray h, Gate gate) {
        return x.mmul(inputWeights(gate)).addi(h.castTo(DataType.FLOAT).mmul(recurrentWeights(gate)))
                .addiRowVector(bias(gate));
    }

    /**
     * Runs a whole DL4J-layout sequence {@code [batch, nIn, time]} from the zero state, step by step.
     *
     * @return one {@link Step} per time step
     */
    public List<Step> run(INDArray sequence) {
        if (sequence == null || sequence.rank() != 3 || sequence.size(1) != nIn()) {
            throw new IllegalArgumentException("LstmGates.run: expected DL4J's [batch, " + nIn() + ", time], got "
                    + (sequence == null ? "null" : Arrays.toString(sequence.shape()))
                    + "; TF-ordered [batch, time, features] converts with SequenceLayout.toDl4j(...).");
        }
        LstmState state = LstmState.zeros(sequence.size(0), n);
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < sequence.size(2); t++) {
            Step s = step(org.lstmlessons.arrays.SequenceLayout.step(sequence, t), state);
            steps.add(s);
            state = s.state();
        }
        return steps;
    }

    /** The outputs h of all steps stacked in DL4J's layout {@code [batch, n, time]}. */
    public static INDArray outputs(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("LstmGates.outputs: no steps.");
        }
        INDArray[] hs = steps.stream().map(Step::output).toArray(INDArray[]::new);
        return Nd4j.stack(2, hs);
    }

    /** A short table of the parameter shapes and the column block of each gate. */
    public String describeLayout() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("W  (input weights)     %s%n", Arrays.toString(w.shape())));
        sb.append(String.format("RW (recurrent weights) %s%n", Arrays.toString(rw.shape())));
        sb.append(String.format("b  (bias)              %s%n", Arrays.toString(b.shape())));
        for (Gate g : Gate.values()) {
            int from = g.ordinal() * n;
            sb.append(String.format("columns %2d..%2d  %-9s %s%n", from, from + n - 1, g.name().toLowerCase(), g.symbol()));
        }
        return sb.toString().stripTrailing();
    }
}
