package org.lstmlessons.data;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images and labels of one part of MNIST (train, validation or test), held as the bytes of the IDX
 * files and turned into DL4J data on demand. Lesson 3 reads every image as a sequence: time step
 * {@code t} is row {@code t} of the image, its features are that row's pixels, scaled to [0, 1].
 *
 * <ul>
 * <li>features: {@code [batch, columns, rows]} = {@code [batch, features, time]} = {@code [n, 28, 28]},
 *     DL4J's layout for recurrent input ({@code features[i][c][t]} is pixel (row t, column c) of image i)</li>
 * <li>labels: one-hot {@code [batch, 10]}, what an {@code OutputLayer} after {@code LastTimeStep} expects</li>
 * </ul>
 */
public final class MnistSet {

    /** Ten classes: the digits 0..9 (or Fashion-MNIST's ten kinds of clothing). */
    public static final int CLASSES = 10;

    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int size;
    private final int rows;
    private final int cols;

    private MnistSet(String name, byte[] pixels, byte[] labels, int size, int rows, int cols) {
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.size = size;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Pairs an images file and a labels file.
     *
     * @throws IdxFormatException if the counts differ, the shapes are not images/labels, or a label is not 0..9
     */
    public static MnistSet of(String name, IdxArray images, IdxArray labels) {
        if (images.dims().length != 3) {
            throw new IdxFormatException(images.source() + ": images need 3 dimensions [count, rows, columns], found "
                    + Arrays.toString(images.dims()) + "; is it a labels file?");
        }
        if (labels.dims().length != 1) {
            throw new IdxFormatException(labels.source() + ": labels need 1 dimension [count], found "
                    + Arrays.toString(labels.dims()) + "; is it an images file?");
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s has %,d images but %s has %,d labels; the two files must come from the same set "
                            + "(train-* with train-*, t10k-* with t10k-*). Replace the wrong one with the original.",
                    images.source(), images.count(), labels.source(), labels.count()));
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xFF) >= CLASSES) {
                throw new IdxFormatException(labels.source() + ": label " + (l[i] & 0xFF) + " at index " + i
                        + " is not a class 0..9; this is not an MNIST labels file. Replace it with the original.");
            }
        }
        return new MnistSet(name, images.data(), l, images.count(), images.dims()[1], images.dims()[2]);
    }

    /** "train", "validation", "test" (or what the caller named it). */
    public String name() {
        return name;
    }

    /** How many images. */
    public int size() {
        return size;
    }

    /** Pixel rows per image = time steps (28). */
    public int rows() {
        return rows;
    }

    /** Pixel columns per image = features per time step (28). */
    public int cols() {
        return cols;
    }

    /** The label (0..9) of image {@code i}. */
    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /** Every label, in order. */
    public int[] labels() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** Image {@code i} as {@code [rows][cols]} pixels in [0, 1] (0 = background). */
    public float[][] image(int i) {
        checkIndex(i);
        float[][] img = new float[rows][cols];
        int base = i * rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                img[r][c] = (pixels[base + r * cols + c] & 0xFF) / 255f;
            }
        }
        return img;
    }

    /** How many images of each class, index = class. */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (int i = 0; i < size; i++) {
            counts[labels[i]]++;
        }
        return counts;
    }

    /** The first {@code n} images (all of them if {@code n >= size()}): fast mode's way to shrink a set. */
    public MnistSet first(int n) {
        return range(0, Math.min(Math.max(n, 0), size), name);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) as a new set named {@code newName}. */
    public MnistSet range(int from, int to, String newName) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("MnistSet '" + name + "' has " + size + " images; cannot take "
                    + from + ".." + to + ".");
        }
        int px = rows * cols;
        return new MnistSet(newName, Arrays.copyOfRange(pixels, from * px, to * px),
                Arrays.copyOfRange(labels, from, to), to - from, rows, cols);
    }

    /** A training set split in two, the way TensorFlow's {@code read_data_sets} does it. */
    public record Split(MnistSet train, MnistSet validation) {
    }

    /**
     * Splits off the first {@code validationSize} images as a validation set; the rest is the
     * training set. TensorFlow's MNIST tutorial reader does exactly this with 5,000: 55,000 train.
     */
    public Split split(int validationSize) {
        if (validationSize < 1 || validationSize >= size) {
            throw new IllegalArgumentException("Cannot split " + size + " images into " + validationSize
                    + " for validation and the rest for training; choose 1.." + (size - 1) + ".");
        }
        return new Split(range(validationSize, size, "train"), range(0, validationSize, "validation"));
    }

    /** All images as DL4J features {@code [size, cols, rows]} = {@code [batch, features, time]}. */
    public INDArray features() {
        return features(0, size);
    }

    /** Images {@code from..to-1} as features {@code [to-from, cols, rows]}. */
    public INDArray features(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return featuresOf(idx);
    }

    /** All labels one-hot, {@code [size, 10]}. */
    public INDArray oneHotLabels() {
        int[] idx = new int[size];
        Arrays.setAll(idx, i -> i);
        return labelsOf(idx);
    }

    /** The whole set as one DL4J {@link DataSet}: features {@code [size, 28, 28]}, labels {@code [size, 10]}. */
    public DataSet dataSet() {
        return new DataSet(features(), oneHotLabels());
    }

    /** The images at the given indices as a {@link DataSet} (a minibatch). */
    public DataSet dataSet(int[] indices) {
        return new DataSet(featuresOf(indices), labelsOf(indices));
    }

    /**
     * Minibatches in a shuffled order that is new each epoch and the same on every run for the same
     * seed; for {@code net.fit(iterator, epochs)} or a hand-written loop.
     */
    public MnistIterator batches(int batchSize, long seed) {
        return new MnistIterator(this, batchSize, seed);
    }

    /** Minibatches in file order (for evaluation). */
    public MnistIterator batchesInOrder(int batchSize) {
        return new MnistIterator(this, batchSize, null);
    }

    INDArray featuresOf(int[] indices) {
        int px = rows * cols;
        float[] buf = new float[indices.length * px];
        for (int b = 0; b < indices.length; b++) {
            checkIndex(indices[b]);
            int src = indices[b] * px;
            int dst = b * px;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    // [batch][feature = column][time = row]
                    buf[dst + c * rows + r] = (pixels[src + r * cols + c] & 0xFF) / 255f;
                }
            }
        }
        return Nd4j.create(buf, new long[] {indices.length, cols, rows}, 'c');
    }

    INDArray labelsOf(int[] indices) {
        float[] buf = new float[indices.length * CLASSES];
        for (int b = 0; b < indices.length; b++) {
            checkIndex(indices[b]);
            buf[b * CLASSES + labels[indices[b]]] = 1f;
        }
        return Nd4j.create(buf, new long[] {indices.length, CLASSES}, 'c');
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("MnistSet '" + name + "' has " + size + " images; index " + i + " is outside.");
        }
    }

    /** For example {@code train: 55,000 images 28x28 -> features [55000, 28, 28] ([batch, features, time]), labels [55000, 10]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %,d images %dx%d -> features [%d, %d, %d] ([batch, features, time]), labels [%d, %d]",
                name, size, rows, cols, size, cols, rows, size, CLASSES);
    }
}
