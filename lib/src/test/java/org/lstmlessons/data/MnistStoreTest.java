package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlessons.LessonConfig;

class MnistStoreTest {

    @TempDir
    Path tmp;

    FixtureServer server;
    Path cache;
    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FixtureServer();
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    LessonConfig config(Map<String, String> env) {
        return LessonConfig.from(k -> "user.home".equals(k) ? tmp.resolve("home").toString() : null, env::get)
                .withCacheDir(cache);
    }

    LessonConfig config() {
        return config(Map.of());
    }

    Mnist load(MnistDataset dataset, LessonConfig config) {
        return Mnist.load(dataset, config, progress::add);
    }

    /** Everything in the fixture cache folder, by name. */
    List<String> cacheFiles() throws Exception {
        Path folder = cache.resolve("fixture-mnist");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static final List<String> ALL_GZ = List.of(".lock", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");

    @Test
    void downloadsVerifiesAndCachesTheFourFiles() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        Mnist m = load(MnistFixtures.dataset(List.of(mirror)), config());
        assertEquals(MnistFixtures.TRAIN, m.train().size());
        assertEquals(MnistFixtures.TEST, m.test().size());
        assertEquals("download from 127.0.0.1", m.origin());
        assertEquals(ALL_GZ, cacheFiles());
        assertEquals(1, server.requests("m1", "train-images-idx3-ubyte.gz"));
        assertTrue(progress.stream().anyMatch(l -> l.contains("downloading train-images-idx3-ubyte.gz from 127.0.0.1")),
                progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("SHA-256 verified")), progress.toString());
        assertTrue(progress.stream().noneMatch(l -> l.contains(tmp.toString())), "progress shows a local path: " + progress);
    }

    @Test
    void aSecondLoadUsesTheCacheWithoutTheNetwork() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        load(ds, config());
        server.close();
        Mnist again = load(ds, config(Map.of("LSTM_LESSONS_OFFLINE", "1")));
        assertEquals("cache", again.origin());
        assertEquals(MnistFixtures.TRAIN, again.train().size());
    }

    @Test
    void theSecondMirrorIsTriedWhenTheFirstFails() throws Exception {
        URI broken = server.mirror("m1", Map.of());
        URI good = server.mirror("m2", MnistFixtures.gzFiles());
        Mnist m = load(MnistFixtures.dataset(List.of(broken, good)), config());
        assertEquals(MnistFixtures.TEST, m.test().size());
        assertEquals(1, server.requests("m1", "t10k-labels-idx1-ubyte.gz"));
        assertEquals(1, server.requests("m2", "t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void aChecksumMismatchOnEveryMirrorFailsClearlyAndKeepsNothing() throws Exception {
        Map<String, byte[]> tampered = new HashMap<>(MnistFixtures.gzFiles());
        tampered.put("train-labels-idx1-ubyte.gz", MnistFixtures.gzip(MnistFixtures.labels(MnistFixtures.TRAIN - 1)));
        URI m1 = server.mirror("m1", tampered);
        URI m2 = server.mirror("m2", tampered);
        var e = assertThrows(ChecksumMismatchException.class, () -> load(MnistFixtures.dataset(List.of(m1, m2)), config()));
        assertTrue(e.getMessage().startsWith("Fixture-MNIST file train-labels-idx1-ubyte.gz: no mirror served the published file ("
                + m1 + "train-labels-idx1-ubyte.gz served a file with SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was kept in the cache"), e.getMessage());
        assertEquals(List.of(".lock", "train-images-idx3-ubyte.gz"), cacheFiles());
    }

    @Test
    void aCorruptCachedFileIsRemovedAndFetchedAgain() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        load(ds, config());
        Path cached = cache.resolve("fixture-mnist/t10k-images-idx3-ubyte.gz");
        Files.write(cached, MnistFixtures.gzip(MnistFixtures.images(MnistFixtures.TEST - 1)));
        Mnist m = load(ds, config());
        assertEquals(MnistFixtures.TEST, m.test().size());
        assertEquals(2, server.requests("m1", "t10k-images-idx3-ubyte.gz"));
        assertArrayEquals(MnistFixtures.gzFiles().get("t10k-images-idx3-ubyte.gz"), Files.readAllBytes(cached));
        assertTrue(progress.stream().anyMatch(l -> l.contains("t10k-images-idx3-ubyte.gz failed its SHA-256 check and was removed")),
                progress.toString());
    }

    @Test
    void aCorruptCachedFileOfflineIsRemovedAndReportedAsUnavailable() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        load(ds, config());
        Files.write(cache.resolve("fixture-mnist/train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
        var e = assertThrows(MnistUnavailableException.class, () -> load(ds, config(Map.of("LSTM_LESSONS_OFFLINE", "1"))));
        assertTrue(e.getMessage().contains("downloads are off (LSTM_LESSONS_OFFLINE)"), e.getMessage());
        assertFalse(cacheFiles().contains("train-images-idx3-ubyte.gz"));
    }

    @Test
    void noNetworkAndNoCacheSaysHowToGetTheFiles() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");
        var e = assertThrows(MnistUnavailableException.class, () -> load(MnistFixtures.dataset(List.of(dead)), config()));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Fixture-MNIST file train-images-idx3-ubyte.gz is not in the cache ("
                + cache.resolve("fixture-mnist") + ") and could not be downloaded (" + dead + "train-images-idx3-ubyte.gz: ConnectException"),
                msg);
        assertTrue(msg.contains("run ./lessons setup") && msg.contains("LSTM_LESSONS_MNIST_DIR"), msg);
        assertEquals(List.of(".lock"), cacheFiles());
    }

    @Test
    void theUsersFolderComesFirstAndIsTrustedAsItIs() throws Exception {
        Path mine = tmp.resolve("mine");
        MnistFixtures.write(mine, false);
        Files.write(mine.resolve("t10k-labels-idx1-ubyte"), MnistFixtures.labels(MnistFixtures.TEST)); // same, uncompressed
        Mnist m = load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", mine.toString())));
        assertEquals("your folder", m.origin());
        assertEquals(MnistFixtures.TRAIN, m.train().size());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aUsersFolderWithoutTheFilesIsAnErrorNotAFallback() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var e = assertThrows(MnistUnavailableException.class,
                () -> load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", empty.toString()))));
        assertEquals("LSTM_LESSONS_MNIST_DIR names " + empty + ", but it has neither train-images-idx3-ubyte nor "
                + "train-images-idx3-ubyte.gz. Put the four Fixture-MNIST files there, or unset LSTM_LESSONS_MNIST_DIR to use the cache.",
                e.getMessage());
    }

    @Test
    void aBadFileInTheUsersFolderIsNamed() throws Exception {
        Path mine = MnistFixtures.write(tmp.resolve("mine"), true);
        Files.write(mine.resolve("train-labels-idx1-ubyte.gz"), MnistFixtures.gzip(MnistFixtures.labels(MnistFixtures.TRAIN + 1)));
        var e = assertThrows(IdxFormatException.class,
                () -> load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", mine.toString()))));
        assertTrue(e.getMessage().contains("has 30 images but " + mine.resolve("train-labels-idx1-ubyte.gz") + " has 31 labels"),
                e.getMessage());
    }

    @Test
    void installCopiesVerifiedFilesIntoTheCacheAndRejectsOthers() throws Exception {
        MnistStore store = new MnistStore(MnistFixtures.dataset(List.of()), config(), progress::add);
        Path bad = MnistFixtures.write(tmp.resolve("bad"), false);
        Files.write(bad.resolve("t10k-images-idx3-ubyte"), MnistFixtures.images(MnistFixtures.TEST + 1));
        var e = assertThrows(ChecksumMismatchException.class, () -> store.install(bad));
        assertTrue(e.getMessage().startsWith(bad.resolve("t10k-images-idx3-ubyte") + ": SHA-256 "), e.getMessage());
        assertFalse(cacheFiles().contains("t10k-images-idx3-ubyte"));
        assertFalse(store.cached());

        Path good = MnistFixtures.write(tmp.resolve("good"), false);
        assertEquals(2, store.install(good)); // the two train files were copied by the first attempt already
        assertTrue(store.cached());
        assertEquals(0, store.install(good));
        assertEquals(List.of(".lock", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte"), cacheFiles());
    }

    @Test
    void threadsDownloadingAtOnceFetchEachFileOnce() throws Exception {
        server.delayMillis = 300;
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Mnist>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> load(ds, config())));
            }
            for (Future<Mnist> f : results) {
                assertEquals(MnistFixtures.TRAIN, f.get(60, TimeUnit.SECONDS).train().size());
            }
        } finally {
            pool.shutdownNow();
        }
        for (MnistFile f : MnistFile.values()) {
            assertEquals(1, server.requests("m1", f.gzName()), f.gzName());
        }
        assertEquals(ALL_GZ, cacheFiles());
    }

    @Test
    void twoProcessesDownloadingAtOnceFetchEachFileOnce() throws Exception {
        server.delayMillis = 400;
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "-Xmx128m", "-cp", classpath, FetchInChild.class.getName(),
                    cache.toString(), mirror.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(children.get(i).waitFor(120, TimeUnit.SECONDS), "child " + i + " hung");
            assertEquals(0, children.get(i).exitValue(), Files.readString(tmp.resolve("child" + i + ".log")));
        }
        for (MnistFile f : MnistFile.values()) {
            assertEquals(1, server.requests("m1", f.gzName()), f.gzName());
        }
        assertEquals(ALL_GZ, cacheFiles());
        assertTrue(classpath.contains(File.pathSeparator) || classpath.endsWith(".jar"));
    }
}
