package org.lstmlessons.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state an LSTM layer carries from one time step to the next: the memory cell {@code c}
 * and the hidden output {@code h}, each {@code [batch, units]}.
 *
 * <p>TensorFlow returns it as {@code LSTMStateTuple(c=..., h=...)}. DL4J keeps it inside the
 * network after {@code net.rnnTimeStep(x)}; {@link #of(MultiLayerNetwork, int)} reads it out.
 * Lessons 1 and 2.
 */
public record LstmState(INDArray c, INDArray h) {

    /** DL4J's key for the previous hidden output in {@code rnnGetPreviousState}. */
    public static final String KEY_H = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION;
    /** DL4J's key for the previous memory cell in {@code rnnGetPreviousState}. */
    public static final String KEY_C = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL;

    /**
     * The (c, h) that layer {@code layer} of {@code net} holds after the last {@code rnnTimeStep}.
     *
     * @throws IllegalArgumentException if the layer is not an LSTM
     * @throws IllegalStateException    if the network has not run {@code rnnTimeStep} yet (or was reset)
     */
    public static LstmState of(MultiLayerNetwork net, int layer) {
        if (layer < 0 || layer >= net.getnLayers()) {
            throw new IllegalArgumentException("LstmState.of: layer " + layer + " does not exist; the network has layers 0.."
                    + (net.getnLayers() - 1) + ".");
        }
        Layer l = net.getLayer(layer);
        if (!(l instanceof org.deeplearning4j.nn.layers.recurrent.LSTM)) {
            throw new IllegalArgumentException("LstmState.of: layer " + layer + " is a " + l.getClass().getSimpleName()
                    + ", not an LSTM; pass the index of an LSTM layer.");
        }
        Map<String, INDArray> state = net.rnnGetPreviousState(layer);
        if (state == null || state.get(KEY_C) == null || state.get(KEY_H) == null) {
            throw new IllegalStateException("LstmState.of: layer " + layer + " holds no state yet; run net.rnnTimeStep(input)"
                    + " first (net.output(...) does not keep the state).");
        }
        return new LstmState(state.get(KEY_C).dup(), state.get(KEY_H).dup());
    }

    /** The states of all LSTM layers of {@code net}, bottom to top. */
    public static List<LstmState> all(MultiLayerNetwork net) {
        List<LstmState> states = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof org.deeplearning4j.nn.layers.recurrent.LSTM) {
                states.add(of(net, i));
            }
        }
        return states;
    }

    /** Zero state for a batch: what every sequence starts from. */
    public static LstmState zeros(long batch, long units) {
        return new LstmState(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, units),
                org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, units));
    }

    /** Like TensorFlow's {@code LSTMStateTuple(c=..., h=...)}, in NumPy's number format. */
    @Override
    public String toString() {
        return "LstmState(\n c=" + org.lstmlessons.arrays.ArrayPrinter.format(c).replace("\n", "\n   ") + ",\n h="
                + org.lstmlessons.arrays.ArrayPrinter.format(h).replace("\n", "\n   ") + ")";
    }
}
