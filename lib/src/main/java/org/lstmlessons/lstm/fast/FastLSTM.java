package org.lstmlessons.lstm.fast;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} layer, the same function with the same parameters ({@code W [nIn, 4n]},
 * {@code RW [n, 4n]}, {@code b [1, 4n]}, same initialisation), computed by a faster implementation
 * ({@link FastLSTMLayer}). Lesson 3 uses it by default:
 *
 * <pre>
 * .layer(new LastTimeStep(new FastLSTM.Builder().nIn(28).nOut(128).build()))
 * // DL4J's own layer, for comparison:
 * .layer(new LastTimeStep(new LSTM.Builder().nIn(28).nOut(128).build()))
 * </pre>
 *
 * <p>Input {@code [batch, features, time]} (or {@code [batch, time, features]} with
 * {@code dataFormat(RNNFormat.NWC)}), output {@code [batch, n, time]}. Works in
 * {@code MultiLayerNetwork} and {@code ComputationGraph}, inside {@code LastTimeStep}, with
 * {@code rnnTimeStep}, saved and loaded by {@code ModelSerializer}. Supports the activations DL4J's
 * LSTM uses by default (tanh, sigmoid gates) and no masks: for other activations or
 * variable-length sequences use {@link LSTM}.
 *
 * <p>What computes it ({@link Engine}): on ND4J's CPU backend, float32 layers run oneDNN's fused LSTM
 * ({@link OneDnnLstm}), other precisions (and truncated backpropagation shorter than the forward
 * segment) the Java kernel ({@link LstmKernel}); on any other backend (CUDA) the layer is DL4J's own
 * LSTM layer, so nothing calls OpenBLAS or oneDNN there. {@link #implementation()} says which runs.
 */
public class FastLSTM extends LSTM {

    private static final long serialVersionUID = 1L;

    /** Which code computes a FastLSTM layer. */
    public enum Engine {
        /** oneDNN's LSTM for float32 on the CPU, else the Java kernel; DL4J's LSTM off the CPU. */
        AUTO,
        /** oneDNN's fused LSTM (float32, CPU). */
        ONEDNN,
        /** Java gate loops around OpenBLAS GEMMs (any precision, CPU). */
        JAVA,
        /** DL4J's own LSTM layer (what runs on a GPU). */
        DL4J;

        LstmEngine create(int nIn, int n, DataType type) {
            return switch (this) {
                case ONEDNN -> new OneDnnLstm(nIn, n);
                case JAVA -> new LstmKernel(type, nIn, n);
                default -> throw new IllegalStateException(this + " is not a FastLSTM engine");
            };
        }
    }

    /** ND4J's backend class name when a test pretends to run on another backend; null: the real one. */
    static String backendForTests;

    private Engine engine = Engine.AUTO;

    /** For JSON deserialisation; build one with {@link Builder}. */
    public FastLSTM() {
        super();
    }

    /** The same layer configuration as {@code lstm}, computed by the fast implementation. */
    public static FastLSTM of(LSTM lstm) {
        FastLSTM fast = new FastLSTM();
        for (Class<?> c = LSTM.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(fast, f.get(lstm));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy LSTM setting " + f.getName()
                            + " into FastLSTM (DL4J version changed?)", e);
                }
            }
        }
        return fast;
    }

    /** Picks what computes this layer (default {@link Engine#AUTO}); e.g. {@code JAVA} to compare the two CPU engines. */
    public FastLSTM engine(Engine choice) {
        this.engine = java.util.Objects.requireNonNull(choice, "engine");
        return this;
    }

    public Engine getEngine() {
        return engine;
    }

    /** For JSON deserialisation. */
    public void setEngine(Engine engine) {
        this.engine = engine == null ? Engine.AUTO : engine;
    }

    /** The engine that computes this layer for {@code type} on the running ND4J backend. */
    public Engine engineFor(DataType type) {
        if (!cpuBackend()) {
            return Engine.DL4J;
        }
        if (engine == Engine.DL4J || engine == Engine.JAVA) {
            return engine;
        }
        String unavailable = OneDnnLstm.unavailable();
        if (engine == Engine.ONEDNN) {
            if (type != DataType.FLOAT) {
                throw new IllegalArgumentException("FastLSTM: oneDNN's LSTM computes float32, the network is " + type
                        + "; use Engine.JAVA or AUTO");
            }
            if (unavailable != null) {
                throw new IllegalStateException("FastLSTM: oneDNN's natives do not load here (" + unavailable
                        + "); use Engine.JAVA or AUTO");
            }
            return engine;
        }
        return type == DataType.FLOAT && unavailable == null ? Engine.ONEDNN : Engine.JAVA;
    }

    /**
     * One line saying what computes float32 FastLSTM layers here, for a lesson to print beside
     * {@code Lessons.backend()}: "FastLSTM: oneDNN 2.5.2 LSTM (float32, CPU)", "FastLSTM: DL4J's LSTM
     * (ND4J backend org.nd4j.linalg.jcublas.JCublasBackend)" or the Java engine with the reason oneDNN
     * does not load.
     */
    public static String implementation() {
        return switch (new FastLSTM().engineFor(DataType.FLOAT)) {
            case DL4J -> "FastLSTM: DL4J's LSTM (ND4J backend " + backendName() + ")";
            case ONEDNN -> "FastLSTM: oneDNN 2.5.2 LSTM (float32, CPU)";
            default -> "FastLSTM: Java gate loops + OpenBLAS GEMM (oneDNN does not load: " + OneDnnLstm.unavailable() + ")";
        };
    }

    private static String backendName() {
        return backendForTests != null ? backendForTests : org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
    }

    private static boolean cpuBackend() {
        return backendName().startsWith("org.nd4j.linalg.cpu.");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Engine chosen = engineFor(networkDataType);
        if (chosen == Engine.DL4J) {
            // DL4J's own LSTM layer, same parameters (it reads this configuration as the LSTM it extends)
            return super.instantiate(conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                    networkDataType);
        }
        LayerValidation.assertNInNOutSet("FastLSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        if (!(getActivationFn() instanceof ActivationTanH) || !(getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("FastLSTM (layer " + layerIndex + ") computes tanh cells with sigmoid "
                    + "gates, got activation " + getActivationFn() + " and gate activation " + getGateActivationFn()
                    + "; use DL4J's LSTM for other activations");
        }
        FastLSTMLayer layer = new FastLSTMLayer(conf, networkDataType, chosen);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public String toString() {
        return "Fast" + super.toString();
    }

    /**
     * DL4J's {@link LSTM.Builder} with every option it has; {@code build()} returns a
     * {@link FastLSTM}.
     */
    public static class Builder extends LSTM.Builder {

        @Override
        @SuppressWarnings("unchecked")
        public FastLSTM build() {
            return of(super.build());
        }
    }
}
