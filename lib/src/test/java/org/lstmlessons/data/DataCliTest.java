package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlessons.LessonConfig;

class DataCliTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run run(Map<String, String> env, String... args) {
        LessonConfig config = LessonConfig.from(k -> "user.home".equals(k) ? tmp.toString() : null, env::get)
                .withCacheDir(tmp.resolve("cache"));
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = DataCli.run(args, config);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everyDataSetIsKnownByItsIdAndTheDefaultIsWhatTheLessonsRead() {
        assertEquals(List.of("mnist", "moby-dick", "fashion-mnist"), List.copyOf(DataCli.DATA_SETS.keySet()));
        assertEquals(List.of("mnist", "moby-dick"), DataCli.DEFAULT);
        Run r = run(Map.of(), "fetch", "cifar");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown data set cifar"), r.err());
    }

    @Test
    void checkOfAnEmptyCacheSaysSoWithExitCode1() {
        Run r = run(Map.of("LSTM_LESSONS_OFFLINE", "1"), "check", "moby-dick");
        assertEquals(1, r.code());
        assertEquals("Moby-Dick: not (completely) in the cache\n", r.out());
    }

    @Test
    void whileTheUsersFolderIsSetDataSaysTheCacheIsNotReadAndChecksTheFolder() throws Exception {
        Path mine = MnistFixtures.write(tmp.resolve("mine"), true);
        Run ok = run(Map.of("LSTM_LESSONS_MNIST_DIR", mine.toString()), "fetch", "mnist");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("MNIST: LSTM_LESSONS_MNIST_DIR is set, so the lessons read only that folder"
                + " (not the cache)"), ok.out());
        Run bad = run(Map.of("LSTM_LESSONS_MNIST_DIR", tmp.resolve("nowhere").toString()), "fetch", "mnist");
        assertEquals(3, bad.code());
        assertTrue(bad.err().contains("unset LSTM_LESSONS_MNIST_DIR to use the cache"), bad.err());
    }

    @Test
    void aDataSetInstalledInItsSystemFolderIsThereWithoutACopyInTheCache() throws Exception {
        Path system = MnistFixtures.write(tmp.resolve("usr-share-datasets"), true);
        DataSet packaged = MnistFixtures.dataset(List.of(), null, List.of(system)).dataSet();
        LessonConfig config = LessonConfig.from(k -> "user.home".equals(k) ? tmp.toString() : null,
                Map.of("LSTM_LESSONS_OFFLINE", "1")::get).withCacheDir(tmp.resolve("cache"));
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            assertEquals(0, DataCli.run(new String[] {"check", "fixture"}, config, Map.of("fixture", packaged)));
            assertEquals(0, DataCli.run(new String[] {"fetch", "fixture"}, config, Map.of("fixture", packaged)));
        } finally {
            System.setOut(out);
        }
        String said = "Fixture-MNIST: in the system folder (" + system + "), verified\n";
        assertEquals(said + said, o.toString(StandardCharsets.UTF_8));
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("cache").resolve("fixture-mnist")), "nothing copied into the cache");
    }
}
