package org.lstmlessons.lstm.fast;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.lstm_backward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;
import org.lstmlessons.lstm.LstmGates.Gate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One FastLSTM layer computed by oneDNN's fused LSTM primitives ({@code lstm_forward},
 * {@code lstm_backward}; oneDNN 2.5.2 through JavaCPP's {@code org.bytedeco:dnnl}), float32 on the CPU:
 * the kernels PyTorch's CPU LSTM runs on.
 *
 * <p>The parameters stay DL4J's; each call copies them into oneDNN's plain layout ({@code ldigo}:
 * input, gate, output, gates in oneDNN's order i, f, c̃, o) and lets oneDNN reorder them into the
 * layout its kernels want; weight gradients come back the same way. Buffers, memory descriptors and
 * primitives are made once per (batch, steps) and reused. Threads: oneDNN's OpenMP, i.e.
 * {@code OMP_NUM_THREADS}.
 */
final class OneDnnLstm implements LstmEngine {

    /** oneDNN's gate blocks, in its order (i, f, c̃, o), as {@link Gate}s; the one place this order is written. */
    static final Gate[] ONEDNN_ORDER = {Gate.INPUT, Gate.KEEP, Gate.CANDIDATE, Gate.OUTPUT};

    private static final String UNAVAILABLE = unavailableReason();
    private static engine cpu;
    private static stream cpuStream;

    private final int nIn;
    private final int n;
    private int batch = -1;
    private int steps = -1;
    private Shape shape;
    private boolean trainingForward;

    OneDnnLstm(int nIn, int n) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("oneDNN cannot run here: " + UNAVAILABLE);
        }
        this.nIn = nIn;
        this.n = n;
    }

    /** Whether oneDNN's natives load on this machine (null) or why not. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    private static String unavailableReason() {
        try {
            Loader.load(dnnl.class);
            return null;
        } catch (Throwable e) {
            return e.toString();
        }
    }

    private static synchronized engine cpu() {
        if (cpu == null) {
            cpu = new engine(engine.kind.cpu, 0);
            cpuStream = new stream(cpu);
        }
        return cpu;
    }

    @Override
    public String name() {
        return "oneDNN 2.5.2 LSTM";
    }

    @Override
    public INDArray forward(INDArray input, INDArray weights, INDArray recurrentWeights, INDArray bias,
            INDArray h0, INDArray c0, boolean training) {
        if (input.size(2) != nIn) {
            throw new IllegalArgumentException("FastLSTM expects " + nIn + " input features, got input of shape "
                    + Arrays.toString(input.shape()) + " (time-major [T, B, nIn])");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Shape s = shape((int) input.size(1), (int) input.size(0));
            s.x.assign(input);
            setOrZero(s.h0, h0);
            setOrZero(s.c0, c0);
            toOneDnn(weights, s.w);
            toOneDnn(recurrentWeights, s.rw);
            toOneDnn(bias.reshape(1, 4L * n), s.b);
            Primitives p = training ? s.train() : s.infer();
            p.run();
            trainingForward = training;
            return s.hs;
        }
    }

    @Override
    public INDArray lastCellState() {
        if (shape == null) {
            throw new IllegalStateException("FastLSTM: no forward pass yet");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return shape.cT.dup();
        }
    }

    @Override
    public INDArray backward(INDArray epsilon, INDArray weights, INDArray recurrentWeights, INDArray gradW,
            INDArray gradRW, INDArray gradB) {
        if (shape == null || !trainingForward) {
            throw new IllegalStateException("FastLSTM: backward pass without a training forward pass");
        }
        if (epsilon.size(0) != steps || epsilon.size(1) != batch || epsilon.size(2) != n) {
            throw new IllegalArgumentException("FastLSTM: gradient of shape " + Arrays.toString(epsilon.shape())
                    + " does not fit the forward pass [T=" + steps + ", B=" + batch + ", n=" + n + "]");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Shape s = shape;
            s.dhs.assign(epsilon);
            // oneDNN adds into the weight gradients
            s.dw.assign(0);
            s.drw.assign(0);
            s.db.assign(0);
            s.backward().run();
            fromOneDnn(s.dw, gradW);
            fromOneDnn(s.drw, gradRW);
            fromOneDnn(s.db, gradB.reshape(1, 4L * n));
            trainingForward = false;
            return s.dx;
        }
    }

    private static void setOrZero(INDArray target, INDArray value) {
        if (value == null) {
            target.assign(0);
        } else {
            target.assign(value);
        }
    }

    /** DL4J's [rows, 4n] (gate blocks in Gate's order) into oneDNN's [rows, 4n] (blocks i, f, c̃, o). */
    private void toOneDnn(INDArray dl4j, INDArray onednn) {
        for (int k = 0; k < 4; k++) {
            onednn.get(all(), block(k)).assign(dl4j.get(all(), block(ONEDNN_ORDER[k].ordinal())));
        }
    }

    private void fromOneDnn(INDArray onednn, INDArray dl4j) {
        for (int k = 0; k < 4; k++) {
            dl4j.get(all(), block(ONEDNN_ORDER[k].ordinal())).assign(onednn.get(all(), block(k)));
        }
    }

    private org.nd4j.linalg.indexing.INDArrayIndex block(int k) {
        return interval((long) k * n, (long) (k + 1) * n);
    }

    private Shape shape(int newBatch, int newSteps) {
        if (newBatch != batch || newSteps != steps) {
            batch = newBatch;
            steps = newSteps;
            shape = new Shape();
        }
        return shape;
    }

    /** One primitive with its arguments, and the reorders that feed and drain it. */
    private static final class Primitives {
        private final primitive main;
        private final IntMemoryMap args = new IntMemoryMap();
        private final java.util.List<memory[]> before = new java.util.ArrayList<>();
        private final java.util.List<memory[]> after = new java.util.ArrayList<>();
        private final java.util.List<reorder> beforeReorders = new java.util.ArrayList<>();
        private final java.util.List<reorder> afterReorders = new java.util.ArrayList<>();

        Primitives(primitive main) {
            this.main = main;
        }

        /** Passes {@code user} as argument {@code arg}, through a reorder into {@code wanted} when the layouts differ. */
        void in(int arg, memory user, memory.desc wanted) {
            args.put(arg, user.get_desc().equals(wanted) ? user : reorderedIn(user, wanted));
        }

        /** Like {@link #in}, for what the primitive writes: reordered back into {@code user} afterwards. */
        void out(int arg, memory user, memory.desc wanted, boolean alsoIn) {
            if (user.get_desc().equals(wanted)) {
                args.put(arg, user);
                return;
            }
            memory inner = alsoIn ? reorderedIn(user, wanted) : new memory(wanted, cpu);
            afterReorders.add(new reorder(inner, user));
            after.add(new memory[] {inner, user});
            args.put(arg, inner);
        }

        void arg(int arg, memory m) {
            args.put(arg, m);
        }

        private memory reorderedIn(memory user, memory.desc wanted) {
            memory inner = new memory(wanted, cpu);
            beforeReorders.add(new reorder(user, inner));
            before.add(new memory[] {user, inner});
            return inner;
        }

        void run() {
            for (int i = 0; i < before.size(); i++) {
                beforeReorders.get(i).execute(cpuStream, before.get(i)[0], before.get(i)[1]);
            }
            main.execute(cpuStream, args);
            for (int i = 0; i < after.size(); i++) {
                afterReorders.get(i).execute(cpuStream, after.get(i)[0], after.get(i)[1]);
            }
            cpuStream._wait();
        }
    }

    /**
     * Everything that depends on (batch, steps): ND4J buffers oneDNN reads and writes, and the primitives
     * (made when first used; JavaCPP frees the native objects of a replaced shape once unreachable).
     */
    private final class Shape {
        // Buffers in oneDNN's plain layouts (c order), shared with ND4J through their addresses.
        final INDArray x = buffer(steps, batch, nIn);     // tnc
        final INDArray h0 = buffer(batch, n);             // ldnc
        final INDArray c0 = buffer(batch, n);
        final INDArray hs = buffer(steps, batch, n);      // tnc
        final INDArray hT = buffer(batch, n);
        final INDArray cT = buffer(batch, n);
        final INDArray w = buffer(nIn, 4L * n);           // ldigo
        final INDArray rw = buffer(n, 4L * n);            // ldigo
        final INDArray b = buffer(1, 4L * n);             // ldgo
        final INDArray dhs = buffer(steps, batch, n);
        final INDArray dx = buffer(steps, batch, nIn);
        final INDArray dh0 = buffer(batch, n);
        final INDArray dc0 = buffer(batch, n);
        final INDArray dhT = buffer(batch, n);            // zero: nothing flows in after the last step
        final INDArray dcT = buffer(batch, n);
        final INDArray dw = buffer(nIn, 4L * n);
        final INDArray drw = buffer(n, 4L * n);
        final INDArray db = buffer(1, 4L * n);

        private final memory.desc layerIn = desc(memory.format_tag.tnc, steps, batch, nIn);
        private final memory.desc layerOut = desc(memory.format_tag.tnc, steps, batch, n);
        private final memory.desc state = desc(memory.format_tag.ldnc, 1, 1, batch, n);
        private final memory.desc wPlain = desc(memory.format_tag.ldigo, 1, 1, nIn, 4, n);
        private final memory.desc rwPlain = desc(memory.format_tag.ldigo, 1, 1, n, 4, n);
        private final memory.desc wAny = desc(memory.format_tag.any, 1, 1, nIn, 4, n);
        private final memory.desc rwAny = desc(memory.format_tag.any, 1, 1, n, 4, n);
        private final memory.desc biasPlain = desc(memory.format_tag.ldgo, 1, 1, 4, n);

        private final memory xm = wrap(layerIn, x);
        private final memory h0m = wrap(state, h0);
        private final memory c0m = wrap(state, c0);
        private final memory hsm = wrap(layerOut, hs);
        private final memory hTm = wrap(state, hT);
        private final memory cTm = wrap(state, cT);
        private final memory wm = wrap(wPlain, w);
        private final memory rwm = wrap(rwPlain, rw);
        private final memory bm = wrap(biasPlain, b);

        private Primitives train;
        private Primitives infer;
        private Primitives backward;
        private lstm_forward.primitive_desc trainDesc;
        private memory workspace;

        Shape() {
            cpu();
        }

        Primitives infer() {
            if (infer == null) {
                infer = forward(dnnl.prop_kind.forward_inference);
            }
            return infer;
        }

        Primitives train() {
            if (train == null) {
                train = forward(dnnl.prop_kind.forward_training);
            }
            return train;
        }

        private Primitives forward(dnnl.prop_kind kind) {
            lstm_forward.desc d = new lstm_forward.desc(kind, dnnl.rnn_direction.unidirectional_left2right,
                    layerIn, state, state, wAny, rwAny, biasPlain, layerOut, state, state);
            lstm_forward.primitive_desc pd = new lstm_forward.primitive_desc(d, cpu);
            Primitives p = forwardArguments(new Primitives(new lstm_forward(pd)), pd);
            if (kind == dnnl.prop_kind.forward_training) {
                trainDesc = pd;
                workspace = new memory(pd.workspace_desc(), cpu);
                p.arg(DNNL_ARG_WORKSPACE, workspace);
            }
            return p;
        }

        /** The forward pass's inputs and outputs, which the backward pass reads too; weights in {@code pd}'s layouts. */
        private Primitives forwardArguments(Primitives p, rnn_primitive_desc_base pd) {
            p.arg(DNNL_ARG_SRC_LAYER, xm);
            p.arg(DNNL_ARG_SRC_ITER, h0m);
            p.arg(DNNL_ARG_SRC_ITER_C, c0m);
            p.in(DNNL_ARG_WEIGHTS_LAYER, wm, pd.weights_layer_desc());
            p.in(DNNL_ARG_WEIGHTS_ITER, rwm, pd.weights_iter_desc());
            p.arg(DNNL_ARG_BIAS, bm);
            p.arg(DNNL_ARG_DST_LAYER, hsm);
            p.arg(DNNL_ARG_DST_ITER, hTm);
            p.arg(DNNL_ARG_DST_ITER_C, cTm);
            return p;
        }

        Primitives backward() {
            if (backward == null) {
                train();
                lstm_backward.desc d = new lstm_backward.desc(dnnl.prop_kind.backward,
                        dnnl.rnn_direction.unidirectional_left2right,
                        layerIn, state, state, wAny, rwAny, biasPlain, layerOut, state, state,
                        layerIn, state, state, wAny, rwAny, biasPlain, layerOut, state, state);
                lstm_backward.primitive_desc pd = new lstm_backward.primitive_desc(d, cpu, trainDesc);
                Primitives p = forwardArguments(new Primitives(new lstm_backward(pd)), pd);
                p.arg(DNNL_ARG_WORKSPACE, workspace);
                p.arg(DNNL_ARG_DIFF_SRC_LAYER, wrap(layerIn, dx));
                p.arg(DNNL_ARG_DIFF_SRC_ITER, wrap(state, dh0));
                p.arg(DNNL_ARG_DIFF_SRC_ITER_C, wrap(state, dc0));
                p.out(DNNL_ARG_DIFF_WEIGHTS_LAYER, wrap(wPlain, dw), pd.diff_weights_layer_desc(), true);
                p.out(DNNL_ARG_DIFF_WEIGHTS_ITER, wrap(rwPlain, drw), pd.diff_weights_iter_desc(), true);
                p.arg(DNNL_ARG_DIFF_BIAS, wrap(biasPlain, db));
                p.arg(DNNL_ARG_DIFF_DST_LAYER, wrap(layerOut, dhs));
                p.arg(DNNL_ARG_DIFF_DST_ITER, wrap(state, dhT));
                p.arg(DNNL_ARG_DIFF_DST_ITER_C, wrap(state, dcT));
                backward = p;
            }
            return backward;
        }

        private INDArray buffer(long... shape) {
            return Nd4j.create(DataType.FLOAT, shape);
        }

        private memory.desc desc(memory.format_tag tag, long... dims) {
            return new memory.desc(dims, memory.data_type.f32, tag);
        }

        private memory wrap(memory.desc d, INDArray array) {
            return new memory(d, cpu(), array.data().addressPointer());
        }
    }
}
