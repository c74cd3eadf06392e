package org.lstmlessons.lstm;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lesson 4, Exercise 2's worked solution: a GRU (gated recurrent unit, Cho et al. 2014) written from
 * its equations the way {@link BasicLstm} writes the LSTM, in the course's notation. Two gates, the
 * update gate {@code Γu} and the relevance (reset) gate {@code Γr}, and a candidate that sees the
 * previous state only through {@code Γr}; the state {@code h} is its own memory (no separate
 * {@code c}):
 *
 * <pre>
 * Γu = sigmoid(x_t W_u + h_{t-1} U_u + b_u)          Γr = sigmoid(x_t W_r + h_{t-1} U_r + b_r)
 * c̃  = tanh(x_t W_c + (Γr * h_{t-1}) U_c + b_c)       h_t = Γu * c̃ + (1 - Γu) * h_{t-1}
 * </pre>
 * One input kernel {@code W [nIn, 3n]}, one recurrent kernel {@code U [n, 3n]} and the bias
 * {@code b [3n]}, each in the blocks (update, relevance, candidate): {@code 3n(nIn + n + 1)}
 * parameters, three quarters of an LSTM of the same size. {@code W}, {@code U} Glorot-uniform,
 * {@code b} zeros. The relevance gate acts before the product with {@code U_c}, as in the course's
 * equations and Cho et al. (cuDNN and PyTorch apply it after the product: another, equally common
 * variant).
 */
public final class BasicGru extends HandWrittenRnn {

    /** The blocks of {@code W}, {@code U} and {@code b}, in this order. */
    public enum Part {
        /** Γu: how much of the candidate replaces the state. */
        UPDATE,
        /** Γr: how much of the previous state the candidate sees. */
        RELEVANCE,
        /** c̃: the new values on offer. */
        CANDIDATE
    }

    private BasicGru(int inputs, int units, int classes, int steps, long seed, DataType type) {
        super("BasicGru", inputs, units, classes, steps, seed, type, (sd, x, rng) -> {
            SDVariable w = sd.var("W", glorot(rng, type, inputs, 3 * units));
            SDVariable u = sd.var("U", glorot(rng, type, units, 3 * units));
            SDVariable b = sd.var("b", Nd4j.zeros(type, 3L * units));
            SDVariable uGates = block(u, 0, 2 * units);                        // [n, 2n]: U_u and U_r
            SDVariable uCandidate = block(u, Part.CANDIDATE.ordinal(), units);   // [n, n]: U_c
            SDVariable h = null;
            List<SDVariable> hs = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                SDVariable z = step(x, t).mmul(w).add(b);                                // [batch, 3n]
                SDVariable zu = block(z, Part.UPDATE.ordinal(), units);
                SDVariable zc = block(z, Part.CANDIDATE.ordinal(), units);
                if (t == 0) {
                    // the state starts at zero: every product with h vanishes, and so does (1 - Γu) * h
                    h = sd.nn.sigmoid(zu).mul(sd.math.tanh(zc));
                } else {
                    SDVariable hu = h.mmul(uGates);                                      // [batch, 2n]
                    SDVariable update = sd.nn.sigmoid(zu.add(block(hu, Part.UPDATE.ordinal(), units)));
                    SDVariable relevance = sd.nn.sigmoid(block(z, Part.RELEVANCE.ordinal(), units)
                            .add(block(hu, Part.RELEVANCE.ordinal(), units)));
                    SDVariable candidate = sd.math.tanh(zc.add(relevance.mul(h).mmul(uCandidate)));
                    h = update.mul(candidate).add(update.rsub(1.0).mul(h));
                }
                hs.add(h);
            }
            return hs;
        });
    }

    /**
     * Builds the graph with freshly initialised weights; the arguments are {@link BasicLstm#create}'s.
     *
     * @param type {@link DataType#FLOAT} to train, {@link DataType#DOUBLE} for gradient checks
     */
    public static BasicGru create(int inputs, int units, int classes, int steps, long seed, DataType type) {
        return new BasicGru(inputs, units, classes, steps, seed, type);
    }

    /** A GRU for MNIST: 28 inputs, the given units, 10 classes, 28 steps, float. */
    public static BasicGru forMnist(int units, long seed) {
        return create(DigitLstm.FEATURES, units, DigitLstm.CLASSES, DigitLstm.STEPS, seed, DataType.FLOAT);
    }

    /** Sets Adam with this learning rate as the optimiser for {@link #fit(DataSet)}. */
    public BasicGru adam(double learningRate) {
        useAdam(learningRate);
        return this;
    }
}
