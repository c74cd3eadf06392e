package org.lstmlessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LessonConfigTest {

    static LessonConfig config(Map<String, String> props, Map<String, String> env) {
        return LessonConfig.from(props::get, env::get);
    }

    @Test
    void fullModeByDefaultUsesEverything() {
        LessonConfig c = config(Map.of("user.home", "/home/u"), Map.of());
        assertFalse(c.fast());
        assertEquals(55_000, c.trainSize(55_000));
        assertEquals(10_000, c.testSize(10_000));
        assertEquals(8, c.epochs(8));
        assertEquals(100_000, c.samples(100_000));
        assertEquals("full mode: all examples, all epochs", c.describe());
        assertTrue(c.full());
    }

    @Test
    void anyLimitMeansNotFull() {
        assertFalse(config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_FAST", "1")).full());
        assertFalse(config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_MAX_EPOCHS", "3")).full());
        assertFalse(config(Map.of("lstm.lessons.test.limit", "100", "user.home", "/h"), Map.of()).full());
        assertEquals(0.985, config(Map.of("user.home", "/h"), Map.of()).bar(0.985, 0.80), 0.0, "full run: the promise");
        assertEquals(0.80, config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_FAST", "1")).bar(0.985, 0.80), 0.0);
    }

    @Test
    void fastModeFromTheEnvironmentLimitsSizesAndEpochs() {
        LessonConfig c = config(Map.of("user.home", "/home/u"), Map.of("LSTM_LESSONS_FAST", "1"));
        assertTrue(c.fast());
        assertEquals(LessonConfig.FAST_TRAIN_LIMIT, c.trainSize(55_000));
        assertEquals(LessonConfig.FAST_TEST_LIMIT, c.testSize(10_000));
        assertEquals(3, c.epochs(8));
        assertEquals(1, c.epochs(1));
        assertEquals(3 * LessonConfig.FAST_TRAIN_LIMIT, c.samples(100_000));
        assertEquals(128, c.testSize(128));
        assertEquals(LessonConfig.FAST_TEXT_LIMIT, c.textSize(1_204_997));
        assertEquals(20_000, c.textSize(20_000));
        assertEquals("fast mode (LSTM_LESSONS_FAST=1): at most 8,000 training examples, 2,000 test/validation examples, "
                + "40,000 tokens of each text, 3 epochs",
                c.describe());
    }

    @Test
    void explicitLimitsOverrideFastModeDefaultsAndPropertiesWinOverEnvironment() {
        LessonConfig c = config(Map.of("lstm.lessons.train.limit", "3000", "user.home", "/h"),
                Map.of("LSTM_LESSONS_FAST", "true", "LSTM_LESSONS_TRAIN_LIMIT", "500", "LSTM_LESSONS_MAX_EPOCHS", "2"));
        assertEquals(3000, c.trainSize(55_000));
        assertEquals(Integer.MAX_VALUE, config(Map.of("user.home", "/h"), Map.of()).textSize(Integer.MAX_VALUE));
        assertEquals(2, c.epochs(8));
        assertEquals(6000, c.samples(100_000));
    }

    @Test
    void cacheDirectoryFollowsXdgThenHomeThenTheSetting() {
        assertEquals(Path.of("/home/u/.cache/lstm-lessons"), config(Map.of("user.home", "/home/u"), Map.of()).cacheDir());
        assertEquals(Path.of("/xdg/lstm-lessons"),
                config(Map.of("user.home", "/home/u"), Map.of("XDG_CACHE_HOME", "/xdg")).cacheDir());
        LessonConfig c = config(Map.of("user.home", "/home/u"), Map.of("LSTM_LESSONS_CACHE", "/data/c"));
        assertEquals(Path.of("/data/c"), c.cacheDir());
    }

    @Test
    void mirrorsAndTheNpmRegistryAreRead() {
        LessonConfig c = config(Map.of("user.home", "/h"),
                Map.of("LSTM_LESSONS_MIRRORS", "https://a.example/mnist file:///srv/mnist/", "NPM_CONFIG_REGISTRY",
                        "https://npm.example/"));
        assertEquals(List.of(URI.create("https://a.example/mnist/"), URI.create("file:///srv/mnist/")), c.mirrors());
        assertEquals(URI.create("https://npm.example/"), c.npmRegistry());
        assertEquals(URI.create("https://registry.npmjs.org/"), config(Map.of("user.home", "/h"), Map.of()).npmRegistry());
        var e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_MIRRORS", "mirror.example")));
        assertTrue(e.getMessage().startsWith("LSTM_LESSONS_MIRRORS has 'mirror.example', which is not an http:"), e.getMessage());
    }

    @Test
    void dataDirectoriesAndOfflineAreRead() {
        LessonConfig c = config(Map.of("lstm.lessons.mnist.dir", "/m", "user.home", "/h"),
                Map.of("LSTM_LESSONS_FASHION_MNIST_DIR", "/f", "LSTM_LESSONS_OFFLINE", "yes"));
        assertEquals(Optional.of(Path.of("/m")), c.mnistDir());
        assertEquals(Optional.of(Path.of("/f")), c.fashionMnistDir());
        assertTrue(c.offline());
    }

    @Test
    void badValuesNameTheVariable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_FAST", "maybe")));
        assertTrue(e.getMessage().startsWith("LSTM_LESSONS_FAST (or -Dlstm.lessons.fast) is 'maybe'"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("user.home", "/h"), Map.of("LSTM_LESSONS_TRAIN_LIMIT", "0")));
        assertTrue(e2.getMessage().contains("LSTM_LESSONS_TRAIN_LIMIT"), e2.getMessage());
        assertTrue(e2.getMessage().contains("at least 1"), e2.getMessage());
    }
}
