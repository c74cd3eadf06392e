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
 */
public class FastLSTM extends LSTM {

    private static final long serialVersionUID = 1L;

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

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastLSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        if (!(getActivationFn() instanceof ActivationTanH) || !(getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("FastLSTM (layer " + layerIndex + ") computes tanh cells with sigmoid "
                    + "gates, got activation " + getActivationFn() + " and gate activation " + getGateActivationFn()
                    + "; use DL4J's LSTM for other activations");
        }
        FastLSTMLayer layer = new FastLSTMLayer(conf, networkDataType);
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
