package org.lstmlessons.lstm.fast;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer {@link FastLSTM} configures: DL4J's LSTM computed by {@link LstmKernel}.
 *
 * <p>Where DL4J's own layer spends its time (measured on M2.1, CPU): it has no native helper, so
 * every time step is a dozen small ND4J operations (about 1,760 per minibatch of lesson 3, each with
 * a fixed cost of several microseconds, plus native allocations and garbage), its float tanh is
 * slow, and a training step computes the forward pass twice. This layer computes the input
 * projection of all steps in one matrix product, does the gate math of a step in Java loops, and
 * reuses the forward pass of the training step for backpropagation.
 *
 * <p>The forward pass kept for backpropagation is the one of the latest {@code activate} call
 * with the same input array (DL4J's networks always call {@code activate} right before
 * {@code backpropGradient}).
 */
public class FastLSTMLayer extends BaseRecurrentLayer<FastLSTM> {

    private static final String PREV_ACTIVATION = "prevAct";
    private static final String PREV_MEMCELL = "prevMem";

    private transient LstmEngine engine;
    private transient LstmKernel truncatedKernel; // truncated backpropagation when the engine is oneDNN
    private transient INDArray forwardInput;
    private transient INDArray forwardH0;
    private transient INDArray forwardC0;

    private final FastLSTM.Engine chosen;

    /** A layer computed by {@code chosen} ({@link FastLSTM.Engine#ONEDNN} or {@link FastLSTM.Engine#JAVA}). */
    public FastLSTMLayer(NeuralNetConfiguration conf, DataType dataType, FastLSTM.Engine chosen) {
        super(conf, dataType);
        this.chosen = chosen;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return run(training, null, null, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, 0, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaceMgr) {
        if (forwardInput == null || forwardInput != input) {
            throw new IllegalStateException("FastLSTM: truncated BPTT needs the forward pass of this segment first "
                    + "(rnnActivateUsingStoredState); layer " + layerId());
        }
        int steps = (int) input.size(timeDimension());
        return backprop(epsilon, Math.max(0, steps - tbpttBackwardLength), workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = run(false, stateMap.get(PREV_ACTIVATION), stateMap.get(PREV_MEMCELL), workspaceMgr);
        storeLastState(out, stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = run(training, tBpttStateMap.get(PREV_ACTIVATION), tBpttStateMap.get(PREV_MEMCELL),
                workspaceMgr);
        if (storeLastForTBPTT) {
            storeLastState(out, tBpttStateMap);
        }
        return out;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, MaskState.Passthrough);
    }

    @Override
    public Gradient gradient() {
        throw new UnsupportedOperationException("FastLSTM has no layer-wise pretraining; layer " + layerId());
    }

    private INDArray run(boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalArgumentException("FastLSTM expects 3-D input " + formatName() + ", got shape "
                    + java.util.Arrays.toString(input.shape()) + "; layer " + layerId());
        }
        if (maskArray != null) {
            throw new UnsupportedOperationException("FastLSTM does not support masks (variable-length sequences); "
                    + "use DL4J's LSTM for masked data; layer " + layerId());
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        INDArray hs = engine().forward(toTimeMajor(input), w, rw, b, h0, c0, training);
        forwardInput = training ? input : null;
        forwardH0 = h0;
        forwardC0 = c0;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                outputShape(hs), 'c');
        out.assign(fromTimeMajor(hs));
        return out;
    }

    private Pair<Gradient, INDArray> backprop(INDArray epsilon, int firstStep, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (forwardInput == null || forwardInput != input) {
            run(true, null, null, workspaceMgr);
        }
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray gw = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray grw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray dx;
        if (firstStep == 0) {
            dx = engine.backward(toTimeMajor(epsilon), w, rw, gw, grw, gb);
        } else {
            // oneDNN's LSTM backpropagates through every step; a shorter truncated pass runs in Java
            LstmKernel kernel = engine instanceof LstmKernel java ? java : truncatedKernel();
            if (kernel != engine) {
                INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, true, workspaceMgr);
                kernel.forward(toTimeMajor(input), w, rw, b, forwardH0, forwardC0, true);
            }
            dx = kernel.backward(toTimeMajor(epsilon), firstStep, w, rw, gw, grw, gb, true);
        }
        forwardInput = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gw);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, grw);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gb);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        epsOut.assign(fromTimeMajor(dx));
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsOut));
    }

    private void storeLastState(INDArray out, java.util.Map<String, INDArray> states) {
        long last = out.size(timeDimension()) - 1;
        INDArray h = nwc() ? out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(last), org.nd4j.linalg.indexing.NDArrayIndex.all())
                : out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(last));
        states.put(PREV_ACTIVATION, h.dup().detach());
        states.put(PREV_MEMCELL, engine.lastCellState());
    }

    private LstmEngine engine() {
        if (engine == null) {
            engine = chosen.create((int) layerConf().getNIn(), (int) layerConf().getNOut(),
                    dataType);
        }
        return engine;
    }

    private LstmKernel truncatedKernel() {
        if (truncatedKernel == null) {
            truncatedKernel = new LstmKernel(dataType, (int) layerConf().getNIn(), (int) layerConf().getNOut());
        }
        return truncatedKernel;
    }

    /** What computes this layer: "oneDNN 2.5.2 LSTM" or "Java gate loops + OpenBLAS GEMM". */
    public String engineName() {
        return engine().name();
    }

    private boolean nwc() {
        return getDataFormat() == RNNFormat.NWC;
    }

    private int timeDimension() {
        return nwc() ? 1 : 2;
    }

    private String formatName() {
        return nwc() ? "[batch, time, features]" : "[batch, features, time]";
    }

    /** [B, F, T] (NCW) or [B, T, F] (NWC) as a [T, B, F] view. */
    private INDArray toTimeMajor(INDArray x) {
        return nwc() ? x.permute(1, 0, 2) : x.permute(2, 0, 1);
    }

    /** [T, B, n] back to the layer's format, as a view. */
    private INDArray fromTimeMajor(INDArray x) {
        return nwc() ? x.permute(1, 0, 2) : x.permute(1, 2, 0);
    }

    private long[] outputShape(INDArray timeMajor) {
        return fromTimeMajor(timeMajor).shape();
    }
}
