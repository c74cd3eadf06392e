package org.lstmlessons.lstm.fast;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer's forward and backward pass over whole sequences, arranged so that most of the
 * arithmetic is a few large matrix products:
 * <ul>
 *   <li>forward: the input projection of all steps is one GEMM {@code [T*B, nIn] x [nIn, 4n]};
 *       each step adds {@code h_{t-1} RW} with one GEMM into that buffer and runs the element-wise
 *       gate math ({@link StepMath});</li>
 *   <li>backward: each step runs the gate math backwards and one GEMM {@code dz_t RW^T}; the
 *       weight gradients of all steps are then two GEMMs ({@code X^T dZ}, {@code H^T dZ}), the
 *       bias gradient a third, the input gradient (only when asked for) a fourth.</li>
 * </ul>
 * Buffers are time-major ({@code [T*B, width]}, row-major), allocated once per shape outside any
 * DL4J workspace and reused for every minibatch. Not thread-safe: one kernel per layer.
 */
final class LstmKernel implements LstmEngine {

    private final DataType type;
    private final int nIn;
    private final int n;
    private final StepMath math;
    private int batch = -1;
    private int steps = -1;
    private INDArray x;       // [T*B, nIn]
    private INDArray z;       // [T*B, 4n]: pre-activations forward, dz backward
    private INDArray h;       // [(T+1)*B, n]: h_{-1} (initial state), h_0 .. h_{T-1}
    private INDArray dhRec;   // [B, n]
    private INDArray dx;      // [T*B, nIn]
    private INDArray eps;     // [T*B, n]
    private INDArray ones;    // [1, T*B]
    private INDArray lastCell; // [B, n]
    private INDArray[] zStep;
    private INDArray[] hStep;
    private boolean forwardDone;

    LstmKernel(DataType type, int nIn, int n) {
        this.type = type;
        this.nIn = nIn;
        this.n = n;
        this.math = type == DataType.FLOAT ? new FloatStepMath() : new NdStepMath(type);
    }

    /**
     * Runs the forward pass and keeps what the backward pass needs.
     *
     * @param input time-major input {@code [T, B, nIn]} (any strides, e.g. a permuted view)
     * @param h0    initial output {@code [B, n]} or null for zeros
     * @param c0    initial cell state {@code [B, n]} or null for zeros
     * @return the outputs h_0 .. h_{T-1}, time-major {@code [T, B, n]}: a view of the kernel's buffer,
     *         valid until the next call
     */
    @Override
    public INDArray forward(INDArray input, INDArray weights, INDArray recurrentWeights, INDArray bias,
            INDArray h0, INDArray c0, boolean training) {
        int t0 = (int) input.size(0);
        int b0 = (int) input.size(1);
        if (input.size(2) != nIn) {
            throw new IllegalArgumentException("FastLSTM expects " + nIn + " input features, got input of shape "
                    + java.util.Arrays.toString(input.shape()) + " (time-major [T, B, nIn])");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            allocate(b0, t0);
            x.reshape(steps, batch, nIn).assign(input);
            // z = 1 b + X W: the bias enters through a rank-1 product, so the gate loops need no bias
            Gemm.mm(ones, true, bias.reshape(1, 4L * n), false, z, 1, 0);
            Gemm.mm(x, false, weights, false, z, 1, 1);
            INDArray hPrev = hStep[0];
            if (h0 == null) {
                hPrev.assign(0);
            } else {
                hPrev.assign(h0);
            }
            math.start(batch, steps, n, c0);
            for (int t = 0; t < steps; t++) {
                if (t > 0 || h0 != null) {
                    Gemm.mm(hStep[t], false, recurrentWeights, false, zStep[t], 1, 1);
                }
                math.forward(t, zStep[t], hStep[t + 1]);
            }
            forwardDone = true;
            return h.get(interval(batch, (long) (steps + 1) * batch), all()).reshape(steps, batch, n);
        }
    }

    @Override
    public INDArray lastCellState() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            math.lastCell(lastCell);
            return lastCell.dup();
        }
    }

    @Override
    public INDArray backward(INDArray epsilon, INDArray weights, INDArray recurrentWeights, INDArray gradW,
            INDArray gradRW, INDArray gradB) {
        return backward(epsilon, 0, weights, recurrentWeights, gradW, gradRW, gradB, true);
    }

    @Override
    public String name() {
        return "Java gate loops + OpenBLAS GEMM";
    }

    /**
     * Backpropagation through time over the latest forward pass.
     *
     * @param epsilon    dL/dh, time-major {@code [T, B, n]} (any strides)
     * @param firstStep  0 for full BPTT; truncated BPTT stops at this step
     * @param gradW      receives dL/dW {@code [nIn, 4n]}
     * @param gradRW     receives dL/dRW {@code [n, 4n]}
     * @param gradB      receives dL/db {@code [1, 4n]}
     * @return dL/dx time-major {@code [T, B, nIn]} (a view of the kernel's buffer, valid until the next
     *         call), or null when {@code inputGradient} is false
     */
    INDArray backward(INDArray epsilon, int firstStep, INDArray weights, INDArray recurrentWeights,
            INDArray gradW, INDArray gradRW, INDArray gradB, boolean inputGradient) {
        if (!forwardDone) {
            throw new IllegalStateException("FastLSTM: backward pass without a forward pass");
        }
        if (epsilon.size(0) != steps || epsilon.size(1) != batch || epsilon.size(2) != n) {
            throw new IllegalArgumentException("FastLSTM: gradient of shape " + java.util.Arrays.toString(epsilon.shape())
                    + " does not fit the forward pass [T=" + steps + ", B=" + batch + ", n=" + n + "]");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            eps.reshape(steps, batch, n).assign(epsilon);
            math.startBackward(eps);
            for (int t = steps - 1; t >= firstStep; t--) {
                math.backward(t, t == steps - 1 ? null : dhRec, zStep[t]);
                if (t > firstStep) {
                    Gemm.mm(zStep[t], false, recurrentWeights, true, dhRec, 1, 0);
                }
            }
            long from = (long) firstStep * batch;
            long to = (long) steps * batch;
            INDArray dz = z.get(interval(from, to), all());
            Gemm.mm(x.get(interval(from, to), all()), true, dz, false, gradW, 1, 0);
            Gemm.mm(h.get(interval(from, to), all()), true, dz, false, gradRW, 1, 0);
            Gemm.mm(ones.get(all(), interval(from, to)), false, dz, false, gradB.reshape(1, 4L * n), 1, 0);
            if (!inputGradient) {
                return null;
            }
            if (firstStep > 0) {
                z.get(interval(0, from), all()).assign(0);
            }
            Gemm.mm(z, false, weights, true, dx, 1, 0);
            return dx.reshape(steps, batch, nIn);
        }
    }

    private void allocate(int newBatch, int newSteps) {
        if (newBatch == batch && newSteps == steps) {
            return;
        }
        batch = newBatch;
        steps = newSteps;
        long rows = (long) steps * batch;
        x = Nd4j.create(type, rows, nIn);
        z = Nd4j.create(type, rows, 4L * n);
        h = Nd4j.create(type, rows + batch, n);
        dhRec = Nd4j.create(type, batch, n);
        dx = Nd4j.create(type, rows, nIn);
        eps = Nd4j.create(type, rows, n);
        ones = Nd4j.ones(type, 1, rows);
        lastCell = Nd4j.create(type, batch, n);
        zStep = new INDArray[steps];
        hStep = new INDArray[steps + 1];
        for (int t = 0; t <= steps; t++) {
            hStep[t] = h.get(interval((long) t * batch, (long) (t + 1) * batch), all());
            if (t < steps) {
                zStep[t] = z.get(interval((long) t * batch, (long) (t + 1) * batch), all());
            }
        }
        forwardDone = false;
    }
}
