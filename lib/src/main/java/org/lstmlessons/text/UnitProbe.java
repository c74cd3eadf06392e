package org.lstmlessons.text;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Looking inside a character model (lesson 6): every LSTM unit's output at every character of a
 * passage, and which unit follows a property of the text (the position in a line, being inside
 * quotation marks) most closely, by correlation.
 */
public final class UnitProbe {

    /**
     * The unit that follows a property best.
     *
     * @param unit        its index in the layer
     * @param correlation Pearson's r between its output and the property, over the passage
     */
    public record Match(int unit, double correlation) {
    }

    private UnitProbe() {
    }

    /**
     * The outputs {@code h} of the network's layer {@code layer} while it reads {@code ids} (one-hot,
     * from a cleared state, in one sequence): {@code [units][characters]}.
     */
    public static double[][] outputs(MultiLayerNetwork net, int layer, int vocabulary, int[] ids) {
        INDArray x = Nd4j.zeros(1, vocabulary, ids.length);
        for (int t = 0; t < ids.length; t++) {
            x.putScalar(new long[] {0, ids[t], t}, 1.0);
        }
        net.rnnClearPreviousState();
        INDArray h = net.feedForwardToLayer(layer, x, false).get(layer + 1);   // [1, units, characters]
        double[][] out = new double[(int) h.size(1)][];
        for (int u = 0; u < out.length; u++) {
            out[u] = h.get(NDArrayIndex.point(0), NDArrayIndex.point(u), NDArrayIndex.all()).toDoubleVector();
        }
        return out;
    }

    /** Pearson's correlation of {@code a} and {@code b} (0 when either is constant). */
    public static double correlation(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("correlation needs two series of the same, non-zero length; got "
                    + a.length + " and " + b.length);
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** The unit whose output correlates most strongly (largest |r|) with {@code property}. */
    public static Match best(double[][] outputs, double[] property) {
        Match best = new Match(-1, 0);
        for (int u = 0; u < outputs.length; u++) {
            double r = correlation(outputs[u], property);
            if (best.unit() < 0 || Math.abs(r) > Math.abs(best.correlation())) {
                best = new Match(u, r);
            }
        }
        return best;
    }

    /** For every character, how many characters came before it on its line (0 right after a line break). */
    public static double[] positionInLine(String text) {
        int[] cps = text.codePoints().toArray();
        double[] out = new double[cps.length];
        int col = 0;
        for (int i = 0; i < cps.length; i++) {
            out[i] = col;
            col = cps[i] == '\n' ? 0 : col + 1;
        }
        return out;
    }

    /**
     * For every character, 1 inside a quotation (after an opening “ up to and including its closing
     * ”), else 0. A paragraph break (a blank line) also ends a quotation, as printed books let a
     * quotation that runs over several paragraphs reopen each one.
     */
    public static double[] insideQuotes(String text) {
        int[] cps = text.codePoints().toArray();
        double[] out = new double[cps.length];
        boolean inside = false;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == '\u201c') {
                inside = true;
            }
            out[i] = inside ? 1 : 0;
            if (cps[i] == '\u201d' || (cps[i] == '\n' && i > 0 && cps[i - 1] == '\n')) {
                inside = false;
            }
        }
        return out;
    }
}
