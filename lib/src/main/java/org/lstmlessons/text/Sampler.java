package org.lstmlessons.text;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drawing the next token from a language model's softmax, and generating text with it (lessons 5 and
 * 6). Temperature {@code T} divides the scores (log-probabilities) before the softmax: {@code T < 1}
 * sharpens the distribution towards the likeliest token, {@code T > 1} flattens it.
 */
public final class Sampler {

    private Sampler() {
    }

    /** The distribution {@code probs} at temperature {@code t}: {@code softmax(log(p) / t)}. */
    public static double[] withTemperature(double[] probs, double t) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("the temperature must be above 0, not " + t);
        }
        double[] s = new double[probs.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.log(Math.max(probs[i], 1e-30)) / t;
            max = Math.max(max, s[i]);
        }
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= sum;
        }
        return s;
    }

    /** One index drawn from {@code probs} (which sum to 1). */
    public static int draw(double[] probs, Random rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < probs.length; i++) {
            c += probs[i];
            if (u < c) {
                return i;
            }
        }
        return probs.length - 1;
    }

    /** The indices of the {@code k} largest probabilities, largest first (ties: lower index first). */
    public static int[] top(double[] probs, int k) {
        return IntStream.range(0, probs.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -probs[i]).thenComparing(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The {@code k} likeliest next symbols of {@code probs} (at temperature 1), with their probability at
     * each of {@code temperatures}: a table with a column "symbol" and one column per temperature
     * (lessons 5 and 6).
     */
    public static Table temperatureTable(String title, Vocabulary vocabulary, double[] probs, int k,
            double... temperatures) {
        int[] likeliest = top(probs, k);
        Table t = Table.create(title, StringColumn.create("symbol",
                Arrays.stream(likeliest).mapToObj(i -> Tokens.visible(vocabulary.symbol(i))).toList()));
        for (double temperature : temperatures) {
            double[] p = withTemperature(probs, temperature);
            DoubleColumn c = DoubleColumn.create("T = " + temperature, Arrays.stream(likeliest).mapToDouble(i -> p[i]).toArray());
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
            t.addColumns(c);
        }
        return t;
    }

    /**
     * The network's next-token distribution after {@code prompt}, fed from a cleared state.
     *
     * @param oneHot whether the network reads one-hot input (characters) or indices (an embedding)
     */
    public static double[] nextAfter(MultiLayerNetwork net, int vocabulary, int[] prompt, boolean oneHot) {
        net.rnnClearPreviousState();
        INDArray out = null;
        for (int id : prompt) {
            out = net.rnnTimeStep(input(id, vocabulary, oneHot));
        }
        if (out == null) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        return distribution(out);
    }

    /**
     * {@code n} tokens generated after {@code prompt}: the state is carried from call to call with
     * {@code rnnTimeStep}, as lesson 1 showed, and each token is drawn at temperature {@code t}.
     */
    public static int[] generate(MultiLayerNetwork net, int vocabulary, int[] prompt, int n, double t, boolean oneHot,
            long seed) {
        Random rng = new Random(seed);
        double[] p = nextAfter(net, vocabulary, prompt, oneHot);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = draw(withTemperature(p, t), rng);
            if (i + 1 < n) {
                p = distribution(net.rnnTimeStep(input(out[i], vocabulary, oneHot)));
            }
        }
        return out;
    }

    private static INDArray input(int id, int vocabulary, boolean oneHot) {
        if (oneHot) {
            INDArray x = Nd4j.zeros(1, vocabulary, 1);
            x.putScalar(new long[] {0, id, 0}, 1.0);
            return x;
        }
        return Nd4j.zeros(1, 1, 1).putScalar(0, id);
    }

    private static double[] distribution(INDArray out) {
        INDArray last = out.rank() == 3 ? out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(out.size(2) - 1))
                : out.getRow(0);
        double[] p = last.toDoubleVector();
        double sum = Arrays.stream(p).sum();
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
