package org.lstmlessons.lstm;

import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Lesson 4's proof that SameDiff's backpropagation through a hand-written cell (LSTM or GRU) is right: every
 * parameter's gradient compared with a central finite difference of the loss,
 * {@code (L(w + eps) - L(w - eps)) / (2 eps)}, in double precision.
 *
 * <p>Two measures, because the finite difference has a resolution of its own: rounding in the loss
 * (about 1, known to ~1e-15) divided by {@code 2 eps} leaves ~1e-10 of noise in every numeric
 * gradient for {@code eps = 1e-5}, while a larger {@code eps} adds truncation error
 * ({@code eps^2} times the third derivative). The <b>relative error</b> {@code |a - n| / (|a| + |n|)}
 * is therefore taken over the gradients of at least {@value #MAGNITUDE} in size (for a gradient of
 * 1e-6 the noise alone would be a relative error of 1e-4); the <b>absolute difference</b>
 * {@code |a - n|} is taken over all of them.
 *
 * @param checked               how many parameter values were compared
 * @param compared              how many of them were large enough for a relative error
 * @param maxRelativeError      the largest relative error among those
 * @param worst                 where it occurred, e.g. {@code "U[17]"}
 * @param analytic              SameDiff's gradient there
 * @param numeric               the finite difference there
 * @param maxAbsoluteDifference the largest {@code |a - n|} over every value
 */
public record GradientCheck(int checked, int compared, double maxRelativeError, String worst, double analytic,
        double numeric, double maxAbsoluteDifference) {

    /** Gradients smaller than this (|a| + |n|) are checked by their absolute difference only. */
    public static final double MAGNITUDE = 1e-3;

    /**
     * Compares every gradient of {@code cell} on {@code batch}; the weights are restored afterwards.
     *
     * @param epsilon the step of the finite difference (1e-5 suits double precision)
     * @throws IllegalArgumentException if the cell is not built with {@link DataType#DOUBLE}
     */
    public static GradientCheck of(HandWrittenRnn cell, DataSet batch, double epsilon) {
        if (cell.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("GradientCheck: build the cell with DataType.DOUBLE "
                    + "(e.g. BasicLstm.create(..., DataType.DOUBLE)); float32 rounding alone exceeds the tolerance.");
        }
        Map<String, INDArray> params = cell.parameters();
        Map<String, INDArray> grads = cell.gradients(batch);
        int checked = 0;
        int compared = 0;
        double worstError = 0;
        double worstAbs = 0;
        String worst = "none";
        double worstA = 0;
        double worstN = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray w = e.getValue();
            INDArray g = grads.get(e.getKey()).reshape(w.length());
            INDArray flat = w.reshape(w.length());
            for (long k = 0; k < w.length(); k++) {
                double original = flat.getDouble(k);
                flat.putScalar(k, original + epsilon);
                double plus = cell.loss(batch);
                flat.putScalar(k, original - epsilon);
                double minus = cell.loss(batch);
                flat.putScalar(k, original);
                double numeric = (plus - minus) / (2 * epsilon);
                double analytic = g.getDouble(k);
                double diff = Math.abs(analytic - numeric);
                checked++;
                worstAbs = Math.max(worstAbs, diff);
                double size = Math.abs(analytic) + Math.abs(numeric);
                if (size < MAGNITUDE) {
                    continue;
                }
                compared++;
                if (diff / size > worstError || worst.equals("none")) {
                    worstError = diff / size;
                    worst = e.getKey() + "[" + k + "]";
                    worstA = analytic;
                    worstN = numeric;
                }
            }
        }
        return new GradientCheck(checked, compared, worstError, worst, worstA, worstN, worstAbs);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%,d gradients compared with finite differences:%n"
                        + "  largest relative error %.2e (over the %,d gradients of size >= %.0e), at %s: SameDiff %.10f, "
                        + "finite difference %.10f%n  largest absolute difference %.2e (over all %,d)",
                checked, maxRelativeError, compared, MAGNITUDE, worst, analytic, numeric, maxAbsoluteDifference, checked);
    }
}
