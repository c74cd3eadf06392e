package org.lstmlessons.data;

/**
 * The four files of MNIST (and of Fashion-MNIST, which uses the same names and format), by their
 * standard names without {@code .gz}. Images are IDX magic {@code 0x00000803} (unsigned bytes, 3
 * dimensions: count, rows, columns); labels are {@code 0x00000801} (unsigned bytes, 1 dimension).
 */
public enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", 3),
    TRAIN_LABELS("train-labels-idx1-ubyte", 1),
    TEST_IMAGES("t10k-images-idx3-ubyte", 3),
    TEST_LABELS("t10k-labels-idx1-ubyte", 1);

    private final String fileName;
    private final int dimensions;

    MnistFile(String fileName, int dimensions) {
        this.fileName = fileName;
        this.dimensions = dimensions;
    }

    /** The uncompressed file name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The gzip file name the mirrors serve, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzName() {
        return fileName + ".gz";
    }

    /** 3 for images (count, rows, columns), 1 for labels. */
    public int dimensions() {
        return dimensions;
    }

    /** The IDX magic number this file must start with. */
    public int magic() {
        return 0x0800 | dimensions;
    }

    /** Whether this is an images file (otherwise labels). */
    public boolean images() {
        return dimensions == 3;
    }
}
