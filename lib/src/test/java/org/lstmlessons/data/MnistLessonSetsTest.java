package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lstmlessons.LessonConfig;
import org.lstmlessons.train.TrainTestNets;

class MnistLessonSetsTest {

    private static Mnist mnist(Map<String, String> env) {
        LessonConfig config = LessonConfig.from(Map.of("user.home", "/h")::get, env::get);
        return new Mnist(MnistDataset.MNIST, TrainTestNets.digits(300), TrainTestNets.digits(120), "a fixture", config);
    }

    @Test
    void fullModeSplitsOffTheFirstImagesForValidationAndKeepsEverythingElse() {
        Mnist.LessonSets sets = mnist(Map.of()).sets(50);
        assertEquals(250, sets.train().size());
        assertEquals(50, sets.validation().size());
        assertEquals(120, sets.test().size());
        assertEquals(0, sets.train().label(0), "training starts at image 50, a 0");
    }

    @Test
    void limitsApplyAfterTheSplitToEachSet() {
        Mnist.LessonSets sets = mnist(Map.of("LSTM_LESSONS_TRAIN_LIMIT", "100", "LSTM_LESSONS_TEST_LIMIT", "30")).sets(50);
        assertEquals(100, sets.train().size());
        assertEquals(30, sets.validation().size());
        assertEquals(30, sets.test().size());
        assertEquals(0, sets.validation().label(0), "validation is still the first images");
        assertEquals("train", sets.train().name());
    }

    @Test
    void noValidationSetWhenAskedForNone() {
        Mnist.LessonSets sets = mnist(Map.of("LSTM_LESSONS_TRAIN_LIMIT", "100")).sets(0);
        assertEquals(100, sets.train().size());
        assertEquals(0, sets.validation().size());
        assertEquals(120, sets.test().size());
        assertEquals(0, sets.train().label(0));
    }

    @Test
    void aValidationSetAsLargeAsTheTrainingSetIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> mnist(Map.of()).sets(300));
        assertEquals("Cannot split 300 images into 300 for validation and the rest for training; choose 1..299.", e.getMessage());
    }
}
