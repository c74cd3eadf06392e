package org.lstmlessons.lstm.fast;

import org.lstmlessons.lstm.LstmGates.Gate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of one LSTM time step, forward and backward (the matrix products are
 * {@link LstmKernel}'s). Gate blocks where {@link Gate} puts them (DL4J's order: candidate (tanh),
 * keep/forget, output, input), named {@link #CANDIDATE}, {@link #KEEP}, {@link #OUTPUT}, {@link #INPUT}.
 *
 * <pre>
 * forward   a = [tanh(z_c), σ(z_f), σ(z_o), σ(z_i)] = [g, f, o, i]    (z includes the bias)
 *           c_t = f * c_{t-1} + i * g      h_t = o * tanh(c_t)
 * backward  dc = dc_next + dh * o * (1 - tanh²(c_t))
 *           dz_c = dc * i * (1 - g²)       dz_f = dc * c_{t-1} * f (1 - f)
 *           dz_o = dh * tanh(c_t) * o (1 - o)   dz_i = dc * g * i (1 - i)      dc_next = dc * f
 * </pre>
 * Implementations keep what the backward pass needs from the forward pass (a, c, tanh(c)).
 * All arrays given are native, row-major, {@code [batch, 4n]} or {@code [batch, n]}.
 */
abstract class StepMath {

    /** Where each gate's block sits in {@code [batch, 4n]}: from {@link Gate}, the one place DL4J's order is written. */
    static final int CANDIDATE = Gate.CANDIDATE.ordinal();
    static final int KEEP = Gate.KEEP.ordinal();
    static final int OUTPUT = Gate.OUTPUT.ordinal();
    static final int INPUT = Gate.INPUT.ordinal();

    /**
     * Starts a sequence: sizes and the initial cell state.
     *
     * @param c0 {@code [batch, n]}, or null for zeros
     */
    abstract void start(int batch, int steps, int n, INDArray c0);

    /** Step t: z = x_t W + h_{t-1} RW + b in, h_t out. */
    abstract void forward(int t, INDArray z, INDArray h);

    /** Copies the last step's cell state into {@code out [batch, n]}. */
    abstract void lastCell(INDArray out);

    /**
     * Starts the backward pass.
     *
     * @param eps dL/dh for every step, time-major {@code [steps * batch, n]}, or null for none
     */
    abstract void startBackward(INDArray eps);

    /**
     * Step t backwards: dh_t = eps_t + dhRec (dhRec = dz_{t+1} RW^T, null at the last step),
     * writes dz_t (the gradient of the pre-activations, bias included) into {@code dz}.
     */
    abstract void backward(int t, INDArray dhRec, INDArray dz);
}
