package org.lstmlessons.lstm.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What computes one FastLSTM layer over whole sequences: {@link OneDnnLstm} (oneDNN's fused LSTM,
 * float32 on the CPU) or {@link LstmKernel} (Java gate loops around GEMMs; any precision, truncated
 * backpropagation). Parameters are always DL4J's ({@code W [nIn, 4n]}, {@code RW [n, 4n]},
 * {@code b [1, 4n]}, gate blocks in {@link org.lstmlessons.lstm.LstmGates.Gate}'s order); sequences
 * are time-major ({@code [T, B, features]}). Not thread-safe: one engine per layer.
 */
interface LstmEngine {

    /**
     * The forward pass; a training pass keeps what {@link #backward} needs.
     *
     * @param input time-major {@code [T, B, nIn]} (any strides, e.g. a permuted view)
     * @param h0    initial output {@code [B, n]} or null for zeros
     * @param c0    initial cell state {@code [B, n]} or null for zeros
     * @return h_0 .. h_{T-1} time-major {@code [T, B, n]}, a view of the engine's buffer valid until the
     *         next call
     */
    INDArray forward(INDArray input, INDArray weights, INDArray recurrentWeights, INDArray bias, INDArray h0,
            INDArray c0, boolean training);

    /** The last step's cell state {@code [B, n]} of the latest forward pass (a fresh copy). */
    INDArray lastCellState();

    /**
     * Backpropagation through time over the latest training forward pass, all steps.
     *
     * @param epsilon dL/dh, time-major {@code [T, B, n]} (any strides)
     * @param gradW   receives dL/dW {@code [nIn, 4n]}; likewise dL/dRW {@code [n, 4n]} and dL/db {@code [1, 4n]}
     * @return dL/dx time-major {@code [T, B, nIn]} (a view of the engine's buffer, valid until the next call)
     */
    INDArray backward(INDArray epsilon, INDArray weights, INDArray recurrentWeights, INDArray gradW,
            INDArray gradRW, INDArray gradB);

    /** A short name for messages and benchmarks, e.g. "oneDNN 2.5.2 LSTM". */
    String name();
}
