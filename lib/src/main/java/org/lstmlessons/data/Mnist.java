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
 */
public record Mnist(MnistDataset dataset, MnistSet train, MnistSet test, String origin) {

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
        return new Mnist(dataset, train, test, trainImages.origin());
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
