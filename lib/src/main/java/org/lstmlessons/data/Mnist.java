package org.lstmlessons.data;

import java.util.Locale;
import java.util.function.Consumer;

import org.lstmlessons.LessonConfig;

/**
 * MNIST for the lessons, in one call: {@code var mnist = Mnist.load();} gives the 60,000 training
 * and 10,000 test images, verified, as {@link MnistSet}s that make DL4J data (each image a sequence
 * of 28 time steps of 28 pixels). Where the files come from is {@link DataStore}'s business;
 * {@link LessonConfig} documents the settings. Used by lesson 3 ({@code 03-mnist-lstm}) and lesson 4.
 *
 * @param dataset which data set this is
 * @param train   the training images (60,000)
 * @param test    the test images (10,000)
 * @param origin  where the files came from ("the cache", "your folder", "a download from HOST"); never a path
 * @param config  the settings it was loaded with; {@link #sets(int)} applies their fast-mode limits
 */
public record Mnist(MnistDataset dataset, MnistSet train, MnistSet test, String origin, LessonConfig config) {

    /**
     * The sets a lesson trains and measures on.
     *
     * @param train      the images the network learns from
     * @param validation images kept apart from the training set to watch progress (empty if none)
     * @param test       the final verdict's images
     */
    public record LessonSets(MnistSet train, MnistSet validation, MnistSet test) {
    }

    /**
     * Keeps the first {@code validationSize} training images apart as a validation set, as the
     * course's reader does with 5,000, and trains on the rest; in fast mode (or with a limit set,
     * see {@link LessonConfig}) each set is then cut to its limit, so a lesson never sizes its data
     * itself. {@code validationSize} 0 keeps no validation set.
     *
     * @throws IllegalArgumentException if {@code validationSize} leaves no training images
     */
    public LessonSets sets(int validationSize) {
        MnistSet learn = train;
        MnistSet validation = train.range(0, 0, "validation");
        if (validationSize != 0) {
            MnistSet.Split split = train.split(validationSize);
            learn = split.train();
            validation = split.validation().first(config.testSize(validationSize));
        }
        return new LessonSets(learn.first(config.trainSize(learn.size())), validation,
                test.first(config.testSize(test.size())));
    }

    /** MNIST with the current settings; progress lines (downloads only) go to standard output. */
    public static Mnist load() {
        return load(MnistDataset.MNIST);
    }

    /** MNIST or {@link MnistDataset#FASHION_MNIST}, with the current settings. */
    public static Mnist load(MnistDataset dataset) {
        return load(dataset, LessonConfig.current(), System.out::println);
    }

    /**
     * Loads a data set with explicit settings.
     *
     * @throws DataException (a subclass of it) with a message that names the file and the fix
     */
    public static Mnist load(MnistDataset dataset, LessonConfig config, Consumer<String> progress) {
        DataStore store = new DataStore(dataset.dataSet(), config, progress);
        DataStore.Found trainImages = store.find(dataset.file(MnistFile.TRAIN_IMAGES));
        DataStore.Found trainLabels = store.find(dataset.file(MnistFile.TRAIN_LABELS));
        DataStore.Found testImages = store.find(dataset.file(MnistFile.TEST_IMAGES));
        DataStore.Found testLabels = store.find(dataset.file(MnistFile.TEST_LABELS));
        MnistSet train = MnistSet.of("train", parse(trainImages, MnistFile.TRAIN_IMAGES),
                parse(trainLabels, MnistFile.TRAIN_LABELS));
        MnistSet test = MnistSet.of("test", parse(testImages, MnistFile.TEST_IMAGES),
                parse(testLabels, MnistFile.TEST_LABELS));
        return new Mnist(dataset, train, test, trainImages.origin(), config);
    }

    private static IdxArray parse(DataStore.Found found, MnistFile kind) {
        return Idx.parse(found.content(), found.file().toString(), kind);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s from %s: train %,d images, test %,d images, %dx%d pixels",
                dataset, origin, train.size(), test.size(), train.rows(), train.cols());
    }
}
