package org.lstmlessons.train;

import java.util.Locale;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.lstmlessons.data.MnistSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's predicted class for every image of a set, next to the true class: accuracy, confusion
 * matrix, the indices it got wrong. Lesson 3 evaluates the test set with it.
 *
 * @param predicted  predicted class per image (argmax of the output)
 * @param actual     true class per image
 * @param confidence the probability the model gave its predicted class
 */
public record Predictions(int[] predicted, int[] actual, float[] confidence) {

    /** Evaluation batch size: big enough to be quick, small enough for little memory. */
    static final int BATCH = 500;

    /** Predicts every image of {@code set} with a DL4J network. */
    public static Predictions of(MultiLayerNetwork net, MnistSet set) {
        return of(Trainable.of(net), set);
    }

    /** Predicts every image of {@code set} with any {@link Trainable} model. */
    public static Predictions of(Trainable model, MnistSet set) {
        int n = set.size();
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray probs = model.output(set.features(from, to));
            int[] best = probs.argMax(1).toIntVector();
            for (int k = 0; k < best.length; k++) {
                predicted[from + k] = best[k];
                confidence[from + k] = probs.getFloat(k, best[k]);
            }
        }
        return new Predictions(predicted, set.labels(), confidence);
    }

    /** How many images. */
    public int size() {
        return actual.length;
    }

    /** How many were predicted right. */
    public int correct() {
        int ok = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                ok++;
            }
        }
        return ok;
    }

    /** Share predicted right, 0..1. */
    public double accuracy() {
        return actual.length == 0 ? Double.NaN : correct() / (double) actual.length;
    }

    /** {@code counts[true][predicted]}, 10 x 10. */
    public int[][] confusion() {
        int[][] m = new int[MnistSet.CLASSES][MnistSet.CLASSES];
        for (int i = 0; i < actual.length; i++) {
            m[actual[i]][predicted[i]]++;
        }
        return m;
    }

    /** One cell off the confusion matrix's diagonal: {@code count} images of class {@code actual} predicted as {@code predicted}. */
    public record Mixup(int actual, int predicted, int count) {
    }

    /** The largest cell off the diagonal of {@link #confusion()} (ties: the first in row order); count 0 when all are right. */
    public Mixup mostConfused() {
        int[][] m = confusion();
        Mixup best = new Mixup(0, 0, 0);
        for (int a = 0; a < m.length; a++) {
            for (int p = 0; p < m.length; p++) {
                if (a != p && m[a][p] > best.count()) {
                    best = new Mixup(a, p, m[a][p]);
                }
            }
        }
        return best;
    }

    /** Indices of the images predicted wrong, most confident mistakes first (ties: lower index first). */
    public int[] misclassified() {
        return IntStream.range(0, actual.length).filter(i -> predicted[i] != actual[i]).boxed()
                .sorted((a, b) -> a.equals(b) ? 0 : Float.compare(confidence[b], confidence[a]) != 0
                        ? Float.compare(confidence[b], confidence[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d of %,d right: accuracy %.4f", correct(), size(), accuracy());
    }
}
